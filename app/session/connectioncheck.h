#pragma once

#include "apierror.h"
#include "connection.h"
#include "kpigroupsclient.h"

#include <QObject>
#include <QPointer>

// Whether a connection opens: one small list request with its account and token, before the
// connection is kept. A newer check replaces the one under way.
class ConnectionCheck : public QObject
{
    Q_OBJECT

public:
    explicit ConnectionCheck(QObject *parent = nullptr);

    void check(const Connection &connection);

Q_SIGNALS:
    void accepted();
    void refused(const ApiError &error);

private:
    KpiGroupsClient m_client;
    QPointer<ApiCall> m_call;
};
