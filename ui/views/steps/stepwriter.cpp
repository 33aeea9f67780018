#include "stepwriter.h"

#include "stepformat.h"
#include "stephtml.h"

#include <QHash>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace attn::ui {
namespace {

using namespace stephtml;

constexpr int allKeysUpTo = 12;     // rows this short are written out key by key
constexpr int strongestShown = 7;   // longer rows: the focused key and the strongest ones
constexpr int allTermsUpTo = 12;    // d_k this small: the dot product term by term
constexpr int leadingTerms = 6;     // otherwise the first terms, "…", the last ones
constexpr int trailingTerms = 2;
constexpr int allHeadsUpTo = 16;
constexpr float directExpLimit = 20.f; // below this |max|, exp(score) is shown as the seed does
constexpr int lineColumns = 92;        // the maths fits this many characters on an exported page

// Indentation for "= …" continuation lines, so the equals signs line up under the first one.
QString continuation(int width)
{
    return QString(std::min(width, 28), QLatin1Char(' '));
}

int visibleLength(const QString &html)
{
    // Length of the text a piece of HTML shows (tags removed, entities counted once).
    int length = 0;
    bool inTag = false;
    bool inEntity = false;
    for (QChar c : html) {
        if (inTag) {
            inTag = c != QLatin1Char('>');
        } else if (c == QLatin1Char('<')) {
            inTag = true;
        } else if (inEntity) {
            inEntity = c != QLatin1Char(';');
        } else {
            ++length;
            inEntity = c == QLatin1Char('&');
        }
    }
    return length;
}

// "1 key", "3 keys": the English plural without a translation file.
QString plural(int n, const QString &one, const QString &many)
{
    return QString::number(n) + QLatin1Char(' ') + (n == 1 ? one : many);
}

// A piece of HTML followed by spaces up to a visible width, for columns in the monospace maths.
QString padded(const QString &html, int width)
{
    const int length = visibleLength(html);
    return length >= width ? html : html + QString(width - length, QLatin1Char(' '));
}

QString moreKeys(int n)
{
    return dim(QStringLiteral("   ⋮ ") + plural(n, StepWriter::tr("more key"), StepWriter::tr("more keys")));
}

} // namespace

StepWriter::StepWriter(const AttentionResult *result, const StepRequest &request)
    : m_result(result), m_request(request)
{
}

StepContent StepWriter::write()
{
    StepContent content;
    if (!m_result || m_result->tokenCount() == 0 || m_result->layerCount() == 0 || m_result->headCount() == 0) {
        content.title = tr("Step by step");
        content.html = QStringLiteral("<h1>") + tr("Step by step") + QStringLiteral("</h1>")
            + prose(tr("Type a sentence: the computation of the focused query and key is written out here, "
                                "step by step, with the engine's own numbers."));
        return content;
    }
    const int count = m_result->tokenCount();
    const int layer = std::clamp(m_request.layer, 0, m_result->layerCount() - 1);
    const int head = std::clamp(m_request.head, 0, m_result->headCount() - 1);
    const int query = m_request.query >= 0 && m_request.query < count ? m_request.query : 0;
    int key = m_request.key;
    if (key < 0 || key >= count) {
        // No cell focused: the key this query attends to most (the first of equals).
        const HeadPtr shown = m_result->head(layer, head);
        const Matrix &weights = shown->weights;
        key = 0;
        for (int j = 1; j < count; ++j)
            if (weights(query, j) > weights(query, key))
                key = j;
    }
    // A token whose text occurs more than once gets its position as a subscript.
    QHash<QString, int> occurrences;
    for (const Token &t : m_result->tokens)
        ++occurrences[t.text];
    m_repeated.resize(size_t(count));
    for (int i = 0; i < count; ++i)
        m_repeated[size_t(i)] = occurrences.value(m_result->tokens[size_t(i)].text) > 1;

    if (!traceStep(*m_result, layer, head, query, key, m_trace)) {
        content.title = tr("Step by step");
        content.html = prose(tr("Nothing to show for this head."));
        return content;
    }
    m_shown = shownKeys();

    writeHeader();
    writeQueryKeyValue();
    writeScores();
    writeSoftmax();
    writeWeightedSum();
    writeHeads();

    content.title = m_title;
    content.html = m_html;
    content.query = query;
    content.key = key;
    return content;
}

bool StepWriter::isModel() const
{
    return !m_result->modelName.isEmpty();
}

bool StepWriter::hasGpt2Blocks() const
{
    // A checkpoint result that names no norm is GPT-2's (the first family, whose words these are).
    return m_result->architecture.fusedQueryKeyValue || m_result->architecture.norm.isEmpty();
}

QString StepWriter::token(int index) const
{
    const QString quoted = stepformat::token(m_result->tokens[size_t(index)].text);
    return m_repeated[size_t(index)] ? quoted + stepformat::subscript(index) : quoted;
}

QString StepWriter::queryLink() const
{
    return queryToken(token(m_trace.query), m_trace.query, m_trace.key);
}

QString StepWriter::keyLink(int key) const
{
    return keyToken(token(key), m_trace.query, key);
}

QString StepWriter::scoreName(int key) const
{
    return QStringLiteral("Score[") + queryLink() + QStringLiteral(", ") + keyLink(key) + QLatin1Char(']');
}

QString StepWriter::attentionName(int key) const
{
    return QStringLiteral("Attention[") + queryLink() + QStringLiteral(", ") + keyLink(key) + QLatin1Char(']');
}

