#include "matrixeditor.h"

#include "matrixoperations.h"
#include "matrixtablemodel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QRandomGenerator>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

#include <cmath>

namespace attn::ui {

MatrixEditor::MatrixEditor(AttentionDocument *document, FocusModel *focus, QWidget *parent)
    : QWidget(parent), m_document(document), m_focus(focus), m_model(new MatrixTableModel(document, this)),
      m_table(new QTableView(this))
{
    m_table->setModel(m_model);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                             | QAbstractItemView::AnyKeyPressed);
    m_table->setWordWrap(false);
    const int rowHeight = m_table->fontMetrics().height() + 6;
    m_table->verticalHeader()->setDefaultSectionSize(rowHeight);
    m_table->verticalHeader()->setMinimumSectionSize(rowHeight);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->horizontalHeader()->setDefaultSectionSize(m_table->fontMetrics().horizontalAdvance(QStringLiteral("-0.0000e-00")));
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->setToolTip(tr("Type a number to change a weight (Enter commits; every view follows). "
                           "Ctrl+C / Ctrl+V copy and paste tab-separated blocks, as spreadsheets do."));

    auto *copyAction = new QAction(tr("Copy"), m_table);
    copyAction->setShortcut(QKeySequence::Copy);
    copyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(copyAction, &QAction::triggered, this, &MatrixEditor::copy);
    auto *pasteAction = new QAction(tr("Paste"), m_table);
    pasteAction->setShortcut(QKeySequence::Paste);
    pasteAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(pasteAction, &QAction::triggered, this, &MatrixEditor::paste);
    m_table->addAction(copyAction);
    m_table->addAction(pasteAction);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);

    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("QLabel { color: #b00020; }"));
    m_message->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    buildControls();
    layout->addWidget(m_table, 1);
    layout->addWidget(m_message);

    connect(m_model, &MatrixTableModel::editRefused, this, &MatrixEditor::refuse);
    connect(m_model, &MatrixTableModel::dataChanged, this, [this] { m_message->hide(); });
    connect(m_model, &MatrixTableModel::modelReset, this, &MatrixEditor::showTarget);
    connect(m_document, &AttentionDocument::stateChanged, this, [this] {
        const QSignalBlocker blocker(m_seed);
        m_seed->setValue(int(std::min<quint64>(m_document->config().seed, quint64(m_seed->maximum()))));
        m_head->setMaximum(std::max(0, m_document->config().heads - 1));
        showTarget();
    });
    connect(m_focus, &FocusModel::focusChanged, this, &MatrixEditor::onFocusChanged);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MatrixEditor::onRowsSelected);
    showTarget();
}

