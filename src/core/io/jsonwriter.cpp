#include "jsonwriter.h"

#include "core/validtext.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace attn {

QByteArray shortestFloat(float number)
{
    if (std::isnan(number))
        return QByteArrayLiteral("\"NaN\"");
    if (std::isinf(number))
        return number > 0 ? QByteArrayLiteral("\"Infinity\"") : QByteArrayLiteral("\"-Infinity\"");
    char buffer[32];
    const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, number);
    Q_UNUSED(error);
    return QByteArray(buffer, end - buffer);
}

void JsonWriter::newline()
{
    if (!m_indent || m_compactRow)
        return;
    m_out += '\n';
    m_out += QByteArray(qsizetype(m_first.size()) * 2, ' ');
}

void JsonWriter::beforeValue()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (m_first.empty())
        return;
    if (!m_first.back())
        m_out += m_compactRow ? ", " : ",";
    m_first.back() = false;
    newline();
}

void JsonWriter::beginObject()
{
    beforeValue();
    m_out += '{';
    m_first.push_back(true);
}

void JsonWriter::endObject()
{
    const bool empty = m_first.back();
    m_first.pop_back();
    if (!empty)
        newline();
    m_out += '}';
}

void JsonWriter::beginArray()
{
    beforeValue();
    m_out += '[';
    m_first.push_back(true);
}

void JsonWriter::endArray()
{
    const bool empty = m_first.back();
    m_first.pop_back();
    if (!empty)
        newline();
    m_out += ']';
}

void JsonWriter::key(QStringView name)
{
    beforeValue();
    writeString(name);
    m_out += m_indent ? ": " : ":";
    m_afterKey = true;
}

void JsonWriter::value(QStringView text)
{
    beforeValue();
    writeString(text);
}

void JsonWriter::writeString(QStringView text)
{
    appendJsonString(m_out, text);
}

void JsonWriter::rawFloat(float number)
{
    m_out += shortestFloat(number);
}

void JsonWriter::value(float number)
{
    beforeValue();
    rawFloat(number);
}

void JsonWriter::value(double number)
{
    beforeValue();
    if (!std::isfinite(number)) {
        rawFloat(float(number));
        return;
    }
    char buffer[40];
    const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, number);
    Q_UNUSED(error);
    m_out.append(buffer, end - buffer);
}

void JsonWriter::value(qint64 number)
{
    beforeValue();
    m_out += QByteArray::number(number);
}

void JsonWriter::value(bool flag)
{
    beforeValue();
    m_out += flag ? "true" : "false";
}

void JsonWriter::null()
{
    beforeValue();
    m_out += "null";
}

void JsonWriter::row(const float *values, Eigen::Index count)
{
    beginArray();
    m_compactRow = true;
    for (Eigen::Index i = 0; i < count; ++i)
        value(values[i]);
    m_compactRow = false;
    m_first.pop_back();
    m_out += ']';
}

void JsonWriter::vector(const RowVector &v)
{
    row(v.data(), v.size());
}

void JsonWriter::matrix(const Matrix &m)
{
    beginArray();
    for (Eigen::Index r = 0; r < m.rows(); ++r)
        row(m.data() + r * m.cols(), m.cols()); // row-major: row r is contiguous
    endArray();
}

void JsonWriter::matrixMembers(std::initializer_list<std::pair<QStringView, const Matrix *>> members)
{
    for (const auto &[name, m] : members) {
        key(name);
        matrix(*m);
    }
}

void appendJsonString(QByteArray &out, QStringView text)
{
    out += '"';
    // A lone surrogate has no UTF-8 form: U+FFFD instead of the '?' toUtf8() would write silently.
    for (const char byte : validTextFor(text, TextTarget::Json).toUtf8()) {
        switch (byte) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(byte) < 0x20) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", unsigned(byte));
                out += escaped;
            } else {
                out += byte;
            }
        }
    }
    out += '"';
}

} // namespace attn
