#pragma once

#include "core/expected.h"

#include <QByteArrayView>
#include <QString>

#include <variant>
#include <vector>

namespace attn::io {

// One JSON number, read straight from its text into both widths. QJsonDocument goes through double
// only and turns "-0" into +0; reading "0.1" to double and then rounding to float can in rare cases
// round twice. Both would break "a saved session reproduces every float bit for bit".
struct JsonNumber
{
    double real = 0.0;
    float single = 0.f; // ±inf when the text is beyond float32's range
};

// A parsed JSON value (RFC 8259). Arrays whose elements are all numbers — matrix rows — are kept as
// a flat list of numbers, so a matrix costs ~16 bytes per entry, not a node per entry.
class JsonValue
{
public:
    enum class Type { Null, Bool, Number, String, Array, Object };

    Type type() const;
    bool isNull() const { return type() == Type::Null; }
    bool isBool() const { return type() == Type::Bool; }
    bool isNumber() const { return type() == Type::Number; }
    bool isString() const { return type() == Type::String; }
    bool isArray() const { return type() == Type::Array; }
    bool isObject() const { return type() == Type::Object; }
    // "a number", "an array", ... for messages.
    QString typeName() const;

    bool toBool() const;
    const JsonNumber &number() const;
    const QString &string() const;

    // Arrays: size() elements; a number array answers numbers(), any other array items().
    qsizetype size() const;
    bool isNumberArray() const;
    const std::vector<JsonNumber> &numbers() const;
    const std::vector<JsonValue> &items() const;

    // Objects: keys in file order, values alongside; find() is nullptr when the key is missing.
    const std::vector<QString> &keys() const;
    const std::vector<JsonValue> &values() const { return items(); }
    const JsonValue *find(QStringView key) const;

private:
    friend class JsonParser;
    struct Array
    {
        std::vector<JsonValue> items;
        std::vector<JsonNumber> numbers; // used instead of items when every element is a number
        bool numeric = false;
    };
    struct Object
    {
        std::vector<QString> keys;
        std::vector<JsonValue> items;
    };
    std::variant<std::monostate, bool, JsonNumber, QString, Array, Object> m_value;
};

// Parses a whole document. Refuses what RFC 8259 refuses, plus: nesting deeper than 64, duplicate
// keys, numbers beyond double's range, invalid UTF-8 and lone surrogates. Messages name the file
// (displayName) and the line and column.
Expected<JsonValue> parseJson(QByteArrayView text, const QString &displayName);

} // namespace attn::io
