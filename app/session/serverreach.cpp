#include "serverreach.h"

#include "changesender.h"
#include "kpigroupsclient.h"
#include "outbox.h"
#include "sessionlog.h"

#include <QNetworkInformation>

using namespace Qt::StringLiterals;

ServerReach::ServerReach(KpiGroupsClient *client, const Outbox *outbox, ChangeSender *sender,
                         QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_outbox(outbox)
    , m_sender(sender)
{
    m_probe.setSingleShot(true);
    connect(&m_probe, &QTimer::timeout, this, &ServerReach::probe);
    // Where the platform says when the network comes back, that is the time to try.
    if (QNetworkInformation *network = QNetworkInformation::instance()) {
        connect(network, &QNetworkInformation::reachabilityChanged, this,
                [this](QNetworkInformation::Reachability reachability) {
                    if (m_offline && reachability == QNetworkInformation::Reachability::Online)
                        probe();
                });
    }
}

bool ServerReach::isUnreachable(const ApiError &error)
{
    return error.kind == ApiError::Kind::Network || error.kind == ApiError::Kind::Timeout ||
           error.kind == ApiError::Kind::OutcomeUnknown;
}

void ServerReach::goOffline()
{
    if (m_offline || m_stopped)
        return;
    m_offline = true;
    qCInfo(lcSession) << "offline";
    m_probeBackoff = firstProbe;
    m_probe.start(m_probeBackoff);
    Q_EMIT offlineChanged(true);
}

void ServerReach::goOnline()
{
    if (!m_offline)
        return;
    m_offline = false;
    qCInfo(lcSession) << "online again";
    m_probe.stop();
    if (m_probeCall)
        m_probeCall->abandon();
    Q_EMIT offlineChanged(false);
    Q_EMIT back();
}

void ServerReach::stop()
{
    m_stopped = true;
    m_probe.stop();
}

void ServerReach::probeLater()
{
    m_probeBackoff = std::min(m_probeBackoff * 2, longestProbe);
    m_probe.start(m_probeBackoff);
}

void ServerReach::probe()
{
    if (!m_offline || m_stopped || (m_probeCall && !m_probeCall->hasEnded()))
        return;
    // With changes waiting, the sender's own tries are the probes.
    if (!m_outbox->isEmpty()) {
        m_sender->sendNow();
        return probeLater();
    }
    ListQuery one;
    one.take = 1;
    one.fields = u"id"_s;
    m_probeCall = m_client->listGroups(one);
    connect(m_probeCall, &ApiCall::succeeded, this, &ServerReach::goOnline);
    connect(m_probeCall, &ApiCall::failed, this, &ServerReach::probeLater);
}
