#include "hftokenizerfile.h"

#include "core/io/filebytes.h"
#include "core/io/jsonvalue.h"
#include "tokentext.h"

#include <QDir>
#include <QSet>

#include <algorithm>
#include <optional>

namespace attn::hf {
namespace {

using io::JsonValue;

// tokenizer.json's "model" holds every vocabulary entry and merge: Gemma 3 has 262,144 tokens and
// 514,906 merges written as [a, b] pairs (three values each), 1.8 million values in all. The
// budget leaves room for that and refuses a file that would cost much more (a value ~64 bytes).
constexpr qsizetype maxValuesPerMember = 3'000'000;
// Ids at or above this are refused (real vocabularies stay far below it).
constexpr qint64 maxTokenId = 10'000'000;

// An id a post-processor names, with the component that names it (for the message).
struct NamedId
{
    QString component;
    int id;
};

class Reader
{
public:
    explicit Reader(QString label) : m_label(std::move(label)) {}

    QString fail(const QString &where, const QString &what) const { return m_label % QStringLiteral(": ") % where % u' ' % what; }
    QString unsupported(const QString &component, const QString &type) const
    {
        return m_label % QStringLiteral(": ") % component % QStringLiteral(" type ") % bpe::quotedForMessage(type)
            % QStringLiteral(" is not supported");
    }

    const JsonValue *member(const JsonValue &object, QStringView key) const { return object.find(key); }
    QString typeOf(const JsonValue &object) const
    {
        const JsonValue *type = object.find(u"type");
        return type && type->isString() ? type->string() : QString();
    }
    std::optional<bool> boolean(const JsonValue &object, QStringView key, bool fallback, QString *error) const
    {
        const JsonValue *value = object.find(key);
        if (!value || value->isNull())
            return fallback;
        if (!value->isBool()) {
            *error = fail(QStringLiteral("\"%1\"").arg(key), QStringLiteral("is %1, not true or false").arg(value->typeName()));
            return std::nullopt;
        }
        return value->toBool();
    }
    std::optional<QString> string(const JsonValue &object, QStringView key, QString *error) const
    {
        const JsonValue *value = object.find(key);
        if (!value || !value->isString()) {
            *error = fail(QStringLiteral("\"%1\"").arg(key), value ? QStringLiteral("is %1, not a string").arg(value->typeName())
                                                                   : QStringLiteral("is missing"));
            return std::nullopt;
        }
        return value->string();
    }
    // {"String": s} → s; {"Regex": r} → r with *isRegex.
    std::optional<QString> pattern(const JsonValue &object, QStringView owner, bool *isRegex, QString *error) const
    {
        const JsonValue *value = object.find(u"pattern");
        if (value && value->isObject()) {
            if (const JsonValue *text = value->find(u"String"); text && text->isString()) {
                *isRegex = false;
                return text->string();
            }
            if (const JsonValue *text = value->find(u"Regex"); text && text->isString()) {
                *isRegex = true;
                return text->string();
            }
        }
        *error = fail(owner % QStringLiteral(" \"pattern\""), QStringLiteral("is not {\"String\": …} or {\"Regex\": …}"));
        return std::nullopt;
    }

    QString readNormalizer(const JsonValue &value, std::vector<NormalizerStep> &steps) const
    {
        if (value.isNull())
            return {};
        if (!value.isObject())
            return fail(QStringLiteral("normalizer"), QStringLiteral("is %1, not an object").arg(value.typeName()));
        const QString type = typeOf(value);
        QString error;
        if (type == u"Sequence") {
            const JsonValue *list = value.find(u"normalizers");
            if (!list || !list->isArray() || list->isNumberArray())
                return fail(QStringLiteral("normalizer Sequence"), QStringLiteral("has no \"normalizers\" list"));
            for (const JsonValue &item : list->items())
                if (QString e = readNormalizer(item, steps); !e.isEmpty())
                    return e;
            return {};
        }
        if (type == u"Prepend") {
            const auto prefix = string(value, u"prepend", &error);
            if (!prefix)
                return error;
            steps.push_back({NormalizerStep::Kind::Prepend, *prefix, {}, {}});
            return {};
        }
        if (type == u"Replace") {
            bool isRegex = false;
            const auto from = pattern(value, u"normalizer Replace", &isRegex, &error);
            if (!from)
                return error;
            if (isRegex)
                return m_label % QStringLiteral(": normalizer Replace with a Regex pattern is not supported");
            const auto to = string(value, u"content", &error);
            if (!to)
                return error;
            if (from->isEmpty())
                return fail(QStringLiteral("normalizer Replace"), QStringLiteral("has an empty pattern"));
            steps.push_back({NormalizerStep::Kind::Replace, *from, *to, {}});
            return {};
        }
        if (type == u"BertNormalizer") {
            NormalizerStep step;
            step.kind = NormalizerStep::Kind::Bert;
            const auto clean = boolean(value, u"clean_text", true, &error);
            const auto chinese = clean ? boolean(value, u"handle_chinese_chars", true, &error) : std::nullopt;
            const auto lowercase = chinese ? boolean(value, u"lowercase", true, &error) : std::nullopt;
            // strip_accents null: as lowercase.
            const auto strip = lowercase ? boolean(value, u"strip_accents", *lowercase, &error) : std::nullopt;
            if (!strip)
                return error;
            step.cleanText = *clean;
            step.handleChineseChars = *chinese;
            step.lowercase = *lowercase;
            step.stripAccents = *strip;
            steps.push_back(step);
            return {};
        }
        static const std::pair<QStringView, QString::NormalizationForm> forms[] = {
            {u"NFC", QString::NormalizationForm_C}, {u"NFKC", QString::NormalizationForm_KC},
            {u"NFD", QString::NormalizationForm_D}, {u"NFKD", QString::NormalizationForm_KD}};
        for (const auto &[name, form] : forms)
            if (type == name) {
                steps.push_back({NormalizerStep::Kind::Unicode, {}, {}, form});
                return {};
            }
        return unsupported(QStringLiteral("normalizer"), type);
    }

