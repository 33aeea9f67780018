#include "modelcontroller.h"

#include "document/attentiondocument.h"

#include <QLocale>

namespace attn::ui {

ModelController::ModelController(AttentionDocument *document, QObject *parent)
    : QObject(parent), m_document(document)
{
    connect(&m_loads, &JobRunner::busyChanged, this, &ModelController::loadingChanged);
}

ModelController::Loaded ModelController::load(const QString &path)
{
    Loaded loaded{loadModel(path), {}, path};
    // A bidirectional head sees the probe's whole second copy: an induction score would mean nothing.
    if (loaded.model && !(*loaded.model)->info().bidirectional)
        loaded.induction = measureInductionScores(*loaded.model);
    return loaded;
}

void ModelController::open(const QString &path)
{
    m_loads.submit<Loaded>([path]() -> std::function<Loaded()> { return [path] { return load(path); }; },
                           [this](const Loaded &loaded) { accept(loaded); });
}

Expected<ModelPtr> ModelController::openNow(const QString &path)
{
    m_loads.supersede(); // a load still running is now stale
    const Loaded loaded = load(path);
    accept(loaded);
    return loaded.model;
}

void ModelController::accept(const Loaded &loaded)
{
    if (!loaded.model) {
        emit openFailed(loaded.model.error());
        return;
    }
    m_model = *loaded.model;
    m_path = loaded.path;
    m_induction = loaded.induction;
    m_document->setModel(m_model);
    emit opened(m_model);
}

void ModelController::close()
{
    m_loads.supersede();
    if (!m_model)
        return;
    m_model.reset();
    m_path.clear();
    m_induction.clear();
    m_document->setModel(nullptr);
    emit closed();
}

QString ModelController::describe(const Model &model)
{
    const ModelInfo &info = model.info();
    const qint64 parameters = info.parameterCount;
    const QString count = parameters >= 1'000'000'000 ? tr("%1 B").arg(double(parameters) / 1e9, 0, 'f', 2)
        : parameters >= 1'000'000                      ? tr("%1 M").arg(double(parameters) / 1e6, 0, 'f', 1)
                                                       : tr("%1 k").arg(double(parameters) / 1e3, 0, 'f', 1);
    return tr("%1 · %2 layers × %3 heads · %4 parameters · %5 on disk")
        .arg(info.name)
        .arg(info.layers)
        .arg(info.heads)
        .arg(count, QLocale::system().formattedDataSize(info.fileBytes, 1, QLocale::DataSizeSIFormat));
}

} // namespace attn::ui
