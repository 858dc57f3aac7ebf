#include "apiinput.h"

#include "apierror.h"
#include "visibletext.h"

#include <QLocale>

using namespace Qt::StringLiterals;

bool ApiInput::isId(QStringView text)
{
    return text.size() == 24 && std::all_of(text.begin(), text.end(), [](QChar c) {
               return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') ||
                      (c >= u'A' && c <= u'F');
           });
}

QString ApiInput::idProblem(const QString &text, IdOf what)
{
    if (isId(text))
        return {};
    switch (what) {
    case IdOf::Group:
        return tr("%1 is not a KPI group id: ids are 24 hexadecimal digits (0-9, a-f).")
            .arg(quoted(text));
    case IdOf::Kpi:
        return tr("%1 is not a KPI id: ids are 24 hexadecimal digits (0-9, a-f).")
            .arg(quoted(text));
    case IdOf::User:
        return tr("%1 is not a user id: ids are 24 hexadecimal digits (0-9, a-f).")
            .arg(quoted(text));
    case IdOf::Account:
        return tr("%1 is not an account id: it is 24 hexadecimal digits (0-9, a-f), as in the "
                  "address of your Quantive account.")
            .arg(quoted(text));
    }
    return {};
}

QString ApiInput::tokenProblem(const QString &token)
{
    const bool printable = std::all_of(token.begin(), token.end(), [](QChar c) {
        return c.unicode() > 0x20 && c.unicode() < 0x7f;
    });
    if (printable)
        return {};
    return tr("The API token contains a line break, a space or another character an API token "
              "cannot have. Copy it again from Quantive.");
}

QString ApiInput::quoted(const QString &text)
{
    return u'“' + shortened(text) + u'”';
}

QString ApiInput::shortened(const QString &text)
{
    constexpr qsizetype longest = 40;
    QString shown;
    for (const QChar c : QStringView(text).left(longest)) {
        if (c.isPrint() && c.category() != QChar::Other_Format)
            shown += c;
        else
            shown += u"\\u%1"_s.arg(uint(c.unicode()), 4, 16, QChar(u'0'));
    }
    if (text.size() > longest)
        shown += u'…';
    return shown;
}

QString ApiInput::nameWarning(const QString &name)
{
    const QStringList escapes = VisibleText::escapesIn(name);
    if (escapes.isEmpty())
        return {};
    return tr("This name has characters that do not show, such as a line break or one that "
              "reverses text. The list shows them as %1.")
        .arg(QLocale().createSeparatedList(escapes));
}
