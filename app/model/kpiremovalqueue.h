#pragma once

#include "apierror.h"
#include "kpi.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>
#include <functional>

class KpiGroupsClient;

// Removals of KPIs from groups, held back for an undo window before they are sent. Undo takes
// a batch back and sends nothing; flush() sends everything at once (the person moved on, or the
// app is closing); nothing queued is ever dropped. Time comes from an injectable clock, so the
// window can be tested without sleeping.
class KpiRemovalQueue : public QObject
{
    Q_OBJECT

public:
    using Clock = std::function<qint64()>; // milliseconds

    explicit KpiRemovalQueue(KpiGroupsClient *client, QObject *parent = nullptr);

    void setClock(Clock clock);
    void setUndoWindow(int milliseconds) { m_undoWindowMs = milliseconds; }
    int undoWindow() const { return m_undoWindowMs; }

    quint64 enqueue(const QString &groupId, const QList<Kpi> &kpis);
    bool undo(quint64 batch);
    // Sends the batches whose undo window has ended, by the clock.
    void sendDue();
    void flush();

    bool isQueued(const QString &groupId, const QString &kpiId) const;
    int queuedBatches() const { return int(m_batches.size()); }
    int inFlight() const { return int(m_inFlight.size()); }
    bool isIdle() const { return m_batches.isEmpty() && m_inFlight.isEmpty(); }
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
    };
    struct Sent
    {
        QString groupId;
        Kpi kpi;
    };

    void send(const Batch &batch);
    void schedule();
    void answered(RequestId id);
    qint64 now() const;

    KpiGroupsClient *m_client;
    Clock m_clock;
    int m_undoWindowMs = 5000;
    QList<Batch> m_batches;
    QHash<RequestId, Sent> m_inFlight;
    QTimer m_timer;
    quint64 m_lastBatch = 0;
};
