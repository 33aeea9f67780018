#pragma once

#include "core/expected.h"

#include <QByteArrayView>
#include <QString>
#include <QStringView>

#include <functional>
#include <limits>
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

// What one document may cost. A node costs sizeof(JsonValue) (~64 bytes) whatever its text, so a
// 40 MB file of "[],[],..." would otherwise become 13 million nodes and over a gigabyte.
struct JsonLimits
{
    int maxDepth = 64;
    // Values kept at once, not counting numbers inside number arrays (matrix entries are stored
    // flat, ~16 bytes each): arrays, objects, strings, true/false/null and numbers elsewhere. A
    // matrix row is one. A GPT-2-sized session (12 heads of 768 x 64) holds ~30,000.
    qsizetype maxValues = 1'000'000;
    // Numbers inside number arrays. Unbounded by default: matrices are what a session really
    // keeps. Readers whose arrays are short (a safetensors shape) set it low.
    qsizetype maxArrayNumbers = std::numeric_limits<qsizetype>::max();
};

// Parses a whole document. Refuses what RFC 8259 refuses, plus: nesting deeper than
// limits.maxDepth, more than limits.maxValues values or limits.maxArrayNumbers numbers in arrays,
// duplicate keys, numbers beyond double's range, invalid UTF-8 and lone surrogates. Messages name
// the file (displayName) and the line and column.
Expected<JsonValue> parseJson(QByteArrayView text, const QString &displayName, const JsonLimits &limits = {});

// A key that appears twice in one object, for a reader's own wording of the message.
struct JsonDuplicateKey
{
    int depth = 0;          // of the object that holds it: 1 for the top-level object
    QStringView parentKey;  // the key that object sits under in its parent object; empty otherwise
    QStringView key;
};

// Reading a top-level object one member at a time, for files whose members are many and whose
// whole tree is not needed (vocab.json, a safetensors header): each member is parsed, handed to
// onMember and dropped, so memory is what onMember keeps. The strictness is parseJson's; the
// budgets of `limits` apply to each member's value on its own.
struct JsonMemberReader
{
    JsonLimits limits;
    // Called in file order. An empty result goes on; anything else stops the parse and is the
    // message, as it is.
    std::function<QString(QString &&key, JsonValue &&value)> onMember;
    // The reason shown for a duplicate key, after the line and column; empty: "the key "k"
    // appears twice".
    std::function<QString(const JsonDuplicateKey &)> describeDuplicate;
};

// Fails when the document is not an object or not valid JSON (messages as parseJson's), or with
// onMember's message. Returns the number of members.
Expected<qsizetype> readJsonMembers(QByteArrayView text, const QString &displayName, const JsonMemberReader &reader);

} // namespace attn::io
