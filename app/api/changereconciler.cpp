#include "changereconciler.h"

#include "apijson.h"
#include "apitransport.h"
#include "replycheck.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

// Looking for the group a create may have made when its answer did not come: a group of its
// name made since it was sent. It is not there only when a whole reading shows it: of the
// groups of that name, or, from a server that does not filter as asked, of every group.
struct ChangeReconciler::CreateSearch
{
    static constexpr int maxPages = 20;             // requests of each kind of reading
    static constexpr qint64 clockSkewSeconds = 600; // the server's clock against this one's

    // As some servers keep names: trimmed, each run of white space inside made one space.
    static QString normalized(const QString &name) { return name.simplified(); }

    QString asSent;
    QString name; // normalized
    QDateTime since;
    std::function<void()> absent;
    bool filtered = true; // by name; every group once the server shows it does not filter
    qsizetype skip = 0;
    int pages = 0;

    bool isTheOne(const KpiGroup &group) const
    {
        return normalized(group.name) == name && group.dateCreated >= since;
    }
    bool hasOnlyItsName(const QList<KpiGroup> &groups) const
    {
        return std::all_of(groups.begin(), groups.end(), [this](const KpiGroup &group) {
            return normalized(group.name) == name;
        });
    }
};

ChangeReconciler::ChangeReconciler(ApiTransport *transport, const qsizetype *learnedPageSize)
    : m_transport(transport)
    , m_learnedPageSize(learnedPageSize)
{}

void ChangeReconciler::reconcileCreate(RequestId id, const QString &name, const QDateTime &sentAt,
                                       std::function<void()> absent)
{
    // Never sent twice blindly: a group of that name, made since the request, is the answer.
    m_transport->setUnknownOutcome(
        id, ApiError::make(
                ApiError::Kind::OutcomeUnknown,
                ApiError::tr(
                    "The server did not answer, and it could not be found out whether “%1” was "
                    "created: it may have been. Refresh before you create it again.")
                    .arg(name)));
    auto search = std::make_shared<CreateSearch>();
    search->asSent = name;
    search->name = CreateSearch::normalized(name);
    search->since = sentAt.addSecs(-CreateSearch::clockSkewSeconds);
    search->absent = std::move(absent);
    searchForCreated(id, search);
}

void ChangeReconciler::searchForCreated(RequestId id, const std::shared_ptr<CreateSearch> &search)
{
    ListQuery query;
    if (search->filtered) {
        // A server that keeps names normalised has it in that form.
        const QJsonValue name =
            search->asSent == search->name
                ? QJsonValue(search->name)
                : QJsonObject{{u"$in"_s, QJsonArray{search->asSent, search->name}}};
        query.filter = QString::fromUtf8(
            QJsonDocument(QJsonObject{{u"name"_s, name}}).toJson(QJsonDocument::Compact));
        query.take = 20;
    } else {
        query.take =
            *m_learnedPageSize > 0 ? *m_learnedPageSize : m_transport->retryPolicy().pageSize;
    }
    query.sort = u"-dateCreated"_s; // where the server sorts, it is on the first page
    if (search->skip > 0)
        query.skip = search->skip;
    m_transport->send(
        id, ApiRequests::listGroups(m_transport->connection(), query),
        [this, id, search](const ApiTransport::Outcome &outcome) {
            m_transport->inBackground<ApiJson::Page<KpiGroup>>(
                id, [body = outcome.body] { return ApiJson::groupPage(body); },
                [this, id, search](ApiJson::Page<KpiGroup> &&page) {
                    if (!page.problem.isEmpty())
                        return m_transport->fail(id, ApiError::make(ApiError::Kind::BadResponse));
                    for (const KpiGroup &group : page.items) {
                        if (search->isTheOne(group)) {
                            m_transport->succeed<GroupCall>(
                                id, [&](GroupCall *call) { call->setGroup(group); });
                            return;
                        }
                    }
                    if (search->filtered && !search->hasOnlyItsName(page.items)) {
                        // Not filtered as asked: only the whole list can tell.
                        search->filtered = false;
                        search->skip = 0;
                        search->pages = 0;
                        return searchForCreated(id, search);
                    }
                    if (page.items.isEmpty()) { // read to the end: it is not there
                        m_transport->setUnknownOutcome(id, std::nullopt);
                        return search->absent();
                    }
                    if (++search->pages >= CreateSearch::maxPages)
                        return m_transport->fail(id,
                                                 ApiError::make(ApiError::Kind::OutcomeUnknown));
                    search->skip += page.items.size();
                    searchForCreated(id, search);
                });
        });
}

void ChangeReconciler::reconcileRename(RequestId id, const QString &groupId, const QString &name,
                                       std::function<void()> otherName)
{
    // Never sent twice blindly: the group's name on the server is the answer. Read before a
    // send (`otherName`), a failure is the reading's own: a group gone, a server out of reach.
    if (!otherName)
        m_transport->setUnknownOutcome(
            id,
            ApiError::make(
                ApiError::Kind::OutcomeUnknown,
                ApiError::tr("The server did not answer, so it is not known whether the group was "
                             "renamed to “%1”. Refresh to see its name.")
                    .arg(name)));
    m_transport->send(
        id, ApiRequests::getGroup(m_transport->connection(), groupId),
        [this, id, groupId, name, otherName](const ApiTransport::Outcome &outcome) {
            const std::optional<KpiGroup> group = ApiJson::group(outcome.body);
            if (!group)
                return m_transport->fail(id, ApiError::make(ApiError::Kind::BadResponse));
            if (std::optional<ApiError> other = ReplyCheck::otherGroupError(groupId, *group))
                return m_transport->fail(id, std::move(*other));
            if (group->name == name) {
                m_transport->succeed(id);
                return;
            }
            m_transport->setUnknownOutcome(id, std::nullopt);
            if (otherName)
                return otherName();
            m_transport->fail(
                id, ApiError::make(ApiError::Kind::Network,
                                   ApiError::tr("The server did not answer, and the group "
                                                "still has its old name: it was not "
                                                "renamed. Try again.")));
        });
}

void ChangeReconciler::reconcileKpiAdded(RequestId id, const QString &kpiId, const QString &groupId,
                                         std::function<void()> absent)
{
    ListQuery query;
    query.filter = QString::fromUtf8(
        QJsonDocument(QJsonObject{{u"id"_s, QJsonObject{{u"$in"_s, QJsonArray{kpiId}}}}})
            .toJson(QJsonDocument::Compact));
    query.fields = u"id,groupIds"_s;
    m_transport->send(
        id, ApiRequests::listKpis(m_transport->connection(), query),
        [this, id, kpiId, groupId, absent](const ApiTransport::Outcome &outcome) {
            // A server that does not filter as asked may list others: only this KPI counts.
            const ApiJson::Page<Kpi> page = ApiJson::kpiPage(outcome.body);
            const bool added =
                std::any_of(page.items.begin(), page.items.end(), [&](const Kpi &kpi) {
                    return kpi.id == kpiId && kpi.groupIds.contains(groupId, Qt::CaseInsensitive);
                });
            if (added)
                m_transport->succeed(id);
            else
                absent();
        });
}
