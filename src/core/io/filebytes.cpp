#include "filebytes.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace attn::io {

Expected<QByteArray> readFileBytes(const QString &path, qint64 maxBytes)
{
    const QFileInfo info(path);
    if (!info.exists())
        return Error{QStringLiteral("%1: no such file").arg(path)};
    if (info.isDir())
        return Error{QStringLiteral("%1: is a folder, not a file").arg(path)};
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("%1: cannot be read: %2").arg(path, file.errorString())};
    const qint64 size = file.size();
    if (size > maxBytes)
        return Error{QStringLiteral("%1: the file has %2 MiB; files above %3 MiB are not read")
                         .arg(path).arg(double(size) / (1024.0 * 1024.0), 0, 'f', 1).arg(maxBytes / (1024 * 1024))};
    QByteArray bytes = file.read(size);
    if (bytes.size() != size)
        return Error{QStringLiteral("%1: could not read the whole file: %2").arg(path, file.errorString())};
    return bytes;
}

QString writeFileAtomically(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    // Unbuffered: every byte reaches the kernel inside write(), where a short write (full disk,
    // quota, file size limit) is seen. Buffered, a small file is written only by commit(), and Qt 6.4's
    // commit() does not notice that flush failed: it would replace the target with a truncated file.
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return QStringLiteral("%1: cannot be written: %2").arg(path, file.errorString());
    const qint64 written = file.write(bytes);
    if (written != bytes.size()) {
        // A short write sets no error: say what happened instead of "Unknown error".
        const QString reason = written >= 0
            ? QStringLiteral("only %1 of %2 bytes could be written (is the disk full?)").arg(written).arg(bytes.size())
            : file.errorString();
        file.cancelWriting();
        return QStringLiteral("%1: writing failed: %2; the previous file is unchanged").arg(path, reason);
    }
    if (!file.commit())
        return QStringLiteral("%1: saving failed: %2; the previous file is unchanged").arg(path, file.errorString());
    return {};
}

} // namespace attn::io
