#pragma once

#include "core/attentionresult.h"
#include "core/engine/engine.h"
#include "core/expected.h"
#include "core/token.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace attn {

// What the window, the command line and the analyses know of a checkpoint, whatever its family.
struct ModelInfo
{
    QString name;    // the folder's name, e.g. "gpt2-medium"
    QString folder;
    QString family;  // config.json's model_type, e.g. "gpt2"
    int layers = 0;
    int heads = 0;          // query heads per layer
    int keyValueHeads = 0;  // = heads without grouped-query attention
    int dModel = 0;
    int dHead = 0;
    int vocabSize = 0;
    int contextLength = 0;  // the longest input the model reads
    qint64 parameterCount = 0;
    qint64 fileBytes = 0;   // the weights file(s) on disk
    // How the file stores the weights, when that is worth saying: a GGUF file's quantisation
    // ("Q4_K_M: Q4_K ×96, Q6_K ×17, F32 ×49"); empty for safetensors checkpoints.
    QString weightFormat;
    // A token that starts a document (GPT-2's <|endoftext|>, Llama's <|begin_of_text|>), or -1: the
    // induction probe starts with it as text does.
    int beginOfTextId = -1;
    // How a head's scores are made: q·k · attentionScale (0: unknown; 1/√d_head for most), then,
    // where attentionSoftcap > 0, cap·tanh(scores/cap) before the mask (gemma2). The logits are
    // capped the same way by finalLogitSoftcap > 0.
    double attentionScale = 0.0;
    double attentionSoftcap = 0.0;
    double finalLogitSoftcap = 0.0;
    // Encoders (bert, distilbert, roberta): every token sees every other, the text may be a pair of
    // sentences (Model::tokenizePair), and the head guesses the token at each position (fill the
    // mask) rather than the next one.
    bool bidirectional = false;
    int maskTokenId = -1; // [MASK] or <mask>; -1 when the vocabulary has none
    QString maskToken;
};

// The key/value head that query head `head` reads under grouped-query attention: heads share kv
// heads in consecutive groups of heads / keyValueHeads (multi-query: all share kv head 0).
inline int keyValueHeadOf(const ModelInfo &info, int head)
{
    return info.keyValueHeads > 0 && info.heads >= info.keyValueHeads ? head / (info.heads / info.keyValueHeads) : head;
}

// How a checkpoint's engine runs.
struct ModelRunOptions
{
    // Next-token predictions for every position (an N × vocab product: for GPT-2 small at 128
    // tokens as much work as all twelve blocks) instead of only the last one. Any position can
    // still be asked for later through AttentionResult::predictNext.
    bool predictAllPositions = false;
    int topCount = 10;
    // The result keeps every head's N×N scores and weights: refuse inputs whose result would
    // exceed this (GPT-2 small at 1024 tokens needs about 1.3 GB; xl would need 10 GB).
    qint64 maxResultBytes = qint64(4) << 30;
};

class Model;
using ModelPtr = std::shared_ptr<const Model>;

// A loaded checkpoint of any family: its shape, its tokenizer, its LM head and a way to run it.
// Immutable once loaded, so engines on several threads may share one. A family (gpt2, …) is one
// implementation, chosen by loadModel() from config.json; nothing outside src/core/transformer
// names a family's classes.
class Model : public Unembedding, public std::enable_shared_from_this<Model>
{
public:
    const ModelInfo &info() const { return m_info; }
    // Non-finite weights and similar: worth showing, not worth refusing the file for.
    const QStringList &warnings() const { return m_warnings; }

    virtual TokenList tokenize(const QString &text) const = 0;
    // A pair of texts as an encoder reads it ([CLS] A [SEP] B [SEP]), Token::typeId and
    // Token::segment telling them apart; nullopt for a model that takes one text.
    virtual std::optional<TokenList> tokenizePair(const QString &first, const QString &second) const
    {
        Q_UNUSED(first);
        Q_UNUSED(second);
        return std::nullopt;
    }
    // Tokens for ids, with their text decoded and spans laid end to end (for ids typed or generated
    // rather than encoded from a text).
    virtual TokenList tokensForIds(const std::vector<int> &ids) const = 0;
    // A new engine on this model, with an empty prefix cache. The model must be held by a ModelPtr.
    virtual EnginePtr createEngine(const ModelRunOptions &options = {}) const = 0;

protected:
    ModelInfo m_info;
    QStringList m_warnings;
};

// Opens a checkpoint folder (or a file in it) of any supported family: config.json's model_type
// decides which. An unknown family is refused with a message naming it and the supported ones.
Expected<ModelPtr> loadModel(const QString &path);

// The model_type values loadModel() reads, e.g. {"gpt2"}.
QStringList supportedModelFamilies();

} // namespace attn