    QString readPreTokenizer(const JsonValue &value, std::vector<PreTokenizerStep> &steps, bool *byteLevel) const
    {
        if (value.isNull())
            return {};
        if (!value.isObject())
            return fail(QStringLiteral("pre_tokenizer"), QStringLiteral("is %1, not an object").arg(value.typeName()));
        const QString type = typeOf(value);
        QString error;
        if (type == u"Sequence") {
            const JsonValue *list = value.find(u"pretokenizers");
            if (!list || !list->isArray() || list->isNumberArray())
                return fail(QStringLiteral("pre_tokenizer Sequence"), QStringLiteral("has no \"pretokenizers\" list"));
            for (const JsonValue &item : list->items())
                if (QString e = readPreTokenizer(item, steps, byteLevel); !e.isEmpty())
                    return e;
            return {};
        }
        PreTokenizerStep step;
        if (type == u"Split") {
            bool isRegex = false;
            const auto text = pattern(value, u"pre_tokenizer Split", &isRegex, &error);
            if (!text)
                return error;
            if (isRegex) {
                step.kind = PreTokenizerStep::Kind::SplitRegex;
                step.regex = QRegularExpression(*text, QRegularExpression::UseUnicodePropertiesOption);
                if (!step.regex.isValid())
                    return fail(QStringLiteral("pre_tokenizer Split"),
                                QStringLiteral("has a regex this version cannot compile (%1 at offset %2)")
                                    .arg(step.regex.errorString()).arg(step.regex.patternErrorOffset()));
                step.regex.optimize();
            } else {
                step.kind = PreTokenizerStep::Kind::SplitString;
                step.literal = *text;
            }
            const auto behavior = string(value, u"behavior", &error);
            if (!behavior)
                return error;
            static const std::pair<QStringView, SplitBehavior> behaviors[] = {
                {u"Removed", SplitBehavior::Removed}, {u"Isolated", SplitBehavior::Isolated},
                {u"MergedWithPrevious", SplitBehavior::MergedWithPrevious},
                {u"MergedWithNext", SplitBehavior::MergedWithNext}, {u"Contiguous", SplitBehavior::Contiguous}};
            bool known = false;
            for (const auto &[name, kind] : behaviors)
                if (*behavior == name) {
                    step.behavior = kind;
                    known = true;
                }
            if (!known)
                return unsupported(QStringLiteral("pre_tokenizer Split behavior"), *behavior);
            const auto invert = boolean(value, u"invert", false, &error);
            if (!invert)
                return error;
            step.invert = *invert;
        } else if (type == u"BertPreTokenizer") {
            step.kind = PreTokenizerStep::Kind::Bert;
        } else if (type == u"ByteLevel") {
            step.kind = PreTokenizerStep::Kind::ByteLevel;
            const auto prefix = boolean(value, u"add_prefix_space", true, &error);
            const auto useRegex = prefix ? boolean(value, u"use_regex", true, &error) : std::nullopt;
            if (!useRegex)
                return error;
            step.addPrefixSpace = *prefix;
            step.useRegex = *useRegex;
            *byteLevel = true;
        } else if (type == u"Metaspace") {
            step.kind = PreTokenizerStep::Kind::Metaspace;
            const auto replacement = string(value, u"replacement", &error);
            if (!replacement)
                return error;
            if (replacement->isEmpty())
                return fail(QStringLiteral("pre_tokenizer Metaspace"), QStringLiteral("has an empty replacement"));
            step.replacement = *replacement;
            const auto split = boolean(value, u"split", true, &error);
            if (!split)
                return error;
            step.metaspaceSplit = *split;
            if (const JsonValue *scheme = value.find(u"prepend_scheme"); scheme && scheme->isString()) {
                if (scheme->string() == u"always")
                    step.prependScheme = PreTokenizerStep::PrependScheme::Always;
                else if (scheme->string() == u"first")
                    step.prependScheme = PreTokenizerStep::PrependScheme::First;
                else if (scheme->string() == u"never")
                    step.prependScheme = PreTokenizerStep::PrependScheme::Never;
                else
                    return unsupported(QStringLiteral("pre_tokenizer Metaspace prepend_scheme"), scheme->string());
            } else {
                // Files older than prepend_scheme say add_prefix_space.
                const auto prefix = boolean(value, u"add_prefix_space", true, &error);
                if (!prefix)
                    return error;
                step.prependScheme = *prefix ? PreTokenizerStep::PrependScheme::Always : PreTokenizerStep::PrependScheme::Never;
            }
        } else {
            return unsupported(QStringLiteral("pre_tokenizer"), type);
        }
        steps.push_back(std::move(step));
        return {};
    }

