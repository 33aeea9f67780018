#pragma once

#include "core/expected.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace attn {

// Read-only bytes of a whole file, memory-mapped so that opening a large checkpoint costs no copy
// and no read: pages come from the page cache when first touched. The same object can instead own
// a QByteArray, so that parsers run unchanged on bytes in memory (tests, fuzzing).
// Shared ownership: views into data() stay valid while any shared_ptr to the object lives.
//
// Only regular files are mapped (io::RegularFile: a FIFO or a device is refused before anything
// is read). A mapping reflects later changes to the file; if another process truncates the file
// while it is mapped, touching the lost pages raises SIGBUS. That is the price of not copying it.
class MappedFile
{
public:
    static Expected<std::shared_ptr<const MappedFile>> map(const QString &path);
    static std::shared_ptr<const MappedFile> fromBytes(QByteArray bytes);

    MappedFile(const MappedFile &) = delete;
    MappedFile &operator=(const MappedFile &) = delete;
    ~MappedFile();

    const uchar *data() const { return m_data; }
    qint64 size() const { return m_size; }

private:
    MappedFile() = default;

    void *m_mapping = nullptr; // from mmap; unmapped by the destructor
    QByteArray m_bytes;
    const uchar *m_data = nullptr;
    qint64 m_size = 0;
};

} // namespace attn
