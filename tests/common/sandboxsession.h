#pragma once

#include "kpigroupsclient.h"
#include "sandboxfixture.h"
#include "sandboxserver.h"
#include "sandboxstore.h"

#include <memory>

// The fixture's account served on loopback, and clients for it: the start of most tests.
namespace Fixture {

inline bool startSandbox(std::unique_ptr<SandboxStore> &store,
                         std::unique_ptr<SandboxServer> &server)
{
    store = std::make_unique<SandboxStore>();
    populate(*store);
    server = std::make_unique<SandboxServer>(store.get());
    return server->listenOnLoopback();
}

// Retries a few milliseconds apart: tests of failures need not wait for real backoff.
inline RetryPolicy quickRetries()
{
    RetryPolicy policy;
    policy.firstBackoff = std::chrono::milliseconds(10);
    policy.transferTimeout = std::chrono::milliseconds(5000);
    return policy;
}

inline std::unique_ptr<KpiGroupsClient> clientFor(const SandboxServer &server,
                                                  const QString &token = tokenA1,
                                                  const QString &account = accountA)
{
    auto client = std::make_unique<KpiGroupsClient>();
    client->setConnection({server.baseUrl(), account, token});
    client->setRetryPolicy(quickRetries());
    return client;
}

} // namespace Fixture