void MatrixEditor::buildControls()
{
    auto *row = new QHBoxLayout;
    m_matrix = new QComboBox(this);
    m_matrix->addItem(tr("W_Q (queries)"), int(EditorMatrix::Query));
    m_matrix->addItem(tr("W_K (keys)"), int(EditorMatrix::Key));
    m_matrix->addItem(tr("W_V (values)"), int(EditorMatrix::Value));
    m_matrix->addItem(tr("W_O (output)"), int(EditorMatrix::Output));
    m_matrix->addItem(tr("Embeddings (tokens)"), int(EditorMatrix::Embeddings));
    m_matrix->setToolTip(tr("Q = X·W_Q, K = X·W_K, V = X·W_V per head; W_O mixes the heads; "
                            "the embeddings are the rows of X before positions are added"));
    m_head = new QSpinBox(this);
    m_head->setRange(0, std::max(0, m_document->config().heads - 1));
    m_head->setPrefix(tr("head "));
    m_head->setToolTip(tr("The head whose matrices are shown; follows the head focused in every view"));
    m_shape = new QLabel(this);
    row->addWidget(m_matrix);
    row->addWidget(m_head);
    row->addWidget(m_shape, 1);
    static_cast<QVBoxLayout *>(layout())->addLayout(row);

    connect(m_matrix, &QComboBox::currentIndexChanged, this, [this](int index) {
        EditorTarget next = target();
        next.matrix = EditorMatrix(m_matrix->itemData(index).toInt());
        next.head = m_head->value();
        setTarget(next);
    });
    connect(m_head, &QSpinBox::valueChanged, this, [this](int head) {
        EditorTarget next = target();
        next.head = head;
        setTarget(next);
        if (!m_syncing)
            m_focus->setHead(head);
    });

    auto *bar = new QToolBar(this);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->setIconSize(QSize(16, 16));
    bar->addWidget(new QLabel(tr("Seed "), bar));
    m_seed = new QSpinBox(bar);
    m_seed->setRange(0, 2147483647);
    m_seed->setValue(int(std::min<quint64>(m_document->config().seed, 2147483647u)));
    m_seed->setToolTip(tr("Seed of the Glorot initialisation; the command line's --seed gives the same matrices"));
    bar->addWidget(m_seed);
    bar->addAction(tr("Re-seed"), this, [this] { reseedAll(quint64(m_seed->value())); })
        ->setToolTip(tr("Draw every W_Q, W_K, W_V and W_O again from this seed"));
    bar->addSeparator();
    bar->addAction(tr("Randomise head"), this, [this] { randomiseHead(QRandomGenerator::global()->generate64()); })
        ->setToolTip(tr("Draw this head's W_Q, W_K and W_V again from a fresh random seed"));
    bar->addAction(tr("Randomise all"), this, &MatrixEditor::randomiseAll)
        ->setToolTip(tr("Re-seed every matrix with a fresh random seed"));
    static_cast<QVBoxLayout *>(layout())->addWidget(bar);
    // A second row, so that a narrow dock shows every action instead of hiding some behind ».
    bar = new QToolBar(this);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addAction(tr("Identity"), this, &MatrixEditor::setIdentity)
        ->setToolTip(tr("The shown matrix becomes ones on the diagonal, zeros elsewhere"));
    bar->addAction(tr("Zeros"), this, &MatrixEditor::setZeros)->setToolTip(tr("Every entry of the shown matrix becomes 0"));
    bar->addSeparator();
    m_scale = new QDoubleSpinBox(bar);
    m_scale->setRange(-1000.0, 1000.0);
    m_scale->setDecimals(3);
    m_scale->setValue(2.0);
    m_scale->setPrefix(QStringLiteral("× "));
    m_scale->setToolTip(tr("Factor s for \"Scale\""));
    bar->addWidget(m_scale);
    bar->addAction(tr("Scale"), this, [this] { scaleBy(m_scale->value()); })
        ->setToolTip(tr("Multiply every entry of the shown matrix by s"));
    static_cast<QVBoxLayout *>(layout())->addWidget(bar);
}

const EditorTarget &MatrixEditor::target() const
{
    return m_model->target();
}

void MatrixEditor::setTarget(const EditorTarget &target)
{
    m_model->setTarget(target);
    showTarget();
}

void MatrixEditor::showTarget()
{
    const EditorTarget &t = target();
    {
        const QSignalBlocker b1(m_matrix), b2(m_head);
        m_matrix->setCurrentIndex(m_matrix->findData(int(t.matrix)));
        m_head->setEnabled(t.perHead());
        if (t.perHead())
            m_head->setValue(t.head);
    }
    m_shape->setText(tr("%1 × %2").arg(m_model->rowCount()).arg(m_model->columnCount()));
    m_shape->setToolTip(t.isEmbeddings() ? tr("tokens × d_model")
                        : t.matrix == EditorMatrix::Output ? tr("(heads·d_v) × d_model")
                        : t.matrix == EditorMatrix::Value  ? tr("d_model × d_v")
                                                           : tr("d_model × d_k"));
    // Token rows need room for their labels; numbers do not.
    m_table->verticalHeader()->setDefaultAlignment(t.isEmbeddings() ? Qt::AlignLeft | Qt::AlignVCenter : Qt::AlignRight | Qt::AlignVCenter);
}

QString MatrixEditor::message() const
{
    return m_message->isVisible() || !m_message->isHidden() ? m_message->text() : QString();
}

void MatrixEditor::refuse(const QString &message)
{
    m_message->setText(message);
    m_message->show();
}

QString MatrixEditor::copyText() const
{
    const QModelIndexList selected = m_table->selectionModel()->selectedIndexes();
    if (selected.isEmpty())
        return {};
    int top = INT_MAX, left = INT_MAX, bottom = -1, right = -1;
    for (const QModelIndex &index : selected) {
        top = std::min(top, index.row());
        left = std::min(left, index.column());
        bottom = std::max(bottom, index.row());
        right = std::max(right, index.column());
    }
    return formatBlock(m_model->values().block(top, left, bottom - top + 1, right - left + 1));
}

void MatrixEditor::copy()
{
    const QString text = copyText();
    if (!text.isEmpty())
        QApplication::clipboard()->setText(text);
}

void MatrixEditor::paste()
{
    pasteText(QApplication::clipboard()->text());
}

