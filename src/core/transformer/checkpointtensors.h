#pragma once

#include "core/expected.h"
#include "core/io/safetensorsfile.h"
#include "safetensorsshards.h"
#include "weightview.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace attn {

// Reads a checkpoint's weight tensors by Hugging Face name for one model family: each is checked
// against the shape its config implies, tensors not stored as F32 are converted to floats one at a
// time (so the peak is the converted weights plus one tensor), and the mappings and buffers the
// views point into are kept.
class CheckpointTensors
{
public:
    // Where a tensor is in safetensors files: the file that holds it and its entry, or nulls.
    using Find = std::function<SafetensorsShards::Found(const QString &name)>;

    // A tensor of any file format, found by its Hugging Face name.
    struct Located
    {
        QString file;              // the file that holds it, for messages
        std::vector<qint64> shape; // outermost first, as PyTorch lists it
        bool converted = false;    // not stored as F32: reading makes new floats
        std::function<Expected<safetensors::FloatTensor>()> read;
    };
    using Locate = std::function<std::optional<Located>(const QString &name)>;

    // `displayName` names the checkpoint in messages about missing tensors and in warnings.
    CheckpointTensors(QString displayName, Find find);
    // `storedName` gives the file's own name for a tensor, for the message when it is missing.
    CheckpointTensors(QString displayName, Locate locate, std::function<QString(const QString &name)> storedName);

    // `why` says where the expected shape comes from, in the config's words, for the message.
    Expected<WeightView> get(const QString &name, const std::vector<qint64> &expected, const QString &why);

    // A NaN/Inf scan over every tensor read, on all cores: one warning per tensor that has such
    // values. Loading does not refuse them, because that would hide exactly the broken checkpoint
    // a person wants to look at. The scan also faults the mapping in once, so the first forward
    // pass does not pay for it.
    QStringList nonFiniteWarnings() const;

    qint64 convertedBytes() const { return m_convertedBytes; }
    qint64 parameterCount() const { return m_parameterCount; }
    // The mappings and conversion buffers the views point into; the caller keeps them.
    std::vector<std::shared_ptr<const void>> takeStorage() { return std::move(m_storage); }

private:
    struct Loaded
    {
        QString name;
        safetensors::FloatTensor tensor;
    };
    QString m_displayName;
    Locate m_locate;
    std::function<QString(const QString &name)> m_storedName;
    std::vector<Loaded> m_loaded;
    std::vector<std::shared_ptr<const void>> m_storage;
    qint64 m_convertedBytes = 0;
    qint64 m_parameterCount = 0;
};

} // namespace attn
