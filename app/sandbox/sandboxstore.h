#pragma once

#include "sandboxerror.h"
#include "sandboxquery.h"
#include "sandboxrecords.h"

#include <QHash>
#include <QList>
#include <functional>

// The sandbox's accounts, users and documents, and every operation the API offers on them.
// No HTTP here: SandboxServer maps requests onto these calls and their results onto responses.
class SandboxStore
{
public:
    struct Page
    {
        QList<qsizetype> rows; // positions in the account's groups or kpis, or in users(), in order
        qsizetype totalCount = 0;
    };

    SandboxAccount &addAccount(const QString &id, const QString &name);
    void addUser(const SandboxUser &user);
    void addGroup(const QString &accountId, const SandboxGroup &group);
    void addKpi(const QString &accountId, const SandboxKpi &kpi);
    void setFavorite(const QString &accountId, const QString &userId, const QString &groupId,
                     bool favorite);

    const SandboxUser *userForToken(const QString &token) const;
    SandboxAccount *account(const QString &accountId);
    const SandboxAccount *account(const QString &accountId) const;
    QList<SandboxUser> users() const { return m_users; }
    QStringList accountIds() const { return m_accountOrder; }

    Page listGroups(const SandboxAccount &account, const QString &userId,
                    const SandboxListQuery &query) const;
    Page listKpis(const SandboxAccount &account, const SandboxListQuery &query) const;
    // The people of the account.
    Page listUsers(const SandboxAccount &account, const SandboxListQuery &query) const;

    const SandboxGroup *group(const SandboxAccount &account, const QString &groupId) const;
    bool isFavorite(const SandboxAccount &account, const QString &userId,
                    const QString &groupId) const;

    SandboxGroup createGroup(SandboxAccount &account, const QString &userId, const QString &name);
    SandboxError renameGroup(SandboxAccount &account, const QString &userId, const QString &groupId,
                             const QString &name);
    SandboxError deleteGroup(SandboxAccount &account, const QString &groupId);
    SandboxError setFavorite(SandboxAccount &account, const QString &userId, const QString &groupId,
                             bool favorite);
    SandboxError removeKpiFromGroup(SandboxAccount &account, const QString &kpiId,
                                    const QString &groupId);
    // The assumed mirror of the removal (see addKpiToGroupVerb): a KPI already in the group is
    // left as it is, and that is a success too.
    SandboxError addKpiToGroup(SandboxAccount &account, const QString &kpiId,
                               const QString &groupId);
    // Someone else edits `count` groups of the account at once, as seen from a client that
    // refreshes: each gets its name with " (edit N)" after it (N counts these edits; an earlier
    // " (edit M)" is replaced), `userId` as its last editor and now as its dateUpdated. The groups
    // are spread evenly over the account, and each edit starts elsewhere. Their ids, in order.
    QStringList touchGroups(SandboxAccount &account, const QString &userId, qsizetype count);

    // Ids are 24 hex digits, like Mongo's ObjectIds.
    static bool isValidId(const QString &id);
    QString newId();
    // A group's name, trimmed, or an error when it is blank or longer than maxNameLength.
    static SandboxError validateName(const QString &name);
    static constexpr qsizetype maxNameLength = 255;

    void setClock(std::function<qint64()> clock) { m_clock = std::move(clock); }

private:
    struct CacheEntry
    {
        QString accountId;
        QString userId;
        QString filter;
        QString sort;
        SandboxCollection collection;
        quint64 revision;
        QList<qsizetype> rows;
    };

    template<typename ValueOf>
    Page page(qsizetype count, const SandboxListQuery &query, const ValueOf &valueOf,
              const CacheEntry &key) const;

    QHash<QString, SandboxAccount> m_accounts;
    QStringList m_accountOrder;
    QList<SandboxUser> m_users;
    QHash<QString, qsizetype> m_userByToken;
    mutable QList<CacheEntry> m_cache; // recent sorted, filtered results: what a DB index buys
    quint64 m_idCounter = 0;
    int m_touches = 0;
    std::function<qint64()> m_clock;
};
