#pragma once

#include <QByteArray>
#include <QList>

// Page bodies, well- and ill-formed, for comparing ApiJson's readers with QJsonDocument.
QList<std::pair<const char *, QByteArray>> pageSamples();
