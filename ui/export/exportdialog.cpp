#include "exportdialog.h"
#include "ui_exportdialog.h"

#include "viewrenderer.h"

#include "views/exportableview.h"

#include <QPushButton>

#include <cmath>

namespace attn::ui {
namespace {

constexpr double kScales[] = {1.0, 2.0, 4.0};
constexpr int kCustomSize = -1; // scale combo data of "Exact size"

} // namespace

ExportDialog::ExportDialog(const std::vector<Choice> &views, QWidget *parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::ExportDialog>()), m_views(views)
{
    m_ui->setupUi(this);
    m_ui->buttons->button(QDialogButtonBox::Ok)->setText(tr("&Export…"));
    for (const Choice &choice : m_views)
        m_ui->viewCombo->addItem(choice.label);
    for (double scale : kScales)
        m_ui->scaleCombo->addItem(tr("%1×").arg(scale), scale);
    m_ui->scaleCombo->addItem(tr("Exact size"), kCustomSize);
    m_ui->widthSpin->setSpecialValueText(tr("auto")); // 0: follows from the other side
    m_ui->heightSpin->setSpecialValueText(tr("auto"));

    connect(m_ui->viewCombo, &QComboBox::currentIndexChanged, this, &ExportDialog::updateSize);
    connect(m_ui->scaleCombo, &QComboBox::currentIndexChanged, this, &ExportDialog::updateSize);
    connect(m_ui->widthSpin, &QSpinBox::valueChanged, this, &ExportDialog::updateSize);
    connect(m_ui->heightSpin, &QSpinBox::valueChanged, this, &ExportDialog::updateSize);
    m_ui->scaleCombo->setCurrentIndex(1); // 2×: sharp on slides and high-DPI screens
    updateSize();
}

ExportDialog::~ExportDialog() = default;

void ExportDialog::setCurrentView(const ExportableView *view)
{
    for (size_t i = 0; i < m_views.size(); ++i) {
        if (m_views[i].view == view)
            m_ui->viewCombo->setCurrentIndex(int(i));
    }
}

ExportableView *ExportDialog::currentView() const
{
    const int index = m_ui->viewCombo->currentIndex();
    return index >= 0 && size_t(index) < m_views.size() ? m_views[size_t(index)].view : nullptr;
}

void ExportDialog::setOptions(const ImageExportOptions &options)
{
    int index = m_ui->scaleCombo->findData(kCustomSize);
    if (!options.hasPixelSize()) {
        for (int i = 0; i < m_ui->scaleCombo->count(); ++i) {
            if (m_ui->scaleCombo->itemData(i).toDouble() == options.scale)
                index = i;
        }
        if (index == m_ui->scaleCombo->findData(kCustomSize)) // a scale the list does not have
            index = 1;
    } else {
        m_ui->widthSpin->setValue(options.pixelSize.width());
        m_ui->heightSpin->setValue(options.pixelSize.height());
    }
    m_ui->scaleCombo->setCurrentIndex(index);
    m_ui->focusCheck->setChecked(options.includeFocus);
    updateSize();
}

ImageExportOptions ExportDialog::options() const
{
    ImageExportOptions options;
    const double scale = m_ui->scaleCombo->currentData().toDouble();
    if (scale == kCustomSize)
        options.pixelSize = QSize(m_ui->widthSpin->value(), m_ui->heightSpin->value());
    else
        options.scale = scale;
    options.includeFocus = m_ui->focusCheck->isChecked();
    return options;
}

QString ExportDialog::sizeText() const
{
    return m_ui->sizeLabel->text();
}

void ExportDialog::updateSize()
{
    const bool custom = m_ui->scaleCombo->currentData().toDouble() == kCustomSize;
    m_ui->widthSpin->setEnabled(custom);
    m_ui->heightSpin->setEnabled(custom);
    const ExportableView *view = currentView();
    if (!view) {
        m_ui->sizeLabel->clear();
        return;
    }
    const QSize content = view->contentSize();
    if (custom && m_ui->widthSpin->value() == 0 && m_ui->heightSpin->value() == 0) {
        // Start from the content's own size, so the fields show a sensible proportion.
        const QSignalBlocker b1(m_ui->widthSpin);
        m_ui->widthSpin->setValue(content.width() * 2);
    }
    const Expected<PngPlan> plan = ViewRenderer::planPng(content, options());
    const QString vector = tr("SVG and PDF: %1 × %2, sized to the content").arg(content.width()).arg(content.height());
    const QString png = plan ? tr("PNG: %1 × %2 pixels.").arg(plan->pixelSize.width()).arg(plan->pixelSize.height())
                             : plan.error();
    m_ui->sizeLabel->setText(png + QLatin1Char(' ') + vector);
    if (QPushButton *ok = m_ui->buttons->button(QDialogButtonBox::Ok))
        ok->setEnabled(true); // SVG, PDF and numbers are still possible when a PNG is too large
}

} // namespace attn::ui
