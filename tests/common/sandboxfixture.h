#pragma once

#include "sandboxstore.h"

#include <QDateTime>

// A small, hand-made sandbox account whose every id, name and date the tests can spell out.
namespace Fixture {

using namespace Qt::StringLiterals;

inline const QString accountA = u"aaaaaaaaaaaaaaaaaaaaaaaa"_s;
inline const QString accountB = u"bbbbbbbbbbbbbbbbbbbbbbbb"_s;
inline const QString userA1 = u"a1a1a1a1a1a1a1a1a1a1a1a1"_s;
inline const QString userA2 = u"a2a2a2a2a2a2a2a2a2a2a2a2"_s;
inline const QString userB = u"b1b1b1b1b1b1b1b1b1b1b1b1"_s;
inline const QString tokenA1 = u"token-a1"_s;
inline const QString tokenA2 = u"token-a2"_s;
inline const QString tokenB = u"token-b"_s;

inline QString groupId(int n)
{
    return u"%1"_s.arg(n, 24, 10, QLatin1Char('0'));
}
inline QString kpiId(int n)
{
    return u"%1"_s.arg(n, 24, 10, QLatin1Char('f'));
}
inline QString otherGroupId()
{
    return u"bb0000000000000000000001"_s;
}
inline qint64 date(int month, int day)
{
    return QDateTime(QDate(2024, month, day), QTime(10, 15, 30, 123), Qt::UTC).toMSecsSinceEpoch();
}

// Groups 1..6 of account A, in this order of insertion:
//   1 "Sales EMEA", 2 "sales APAC", 3 "Marketing", 4 "Zürich Office", 5 "Engineering",
//   6 "Ärzte Team". User A1 stars 2 and 5, user A2 stars 3.
// Users: A1 Ana Souza, A2 Björn Lindqvist (account A), B Olu Adebayo (account B).
// KPIs: 1 in groups 1 and 2, 2 in group 1, 3 in none, 4 in groups 3 and 1.
inline void populate(SandboxStore &store)
{
    store.addAccount(accountA, u"Account A"_s);
    store.addAccount(accountB, u"Account B"_s);
    store.addUser(
        {userA1, u"A1"_s, accountA, tokenA1, u"Ana"_s, u"Souza"_s, u"ana.souza@a.example"_s});
    store.addUser({userA2, u"A2"_s, accountA, tokenA2, u"Björn"_s, u"Lindqvist"_s,
                   u"bjorn.lindqvist@a.example"_s});
    store.addUser(
        {userB, u"B"_s, accountB, tokenB, u"Olu"_s, u"Adebayo"_s, u"olu.adebayo@b.example"_s});

    const QStringList names = {u"Sales EMEA"_s,    u"sales APAC"_s,  u"Marketing"_s,
                               u"Zürich Office"_s, u"Engineering"_s, u"Ärzte Team"_s};
    for (int i = 0; i < names.size(); ++i) {
        store.addGroup(accountA, {groupId(i + 1), names.at(i), userA1, i % 2 ? userA2 : userA1,
                                  date(1, i + 1), date(2, 10 - i)});
    }
    store.setFavorite(accountA, userA1, groupId(2), true);
    store.setFavorite(accountA, userA1, groupId(5), true);
    store.setFavorite(accountA, userA2, groupId(3), true);

    store.addKpi(accountA,
                 {kpiId(1), u"Revenue"_s, u"Monthly revenue"_s, userA1, {groupId(1), groupId(2)}});
    store.addKpi(accountA, {kpiId(2), u"Churn"_s, u"Lost customers"_s, userA2, {groupId(1)}});
    store.addKpi(accountA, {kpiId(3), u"Uptime"_s, u"Minutes up"_s, userA1, {}});
    store.addKpi(accountA,
                 {kpiId(4), u"Leads"_s, u"Qualified leads"_s, userA2, {groupId(3), groupId(1)}});

    store.addGroup(accountB,
                   {otherGroupId(), u"Sales Other"_s, userB, userB, date(3, 1), date(3, 2)});
}

} // namespace Fixture
