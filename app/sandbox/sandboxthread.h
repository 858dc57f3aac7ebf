#pragma once

#include "sandboxgenerator.h"

#include <QThread>
#include <QUrl>
#include <functional>
#include <memory>

class SandboxFaults;
class SandboxServer;
class SandboxStore;

// A sandbox serving from its own thread, so that whoever started it (the app's GUI thread, a
// test waiting on a child process, a benchmark) never serves, or blocks, its requests.
class SandboxThread
{
public:
    explicit SandboxThread(const SandboxGenerator::Options &options = {});
    ~SandboxThread();
    SandboxThread(const SandboxThread &) = delete;
    SandboxThread &operator=(const SandboxThread &) = delete;

    // Generates the data and starts listening on 127.0.0.1; blocks until it does.
    bool start(quint16 port = 0);
    QUrl baseUrl() const { return m_baseUrl; }

    // Thread-safe.
    SandboxFaults &faults();
    int requestCount() const;
    QStringList changesReceived() const;
    QStringList requestsReceived() const;
    QList<std::pair<QByteArray, QByteArray>> lastRequestHeaders() const;
    // Runs `job` on the sandbox's thread and waits for it: the safe way to read or change data.
    void withStore(const std::function<void(SandboxStore &)> &job);
    void withServer(const std::function<void(SandboxServer &)> &job);

private:
    SandboxGenerator::Options m_options;
    QThread m_thread;
    std::unique_ptr<QObject> m_context;
    std::unique_ptr<SandboxStore> m_store;
    SandboxServer *m_server = nullptr;
    QUrl m_baseUrl;
};
