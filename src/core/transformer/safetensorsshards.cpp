#include "safetensorsshards.h"

#include "core/io/filebytes.h"
#include "core/io/jsonvalue.h"

#include <QDir>
#include <QHash>

namespace attn {
namespace {

// An index lists one line per tensor: a few hundred KB even for the largest checkpoints.
constexpr qint64 maxIndexBytes = 16 * 1024 * 1024;

QString shown(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

} // namespace

Expected<SafetensorsShards> SafetensorsShards::open(const QString &folder)
{
    const QDir dir(folder);
    SafetensorsShards shards;
    if (dir.exists(QStringLiteral("model.safetensors"))) {
        Expected<safetensors::SafetensorsFile> file =
            safetensors::SafetensorsFile::open(dir.absoluteFilePath(QStringLiteral("model.safetensors")));
        if (!file)
            return Error{file.error()};
        shards.m_displayName = file->displayName();
        shards.m_files.push_back(std::move(file).value());
        return shards;
    }
    const QString indexPath = dir.absoluteFilePath(QStringLiteral("model.safetensors.index.json"));
    if (!dir.exists(QStringLiteral("model.safetensors.index.json")))
        return Error{shown(dir.absolutePath()) % QStringLiteral(" has neither model.safetensors nor model.safetensors.index.json")};
    shards.m_displayName = shown(indexPath);
    const QString &name = shards.m_displayName;

    const Expected<QByteArray> bytes = io::readFileBytes(indexPath, maxIndexBytes);
    if (!bytes)
        return Error{bytes.error()};
    const Expected<io::JsonValue> document = io::parseJson(*bytes, name);
    if (!document)
        return Error{document.error()};
    const io::JsonValue *map = document->isObject() ? document->find(u"weight_map") : nullptr;
    if (!map || !map->isObject())
        return Error{name % QStringLiteral(": expected an object with a \"weight_map\" object (tensor name → file)")};

    // The files in the order the index first names them; tensor → index into m_files.
    QHash<QString, int> fileIndex;
    QHash<QString, int> tensorFile;
    QStringList fileNames;
    for (size_t i = 0; i < map->keys().size(); ++i) {
        const QString &tensor = map->keys()[i];
        const io::JsonValue &file = map->values()[i];
        if (!file.isString())
            return Error{name % QStringLiteral(": tensor '%1' maps to %2, not a file name").arg(tensor, file.typeName())};
        const QString fileName = file.string();
        if (fileName.isEmpty() || fileName.contains(QLatin1Char('/')) || fileName.contains(QLatin1Char('\\'))
            || fileName == QLatin1String("..") || !fileName.endsWith(QLatin1String(".safetensors")))
            return Error{name % QStringLiteral(": tensor '%1' maps to \"%2\"; shards must be .safetensors files in the same folder")
                                    .arg(tensor, fileName.left(120))};
        auto found = fileIndex.constFind(fileName);
        if (found == fileIndex.constEnd()) {
            found = fileIndex.insert(fileName, int(fileNames.size()));
            fileNames << fileName;
        }
        tensorFile.insert(tensor, *found);
    }
    if (fileNames.isEmpty())
        return Error{name % QStringLiteral(": \"weight_map\" lists no tensors")};

    for (const QString &fileName : fileNames) {
        if (!dir.exists(fileName))
            return Error{name % QStringLiteral(" names %1, which is not in the folder").arg(fileName)};
        Expected<safetensors::SafetensorsFile> file = safetensors::SafetensorsFile::open(dir.absoluteFilePath(fileName));
        if (!file)
            return Error{file.error()};
        shards.m_files.push_back(std::move(file).value());
    }
    // Each shard's tensors are listed, under that shard; together with the count this means every
    // listed tensor is in exactly the file the index names.
    qint64 tensorsInShards = 0;
    for (int f = 0; f < int(shards.m_files.size()); ++f) {
        for (const safetensors::TensorInfo &tensor : shards.m_files[size_t(f)].tensors()) {
            ++tensorsInShards;
            const auto listed = tensorFile.constFind(tensor.name);
            if (listed == tensorFile.constEnd())
                return Error{name % QStringLiteral(": tensor '%1' is in %2 but the index does not list it")
                                        .arg(tensor.name, fileNames[f])};
            if (*listed != f)
                return Error{name % QStringLiteral(": tensor '%1' is listed in %2 but is in %3")
                                        .arg(tensor.name, fileNames[*listed], fileNames[f])};
        }
    }
    if (tensorsInShards != tensorFile.size()) {
        for (auto it = tensorFile.constBegin(); it != tensorFile.constEnd(); ++it)
            if (!shards.m_files[size_t(*it)].find(it.key()))
                return Error{name % QStringLiteral(": tensor '%1' is listed in %2 but is not in it").arg(it.key(), fileNames[*it])};
    }
    return shards;
}

SafetensorsShards::Found SafetensorsShards::find(const QString &name) const
{
    for (const safetensors::SafetensorsFile &file : m_files)
        if (const safetensors::TensorInfo *info = file.find(name))
            return {&file, info};
    return {};
}

qint64 SafetensorsShards::fileBytes() const
{
    qint64 total = 0;
    for (const safetensors::SafetensorsFile &file : m_files)
        total += file.fileSize();
    return total;
}

} // namespace attn
