#pragma once

#include "apierror.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTimer>
#include <chrono>

class KpiGroupsClient;

// The names of the people one connection shows (who made or changed a group, who owns a KPI),
// for the views to show instead of ids. A name is asked for when a view first shows its id,
// together with the other ids shown within a few milliseconds (one request per batch), and
// never twice. When the server will not tell (403, 404 or 400: no permission, or no such
// endpoint), a short id stands in from then on and nothing more is asked; that is no error a
// person needs to hear about.
class UserNames : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds defaultDelay{10};
    static constexpr qsizetype maxBatch = 100;

    explicit UserNames(KpiGroupsClient *client, QObject *parent = nullptr);

    // What to show for this person now: the name when known, else the short id. An id not seen
    // before is asked for. Empty for an empty id.
    QString name(const QString &userId);
    // The server will not tell names: only short ids, and no more requests.
    bool isRefused() const { return m_refused; }
    // Asked for and not answered yet: a view can wait for the name rather than flash the id.
    bool isPending(const QString &userId) const { return m_pending.contains(userId); }

    // "642b…f386" for a 24-digit id; anything else shortened to fit a line.
    static QString shortId(const QString &userId);

Q_SIGNALS:
    // Some names are known now that were not: views show them.
    void namesArrived();
    // The server answered a request for names, with them or without: no name is pending from it.
    void requestAnswered();

private:
    void sendWaiting();
    void onListed(const QStringList &asked, const QHash<QString, QString> &names);
    void onFailed(const QStringList &asked, const ApiError &error);

    KpiGroupsClient *m_client;
    QHash<QString, QString> m_names; // by id, as the server gave them
    QSet<QString> m_asked;           // asked for, answered or not: never again
    QSet<QString> m_pending;         // asked for, not answered yet
    QStringList m_waiting;           // to be asked for when the delay is over
    QTimer m_delay;
    bool m_refused = false;
};