bool MatrixEditor::pasteText(const QString &text)
{
    const Expected<Matrix> block = parseBlock(text);
    if (!block) {
        refuse(tr("Nothing pasted: %1").arg(block.error()));
        return false;
    }
    QModelIndexList selected = m_table->selectionModel()->selectedIndexes();
    if (selected.isEmpty() && m_table->currentIndex().isValid())
        selected << m_table->currentIndex();
    if (selected.isEmpty()) {
        refuse(tr("Nothing pasted: select the cell where the block's top-left number goes"));
        return false;
    }
    Matrix next = m_model->values();
    if (block->size() == 1) {
        for (const QModelIndex &index : selected)
            next(index.row(), index.column()) = (*block)(0, 0);
    } else {
        int top = INT_MAX, left = INT_MAX;
        for (const QModelIndex &index : selected) {
            top = std::min(top, index.row());
            left = std::min(left, index.column());
        }
        if (top + block->rows() > next.rows() || left + block->cols() > next.cols()) {
            refuse(tr("Nothing pasted: a %1 × %2 block at row %3, column %4 does not fit in the %5 × %6 matrix")
                       .arg(block->rows()).arg(block->cols()).arg(top).arg(left).arg(next.rows()).arg(next.cols()));
            return false;
        }
        next.block(top, left, block->rows(), block->cols()) = *block;
    }
    return m_model->applyValues(next, tr("Paste into %1").arg(targetTitle(target())));
}

void MatrixEditor::reseedAll(quint64 seed)
{
    AttentionConfig config = m_document->config();
    if (config.seed == seed) {
        // Same seed: the configuration does not change, so put the seeded matrices back explicitly.
        m_document->setWeights(LearnedMatrices::glorot(config), tr("Re-seed all matrices (seed %1)").arg(seed));
        return;
    }
    config.seed = seed;
    m_document->setConfig(config, tr("Re-seed all matrices (seed %1)").arg(seed));
}

void MatrixEditor::randomiseHead(quint64 seed)
{
    const int head = target().perHead() ? target().head : m_focus->focus().head;
    if (head < 0 || head >= m_document->config().heads)
        return;
    m_document->applyState(randomisedHead(m_document->state(), head, seed),
                           tr("Randomise head %1 (seed %2)").arg(head).arg(seed));
}

void MatrixEditor::randomiseAll()
{
    reseedAll(QRandomGenerator::global()->bounded(2147483647u));
}

void MatrixEditor::setIdentity()
{
    m_model->applyValues(identityLike(m_model->rowCount(), m_model->columnCount()),
                         tr("Identity %1").arg(targetTitle(target())));
}

void MatrixEditor::setZeros()
{
    m_model->applyValues(Matrix::Zero(m_model->rowCount(), m_model->columnCount()),
                         tr("Zeros %1").arg(targetTitle(target())));
}

void MatrixEditor::scaleBy(double factor)
{
    if (!std::isfinite(factor)) {
        refuse(tr("The scale factor must be a finite number"));
        return;
    }
    const Matrix scaled = (m_model->values().cast<double>() * factor).cast<float>();
    m_model->applyValues(scaled, tr("Scale %1 by %2").arg(targetTitle(target())).arg(factor));
}

void MatrixEditor::onFocusChanged(const Focus &focus)
{
    m_syncing = true;
    EditorTarget t = target();
    if (t.perHead() && focus.head != t.head && focus.head < m_document->config().heads) {
        t.head = focus.head;
        setTarget(t);
    }
    if (t.isEmbeddings() && focus.pinned && focus.hasToken()) {
        QItemSelection rows;
        for (int token : {focus.query, focus.key}) {
            if (token >= 0 && token < m_model->rowCount())
                rows.select(m_model->index(token, 0), m_model->index(token, m_model->columnCount() - 1));
        }
        m_table->selectionModel()->select(rows, QItemSelectionModel::ClearAndSelect);
        if (focus.query < m_model->rowCount())
            m_table->scrollTo(m_model->index(focus.query, 0));
    }
    m_syncing = false;
}

void MatrixEditor::onRowsSelected()
{
    if (m_syncing || !target().isEmbeddings())
        return;
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid() || !m_table->selectionModel()->isSelected(current))
        return;
    Focus next = m_focus->focus();
    next.query = current.row();
    next.key = -1;
    next.pinned = true;
    m_syncing = true;
    m_focus->setFocus(next);
    m_syncing = false;
}

} // namespace attn::ui
