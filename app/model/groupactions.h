#pragma once

#include "apierror.h"
#include "kpigroup.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <functional>
#include <memory>
#include <optional>

class GroupCache;
class GroupListModel;
class KpiGroupsClient;
class PagedRefresh;
struct KpiGroup;

// What a person does to KPI groups, carried out through the client and shown in the model at
// once: stars and renames are optimistic and roll back, visibly, when the server says no.
// Per group, one star and one rename request are in flight at a time and the person's last
// intent is sent when it returns, so that requests never overtake each other on the way.
class GroupActions : public QObject
{
    Q_OBJECT

public:
    GroupActions(KpiGroupsClient *client, GroupListModel *model, QObject *parent = nullptr);
    ~GroupActions() override;

    // Keeps the lists of this connection in `cache`, under `key`.
    void setCache(std::shared_ptr<const GroupCache> cache, const QString &key);
    // Shows the cached list at once, unless a fresh one arrives first.
    void showCached();
    void refresh();
    bool isRefreshing() const { return m_refreshId != 0 || m_refreshAfterCache; }
    void createGroup(const QString &name);
    // By value: showing the change can move the selection, and whatever a reference pointed to.
    void renameGroup(QString groupId, QString name);
    bool isRenaming(const QString &groupId) const { return m_renames.contains(groupId); }
    void deleteGroup(const QString &groupId);
    bool isDeleting(const QString &groupId) const;
    void setFavorite(QString groupId, bool favorite);
    void toggleFavorite(QString groupId);
    // A change the person made is on its way (a star, a name, a new or deleted group).
    bool hasPendingChanges() const;
    int pendingChangeCount() const;
    // Cancels the refresh and the fetches: changes on their way go on.
    void stopReading();

Q_SIGNALS:
    void refreshStarted();
    void refreshProgress(qsizetype loaded, qsizetype total);
    void refreshed(qsizetype count);
    // The server's list could not be read whole: `count` groups are shown of the `claimed`.
    void refreshedIncomplete(qsizetype count, qsizetype claimed, const QString &why);
    void cachedShown(const QDateTime &savedAt, qsizetype count);
    // On a first load, the first page is shown while the others are on their way.
    void firstPageShown(qsizetype count, qsizetype total);
    void created(const KpiGroup &group);
    void renamed(const QString &groupId, const QString &name);
    void renameFailed(const QString &groupId, const QString &attemptedName, const QString &reason);
    void deleted(const QString &groupId, const QString &name);
    // Someone else deleted it: it has left the list.
    void vanished(const QString &groupId, const QString &name);
    // Something failed; `retry`, when set, does it again.
    void failed(const QString &message, const std::function<void()> &retry);
    // The token was refused: the connection must be fixed before anything else works.
    void unauthorized(const QString &message);
    // The last change on its way has been answered.
    void settled();

private:
    struct Pending
    {
        enum class Kind
        {
            Refresh,
            Create,
            Rename,
            Delete,
            Favorite,
            Fetch
        } kind;
        QString groupId;
        QString name;  // rename: the new name; create: the name asked for
        bool favorite; // favorite: the new state

        bool isChange() const; // not a read
    };
    template<typename T>
    struct Optimistic
    {
        T confirmed; // what the server has, as far as we know
        T desired;   // what the person asked for last
        RequestId inFlight = 0;
    };

    void onFailed(const RequestInfo &request, const ApiError &error);
    void announceIfSettled();
    void sendFavorite(const QString &groupId);
    void sendRename(const QString &groupId);
    // A 404 about one group: someone else deleted it, so it leaves the list.
    bool handleVanished(const Pending &pending, const ApiError &error);
    QString nameOf(const QString &groupId) const;
    void startRefresh();
    bool removeGroup(const QString &groupId);
    void dropDeleted(QList<KpiGroup> &groups, QList<QString> &keys) const;
    struct Incomplete
    {
        qsizetype claimed;
        QString why;
    };
    void finishRefresh(RequestId refresh, std::unique_ptr<PagedRefresh> paged,
                       std::optional<Incomplete> incomplete);
    void keepLocalChanges(KpiGroup &group) const;

    KpiGroupsClient *m_client;
    GroupListModel *m_model;
    QHash<RequestId, Pending> m_pending;
    QHash<QString, Optimistic<QString>> m_renames; // by group id
    QHash<QString, Optimistic<bool>> m_favorites;  // by group id
    RequestId m_refreshId = 0;
    std::shared_ptr<const GroupCache> m_cache;
    QString m_cacheKey;
    bool m_listArrived = false;
    bool m_showingFirstPage = false;
    bool m_readingCache = false;
    bool m_refreshAfterCache = false;
    std::unique_ptr<PagedRefresh> m_paged;
    // What the person created and deleted while a refresh was read, which its pages may not
    // know yet: neither removed nor brought back by them.
    struct DuringRefresh
    {
        QHash<QString, KpiGroup> made;
        QSet<QString> deleted;
    } m_duringRefresh;
};
