#pragma once

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

// Plain HTTP against a sandbox, for tests of the sandbox itself: the product's own client is
// tested separately, so these tests do not depend on it.
struct HttpResult
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;

    QJsonObject object() const { return QJsonDocument::fromJson(body).object(); }
    QJsonArray items() const { return object().value(QLatin1StringView("items")).toArray(); }
    QStringList ids() const
    {
        QStringList result;
        for (const QJsonValue &item : items())
            result.append(item.toObject().value(QLatin1StringView("id")).toString());
        return result;
    }
    QByteArray header(QByteArrayView name) const
    {
        for (const auto &[key, value] : headers)
            if (name.compare(key, Qt::CaseInsensitive) == 0)
                return value;
        return {};
    }
};

class HttpTestClient
{
public:
    HttpTestClient(QUrl base, QString token, QString account)
        : m_base(std::move(base))
        , m_token(std::move(token))
        , m_account(std::move(account))
    {}

    void setToken(const QString &token) { m_token = token; }
    void setAccount(const QString &account) { m_account = account; }

    HttpResult send(const QByteArray &verb, const QString &path, const QUrlQuery &query = {},
                    const QByteArray &body = {})
    {
        QUrl url = m_base;
        url.setPath(url.path() + path);
        url.setQuery(query);
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        request.setRawHeader("Accept", "application/json");
        if (!m_token.isNull())
            request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
        if (!m_account.isNull())
            request.setRawHeader("gtmhub-accountId", m_account.toUtf8());
        QNetworkReply *reply = m_manager.sendCustomRequest(request, verb, body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished() && !finished.wait(20000))
            qWarning("request timed out");
        HttpResult result;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.error = reply->error();
        result.body = reply->readAll();
        result.headers = reply->rawHeaderPairs();
        reply->deleteLater();
        return result;
    }

    HttpResult get(const QString &path, const QUrlQuery &query = {})
    {
        return send("GET", path, query);
    }

private:
    QNetworkAccessManager m_manager;
    QUrl m_base;
    QString m_token;
    QString m_account;
};
