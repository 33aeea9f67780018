#pragma once

// A small RFC 4180 reader for the export tests: an independent reading of what the exporter wrote.
#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace exporttest {

// Rows of fields; quoted fields may hold commas, doubled quotes and line breaks. Lines end in
// CRLF (a bare LF is accepted too).
inline QList<QStringList> parseCsv(const QByteArray &bytes)
{
    const QString text = QString::fromUtf8(bytes);
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    bool fieldStarted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < text.size() && text[i + 1] == u'"') {
                    field += u'"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
        } else if (c == u'"' && field.isEmpty()) {
            quoted = true;
            fieldStarted = true;
        } else if (c == u',') {
            row << field;
            field.clear();
            fieldStarted = true;
        } else if (c == u'\r' || c == u'\n') {
            if (c == u'\r' && i + 1 < text.size() && text[i + 1] == u'\n')
                ++i;
            if (fieldStarted || !field.isEmpty() || !row.isEmpty())
                row << field;
            rows << row; // an empty line is an empty row
            row.clear();
            field.clear();
            fieldStarted = false;
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    if (fieldStarted || !field.isEmpty() || !row.isEmpty()) {
        row << field;
        rows << row;
    }
    return rows;
}

// One "layer L head H weights|scores" block of an export.
struct CsvBlock
{
    QString title;
    QStringList columnTokens;
    QStringList rowTokens;
    QList<QList<float>> values;
};

// Splits an export into its blocks; an empty list when the layout is not the documented one.
inline QList<CsvBlock> csvBlocks(const QByteArray &bytes, QString *problem = nullptr)
{
    const QList<QStringList> rows = parseCsv(bytes);
    QList<CsvBlock> blocks;
    auto fail = [&](const QString &why) {
        if (problem)
            *problem = why;
        return QList<CsvBlock>();
    };
    qsizetype i = 0;
    while (i < rows.size()) {
        if (rows[i].isEmpty()) {
            ++i;
            continue;
        }
        CsvBlock block;
        if (rows[i].size() != 1)
            return fail(QStringLiteral("row %1: expected a one-field title line").arg(i));
        block.title = rows[i][0];
        ++i;
        if (i >= rows.size() || rows[i].value(0) != QStringLiteral("query \\ key"))
            return fail(QStringLiteral("row %1: expected the header row").arg(i));
        block.columnTokens = rows[i].mid(1);
        ++i;
        while (i < rows.size() && !rows[i].isEmpty()) {
            if (rows[i].size() != block.columnTokens.size() + 1)
                return fail(QStringLiteral("row %1: %2 fields").arg(i).arg(rows[i].size()));
            block.rowTokens << rows[i][0];
            QList<float> numbers;
            for (qsizetype c = 1; c < rows[i].size(); ++c) {
                bool ok = false;
                const float v = rows[i][c].toFloat(&ok);
                if (!ok)
                    return fail(QStringLiteral("row %1: \"%2\" is not a number").arg(i).arg(rows[i][c]));
                numbers << v;
            }
            block.values << numbers;
            ++i;
        }
        blocks << block;
    }
    return blocks;
}

} // namespace exporttest
