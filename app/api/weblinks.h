#pragma once

#include <QCoreApplication>
#include <QString>
#include <QUrl>
#include <optional>

// Where a group and a KPI are in Quantive's web app, from a connection's API base URL.
//
// ASSUMED, as the web app's addresses are documented nowhere we know of: the web app is served
// where the API is, and its pages are the API's base path (`apiPath`) replaced by
// `/results/kpis/groups/{groupId}` for a group and `/results/kpis/{kpiId}` for a KPI, so that
// `https://app.us.quantive.com/results/api/v1` links a group as
// `https://app.us.quantive.com/results/kpis/groups/{groupId}`. What comes before the API's path
// (a proxy's prefix) is kept; a user name, password, query or fragment of the base URL is not. A
// base URL whose path does not end in the API's path links nothing: there is no telling where
// its web app is. This is the one place the rule lives; correct it here once the web app shows
// otherwise.
class WebLinks
{
    Q_DECLARE_TR_FUNCTIONS(WebLinks)

public:
    static constexpr QLatin1StringView apiPath{"/results/api/v1"};
    static constexpr QLatin1StringView groupPath{"/results/kpis/groups/"};
    static constexpr QLatin1StringView kpiPath{"/results/kpis/"};

    // The page of a group, or of a KPI; none when the base URL links nothing (see problem()) or
    // the id is not an id of the API (24 hexadecimal digits).
    static std::optional<QUrl> group(const QUrl &baseUrl, const QString &groupId);
    static std::optional<QUrl> kpi(const QUrl &baseUrl, const QString &kpiId);
    // Why the web app's pages cannot be linked from this base URL, or empty when they can.
    static QString problem(const QUrl &baseUrl);
};
