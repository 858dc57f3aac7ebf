#pragma once

#include <QLoggingCategory>

// What the window does: connections opened and the dialogs that asked (never a token or a name).
Q_DECLARE_LOGGING_CATEGORY(lcUi)
