#include "checkpointtensors.h"

#include <QStringBuilder>

namespace attn {
namespace {

QString shapeText(const std::vector<qint64> &shape)
{
    QStringList parts;
    for (qint64 dimension : shape)
        parts << QString::number(dimension);
    return QLatin1Char('[') % parts.join(QStringLiteral(", ")) % QLatin1Char(']');
}

} // namespace

CheckpointTensors::CheckpointTensors(QString displayName, Find find)
    : m_displayName(std::move(displayName)), m_find(std::move(find))
{
}

Expected<WeightView> CheckpointTensors::get(const QString &name, const std::vector<qint64> &expected, const QString &why)
{
    const SafetensorsShards::Found found = m_find(name);
    if (!found.info)
        return Error{m_displayName % QStringLiteral(": tensor '%1' is missing (expected shape %2, %3)")
                                         .arg(name, shapeText(expected), why)};
    if (found.info->shape != expected)
        return Error{found.file->displayName() % QStringLiteral(": tensor '%1' has shape %2, expected %3 (%4)")
                                                     .arg(name, shapeText(found.info->shape), shapeText(expected), why)};
    Expected<safetensors::FloatTensor> tensor = found.file->floatTensor(name);
    if (!tensor)
        return Error{tensor.error()};
    if (found.info->dtype != safetensors::DType::F32)
        m_convertedBytes += tensor->elementCount() * qint64(sizeof(float));
    m_parameterCount += tensor->elementCount();
    m_loaded.push_back({name, *tensor});
    m_storage.push_back(tensor->keepAlive);
    WeightView view;
    view.data = tensor->data;
    view.rows = expected.size() == 2 ? expected[0] : 1;
    view.cols = expected.back();
    return view;
}

QStringList CheckpointTensors::nonFiniteWarnings() const
{
    std::vector<qint64> counts(m_loaded.size(), 0);
#pragma omp parallel for schedule(dynamic)
    for (int i = 0; i < int(m_loaded.size()); ++i)
        counts[size_t(i)] = safetensors::nonFiniteCount(m_loaded[size_t(i)].tensor);
    QStringList warnings;
    for (size_t i = 0; i < m_loaded.size(); ++i)
        if (counts[i] > 0)
            warnings << m_displayName
                    % QStringLiteral(": tensor '%1' has %2 NaN or infinite values among %3; results that depend on it "
                                     "will show NaN")
                          .arg(m_loaded[i].name).arg(counts[i]).arg(m_loaded[i].tensor.elementCount());
    return warnings;
}

} // namespace attn
