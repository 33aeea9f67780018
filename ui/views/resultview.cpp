#include "resultview.h"

#include <QCoreApplication>

namespace attn::ui {

namespace {

constexpr int kTitleInputChars = 60; // a title quotes at most this much of the input

} // namespace

ResultView::ResultView(QWidget *parent) : QWidget(parent) {}

const Focus &ResultView::focus() const
{
    static const Focus none;
    return m_focusModel ? m_focusModel->focus() : none;
}

const ViewOptions &ResultView::options() const
{
    static const ViewOptions defaults;
    return m_optionsModel ? m_optionsModel->options() : defaults;
}

void ResultView::setResult(const ResultPtr &result)
{
    m_result = result;
    onResultChanged();
}

void ResultView::setMessage(const QString &message)
{
    if (message == m_message)
        return;
    m_message = message;
    update();
}

void ResultView::setFocusModel(FocusModel *focus)
{
    if (focus == m_focusModel)
        return;
    if (m_focusModel)
        disconnect(m_focusModel, nullptr, this, nullptr);
    m_focusModel = focus;
    if (focus)
        connect(focus, &FocusModel::focusChanged, this, [this](const Focus &next) { onFocusChanged(next); });
    onModelsChanged();
}

void ResultView::setOptions(ViewOptionsModel *options)
{
    if (options == m_optionsModel)
        return;
    if (m_optionsModel)
        disconnect(m_optionsModel, nullptr, this, nullptr);
    m_optionsModel = options;
    if (options)
        connect(options, &ViewOptionsModel::optionsChanged, this, [this] { onOptionsChanged(); });
    onModelsChanged();
}

QString ResultView::messageOr(const QString &placeholder) const
{
    return m_message.isEmpty() ? placeholder : m_message;
}

QString ResultView::inputLine(int maxChars) const
{
    return m_result ? elidedLine(m_result->text, maxChars) : QString();
}

QString ResultView::titleWithInput(const QString &title) const
{
    // A picture of rescaled rows says so wherever it goes (screen, PNG, SVG, PDF).
    const QString shown = m_result ? title + filterSuffix(*m_result) : title;
    const QString input = inputLine(kTitleInputChars);
    if (input.isEmpty())
        return shown;
    return shown + QStringLiteral(" — “") + input + QStringLiteral("”");
}

QString filterSuffix(const AttentionResult &result)
{
    QString suffix;
    if (!result.hiddenKeysName.isEmpty())
        suffix += ResultView::tr(" · %1 hidden").arg(result.hiddenKeysName);
    if (!result.pairFilterName.isEmpty())
        suffix += QStringLiteral(" · ") + result.pairFilterName;
    return suffix;
}

QString headName(const AttentionResult &result, int head)
{
    if (!result.groupedQuery())
        return QCoreApplication::translate("ResultView", "head %1").arg(head);
    return QCoreApplication::translate("ResultView", "head %1 · kv %2").arg(head).arg(result.keyValueHeadOf(head));
}

QString layerHeadName(const AttentionResult &result, int layer, int head)
{
    const QString name = headName(result, head);
    if (result.layerCount() > 1)
        return QCoreApplication::translate("ResultView", "Layer %1 · %2").arg(layer).arg(name);
    return name.left(1).toUpper() + name.mid(1);
}

QString elidedLine(const QString &text, int maxChars)
{
    const QString line = text.simplified();
    if (line.size() <= maxChars)
        return line;
    return line.left(maxChars - 1) + QChar(0x2026);
}

} // namespace attn::ui
