#pragma once

#include <QString>

class SandboxStore;

// Fills a store with a deterministic, realistic account: the same options give the same ids,
// names, dates, memberships and favorites on every run and every machine.
class SandboxGenerator
{
public:
    struct Options
    {
        quint32 seed = 1;
        int groups = 40;
        int kpis = 300;
        int users = 5;
        // Dates fall in the two years before this moment (ms since the epoch). Fixed by default,
        // so that runs repeat exactly; the demo passes the current time, so that it looks alive.
        qint64 now = 1735689600000; // 2025-01-01T00:00:00Z
    };

    // The well-known credentials printed by kpigroups-sandbox and used by --demo. The account id
    // is the seed's sample, so its curl commands work as they stand.
    static constexpr QLatin1StringView demoAccountId{"5be26318e5274a0007f17f61"};
    static constexpr QLatin1StringView demoToken{"sandbox-demo-token"};
    // A second account with its own user, for isolation tests.
    static constexpr QLatin1StringView otherAccountId{"64a1f0c2e4b0a1b2c3d4e5f7"};
    static constexpr QLatin1StringView otherToken{"sandbox-other-token"};
    // The token of the demo account's second user (favorites are per user).
    static constexpr QLatin1StringView secondUserToken{"sandbox-second-user-token"};

    static void populate(SandboxStore &store, const Options &options);
};
