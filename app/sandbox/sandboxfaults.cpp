#include "sandboxfaults.h"

#include <QMutexLocker>

using namespace Qt::StringLiterals;

void SandboxFaults::setLatency(int ms)
{
    QMutexLocker lock(&m_mutex);
    m_latencyMs = ms;
}

int SandboxFaults::latency() const
{
    QMutexLocker lock(&m_mutex);
    return m_latencyMs;
}

void SandboxFaults::add(const Fault &fault, int count, const QString &route)
{
    QMutexLocker lock(&m_mutex);
    m_rules.append({fault, count, QRegularExpression(route)});
}

void SandboxFaults::failNext(int status, int count, const QString &route)
{
    Fault fault;
    fault.status = status;
    add(fault, count, route);
}

void SandboxFaults::clear()
{
    QMutexLocker lock(&m_mutex);
    m_latencyMs = 0;
    m_rules.clear();
}

SandboxFaults::Fault SandboxFaults::take(const QString &methodAndPath)
{
    QMutexLocker lock(&m_mutex);
    for (qsizetype i = 0; i < m_rules.size(); ++i) {
        Rule &rule = m_rules[i];
        if (!rule.route.pattern().isEmpty() && !rule.route.match(methodAndPath).hasMatch())
            continue;
        const Fault fault = rule.fault;
        if (rule.remaining > 0 && --rule.remaining == 0)
            m_rules.removeAt(i);
        return fault;
    }
    Fault none;
    none.status = 0;
    return none;
}

bool SandboxFaults::addFromSpec(const QString &spec, QString *error)
{
    Fault fault;
    int count = 1;
    QString route;
    bool statusGiven = false;
    bool kindGiven = false;
    for (const QString &part : spec.split(u',', Qt::SkipEmptyParts)) {
        const qsizetype equals = part.indexOf(u'=');
        const QString key = part.left(equals).trimmed();
        const QString value = equals < 0 ? QString() : part.mid(equals + 1).trimmed();
        bool ok = true;
        if (key == "kind"_L1) {
            static const QList<std::pair<QLatin1StringView, Kind>> kinds = {
                {"status"_L1, Kind::Status},     {"ratelimit"_L1, Kind::RateLimit},
                {"truncate"_L1, Kind::Truncate}, {"malformed"_L1, Kind::Malformed},
                {"html"_L1, Kind::Html},         {"drop"_L1, Kind::Drop},
                {"redirect"_L1, Kind::Redirect}, {"late"_L1, Kind::Late},
                {"lost"_L1, Kind::Lost},         {"endless"_L1, Kind::Endless},
                {"trickle"_L1, Kind::Trickle}};
            const auto it = std::find_if(kinds.begin(), kinds.end(),
                                         [&](const auto &k) { return k.first == value; });
            ok = it != kinds.end();
            if (ok)
                fault.kind = it->second;
            kindGiven = true;
        } else if (key == "status"_L1) {
            fault.status = value.toInt(&ok);
            statusGiven = true;
        } else if (key == "count"_L1) {
            count = value.toInt(&ok);
        } else if (key == "retry-after"_L1) {
            fault.retryAfterSeconds = value.toInt(&ok);
        } else if (key == "retry-after-date"_L1) {
            fault.retryAfterSeconds = value.toInt(&ok);
            fault.retryAfterAsDate = true;
        } else if (key == "delay"_L1) {
            fault.delayMs = value.toInt(&ok);
        } else if (key == "route"_L1) {
            route = value;
            ok = QRegularExpression(route).isValid();
        } else if (key == "location"_L1) {
            fault.location = value;
        } else if (key == "message"_L1) {
            fault.message = value;
        } else {
            ok = false;
        }
        if (!ok) {
            *error = u"Cannot read '%1' in fault '%2'"_s.arg(part, spec);
            return false;
        }
    }
    if (!kindGiven && !statusGiven)
        fault.status = 0; // "delay=3000" alone: the real answer, later
    if (fault.kind == Kind::Endless && !statusGiven)
        fault.status = 200;
    add(fault, count, route);
    return true;
}
