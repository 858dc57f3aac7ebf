#pragma once

#include <QAbstractTableModel>

class ChangeSender;
struct OutboxChange;

// The changes of an outbox as a person reads them: what, since when, and what became of the
// last try. Rows follow the outbox; an update that keeps the same changes keeps the rows (and
// the selection of a view on them).
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

    explicit OutboxModel(ChangeSender *sender, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // "Rename “Sales” to “Sales EMEA”": one change, in words.
    static QString describe(const OutboxChange &change);
    quint64 changeIdAt(int row) const;

private:
    void update();

    ChangeSender *m_sender;
    QList<quint64> m_ids;
};
