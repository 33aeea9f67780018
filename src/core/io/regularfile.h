#pragma once

#include "core/expected.h"

#include <QByteArray>
#include <QString>

namespace attn::io {

// What a path names, as the readers and writers tell them apart. Paths are followed through
// symbolic links: a link to a regular file is a regular file.
enum class FileKind { Regular, Folder, NamedPipe, CharacterDevice, BlockDevice, Socket, Other };

// "a named pipe (FIFO)", "a character device", ... for messages.
QString describeFileKind(FileKind kind);

// The bytes the operating system gets for a path (QFile::encodeName).
QByteArray nativePath(const QString &path);

// The path as a person should see it in a message (native separators).
QString shownPath(const QString &path);

// The kind of a stat() st_mode.
FileKind fileKindOfMode(unsigned int mode);

// The message of a refused kind, e.g. "x: is a named pipe (FIFO), not a regular file".
QString notRegularFileMessage(const QString &path, FileKind kind);

// The reason of a failed system call, as a message ends: "no such file", "permission denied", ...
QString systemReason(int error);

// An open, read-only descriptor of a regular file, closed by the destructor. Opening never blocks:
// a named pipe with no writer, a device or a socket is refused before a single byte is read, so
// no reader can hang on a FIFO or read /dev/zero until memory runs out.
class RegularFile
{
public:
    static Expected<RegularFile> open(const QString &path);

    RegularFile(RegularFile &&other) noexcept;
    RegularFile &operator=(RegularFile &&other) noexcept;
    RegularFile(const RegularFile &) = delete;
    RegularFile &operator=(const RegularFile &) = delete;
    ~RegularFile();

    int descriptor() const { return m_descriptor; }
    // The size the file system reports when it was opened. A hint only: a file may grow or shrink
    // while it is read, and files under /proc report 0; readers stop at their own cap.
    qint64 reportedSize() const { return m_reportedSize; }

private:
    RegularFile(int descriptor, qint64 reportedSize) : m_descriptor(descriptor), m_reportedSize(reportedSize) {}

    int m_descriptor = -1;
    qint64 m_reportedSize = 0;
};

} // namespace attn::io
