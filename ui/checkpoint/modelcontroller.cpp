#include "modelcontroller.h"

#include "document/attentiondocument.h"

#include <QFutureWatcher>
#include <QLocale>
#include <QtConcurrent/QtConcurrentRun>

namespace attn::ui {

ModelController::ModelController(AttentionDocument *document, QObject *parent)
    : QObject(parent), m_document(document)
{
    qRegisterMetaType<attn::Gpt2ModelPtr>("attn::Gpt2ModelPtr");
}

// A load still running holds only its path; its result is dropped once this object is gone.
ModelController::~ModelController() = default;

ModelController::Loaded ModelController::load(const QString &path)
{
    Loaded loaded{Gpt2Model::load(path), {}};
    if (loaded.model)
        loaded.induction = measureInductionScores(*loaded.model);
    return loaded;
}

void ModelController::open(const QString &path)
{
    const quint64 job = ++m_latestJob;
    setLoading(true);
    // Delivered through a watcher (a child of this object), not QFuture::then(context): in Qt 6.4 a
    // continuation could run for a superseded load after the newer one, and the older model won.
    auto *watcher = new QFutureWatcher<Loaded>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, job] {
        const Loaded loaded = watcher->result();
        watcher->deleteLater();
        accept(job, loaded);
    });
    watcher->setFuture(QtConcurrent::run([path] { return load(path); }));
}

Expected<Gpt2ModelPtr> ModelController::openNow(const QString &path)
{
    const quint64 job = ++m_latestJob; // a load still running is now stale
    Loaded loaded = load(path);
    accept(job, loaded);
    return loaded.model;
}

void ModelController::accept(quint64 job, const Loaded &loaded)
{
    if (job != m_latestJob)
        return;
    setLoading(false);
    if (!loaded.model) {
        emit openFailed(loaded.model.error());
        return;
    }
    m_model = *loaded.model;
    m_induction = loaded.induction;
    m_document->setModel(m_model);
    emit opened(m_model);
}

void ModelController::close()
{
    ++m_latestJob;
    setLoading(false);
    if (!m_model)
        return;
    m_model.reset();
    m_induction.clear();
    m_document->setModel(nullptr);
    emit closed();
}

void ModelController::setLoading(bool loading)
{
    if (loading == m_loading)
        return;
    m_loading = loading;
    emit loadingChanged(loading);
}

QString ModelController::describe(const Gpt2Model &model)
{
    const Gpt2Config &c = model.config();
    // wte, wpe, and per block ln_1, c_attn, c_proj, ln_2, c_fc, mlp c_proj (weights and biases), ln_f.
    const qint64 d = c.dModel;
    const qint64 perBlock = 2 * d + (d * 3 * d + 3 * d) + (d * d + d) + 2 * d + (d * c.dInner + c.dInner)
        + (qint64(c.dInner) * d + d);
    const qint64 parameters = qint64(c.vocabSize) * d + qint64(c.positions) * d + c.layers * perBlock + 2 * d;
    const QString count = parameters >= 1'000'000'000 ? tr("%1 B").arg(double(parameters) / 1e9, 0, 'f', 2)
        : parameters >= 1'000'000                      ? tr("%1 M").arg(double(parameters) / 1e6, 0, 'f', 1)
                                                       : tr("%1 k").arg(double(parameters) / 1e3, 0, 'f', 1);
    return tr("%1 · %2 layers × %3 heads · %4 parameters · %5 on disk")
        .arg(model.name())
        .arg(c.layers)
        .arg(c.heads)
        .arg(count, QLocale::system().formattedDataSize(model.fileBytes(), 1, QLocale::DataSizeSIFormat));
}

} // namespace attn::ui
