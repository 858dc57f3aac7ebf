#pragma once

#include "apierror.h"
#include "kpi.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>
#include <functional>

class ChangeSender;
class Outbox;
struct OutboxChange;

// Removals of KPIs from groups, held back for an undo window before they are sent. They are in
// the outbox (and its journal) from the moment they are made, marked with the end of their undo
// window, so that a crash inside it loses nothing: the next run sends them. Undo takes a batch
// out of the outbox and sends nothing; flush() releases everything at once (the person moved on,
// or the app is closing). Time comes from an injectable clock, so the window can be tested
// without sleeping.
class KpiRemovalQueue : public QObject
{
    Q_OBJECT

public:
    using Clock = std::function<qint64()>; // milliseconds

    explicit KpiRemovalQueue(ChangeSender *sender, QObject *parent = nullptr);

    void setClock(Clock clock);
    // The names the outbox describes its removals with.
    void setGroupNames(std::function<QString(const QString &groupId)> nameOf);
    void setUndoWindow(int milliseconds) { m_undoWindowMs = milliseconds; }
    int undoWindow() const { return m_undoWindowMs; }

    quint64 enqueue(const QString &groupId, const QList<Kpi> &kpis);
    bool undo(quint64 batch);
    // Sends the batches whose undo window has ended, by the clock.
    void sendDue();
    void flush();

    // The KPI is leaving the group: a removal or a move out of it waits in the outbox.
    bool isQueued(const QString &groupId, const QString &kpiId) const;
    const Outbox *outbox() const;
    int queuedBatches() const { return int(m_batches.size()); }
    // Removals in the outbox: on their way, or waiting for the server.
    int inFlight() const;
    bool isIdle() const { return m_batches.isEmpty() && inFlight() == 0; }
    // KPIs queued or sent and not answered yet.
    int pendingCount() const;

Q_SIGNALS:
    void enqueued(quint64 batch, const QString &groupId, const QList<Kpi> &kpis);
    void undone(quint64 batch, const QString &groupId, const QList<Kpi> &kpis);
    // Its undo window is over: the requests are on their way.
    void sent(quint64 batch);
    void removed(const QString &groupId, const Kpi &kpi);
    // The server refused; `stillInGroup` is false when the KPI had left the group anyway (404).
    void refused(const QString &groupId, const Kpi &kpi, const ApiError &error, bool stillInGroup);
    // Everything queued has been sent and answered.
    void idle();

private:
    struct Batch
    {
        quint64 id;
        QString groupId;
        QList<Kpi> kpis;
        qint64 deadline;
        QList<quint64> changes; // in the outbox, held until the deadline
    };
    struct Sent
    {
        QString groupId;
        Kpi kpi;
    };

    void release(const Batch &batch);
    void schedule();
    void answered(const OutboxChange &change, const ApiError *refusal);
    qint64 now() const;

    ChangeSender *m_sender;
    Clock m_clock;
    std::function<QString(const QString &)> m_groupName;
    int m_undoWindowMs = 5000;
    QList<Batch> m_batches;
    QHash<quint64, Sent> m_sent; // by outbox change
    QTimer m_timer;
    quint64 m_lastBatch = 0;
};
