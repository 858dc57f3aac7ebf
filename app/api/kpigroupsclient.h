#pragma once

#include "apicall.h"
#include "apijson.h"
#include "apirequest.h"
#include "apitransport.h"
#include "changereconciler.h"
#include "connection.h"
#include "groupname.h"

#include <QObject>
#include <functional>

// The one way the app, the command line and the tests talk to the KPI Groups API.
//
// Every call returns its request at once (see ApiCall), which ends later in exactly one signal
// of its own. The client owns its calls: destroying it abandons what is in flight without any
// further signal.
class KpiGroupsClient : public QObject
{
    Q_OBJECT

public:
    explicit KpiGroupsClient(QObject *parent = nullptr);
    ~KpiGroupsClient() override;

    void setConnection(const Connection &connection);
    const Connection &connection() const { return m_transport.connection(); }
    void setRetryPolicy(const RetryPolicy &policy) { m_transport.setRetryPolicy(policy); }
    const RetryPolicy &retryPolicy() const { return m_transport.retryPolicy(); }

    GroupListCall *listGroups(const ListQuery &query = {});
    // For listAllGroups' `expected`: nothing is known of the list, yet it may be long (every
    // group of an account, read cold): as many pages are asked for at once as go, the first of
    // them small (see PagedListing::start); a short list costs a few empty pages.
    static constexpr qsizetype mayBeLong = -1;
    // How listAllGroups hands the list over.
    enum class Delivery
    {
        WholeList, // each page, then the whole list at the end
        PagesOnly, // each page only; the end comes with no groups, for callers that fold the
                   // pages into a list of their own (never two whole lists in memory)
    };
    // Every page of a (filtered, sorted) list, fetched in parallel: the same list as one big
    // request, or a failure. The query's skip and take are ignored; without a sort, by id. A
    // list that could not be read whole fails with Incomplete, and what was read (the same
    // delivery as on success) in groups(): never to be shown as the whole list.
    // `expected`: how many the caller's own list holds (a list shown, never a count from the
    // network): the first pages are asked for at once, not the first alone; or mayBeLong.
    GroupListCall *listAllGroups(const ListQuery &query = {},
                                 Delivery delivery = Delivery::WholeList, qsizetype expected = 0);
    // The groups from `query.skip` on (the start when unset), `query.take` of them at most (every
    // one when unset), read in as many pages as the server needs by the rules of listAllGroups:
    // a take over the server's page size is read in pages of that size, and a part read is never
    // given as the whole (Incomplete, as listAllGroups). Its total is the whole list's, as the
    // server said it (else how many were read).
    GroupListCall *listGroupsWindow(const ListQuery &query);
    // Every page of a listing of a few fields of each group (`query.fields`, e.g. "id,dateUpdated";
    // see GroupStamp), by the rules of listAllGroups: what it takes to find out what changed in a
    // list shown, at a fraction of the bytes.
    GroupStampListCall *listGroupStamps(const ListQuery &query,
                                        Delivery delivery = Delivery::WholeList,
                                        qsizetype expected = 0);
    // The groups with these ids, whole, a hundred a request (see GroupsById): fails when the
    // server does not filter by id as asked.
    GroupsByIdCall *listGroupsById(const QStringList &groupIds);
    // Every KPI of the account (GET /kpis, all pages): for the KPI counts of all groups.
    KpiListCall *listAllKpis(const ListQuery &query = {});
    GroupCall *getGroup(const QString &groupId);
    // `triedAt`: when the same create was sent before without an answer (an earlier run): the
    // groups of that name made since are looked for first, and it is sent only if there is none.
    // A name checked where it came in (GroupName) is not checked again; text is (the command
    // line's), and fails with BadRequest, unsent, when it cannot be a name.
    GroupCall *createGroup(const GroupName &name, const QDateTime &triedAt = {});
    GroupCall *createGroup(const QString &name, const QDateTime &triedAt = {});
    // `triedBefore`: it was sent before (by an earlier run, or an earlier try) and no answer
    // said it was made; the group's name is read first, and the rename sent only if it is not
    // there.
    ApiCall *renameGroup(const QString &groupId, const GroupName &name, bool triedBefore = false);
    ApiCall *renameGroup(const QString &groupId, const QString &name);
    ApiCall *deleteGroup(const QString &groupId);
    ApiCall *favoriteGroup(const QString &groupId);
    ApiCall *unfavoriteGroup(const QString &groupId);
    KpiListCall *listGroupKpis(const QString &groupId);
    ApiCall *removeKpiFromGroup(const QString &kpiId, const QString &groupId);
    // The assumed mirror of the removal (see addKpiToGroupVerb). A 404 or 405 on it fails with
    // Unsupported, unless the group is gone (NotFound), and the client remembers it: every add
    // after fails with Unsupported without being sent. An answer lost is found out from the KPI's
    // groups: in the group, it is done. `triedBefore`: sent before without an answer (an
    // earlier run): the KPI's groups are read first, and it is sent only if it is not there.
    ApiCall *addKpiToGroup(const QString &kpiId, const QString &groupId, bool triedBefore = false);
    // False once this server showed it does not offer addKpiToGroup (for this connection).
    bool offersKpiAdding() const { return !m_kpiAddingUnsupported; }
    // The names of these people (GET /users), for showing them instead of their ids.
    UserNamesCall *listUsers(const QStringList &userIds);

    int pendingCount() const { return m_transport.pendingCount(); }

Q_SIGNALS:
    // Each call as it starts, for those who watch every request (a log, a test).
    void callStarted(ApiCall *call);

private:
    // What ends a call with the answer to its request: succeed or fail it on the transport.
    using Answer = std::function<void(RequestId, const ApiTransport::Outcome &)>;

    template<typename C>
    C *begin(const RequestInfo &info);
    // A call of one request, ended by `answer`.
    template<typename C>
    C *single(const RequestInfo &info, const ApiRequest &request, Answer answer);
    // A change answered with nothing to read.
    ApiCall *change(const RequestInfo &info, const ApiRequest &request);
    // An all-pages listing of items of type T into a call of type C (listAllGroups,
    // listGroupStamps).
    template<typename T, typename C>
    C *listAll(const ListQuery &query, Delivery delivery, qsizetype expected,
               ApiJson::Page<T> (*parse)(const QByteArray &), void (C::*set)(QList<T>, qsizetype),
               bool window = false, bool blind = false);

    ApiTransport m_transport;
    qsizetype m_learnedPageSize = 0; // the server's, for this connection; 0 until it shows one
    ChangeReconciler m_reconciler{&m_transport, &m_learnedPageSize};
    bool m_kpiAddingUnsupported = false;
};
