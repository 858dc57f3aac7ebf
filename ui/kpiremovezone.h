#pragma once

#include <QFrame>

class QLabel;
class QMimeData;

// Where KPIs dragged out of the list are dropped to leave the group. It accepts only KPIs of
// the group it names, and shows before the drop what will happen.
class KpiRemoveZone : public QFrame
{
    Q_OBJECT

public:
    explicit KpiRemoveZone(QWidget *parent = nullptr);

    void setGroup(const QString &groupId, const QString &groupName);
    QString groupId() const { return m_groupId; }

Q_SIGNALS:
    void kpisDropped(const QString &groupId, const QStringList &kpiIds);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dragLeaveEvent(QDragLeaveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    bool accepts(const QMimeData *data) const;
    void setHot(bool hot);

    QString m_groupId;
    QString m_groupName;
    QLabel *m_icon;
    QLabel *m_text;
    bool m_hot = false;
};
