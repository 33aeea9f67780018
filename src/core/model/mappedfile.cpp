#include "mappedfile.h"

namespace attn {

Expected<std::shared_ptr<const MappedFile>> MappedFile::map(const QString &path)
{
    auto file = std::make_unique<QFile>(path);
    if (!file->open(QIODevice::ReadOnly))
        return Error{path % QStringLiteral(": cannot open: ") % file->errorString()};

    std::shared_ptr<MappedFile> mapped(new MappedFile);
    mapped->m_size = file->size();
    // mmap of zero bytes fails; an empty file simply has no bytes to map.
    if (mapped->m_size > 0) {
        mapped->m_data = file->map(0, mapped->m_size);
        if (mapped->m_data == nullptr)
            return Error{path % QStringLiteral(": cannot memory-map the file: ") % file->errorString()};
    }
    mapped->m_file = std::move(file);
    return std::shared_ptr<const MappedFile>(std::move(mapped));
}

std::shared_ptr<const MappedFile> MappedFile::fromBytes(QByteArray bytes)
{
    std::shared_ptr<MappedFile> held(new MappedFile);
    held->m_bytes = std::move(bytes);
    held->m_size = held->m_bytes.size();
    held->m_data = reinterpret_cast<const uchar *>(held->m_bytes.constData());
    return held;
}

} // namespace attn
