#include "sessionlog.h"

Q_LOGGING_CATEGORY(lcSession, "kpigroups.session", QtWarningMsg)
