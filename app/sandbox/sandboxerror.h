#pragma once

#include <QByteArray>
#include <QString>

// A failed sandbox operation: the HTTP status and a short message for the error body.
// Error bodies are undocumented upstream; their shape is fixed here, in one place.
struct SandboxError
{
    int status = 0;
    QString message;

    bool isError() const { return status != 0; }
    QByteArray toJson() const;
};
