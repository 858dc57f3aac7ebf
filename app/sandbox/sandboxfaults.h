#pragma once

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QRegularExpression>
#include <QString>

// Misbehaviour on demand, for tests that need a server which is slow, refuses, or breaks.
// Thread-safe: tests change it while the server runs in another thread.
class SandboxFaults
{
public:
    enum class Kind
    {
        Status,    // answer with a given status and an error body; the request is not carried out
        RateLimit, // 429 with Retry-After
        Truncate,  // the real answer, cut off half-way; the connection then closes
        Malformed, // 200 with a body that is not JSON
        Html,      // 200 with an HTML page, as a captive portal or a misrouted proxy sends
        Drop,      // close the connection without answering
        Redirect,  // 307 to another URL
        Late,      // the real answer, made at once and sent after delayMs, as over a slow link
        Lost,      // the request is carried out, then the connection closes without an answer,
                   // as when a proxy or a load balancer loses it on the way back
        Endless,   // `status` and a body that never ends (no Content-Length), until the client
                   // closes the connection
        Trickle,   // the real answer, one byte every delayMs (1 s when 0): never silent for
                   // long, never done
    };

    struct Fault
    {
        Kind kind = Kind::Status;
        int status = 500;
        int retryAfterSeconds = 1;
        QString location = {};         // for Redirect
        int delayMs = 0;               // added to the latency for this request
        bool retryAfterAsDate = false; // Retry-After as an HTTP-date, retryAfterSeconds from now
        QString message = {};          // of a Status error (empty: the status's usual words)
    };

    // Every request waits this long before it is answered.
    void setLatency(int ms);
    int latency() const;

    // The next `count` requests whose "METHOD /path" (path relative to the API base, without
    // the query) matches `route` get `fault`; an empty route matches every request, count -1 is
    // for ever. Rules are tried in the order they were added.
    void add(const Fault &fault, int count = 1, const QString &route = {});
    void failNext(int status, int count = 1, const QString &route = {});
    void clear();

    // What to do with a request: a fault to apply, or nothing (kind Status with status 0).
    Fault take(const QString &methodAndPath);

    // Command-line form, e.g. "status=500,count=2,route=^GET /kpis/groups$",
    // "status=409,message=That name is taken,route=^PATCH " or
    // "kind=ratelimit,retry-after=2"; "delay=N" alone is a plain delay. Returns false and sets
    // an error message when it is wrong.
    bool addFromSpec(const QString &spec, QString *error);

private:
    struct Rule
    {
        Fault fault;
        int remaining;
        QRegularExpression route;
    };

    mutable QMutex m_mutex;
    int m_latencyMs = 0;
    QList<Rule> m_rules;
};
