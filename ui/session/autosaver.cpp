#include "autosaver.h"

#include "recoveryfile.h"
#include "sessioncontroller.h"

#include "core/io/sessionfile.h"
#include "document/attentiondocument.h"

#include <QUndoStack>
#include <QtConcurrent/QtConcurrentRun>

namespace attn::ui {

Autosaver::Autosaver(SessionController *session, const QString &directory, QObject *parent)
    : QObject(parent), m_session(session), m_file(RecoveryFile::createOwn(directory))
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(kDefaultIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &Autosaver::tick);
    connect(&m_write, &QFutureWatcher<QString>::finished, this, &Autosaver::writeFinished);

    AttentionDocument *document = session->document();
    connect(document, &AttentionDocument::sentenceChanged, this, &Autosaver::changed);
    connect(document, &AttentionDocument::stateChanged, this, &Autosaver::changed);
    connect(document->undoStack(), &QUndoStack::indexChanged, this, &Autosaver::changed);
    connect(document->undoStack(), &QUndoStack::cleanChanged, this, &Autosaver::changed);
    connect(session, &SessionController::markedClean, this, [this] {
        // Saved (or opened): the file on disk now holds the work; the recovery copy must not be offered.
        m_dirty = false;
        m_timer.stop();
        removeFile();
    });
}

Autosaver::~Autosaver()
{
    m_timer.stop();
    m_write.waitForFinished();
    m_file->remove();
}

void Autosaver::setInterval(int milliseconds)
{
    m_timer.setInterval(milliseconds);
}

QString Autosaver::path() const
{
    return m_file->path();
}

void Autosaver::changed()
{
    m_dirty = true;
    if (!m_timer.isActive())
        m_timer.start(); // not restarted by later changes: steady typing is saved every interval
}

void Autosaver::tick()
{
    if (m_write.isRunning()) {
        m_timer.start(); // the previous write is slow (a large model): look again later
        return;
    }
    if (!m_session->isModified()) {
        m_dirty = false;
        removeFile(); // e.g. undone back to the saved state
        return;
    }
    if (m_dirty)
        startWrite();
}

void Autosaver::startWrite()
{
    if (!m_file->claim()) {
        report(m_file->lastError());
        return;
    }
    m_dirty = false;
    m_removeAfterWrite = false;
    // A copy: the document may change while the bytes are made on another thread.
    const io::Session session = m_session->currentSession();
    const QString path = m_file->path();
    m_write.setFuture(QtConcurrent::run([session, path] { return io::saveSession(path, session); }));
}

void Autosaver::writeFinished()
{
    const QString problem = m_write.result();
    if (m_removeAfterWrite) {
        removeFile();
    } else if (!problem.isEmpty()) {
        report(problem);
        m_dirty = true; // try again at the next interval
    } else {
        m_error.clear();
        emit written(m_file->path());
    }
    if (m_dirty && !m_timer.isActive())
        m_timer.start();
}

bool Autosaver::saveNow()
{
    m_timer.stop();
    m_write.waitForFinished();
    if (!m_session->isModified()) {
        m_dirty = false;
        removeFile();
        return true;
    }
    if (!m_file->claim()) {
        report(m_file->lastError());
        return false;
    }
    m_dirty = false;
    m_removeAfterWrite = false;
    const QString problem = io::saveSession(m_file->path(), m_session->currentSession());
    if (!problem.isEmpty()) {
        report(problem);
        m_dirty = true;
        m_timer.start();
        return false;
    }
    m_error.clear();
    emit written(m_file->path());
    return true;
}

void Autosaver::removeFile()
{
    if (m_write.isRunning()) {
        m_removeAfterWrite = true; // else the write would bring the file back
        return;
    }
    m_removeAfterWrite = false;
    if (!m_file->exists() && !m_file->isClaimed())
        return;
    m_file->remove();
    emit removed(m_file->path());
}

void Autosaver::report(const QString &problem)
{
    m_error = problem;
    m_session->showStatus(tr("Autosave failed: %1").arg(problem), 10000);
    emit failed(problem);
}

} // namespace attn::ui
