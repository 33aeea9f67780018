#include "configobject.h"

#include <QStringBuilder>

#include <cmath>

namespace attn::io {
namespace {

QString quotedAndShortened(const QString &text)
{
    return QLatin1Char('"') % text.left(60) % QLatin1Char('"');
}

} // namespace

QString describeJsonValue(const JsonValue &value)
{
    return describeJsonValue(value, quotedAndShortened);
}

QString describeJsonValue(const JsonValue &value, QString (*describeString)(const QString &))
{
    switch (value.type()) {
    case JsonValue::Type::Null:
        return QStringLiteral("null");
    case JsonValue::Type::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case JsonValue::Type::Number:
        return QString::number(value.number().real, 'g', 17);
    case JsonValue::Type::String:
        return describeString(value.string());
    case JsonValue::Type::Array:
        return QStringLiteral("an array");
    case JsonValue::Type::Object:
        return QStringLiteral("an object");
    }
    return QStringLiteral("nothing");
}

ConfigObjectReader::ConfigObjectReader(const JsonValue &object, QString displayName, Null null)
    : m_object(object), m_name(std::move(displayName)), m_null(null)
{
}

const JsonValue *ConfigObjectReader::find(const char *key) const
{
    return m_object.find(QString::fromLatin1(key));
}

bool ConfigObjectReader::absent(const char *key) const
{
    const JsonValue *value = find(key);
    return !value || value->isNull();
}

bool ConfigObjectReader::present(const JsonValue *value) const
{
    return value && !(m_null == Null::IsMissing && value->isNull());
}

QString ConfigObjectReader::keyOf(std::initializer_list<const char *> keys) const
{
    for (const char *key : keys)
        if (present(find(key)))
            return QLatin1String(key);
    return {};
}

Expected<int> ConfigObjectReader::integer(std::initializer_list<const char *> keys, int low, int high) const
{
    const QString key = keyOf(keys);
    if (key.isEmpty())
        return Error{m_name % QStringLiteral(": the key \"%1\" is missing").arg(QLatin1String(*keys.begin()))};
    const JsonValue &value = *m_object.find(key);
    const double number = value.isNumber() ? value.number().real : std::nan("");
    if (!value.isNumber() || number != std::floor(number) || number < low || number > high)
        return Error{m_name % QStringLiteral(": \"%1\" must be a whole number from %2 to %3, found %4")
                                  .arg(key).arg(low).arg(high).arg(describeJsonValue(value))};
    return int(number);
}

Expected<int> ConfigObjectReader::integer(const char *key, int low, int high, int otherwise) const
{
    return absent(key) ? Expected<int>(otherwise) : integer(key, low, high);
}

Expected<double> ConfigObjectReader::real(std::initializer_list<const char *> keys, double low, double high,
                                          double otherwise) const
{
    const QString key = keyOf(keys);
    if (key.isEmpty())
        return otherwise;
    const JsonValue &value = *m_object.find(key);
    const double number = value.isNumber() ? value.number().real : std::nan("");
    if (!value.isNumber() || !(number > low && number < high))
        return Error{m_name % QStringLiteral(": \"%1\" must be a number above %2 and below %3, found %4")
                                  .arg(key).arg(low).arg(high).arg(describeJsonValue(value))};
    return number;
}

Expected<bool> ConfigObjectReader::boolean(const char *key, bool otherwise) const
{
    if (absent(key))
        return otherwise;
    const JsonValue &value = *find(key);
    if (!value.isBool())
        return Error{m_name % QStringLiteral(": \"%1\" must be true or false, found %2")
                                  .arg(QLatin1String(key), describeJsonValue(value))};
    return value.toBool();
}

bool ConfigObjectReader::flag(const char *key, bool otherwise) const
{
    const JsonValue *value = find(key);
    return value && value->isBool() ? value->toBool() : otherwise;
}

} // namespace attn::io
