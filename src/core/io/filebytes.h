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

// The whole of a regular file, or a message naming it: missing, unreadable, a folder, a FIFO, a
// device or a socket (refused before anything is read), or larger than maxBytes. The cap holds
// whatever size the file claims: a file that reports more is refused before anything is
// allocated, and one that reports less (files under /proc, a file growing while it is read) is
// read only up to the cap.
Expected<QByteArray> readFileBytes(const QString &path, qint64 maxBytes);

// The first bytes of a file or a stream, up to a cap: for inputs whose limit is not in bytes (a
// text's length in characters), so that the caller can say what the limit is in its own terms.
struct BytesUpToCap
{
    QByteArray bytes; // at most the cap
    bool whole = true; // false: there was more than the cap
};

// readFileBytes' checks and refusals, but more than maxBytes is not an error: `whole` says it.
Expected<BytesUpToCap> readFileUpTo(const QString &path, qint64 maxBytes);

// Standard input (a pipe, a terminal or a redirected file) up to maxBytes.
Expected<BytesUpToCap> readStandardInputUpTo(qint64 maxBytes);

// The one way the program writes a whole file. Empty on success, otherwise a message naming the
// path. What happens depends on what the path names now:
// - "-": the bytes go to standard output.
// - a regular file (also through a symbolic link, which is kept), or nothing yet: the bytes go to a
//   temporary file beside the target that replaces it only when everything was written, so a
//   failed save (disk full, ulimit -f, no permission) leaves the old file as it was;
// - this process's standard output or error, however it is named (/dev/stdout, /proc/self/fd/1):
//   written there directly, so a shell's redirection (> or >>) is kept;
// - a character device or a named pipe (/dev/null, /dev/full, a FIFO with a reader): written
//   directly, never replaced; a FIFO with no reader is refused instead of waiting;
// - a folder, a socket, a block device or another special file: refused.
QString writeFile(const QString &path, const QByteArray &bytes);

} // namespace attn::io
