#include "headlessexporter.h"

#include "fileexporter.h"

#include "document/focus.h"
#include "checkpoint/modelview.h"
#include "checkpoint/rolloutview.h"
#include "views/flow/flowview.h"
#include "views/heatmap/headgridview.h"
#include "views/heatmap/heatmapview.h"
#include "views/steps/steppanel.h"
#include "viewwiring.h"

#include <QCoreApplication>

#include <memory>

namespace attn::ui {
namespace {

constexpr int exitBadInput = 1;
constexpr int exitBadUsage = 2;

QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("attn::ui::HeadlessExporter", text, nullptr, n);
}

std::unique_ptr<ResultView> makeView(const QString &name, const ExportRequest &request)
{
    if (name == QLatin1String("heatmap")) {
        auto view = std::make_unique<HeatmapView>();
        view->setFixedHead(request.layer, request.head);
        return view;
    }
    if (name == QLatin1String("heads")) {
        auto view = std::make_unique<HeadGridView>();
        view->setFixedLayer(request.layer);
        return view;
    }
    if (name == QLatin1String("flow"))
        return std::make_unique<FlowView>(FlowLayout::Columns);
    if (name == QLatin1String("arc"))
        return std::make_unique<FlowView>(FlowLayout::Arcs);
    if (name == QLatin1String("steps"))
        return std::make_unique<StepPanel>();
    if (name == QLatin1String("model")) // every layer × head
        return std::make_unique<ModelView>();
    if (name == QLatin1String("rollout"))
        return std::make_unique<RolloutView>();
    return nullptr;
}

} // namespace

ExportOutcome HeadlessExporter::run(const ExportRequest &request, const ExportInput &input)
{
    if (!exportViewNames().contains(request.view))
        return {exitBadUsage, tr("unknown view \"%1\"; use one of %2")
                                  .arg(request.view, exportViewNames().join(QStringLiteral(", ")))};

    AttentionDocument document;
    if (input.model)
        document.setModel(input.model);
    document.applyDocumentState(input.state, tr("Export"));
    document.computeNow();
    const ResultPtr result = document.result();
    if (!result)
        return {exitBadInput, document.errorText().isEmpty() ? tr("the attention could not be computed")
                                                             : document.errorText()};

    // The requested layer/head/query must exist: a figure of a head that is not there would
    // silently show another one.
    if (request.layer < 0 || request.layer >= result->layerCount())
        return {exitBadUsage, tr("--layer %1 is out of range: the model has %n layer(s), numbered from 0",
                                 result->layerCount()).arg(request.layer)};
    if (request.head < 0 || request.head >= result->headCount())
        return {exitBadUsage, tr("--head %1 is out of range: the model has %n head(s), numbered from 0",
                                 result->headCount()).arg(request.head)};
    if (request.query >= result->tokenCount())
        return {exitBadUsage, tr("--query %1 is out of range: the input has %n token(s), numbered from 0",
                                 result->tokenCount()).arg(request.query)};

    FocusModel focus;
    Focus f;
    f.layer = request.layer;
    f.head = request.head;
    f.query = request.query >= 0 ? request.query : -1;
    focus.setFocus(f);
    ViewOptionsModel options;
    options.setOptions(input.options);

    const std::unique_ptr<ResultView> view = makeView(request.view, request);
    if (!view)
        return {exitBadUsage, tr("unknown view \"%1\"").arg(request.view)};
    if (auto *steps = dynamic_cast<StepPanel *>(view.get()))
        wireStepPanel(steps, &document, &focus, &options);
    else
        wireView(view.get(), &document, &focus, &options);

    ExportSource source;
    source.view = view.get();
    source.result = result;
    source.selection = HeadSelection::forView(request.view, focus.focus(), options.options(), *result);
    const Expected<ExportFormat> written = FileExporter::exportTo(request.path, source, request.image, request.format);
    if (!written)
        return {exitBadInput, written.error()};
    return {};
}

} // namespace attn::ui
