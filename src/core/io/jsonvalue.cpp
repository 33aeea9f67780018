#include "jsonvalue.h"

#include <QSet>
#include <QStringDecoder>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

namespace attn::io {

JsonValue::Type JsonValue::type() const
{
    return Type(m_value.index());
}

QString JsonValue::typeName() const
{
    switch (type()) {
    case Type::Null:
        return QStringLiteral("null");
    case Type::Bool:
        return QStringLiteral("true/false");
    case Type::Number:
        return QStringLiteral("a number");
    case Type::String:
        return QStringLiteral("a string");
    case Type::Array:
        return QStringLiteral("an array");
    case Type::Object:
        return QStringLiteral("an object");
    }
    return {};
}

bool JsonValue::toBool() const
{
    const bool *flag = std::get_if<bool>(&m_value);
    return flag && *flag;
}

const JsonNumber &JsonValue::number() const
{
    static const JsonNumber zero;
    const JsonNumber *n = std::get_if<JsonNumber>(&m_value);
    return n ? *n : zero;
}

const QString &JsonValue::string() const
{
    static const QString empty;
    const QString *s = std::get_if<QString>(&m_value);
    return s ? *s : empty;
}

qsizetype JsonValue::size() const
{
    if (const Array *a = std::get_if<Array>(&m_value))
        return a->numeric ? qsizetype(a->numbers.size()) : qsizetype(a->items.size());
    if (const Object *o = std::get_if<Object>(&m_value))
        return qsizetype(o->items.size());
    return 0;
}

bool JsonValue::isNumberArray() const
{
    const Array *a = std::get_if<Array>(&m_value);
    return a && a->numeric;
}

const std::vector<JsonNumber> &JsonValue::numbers() const
{
    static const std::vector<JsonNumber> none;
    const Array *a = std::get_if<Array>(&m_value);
    return a && a->numeric ? a->numbers : none;
}

const std::vector<JsonValue> &JsonValue::items() const
{
    static const std::vector<JsonValue> none;
    if (const Array *a = std::get_if<Array>(&m_value))
        return a->items;
    if (const Object *o = std::get_if<Object>(&m_value))
        return o->items;
    return none;
}

const std::vector<QString> &JsonValue::keys() const
{
    static const std::vector<QString> none;
    const Object *o = std::get_if<Object>(&m_value);
    return o ? o->keys : none;
}

const JsonValue *JsonValue::find(QStringView key) const
{
    const Object *o = std::get_if<Object>(&m_value);
    if (!o)
        return nullptr;
    for (size_t i = 0; i < o->keys.size(); ++i) {
        if (o->keys[i] == key)
            return &o->items[i];
    }
    return nullptr;
}

// Recursive descent over the bytes; the first problem stops the parse.
class JsonParser
{
public:
    JsonParser(QByteArrayView text, const QString &displayName, const JsonLimits &limits)
        : m_text(text), m_name(displayName), m_limits(limits)
    {
    }

    Expected<JsonValue> parseDocument()
    {
        JsonValue root;
        skipSpace();
        if (!parseValue(root, 0, {}))
            return Error{m_error};
        if (!atDocumentEnd())
            return Error{m_error};
        return root;
    }

    Expected<qsizetype> readMembers(const JsonMemberReader &reader)
    {
        m_describeDuplicate = reader.describeDuplicate;
        skipSpace();
        if (peek() != '{') {
            fail(atEnd() ? QStringLiteral("the file ends where a value was expected (truncated?)")
                         : QStringLiteral("the document is not a JSON object"));
            return Error{m_error};
        }
        JsonValue root;
        qsizetype members = 0;
        const auto handOver = [&](QString &&key, JsonValue &&value) {
            ++members;
            m_values = 0; // the member is gone after this: the budgets are per member
            m_arrayNumbers = 0;
            if (!reader.onMember)
                return true;
            const QString problem = reader.onMember(std::move(key), std::move(value));
            if (problem.isEmpty())
                return true;
            m_error = problem;
            return false;
        };
        if (!parseObject(root, 1, {}, handOver))
            return Error{m_error};
        if (!atDocumentEnd())
            return Error{m_error};
        return members;
    }

private:
    using MemberSink = std::function<bool(QString &&key, JsonValue &&value)>;

    bool atDocumentEnd()
    {
        skipSpace();
        return m_pos == m_text.size() || fail(QStringLiteral("unexpected text after the end of the document"));
    }

