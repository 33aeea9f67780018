#include "mappedfile.h"

#include "regularfile.h"

#include <sys/mman.h>

namespace attn {

Expected<std::shared_ptr<const MappedFile>> MappedFile::map(const QString &path)
{
    Expected<io::RegularFile> file = io::RegularFile::open(path);
    if (!file)
        return Error{file.error()};

    std::shared_ptr<MappedFile> mapped(new MappedFile);
    mapped->m_size = file->reportedSize();
    // mmap of zero bytes fails; an empty file simply has no bytes to map. The mapping stays valid
    // after the descriptor is closed.
    if (mapped->m_size > 0) {
        void *mapping = ::mmap(nullptr, size_t(mapped->m_size), PROT_READ, MAP_PRIVATE, file->descriptor(), 0);
        if (mapping == MAP_FAILED)
            return Error{io::shownPath(path) % QStringLiteral(": cannot memory-map the file: ")
                         % io::systemReason(errno)};
        mapped->m_mapping = mapping;
        mapped->m_data = static_cast<const uchar *>(mapping);
    }
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

MappedFile::~MappedFile()
{
    if (m_mapping != nullptr)
        ::munmap(m_mapping, size_t(m_size));
}

} // namespace attn
