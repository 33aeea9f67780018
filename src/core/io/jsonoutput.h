#pragma once

#include "core/tensor.h"

#include <QByteArray>
#include <QStringView>

#include <vector>

namespace attn::io {

// Writes the JSON of matrix and session files: two-space indentation, each matrix row on one line,
// every float in the shortest form that reads back to the same float32 (core/jsonwriter.h's
// shortestFloat), doubles in the shortest form that reads back to the same double. Files hold no
// NaN or infinity (they are refused on the way in), so none is ever written.
class JsonOutput
{
public:
    void beginObject();
    void endObject();
    void beginArray();
    void endArray();
    void key(QStringView name);

    void string(QStringView text);
    void real(double number);
    void integer(qint64 number);
    void boolean(bool flag);
    void row(const float *values, qsizetype count); // [a, b, c] on one line
    void matrix(const Matrix &m);                    // [[row 0], [row 1], ...]

    QByteArray take();

private:
    void open(char bracket);
    void close(char bracket);
    void beforeValue();
    void newline();

    QByteArray m_out;
    std::vector<bool> m_hasItems; // one per open container
    bool m_afterKey = false;
};

} // namespace attn::io
