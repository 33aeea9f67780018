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
    : m_displayName(std::move(displayName))
{
    m_locate = [find = std::move(find)](const QString &name) -> std::optional<Located> {
        const SafetensorsShards::Found found = find(name);
        if (!found.info)
            return std::nullopt;
        const safetensors::SafetensorsFile *file = found.file;
        return Located{file->displayName(), found.info->shape, found.info->dtype != safetensors::DType::F32,
                       [file, name] { return file->floatTensor(name); }};
    };
}

CheckpointTensors::CheckpointTensors(QString displayName, Locate locate, std::function<QString(const QString &)> storedName)
    : m_displayName(std::move(displayName)), m_locate(std::move(locate)), m_storedName(std::move(storedName))
{
}

Expected<WeightView> CheckpointTensors::get(const QString &name, const std::vector<qint64> &expected, const QString &why)
{
    const std::optional<Located> found = m_locate(name);
    if (!found) {
        const QString stored = m_storedName ? m_storedName(name) : QString();
        const QString named = stored.isEmpty() || stored == name ? QStringLiteral("'%1'").arg(name)
                                                                 : QStringLiteral("'%1' (Hugging Face's '%2')").arg(stored, name);
        return Error{m_displayName % QStringLiteral(": tensor %1 is missing (expected shape %2, %3)")
                                         .arg(named, shapeText(expected), why)};
    }
    if (found->shape != expected)
        return Error{found->file % QStringLiteral(": tensor '%1' has shape %2, expected %3 (%4)")
                                       .arg(name, shapeText(found->shape), shapeText(expected), why)};
    Expected<safetensors::FloatTensor> tensor = found->read();
    if (!tensor)
        return Error{tensor.error()};
    if (found->converted)
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