    QString readDecoder(const JsonValue &value, std::vector<DecoderStep> &steps) const
    {
        if (value.isNull())
            return {};
        if (!value.isObject())
            return fail(QStringLiteral("decoder"), QStringLiteral("is %1, not an object").arg(value.typeName()));
        const QString type = typeOf(value);
        QString error;
        DecoderStep step;
        if (type == u"Sequence") {
            const JsonValue *list = value.find(u"decoders");
            if (!list || !list->isArray() || list->isNumberArray())
                return fail(QStringLiteral("decoder Sequence"), QStringLiteral("has no \"decoders\" list"));
            for (const JsonValue &item : list->items())
                if (QString e = readDecoder(item, steps); !e.isEmpty())
                    return e;
            return {};
        } else if (type == u"ByteLevel") {
            step.kind = DecoderStep::Kind::ByteLevel;
        } else if (type == u"ByteFallback") {
            step.kind = DecoderStep::Kind::ByteFallback;
        } else if (type == u"WordPiece") {
            const auto prefix = string(value, u"prefix", &error);
            const auto cleanup = prefix ? boolean(value, u"cleanup", true, &error) : std::nullopt;
            if (!cleanup)
                return error;
            step.kind = DecoderStep::Kind::WordPiece;
            step.pattern = *prefix;
            step.cleanup = *cleanup;
        } else if (type == u"Fuse") {
            step.kind = DecoderStep::Kind::Fuse;
        } else if (type == u"Replace") {
            bool isRegex = false;
            const auto from = pattern(value, u"decoder Replace", &isRegex, &error);
            if (!from)
                return error;
            if (isRegex)
                return m_label % QStringLiteral(": decoder Replace with a Regex pattern is not supported");
            const auto to = string(value, u"content", &error);
            if (!to)
                return error;
            step.kind = DecoderStep::Kind::Replace;
            step.pattern = *from;
            step.content = *to;
        } else if (type == u"Strip") {
            const auto content = string(value, u"content", &error);
            if (!content)
                return error;
            const JsonValue *start = value.find(u"start");
            const JsonValue *stop = value.find(u"stop");
            if (content->size() != 1 || !start || !start->isNumber() || !stop || !stop->isNumber())
                return fail(QStringLiteral("decoder Strip"), QStringLiteral("needs one character \"content\" and numbers \"start\" and \"stop\""));
            step.kind = DecoderStep::Kind::Strip;
            step.content = *content;
            step.stripStart = int(qBound(0.0, start->number().real, 1000.0));
            step.stripStop = int(qBound(0.0, stop->number().real, 1000.0));
        } else if (type == u"Metaspace") {
            const auto replacement = string(value, u"replacement", &error);
            if (!replacement)
                return error;
            step.kind = DecoderStep::Kind::Metaspace;
            step.pattern = *replacement;
            const JsonValue *scheme = value.find(u"prepend_scheme");
            if (scheme && scheme->isString())
                step.prependedSpace = scheme->string() != u"never";
            else if (const auto prefix = boolean(value, u"add_prefix_space", true, &error))
                step.prependedSpace = *prefix;
            else
                return error;
        } else {
            return unsupported(QStringLiteral("decoder"), type);
        }
        steps.push_back(std::move(step));
        return {};
    }

