#pragma once

#include "core/tensor.h"

#include <QByteArray>
#include <QString>

#include <initializer_list>
#include <utility>
#include <vector>

namespace attn {

// The one JSON writer: result dumps, numbers exports, matrix and session files, safetensors headers.
// Streaming: QJsonDocument would hold a whole dump twice in memory and writes floats through double
// (0.2f becomes 0.20000000298023224); this writes each float in the shortest form that reads back to
// the same float32, and each double in the shortest form that reads back to the same double.
// Indented output has two spaces a level and keeps each matrix row on one line. Non-finite numbers,
// which JSON cannot hold, are written as the strings "NaN", "Infinity" and "-Infinity" (matrix and
// session files refuse them on the way in, so those never hold one).
class JsonWriter
{
public:
    explicit JsonWriter(bool indent = true) : m_indent(indent) {}

    void beginObject();
    void endObject();
    void beginArray();
    void endArray();
    void key(QStringView name);

    void value(QStringView text);
    void value(const char *text) { value(QString::fromUtf8(text)); }
    // Without this, u"..." literals would convert to bool (a standard conversion beats QStringView's).
    void value(const char16_t *text) { value(QStringView(text)); }
    void value(float number);
    void value(double number);
    void value(qint64 number);
    void value(int number) { value(qint64(number)); }
    void value(bool flag);
    void null();

    void matrix(const Matrix &m); // [[row 0], [row 1], ...]
    // "name": matrix for each pair, in order: the members of an object that holds matrices.
    void matrixMembers(std::initializer_list<std::pair<QStringView, const Matrix *>> members);
    void vector(const RowVector &v);

    const QByteArray &data() const { return m_out; }
    QByteArray take() { return std::move(m_out); } // no final newline: callers writing files add one

private:
    void beforeValue();
    void newline();
    void rawFloat(float number);
    void row(const float *values, Eigen::Index count); // [a, b, c] on one line
    void writeString(QStringView text);

    QByteArray m_out;
    std::vector<bool> m_first; // one entry per open container: no element written yet
    bool m_afterKey = false;
    bool m_indent;
    bool m_compactRow = false; // numbers of a matrix row stay on one line
};

QByteArray shortestFloat(float number);

// Appends text as a JSON string literal: quoted, UTF-8, with the escapes JSON requires; a lone
// surrogate, which JSON text cannot hold, is written as U+FFFD.
void appendJsonString(QByteArray &out, QStringView text);

} // namespace attn