bool StepWriter::isMasked(int key) const
{
    return key < m_trace.firstVisibleKey || key >= m_trace.visibleKeys;
}

std::vector<int> StepWriter::shownKeys() const
{
    const int count = int(m_trace.scores.size());
    std::vector<int> keys(static_cast<size_t>(count));
    std::iota(keys.begin(), keys.end(), 0);
    if (count <= allKeysUpTo)
        return keys;
    // The strongest keys tell the story of a long row; the focused key and the query itself are
    // always there so that the reader can find them.
    keys.resize(size_t(std::max(m_trace.visibleKeys, 1))); // masked keys have weight 0: never among the strongest
    std::stable_sort(keys.begin(), keys.end(),
                     [this](int a, int b) { return m_trace.weights[size_t(a)] > m_trace.weights[size_t(b)]; });
    keys.resize(std::min(keys.size(), size_t(strongestShown)));
    for (int extra : {m_trace.key, m_trace.query})
        if (std::find(keys.begin(), keys.end(), extra) == keys.end())
            keys.push_back(extra);
    std::sort(keys.begin(), keys.end());
    return keys;
}

QString StepWriter::divisorText(bool symbolic) const
{
    QString text;
    const int dK = int(m_trace.q.size());
    if (m_result->config.scaleByRootDk || isModel())
        text += symbolic ? QStringLiteral(" / √%1").arg(dK)
                         : QStringLiteral(" / ") + number(m_trace.rootDk, QStringLiteral("√%1").arg(dK));
    if (m_trace.temperature != 1.f)
        text += symbolic ? QStringLiteral(" / T")
                         : QStringLiteral(" / ") + number(m_trace.temperature, tr("temperature T"));
    return text;
}

void StepWriter::writeHeader()
{
    const QString arrow = QStringLiteral(" → ");
    const int heads = m_result->headCount();
    m_title = tr("Step by step — head %1 · %2 → %3")
                  .arg(m_trace.head)
                  .arg(token(m_trace.query), token(m_trace.key));
    if (isModel() || m_result->layerCount() > 1)
        m_title = tr("Step by step — layer %1 head %2 · %3 → %4")
                      .arg(m_trace.layer)
                      .arg(m_trace.head)
                      .arg(token(m_trace.query), token(m_trace.key));
    m_html += QStringLiteral("<h1>") + tr("Step by step: ") + queryLink() + arrow + keyLink(m_trace.key)
        + QStringLiteral("</h1>");

    QStringList facts;
    if (isModel())
        facts << escaped(m_result->modelName) << tr("layer %1 of %2").arg(m_trace.layer).arg(m_result->layerCount());
    facts << (heads == 1 ? tr("head %1 (the only head)").arg(m_trace.head)
                         : tr("head %1 of %2 (counted from 0)").arg(m_trace.head).arg(heads));
    if (m_result->groupedQuery())
        facts << tr("key/value head %1 of %2").arg(m_result->keyValueHeadOf(m_trace.head)).arg(m_result->keyValueHeads);
    facts << tr("d_k = %1").arg(m_trace.q.size());
    if (m_trace.values.cols() != m_trace.q.size())
        facts << tr("d_v = %1").arg(m_trace.values.cols());
    facts << plural(m_result->tokenCount(), tr("token"), tr("tokens"));

    QString how;
    if (m_request.query >= 0 && m_request.query == m_trace.query && m_request.key == m_trace.key)
        how = m_request.pinned ? tr("The pinned cell (click it again to unpin).")
                               : tr("The cell under the cursor; click a cell in any view to pin it.");
    else if (m_request.query >= 0 && m_request.query == m_trace.query)
        how = tr("Token %1 is focused; shown with the key it attends to most. Hover a cell to pick another key.")
                  .arg(queryLink());
    else
        how = tr("No cell is focused, so this shows the first token and the key it attends to most. "
                          "Hover or click a cell in any view — or a token here — to follow it.");
    m_html += QStringLiteral("<p class=\"sub\">") + facts.join(QStringLiteral(" · ")) + QStringLiteral("<br/>") + how
        + QStringLiteral("</p>");
}