    // A template list of TemplateProcessing ("single" or "pair") as items.
    QString readTemplate(const JsonValue &list, const JsonValue &specials, QStringView name,
                         std::vector<TemplateItem> &items) const
    {
        const QString owner = QStringLiteral("post_processor TemplateProcessing \"%1\"").arg(name);
        for (const JsonValue &item : list.items()) {
            TemplateItem entry;
            const JsonValue *sequence = item.find(u"Sequence");
            const JsonValue *special = sequence ? nullptr : item.find(u"SpecialToken");
            const JsonValue *inner = sequence ? sequence : special;
            if (!inner || !inner->isObject())
                return fail(owner, QStringLiteral("holds an item that is neither a Sequence nor a SpecialToken"));
            if (const JsonValue *typeId = inner->find(u"type_id"); typeId && !typeId->isNull()) {
                if (!typeId->isNumber() || typeId->number().real < 0 || typeId->number().real > 1000
                    || typeId->number().real != double(qint64(typeId->number().real)))
                    return fail(owner, QStringLiteral("has a type_id that is not a small whole number"));
                entry.typeId = int(typeId->number().real);
            }
            const JsonValue *id = inner->find(u"id");
            if (sequence) {
                if (!id || !id->isString() || (id->string() != u"A" && id->string() != u"B"))
                    return fail(owner, QStringLiteral("has a Sequence that is not A or B"));
                entry.sequence = id->string() == u"A" ? 0 : 1;
                for (const TemplateItem &earlier : items)
                    if (earlier.sequence == entry.sequence)
                        return fail(owner, QStringLiteral("holds sequence %1 twice").arg(id->string()));
            } else {
                const JsonValue *found = id && id->isString() ? specials.find(id->string()) : nullptr;
                const JsonValue *ids = found ? found->find(u"ids") : nullptr;
                if (!ids || !ids->isNumberArray())
                    return fail(QStringLiteral("post_processor TemplateProcessing"),
                                QStringLiteral("names a special token that \"special_tokens\" does not give ids for"));
                for (const io::JsonNumber &number : ids->numbers()) {
                    if (number.real < 0 || number.real >= maxTokenId || number.real != double(qint64(number.real)))
                        return fail(QStringLiteral("post_processor TemplateProcessing"), QStringLiteral("has an id that is not a token id"));
                    entry.ids.push_back(int(number.real));
                }
            }
            items.push_back(std::move(entry));
        }
        return {};
    }

    // [text, id] of BertProcessing's or RobertaProcessing's "cls" and "sep".
    std::optional<int> processorToken(const JsonValue &value, QStringView processor, QStringView key, QString *error) const
    {
        const JsonValue *pair = value.find(key);
        if (pair && pair->isArray() && !pair->isNumberArray() && pair->size() == 2 && pair->items()[0].isString()
            && pair->items()[1].isNumber()) {
            const double id = pair->items()[1].number().real;
            if (id >= 0 && id < maxTokenId && id == double(qint64(id)))
                return int(id);
        }
        *error = fail(QStringLiteral("post_processor %1 \"%2\"").arg(processor, key),
                      pair ? QStringLiteral("is not [token, id]") : QStringLiteral("is missing"));
        return std::nullopt;
    }

