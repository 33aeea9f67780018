#include "regularfile.h"

#include <QDir>
#include <QFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace attn::io {
FileKind fileKindOfMode(unsigned int mode)
{
    if (S_ISREG(mode))
        return FileKind::Regular;
    if (S_ISDIR(mode))
        return FileKind::Folder;
    if (S_ISFIFO(mode))
        return FileKind::NamedPipe;
    if (S_ISCHR(mode))
        return FileKind::CharacterDevice;
    if (S_ISBLK(mode))
        return FileKind::BlockDevice;
    if (S_ISSOCK(mode))
        return FileKind::Socket;
    return FileKind::Other;
}

QString describeFileKind(FileKind kind)
{
    switch (kind) {
    case FileKind::Regular:
        return QStringLiteral("a regular file");
    case FileKind::Folder:
        return QStringLiteral("a folder");
    case FileKind::NamedPipe:
        return QStringLiteral("a named pipe (FIFO)");
    case FileKind::CharacterDevice:
        return QStringLiteral("a character device");
    case FileKind::BlockDevice:
        return QStringLiteral("a block device");
    case FileKind::Socket:
        return QStringLiteral("a socket");
    case FileKind::Other:
        break;
    }
    return QStringLiteral("a special file");
}

QByteArray nativePath(const QString &path)
{
    return QFile::encodeName(path);
}

QString shownPath(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

QString systemReason(int error)
{
    switch (error) {
    case ENOENT:
        return QStringLiteral("no such file");
    case EACCES:
    case EPERM:
        return QStringLiteral("permission denied");
    case ENOSPC:
        return QStringLiteral("no space left on the device");
    case EFBIG:
        return QStringLiteral("the file would exceed the largest size allowed (ulimit -f, or the file system's limit)");
    case EDQUOT:
        return QStringLiteral("the disk quota is used up");
    case ENOTDIR:
        return QStringLiteral("a part of the path is a file, not a folder");
    case ELOOP:
        return QStringLiteral("too many levels of symbolic links");
    case ENAMETOOLONG:
        return QStringLiteral("the name is too long");
    case EROFS:
        return QStringLiteral("the file system is read-only");
    default:
        break;
    }
    return QString::fromLocal8Bit(std::strerror(error));
}

QString notRegularFileMessage(const QString &path, FileKind kind)
{
    if (kind == FileKind::Folder)
        return shownPath(path) % QStringLiteral(": is a folder, not a file");
    return shownPath(path) % QStringLiteral(": is ") % describeFileKind(kind)
           % QStringLiteral(", not a regular file; only regular files are read");
}

Expected<RegularFile> RegularFile::open(const QString &path)
{
    // O_NONBLOCK: opening a FIFO that has no writer would otherwise wait for one forever. The kind
    // is then checked on the open descriptor itself, so nothing can swap the file in between.
    const int descriptor = ::open(nativePath(path).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (descriptor < 0) {
        const int error = errno;
        if (error == ENOENT)
            return Error{shownPath(path) % QStringLiteral(": no such file")};
        return Error{shownPath(path) % QStringLiteral(": cannot be read: ") % systemReason(error)};
    }
    RegularFile file(descriptor, 0);
    struct stat status {};
    if (::fstat(descriptor, &status) != 0)
        return Error{shownPath(path) % QStringLiteral(": cannot be read: ") % systemReason(errno)};
    const FileKind kind = fileKindOfMode(status.st_mode);
    if (kind != FileKind::Regular)
        return Error{notRegularFileMessage(path, kind)};
    // Regular files never block; clearing the flag keeps reads ordinary on unusual file systems.
    ::fcntl(descriptor, F_SETFL, ::fcntl(descriptor, F_GETFL) & ~O_NONBLOCK);
    file.m_reportedSize = qint64(status.st_size);
    return file;
}

RegularFile::RegularFile(RegularFile &&other) noexcept
    : m_descriptor(std::exchange(other.m_descriptor, -1)), m_reportedSize(other.m_reportedSize)
{
}

RegularFile &RegularFile::operator=(RegularFile &&other) noexcept
{
    if (this != &other) {
        if (m_descriptor >= 0)
            ::close(m_descriptor);
        m_descriptor = std::exchange(other.m_descriptor, -1);
        m_reportedSize = other.m_reportedSize;
    }
    return *this;
}

RegularFile::~RegularFile()
{
    if (m_descriptor >= 0)
        ::close(m_descriptor);
}

} // namespace attn::io
