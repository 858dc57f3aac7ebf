#include "apilog.h"

// Quiet unless asked for: warnings only by default.
Q_LOGGING_CATEGORY(lcApi, "kpigroups.api", QtWarningMsg)
