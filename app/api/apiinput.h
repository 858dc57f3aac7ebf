#pragma once

#include <QCoreApplication>
#include <QString>

// What the client checks before anything leaves: ids that go in a URL path and text that goes in
// a header. A request that fails these checks is never sent.
class ApiInput
{
    Q_DECLARE_TR_FUNCTIONS(ApiInput)

public:
    enum class IdOf
    {
        Group,
        Kpi,
        User,
        Account
    };

    // The API's ids are 24 hexadecimal digits (MongoDB ObjectIds).
    static bool isId(QStringView text);
    // Why `text` is not a usable id of that kind, or empty.
    static QString idProblem(const QString &text, IdOf what);
    // Why the token cannot be sent in an Authorization header (a line break, a space, a control
    // or non-ASCII character), or empty.
    static QString tokenProblem(const QString &token);
    // What to know of a usable name before sending it: characters that do not show (a line
    // break, one that reverses text), or empty.
    static QString nameWarning(const QString &name);
    // `text` as it can be shown in one line of a message: control characters escaped, cut short.
    static QString quoted(const QString &text);
    // The same, without the quotation marks.
    static QString shortened(const QString &text);
};
