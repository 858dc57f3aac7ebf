#include "connectioncheck.h"

using namespace Qt::StringLiterals;

ConnectionCheck::ConnectionCheck(QObject *parent)
    : QObject(parent)
{}

void ConnectionCheck::check(const Connection &connection)
{
    if (m_call)
        m_call->abandon();
    m_client.setConnection(connection);
    ListQuery one;
    one.take = 1;
    one.fields = u"id"_s;
    m_call = m_client.listGroups(one);
    connect(m_call, &ApiCall::succeeded, this, &ConnectionCheck::accepted);
    connect(m_call, &ApiCall::failed, this, &ConnectionCheck::refused);
}