void StepWriter::writeQueryKeyValue()
{
    m_html += heading(tr("Step 1 · Create Query, Key, Value"));
    const int q = m_trace.query;
    const int k = m_trace.key;
    const int dModel = int(m_result->input.cols());
    const int dK = int(m_trace.q.size());
    const int dV = int(m_trace.values.cols());

    QString operand = QStringLiteral("X[%1]");
    QString bias;
    if (isModel() && m_result->architecture.postNorm) {
        writeEncoderProjections(dK);
        operand = QStringLiteral("x[%1]");
        bias = QStringLiteral(" + b_%1");
    } else if (isModel() && hasGpt2Blocks()) {
        m_html += prose(tr(
            "Here q, k and v come from the layer norm of the residual stream. The residual stream x entering block %1 "
            "holds the token and position embeddings plus the outputs of the blocks before it; ln_1 normalises each "
            "token's x, then one fused matrix (c_attn, with bias) makes q, k and v for every head, and head %2 takes "
            "its %3 columns of each.")
                            .arg(m_trace.layer)
                            .arg(m_trace.head)
                            .arg(dK));
        operand = QStringLiteral("LN(x[%1])");
        bias = QStringLiteral(" + b_%1");
    } else if (isModel()) {
        writeModelProjections(dK);
        operand = QStringLiteral("RMSNorm(x[%1])");
        if (m_result->architecture.queryKeyValueBias)
            bias = QStringLiteral(" + b_%1");
    } else {
        const bool positions = m_result->config.positional == PositionalEncoding::Sinusoidal;
        m_html += prose(
            (positions ? tr("Each token's row X is its embedding plus its sinusoidal position. ")
                       : tr("Each token's row X is its embedding (no positional encoding). "))
            + tr("Three learned matrices of this head turn it into a query, a key and a value: "
                          "W_Q and W_K (%1 × %2), W_V (%1 × %3).")
                  .arg(dModel)
                  .arg(dK)
                  .arg(dV));
    }

    // Each line: the equation, then (for Q, K, V) the seed's question, in one column.
    struct Line
    {
        QString equation;
        QString meaning;
    };
    std::vector<Line> entries;
    const auto addToken = [&](int index, bool withQuery) {
        const QString name = index == q ? queryLink() : keyLink(index);
        const QString operandHtml = operand.arg(name);
        if (!isModel())
            entries.push_back({QStringLiteral("X[") + name + QStringLiteral("] = ")
                                   + vector(m_result->input.row(index), QStringLiteral("X[%1]").arg(token(index))),
                               QString()});
        else if (const Matrix *input = m_request.layerInput; input && index < input->rows())
            entries.push_back({operandHtml + QStringLiteral(" = ")
                                   + vector(input->row(index), operand.arg(token(index))),
                               QString()});
        struct Row
        {
            QString letter;
            RowVector values;
            QString meaning;
        };
        std::vector<Row> rows;
        if (withQuery)
            rows.push_back({QStringLiteral("Q"), m_trace.q, tr("what am I looking for?")});
        rows.push_back({QStringLiteral("K"), m_trace.keys.row(index), tr("what do I offer?")});
        rows.push_back({QStringLiteral("V"), m_trace.values.row(index), tr("what information do I carry?")});
        for (const Row &row : rows) {
            const QString lhs = row.letter + QLatin1Char('[') + name + QStringLiteral("] = ") + operandHtml
                + QStringLiteral(" × W_") + row.letter + (bias.isEmpty() ? QString() : bias.arg(row.letter))
                + QStringLiteral(" = ");
            entries.push_back({lhs + vector(row.values, QStringLiteral("%1[%2]").arg(row.letter, token(index))),
                               row.meaning});
        }
    };
    addToken(q, true);
    if (k != q) {
        entries.push_back({});
        addToken(k, false);
    }
    int width = 0;
    int meaningWidth = 0;
    for (const Line &entry : entries)
        if (!entry.meaning.isEmpty()) {
            width = std::max(width, visibleLength(entry.equation));
            meaningWidth = std::max(meaningWidth, int(entry.meaning.size()) + 5);
        }
    // The seed's questions only where they fit beside the vectors.
    const bool withMeanings = width + meaningWidth <= lineColumns;
    QStringList lines;
    for (const Line &entry : entries) {
        if (entry.meaning.isEmpty() || !withMeanings) {
            lines << entry.equation;
            continue;
        }
        // No-break spaces keep "← what do I offer?" together when the panel is narrow.
        const QString meaning = QStringLiteral("←") + QChar(QChar::Nbsp) + QString(entry.meaning).replace(QLatin1Char(' '), QChar::Nbsp);
        lines << padded(entry.equation, width) + QStringLiteral("   ") + dim(meaning);
    }
    m_html += math(lines);
    if (m_result->tokenCount() > 2 || k == q)
        m_html += prose(tr("Every other token gets its K and V the same way; Step 4 uses all the values."));
}

void StepWriter::writeEncoderProjections(int dK)
{
    // DistilBERT dropped the token-type embedding.
    const bool types = m_result->architecture.family != QLatin1String("distilbert");
    const QString first = m_trace.layer == 0
        ? (types ? tr("In layer 0, x is the LayerNorm of the sum of three embeddings: the token's, its position's and "
                      "its sentence's (token type).")
                 : tr("In layer 0, x is the LayerNorm of the sum of the token's embedding and its position's."))
        : tr("x entering layer %1 is the output of layer %2, which already ended in a LayerNorm.")
              .arg(m_trace.layer)
              .arg(m_trace.layer - 1);
    m_html += prose(tr("Here q, k and v come from the residual stream x itself, not from a normalised copy: this "
                       "encoder normalises after each addition (post-LN: x ← LayerNorm(x + attention(x)), then the "
                       "same around the MLP). %1 The query, key and value matrices (each with a bias) make q, k and "
                       "v, and head %2 takes its %3 columns of each.")
                        .arg(first)
                        .arg(m_trace.head)
                        .arg(dK));
}