    QString position() const
    {
        qsizetype line = 1;
        qsizetype column = 1;
        for (qsizetype i = 0; i < m_pos && i < m_text.size(); ++i) {
            if (m_text[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        return QStringLiteral("line %1, column %2").arg(line).arg(column);
    }

    bool fail(const QString &what)
    {
        m_error = QStringLiteral("%1: not valid JSON at %2: %3").arg(m_name, position(), what);
        return false;
    }

    // Valid JSON, but more than this reader keeps in memory.
    bool failLimit(const QString &what)
    {
        m_error = QStringLiteral("%1: too large to read, at %2: %3").arg(m_name, position(), what);
        return false;
    }

    // Every value but the numbers of a number array passes here before it is stored.
    bool countValues(qsizetype count)
    {
        m_values += count;
        if (m_values <= m_limits.maxValues)
            return true;
        return failLimit(QStringLiteral("more than %1 values (arrays, objects, strings, true/false/null and numbers "
                                        "outside number arrays), the limit for one document")
                             .arg(m_limits.maxValues));
    }

    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text[m_pos]; }

    void skipSpace()
    {
        while (!atEnd()) {
            const char c = m_text[m_pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                return;
            ++m_pos;
        }
    }

    bool literal(const char *word)
    {
        const qsizetype length = qsizetype(std::strlen(word));
        if (m_text.sliced(m_pos).startsWith(QByteArrayView(word, length))) {
            m_pos += length;
            return true;
        }
        return fail(QStringLiteral("unexpected character"));
    }

    // `key`: the key this value sits under when its parent is an object, for duplicate messages.
    bool parseValue(JsonValue &out, int depth, QStringView key)
    {
        if (atEnd())
            return fail(QStringLiteral("the file ends where a value was expected (truncated?)"));
        if (!countValues(1))
            return false;
        switch (peek()) {
        case '{':
            return parseObject(out, depth + 1, key, {});
        case '[':
            return parseArray(out, depth + 1);
        case '"': {
            QString text;
            if (!parseString(text))
                return false;
            out.m_value = std::move(text);
            return true;
        }
        case 't':
            out.m_value = true;
            return literal("true");
        case 'f':
            out.m_value = false;
            return literal("false");
        case 'n':
            out.m_value = std::monostate{};
            return literal("null");
        default: {
            JsonNumber number;
            if (!parseNumber(number))
                return false;
            out.m_value = number;
            return true;
        }
        }
    }

    bool parseNumber(JsonNumber &out)
    {
        const qsizetype begin = m_pos;
        auto digits = [this] {
            const qsizetype start = m_pos;
            while (!atEnd() && peek() >= '0' && peek() <= '9')
                ++m_pos;
            return m_pos - start;
        };
        if (peek() == '-')
            ++m_pos;
        if (peek() == '0') {
            ++m_pos;
        } else if (digits() == 0) {
            return fail(m_pos == begin ? QStringLiteral("unexpected character") : QStringLiteral("a digit is missing"));
        }
        if (peek() == '.') {
            ++m_pos;
            if (digits() == 0)
                return fail(QStringLiteral("a digit is missing after the decimal point"));
        }
        if (peek() == 'e' || peek() == 'E') {
            ++m_pos;
            if (peek() == '+' || peek() == '-')
                ++m_pos;
            if (digits() == 0)
                return fail(QStringLiteral("a digit is missing in the exponent"));
        }
        const char *first = m_text.data() + begin;
        const char *last = m_text.data() + m_pos;
        // from_chars does not accept the '+' JSON never has, and reads '-' itself.
        const auto real = std::from_chars(first, last, out.real);
        if (real.ec != std::errc() || !std::isfinite(out.real)) {
            if (real.ec == std::errc::result_out_of_range && underflows(QByteArrayView(first, last))) {
                out.real = *first == '-' ? -0.0 : 0.0; // below double's smallest: it is zero
            } else {
                m_pos = begin;
                return fail(QStringLiteral("the number %1 is too large")
                                .arg(QString::fromLatin1(first, qsizetype(last - first)).left(40)));
            }
        }
        const auto single = std::from_chars(first, last, out.single);
        if (single.ec == std::errc::result_out_of_range) {
            // Beyond float32: keep the overflow visible as ±inf (refused where a float is needed);
            // an underflow rounds to what float() gives.
            out.single = std::abs(out.real) >= 1.0 ? (out.real < 0 ? -INFINITY : INFINITY) : float(out.real);
        }
        return true;
    }

    // How many numbers the text from here holds before anything that is not a number, a comma
    // or a space: the length of a number array, or an upper bound when the array turns out
    // mixed or broken. Reserving it spares a long row the doubling growth, which held one and a
    // half times the numbers at once (a 40 MB session of "0,0,..." peaked at 570 MB).
    qsizetype numbersAhead() const
    {
        qsizetype commas = 0;
        for (qsizetype i = m_pos; i < m_text.size(); ++i) {
            const char c = m_text[i];
            if (c == ',')
                ++commas;
            else if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' || c == ' '
                       || c == '\t' || c == '\n' || c == '\r'))
                break;
        }
        return commas + 1;
    }

    // from_chars says "out of range" for both ends; a negative exponent or a leading "0." is the small end.
    static bool underflows(QByteArrayView text)
    {
        return text.contains("e-") || text.contains("E-") || text.startsWith("0.") || text.startsWith("-0.");
    }

    static void appendUtf8(QByteArray &bytes, char32_t code)
    {
        if (code < 0x80) {
            bytes += char(code);
        } else if (code < 0x800) {
            bytes += char(0xC0 | (code >> 6));
            bytes += char(0x80 | (code & 0x3F));
        } else if (code < 0x10000) {
            bytes += char(0xE0 | (code >> 12));
            bytes += char(0x80 | ((code >> 6) & 0x3F));
            bytes += char(0x80 | (code & 0x3F));
        } else {
            bytes += char(0xF0 | (code >> 18));
            bytes += char(0x80 | ((code >> 12) & 0x3F));
            bytes += char(0x80 | ((code >> 6) & 0x3F));
            bytes += char(0x80 | (code & 0x3F));
        }
    }

    bool hex4(char32_t &out)
    {
        if (m_pos + 4 > m_text.size())
            return fail(QStringLiteral("the file ends inside a \\u escape (truncated?)"));
        out = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = m_text[m_pos++];
            out <<= 4;
            if (c >= '0' && c <= '9')
                out |= char32_t(c - '0');
            else if (c >= 'a' && c <= 'f')
                out |= char32_t(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                out |= char32_t(c - 'A' + 10);
            else
                return fail(QStringLiteral("a \\u escape needs four hexadecimal digits"));
        }
        return true;
    }

    bool parseString(QString &out)
    {
        ++m_pos; // opening quote
        QByteArray bytes;
        while (true) {
            if (atEnd())
                return fail(QStringLiteral("the file ends inside a string (truncated?)"));
            const char c = m_text[m_pos];
            if (c == '"') {
                ++m_pos;
                break;
            }
            if (static_cast<unsigned char>(c) < 0x20)
                return fail(QStringLiteral("a control character inside a string must be escaped"));
            if (c != '\\') {
                bytes += c;
                ++m_pos;
                continue;
            }
            ++m_pos;
            if (atEnd())
                return fail(QStringLiteral("the file ends inside a string (truncated?)"));
            const char escape = m_text[m_pos++];
            switch (escape) {
            case '"': bytes += '"'; break;
            case '\\': bytes += '\\'; break;
            case '/': bytes += '/'; break;
            case 'b': bytes += '\b'; break;
            case 'f': bytes += '\f'; break;
            case 'n': bytes += '\n'; break;
            case 'r': bytes += '\r'; break;
            case 't': bytes += '\t'; break;
            case 'u': {
                char32_t code = 0;
                if (!hex4(code))
                    return false;
                if (code >= 0xDC00 && code <= 0xDFFF)
                    return fail(QStringLiteral("a lone low surrogate in a \\u escape"));
                if (code >= 0xD800 && code <= 0xDBFF) {
                    char32_t low = 0;
                    if (peek() != '\\' || m_pos + 1 >= m_text.size() || m_text[m_pos + 1] != 'u')
                        return fail(QStringLiteral("a high surrogate without its low half"));
                    m_pos += 2;
                    if (!hex4(low))
                        return false;
                    if (low < 0xDC00 || low > 0xDFFF)
                        return fail(QStringLiteral("a high surrogate without its low half"));
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                }
                appendUtf8(bytes, code);
                break;
            }
            default:
                return fail(QStringLiteral("unknown escape \\%1").arg(QLatin1Char(escape)));
            }
        }
        // ConvertInitialBom: a string that starts with U+FEFF keeps it (the decoder would take it
        // for a byte-order mark and drop it). Gemma 3's vocabulary has both "\uFEFF//" and "//".
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
        out = decoder(bytes);
        if (decoder.hasError())
            return fail(QStringLiteral("a string is not valid UTF-8"));
        return true;
    }

    bool parseArray(JsonValue &out, int depth)
    {
        if (depth > m_limits.maxDepth)
            return fail(QStringLiteral("nested deeper than %1 levels").arg(m_limits.maxDepth));
        ++m_pos; // [
        JsonValue::Array array;
        array.numeric = true;
        skipSpace();
        if (peek() == ']') {
            ++m_pos;
            array.numeric = false;
            out.m_value = std::move(array);
            return true;
        }
        if (peek() == '-' || (peek() >= '0' && peek() <= '9'))
            array.numbers.reserve(size_t(std::min(numbersAhead(), m_limits.maxArrayNumbers - m_arrayNumbers)));
        while (true) {
            skipSpace();
            // Rows of numbers go straight into the flat list; the first non-number converts it.
            const char c = peek();
            if (array.numeric && (c == '-' || (c >= '0' && c <= '9'))) {
                if (++m_arrayNumbers > m_limits.maxArrayNumbers)
                    return failLimit(QStringLiteral("more than %1 numbers in arrays, the limit for this file")
                                         .arg(m_limits.maxArrayNumbers));
                JsonNumber number;
                if (!parseNumber(number))
                    return false;
                array.numbers.push_back(number);
            } else {
                if (array.numeric) {
                    // The numbers so far become nodes of their own: they count from here on.
                    if (!countValues(qsizetype(array.numbers.size())))
                        return false;
                    array.numeric = false;
                    array.items.reserve(array.numbers.size() + 1);
                    for (const JsonNumber &n : array.numbers) {
                        JsonValue v;
                        v.m_value = n;
                        array.items.push_back(std::move(v));
                    }
                    array.numbers = {};
                }
                JsonValue item;
                if (!parseValue(item, depth, {}))
                    return false;
                array.items.push_back(std::move(item));
            }
            skipSpace();
            if (atEnd())
                return fail(QStringLiteral("the file ends inside an array (truncated?)"));
            if (peek() == ',') {
                ++m_pos;
                continue;
            }
            if (peek() == ']') {
                ++m_pos;
                break;
            }
            return fail(QStringLiteral("expected , or ] in an array"));
        }
        out.m_value = std::move(array);
        return true;
    }

    // With `sink`, each member goes to it instead of into `out` (readJsonMembers).
    bool parseObject(JsonValue &out, int depth, QStringView parentKey, const MemberSink &sink)
    {
        if (depth > m_limits.maxDepth)
            return fail(QStringLiteral("nested deeper than %1 levels").arg(m_limits.maxDepth));
        ++m_pos; // {
        JsonValue::Object object;
        QSet<QString> seen;
        skipSpace();
        if (peek() == '}') {
            ++m_pos;
            out.m_value = std::move(object);
            return true;
        }
        while (true) {
            skipSpace();
            if (atEnd())
                return fail(QStringLiteral("the file ends inside an object (truncated?)"));
            if (peek() != '"')
                return fail(QStringLiteral("expected a key in quotes"));
            QString key;
            if (!parseString(key))
                return false;
            if (seen.contains(key)) {
                if (m_describeDuplicate)
                    return fail(m_describeDuplicate(JsonDuplicateKey{depth, parentKey, key}));
                return fail(QStringLiteral("the key \"%1\" appears twice").arg(key.left(80)));
            }
            seen.insert(key);
            skipSpace();
            if (peek() != ':')
                return fail(atEnd() ? QStringLiteral("the file ends inside an object (truncated?)")
                                    : QStringLiteral("expected : after a key"));
            ++m_pos;
            skipSpace();
            JsonValue item;
            if (!parseValue(item, depth, key))
                return false;
            if (sink) {
                if (!sink(std::move(key), std::move(item)))
                    return false;
            } else {
                object.keys.push_back(std::move(key));
                object.items.push_back(std::move(item));
            }
            skipSpace();
            if (atEnd())
                return fail(QStringLiteral("the file ends inside an object (truncated?)"));
            if (peek() == ',') {
                ++m_pos;
                continue;
            }
            if (peek() == '}') {
                ++m_pos;
                break;
            }
            return fail(QStringLiteral("expected , or } in an object"));
        }
        out.m_value = std::move(object);
        return true;
    }

    QByteArrayView m_text;
    QString m_name;
    JsonLimits m_limits;
    std::function<QString(const JsonDuplicateKey &)> m_describeDuplicate;
    qsizetype m_pos = 0;
    qsizetype m_values = 0;
    qsizetype m_arrayNumbers = 0;
    QString m_error;
};

Expected<JsonValue> parseJson(QByteArrayView text, const QString &displayName, const JsonLimits &limits)
{
    return JsonParser(text, displayName, limits).parseDocument();
}

Expected<qsizetype> readJsonMembers(QByteArrayView text, const QString &displayName, const JsonMemberReader &reader)
{
    return JsonParser(text, displayName, reader.limits).readMembers(reader);
}

} // namespace attn::io
