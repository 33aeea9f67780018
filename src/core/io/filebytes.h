#pragma once

#include "core/expected.h"

#include <QByteArray>
#include <QString>

namespace attn::io {

// The largest matrix or session JSON file read: the biggest teaching model a person can configure
// with useful sizes fits easily, and parsing stays within a few times this in memory.
constexpr qint64 kMaxJsonFileBytes = 256ll * 1024 * 1024;
// The largest .npy file read (one matrix).
constexpr qint64 kMaxNpyFileBytes = 1024ll * 1024 * 1024;

// The whole file, or a message naming it: missing, unreadable, a folder, or larger than maxBytes
// (checked against the file's size before anything is allocated).
Expected<QByteArray> readFileBytes(const QString &path, qint64 maxBytes);

// Writes through QSaveFile: the bytes go to a temporary file that replaces the target only when
// everything was written, so a failed save leaves the old file as it was. Empty on success,
// otherwise a message naming the file.
QString writeFileAtomically(const QString &path, const QByteArray &bytes);

} // namespace attn::io
