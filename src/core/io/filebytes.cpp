#include "filebytes.h"

#include "regularfile.h"

#include <QSaveFile>

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace attn::io {
namespace {

// size < 0: not known (the file grew while it was read, or reported no size).
QString tooLargeMessage(const QString &name, qint64 size, qint64 maxBytes)
{
    const QString limit = QString::number(double(maxBytes) / (1024.0 * 1024.0), 'g', 4);
    const QString has = size >= 0 ? QStringLiteral("has %1 MiB").arg(double(size) / (1024.0 * 1024.0), 0, 'f', 1)
                                  : QStringLiteral("goes on past %1 MiB").arg(limit);
    return QStringLiteral("%1: the file %2; files above %3 MiB are not read").arg(name, has, limit);
}

// Reads until the end or until one byte past maxBytes, whichever comes first: the reported size
// only decides how much to reserve, never how much may arrive.
Expected<BytesUpToCap> readBounded(int descriptor, qint64 sizeHint, qint64 maxBytes, const QString &name)
{
    BytesUpToCap read;
    QByteArray &bytes = read.bytes;
    bytes.reserve(qsizetype(std::clamp<qint64>(sizeHint, 0, maxBytes) + 1));
    constexpr qint64 kChunk = 1 << 20;
    while (true) {
        const qint64 room = std::min(kChunk, maxBytes + 1 - qint64(bytes.size()));
        const qsizetype before = bytes.size();
        bytes.resize(before + qsizetype(room));
        const ssize_t got = ::read(descriptor, bytes.data() + before, size_t(room));
        if (got < 0) {
            bytes.resize(before);
            if (errno == EINTR)
                continue;
            return Error{name % QStringLiteral(": could not read the whole file: ") % systemReason(errno)};
        }
        bytes.resize(before + qsizetype(got));
        if (got == 0)
            return read;
        if (qint64(bytes.size()) > maxBytes) {
            bytes.resize(qsizetype(maxBytes));
            read.whole = false;
            return read;
        }
    }
}

// Writes every byte, or says why not. A short write is retried: devices and pipes may take a
// write in parts, and only the next call reports the real reason (ENOSPC, EFBIG, EPIPE).
QString writeAll(int descriptor, const QByteArray &bytes, const QString &name)
{
    qint64 done = 0;
    while (done < bytes.size()) {
        const ssize_t wrote = ::write(descriptor, bytes.constData() + done, size_t(bytes.size() - done));
        if (wrote < 0) {
            if (errno == EINTR)
                continue;
            return QStringLiteral("%1: cannot write the file: %4 (after %2 of %3 bytes)")
                .arg(name).arg(done).arg(bytes.size()).arg(systemReason(errno));
        }
        done += wrote;
    }
    return {};
}

// True when the path names the same open file as the descriptor (the same device and inode).
bool isSameFileAs(const struct stat &target, int descriptor)
{
    struct stat open {};
    return ::fstat(descriptor, &open) == 0 && open.st_dev == target.st_dev && open.st_ino == target.st_ino;
}

QString writeToDevice(const QString &path, FileKind kind, const QByteArray &bytes)
{
    // O_NONBLOCK on open only: a FIFO with no reader fails at once (ENXIO) instead of waiting.
    const int descriptor = ::open(nativePath(path).constData(), O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (descriptor < 0) {
        const int error = errno;
        if (error == ENXIO && kind == FileKind::NamedPipe)
            return QStringLiteral("%1: cannot write the file: it is a named pipe (FIFO) with no reader; start the reader first")
                .arg(shownPath(path));
        return QStringLiteral("%1: cannot write the file: %2").arg(shownPath(path), systemReason(error));
    }
    ::fcntl(descriptor, F_SETFL, ::fcntl(descriptor, F_GETFL) & ~O_NONBLOCK);
    const QString failure = writeAll(descriptor, bytes, shownPath(path));
    const bool closed = ::close(descriptor) == 0;
    if (failure.isEmpty() && !closed)
        return QStringLiteral("%1: cannot write the file: %2").arg(shownPath(path), systemReason(errno));
    return failure;
}

QString replaceAtomically(const QString &path, const QByteArray &bytes)
{
    const QString shown = shownPath(path);
    // QSaveFile follows a symbolic link to its target, so the link stays and the target is replaced.
    QSaveFile file(path);
    // Unbuffered: every byte reaches the kernel inside write(), where a short write (full disk,
    // quota, file size limit) is seen. Buffered, a small file is written only by commit(), and Qt 6.4's
    // commit() does not notice that flush failed: it would replace the target with a truncated file.
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return QStringLiteral("%1: cannot write the file: %2").arg(shown, file.errorString());
    const qint64 written = file.write(bytes);
    if (written != bytes.size()) {
        // A short write sets no error: say what happened instead of "Unknown error".
        const QString reason = written >= 0
            ? QStringLiteral("only %1 of %2 bytes could be written (is the disk full, or a file size limit set?)")
                  .arg(written).arg(bytes.size())
            : file.errorString();
        file.cancelWriting();
        return QStringLiteral("%1: cannot write the file: %2; the previous file is unchanged").arg(shown, reason);
    }
    if (!file.commit())
        return QStringLiteral("%1: cannot write the file: %2; the previous file is unchanged").arg(shown, file.errorString());
    return {};
}

} // namespace

Expected<BytesUpToCap> readFileUpTo(const QString &path, qint64 maxBytes)
{
    Expected<RegularFile> file = RegularFile::open(path);
    if (!file)
        return Error{file.error()};
    return readBounded(file->descriptor(), file->reportedSize(), maxBytes, shownPath(path));
}

Expected<QByteArray> readFileBytes(const QString &path, qint64 maxBytes)
{
    Expected<RegularFile> file = RegularFile::open(path);
    if (!file)
        return Error{file.error()};
    // A file that claims too much is refused before anything is allocated or read.
    if (file->reportedSize() > maxBytes)
        return Error{tooLargeMessage(shownPath(path), file->reportedSize(), maxBytes)};
    Expected<BytesUpToCap> read = readBounded(file->descriptor(), file->reportedSize(), maxBytes, shownPath(path));
    if (!read)
        return Error{read.error()};
    if (!read->whole) // it grew while it was read, or its size was not reported
        return Error{tooLargeMessage(shownPath(path), -1, maxBytes)};
    return std::move(read->bytes);
}

Expected<BytesUpToCap> readStandardInputUpTo(qint64 maxBytes)
{
    struct stat status {};
    const qint64 hint = ::fstat(STDIN_FILENO, &status) == 0 && S_ISREG(status.st_mode) ? qint64(status.st_size) : 0;
    return readBounded(STDIN_FILENO, hint, maxBytes, QStringLiteral("standard input"));
}

QString writeFile(const QString &path, const QByteArray &bytes)
{
    if (path == QLatin1String("-"))
        return writeAll(STDOUT_FILENO, bytes, QStringLiteral("standard output"));
    struct stat status {};
    if (::stat(nativePath(path).constData(), &status) != 0) {
        if (errno == ENOENT) // nothing there yet (or a dangling link: its target is created)
            return replaceAtomically(path, bytes);
        return QStringLiteral("%1: cannot write the file: %2").arg(shownPath(path), systemReason(errno));
    }
    for (const int stream : {STDOUT_FILENO, STDERR_FILENO}) {
        if (isSameFileAs(status, stream))
            return writeAll(stream, bytes, shownPath(path));
    }
    switch (const FileKind kind = fileKindOfMode(status.st_mode)) {
    case FileKind::Regular:
        return replaceAtomically(path, bytes);
    case FileKind::CharacterDevice:
    case FileKind::NamedPipe:
        return writeToDevice(path, kind, bytes);
    case FileKind::Folder:
        return QStringLiteral("%1: cannot write the file: it is a folder").arg(shownPath(path));
    default:
        return QStringLiteral("%1: cannot write the file: it is %2; only regular files, character devices and named pipes "
                              "are written").arg(shownPath(path), describeFileKind(kind));
    }
}

} // namespace attn::io
