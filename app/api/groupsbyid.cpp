#include "groupsbyid.h"

#include "replycheck.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

using namespace Qt::StringLiterals;

void GroupsById::start(ApiTransport *transport, GroupsByIdCall *call, const QStringList &ids,
                       qsizetype pageSize)
{
    if (transport->refuse(call))
        return;
    auto job = std::make_shared<GroupsById>(transport, call->id());
    job->m_batchSize = std::clamp<qsizetype>(pageSize, 1, idsPerRequest);
    for (const QString &id : ids) {
        const QString key = id.toLower();
        if (!job->m_wanted.contains(key)) {
            job->m_wanted.insert(key);
            job->m_toAsk.append(id);
        }
    }
    if (job->m_toAsk.isEmpty()) {
        // Nothing to ask: it ends all the same, after the caller has connected to it.
        QTimer::singleShot(0, transport, [job] { job->finishIfDone(); });
        return;
    }
    job->sendMore();
}

void GroupsById::sendMore()
{
    const int parallel = m_transport->parallelPages();
    while (m_inFlight < parallel && m_nextBatch < m_toAsk.size()) {
        const QStringList batch = m_toAsk.mid(m_nextBatch, m_batchSize);
        m_nextBatch += batch.size();
        sendBatch(batch);
    }
    if (m_nextBatch < m_toAsk.size() || (m_inFlight > 0 && !m_batchesDone))
        return;
    if (!m_batchesDone) {
        m_batchesDone = true;
        if (m_missing.size() > mostAskedAlone) {
            return m_transport->fail(
                m_id, ApiError::make(ApiError::Kind::BadResponse,
                                     ApiError::tr("The server did not find %1 of the %2 groups "
                                                  "asked for by id.")
                                         .arg(m_missing.size())
                                         .arg(m_toAsk.size())));
        }
    }
    while (m_inFlight < parallel && m_nextAlone < m_missing.size())
        askAlone(m_missing.at(m_nextAlone++));
    finishIfDone();
}

void GroupsById::sendBatch(const QStringList &ids)
{
    const QJsonObject filter{{u"id"_s, QJsonObject{{u"$in"_s, QJsonArray::fromStringList(ids)}}}};
    ListQuery query;
    query.filter = QString::fromUtf8(QJsonDocument(filter).toJson(QJsonDocument::Compact));
    query.take = ids.size();
    ++m_inFlight;
    const auto self = shared_from_this();
    m_transport->send(m_id, ApiRequests::listGroups(m_transport->connection(), query),
                      [self, ids](const ApiTransport::Outcome &outcome) {
                          self->m_transport->template inBackground<ApiJson::Page<KpiGroup>>(
                              self->m_id,
                              [body = outcome.body] { return ApiJson::groupPage(body); },
                              [self, ids](ApiJson::Page<KpiGroup> &&page) {
                                  self->takeBatch(ids, std::move(page));
                              });
                      });
}

void GroupsById::takeBatch(const QStringList &asked, ApiJson::Page<KpiGroup> &&page)
{
    --m_inFlight;
    if (!page.problem.isEmpty())
        return m_transport->fail(m_id, ApiError::make(ApiError::Kind::BadResponse));
    QSet<QString> answered;
    for (KpiGroup &group : page.items) {
        const QString key = group.id.toLower();
        if (!m_wanted.contains(key) || !asked.contains(group.id, Qt::CaseInsensitive)) {
            // Not asked for here: the filter was not applied, and nothing it says can be
            // taken as what is there and what is not.
            return m_transport->fail(
                m_id, ApiError::make(ApiError::Kind::BadResponse,
                                     ApiError::tr("The server did not filter the groups by id.")));
        }
        answered.insert(key);
        m_found.insert(key, std::move(group));
    }
    for (const QString &id : asked)
        if (!answered.contains(id.toLower()))
            m_missing.append(id);
    sendMore();
}

void GroupsById::askAlone(const QString &groupId)
{
    ++m_inFlight;
    const auto self = shared_from_this();
    m_transport->send(
        m_id, ApiRequests::getGroup(m_transport->connection(), groupId),
        [self, groupId](const ApiTransport::Outcome &outcome) {
            --self->m_inFlight;
            const std::optional<KpiGroup> group = ApiJson::group(outcome.body);
            if (!group)
                return self->m_transport->fail(self->m_id,
                                               ApiError::make(ApiError::Kind::BadResponse));
            if (std::optional<ApiError> other = ReplyCheck::otherGroupError(groupId, *group))
                return self->m_transport->fail(self->m_id, std::move(*other));
            self->m_found.insert(groupId.toLower(), *group);
            self->sendMore();
        },
        [self, groupId](const ApiError &error) {
            if (error.kind != ApiError::Kind::NotFound)
                return false;
            --self->m_inFlight;
            self->m_gone.append(groupId);
            self->sendMore();
            return true;
        });
}

void GroupsById::finishIfDone()
{
    if (m_inFlight > 0 || m_nextBatch < m_toAsk.size() || m_nextAlone < m_missing.size())
        return;
    QList<KpiGroup> groups;
    groups.reserve(m_found.size());
    for (const QString &id : std::as_const(m_toAsk))
        if (const auto found = m_found.constFind(id.toLower()); found != m_found.cend())
            groups.append(*found);
    const qsizetype count = groups.size();
    m_transport->succeed<GroupsByIdCall>(m_id, [&](GroupsByIdCall *call) {
        call->setGroups(std::move(groups), count);
        call->setGone(std::move(m_gone));
    });
}
