#include "displayedresult.h"

#include "attentiondocument.h"
#include "core/analysis/firstkeyhidden.h"
#include "viewoptions.h"

namespace attn::ui {

DisplayedResult::DisplayedResult(AttentionDocument *document, ViewOptionsModel *options, QObject *parent)
    : QObject(parent), m_document(document), m_options(options)
{
    m_hidden = m_options->options().hideFirstToken;
    m_shown = m_hidden ? hideFirstKey(m_document->result()) : m_document->result();
    connect(m_document, &AttentionDocument::resultChanged, this, &DisplayedResult::update);
    connect(m_document, &AttentionDocument::computeFailed, this, &DisplayedResult::computeFailed);
    connect(m_options, &ViewOptionsModel::optionsChanged, this, [this](const ViewOptions &options) {
        if (options.hideFirstToken != m_hidden)
            update();
    });
}

QString DisplayedResult::errorText() const
{
    return m_document->errorText();
}

void DisplayedResult::update()
{
    m_hidden = m_options->options().hideFirstToken;
    const ResultPtr &computed = m_document->result();
    m_shown = m_hidden ? hideFirstKey(computed) : computed;
    emit resultChanged(m_shown);
}

} // namespace attn::ui
