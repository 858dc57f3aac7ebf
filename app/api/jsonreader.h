#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <optional>

// A strict, allocation-free JSON tokenizer over a UTF-8 buffer, for reading large API replies
// straight into value types instead of building a QJsonDocument first. Any syntax error sets
// failed() and makes every later call return nothing.
class JsonReader
{
public:
    explicit JsonReader(QByteArrayView text)
        : m_pos(text.data())
        , m_end(text.data() + text.size())
    {}

    bool failed() const { return m_failed; }
    bool fail()
    {
        m_failed = true;
        m_pos = m_end;
        return false;
    }

    // The next token is `c` (after white space); consumes it when it is.
    bool consume(char c);
    bool expect(char c) { return consume(c) || fail(); }
    char peek();
    bool atEnd();

    // Iterates the members of an object whose '{' was consumed: true with the key while there is
    // one more, false at '}' (or on an error). The key stays valid as long as the reader and the
    // text: a key with escapes is decoded into storage of the reader's own.
    bool nextKey(QByteArrayView *key, bool *first);
    // Iterates the elements of an array whose '[' was consumed.
    bool nextElement(bool *first);

    // A string, decoded; invalid UTF-8 in it becomes U+FFFD.
    std::optional<QString> readString();
    // A string, its escapes decoded but its bytes left as they are (invalid UTF-8 included).
    std::optional<QByteArray> readStringBytes();
    // A string without escapes, as it stands in the buffer; std::nullopt when it has escapes
    // (then nothing is consumed) or is not a string.
    std::optional<QByteArrayView> readPlainString();
    std::optional<double> readNumber();
    std::optional<bool> readBool();
    bool readNull();
    bool skipValue();
    // Where the next token starts (after white space): with a later position, the raw text of
    // what was read between them.
    const char *position()
    {
        skipWhitespace();
        return m_pos;
    }

private:
    void skipWhitespace();
    bool skipString();

    const char *m_pos;
    const char *m_end;
    bool m_failed = false;
    int m_depth = 0;
    QList<QByteArray> m_keyStorage; // the keys that had escapes, decoded
};
