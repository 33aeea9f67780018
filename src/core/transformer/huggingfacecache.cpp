#include "huggingfacecache.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace attn {
namespace {

// A repository folder's snapshot: the commit refs/main names, else the only snapshot there is.
Expected<QString> snapshotOf(const QString &repository)
{
    const QDir snapshots(repository + QStringLiteral("/snapshots"));
    QFile ref(repository + QStringLiteral("/refs/main"));
    if (ref.open(QIODevice::ReadOnly)) {
        const QString commit = QString::fromLatin1(ref.read(128)).trimmed(); // a 40-hex commit id
        static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{7,64}$"));
        if (hex.match(commit).hasMatch() && snapshots.exists(commit))
            return snapshots.filePath(commit);
    }
    const QStringList entries = snapshots.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    if (entries.size() == 1)
        return snapshots.filePath(entries.front());
    if (entries.isEmpty())
        return Error{QDir::toNativeSeparators(repository)
                     + QStringLiteral(": a Hugging Face cache folder without snapshots (the download did not finish?)")};
    return Error{QDir::toNativeSeparators(repository)
                 + QStringLiteral(": %1 snapshots and no refs/main to choose one; give the snapshot folder itself (%2)")
                       .arg(entries.size())
                       .arg(entries.join(QStringLiteral(", ")))};
}

} // namespace

QString modelDisplayName(const QString &folder)
{
    const QFileInfo info(folder);
    const QDir snapshots = info.absoluteDir();
    if (snapshots.dirName() == QLatin1String("snapshots")) {
        const QString repository = QFileInfo(QFileInfo(snapshots.absolutePath()).absolutePath()).fileName();
        if (repository.startsWith(QLatin1String("models--")))
            return repository.mid(8).replace(QStringLiteral("--"), QStringLiteral("/"));
    }
    return info.fileName();
}

QString huggingFaceHubCache()
{
    if (const QString hub = qEnvironmentVariable("HF_HUB_CACHE"); !hub.isEmpty())
        return hub;
    if (const QString home = qEnvironmentVariable("HF_HOME"); !home.isEmpty())
        return home + QStringLiteral("/hub");
    return QDir::homePath() + QStringLiteral("/.cache/huggingface/hub");
}

Expected<QString> resolveModelFolder(const QString &path)
{
    const QFileInfo info(path);
    if (info.isDir()) {
        if (QFileInfo::exists(path + QStringLiteral("/config.json")) || !QFileInfo::exists(path + QStringLiteral("/snapshots")))
            return path;
        return snapshotOf(path);
    }
    if (info.exists())
        return path;
    // org/name (or a bare name): only letters, digits and -_. as the hub allows, one slash at most.
    static const QRegularExpression id(QStringLiteral("^(?:[A-Za-z0-9][A-Za-z0-9._-]*/)?[A-Za-z0-9][A-Za-z0-9._-]*$"));
    if (!id.match(path).hasMatch())
        return path;
    const QString repository =
        huggingFaceHubCache() + QStringLiteral("/models--") + QString(path).replace(QLatin1Char('/'), QStringLiteral("--"));
    if (!QFileInfo(repository).isDir())
        return path;
    return snapshotOf(repository);
}

} // namespace attn