void StepWriter::writeModelProjections(int dK)
{
    const ArchitectureFacts &facts = m_result->architecture;
    const LayerResult &layer = m_result->layers[size_t(m_trace.layer)];
    QString text = tr("Here q, k and v come from the %1 of the residual stream. The residual stream x entering "
                      "block %2 holds the token's embedding plus the outputs of the blocks before it (no position is "
                      "added: positions enter as rotations of q and k). %1 scales each token's x to a root mean "
                      "square of 1 and multiplies it by %6; then q_proj, k_proj and v_proj%3 make q, k and v, and head "
                      "%4 takes its %5 columns of q.")
                       .arg(facts.norm)
                       .arg(m_trace.layer)
                       .arg(facts.queryKeyValueBias ? tr(" (each with a bias)") : QString())
                       .arg(m_trace.head)
                       .arg(dK)
                       .arg(facts.norm.contains(QStringLiteral("1 + w")) ? tr("1 plus a learned weight (gemma stores w "
                                                                             "around 0)")
                                                                       : tr("a learned weight"));
    if (m_result->groupedQuery()) {
        const int group = m_result->headCount() / m_result->keyValueHeads;
        const int kv = m_result->keyValueHeadOf(m_trace.head);
        text += QLatin1Char(' ')
            + tr("Keys and values are shared (grouped-query attention): %1 key/value heads serve %2 query heads, so "
                 "head %3 reads key/value head %4, together with heads %5–%6.")
                  .arg(m_result->keyValueHeads)
                  .arg(m_result->headCount())
                  .arg(m_trace.head)
                  .arg(kv)
                  .arg(kv * group)
                  .arg(kv * group + group - 1);
    }
    if (!facts.weightFormat.isEmpty())
        text += QLatin1Char(' ')
            + tr("These weights come from a GGUF file stored as %1: q_proj, k_proj and v_proj are its quantised blocks "
                 "dequantised to floats exactly as llama.cpp decodes them, so q, k and v carry the quantisation's "
                 "rounding, not the original checkpoint's numbers.")
                  .arg(escaped(facts.weightFormat));
    if (facts.headNorms)
        text += QLatin1Char(' ') + tr("Each head's q and k are normalised again (q_norm, k_norm: RMSNorm over its %1 features) before they turn.").arg(dK);
    m_html += prose(text);

    if (!layer.ropeFrequencies.empty()) {
        // The rotation of the focused pair, with its real angles: the pair (i, i + r/2) of a token at
        // position p turns by p·f_i, so q·k sees only the difference of the positions.
        const std::vector<double> &f = layer.ropeFrequencies;
        const int pairs = int(f.size());
        const int q = m_trace.query;
        const int k = m_trace.key;
        auto angle = [](double radians) -> QString { return QString::number(radians, 'f', 3) + QStringLiteral(" rad"); };
        m_html += prose(tr("Then q and k are rotated (RoPE): features i and i + %1 form a pair, and the pair of a token "
                           "at position p turns by the angle p·f_i, from f_0 = %2 (fastest) to f_%3 = %4 (slowest). "
                           "The query %5 at position %6 turns its first pair by %7, the key %8 at position %9 by %10: "
                           "their dot product sees only the difference, %6 − %9 = %11. The Q and K below are after the "
                           "rotation.")
                            .arg(pairs)
                            .arg(QString::number(f.front(), 'g', 4))
                            .arg(pairs - 1)
                            .arg(QString::number(f.back(), 'g', 4))
                            .arg(queryLink())
                            .arg(q)
                            .arg(angle(q * f.front()))
                            .arg(keyLink(k))
                            .arg(k)
                            .arg(angle(k * f.front()))
                            .arg(q - k == 1 ? tr("1 position") : tr("%1 positions").arg(q - k)));
    }
    if (layer.slidingWindow > 0)
        m_html += prose(tr("This layer attends through a sliding window: a query sees only the latest %1 tokens, itself "
                           "included; older keys are masked like future ones.")
                            .arg(layer.slidingWindow));
}

