#include "robertafiles.h"

#include "core/io/filebytes.h"
#include "core/io/jsonvalue.h"
#include "gpt2tokenizer.h"
#include "mergesfile.h"
#include "tokenizerconfig.h"
#include "tokentext.h"
#include "vocabfile.h"

#include <QDir>

#include <optional>

namespace attn::hf {

using io::JsonValue;

Expected<HfTokenizerParts> parseRobertaBpe(const QByteArray &vocabJson, const QByteArray &mergesTxt, QByteArrayView configJson,
                                           const QString &displayName)
{
    const QString vocabLabel = displayName % QStringLiteral(" vocab.json");
    const QString mergesLabel = displayName % QStringLiteral(" merges.txt");
    const QString configLabel = displayName % QStringLiteral(" tokenizer_config.json");

    // The same strict readers as GPT-2's files; the model is HF's BPE, as RobertaTokenizerFast runs.
    Expected<std::vector<bpe::VocabEntry>> entries = bpe::parseVocabJson(vocabJson, vocabLabel);
    if (!entries)
        return Error{entries.error()};
    const Expected<std::vector<bpe::MergeRule>> rules = bpe::parseMerges(mergesTxt, mergesLabel);
    if (!rules)
        return Error{rules.error()};
    std::vector<QString> vocab(std::size_t(entries->back().id + 1));
    for (bpe::VocabEntry &entry : *entries)
        vocab[std::size_t(entry.id)] = std::move(entry.token);
    std::vector<std::pair<QString, QString>> merges;
    merges.reserve(rules->size());
    for (const bpe::MergeRule &rule : *rules)
        merges.emplace_back(rule.left, rule.right);

    JsonValue config;
    if (!configJson.isEmpty()) {
        Expected<JsonValue> parsed = io::parseJson(configJson, configLabel);
        if (!parsed)
            return Error{parsed.error()};
        if (!parsed->isObject())
            return Error{configLabel % QStringLiteral(": is not an object")};
        config = std::move(parsed).value();
    }
    QString error;
    const auto token = [&](QStringView key, const QString &fallback) {
        return config.isObject() ? configToken(config, key, fallback, configLabel, &error) : std::optional<QString>(fallback);
    };
    const auto flag = [&](QStringView key, bool fallback) {
        return config.isObject() ? configFlag(config, key, fallback, configLabel, &error) : std::optional<bool>(fallback);
    };
    // RobertaTokenizer's defaults; cls and sep are what RobertaProcessing puts around a text.
    const auto bos = token(u"bos_token", QStringLiteral("<s>"));
    const auto eos = bos ? token(u"eos_token", QStringLiteral("</s>")) : std::nullopt;
    const auto sep = eos ? token(u"sep_token", QStringLiteral("</s>")) : std::nullopt;
    const auto cls = sep ? token(u"cls_token", QStringLiteral("<s>")) : std::nullopt;
    const auto unk = cls ? token(u"unk_token", QStringLiteral("<unk>")) : std::nullopt;
    const auto pad = unk ? token(u"pad_token", QStringLiteral("<pad>")) : std::nullopt;
    const auto mask = pad ? token(u"mask_token", QStringLiteral("<mask>")) : std::nullopt;
    const auto prefixSpace = mask ? flag(u"add_prefix_space", false) : std::nullopt;
    const auto trim = prefixSpace ? flag(u"trim_offsets", true) : std::nullopt;
    if (!trim)
        return Error{error};

    HfTokenizerParts parts;
    BpeModelHf::Options options;
    options.byteLevel = true;
    Expected<BpeModelHf> model = BpeModelHf::build(std::move(vocab), merges, options, displayName % QStringLiteral(" vocab.json + merges.txt"));
    if (!model)
        return Error{model.error()};
    parts.model = std::move(model).value();

    for (const QString *content : {&*bos, &*eos, &*unk, &*sep, &*pad, &*cls, &*mask}) {
        const int id = parts.model.idOf(*content);
        const bool listed = std::any_of(parts.addedTokens.begin(), parts.addedTokens.end(),
                                        [&](const AddedToken &added) { return added.content == *content; });
        if (id < 0 || listed || content->isEmpty())
            continue;
        AddedToken added;
        added.id = id;
        added.content = *content;
        added.special = true;
        added.leftStrip = content == &*mask; // RobertaTokenizer: the mask takes the space before it
        parts.addedTokens.push_back(std::move(added));
    }

    PreTokenizerStep byteLevel;
    byteLevel.kind = PreTokenizerStep::Kind::ByteLevel;
    byteLevel.addPrefixSpace = *prefixSpace;
    byteLevel.useRegex = true;
    parts.preTokenizer = PreTokenizer({byteLevel});
    DecoderStep decoder;
    decoder.kind = DecoderStep::Kind::ByteLevel;
    parts.decoder = {decoder};

    const int clsId = parts.model.idOf(*cls);
    const int sepId = parts.model.idOf(*sep);
    if (clsId >= 0 && sepId >= 0) {
        setRobertaProcessing(parts, clsId, sepId, *trim, *prefixSpace);
    } else {
        const QString &missing = clsId < 0 ? *cls : *sep;
        parts.warnings.append(vocabLabel % QStringLiteral(" has no ") % bpe::quotedForMessage(missing)
                              % QStringLiteral(": texts are encoded without RoBERTa's special tokens around them"));
    }
    return parts;
}

Expected<HfTokenizerParts> readRobertaBpeFolder(const QString &folder)
{
    const QDir dir(folder);
    const QString displayName = QDir::toNativeSeparators(dir.absolutePath());
    Expected<QByteArray> vocab = io::readFileBytes(dir.absoluteFilePath(QStringLiteral("vocab.json")), bpe::Gpt2Tokenizer::maxFileBytes);
    if (!vocab)
        return Error{vocab.error()};
    Expected<QByteArray> merges = io::readFileBytes(dir.absoluteFilePath(QStringLiteral("merges.txt")), bpe::Gpt2Tokenizer::maxFileBytes);
    if (!merges)
        return Error{merges.error()};
    QByteArray config;
    if (dir.exists(QStringLiteral("tokenizer_config.json"))) {
        Expected<QByteArray> bytes = io::readFileBytes(dir.absoluteFilePath(QStringLiteral("tokenizer_config.json")), 16 * 1024 * 1024);
        if (!bytes)
            return Error{bytes.error()};
        config = std::move(bytes).value();
    }
    return parseRobertaBpe(*vocab, *merges, config, displayName);
}

} // namespace attn::hf
