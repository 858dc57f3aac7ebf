#pragma once

#include "apicall.h"
#include "apijson.h"
#include "apitransport.h"

#include <QHash>
#include <QSet>
#include <QStringList>
#include <memory>

// The groups of a list of ids (KpiGroupsClient::listGroupsById), asked for a batch at a time with
// `filter={"id":{"$in":[…]}}`, several batches at once: the groups that changed since a list was
// shown, without the rest of the list.
//
// What the server answers is checked, not trusted: a group that was not asked for means it did
// not apply the filter, and the call fails (BadResponse; the caller reads the whole list
// instead). Ids it leaves out are asked for one at a time (GET /kpis/groups/{id}): a 404 is a
// group deleted meanwhile (gone()); more than a few left out means the filter does not work
// there, and the call fails too.
class GroupsById : public std::enable_shared_from_this<GroupsById>
{
public:
    // About 3 KB of URL a request: well within what servers and proxies take (8 KB and more).
    static constexpr qsizetype idsPerRequest = 100;
    // Ids left out of the batches that are still asked for one by one.
    static constexpr qsizetype mostAskedAlone = 20;

    // `pageSize`: the most one answer may hold (the server's page size, when known).
    static void start(ApiTransport *transport, GroupsByIdCall *call, const QStringList &ids,
                      qsizetype pageSize);

    GroupsById(ApiTransport *transport, RequestId id)
        : m_transport(transport)
        , m_id(id)
    {}

private:
    void sendMore();
    void sendBatch(const QStringList &ids);
    void takeBatch(const QStringList &asked, ApiJson::Page<KpiGroup> &&page);
    void askAlone(const QString &groupId);
    void finishIfDone();

    ApiTransport *m_transport;
    RequestId m_id;
    qsizetype m_batchSize = idsPerRequest;
    QStringList m_toAsk; // in batches, from m_nextBatch on
    qsizetype m_nextBatch = 0;
    QStringList m_missing; // left out of their batch, asked for alone from m_nextAlone on
    qsizetype m_nextAlone = 0;
    bool m_batchesDone = false;
    int m_inFlight = 0;
    QSet<QString> m_wanted; // in lower case, as ids are matched (hexadecimal)
    QHash<QString, KpiGroup> m_found;
    QStringList m_gone;
};
