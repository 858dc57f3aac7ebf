#pragma once

#include "kpi.h"

class QMimeData;

#include <QAbstractListModel>
#include <optional>

// The KPIs of the group shown in the detail pane, sorted by name. They can be dragged out (the
// MIME data names the group and the KPIs) and removed, and come back on undo or refusal.
class GroupKpisModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        NameRole,
        DescriptionRole,
        OwnerIdRole,
        OtherGroupCountRole, // how many other groups the KPI is in
        KpiRole,
    };
    Q_ENUM(Role)

    static constexpr QLatin1StringView mimeType{"application/x-kpigroups-kpis"};
    // Not a group: the KPIs in none, shown in the list's place of a group (never an id the API
    // takes, so nothing can be sent for it). Nothing can be removed from it.
    static constexpr QLatin1StringView noGroupId{"kpis-in-no-group"};
    struct Payload
    {
        QString groupId;
        QStringList kpiIds;
    };
    static std::optional<Payload> payload(const QMimeData *data);

    explicit GroupKpisModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    Qt::DropActions supportedDragActions() const override;
    // A person's removal (a drag that ended in a move, Del, the context menu): kpisRemoved().
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;

    QString groupId() const { return m_groupId; }
    bool isLoading() const { return m_loading; }
    // Empties the list for another group, until its KPIs arrive.
    void setGroup(const QString &groupId);
    // Ignored when they are not for the group shown: a late answer for a group left behind.
    void setKpis(const QString &groupId, const QList<Kpi> &kpis);
    // The KPIs of the shown group could not be read: not "none", but not known.
    void setUnknown(const QString &groupId);
    bool isKnown() const { return m_known; }
    // Removes these KPIs of the shown group, as a person's removal: kpisRemoved().
    void removeKpis(const QString &groupId, const QStringList &kpiIds);
    // Puts KPIs back in name order (undo, refusal), when their group is still shown.
    void restoreKpis(const QString &groupId, const QList<Kpi> &kpis);
    // Takes these KPIs out of the shown group's list without a removal of them: what a move
    // out of it shows (the outbox sends the move). The KPIs taken.
    QList<Kpi> takeKpis(const QString &groupId, const QStringList &kpiIds);
    // A KPI shown joined a group, or left one (either may be empty): its other groups are
    // counted again.
    void changeGroupsOf(const QString &kpiId, const QString &joined, const QString &left);
    const Kpi &kpiAt(int row) const { return m_kpis.at(row); }
    int rowOf(const QString &kpiId) const;

Q_SIGNALS:
    void kpisRemoved(const QString &groupId, const QList<Kpi> &kpis);
    void loadingChanged(bool loading);

private:
    QString m_groupId;
    QList<Kpi> m_kpis;
    bool m_loading = false;
    bool m_known = true;
};