    // The special tokens a post-processor puts around a single text, and its template for a pair.
    // `named` collects the ids a processor names with their component, to be checked against the
    // vocabulary once the model has been read (it comes after the post-processor in the file).
    QString readPostProcessor(const JsonValue &value, HfTokenizerParts &parts, std::vector<NamedId> &named) const
    {
        std::vector<int> &prefix = parts.prefixIds;
        std::vector<int> &suffix = parts.suffixIds;
        std::vector<TemplateItem> &pair = parts.pairTemplate;
        if (value.isNull())
            return {};
        if (!value.isObject())
            return fail(QStringLiteral("post_processor"), QStringLiteral("is %1, not an object").arg(value.typeName()));
        const QString type = typeOf(value);
        if (type == u"ByteLevel")
            return {}; // it only trims offsets
        if (type == u"Sequence") {
            const JsonValue *list = value.find(u"processors");
            if (!list || !list->isArray() || list->isNumberArray())
                return fail(QStringLiteral("post_processor Sequence"), QStringLiteral("has no \"processors\" list"));
            for (const JsonValue &item : list->items())
                if (QString e = readPostProcessor(item, parts, named); !e.isEmpty())
                    return e;
            return {};
        }
        if (type == u"RobertaProcessing") {
            QString error;
            const auto sep = processorToken(value, u"RobertaProcessing", u"sep", &error);
            const auto cls = sep ? processorToken(value, u"RobertaProcessing", u"cls", &error) : std::nullopt;
            if (!cls)
                return error;
            // HF's defaults for files that leave the flags out.
            const auto trim = boolean(value, u"trim_offsets", true, &error);
            const auto prefixSpace = trim ? boolean(value, u"add_prefix_space", true, &error) : std::nullopt;
            if (!prefixSpace) // boolean() names the key alone
                return error.replace(m_label % QStringLiteral(": "), m_label % QStringLiteral(": post_processor RobertaProcessing "));
            setRobertaProcessing(parts, *cls, *sep, *trim, *prefixSpace);
            named.push_back({QStringLiteral("post_processor RobertaProcessing \"cls\""), *cls});
            named.push_back({QStringLiteral("post_processor RobertaProcessing \"sep\""), *sep});
            return {};
        }
        if (type == u"BertProcessing") {
            QString error;
            const auto sep = processorToken(value, u"BertProcessing", u"sep", &error);
            const auto cls = sep ? processorToken(value, u"BertProcessing", u"cls", &error) : std::nullopt;
            if (!cls)
                return error;
            prefix = {*cls};
            suffix = {*sep};
            pair = {TemplateItem{-1, {*cls}, 0}, TemplateItem{0, {}, 0}, TemplateItem{-1, {*sep}, 0},
                    TemplateItem{1, {}, 1}, TemplateItem{-1, {*sep}, 1}};
            return {};
        }
        if (type != u"TemplateProcessing")
            return unsupported(QStringLiteral("post_processor"), type);
        const JsonValue *single = value.find(u"single");
        const JsonValue *specials = value.find(u"special_tokens");
        if (!single || !single->isArray() || single->isNumberArray() || !specials || !specials->isObject())
            return fail(QStringLiteral("post_processor TemplateProcessing"), QStringLiteral("needs a \"single\" list and a \"special_tokens\" object"));
        std::vector<TemplateItem> items;
        if (QString e = readTemplate(*single, *specials, u"single", items); !e.isEmpty())
            return e;
        if (std::count_if(items.begin(), items.end(), [](const TemplateItem &item) { return item.sequence >= 0; }) != 1
            || std::any_of(items.begin(), items.end(), [](const TemplateItem &item) { return item.sequence == 1; }))
            return fail(QStringLiteral("post_processor TemplateProcessing"), QStringLiteral("\"single\" must hold sequence A once"));
        bool afterSequence = false;
        for (const TemplateItem &item : items) {
            if (item.sequence >= 0)
                afterSequence = true;
            else
                (afterSequence ? suffix : prefix).insert((afterSequence ? suffix : prefix).end(), item.ids.begin(), item.ids.end());
        }
        pair.clear();
        if (const JsonValue *pairList = value.find(u"pair"); pairList && !pairList->isNull()) {
            if (!pairList->isArray() || (pairList->isNumberArray() && pairList->size() > 0))
                return fail(QStringLiteral("post_processor TemplateProcessing \"pair\""), QStringLiteral("is not a list"));
            if (!pairList->isNumberArray()) {
                if (QString e = readTemplate(*pairList, *specials, u"pair", pair); !e.isEmpty())
                    return e;
                // An empty list (some files write "pair": []) is no pair form.
                if (!pair.empty() && std::count_if(pair.begin(), pair.end(), [](const TemplateItem &item) { return item.sequence >= 0; }) != 2)
                    return fail(QStringLiteral("post_processor TemplateProcessing"), QStringLiteral("\"pair\" must hold sequences A and B once each"));
            }
        }
        return {};
    }

    QString readAddedTokens(const JsonValue &value, std::vector<AddedToken> &tokens) const
    {
        if (!value.isArray() || (value.isNumberArray() && value.size() > 0))
            return fail(QStringLiteral("added_tokens"), QStringLiteral("is not a list of objects"));
        if (value.isNumberArray())
            return {};
        for (const JsonValue &item : value.items()) {
            QString error;
            const JsonValue *id = item.find(u"id");
            const auto content = item.isObject() ? string(item, u"content", &error) : std::nullopt;
            if (!content)
                return error.isEmpty() ? fail(QStringLiteral("added_tokens"), QStringLiteral("holds something that is not an object")) : error;
            if (!id || !id->isNumber() || id->number().real < 0 || id->number().real >= maxTokenId
                || id->number().real != double(qint64(id->number().real)))
                return fail(QStringLiteral("added token ") % bpe::quotedForMessage(*content), QStringLiteral("has no valid \"id\""));
            AddedToken token;
            token.id = int(id->number().real);
            token.content = *content;
            const auto special = boolean(item, u"special", false, &error);
            const auto lstrip = special ? boolean(item, u"lstrip", false, &error) : std::nullopt;
            const auto rstrip = lstrip ? boolean(item, u"rstrip", false, &error) : std::nullopt;
            const auto single = rstrip ? boolean(item, u"single_word", false, &error) : std::nullopt;
            const auto normalized = single ? boolean(item, u"normalized", !*special, &error) : std::nullopt;
            if (!normalized)
                return error;
            token.special = *special;
            token.leftStrip = *lstrip;
            token.rightStrip = *rstrip;
            token.singleWord = *single;
            token.normalized = *normalized;
            tokens.push_back(std::move(token));
        }
        return {};
    }

