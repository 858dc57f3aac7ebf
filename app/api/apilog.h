#pragma once

#include <QLoggingCategory>

// What the client does, for a log a person can send: QT_LOGGING_RULES="kpigroups.*=true".
// Endpoints, statuses, attempts and ids only: never a token, a name, a URL's query or a body.
Q_DECLARE_LOGGING_CATEGORY(lcApi)
