#include "apicall.h"

#include "apitransport.h"

ApiCall::ApiCall(const RequestInfo &info, ApiTransport *transport, QObject *parent)
    : QObject(parent)
    , m_info(info)
    , m_transport(transport)
{}

void ApiCall::cancel()
{
    if (!m_ended && m_transport)
        m_transport->fail(id(), ApiError::make(ApiError::Kind::Cancelled));
}

void ApiCall::abandon()
{
    if (!m_ended && m_transport)
        m_transport->abandon(id());
}

void ApiCall::succeed()
{
    end();
    Q_EMIT succeeded();
}

void ApiCall::fail(const ApiError &error)
{
    end();
    Q_EMIT failed(error);
}

void ApiCall::end()
{
    m_ended = true;
    deleteLater();
}
