#pragma once

#include <QByteArray>
#include <QString>

#include <cstdio>
#include <cstdlib>

// Harnesses check properties beyond "no crash": a violated one aborts, so libFuzzer records the
// input as a finding just like a sanitizer report.
#define AE_FUZZ_CHECK(condition, what)                                                                  \
    do {                                                                                                \
        if (!(condition)) {                                                                             \
            std::fprintf(stderr, "fuzz check failed at %s:%d: %s (%s)\n", __FILE__, __LINE__, #condition, \
                         QString(what).toUtf8().constData());                                           \
            std::abort();                                                                               \
        }                                                                                               \
    } while (false)

namespace attn::fuzz {

// Every loader's message must name its input: a message without the display name would leave a
// person guessing which of the files was wrong.
inline bool namesInput(const QString &message, const QString &displayName)
{
    return !message.isEmpty() && message.contains(displayName);
}

// The fuzzer's bytes as a file's bytes arrive (QFile::readAll): a copy of exactly `size` bytes, so
// AddressSanitizer sees any read past them.
inline QByteArray bytesOf(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

} // namespace attn::fuzz
