#pragma once

#include <QLoggingCategory>

// The outbox and its journal: changes by kind and id, writes and their failures (never a name).
Q_DECLARE_LOGGING_CATEGORY(lcOutbox)