    // The model's vocabulary and merges, kept as strings until the options are known.
    QString readModel(const JsonValue &value, std::vector<QString> &vocab,
                      std::vector<std::pair<QString, QString>> &merges, BpeModelHf::Options &options,
                      std::optional<WordPieceModel::Options> &wordPiece) const
    {
        if (!value.isObject())
            return fail(QStringLiteral("model"), QStringLiteral("is %1, not an object").arg(value.typeName()));
        const QString type = typeOf(value);
        if (type == u"WordPiece") {
            WordPieceModel::Options wp;
            QString error;
            if (const JsonValue *unknown = value.find(u"unk_token"); unknown && !unknown->isNull()) {
                const auto text = string(value, u"unk_token", &error);
                if (!text)
                    return error;
                wp.unknownToken = *text;
            }
            if (const JsonValue *prefix = value.find(u"continuing_subword_prefix"); prefix && !prefix->isNull()) {
                const auto text = string(value, u"continuing_subword_prefix", &error);
                if (!text)
                    return error;
                wp.prefix = *text;
            }
            if (const JsonValue *most = value.find(u"max_input_chars_per_word"); most && !most->isNull()) {
                if (!most->isNumber() || most->number().real < 0 || most->number().real != double(qint64(most->number().real)))
                    return fail(QStringLiteral("model \"max_input_chars_per_word\""), QStringLiteral("is not a whole number"));
                wp.maxInputCharsPerWord = int(std::min(most->number().real, 1e9));
            }
            wordPiece = wp;
            return readVocab(value, vocab);
        }
        if (!type.isEmpty() && type != u"BPE")
            return unsupported(QStringLiteral("model"), type);
        if (const JsonValue *dropout = value.find(u"dropout"); dropout && !dropout->isNull())
            return m_label % QStringLiteral(": model BPE with dropout is not supported (it makes encoding random)");
        for (QStringView key : {u"continuing_subword_prefix", u"end_of_word_suffix"})
            if (const JsonValue *affix = value.find(key); affix && !affix->isNull() && !(affix->isString() && affix->string().isEmpty()))
                return m_label % QStringLiteral(": model BPE with a non-empty ") % key % QStringLiteral(" is not supported");
        QString error;
        const auto byteFallback = boolean(value, u"byte_fallback", false, &error);
        const auto fuse = byteFallback ? boolean(value, u"fuse_unk", false, &error) : std::nullopt;
        const auto ignore = fuse ? boolean(value, u"ignore_merges", false, &error) : std::nullopt;
        if (!ignore)
            return error;
        options.byteFallback = *byteFallback;
        options.fuseUnknown = *fuse;
        options.ignoreMerges = *ignore;
        if (const JsonValue *unknown = value.find(u"unk_token"); unknown && unknown->isString())
            options.unknownToken = unknown->string();

        if (QString e = readVocab(value, vocab); !e.isEmpty())
            return e;
        return readMerges(value, merges);
    }

    // The model's "vocab" object, token → id, as id → token.
    QString readVocab(const JsonValue &value, std::vector<QString> &vocab) const
    {
        const JsonValue *vocabValue = value.find(u"vocab");
        if (!vocabValue || !vocabValue->isObject())
            return fail(QStringLiteral("model \"vocab\""), vocabValue ? QStringLiteral("is %1, not an object").arg(vocabValue->typeName())
                                                                      : QStringLiteral("is missing"));
        qint64 highest = -1;
        for (const JsonValue &id : vocabValue->values()) {
            if (!id.isNumber() || id.number().real < 0 || id.number().real >= maxTokenId
                || id.number().real != double(qint64(id.number().real)))
                return fail(QStringLiteral("model \"vocab\""), QStringLiteral("has a value that is not a token id below %1").arg(maxTokenId));
            highest = std::max(highest, qint64(id.number().real));
        }
        vocab.assign(std::size_t(highest + 1), QString());
        const auto &keys = vocabValue->keys();
        for (std::size_t i = 0; i < keys.size(); ++i) {
            if (keys[i].isEmpty())
                return fail(QStringLiteral("model \"vocab\""), QStringLiteral("has an empty token"));
            QString &slot = vocab[std::size_t(vocabValue->values()[i].number().real)];
            if (!slot.isEmpty())
                return fail(QStringLiteral("model \"vocab\""), QStringLiteral("gives id %1 to two tokens").arg(qint64(vocabValue->values()[i].number().real)));
            slot = keys[i];
        }
        return {};
    }

