#include "uilog.h"

Q_LOGGING_CATEGORY(lcUi, "kpigroups.ui", QtWarningMsg)
