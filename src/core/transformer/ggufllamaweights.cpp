// LlamaWeights from a GGUF file: llama.cpp's tensor names (token_embd, blk.N.attn_q, …) mapped back
// onto Hugging Face's, so the one loader (LlamaWeights::fromTensors) checks every shape the same way
// for both formats. Quantised tensors are dequantised into floats as they are read, on all cores;
// F32 tensors stay views into the memory map.
#include "llamaweights.h"

#include "checkpointtensors.h"
#include "core/io/ggmlquant.h"
#include "core/io/gguffile.h"

#include <QRegularExpression>
#include <QStringBuilder>

#include <unistd.h>

namespace attn {
namespace {

using gguf::GgufFile;
using gguf::GgufTensor;

// The GGUF name of a Hugging Face tensor name, as llama.cpp's converter maps them
// (gguf-py's tensor_mapping.py), or empty.
QString ggufNameOf(const QString &name, const LlamaConfig &config)
{
    static const QRegularExpression layerName(QStringLiteral("^model\\.layers\\.(\\d{1,6})\\.(.+)$"));
    if (name == QLatin1String("model.embed_tokens.weight"))
        return QStringLiteral("token_embd.weight");
    if (name == QLatin1String("model.norm.weight"))
        return QStringLiteral("output_norm.weight");
    if (name == QLatin1String("lm_head.weight"))
        return QStringLiteral("output.weight");
    const QRegularExpressionMatch match = layerName.match(name);
    if (!match.hasMatch())
        return {};
    // Llama's norm before the MLP is HF's post_attention_layernorm; Gemma 2/3 call that one
    // pre_feedforward_layernorm and use post_attention_layernorm after the attention.
    const char *postAttention = config.sandwichNorms ? "post_attention_norm" : "ffn_norm";
    static const std::pair<const char *, const char *> fixed[] = {
        {"input_layernorm", "attn_norm"},         {"self_attn.q_proj", "attn_q"},
        {"self_attn.k_proj", "attn_k"},           {"self_attn.v_proj", "attn_v"},
        {"self_attn.o_proj", "attn_output"},      {"self_attn.q_norm", "attn_q_norm"},
        {"self_attn.k_norm", "attn_k_norm"},      {"pre_feedforward_layernorm", "ffn_norm"},
        {"post_feedforward_layernorm", "post_ffw_norm"}, {"mlp.gate_proj", "ffn_gate"},
        {"mlp.up_proj", "ffn_up"},                {"mlp.down_proj", "ffn_down"}};
    const QString rest = match.captured(2);
    const qsizetype dot = rest.lastIndexOf(u'.');
    const QString module = rest.left(dot);
    const QString kind = rest.mid(dot + 1); // weight or bias
    const char *mapped = module == QLatin1String("post_attention_layernorm") ? postAttention : nullptr;
    for (const auto &[hf, gg] : fixed)
        if (module == QLatin1String(hf))
            mapped = gg;
    if (!mapped)
        return {};
    return QStringLiteral("blk.") % match.captured(1) % u'.' % QLatin1String(mapped) % u'.' % kind;
}

// llama.cpp's converter reorders the rows of a llama model's q and k projections (and their
// biases) so that its RoPE turns adjacent features: within each head of width D, Hugging Face's row
// j·D/2 + i (half j, feature i) is stored as row 2i + j. This is the head count of the tensor: the
// query heads for q, the key/value heads for k.
int permutedHeads(const QString &name, const LlamaConfig &config)
{
    if (config.modelType != QLatin1String("llama"))
        return 0; // the other architectures use llama.cpp's NeoX rotation, stored as Hugging Face has it
    if (name.endsWith(QLatin1String(".attn_q.weight")) || name.endsWith(QLatin1String(".attn_q.bias")))
        return config.heads;
    if (name.endsWith(QLatin1String(".attn_k.weight")) || name.endsWith(QLatin1String(".attn_k.bias")))
        return config.keyValueHeads;
    return 0;
}

// Dequantises every row into a new buffer (rows × rowLength floats), putting permuted rows back.
Expected<safetensors::FloatTensor> readFloats(const std::shared_ptr<const GgufFile> &file, const GgufTensor &tensor,
                                              std::vector<qint64> shape, int permutedHeadCount)
{
    const QString problem = ggml::dequantizationProblem(tensor.type, tensor.rowLength());
    if (!problem.isEmpty())
        return Error{file->displayName() % QStringLiteral(": tensor '%1': %2").arg(tensor.name, problem)};
    const qint64 rows = tensor.rowCount();
    const qint64 length = tensor.rowLength();
    safetensors::FloatTensor out;
    out.shape = std::move(shape);
    if (tensor.type == ggml::GgmlType::F32 && permutedHeadCount == 0) {
        out.data = reinterpret_cast<const float *>(file->tensorBytes(tensor).data()); // aligned to general.alignment
        out.keepAlive = file;
        return out;
    }
    std::shared_ptr<float[]> values;
    try {
        values.reset(new float[size_t(rows * length)]); // bounded by the file's own bytes
    } catch (const std::bad_alloc &) {
        return Error{file->displayName() % QStringLiteral(": tensor '%1': out of memory for %2 floats").arg(tensor.name).arg(rows * length)};
    }
    const qint64 headRows = permutedHeadCount > 0 ? rows / permutedHeadCount : rows;
    const qint64 half = headRows / 2;
    const uchar *source = reinterpret_cast<const uchar *>(file->tensorBytes(tensor).data());
    const qint64 rowBytes = tensor.rowBytes();
#pragma omp parallel for schedule(static)
    for (qint64 stored = 0; stored < rows; ++stored) {
        qint64 target = stored;
        if (permutedHeadCount > 0) {
            const qint64 head = stored / headRows;
            const qint64 within = stored % headRows; // = 2i + j
            target = head * headRows + (within % 2) * half + within / 2;
        }
        ggml::dequantizeRow(tensor.type, source + stored * rowBytes, values.get() + target * length, length);
    }
    out.data = values.get();
    out.keepAlive = values;
    return out;
}

qint64 physicalMemoryBytes()
{
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long pageSize = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && pageSize > 0 ? qint64(pages) * pageSize : qint64(8) << 30;
}

} // namespace

Expected<LlamaWeights> LlamaWeights::loadGguf(const GgufFile &given, const LlamaConfig &config)
{
    const auto file = std::make_shared<const GgufFile>(given); // shares the mapping; kept by the views
    const QString &where = file->displayName();

    // The whole model is dequantised to floats once: refuse what would not fit in half of this
    // machine's memory, before anything is allocated.
    qint64 floatBytes = 0;
    static const QRegularExpression blockName(QStringLiteral("^blk\\.(\\d{1,6})\\."));
    for (const GgufTensor &tensor : file->tensors()) {
        if (tensor.type != ggml::GgmlType::F32)
            floatBytes += tensor.elementCount() * qint64(sizeof(float));
        if (const QRegularExpressionMatch match = blockName.match(tensor.name); match.hasMatch() && match.captured(1).toInt() >= config.layers)
            return Error{where % QStringLiteral(": tensor '%1' belongs to a layer beyond block_count %2").arg(tensor.name).arg(config.layers)};
    }
    const qint64 budget = physicalMemoryBytes() / 2;
    if (floatBytes > budget)
        return Error{where % QStringLiteral(": its weights take %1 GB as floats; this version dequantises the whole model and "
                                            "allows half of this machine's memory (%2 GB)")
                                 .arg(double(floatBytes) / 1e9, 0, 'f', 1).arg(double(budget) / 1e9, 0, 'f', 1)};

    CheckpointTensors loader(where, [file, &config, &where](const QString &name) -> std::optional<CheckpointTensors::Located> {
        const QString stored = ggufNameOf(name, config);
        const GgufTensor *tensor = stored.isEmpty() ? nullptr : file->tensor(stored);
        if (!tensor)
            return std::nullopt;
        const int heads = permutedHeads(stored, config);
        std::vector<qint64> shape = tensor->shape();
        return CheckpointTensors::Located{
            where % QStringLiteral(" (as '%1', %2)").arg(stored, ggml::ggmlTypeName(tensor->type)), shape,
            tensor->type != ggml::GgmlType::F32 || heads > 0,
            [file, tensor, shape, heads] { return readFloats(file, *tensor, shape, heads); }};
    }, [&config](const QString &name) { return ggufNameOf(name, config); });
    return fromTensors(loader, config, QStringLiteral("model."), QStringLiteral("lm_head.weight"));
}

} // namespace attn