    QString readMerges(const JsonValue &value, std::vector<std::pair<QString, QString>> &merges) const
    {
        const JsonValue *mergesValue = value.find(u"merges");
        if (!mergesValue || !mergesValue->isArray())
            return fail(QStringLiteral("model \"merges\""), mergesValue ? QStringLiteral("is %1, not a list").arg(mergesValue->typeName())
                                                                        : QStringLiteral("is missing"));
        if (mergesValue->size() > BpeModelHf::maxMerges)
            return fail(QStringLiteral("model \"merges\""), QStringLiteral("has %1 entries; more than %2 are refused")
                                                                .arg(mergesValue->size()).arg(BpeModelHf::maxMerges));
        if (mergesValue->isNumberArray() && mergesValue->size() > 0)
            return fail(QStringLiteral("model \"merges\""), QStringLiteral("holds numbers, not merges"));
        if (mergesValue->isNumberArray())
            return {};
        merges.reserve(std::size_t(mergesValue->size()));
        for (const JsonValue &merge : mergesValue->items()) {
            const qsizetype index = qsizetype(merges.size());
            if (merge.isString()) {
                // "a b": tokens of this form never contain a space.
                const QList<QStringView> parts = QStringView(merge.string()).split(u' ');
                if (parts.size() != 2)
                    return fail(QStringLiteral("model merge %1").arg(index), bpe::quotedForMessage(merge.string())
                                                                                 % QStringLiteral(" is not two tokens separated by one space"));
                merges.emplace_back(parts[0].toString(), parts[1].toString());
            } else if (merge.isArray() && !merge.isNumberArray() && merge.size() == 2 && merge.items()[0].isString()
                       && merge.items()[1].isString()) {
                merges.emplace_back(merge.items()[0].string(), merge.items()[1].string());
            } else {
                return fail(QStringLiteral("model merge %1").arg(index), QStringLiteral("is neither \"a b\" nor [\"a\", \"b\"]"));
            }
        }
        return {};
    }

