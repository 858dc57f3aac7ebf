#pragma once

#include "apicall.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <chrono>

class ChangeSender;
class KpiGroupsClient;
class Outbox;

// Whether the server can be reached. A call that could not reach it takes the session offline;
// then it is probed with backoff (2 s … 30 s) until it answers — with changes waiting, the
// sender's own tries are the probes — and, where the platform says when the network comes back,
// at that moment.
class ServerReach : public QObject
{
    Q_OBJECT

public:
    ServerReach(KpiGroupsClient *client, const Outbox *outbox, ChangeSender *sender,
                QObject *parent = nullptr);

    // The server could not be reached at all (rather than answering with an error).
    static bool isUnreachable(const ApiError &error);
    bool isOffline() const { return m_offline; }
    void goOffline();
    // The server answered: back online, if it was not.
    void goOnline();
    // Tries the server now, when offline.
    void probe();
    // No more probes, and no going offline: the session is leaving.
    void stop();

    static constexpr std::chrono::milliseconds firstProbe{2000};
    static constexpr std::chrono::milliseconds longestProbe{30000};

Q_SIGNALS:
    void offlineChanged(bool offline);
    // Online again after being offline.
    void back();

private:
    void probeLater();

    KpiGroupsClient *m_client;
    const Outbox *m_outbox;
    ChangeSender *m_sender;
    bool m_offline = false;
    bool m_stopped = false;
    QTimer m_probe;
    QPointer<ApiCall> m_probeCall;
    std::chrono::milliseconds m_probeBackoff{0};
};
