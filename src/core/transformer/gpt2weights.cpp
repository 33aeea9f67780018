#include "gpt2weights.h"

#include <QRegularExpression>

#include <algorithm>

namespace attn {
namespace {

QString shapeText(const std::vector<qint64> &shape)
{
    QStringList parts;
    for (qint64 dimension : shape)
        parts << QString::number(dimension);
    return QLatin1Char('[') % parts.join(QStringLiteral(", ")) % QLatin1Char(']');
}

class TensorLoader
{
public:
    TensorLoader(const safetensors::SafetensorsFile &file, QString prefix, Gpt2Weights &weights)
        : m_file(file), m_prefix(std::move(prefix)), m_weights(weights)
    {
    }

    // `why` explains the expected shape in the config's words, for the message.
    Expected<WeightView> get(const QString &name, std::vector<qint64> expected, const QString &why)
    {
        const QString fullName = m_prefix % name;
        const safetensors::TensorInfo *info = m_file.find(fullName);
        if (!info)
            return Error{m_file.displayName() % QStringLiteral(": tensor '%1' is missing (expected shape %2, %3)")
                                                    .arg(fullName, shapeText(expected), why)};
        if (info->shape != expected)
            return Error{m_file.displayName() % QStringLiteral(": tensor '%1' has shape %2, expected %3 (%4)")
                                                    .arg(fullName, shapeText(info->shape), shapeText(expected), why)};
        Expected<safetensors::FloatTensor> tensor = m_file.floatTensor(fullName);
        if (!tensor)
            return Error{tensor.error()};
        if (info->dtype != safetensors::DType::F32)
            m_weights.convertedBytes += tensor->elementCount() * qint64(sizeof(float));
        m_loaded.push_back({fullName, *tensor});
        m_weights.storage.push_back(tensor->keepAlive);
        WeightView view;
        view.data = tensor->data;
        view.rows = expected.size() == 2 ? expected[0] : 1;
        view.cols = expected.back();
        return view;
    }

    // NaN/Inf scan over every tensor read, both cores: this also faults the mapping in once, so
    // the first forward pass does not pay for it.
    void scanNonFinite()
    {
        std::vector<qint64> counts(m_loaded.size(), 0);
#pragma omp parallel for schedule(dynamic)
        for (int i = 0; i < int(m_loaded.size()); ++i)
            counts[i] = safetensors::nonFiniteCount(m_loaded[i].tensor);
        for (size_t i = 0; i < m_loaded.size(); ++i)
            if (counts[i] > 0)
                m_weights.warnings << m_file.displayName()
                        % QStringLiteral(": tensor '%1' has %2 NaN or infinite values among %3; results that depend "
                                         "on it will show NaN")
                              .arg(m_loaded[i].name).arg(counts[i]).arg(m_loaded[i].tensor.elementCount());
    }

private:
    struct Loaded
    {
        QString name;
        safetensors::FloatTensor tensor;
    };
    const safetensors::SafetensorsFile &m_file;
    QString m_prefix;
    Gpt2Weights &m_weights;
    std::vector<Loaded> m_loaded;
};

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
    TensorLoader loader(file, prefix, weights);
    const qint64 d = config.dModel;
    const qint64 inner = config.dInner;
    const QString dText = QStringLiteral("n_embd %1").arg(d);

#define AE_LOAD(target, name, shape, why)                  \
    do {                                                   \
        Expected<WeightView> view = loader.get(name, shape, why); \
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

    loader.scanNonFinite();
    return weights;
}

} // namespace attn