    const QString &label() const { return m_label; }

private:
    QString m_label;
};

// bos_token and eos_token in tokenizer_config.json: a string or an AddedToken object.
QString configTokenContent(const JsonValue &config, QStringView key)
{
    const JsonValue *value = config.find(key);
    if (!value)
        return {};
    if (value->isString())
        return value->string();
    if (const JsonValue *content = value->isObject() ? value->find(u"content") : nullptr; content && content->isString())
        return content->string();
    return {};
}

} // namespace

void setRobertaProcessing(HfTokenizerParts &parts, int cls, int sep, bool trimOffsets, bool addPrefixSpace)
{
    parts.prefixIds = {cls};
    parts.suffixIds = {sep};
    // transformers' RobertaTokenizer gives zeros for a pair too; type 1 would index past RoBERTa's
    // one-row token-type table.
    parts.pairTemplate = {TemplateItem{-1, {cls}, 0}, TemplateItem{0, {}, 0}, TemplateItem{-1, {sep, sep}, 0},
                          TemplateItem{1, {}, 0}, TemplateItem{-1, {sep}, 0}};
    parts.trimOffsets = trimOffsets;
    parts.trimKeepsAddedPrefixSpace = addPrefixSpace;
}

Expected<HfTokenizerParts> parseHfTokenizer(QByteArrayView tokenizerJson, QByteArrayView configJson, const QString &displayName)
{
    const QString label = displayName % QStringLiteral(" tokenizer.json");
    Reader reader(label);
    HfTokenizerParts parts;
    std::vector<QString> vocab;
    std::vector<std::pair<QString, QString>> merges;
    BpeModelHf::Options options;
    std::optional<WordPieceModel::Options> wordPieceOptions;
    bool byteLevel = false;
    bool sawModel = false;
    std::vector<DecoderStep> decoder;
    std::vector<NamedId> namedIds;

    io::JsonMemberReader members;
    members.limits.maxValues = maxValuesPerMember;
    members.onMember = [&](QString &&key, JsonValue &&value) -> QString {
        if (key == u"model") {
            sawModel = true;
            return reader.readModel(value, vocab, merges, options, wordPieceOptions);
        }
        if (key == u"normalizer") {
            std::vector<NormalizerStep> steps;
            QString error = reader.readNormalizer(value, steps);
            parts.normalizer = Normalizer(std::move(steps));
            return error;
        }
        if (key == u"pre_tokenizer") {
            std::vector<PreTokenizerStep> steps;
            QString error = reader.readPreTokenizer(value, steps, &byteLevel);
            parts.preTokenizer = PreTokenizer(std::move(steps));
            return error;
        }
        if (key == u"post_processor")
            return reader.readPostProcessor(value, parts, namedIds);
        if (key == u"decoder")
            return reader.readDecoder(value, decoder);
        if (key == u"added_tokens")
            return reader.readAddedTokens(value, parts.addedTokens);
        if (key == u"truncation" || key == u"padding") {
            if (!value.isNull())
                return label % QStringLiteral(": ") % key % QStringLiteral(" is not supported (it changes the ids of long texts)");
            return {};
        }
        return {}; // "version" and members newer files may add that do not change ids
    };
    members.describeDuplicate = [](const io::JsonDuplicateKey &duplicate) {
        return QStringLiteral("the key %1 appears twice").arg(bpe::quotedForMessage(duplicate.key));
    };
    const Expected<qsizetype> read = io::readJsonMembers(tokenizerJson, label, members);
    if (!read)
        return Error{read.error()};
    if (!sawModel)
        return Error{label % QStringLiteral(": there is no \"model\"")};
    for (const DecoderStep &step : decoder)
        byteLevel = byteLevel || step.kind == DecoderStep::Kind::ByteLevel;
    options.byteLevel = byteLevel;
    parts.decoder = std::move(decoder);
    if (wordPieceOptions) {
        Expected<WordPieceModel> model = WordPieceModel::build(std::move(vocab), *wordPieceOptions, label % QStringLiteral(" model WordPiece"));
        if (!model)
            return Error{model.error()};
        parts.wordPiece = std::make_shared<const WordPieceModel>(std::move(model).value());
    } else {
        Expected<BpeModelHf> model = BpeModelHf::build(std::move(vocab), merges, options, label % QStringLiteral(" model"));
        if (!model)
            return Error{model.error()};
        parts.model = std::move(model).value();
    }
    merges = {};
    for (const NamedId &named : namedIds) {
        const bool added = std::any_of(parts.addedTokens.begin(), parts.addedTokens.end(),
                                       [&](const AddedToken &token) { return token.id == named.id; });
        const bool inModel = parts.wordPiece ? named.id < parts.wordPiece->vocabSize() && !parts.wordPiece->token(named.id).isEmpty()
                                             : named.id < parts.model.vocabSize() && !parts.model.token(named.id).isEmpty();
        if (!added && !inModel)
            return Error{label % QStringLiteral(": ") % named.component
                         % QStringLiteral(" names id %1, which no token of the vocabulary or added_tokens has").arg(named.id)};
    }

    if (!configJson.isEmpty()) {
        const QString configLabel = displayName % QStringLiteral(" tokenizer_config.json");
        const Expected<JsonValue> config = io::parseJson(configJson, configLabel);
        if (!config)
            return Error{config.error()};
        if (!config->isObject())
            return Error{configLabel % QStringLiteral(": is not an object")};
        // transformers' Llama and Gemma tokenizers rebuild their post-processor from these flags.
        const JsonValue *tokenizerClass = config->find(u"tokenizer_class");
        const QString className = tokenizerClass && tokenizerClass->isString() ? tokenizerClass->string() : QString();
        static const QSet<QString> rebuildingClasses = {
            QStringLiteral("LlamaTokenizer"), QStringLiteral("LlamaTokenizerFast"), QStringLiteral("CodeLlamaTokenizer"),
            QStringLiteral("CodeLlamaTokenizerFast"), QStringLiteral("GemmaTokenizer"), QStringLiteral("GemmaTokenizerFast")};
        const JsonValue *addBos = config->find(u"add_bos_token");
        const JsonValue *addEos = config->find(u"add_eos_token");
        if (rebuildingClasses.contains(className) && ((addBos && addBos->isBool()) || (addEos && addEos->isBool()))) {
            const auto idOfContent = [&](const QString &content) {
                for (const AddedToken &token : parts.addedTokens)
                    if (token.content == content)
                        return token.id;
                return parts.model.idOf(content);
            };
            const auto rebuild = [&](const JsonValue *flag, QStringView key, std::vector<int> &ids) -> QString {
                if (!flag || !flag->isBool())
                    return {};
                ids.clear();
                if (!flag->toBool())
                    return {};
                const QString content = configTokenContent(*config, key);
                const int id = idOfContent(content);
                if (id < 0)
                    return configLabel % QStringLiteral(": ") % key % QStringLiteral(" ") % bpe::quotedForMessage(content)
                        % QStringLiteral(" is not a token of tokenizer.json");
                ids.push_back(id);
                return {};
            };
            if (QString e = rebuild(addBos, u"bos_token", parts.prefixIds); !e.isEmpty())
                return Error{e};
            if (QString e = rebuild(addEos, u"eos_token", parts.suffixIds); !e.isEmpty())
                return Error{e};
        }
    }
    return parts;
}

Expected<HfTokenizerParts> readHfTokenizerFolder(const QString &folder)
{
    const QDir dir(folder);
    const QString displayName = QDir::toNativeSeparators(dir.absolutePath());
    const Expected<QByteArray> json = io::readFileBytes(dir.absoluteFilePath(QStringLiteral("tokenizer.json")), maxTokenizerJsonBytes);
    if (!json)
        return Error{json.error()};
    QByteArray config;
    if (dir.exists(QStringLiteral("tokenizer_config.json"))) {
        Expected<QByteArray> bytes = io::readFileBytes(dir.absoluteFilePath(QStringLiteral("tokenizer_config.json")), 16 * 1024 * 1024);
        if (!bytes)
            return Error{bytes.error()};
        config = std::move(bytes).value();
    }
    return parseHfTokenizer(*json, config, displayName);
}

} // namespace attn::hf
