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
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("%1: cannot be written: %2").arg(path, file.errorString());
    if (file.write(bytes) != bytes.size()) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return QStringLiteral("%1: writing failed: %2; the previous file is unchanged").arg(path, reason);
    }
    if (!file.commit())
        return QStringLiteral("%1: saving failed: %2; the previous file is unchanged").arg(path, file.errorString());
    return {};
}

} // namespace attn::io
