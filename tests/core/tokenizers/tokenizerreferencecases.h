#pragma once

// The reference cases of tests/data/tokenizers/<name>_reference.json (ids computed by the
// independent @lenml/tokenizers), as Qt Test data rows: tst_hftokenizer reads the real
// tokenizer.json files through them, tst_gguftokenizer the same vocabularies written as GGUF
// metadata.

#include "testutils.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QStringList>
#include <QTest>

namespace testutils {

inline QList<int> idList(const QJsonArray &array)
{
    QList<int> ids;
    for (const QJsonValue &value : array)
        ids << value.toInt();
    return ids;
}

// Columns name, text, ids, idsWithoutSpecial, decoded; one row per case of each named fixture.
inline void addTokenizerReferenceRows(const QStringList &names)
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<int>>("ids");
    QTest::addColumn<QList<int>>("idsWithoutSpecial");
    QTest::addColumn<QString>("decoded");
    for (const QString &name : names) {
        const QJsonObject fixture = readJsonObject(QStringLiteral(AE_TEST_DATA_DIR "/tokenizers/") + name + QStringLiteral("_reference.json"));
        const QJsonArray cases = fixture.value(QStringLiteral("cases")).toArray();
        QVERIFY2(cases.size() >= 500, qPrintable(name + QStringLiteral(": the fixture has too few cases")));
        for (int i = 0; i < cases.size(); ++i) {
            const QJsonObject entry = cases[i].toObject();
            QTest::addRow("%s %d", qPrintable(name), i)
                << name << entry.value(QStringLiteral("text")).toString() << idList(entry.value(QStringLiteral("ids")).toArray())
                << idList(entry.value(QStringLiteral("ids_without_special")).toArray())
                << entry.value(QStringLiteral("decoded")).toString();
        }
    }
}

} // namespace testutils
