#include "recoveryprompt.h"

#include "autosaver.h"
#include "recoveryfile.h"
#include "sessioncontroller.h"

#include "core/io/sessionfile.h"

#include <QDebug>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>

#include <memory>

namespace attn::ui {
namespace {

constexpr int kShownSentenceLength = 80;

QString whenText(const QDateTime &when)
{
    const QLocale locale;
    return when.date() == QDate::currentDate() ? locale.toString(when.time(), QLocale::ShortFormat)
                                               : locale.toString(when, QLocale::ShortFormat);
}

} // namespace

RecoveryPrompt::RecoveryPrompt(SessionController *session, Autosaver *autosaver)
    : m_session(session), m_autosaver(autosaver)
{
}

QMessageBox *RecoveryPrompt::makeBox(QWidget *parent, const RecoveryFile &file, const io::Session &session)
{
    auto *box = new QMessageBox(parent);
    box->setObjectName(QStringLiteral("recoveryPrompt"));
    box->setIcon(QMessageBox::Question);
    box->setWindowTitle(tr("Recover Unsaved Work"));
    box->setText(tr("Recover unsaved work from %1?").arg(whenText(file.lastWritten())));
    QString sentence = session.sentence.simplified();
    if (sentence.size() > kShownSentenceLength)
        sentence = sentence.left(kShownSentenceLength - 1) + QChar(0x2026);
    box->setInformativeText(
        tr("Attention Explorer stopped before this work was saved.<br><br>"
           "<b>Sentence:</b> %1<br><b>Model:</b> %2 heads, d_model %3, d_k %4, d_v %5<br><br>"
           "<i>Recover</i> opens it as an unsaved, untitled session. <i>Discard</i> deletes it. "
           "<i>Not Now</i> keeps it for the next start.")
            // One arg() call: a "%2" typed in the sentence must stay text.
            .arg(sentence.isEmpty() ? tr("(empty)") : QStringLiteral("“%1”").arg(sentence.toHtmlEscaped()),
                 QString::number(session.config.heads), QString::number(session.config.dModel),
                 QString::number(session.config.dK), QString::number(session.config.dV)));
    box->setTextFormat(Qt::PlainText);
    QPushButton *recover = box->addButton(tr("&Recover"), QMessageBox::AcceptRole);
    box->addButton(QMessageBox::Discard);
    QPushButton *later = box->addButton(tr("&Not Now"), QMessageBox::RejectRole);
    box->setDefaultButton(recover);
    box->setEscapeButton(later);
    return box;
}

bool RecoveryPrompt::offer(const QString &directory)
{
    std::vector<std::unique_ptr<RecoveryFile>> orphans = RecoveryFile::claimOrphans(directory);
    bool recovered = false;
    bool later = false;
    for (size_t i = 0; i < orphans.size(); ++i) {
        RecoveryFile &file = *orphans[i];
        if (recovered || later) {
            file.release(); // one session per window; the rest wait for the next start
            continue;
        }
        const Expected<io::Session> session = io::loadSession(file.path());
        if (!session) {
            qWarning().noquote() << tr("attention-explorer: a recovery file cannot be read and is kept: %1")
                                        .arg(session.error());
            file.release();
            continue;
        }
        std::unique_ptr<QMessageBox> box(makeBox(m_session->dialogParent(), file, *session));
        if (orphans.size() > 1)
            box->setWindowTitle(tr("Recover Unsaved Work (%1 of %2)").arg(i + 1).arg(orphans.size()));
        box->exec();
        switch (box->buttonRole(box->clickedButton())) {
        case QMessageBox::AcceptRole: {
            const QString when = whenText(file.lastWritten());
            m_session->applyRecovered(*session);
            // The old file goes only once this instance's copy of the work is on disk.
            if (!m_autosaver || m_autosaver->saveNow())
                file.remove();
            else
                file.release();
            m_session->showStatus(tr("Recovered the work from %1. Save it to keep it.").arg(when), 10000);
            recovered = true;
            break;
        }
        case QMessageBox::DestructiveRole:
            file.remove();
            break;
        default:
            file.release();
            later = true;
            break;
        }
    }
    return recovered;
}

} // namespace attn::ui
