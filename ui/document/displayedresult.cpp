#include "displayedresult.h"

#include "attentiondocument.h"
#include "viewoptions.h"

namespace attn::ui {

DisplayedResult::DisplayedResult(AttentionDocument *document, ViewOptionsModel *options, QObject *parent)
    : QObject(parent), m_document(document), m_options(options)
{
    m_shown = shownFor(m_document->result());
    connect(m_document, &AttentionDocument::resultChanged, this, &DisplayedResult::update);
    connect(m_document, &AttentionDocument::computeFailed, this, &DisplayedResult::computeFailed);
    connect(m_options, &ViewOptionsModel::optionsChanged, this, [this](const ViewOptions &options) {
        if (options.hideFirstToken != m_hidden || options.pairFilter != m_filter)
            update();
    });
}

QString DisplayedResult::errorText() const
{
    return m_document->errorText();
}

ResultPtr DisplayedResult::shownFor(const ResultPtr &computed)
{
    m_hidden = m_options->options().hideFirstToken;
    m_filter = m_options->options().pairFilter;
    const ResultPtr hidden = m_hidden ? hideSinkKeys(computed) : computed;
    return restrictToPair(hidden, m_filter);
}

void DisplayedResult::update()
{
    m_shown = shownFor(m_document->result());
    emit resultChanged(m_shown);
}

} // namespace attn::ui
