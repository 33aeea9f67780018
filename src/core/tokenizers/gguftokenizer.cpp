#include "gguftokenizer.h"

#include "core/io/gguffile.h"
#include "ggufpretokenizer.h"
#include "hftokenizer.h"
#include "spmmerges.h"
#include "tokentext.h"

#include <QHash>

#include <cmath>
#include <optional>

namespace attn {
namespace {

using gguf::GgufFile;

// llama.cpp's llama_token_type values in `tokenizer.ggml.token_type`.
enum TokenType { Undefined = 0, Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6 };

// Ids at or above this are refused (real vocabularies stay far below it).
constexpr qsizetype maxTokenCount = 10'000'000;

const QString tokensKey = QStringLiteral("tokenizer.ggml.tokens");

QString keyProblem(const GgufFile &file, QStringView key, const QString &problem)
{
    return file.displayName() % QStringLiteral(": metadata key '") % key % QStringLiteral("' ") % problem;
}

hf::DecoderStep decoderStep(hf::DecoderStep::Kind kind)
{
    hf::DecoderStep step;
    step.kind = kind;
    return step;
}

struct Vocabulary
{
    std::vector<QString> tokens;
    std::vector<int> types;
};

Expected<Vocabulary> readVocabulary(const GgufFile &file)
{
    Expected<std::vector<QString>> tokens = file.stringArray(tokensKey);
    if (!tokens)
        return Error{tokens.error()};
    if (tokens->empty())
        return Error{keyProblem(file, tokensKey, QStringLiteral("is empty"))};
    if (qsizetype(tokens->size()) > maxTokenCount)
        return Error{keyProblem(file, tokensKey, QStringLiteral("has %1 tokens; more than %2 are refused").arg(tokens->size()).arg(maxTokenCount))};
    // llama.cpp asserts that no two ids share a token; here it is a message.
    QHash<QStringView, int> firstId;
    firstId.reserve(qsizetype(tokens->size()));
    for (int id = 0; id < int(tokens->size()); ++id) {
        const QString &token = (*tokens)[size_t(id)];
        if (token.isEmpty())
            continue;
        if (const auto earlier = firstId.constFind(QStringView(token)); earlier != firstId.cend())
            return Error{keyProblem(file, tokensKey, QStringLiteral("lists ") % bpe::quotedForMessage(token)
                                                         % QStringLiteral(" twice (ids %1 and %2)").arg(*earlier).arg(id))};
        firstId.insert(QStringView(token), id);
    }

    Vocabulary vocabulary;
    const QString typesKey = QStringLiteral("tokenizer.ggml.token_type");
    vocabulary.types.assign(tokens->size(), Normal);
    if (file.contains(typesKey)) {
        const Expected<std::vector<qint64>> types = file.integerArray(typesKey);
        if (!types)
            return Error{types.error()};
        if (types->size() != tokens->size())
            return Error{keyProblem(file, typesKey, QStringLiteral("has %1 entries for %2 tokens").arg(types->size()).arg(tokens->size()))};
        for (std::size_t id = 0; id < types->size(); ++id) {
            const qint64 type = (*types)[id];
            if (type < Undefined || type > Byte)
                return Error{keyProblem(file, typesKey, QStringLiteral("gives id %1 the type %2, which is not a token type (0 to 6)").arg(id).arg(type))};
            vocabulary.types[id] = int(type);
        }
    }
    vocabulary.tokens = std::move(tokens).value();
    return vocabulary;
}

// An id key (`tokenizer.ggml.bos_token_id`, ...): nullopt when the file has none.
Expected<std::optional<int>> readId(const GgufFile &file, QStringView key, qsizetype tokenCount)
{
    if (!file.contains(key))
        return std::optional<int>();
    const Expected<qint64> id = file.integer(key);
    if (!id)
        return Error{id.error()};
    if (*id < 0 || *id >= tokenCount)
        return Error{keyProblem(file, key, QStringLiteral("is %1, which is not an id of the %2 tokens of %3").arg(*id).arg(tokenCount).arg(tokensKey))};
    return std::optional<int>(int(*id));
}

Expected<bool> readFlag(const GgufFile &file, QStringView key, bool fallback)
{
    return file.contains(key) ? file.boolean(key) : Expected<bool>(fallback);
}

// BOS in front and EOS after, as the flags and ids say; `default*` are llama.cpp's for the model.
QString setSpecialIds(const GgufFile &file, qsizetype tokenCount, bool addBosByDefault, int defaultBos, int defaultEos,
                      hf::HfTokenizerParts &parts)
{
    // Every id key is checked, used here or not: a file with one out of range is broken.
    for (const gguf::GgufMetadataEntry &entry : file.metadata())
        if (entry.key.startsWith(QLatin1String("tokenizer.ggml.")) && entry.key.endsWith(QLatin1String("_token_id")))
            if (const auto id = readId(file, entry.key, tokenCount); !id)
                return id.error();
    struct Special
    {
        QString flagKey;
        QString idKey;
        bool addByDefault;
        int defaultId;
        std::vector<int> &ids;
    };
    const Special specials[] = {
        {QStringLiteral("tokenizer.ggml.add_bos_token"), QStringLiteral("tokenizer.ggml.bos_token_id"), addBosByDefault, defaultBos, parts.prefixIds},
        {QStringLiteral("tokenizer.ggml.add_eos_token"), QStringLiteral("tokenizer.ggml.eos_token_id"), false, defaultEos, parts.suffixIds}};
    for (const Special &special : specials) {
        const Expected<bool> add = readFlag(file, special.flagKey, special.addByDefault);
        if (!add)
            return add.error();
        if (!*add)
            continue;
        const Expected<std::optional<int>> id = readId(file, special.idKey, tokenCount);
        if (!id)
            return id.error();
        const int chosen = id->value_or(special.defaultId);
        if (chosen >= tokenCount)
            return keyProblem(file, special.idKey, QStringLiteral("is missing, and llama.cpp's default %1 is not an id of the %2 tokens")
                                                       .arg(chosen).arg(tokenCount));
        special.ids.push_back(chosen);
    }
    return {};
}

std::vector<hf::AddedToken> rawMatchedTokens(const Vocabulary &vocabulary)
{
    std::vector<hf::AddedToken> added;
    for (int id = 0; id < int(vocabulary.tokens.size()); ++id) {
        const int type = vocabulary.types[size_t(id)];
        if ((type != Unknown && type != Control && type != UserDefined) || vocabulary.tokens[size_t(id)].isEmpty())
            continue;
        hf::AddedToken token;
        token.id = id;
        token.content = vocabulary.tokens[size_t(id)];
        token.special = type != UserDefined;
        added.push_back(std::move(token));
    }
    return added;
}

Expected<hf::HfTokenizerParts> byteLevelParts(const GgufFile &file, Vocabulary vocabulary)
{
    hf::HfTokenizerParts parts;
    const QString preKey = QStringLiteral("tokenizer.ggml.pre");
    QString preName = QStringLiteral("default");
    if (file.contains(preKey)) {
        Expected<QString> name = file.string(preKey);
        if (!name)
            return Error{name.error()};
        preName = *name;
    } else {
        parts.warnings << QStringLiteral("%1 names no pre-tokenizer (%2): llama.cpp's \"default\" split is used").arg(file.displayName(), preKey);
    }
    std::optional<hf::GgufPreTokenizer> pre = hf::ggufPreTokenizer(preName);
    if (!pre)
        return Error{keyProblem(file, preKey, QStringLiteral("names the pre-tokenizer ") % bpe::quotedForMessage(preName)
                                                  % QStringLiteral(", which is not supported (supported: ")
                                                  % hf::ggufPreTokenizerNames().join(QStringLiteral(", ")) % u')')};

    const QString mergesKey = QStringLiteral("tokenizer.ggml.merges");
    const Expected<std::vector<QString>> mergeTexts = file.stringArray(mergesKey);
    if (!mergeTexts)
        return Error{mergeTexts.error()};
    std::vector<std::pair<QString, QString>> merges;
    merges.reserve(mergeTexts->size());
    for (std::size_t i = 0; i < mergeTexts->size(); ++i) {
        const QString &text = (*mergeTexts)[i];
        // As llama.cpp: the first space after the first character separates the two tokens.
        const qsizetype space = text.indexOf(u' ', 1);
        if (space < 0)
            return Error{keyProblem(file, mergesKey, QStringLiteral("entry %1 ").arg(i) % bpe::quotedForMessage(text)
                                                         % QStringLiteral(" is not two tokens separated by a space"))};
        merges.emplace_back(text.left(space), text.mid(space + 1));
    }

    const qsizetype tokenCount = qsizetype(vocabulary.tokens.size());
    if (QString e = setSpecialIds(file, tokenCount, pre->addBosByDefault, 11, 11, parts); !e.isEmpty())
        return Error{e};
    parts.addedTokens = rawMatchedTokens(vocabulary);
    parts.preTokenizer = std::move(pre->preTokenizer);
    hf::BpeModelHf::Options options;
    options.byteLevel = true;
    options.ignoreMerges = pre->ignoreMerges;
    Expected<hf::BpeModelHf> model = hf::BpeModelHf::build(std::move(vocabulary.tokens), merges, options,
                                                           file.displayName() % QStringLiteral(": ") % tokensKey % QStringLiteral(" and ") % mergesKey);
    if (!model)
        return Error{model.error()};
    parts.model = std::move(model).value();
    parts.decoder = {decoderStep(hf::DecoderStep::Kind::ByteLevel)};
    return parts;
}

Expected<hf::HfTokenizerParts> sentencePieceParts(const GgufFile &file, Vocabulary vocabulary)
{
    hf::HfTokenizerParts parts;
    const qsizetype tokenCount = qsizetype(vocabulary.tokens.size());
    const QString scoresKey = QStringLiteral("tokenizer.ggml.scores");
    const Expected<std::vector<float>> scores = file.floatArray(scoresKey);
    if (!scores)
        return Error{scores.error() % QStringLiteral(" (a SentencePiece vocabulary merges by its scores)")};
    if (qsizetype(scores->size()) != tokenCount)
        return Error{keyProblem(file, scoresKey, QStringLiteral("has %1 entries for %2 tokens").arg(scores->size()).arg(tokenCount))};
    for (std::size_t id = 0; id < scores->size(); ++id)
        if (!std::isfinite((*scores)[id]))
            return Error{keyProblem(file, scoresKey, QStringLiteral("gives id %1 a score that is not a finite number").arg(id))};
    const Expected<bool> spacePrefix = readFlag(file, QStringLiteral("tokenizer.ggml.add_space_prefix"), true);
    if (!spacePrefix)
        return Error{spacePrefix.error()};
    const Expected<std::optional<int>> unknown = readId(file, QStringLiteral("tokenizer.ggml.unknown_token_id"), tokenCount);
    if (!unknown)
        return Error{unknown.error()};
    if (QString e = setSpecialIds(file, tokenCount, true, 1, 2, parts); !e.isEmpty())
        return Error{e};

    const QString metaspace = QStringLiteral("\u2581");
    std::vector<hf::NormalizerStep> normalizer;
    if (*spacePrefix)
        normalizer.push_back({hf::NormalizerStep::Kind::Prepend, metaspace, {}, {}});
    normalizer.push_back({hf::NormalizerStep::Kind::Replace, QStringLiteral(" "), metaspace, {}});
    parts.normalizer = hf::Normalizer(std::move(normalizer));
    parts.addedTokens = rawMatchedTokens(vocabulary);

    const hf::ScoredMerges merges = hf::mergesFromScores(vocabulary.tokens, *scores);
    hf::BpeModelHf::Options options;
    options.byteFallback = true;
    options.fuseUnknown = true;
    // llama.cpp's default unknown id is 0.
    const int unknownId = unknown->value_or(0);
    options.unknownToken = vocabulary.tokens[size_t(unknownId)];
    Expected<hf::BpeModelHf> model = hf::BpeModelHf::build(std::move(vocabulary.tokens), merges.merges, options,
                                                           file.displayName() % QStringLiteral(": ") % tokensKey, merges.ranks);
    if (!model)
        return Error{model.error()};
    parts.model = std::move(model).value();

    hf::DecoderStep replace = decoderStep(hf::DecoderStep::Kind::Replace);
    replace.pattern = metaspace;
    replace.content = QStringLiteral(" ");
    parts.decoder = {replace, decoderStep(hf::DecoderStep::Kind::ByteFallback), decoderStep(hf::DecoderStep::Kind::Fuse)};
    if (*spacePrefix) {
        hf::DecoderStep strip = decoderStep(hf::DecoderStep::Kind::Strip);
        strip.content = QStringLiteral(" ");
        strip.stripStart = 1;
        parts.decoder.push_back(strip);
    }
    return parts;
}

} // namespace

Expected<hf::HfTokenizerParts> tokenizerPartsFromGguf(const gguf::GgufFile &file)
{
    const QString modelKey = QStringLiteral("tokenizer.ggml.model");
    const Expected<QString> model = file.string(modelKey);
    if (!model)
        return Error{model.error()};
    const bool byteLevel = *model == u"gpt2";
    if (!byteLevel && *model != u"llama")
        return Error{keyProblem(file, modelKey, QStringLiteral("is ") % bpe::quotedForMessage(*model)
                                                    % QStringLiteral(", which is not supported (supported: \"gpt2\", byte-level BPE, and \"llama\", SentencePiece)"))};
    Expected<Vocabulary> vocabulary = readVocabulary(file);
    if (!vocabulary)
        return Error{vocabulary.error()};
    return byteLevel ? byteLevelParts(file, std::move(vocabulary).value()) : sentencePieceParts(file, std::move(vocabulary).value());
}

Expected<TextTokenizerPtr> tokenizerFromGguf(const gguf::GgufFile &file)
{
    Expected<hf::HfTokenizerParts> parts = tokenizerPartsFromGguf(file);
    if (!parts)
        return Error{parts.error()};
    return TextTokenizerPtr(std::make_shared<hf::HfTokenizer>(std::move(parts).value()));
}

} // namespace attn
