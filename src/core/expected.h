#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace attn {

// A failure that can be shown to a person as it is: it names the file, tensor, flag or value
// that is wrong and what was expected.
struct Error
{
    QString message;
};

// std::expected arrives with C++23; this is the small part of it the engine needs.
template <typename T>
class Expected
{
public:
    Expected(T value) : m_state(std::move(value)) {}
    Expected(Error error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_state); }
    T &value() & { return std::get<T>(m_state); }
    T &&value() && { return std::get<T>(std::move(m_state)); }
    const T *operator->() const { return &std::get<T>(m_state); }
    T *operator->() { return &std::get<T>(m_state); }
    const T &operator*() const & { return value(); }
    T &operator*() & { return value(); }

    const QString &error() const { return std::get<Error>(m_state).message; }

private:
    std::variant<T, Error> m_state;
};

} // namespace attn

// Inside a function returning an Expected (or anything an Error converts to): assigns the value of
// the Expected `expression` to `target`, or returns its error. For readers that check many fields
// in a row, where an if per field would hide what is read.
#define AE_TRY(target, expression)        \
    do {                                  \
        auto value_ = (expression);       \
        if (!value_)                      \
            return Error{value_.error()}; \
        target = *value_;                 \
    } while (false)
