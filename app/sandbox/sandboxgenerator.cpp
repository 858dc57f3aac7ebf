#include "sandboxgenerator.h"

#include "sandboxstore.h"

#include <QDateTime>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace {

const QStringList teams = {
    u"Sales"_s,         u"Marketing"_s,     u"Customer Success"_s, u"Engineering"_s,
    u"Product"_s,       u"Finance"_s,       u"People & Culture"_s, u"Operations"_s,
    u"Support"_s,       u"Legal"_s,         u"Data Platform"_s,    u"Security"_s,
    u"Ventes France"_s, u"Vertrieb DACH"_s, u"Área Comercial"_s,   u"Société Générale"_s,
    u"Zürich Office"_s, u"São Paulo Hub"_s, u"東京チーム"_s,       u"Kraków Dev Center"_s,
};

const QStringList topics = {
    u"Revenue"_s,
    u"Pipeline"_s,
    u"Retention"_s,
    u"Onboarding"_s,
    u"Hiring"_s,
    u"Quality"_s,
    u"Cost Control"_s,
    u"Customer Health"_s,
    u"Growth"_s,
    u"Reliability"_s,
    u"Adoption"_s,
    u"Satisfaction"_s,
    u"Efficiency"_s,
    u"Compliance"_s,
    u"Partnerships"_s,
    u"Brand"_s,
    u"Kundenzufriedenheit"_s,
    u"Rentabilité"_s,
    u"Expansión"_s,
    u"Produktivität"_s,
};

const QStringList periods = {u"Q1"_s, u"Q2"_s, u"Q3"_s, u"Q4"_s, u"H1"_s, u"H2"_s, u"FY"_s};

const QStringList metrics = {
    u"Monthly recurring revenue"_s,
    u"Net promoter score"_s,
    u"Churn rate"_s,
    u"Average deal size"_s,
    u"Win rate"_s,
    u"Time to first value"_s,
    u"Ticket backlog"_s,
    u"First response time"_s,
    u"Deployment frequency"_s,
    u"Change failure rate"_s,
    u"Uptime"_s,
    u"Cost per lead"_s,
    u"Qualified leads"_s,
    u"Employee engagement"_s,
    u"Open positions filled"_s,
    u"Gross margin"_s,
    u"Cash runway"_s,
    u"Feature adoption"_s,
    u"Trial conversion"_s,
    u"Taux de satisfaction"_s,
    u"Umsatz pro Kunde"_s,
    u"Tiempo de resolución"_s,
    u"顧客満足度"_s,
    u"Audit findings closed"_s,
};

struct Person
{
    QString firstName;
    QString lastName;
    QString mailbox; // before the @
};

const QList<Person> people = {
    {u"Ana"_s, u"Souza"_s, u"ana.souza"_s},
    {u"Björn"_s, u"Lindqvist"_s, u"bjorn.lindqvist"_s},
    {u"Chloé"_s, u"Dubois"_s, u"chloe.dubois"_s},
    {u"Dmitri"_s, u"Volkov"_s, u"dmitri.volkov"_s},
    {u"Emeka"_s, u"Okafor"_s, u"emeka.okafor"_s},
    {u"Fatima"_s, u"Haddad"_s, u"fatima.haddad"_s},
    {u"Grace"_s, u"Kim"_s, u"grace.kim"_s},
    {u"Hiro"_s, u"Tanaka"_s, u"hiro.tanaka"_s},
    {u"Ines"_s, u"Ferreira"_s, u"ines.ferreira"_s},
    {u"José"_s, u"García"_s, u"jose.garcia"_s},
};

class Ids
{
public:
    explicit Ids(QRandomGenerator *random)
        : m_random(random)
    {}
    QString next()
    {
        return u"%1%2"_s.arg(m_random->bounded(0x60000000u, 0x66000000u), 8, 16, QLatin1Char('0'))
            .arg(m_random->generate64(), 16, 16, QLatin1Char('0'));
    }

private:
    QRandomGenerator *m_random;
};

