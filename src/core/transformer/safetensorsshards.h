#pragma once

#include "core/expected.h"
#include "core/io/safetensorsfile.h"

#include <QString>

#include <vector>

namespace attn {

// The weights of a checkpoint folder as Hugging Face saves them: one model.safetensors, or shards
// model-0000i-of-0000n.safetensors listed by model.safetensors.index.json ({"weight_map": {tensor:
// file}}). The index is checked against the shards before anything is read: every tensor it lists
// is in exactly the file it names, every tensor of every shard is listed, and the files are plain
// names in the folder (no paths).
class SafetensorsShards
{
public:
    static Expected<SafetensorsShards> open(const QString &folder);

    // The tensor and the file that holds it, or null.
    struct Found
    {
        const safetensors::SafetensorsFile *file = nullptr;
        const safetensors::TensorInfo *info = nullptr;
    };
    Found find(const QString &name) const;

    const std::vector<safetensors::SafetensorsFile> &files() const { return m_files; }
    qint64 fileBytes() const;
    // "model.safetensors" or "model.safetensors.index.json", for messages.
    const QString &displayName() const { return m_displayName; }

private:
    std::vector<safetensors::SafetensorsFile> m_files;
    QString m_displayName;
};

} // namespace attn
