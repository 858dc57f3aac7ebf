#pragma once

#include <QByteArray>
#include <QList>

// Group-page bodies, well- and ill-formed, for comparing ApiJson with QJsonDocument.
QList<std::pair<const char *, QByteArray>> pageSamples();