QString groupName(QRandomGenerator &random, int index, int total)
{
    const QString &team = teams.at(random.bounded(teams.size()));
    const QString &topic = topics.at(random.bounded(topics.size()));
    QString name = team + u" · "_s + topic;
    // Small accounts read naturally; big ones need more variety than team × topic offers.
    if (total > 60 || random.bounded(3) == 0)
        name += u' ' + periods.at(random.bounded(periods.size())) + u' ' +
                QString::number(2023 + random.bounded(4));
    if (total > 5000)
        name += u" #"_s + QString::number(index + 1);
    return name;
}

void populateAccount(SandboxStore &store, QRandomGenerator &random, Ids &ids,
                     const QString &accountId, const QStringList &userIds, int groupCount,
                     int kpiCount, qint64 now)
{
    constexpr qint64 day = 86400000;
    const qint64 start = now - 730 * day;
    QStringList groupIds;
    groupIds.reserve(groupCount);
    for (int i = 0; i < groupCount; ++i) {
        SandboxGroup group;
        group.id = ids.next();
        group.name = groupName(random, i, groupCount);
        group.createdById = userIds.at(random.bounded(userIds.size()));
        group.modifiedById =
            random.bounded(3) == 0 ? userIds.at(random.bounded(userIds.size())) : group.createdById;
        group.dateCreated = start + qint64(random.bounded(700)) * day + random.bounded(day);
        // Most groups change now and then; a few were touched in the last hours.
        const qint64 sinceUpdate =
            random.bounded(5) == 0 ? random.bounded(day) : qint64(random.bounded(400)) * day;
        group.dateUpdated = std::max(group.dateCreated, now - sinceUpdate);
        store.addGroup(accountId, group);
        groupIds.append(group.id);
        for (const QString &userId : userIds)
            if (random.bounded(6) == 0)
                store.setFavorite(accountId, userId, group.id, true);
    }
    for (int i = 0; i < kpiCount; ++i) {
        SandboxKpi kpi;
        kpi.id = ids.next();
        const QString &metric = metrics.at(random.bounded(metrics.size()));
        const QString &team = teams.at(random.bounded(teams.size()));
        kpi.name = metric + u" — "_s + team;
        kpi.description = u"Tracks %1 for %2, reviewed every %3."_s.arg(
            metric.toLower(), team, random.bounded(2) ? u"week"_s : u"month"_s);
        kpi.ownerId = userIds.at(random.bounded(userIds.size()));
        // Most KPIs sit in one to three groups; some in none ("Ungrouped").
        const int memberships = groupIds.isEmpty()       ? 0
                                : random.bounded(8) == 0 ? 0
                                                         : 1 + random.bounded(3);
        for (int m = 0; m < memberships; ++m) {
            const QString &groupId = groupIds.at(random.bounded(groupIds.size()));
            if (!kpi.groupIds.contains(groupId))
                kpi.groupIds.append(groupId);
        }
        store.addKpi(accountId, kpi);
    }
}

} // namespace

void SandboxGenerator::populate(SandboxStore &store, const Options &options)
{
    QRandomGenerator random(options.seed);
    Ids ids(&random);

    store.addAccount(demoAccountId, u"Acme Demo"_s);
    QStringList userIds;
    for (int i = 0; i < std::max(2, options.users); ++i) {
        SandboxUser user;
        user.id = ids.next();
        const Person &person = people.at(i % people.size());
        user.name = person.firstName;
        user.firstName = person.firstName;
        user.lastName = person.lastName;
        user.email = person.mailbox + u"@acme.example"_s;
        user.accountId = demoAccountId;
        user.token = i == 0   ? QString(demoToken)
                     : i == 1 ? QString(secondUserToken)
                              : u"sandbox-user-%1-token"_s.arg(i + 1);
        store.addUser(user);
        userIds.append(user.id);
    }
    populateAccount(store, random, ids, demoAccountId, userIds, options.groups, options.kpis,
                    options.now);

    store.addAccount(otherAccountId, u"Other Corp"_s);
    SandboxUser other{ids.next(), u"Olu"_s,     QString(otherAccountId),       QString(otherToken),
                      u"Olu"_s,   u"Adebayo"_s, u"olu.adebayo@other.example"_s};
    store.addUser(other);
    populateAccount(store, random, ids, otherAccountId, {other.id}, 5, 12, options.now);
}
