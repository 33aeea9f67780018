#pragma once

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QTest>

#include <utility>
#include <vector>

namespace attn::test {

// The folders of the committed corpora (scripts/make_malformed_*.py wrote them).
inline QString malformedDir(const QString &corpus)
{
    return QStringLiteral(AE_TEST_DATA_DIR "/malformed/") + corpus;
}

// manifest.json of a corpus folder: entry (file or folder, relative) -> a substring its message
// must contain. Read with QJsonDocument, not with the project's own JSON reader under test.
inline std::vector<std::pair<QString, QString>> readManifest(const QString &folder)
{
    std::vector<std::pair<QString, QString>> entries;
    QFile file(QDir(folder).filePath(QStringLiteral("manifest.json")));
    if (!file.open(QIODevice::ReadOnly))
        return entries;
    const QJsonObject object = QJsonDocument::fromJson(file.readAll()).object();
    for (auto it = object.begin(); it != object.end(); ++it)
        entries.emplace_back(it.key(), it.value().toString());
    return entries;
}

// One data row per manifest entry whose name starts with `prefix` (the prefix is kept in the
// path, dropped from the row name): columns "path" (absolute) and "expected".
inline int addManifestRows(const QString &folder, const QString &prefix = {})
{
    int rows = 0;
    for (const auto &[entry, expected] : readManifest(folder)) {
        if (!entry.startsWith(prefix))
            continue;
        QTest::newRow(qPrintable(entry.mid(prefix.size()))) << QDir(folder).filePath(entry) << expected;
        ++rows;
    }
    return rows;
}

// A file of `bytes` bytes that takes no space: the size checks must refuse it before reading.
inline bool makeSparseFile(const QString &path, qint64 bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.resize(bytes);
}

} // namespace attn::test