void StepWriter::writeScores()
{
    m_html += heading(tr("Step 2 · Compare the query with every key"));
    const int dK = int(m_trace.q.size());
    const bool scaled = m_result->config.scaleByRootDk || isModel();
    const bool tempered = m_trace.temperature != 1.f;

    QString formula = QStringLiteral("Score[i, j] = ");
    formula += (scaled || tempered) ? QStringLiteral("(Query[i] · Key[j])") : QStringLiteral("Query[i] · Key[j]");
    if (scaled)
        formula += QStringLiteral(" / √d_k");
    if (tempered)
        formula += QStringLiteral(" / T");
    QStringList formulaLines{formula};
    if (scaled)
        formulaLines << dim(tr("d_k = %1, so √d_k = %2").arg(dK).arg(stepformat::number(m_trace.rootDk)));
    m_html += math(formulaLines);
    if (const double cap = m_result->architecture.attentionSoftcap; cap > 0)
        m_html += prose(tr("This model then caps every score softly: score ← %1·tanh(score / %1), so no score leaves "
                           "(−%1, %1). The scores below, and the ones the softmax reads, are the capped ones.")
                            .arg(stepformat::number(float(cap))));
    if (!scaled)
        m_html += prose(tr("Scaling by √d_k is switched off: the scores are the plain dot products "
                                    "(the seed divides by √d_k to keep them small when d_k is large)."));
    if (tempered)
        m_html += prose(tr("Temperature T = %1 divides every score: %2")
                            .arg(stepformat::number(m_trace.temperature),
                                 m_trace.temperature < 1.f
                                     ? tr("below 1 it sharpens the weights towards the strongest key.")
                                     : tr("above 1 it flattens the weights towards uniform.")));

    // The focused key, term by term.
    const int q = m_trace.query;
    const int k = m_trace.key;
    const RowVector keyRow = m_trace.keys.row(k);
    const QString lhs = scoreName(k);
    const QString indent = continuation(visibleLength(lhs) + 1);
    const auto shownTerm = [&](int d) { return dK <= allTermsUpTo || d < leadingTerms || d >= dK - trailingTerms; };
    QString products;
    QString terms;
    bool first = true;
    for (int d = 0; d < dK; ++d) {
        if (!shownTerm(d)) {
            if (d == leadingTerms) {
                float hidden = 0.f;
                for (int e = leadingTerms; e < dK - trailingTerms; ++e)
                    hidden += m_trace.dotTerms[size_t(e)];
                const QString tip = tr("%1 more terms, together %2")
                                        .arg(dK - leadingTerms - trailingTerms)
                                        .arg(stepformat::full(hidden));
                const QString gap = QStringLiteral(" + <span title=\"%1\">…</span>").arg(escaped(tip));
                products += gap;
                terms += gap;
            }
            continue;
        }
        const QString qName = QStringLiteral("Q[%1][%2]").arg(token(q)).arg(d);
        const QString kName = QStringLiteral("K[%1][%2]").arg(token(k)).arg(d);
        products += (first ? QString() : QStringLiteral(" + ")) + factor(m_trace.q[d], qName) + QStringLiteral("×")
            + factor(keyRow[d], kName);
        terms += term(m_trace.dotTerms[size_t(d)], first, qName + QStringLiteral(" × ") + kName);
        first = false;
    }
    const QString score = number(m_trace.scores[size_t(k)], QStringLiteral("Score[%1, %2]").arg(token(q), token(k)));
    const QString dot = number(m_trace.dot, QStringLiteral("Q[%1] · K[%2]").arg(token(q), token(k)));
    QStringList lines;
    if (scaled || tempered) {
        lines << lhs + QStringLiteral(" = (") + products + QLatin1Char(')') + divisorText(true);
        lines << indent + QStringLiteral("= (") + terms + QLatin1Char(')') + divisorText(false);
        lines << indent + QStringLiteral("= ") + dot + divisorText(false);
        lines << indent + QStringLiteral("≈ ") + score;
    } else {
        lines << lhs + QStringLiteral(" = ") + products;
        lines << indent + QStringLiteral("= ") + terms;
        lines << indent + QStringLiteral("= ") + score;
    }
    if (isMasked(k))
        lines << indent
                + masked(tr("masked: %1 comes after %2, and the causal mask hides later tokens, "
                                     "so this score takes no part in the softmax (weight 0)")
                             .arg(escaped(token(k)), escaped(token(q))));
    m_html += math(lines);

    // The whole row, one line per key.
    m_html += prose(tr("The whole row of scores for %1:").arg(queryLink()));
    QStringList row;
    int nameWidth = 0;
    for (int j : m_shown)
        nameWidth = std::max(nameWidth, visibleLength(scoreName(j)));
    int previous = -1;
    for (int j : m_shown) {
        if (j > previous + 1)
            row << moreKeys(j - previous - 1);
        previous = j;
        float rowDot = 0.f;
        for (int d = 0; d < dK; ++d)
            rowDot += m_trace.q[d] * m_trace.keys(j, d);
        QString line = padded(scoreName(j), nameWidth) + QStringLiteral(" = ");
        if (scaled || tempered)
            line += number(rowDot, QStringLiteral("Q[%1] · K[%2]").arg(token(q), token(j))) + divisorText(false)
                + QStringLiteral(" ≈ ");
        line += number(m_trace.scores[size_t(j)], QStringLiteral("Score[%1, %2]").arg(token(q), token(j)));
        if (isMasked(j))
            line = masked(line + tr("  masked"));
        row << (j == k ? highlighted(line) : line);
    }
    const int count = int(m_trace.scores.size());
    if (previous < count - 1)
        row << moreKeys(count - previous - 1);
    m_html += math(row);
    if (m_trace.firstVisibleKey > 0)
        m_html += prose(tr("Causal mask with a sliding window: %1 sees only itself and the %2 before it; the %3 "
                           "before those are masked.")
                            .arg(queryLink(), plural(q - m_trace.firstVisibleKey, tr("token"), tr("tokens")),
                                 plural(m_trace.firstVisibleKey, tr("token"), tr("tokens"))));
    else if (m_trace.visibleKeys < count)
        m_html += prose(tr("Causal mask: %1 sees only itself and the %2 before it.")
                            .arg(queryLink(), plural(q, tr("token"), tr("tokens"))));
    else if (isModel() && m_result->architecture.postNorm && count > 1)
        m_html += prose(tr("No mask: an encoder reads in both directions, so %1 sees every token of the input, "
                           "the ones after it included.")
                            .arg(queryLink()));
}

