#include "jsonoutput.h"

#include "jsonwriter.h"

#include <charconv>

namespace attn::io {

void JsonOutput::newline()
{
    m_out += '\n';
    m_out += QByteArray(qsizetype(m_hasItems.size()) * 2, ' ');
}

void JsonOutput::beforeValue()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (m_hasItems.empty())
        return;
    if (m_hasItems.back())
        m_out += ',';
    m_hasItems.back() = true;
    newline();
}

void JsonOutput::open(char bracket)
{
    beforeValue();
    m_out += bracket;
    m_hasItems.push_back(false);
}

void JsonOutput::close(char bracket)
{
    const bool hadItems = m_hasItems.back();
    m_hasItems.pop_back();
    if (hadItems)
        newline();
    m_out += bracket;
}

void JsonOutput::beginObject()
{
    open('{');
}

void JsonOutput::endObject()
{
    close('}');
}

void JsonOutput::beginArray()
{
    open('[');
}

void JsonOutput::endArray()
{
    close(']');
}

void JsonOutput::key(QStringView name)
{
    string(name);
    m_out += ": ";
    m_afterKey = true;
}

void JsonOutput::string(QStringView text)
{
    beforeValue();
    appendJsonString(m_out, text);
}

void JsonOutput::real(double number)
{
    beforeValue();
    char buffer[40];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, number);
    m_out.append(buffer, result.ptr - buffer);
}

void JsonOutput::integer(qint64 number)
{
    beforeValue();
    m_out += QByteArray::number(number);
}

void JsonOutput::boolean(bool flag)
{
    beforeValue();
    m_out += flag ? "true" : "false";
}

void JsonOutput::row(const float *values, qsizetype count)
{
    beforeValue();
    m_out += '[';
    for (qsizetype i = 0; i < count; ++i) {
        if (i > 0)
            m_out += ", ";
        m_out += shortestFloat(values[i]);
    }
    m_out += ']';
}

void JsonOutput::matrix(const Matrix &m)
{
    beginArray();
    for (Eigen::Index r = 0; r < m.rows(); ++r)
        row(m.data() + r * m.cols(), qsizetype(m.cols())); // row-major: row r is contiguous
    endArray();
}

QByteArray JsonOutput::take()
{
    m_out += '\n';
    return std::move(m_out);
}

} // namespace attn::io
