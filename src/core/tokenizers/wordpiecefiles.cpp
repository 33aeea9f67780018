#include "wordpiecefiles.h"

#include "core/io/filebytes.h"
#include "core/io/jsonvalue.h"
#include "tokenizerconfig.h"
#include "tokentext.h"

#include <QDir>
#include <QStringDecoder>

#include <optional>

namespace attn::hf {

using io::JsonValue;

Expected<HfTokenizerParts> parseBertVocab(QByteArrayView vocabTxt, QByteArrayView configJson, const QString &displayName)
{
    const QString vocabLabel = displayName % QStringLiteral(" vocab.txt");
    const QString configLabel = displayName % QStringLiteral(" tokenizer_config.json");

    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder(vocabTxt);
    if (decoder.hasError())
        return Error{vocabLabel % QStringLiteral(": is not UTF-8 text")};
    // As transformers' load_vocab: every line is a token, its id the line number; a token listed
    // twice keeps the later id. Python reads the file with universal newlines, so "\r\n" and a
    // lone '\r' end a line too; nothing else is taken off.
    QString unified = text;
    unified.replace(QStringLiteral("\r\n"), QStringLiteral("\n")).replace(u'\r', u'\n');
    QList<QStringView> lines = QStringView(unified).split(u'\n');
    if (!lines.isEmpty() && lines.back().isEmpty())
        lines.removeLast();
    if (lines.isEmpty())
        return Error{vocabLabel % QStringLiteral(": is empty")};
    std::vector<QString> vocab;
    vocab.reserve(std::size_t(lines.size()));
    for (QStringView line : lines)
        vocab.push_back(line.toString());

    JsonValue config;
    if (!configJson.isEmpty()) {
        Expected<JsonValue> parsed = io::parseJson(configJson, configLabel);
        if (!parsed)
            return Error{parsed.error()};
        if (!parsed->isObject())
            return Error{configLabel % QStringLiteral(": is not an object")};
        config = std::move(parsed).value();
    }
    const auto has = [&](QStringView key) { return config.isObject() && config.find(key); };
    QString error;
    NormalizerStep normalizer;
    normalizer.kind = NormalizerStep::Kind::Bert;
    std::optional<bool> lowercase = true, strip, chinese = true;
    std::optional<QString> unk = QStringLiteral("[UNK]"), cls = QStringLiteral("[CLS]"), sep = QStringLiteral("[SEP]"),
                           pad = QStringLiteral("[PAD]"), mask = QStringLiteral("[MASK]");
    if (config.isObject()) {
        lowercase = configFlag(config, u"do_lower_case", true, configLabel, &error);
        chinese = lowercase ? configFlag(config, u"tokenize_chinese_chars", true, configLabel, &error) : std::nullopt;
        strip = chinese ? configFlag(config, u"strip_accents", *lowercase, configLabel, &error) : std::nullopt;
        unk = strip ? configToken(config, u"unk_token", *unk, configLabel, &error) : std::nullopt;
        cls = unk ? configToken(config, u"cls_token", *cls, configLabel, &error) : std::nullopt;
        sep = cls ? configToken(config, u"sep_token", *sep, configLabel, &error) : std::nullopt;
        pad = sep ? configToken(config, u"pad_token", *pad, configLabel, &error) : std::nullopt;
        mask = pad ? configToken(config, u"mask_token", *mask, configLabel, &error) : std::nullopt;
        if (!mask)
            return Error{error};
    } else {
        strip = *lowercase;
    }
    normalizer.cleanText = true;
    normalizer.lowercase = *lowercase;
    normalizer.stripAccents = *strip;
    normalizer.handleChineseChars = *chinese;

    WordPieceModel::Options options;
    options.unknownToken = *unk;
    Expected<WordPieceModel> model = WordPieceModel::build(std::move(vocab), options, vocabLabel);
    if (!model)
        return Error{model.error()};

    HfTokenizerParts parts;
    parts.normalizer = Normalizer({normalizer});
    PreTokenizerStep pre;
    pre.kind = PreTokenizerStep::Kind::Bert;
    parts.preTokenizer = PreTokenizer({pre});
    DecoderStep decode;
    decode.kind = DecoderStep::Kind::WordPiece;
    decode.pattern = QStringLiteral("##");
    parts.decoder = {decode};

    const auto idOf = [&](const QString &token, QStringView key) -> std::optional<int> {
        const int id = model->idOf(token);
        if (id < 0)
            error = (has(key) ? configLabel : vocabLabel) % QStringLiteral(": ") % key % QStringLiteral(" ")
                % bpe::quotedForMessage(token) % QStringLiteral(" is not in vocab.txt");
        return id < 0 ? std::nullopt : std::optional<int>(id);
    };
    const auto clsId = idOf(*cls, u"cls_token");
    const auto sepId = clsId ? idOf(*sep, u"sep_token") : std::nullopt;
    if (!sepId)
        return Error{error};
    parts.prefixIds = {*clsId};
    parts.suffixIds = {*sepId};
    parts.pairTemplate = {TemplateItem{-1, {*clsId}, 0}, TemplateItem{0, {}, 0}, TemplateItem{-1, {*sepId}, 0},
                          TemplateItem{1, {}, 1}, TemplateItem{-1, {*sepId}, 1}};

    // Added tokens: added_tokens_decoder as written, then the special tokens it lacks.
    const auto addToken = [&](AddedToken token) {
        for (const AddedToken &earlier : parts.addedTokens)
            if (earlier.content == token.content)
                return;
        parts.addedTokens.push_back(std::move(token));
    };
    if (const JsonValue *decoderTokens = has(u"added_tokens_decoder") ? config.find(u"added_tokens_decoder") : nullptr) {
        if (!decoderTokens->isObject())
            return Error{configLabel % QStringLiteral(": \"added_tokens_decoder\" is not an object")};
        for (std::size_t i = 0; i < decoderTokens->keys().size(); ++i) {
            const QString &key = decoderTokens->keys()[i];
            const JsonValue &entry = decoderTokens->values()[i];
            bool ok = false;
            const int id = key.toInt(&ok);
            const JsonValue *content = entry.isObject() ? entry.find(u"content") : nullptr;
            if (!ok || id < 0 || !content || !content->isString() || content->string().isEmpty())
                return Error{configLabel % QStringLiteral(": added_tokens_decoder entry ") % bpe::quotedForMessage(key)
                             % QStringLiteral(" is not an id with {\"content\": …}")};
            if (id >= model->vocabSize() || model->token(id) != content->string())
                return Error{configLabel % QStringLiteral(": added_tokens_decoder gives ") % bpe::quotedForMessage(content->string())
                             % QStringLiteral(" id %1, which vocab.txt gives to another token or not at all").arg(id)};
            AddedToken token;
            token.id = id;
            token.content = content->string();
            const auto special = configFlag(entry, u"special", false, configLabel, &error);
            const auto lstrip = special ? configFlag(entry, u"lstrip", false, configLabel, &error) : std::nullopt;
            const auto rstrip = lstrip ? configFlag(entry, u"rstrip", false, configLabel, &error) : std::nullopt;
            const auto single = rstrip ? configFlag(entry, u"single_word", false, configLabel, &error) : std::nullopt;
            const auto normalized = single ? configFlag(entry, u"normalized", !*special, configLabel, &error) : std::nullopt;
            if (!normalized)
                return Error{error};
            token.special = *special;
            token.leftStrip = *lstrip;
            token.rightStrip = *rstrip;
            token.singleWord = *single;
            token.normalized = *normalized;
            addToken(std::move(token));
        }
    }
    // additional_special_tokens: strings or {"content": …}, special like the others.
    QStringList additional;
    if (const JsonValue *list = has(u"additional_special_tokens") ? config.find(u"additional_special_tokens") : nullptr;
        list && !list->isNull()) {
        const bool isList = list->isArray() && !(list->isNumberArray() && list->size() > 0);
        if (isList && !list->isNumberArray())
            for (const JsonValue &item : list->items()) {
                const JsonValue *content = item.isObject() ? item.find(u"content") : &item;
                if (!content || !content->isString()) {
                    additional.clear();
                    break;
                }
                additional.append(content->string());
            }
        if (!isList || (!list->isNumberArray() && additional.size() != qsizetype(list->size())))
            return Error{configLabel % QStringLiteral(": \"additional_special_tokens\" is not a list of tokens")};
    }
    for (const QString &special : QStringList{*unk, *sep, *pad, *cls, *mask} + additional) {
        const int id = model->idOf(special);
        if (id < 0)
            continue;
        AddedToken token;
        token.id = id;
        token.content = special;
        token.special = true;
        addToken(std::move(token));
    }
    parts.wordPiece = std::make_shared<const WordPieceModel>(std::move(model).value());
    return parts;
}

Expected<HfTokenizerParts> readBertVocabFolder(const QString &folder)
{
    const QDir dir(folder);
    const QString displayName = QDir::toNativeSeparators(dir.absolutePath());
    const Expected<QByteArray> vocab = io::readFileBytes(dir.absoluteFilePath(QStringLiteral("vocab.txt")), maxVocabTxtBytes);
    if (!vocab)
        return Error{vocab.error()};
    QByteArray config;
    if (dir.exists(QStringLiteral("tokenizer_config.json"))) {
        Expected<QByteArray> bytes = io::readFileBytes(dir.absoluteFilePath(QStringLiteral("tokenizer_config.json")), 16 * 1024 * 1024);
        if (!bytes)
            return Error{bytes.error()};
        config = std::move(bytes).value();
    }
    return parseBertVocab(*vocab, config, displayName);
}

} // namespace attn::hf
