#pragma once

#include "core/expected.h"
#include "core/io/jsonvalue.h"

#include <QString>

#include <initializer_list>

namespace attn::io {

// What a JSON value is, for messages about a value of the wrong kind: null, true, 0.5, "text"
// (strings quoted and cut to 60 characters), an array, an object.
QString describeJsonValue(const JsonValue &value);

// The same, with strings shown by `describeString`, for files that quote names their own way.
QString describeJsonValue(const JsonValue &value, QString (*describeString)(const QString &));

// Reads the settings of one JSON object, such as a config.json; every message names the file, the
// key and what it found. Where a setting has aliases, the first key present is read and named.
class ConfigObjectReader
{
public:
    // Hugging Face writes null for "use the default"; GPT-2's own reader reports it as a wrong value.
    enum class Null { IsMissing, IsAValue };

    ConfigObjectReader(const JsonValue &object, QString displayName, Null null = Null::IsMissing);

    const JsonValue *find(const char *key) const;
    // Missing or null, whatever `Null` says: the cue for a default.
    bool absent(const char *key) const;
    // The first of `keys` that is present, or empty.
    QString keyOf(std::initializer_list<const char *> keys) const;

    // A whole number in [low, high]; missing is an error naming the first key.
    Expected<int> integer(std::initializer_list<const char *> keys, int low, int high) const;
    Expected<int> integer(const char *key, int low, int high) const { return integer({key}, low, high); }
    // The same, or `otherwise` when missing or null.
    Expected<int> integer(const char *key, int low, int high, int otherwise) const;
    // A number in (low, high), or `otherwise` when missing.
    Expected<double> real(std::initializer_list<const char *> keys, double low, double high, double otherwise) const;
    Expected<double> real(const char *key, double low, double high, double otherwise) const
    {
        return real({key}, low, high, otherwise);
    }
    // true or false, or `otherwise` when missing or null; anything else is an error.
    Expected<bool> boolean(const char *key, bool otherwise) const;
    // A switch read leniently: its value when true or false, `otherwise` for anything else.
    bool flag(const char *key, bool otherwise) const;

    const JsonValue &object() const { return m_object; }
    const QString &name() const { return m_name; }

private:
    bool present(const JsonValue *value) const;

    const JsonValue &m_object;
    QString m_name;
    Null m_null;
};

} // namespace attn::io