void StepWriter::writeSoftmax()
{
    m_html += heading(tr("Step 3 · Softmax: scores become attention weights"));
    m_html += math({QStringLiteral("Attention[i, j] = exp(Score[i, j]) / Σ_k exp(Score[i, k])")});

    const int q = m_trace.query;
    const int count = int(m_trace.scores.size());
    const bool direct = std::isfinite(m_trace.rowMax) && std::fabs(m_trace.rowMax) < directExpLimit;
    std::vector<double> exps(size_t(count), 0.0);
    double sum = 0.0;
    for (int j = m_trace.firstVisibleKey; j < m_trace.visibleKeys; ++j) {
        exps[size_t(j)] = direct ? std::exp(double(m_trace.scores[size_t(j)])) : double(m_trace.exps[size_t(j)]);
        sum += exps[size_t(j)];
    }
    if (!direct)
        sum = m_trace.expSum;

    if (!direct && std::isfinite(m_trace.rowMax))
        m_html += prose(tr("The largest score of this row is m = %1, and exp(%1) ≈ %2. Exponentials of scores this far "
                           "from 0 are hard to read and, beyond ±88, overflow a float or vanish to 0; so the engine, "
                           "like every careful softmax, takes each exponential of score − m instead. Nothing changes: "
                           "the common factor exp(m) cancels between numerator and sum.")
                            .arg(stepformat::number(m_trace.rowMax), stepformat::scientific(std::exp(double(m_trace.rowMax)))));

    m_html += prose(tr("Compute exponentials:"));
    // exp(…) ≈ … first, then the key it belongs to, in one column.
    std::vector<std::pair<int, QString>> exponentials;
    int width = 0;
    for (int j : m_shown) {
        const QString scoreText = number(m_trace.scores[size_t(j)], QStringLiteral("Score[%1, %2]").arg(token(q), token(j)));
        QString line;
        if (isMasked(j)) {
            line = masked(tr("masked → 0"));
        } else {
            const QString argument = direct ? scoreText
                                            : scoreText + QStringLiteral(" − ") + factor(m_trace.rowMax, QStringLiteral("m"));
            line = QStringLiteral("exp(") + argument + QStringLiteral(") ≈ ")
                + number(exps[size_t(j)], direct ? QStringLiteral("exp(Score[%1, %2])").arg(token(q), token(j))
                                                 : QStringLiteral("exp(Score[%1, %2] − m)").arg(token(q), token(j)));
        }
        width = std::max(width, visibleLength(line));
        exponentials.emplace_back(j, line);
    }
    QStringList lines;
    int previous = -1;
    for (const auto &[j, text] : exponentials) {
        if (j > previous + 1)
            lines << moreKeys(j - previous - 1);
        previous = j;
        const QString line = padded(text, width) + dim(QStringLiteral("   ← ")) + keyLink(j);
        lines << (j == m_trace.key ? highlighted(line) : line);
    }
    if (previous < count - 1)
        lines << moreKeys(count - previous - 1);

    // The sum over every visible key, written out when short.
    QString sumLine = QStringLiteral("Sum = ");
    const int first = m_trace.firstVisibleKey;
    const int visible = m_trace.visibleKeys - first;
    if (visible <= allKeysUpTo) {
        for (int j = first; j < m_trace.visibleKeys; ++j)
            sumLine += term(exps[size_t(j)], j == first, QStringLiteral("exp(Score[%1, %2])").arg(token(q), token(j)));
        sumLine += QStringLiteral(" = ");
    } else {
        sumLine += tr("the %1 exponentials above and the rest, %2 terms in all = ")
                       .arg(m_shown.size())
                       .arg(visible);
    }
    sumLine += number(sum, tr("Σ exponentials"));
    lines << QString() << sumLine;
    m_html += math(lines);

    m_html += prose(tr("Compute attention weights:"));
    QStringList weights;
    int nameWidth = 0;
    for (int j : m_shown)
        nameWidth = std::max(nameWidth, visibleLength(attentionName(j)));
    previous = -1;
    for (int j : m_shown) {
        if (j > previous + 1)
            weights << moreKeys(j - previous - 1);
        previous = j;
        const double weight = m_trace.weights[size_t(j)];
        QString line = padded(attentionName(j), nameWidth) + QStringLiteral(" = ");
        if (isMasked(j)) {
            line = masked(line + tr("0 (masked)"));
        } else {
            line += number(exps[size_t(j)], QString()) + QStringLiteral(" / ") + number(sum, tr("Σ exponentials"))
                + QStringLiteral(" ≈ ") + number(weight, QStringLiteral("Attention[%1, %2]").arg(token(q), token(j)))
                + QStringLiteral(" (") + stepformat::percent(weight) + QLatin1Char(')');
        }
        weights << (j == m_trace.key ? highlighted(line) : line);
    }
    if (previous < count - 1)
        weights << moreKeys(count - previous - 1);
    m_html += math(weights);

    // What it means, in words: keys in order for short rows, the strongest three otherwise.
    std::vector<int> order(static_cast<size_t>(visible));
    std::iota(order.begin(), order.end(), first);
    if (visible > 3) {
        std::stable_sort(order.begin(), order.end(),
                         [this](int a, int b) { return m_trace.weights[size_t(a)] > m_trace.weights[size_t(b)]; });
        order.resize(3);
    }
    QStringList parts;
    for (int j : order)
        parts << tr("%1 to %2").arg(stepformat::percent(m_trace.weights[size_t(j)]),
                                             j == q ? tr("itself") : keyLink(j));
    QString meaning = parts.size() == 1 ? parts.front()
                                        : parts.mid(0, parts.size() - 1).join(QStringLiteral(", "))
                                              + tr(" and ") + parts.back();
    if (visible > 3)
        meaning += tr(", and the rest to the %1").arg(plural(visible - 3, tr("other visible key"), tr("other visible keys")));
    m_html += prose(tr("<b>Meaning:</b> %1 attends %2.").arg(queryLink(), meaning));
    writeSeedNotes();
}

bool StepWriter::isSeedHelloRow() const
{
    // Only while the example still holds the seed's numbers: an edited matrix gets no note.
    const auto near = [](float a, double b) { return std::fabs(double(a) - b) < 5e-4; };
    const std::vector<float> &s = m_trace.scores;
    return s.size() == 2 && m_result->headCount() == 1 && m_request.presetName == QLatin1String("seed-hello-world")
        && m_trace.query == 0 && near(s[0], -0.0173) && near(s[1], -0.0110);
}

