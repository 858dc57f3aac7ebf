#pragma once

#include <QLoggingCategory>

// A connection's life: opened, refreshed, offline and back, left (never a token or a name).
Q_DECLARE_LOGGING_CATEGORY(lcSession)
