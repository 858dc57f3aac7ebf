#include "sandboxthread.h"

#include "sandboxserver.h"
#include "sandboxstore.h"

SandboxThread::SandboxThread(const SandboxGenerator::Options &options)
    : m_options(options)
    , m_context(std::make_unique<QObject>())
    , m_store(std::make_unique<SandboxStore>())
{
    m_thread.setObjectName(QStringLiteral("sandbox"));
    m_context->moveToThread(&m_thread);
}

SandboxThread::~SandboxThread()
{
    if (m_thread.isRunning()) {
        QMetaObject::invokeMethod(
            m_context.get(),
            [this] {
                delete m_server;
                m_server = nullptr;
            },
            Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
}

bool SandboxThread::start(quint16 port)
{
    m_thread.start();
    bool listening = false;
    QMetaObject::invokeMethod(
        m_context.get(),
        [&] {
            SandboxGenerator::populate(*m_store, m_options);
            m_server = new SandboxServer(m_store.get());
            listening = m_server->listenOnLoopback(port);
            m_baseUrl = m_server->baseUrl();
        },
        Qt::BlockingQueuedConnection);
    return listening;
}

SandboxFaults &SandboxThread::faults()
{
    return m_server->faults();
}

QStringList SandboxThread::changesReceived() const
{
    return m_server->changesReceived();
}

QStringList SandboxThread::requestsReceived() const
{
    return m_server->requestsReceived();
}

QList<std::pair<QByteArray, QByteArray>> SandboxThread::lastRequestHeaders() const
{
    return m_server->lastRequestHeaders();
}

int SandboxThread::requestCount() const
{
    return m_server->requestCount();
}

void SandboxThread::withStore(const std::function<void(SandboxStore &)> &job)
{
    QMetaObject::invokeMethod(
        m_context.get(), [&] { job(*m_store); }, Qt::BlockingQueuedConnection);
}

void SandboxThread::withServer(const std::function<void(SandboxServer &)> &job)
{
    QMetaObject::invokeMethod(
        m_context.get(), [&] { job(*m_server); }, Qt::BlockingQueuedConnection);
}
