#include "gpt2weights.h"

#include "checkpointtensors.h"

#include <QRegularExpression>

#include <algorithm>

namespace attn {
namespace {

// Highest block index named in the file + 1, to catch a config that says fewer layers.
int blocksInFile(const safetensors::SafetensorsFile &file, const QString &prefix)
{
    static const QRegularExpression block(QStringLiteral("^h\\.(\\d{1,6})\\."));
    int count = 0;
    for (const safetensors::TensorInfo &tensor : file.tensors()) {
        if (!tensor.name.startsWith(prefix))
            continue;
        const QRegularExpressionMatch match = block.match(QStringView(tensor.name).mid(prefix.size()));
        if (match.hasMatch())
            count = std::max(count, match.captured(1).toInt() + 1);
    }
    return count;
}

} // namespace

Expected<Gpt2Weights> Gpt2Weights::load(const safetensors::SafetensorsFile &file, const Gpt2Config &config)
{
    QString prefix;
    if (file.find(QStringLiteral("transformer.wte.weight")))
        prefix = QStringLiteral("transformer.");
    else if (!file.find(QStringLiteral("wte.weight"))) {
        QStringList names;
        for (const safetensors::TensorInfo &tensor : file.tensors()) {
            if (names.size() == 5)
                break;
            names << tensor.name;
        }
        return Error{file.displayName()
                     % QStringLiteral(": no GPT-2 token embedding: neither 'wte.weight' nor 'transformer.wte.weight' "
                                      "is in the file (it has %1 tensors, such as %2)")
                           .arg(file.tensors().size()).arg(names.join(QStringLiteral(", ")))};
    }

    if (const int blocks = blocksInFile(file, prefix); blocks > config.layers)
        return Error{file.displayName() % QStringLiteral(": the file has blocks %1h.0 to %1h.%2 but config.json says n_layer %3")
                                              .arg(prefix).arg(blocks - 1).arg(config.layers)};

    Gpt2Weights weights;
    CheckpointTensors loader(file.displayName(), [&file](const QString &name) {
        return SafetensorsShards::Found{&file, file.find(name)};
    });
    const qint64 d = config.dModel;
    const qint64 inner = config.dInner;
    const QString dText = QStringLiteral("n_embd %1").arg(d);

#define AE_LOAD(target, name, shape, why)                  \
    do {                                                   \
        Expected<WeightView> view = loader.get(prefix % (name), shape, why); \
        if (!view)                                         \
            return Error{view.error()};                    \
        target = *view;                                    \
    } while (false)

    AE_LOAD(weights.wte, QStringLiteral("wte.weight"), (std::vector<qint64>{config.vocabSize, d}),
            QStringLiteral("vocab_size %1, %2").arg(config.vocabSize).arg(dText));
    AE_LOAD(weights.wpe, QStringLiteral("wpe.weight"), (std::vector<qint64>{config.positions, d}),
            QStringLiteral("n_positions %1, %2").arg(config.positions).arg(dText));
    weights.blocks.resize(config.layers);
    for (int layer = 0; layer < config.layers; ++layer) {
        Gpt2BlockWeights &block = weights.blocks[layer];
        const QString p = QStringLiteral("h.%1.").arg(layer);
        const QString dd = QStringLiteral("%1 in, %2 out: Conv1D layout (in, out)");
        AE_LOAD(block.ln1Weight, p % QStringLiteral("ln_1.weight"), std::vector<qint64>{d}, dText);
        AE_LOAD(block.ln1Bias, p % QStringLiteral("ln_1.bias"), std::vector<qint64>{d}, dText);
        AE_LOAD(block.attnWeight, p % QStringLiteral("attn.c_attn.weight"), (std::vector<qint64>{d, 3 * d}),
                dd.arg(dText, QStringLiteral("3·n_embd")));
        AE_LOAD(block.attnBias, p % QStringLiteral("attn.c_attn.bias"), std::vector<qint64>{3 * d}, QStringLiteral("3·n_embd"));
        AE_LOAD(block.attnProjWeight, p % QStringLiteral("attn.c_proj.weight"), (std::vector<qint64>{d, d}),
                dd.arg(dText, QStringLiteral("n_embd")));
        AE_LOAD(block.attnProjBias, p % QStringLiteral("attn.c_proj.bias"), std::vector<qint64>{d}, dText);
        AE_LOAD(block.ln2Weight, p % QStringLiteral("ln_2.weight"), std::vector<qint64>{d}, dText);
        AE_LOAD(block.ln2Bias, p % QStringLiteral("ln_2.bias"), std::vector<qint64>{d}, dText);
        AE_LOAD(block.fcWeight, p % QStringLiteral("mlp.c_fc.weight"), (std::vector<qint64>{d, inner}),
                dd.arg(dText, QStringLiteral("n_inner %1").arg(inner)));
        AE_LOAD(block.fcBias, p % QStringLiteral("mlp.c_fc.bias"), std::vector<qint64>{inner},
                QStringLiteral("n_inner %1").arg(inner));
        AE_LOAD(block.fcProjWeight, p % QStringLiteral("mlp.c_proj.weight"), (std::vector<qint64>{inner, d}),
                dd.arg(QStringLiteral("n_inner %1").arg(inner), dText));
        AE_LOAD(block.fcProjBias, p % QStringLiteral("mlp.c_proj.bias"), std::vector<qint64>{d}, dText);
    }
    AE_LOAD(weights.lnFWeight, QStringLiteral("ln_f.weight"), std::vector<qint64>{d}, dText);
    AE_LOAD(weights.lnFBias, QStringLiteral("ln_f.bias"), std::vector<qint64>{d}, dText);
#undef AE_LOAD

    weights.warnings = loader.nonFiniteWarnings();
    weights.convertedBytes = loader.convertedBytes();
    weights.storage = loader.takeStorage();
    return weights;
}

} // namespace attn
