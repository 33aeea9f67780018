#include "recoveryfile.h"

#include "core/io/sessionfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QSysInfo>

#include <algorithm>

namespace attn::ui {
namespace {

const QLatin1String kPrefix("autosave-");
const QLatin1String kLockSuffix(".lock");

QString tr(const char *text)
{
    return QCoreApplication::translate("attn::ui::RecoveryFile", text);
}

QString stemOf(const QString &sessionPath)
{
    return sessionPath.left(sessionPath.size() - qsizetype(sizeof(io::kSessionSuffix) - 1));
}

// QLockFile decides by the PID and program name written in the lock. Two cases it cannot decide and
// that the flock settles instead (removeStaleLockFile() deletes the lock only when no open file
// holds its flock): a lock that cannot be read (the writer died between creating and filling it),
// and a lock with this very PID from this host, which an earlier process left when PIDs restart
// from the same number (containers, a fresh session after a reboot without a boot id).
bool takeOverDeadLock(QLockFile &lock)
{
    qint64 pid = 0;
    QString host;
    QString program;
    const bool readable = lock.getLockInfo(&pid, &host, &program);
    const bool samePid = readable && pid == QCoreApplication::applicationPid()
        && (host.isEmpty() || host == QSysInfo::machineHostName());
    if (readable && !samePid)
        return false;
    return lock.removeStaleLockFile() && lock.tryLock(0);
}

} // namespace

QString RecoveryFile::defaultDirectory()
{
    const QString fromEnvironment = qEnvironmentVariable(kDirectoryVariable);
    if (!fromEnvironment.isEmpty())
        return QDir(fromEnvironment).absolutePath();
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QLatin1String("/recovery");
}

RecoveryFile::RecoveryFile(const QString &path) : m_path(path) {}

RecoveryFile::~RecoveryFile() = default; // QLockFile's destructor gives the lock up

std::unique_ptr<RecoveryFile> RecoveryFile::createOwn(const QString &directory)
{
    const QString name = kPrefix + QString::number(QCoreApplication::applicationPid()) + QLatin1Char('-')
        + QString::number(QRandomGenerator::global()->generate(), 16).rightJustified(8, QLatin1Char('0'))
        + QLatin1String(io::kSessionSuffix);
    return std::unique_ptr<RecoveryFile>(new RecoveryFile(QDir(directory).filePath(name)));
}

std::vector<std::unique_ptr<RecoveryFile>> RecoveryFile::claimOrphans(const QString &directory)
{
    std::vector<std::unique_ptr<RecoveryFile>> orphans;
    const QDir dir(directory);
    if (!dir.exists())
        return orphans;
    const QStringList names = dir.entryList({kPrefix + QLatin1Char('*') + QLatin1String(io::kSessionSuffix)},
                                            QDir::Files, QDir::Name);
    for (const QString &name : names) {
        std::unique_ptr<RecoveryFile> file(new RecoveryFile(dir.filePath(name)));
        if (!file->claim())
            continue; // a running instance's, or unreadable
        if (!file->exists()) { // its owner removed it between the listing and the lock
            file->remove();
            continue;
        }
        orphans.push_back(std::move(file));
    }
    // Locks without a file: an instance that died between taking its lock and writing, or between
    // deleting its file and its lock. Nothing to offer; tidy them away unless their owner lives.
    const QStringList locks = dir.entryList({kPrefix + QLatin1Char('*') + kLockSuffix}, QDir::Files);
    for (const QString &name : locks) {
        const QString stem = dir.filePath(name.left(name.size() - kLockSuffix.size()));
        if (QFileInfo::exists(stem + QLatin1String(io::kSessionSuffix)))
            continue;
        RecoveryFile stray(stem + QLatin1String(io::kSessionSuffix));
        if (stray.claim())
            stray.remove();
    }
    std::stable_sort(orphans.begin(), orphans.end(), [](const auto &a, const auto &b) {
        return a->lastWritten() > b->lastWritten();
    });
    return orphans;
}

QString RecoveryFile::lockPath() const
{
    return stemOf(m_path) + kLockSuffix;
}

QDateTime RecoveryFile::lastWritten() const
{
    return QFileInfo(m_path).lastModified();
}

bool RecoveryFile::exists() const
{
    return QFileInfo::exists(m_path);
}

bool RecoveryFile::isClaimed() const
{
    return m_lock && m_lock->isLocked();
}

bool RecoveryFile::claim()
{
    if (isClaimed())
        return true;
    const QString folder = QFileInfo(m_path).absolutePath();
    if (!QFileInfo::exists(folder)) {
        if (!QDir().mkpath(folder)) {
            m_error = tr("cannot make the recovery folder %1").arg(QDir::toNativeSeparators(folder));
            return false;
        }
        // Unsaved work may be private: only its owner may read the folder.
        QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    auto lock = std::make_unique<QLockFile>(lockPath());
    lock->setStaleLockTime(0); // stale only when its process is gone, however long it has run
    if (!lock->tryLock(0)) {
        const bool taken = lock->error() == QLockFile::LockFailedError && takeOverDeadLock(*lock);
        if (!taken) {
            m_error = lock->error() == QLockFile::LockFailedError
                ? tr("%1 belongs to a running instance").arg(QDir::toNativeSeparators(m_path))
                : tr("cannot lock %1").arg(QDir::toNativeSeparators(lockPath()));
            return false;
        }
    }
    m_lock = std::move(lock);
    m_error.clear();
    return true;
}

void RecoveryFile::remove()
{
    QFile::remove(m_path);
    release(); // after the file: while the lock is held, no one takes the file for an orphan
}

void RecoveryFile::release()
{
    if (m_lock)
        m_lock->unlock();
    m_lock.reset();
}

} // namespace attn::ui
