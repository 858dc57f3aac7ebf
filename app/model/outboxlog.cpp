#include "outboxlog.h"

Q_LOGGING_CATEGORY(lcOutbox, "kpigroups.outbox", QtWarningMsg)
