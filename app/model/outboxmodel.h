#pragma once

#include "outbox.h"

#include <QAbstractTableModel>
#include <QStringList>
#include <functional>

class ChangeSender;

// The changes of an outbox as a person reads them: what, since when, and what became of the
// last try; then the names typed and not saved (drafts). Rows follow the outbox; an update that
// keeps the same changes keeps the rows (and the selection of a view on them).
class OutboxModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        ChangeColumn,
        SinceColumn,
        StateColumn,
        ColumnCount
    };
    static constexpr int ChangeIdRole = Qt::UserRole + 1;
    static constexpr int DraftGroupRole = Qt::UserRole + 2; // a draft's row: its group id

    explicit OutboxModel(ChangeSender *sender, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // "Rename “Sales” to “Sales EMEA”": one change, in words.
    static QString describe(const OutboxChange &change);
    // 0 for a draft's row.
    quint64 changeIdAt(int row) const;
    // Empty for a change's row.
    QString draftGroupAt(int row) const;
    // The groups' names, for the drafts' rows.
    void setGroupNames(std::function<QString(const QString &groupId)> nameOf);

private:
    void update();
    void follow(const OutboxChange &change, Outbox::Touch how);
    void allChanged();
    QVariant draftData(const QModelIndex &index, int role) const;

    ChangeSender *m_sender;
    QList<quint64> m_ids;
    QStringList m_drafts; // group ids, after the changes
    std::function<QString(const QString &)> m_groupName;
};