void StepWriter::writeSeedNotes()
{
    // Only while the example still holds the seed's numbers: an edited matrix gets no note.
    const auto near = [](float a, double b) { return std::fabs(double(a) - b) < 5e-4; };
    const std::vector<float> &s = m_trace.scores;
    if (s.size() != 2 || m_result->headCount() != 1)
        return;
    if (isSeedHelloRow()) {
        // Like §2.4's note: what the seed prints, what the softmax gives, and why they differ.
        const auto unrounded = [](float score) { return QString::number(double(score), 'f', 5).replace(u'-', u'−'); };
        m_html += note(tr("<b>About the seed's numbers:</b> §2.3 prints 0.499 / 0.501 for this row, but "
                          "softmax(%1, %2) = %3 / %4: the seed rounds its intermediate values, here the "
                          "scores to −0.017 and −0.011 before the softmax.")
                           .arg(unrounded(s[0]), unrounded(s[1]), stepformat::number(m_trace.weights[0]),
                                stepformat::number(m_trace.weights[1])));
    } else if (m_request.presetName == QLatin1String("seed-score-table")) {
        const bool hello = m_trace.query == 0 && near(s[0], 0.5) && near(s[1], 0.3);
        const bool world = m_trace.query == 1 && near(s[0], 0.4) && near(s[1], 0.6);
        if (!hello && !world)
            return;
        m_html += note(tr("<b>About the seed's numbers:</b> §2.4 prints %1 for this row, but "
                                   "softmax(%2, %3) = %4 / %5.")
                           .arg(hello ? QStringLiteral("0.62 / 0.38") : QStringLiteral("0.40 / 0.60"),
                                hello ? QStringLiteral("0.5") : QStringLiteral("0.4"),
                                hello ? QStringLiteral("0.3") : QStringLiteral("0.6"),
                                stepformat::number(m_trace.weights[0]), stepformat::number(m_trace.weights[1])));
    }
}

void StepWriter::writeWeightedSum()
{
    m_html += heading(tr("Step 4 · Combine the values, weighted by attention"));
    m_html += math({QStringLiteral("Output[i] = Σ_j Attention[i, j] × Value[j]")});

    const int q = m_trace.query;
    const int count = int(m_trace.scores.size());
    const int visible = m_trace.visibleKeys - m_trace.firstVisibleKey;
    std::vector<int> keys;
    for (int j : m_shown)
        if (!isMasked(j))
            keys.push_back(j);
    const int others = visible - int(keys.size());

    struct Term
    {
        int key;
        QString weighted; // 0.498 × [0.150, 0.100, 0.200]
        QString product;  // [0.075, 0.050, 0.100]
    };
    std::vector<Term> terms;
    RowVector rest = m_trace.output; // what the keys not written out add together
    for (int j : keys) {
        const QString weight = number(m_trace.weights[size_t(j)], QStringLiteral("Attention[%1, %2]").arg(token(q), token(j)));
        const QString value = vector(m_trace.values.row(j), QStringLiteral("V[%1]").arg(token(j)));
        const QString product = vector(m_trace.weightedValues.row(j),
                                       QStringLiteral("Attention[%1, %2] × V[%2]").arg(token(q), token(j)));
        terms.push_back({j, weight + QStringLiteral(" × ") + value, product});
        rest -= m_trace.weightedValues.row(j);
    }
    const auto mark = [this](int key, const QString &html) { return key == m_trace.key ? highlighted(html) : html; };

    const QString lhs = QStringLiteral("Output[") + queryLink() + QLatin1Char(']');
    const QString indent = continuation(visibleLength(lhs) + 1);
    const QString output = vector(m_trace.output, QStringLiteral("Output[%1]").arg(token(q)));
    QStringList lines;
    if (terms.size() <= 2 && others == 0) {
        // The seed's form: names, weights × values, products, the sum.
        QString weighted;
        QString products;
        for (size_t n = 0; n < terms.size(); ++n) {
            const Term &t = terms[n];
            lines << (n == 0 ? lhs + QStringLiteral(" = ") : indent + QStringLiteral("+ ")) + attentionName(t.key)
                    + QStringLiteral(" × V[") + keyLink(t.key) + QLatin1Char(']');
            const QString plus = n == 0 ? QString() : QStringLiteral(" + ");
            weighted += plus + mark(t.key, t.weighted);
            products += plus + mark(t.key, t.product);
        }
        lines << indent + QStringLiteral("= ") + weighted;
        lines << indent + QStringLiteral("= ") + products;
        lines << indent + QStringLiteral("= ") + output;
    } else {
        // Longer rows: one key per line, "weight × value = product", then the sum.
        lines << lhs + QStringLiteral(" = ") + tr("the sum of these %1:").arg(plural(int(terms.size()), tr("line"), tr("lines")));
        int nameWidth = 0;
        int weightedWidth = 0;
        for (const Term &t : terms) {
            nameWidth = std::max(nameWidth, visibleLength(keyLink(t.key)));
            weightedWidth = std::max(weightedWidth, visibleLength(t.weighted));
        }
        int productWidth = 0;
        for (const Term &t : terms)
            productWidth = std::max(productWidth, visibleLength(t.product));
        // Too wide for one line each: the product goes under the weighted value.
        const bool twoLines = 4 + nameWidth + 2 + weightedWidth + 3 + productWidth > lineColumns;
        for (size_t n = 0; n < terms.size(); ++n) {
            const Term &t = terms[n];
            const QString name = padded(keyLink(t.key) + QLatin1Char(':'), nameWidth + 2);
            const QString prefix = n == 0 ? QStringLiteral("    ") : QStringLiteral("  + ");
            if (twoLines) {
                lines << prefix + mark(t.key, name + t.weighted);
                lines << QString(4 + nameWidth, QLatin1Char(' ')) + mark(t.key, QStringLiteral("= ") + t.product);
            } else {
                lines << prefix + mark(t.key, name + padded(t.weighted, weightedWidth) + QStringLiteral(" = ") + t.product);
            }
        }
        if (others > 0)
            lines << QStringLiteral("  + ")
                    + padded(dim(tr("%1 not shown").arg(plural(others, tr("other key"), tr("other keys")))),
                             nameWidth + 2 + weightedWidth)
                    + QStringLiteral(" = ") + vector(rest, tr("the other keys together"));
        lines << QStringLiteral("  = ") + output;
    }
    m_html += math(lines);
    if (visible < count)
        m_html += prose(tr("Masked keys have weight 0 and add nothing."));
    m_html += prose(tr("The result is a new representation of %1 that mixes in information from the tokens "
                       "it attends to.")
                        .arg(queryLink()));
    if (isSeedHelloRow())
        m_html += note(tr("<b>About the seed's numbers:</b> §2.3 multiplies by 0.499 and 0.501, its rounded "
                          "weights (see Step 3); with %1 / %2 the output is the same to three decimals, %3.")
                           .arg(stepformat::number(m_trace.weights[0]), stepformat::number(m_trace.weights[1]),
                                stepformat::vector(m_trace.output)));
}

