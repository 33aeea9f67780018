#pragma once

#include "matrixset.h"

#include "core/expected.h"

#include <QByteArray>
#include <QString>

namespace attn::io {

// How the window looked, saved with the session. Names rather than the UI's enums, because the
// core does not know the UI: color_map is viridis|magma|cividis|greys, cell_value weights|scores,
// flow_heads focused|all, color_scale fixed|row|head|visible, color_transfer linear|power|log.
struct SessionView
{
    int layer = 0;
    int head = 0;
    int query = -1; // -1: no token focused
    int key = -1;   // -1 with query ≥ 0: a whole token is focused
    bool pinned = false;
    QString colorMap = QStringLiteral("viridis");
    QString colorScale = QStringLiteral("fixed");     // older files have none: the 0–1 scale
    QString colorTransfer = QStringLiteral("linear");
    QString cellValue = QStringLiteral("weights");
    QString flowHeads = QStringLiteral("focused");
    double flowThreshold = 0.05;
    int flowTopK = 3; // as ViewOptions: each query's three strongest arrows
    bool hideFirstToken = false;
    QString pairFilter = QStringLiteral("none"); // none|a_to_b|b_to_a: a sentence pair's filter
    QByteArray windowLayout; // QMainWindow::saveState(), opaque; empty = keep the current layout

    friend bool operator==(const SessionView &, const SessionView &) = default;
};

// A session file (*.attn.json, docs/session-format.md): everything needed to get the same numbers
// and the same picture back.
struct Session
{
    QString sentence;
    QString presetName; // the example it started from, informational; may be empty
    QString sentenceB;  // an encoder's second sentence; may be empty
    AttentionConfig config;
    MatrixSet matrices;
    SessionView view;

    friend bool operator==(const Session &, const Session &) = default;
};

QByteArray writeSession(const Session &session);
// Checks everything before returning: format and version, field types, the configuration (as the
// command line checks it), the sentence's length and token count, every matrix's shape against the
// configuration, finite numbers only. Messages name the file and the field.
Expected<Session> readSession(QByteArrayView bytes, const QString &displayName);
Expected<Session> loadSession(const QString &path);
// Atomic (QSaveFile). Empty on success, otherwise a message naming the file.
QString saveSession(const QString &path, const Session &session);

// Session files end with this; the command line opens such a path.
inline constexpr char kSessionSuffix[] = ".attn.json";

} // namespace attn::io