void StepWriter::writeHeads()
{
    m_html += heading(tr("Then · Heads together"));
    const int heads = m_result->headCount();
    const int q = m_trace.query;
    const int dV = int(m_trace.values.cols());
    const QString name = queryLink();

    if (isModel()) {
        // GPT-2: c_proj with bias, ln_2; the llama family: o_proj, then its own norm and gated MLP;
        // encoders: the output dense with bias, then add and LayerNorm, the MLP, add and LayerNorm.
        const bool gpt2 = hasGpt2Blocks();
        const bool encoder = m_result->architecture.postNorm;
        const QString together = encoder
            ? tr("Every head of layer %1 computes its own output the same way. The %2 outputs go side by side (%2 × %3 "
                 "= %4 numbers), the output dense layer (W_O, with bias) turns them into one vector of the model's "
                 "width, it is added to x, and LayerNorm follows; then the GELU MLP, another addition and another "
                 "LayerNorm.")
            : gpt2 ? tr("Every head of layer %1 computes its own output the same way. GPT-2 puts the %2 outputs side by "
                      "side (%2 × %3 = %4 numbers), multiplies them by c_proj (W_O, with bias) and adds the result to "
                      "the residual stream; ln_2 and the MLP follow.")
                 : QString(tr("Every head of layer %1 computes its own output the same way. The %2 outputs go side "
                              "by side (%2 × %3 = %4 numbers), o_proj (W_O) turns them into one vector of the model's "
                              "width, and it is added to the residual stream; another ")
                           + m_result->architecture.norm + tr(" and the gated MLP follow."));
        m_html += prose(together.arg(m_trace.layer).arg(heads).arg(dV).arg(heads * dV));
        const Matrix &output = m_result->layerOutput(m_trace.layer);
        if (output.rows() > q)
            m_html += math({QStringLiteral("Concat(head 0 … head %1)[").arg(heads - 1) + name
                            + (gpt2 || encoder ? QStringLiteral("] × W_O + b_O = ") : QStringLiteral("] × W_O = "))
                            + vector(output.row(q), tr("attention output of layer %1").arg(m_trace.layer))});
        return;
    }
    if (m_trace.concatenated.size() == 0)
        return;

    const int dModel = int(m_trace.combined.size());
    QStringList lines;
    if (heads == 1) {
        m_html += prose(tr("With one head the concatenation is this head's output alone; W_O (%1 × %2) "
                                    "maps it back to d_model = %2.")
                            .arg(dV)
                            .arg(dModel));
        lines << QStringLiteral("Concat(head 0)[") + name + QStringLiteral("] = ")
                + vector(m_trace.concatenated, QStringLiteral("Concat[%1]").arg(token(q)));
    } else {
        m_html += prose(tr("Every head computes its own output the same way. The %1 outputs are put side "
                                    "by side (%1 × %2 = %3 numbers) and multiplied by W_O (%3 × %4), which maps "
                                    "them back to d_model = %4:")
                            .arg(heads)
                            .arg(dV)
                            .arg(heads * dV)
                            .arg(dModel));
        lines << QStringLiteral("Concat(head 0, …, head %1)[").arg(heads - 1) + name + QStringLiteral("] = [");
        int previous = -1;
        for (int h = 0; h < heads; ++h) {
            const bool shown = heads <= allHeadsUpTo || h < 3 || h >= heads - 2 || h == m_trace.head;
            if (!shown)
                continue;
            if (h > previous + 1)
                lines << dim(QStringLiteral("    ⋮ ") + plural(h - previous - 1, tr("more head"), tr("more heads")));
            previous = h;
            const RowVector segment = m_trace.concatenated.segment(Eigen::Index(h) * dV, dV);
            QString line = QStringLiteral("    head %1: ").arg(h, 2)
                + vector(segment, QStringLiteral("Output of head %1 for %2").arg(h).arg(token(q)));
            if (h == m_trace.head)
                line = highlighted(line + tr("   ← this head (Step 4)"));
            lines << line;
        }
        lines << QStringLiteral("]");
    }
    lines << QStringLiteral("MultiHead[") + name + QStringLiteral("] = Concat[") + name + QStringLiteral("] × W_O = ")
            + vector(m_trace.combined, QStringLiteral("MultiHead[%1]").arg(token(q)));
    m_html += math(lines);
}

} // namespace attn::ui
