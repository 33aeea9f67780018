#include "commandline.h"

#include "programarguments.h"

#include "core/io/filebytes.h"
#include "core/io/regularfile.h"
#include "core/io/sessionfile.h"
#include "core/transformer/model.h"
#include "core/engine/presets.h"
#include "core/io/resultdump.h"
#include "core/tokenizers/wordtokenizer.h"
#include "export/exportformat.h"
#include "export/headlessexporter.h"

#include <QApplication>

#include <QCommandLineParser>
#include <QFile>
#include <QRegularExpression>
#include <QStringDecoder>

#include <cmath>
#include <cstdio>

namespace attn::app {
namespace {

constexpr int exitBadInput = 1;
constexpr int exitBadUsage = 2;

struct Options
{
    QCommandLineOption sentence{{QStringLiteral("s"), QStringLiteral("sentence")},
                                QStringLiteral("The text to tokenize and attend over."), QStringLiteral("TEXT")};
    QCommandLineOption textFile{QStringLiteral("text-file"),
                                QStringLiteral("Read the text from FILE (UTF-8; - = standard input) instead of --sentence: "
                                               "for texts longer than a command line can hold."),
                                QStringLiteral("FILE")};
    QCommandLineOption preset{{QStringLiteral("p"), QStringLiteral("preset")},
                              QStringLiteral("Start from one of the seed's examples (see --list-presets)."),
                              QStringLiteral("NAME")};
    QCommandLineOption listPresets{QStringLiteral("list-presets"), QStringLiteral("List the presets and exit.")};
    QCommandLineOption heads{QStringLiteral("heads"), QStringLiteral("Number of attention heads (1–64)."),
                             QStringLiteral("N")};
    QCommandLineOption dModel{QStringLiteral("d-model"), QStringLiteral("Embedding width d_model (1–4096)."),
                              QStringLiteral("N")};
    QCommandLineOption dK{QStringLiteral("d-k"), QStringLiteral("Query/key width per head d_k (1–1024)."),
                          QStringLiteral("N")};
    QCommandLineOption dV{QStringLiteral("d-v"), QStringLiteral("Value width per head d_v (1–1024; default d_k)."),
                          QStringLiteral("N")};
    QCommandLineOption seed{QStringLiteral("seed"), QStringLiteral("Seed of the Glorot-initialised matrices."),
                            QStringLiteral("N")};
    QCommandLineOption causal{QStringLiteral("causal"), QStringLiteral("Mask keys after each query (GPT-style).")};
    QCommandLineOption temperature{QStringLiteral("temperature"),
                                   QStringLiteral("Divide the scores by T before softmax (T > 0)."),
                                   QStringLiteral("T")};
    QCommandLineOption noScale{QStringLiteral("no-scale"), QStringLiteral("Do not divide q·k by √d_k.")};
    QCommandLineOption positional{QStringLiteral("positional"),
                                  QStringLiteral("Positional encoding added to the embeddings: none or sinusoidal."),
                                  QStringLiteral("none|sinusoidal")};
    QCommandLineOption dump{QStringLiteral("dump"),
                            QStringLiteral("Compute without a window and write every number as JSON to FILE (- = stdout)."),
                            QStringLiteral("FILE")};
    QCommandLineOption model{QStringLiteral("model"),
                             QStringLiteral("Use a real model instead of the toy one: a GGUF file (llama.cpp, Ollama, "
                                            "LM Studio; architectures llama, qwen2, qwen3, gemma, gemma2, gemma3, "
                                            "F32 to Q2_K), or a checkpoint folder as Hugging Face ships it "
                                            "(config.json, model.safetensors or its shards, tokenizer.json, vocab.txt "
                                            "or vocab.json + merges.txt): gpt2, llama, mistral, qwen2, qwen3, gemma, "
                                            "gemma2, gemma3, bert, distilbert or roberta. PATH may also be a Hugging "
                                            "Face cache folder or a model id found in ~/.cache/huggingface/hub."),
                             QStringLiteral("PATH")};
    QCommandLineOption sentenceB{QStringLiteral("sentence-b"),
                                 QStringLiteral("A second sentence for an encoder (--model bert, distilbert or "
                                                "roberta): it reads [CLS] TEXT-A [SEP] TEXT-B [SEP]."),
                                 QStringLiteral("TEXT")};
    QCommandLineOption exportFile{
        QStringLiteral("export"),
        QStringLiteral("Draw a view without a window into FILE (- = standard output); the extension picks the "
                       "format: .png .svg .pdf (the picture) or .csv .json (its heads' weights and scores)."),
        QStringLiteral("FILE")};
    QCommandLineOption exportFormat{
        QStringLiteral("format"),
        QStringLiteral("The format --export writes, whatever the file's name: png, svg, pdf, csv or json "
                       "(needed with --export -)."),
        QStringLiteral("FORMAT")};
    QCommandLineOption exportView{
        QStringLiteral("view"),
        QStringLiteral("The view --export draws: heatmap, heads, flow, arc, steps, model (every layer × head) or "
                       "rollout. Default: the file's name "
                       "when it ends in one of these (heads.svg), else heatmap."),
        QStringLiteral("NAME")};
    QCommandLineOption exportLayer{QStringLiteral("layer"), QStringLiteral("The layer --export shows (from 0; default 0)."),
                                   QStringLiteral("N")};
    QCommandLineOption exportHead{QStringLiteral("head"), QStringLiteral("The head --export shows (from 0; default 0)."),
                                  QStringLiteral("N")};
    QCommandLineOption exportQuery{
        QStringLiteral("query"),
        QStringLiteral("Focus this token (from 0) in the export: its arrows, its walk-through."), QStringLiteral("N")};
    QCommandLineOption exportScale{
        QStringLiteral("scale"),
        QStringLiteral("PNG pixels per point of the diagram, e.g. 2 for slides, 4 for print (default 1)."),
        QStringLiteral("S")};
    QCommandLineOption exportSize{
        QStringLiteral("size"),
        QStringLiteral("PNG size in pixels, WIDTHxHEIGHT, or WIDTH alone; the diagram is scaled to fit."),
        QStringLiteral("WxH")};
    QCommandLineOption exportNoFocus{QStringLiteral("no-focus"),
                                     QStringLiteral("Leave out the highlight of what --head and --query focus.")};
};

struct Failure
{
    int exitCode;
    QString message;
};

bool parseInteger(const QString &text, int low, int high, int &out)
{
    bool ok = false;
    const qlonglong value = text.toLongLong(&ok);
    if (!ok || value < low || value > high)
        return false;
    out = int(value);
    return true;
}

std::optional<Failure> applyConfigOptions(const QCommandLineParser &parser, const Options &o, AttentionConfig &config)
{
    auto integer = [&](const QCommandLineOption &option, const char *flag, int low, int high, int &field)
        -> std::optional<Failure> {
        if (!parser.isSet(option))
            return std::nullopt;
        if (!parseInteger(parser.value(option), low, high, field))
            return Failure{exitBadUsage, QStringLiteral("--%1 must be a whole number from %2 to %3, got \"%4\"")
                                             .arg(QLatin1String(flag)).arg(low).arg(high).arg(parser.value(option))};
        return std::nullopt;
    };
    const bool dVGiven = parser.isSet(o.dV);
    if (auto f = integer(o.heads, "heads", 1, Limits::maxHeads, config.heads))
        return f;
    if (auto f = integer(o.dModel, "d-model", 1, Limits::maxDModel, config.dModel))
        return f;
    if (auto f = integer(o.dK, "d-k", 1, Limits::maxDHead, config.dK))
        return f;
    if (!dVGiven && parser.isSet(o.dK))
        config.dV = config.dK;
    if (auto f = integer(o.dV, "d-v", 1, Limits::maxDHead, config.dV))
        return f;
    if (parser.isSet(o.seed)) {
        bool ok = false;
        const qulonglong seed = parser.value(o.seed).toULongLong(&ok);
        if (!ok)
            return Failure{exitBadUsage, QStringLiteral("--seed must be a whole number from 0 to 18446744073709551615, got \"%1\"")
                                             .arg(parser.value(o.seed))};
        config.seed = seed;
    }
    if (parser.isSet(o.causal))
        config.causal = true;
    if (parser.isSet(o.noScale))
        config.scaleByRootDk = false;
    if (parser.isSet(o.temperature)) {
        bool ok = false;
        const double t = parser.value(o.temperature).toDouble(&ok);
        if (!ok || !std::isfinite(t) || t <= 0.0)
            return Failure{exitBadUsage, QStringLiteral("--temperature must be a finite number above 0, got \"%1\"")
                                             .arg(parser.value(o.temperature))};
        config.temperature = t;
    }
    if (parser.isSet(o.positional)) {
        const auto encoding = positionalEncodingFromName(parser.value(o.positional));
        if (!encoding)
            return Failure{exitBadUsage, QStringLiteral("--positional must be none or sinusoidal, got \"%1\"")
                                             .arg(parser.value(o.positional))};
        config.positional = *encoding;
    }
    return std::nullopt;
}

std::optional<Failure> applyExportOptions(const QCommandLineParser &parser, const Options &o,
                                          ui::ExportRequest &request)
{
    const QCommandLineOption *exportOnly[] = {&o.exportView,  &o.exportLayer, &o.exportHead,    &o.exportQuery,
                                              &o.exportScale, &o.exportSize,  &o.exportNoFocus, &o.exportFormat};
    if (!parser.isSet(o.exportFile)) {
        for (const QCommandLineOption *option : exportOnly) {
            if (parser.isSet(*option))
                return Failure{exitBadUsage, QStringLiteral("--%1 needs --export FILE").arg(option->names().front())};
        }
        return std::nullopt;
    }
    request.path = parser.value(o.exportFile);
    if (parser.isSet(o.exportFormat)) {
        request.format = ui::exportFormatForPath(QStringLiteral("x.") + parser.value(o.exportFormat));
        if (!request.format)
            return Failure{exitBadUsage, QStringLiteral("--format must be png, svg, pdf, csv or json, got \"%1\"")
                                             .arg(parser.value(o.exportFormat))};
    } else if (request.path == QLatin1String("-")) {
        return Failure{exitBadUsage, QStringLiteral("--export - writes to standard output: say which format with "
                                                    "--format png|svg|pdf|csv|json")};
    } else if (!ui::exportFormatForPath(request.path)) {
        return Failure{exitBadUsage, QStringLiteral("cannot tell the format of \"%1\" from its extension; use %2 "
                                                    "(or --format)")
                                         .arg(request.path, ui::knownExportExtensions())};
    }
    request.view = ui::exportViewForPath(request.path);
    if (parser.isSet(o.exportView)) {
        request.view = parser.value(o.exportView);
        if (!ui::exportViewNames().contains(request.view))
            return Failure{exitBadUsage, QStringLiteral("--view must be one of %1, got \"%2\"")
                                             .arg(ui::exportViewNames().join(QStringLiteral(", ")), request.view)};
    }
    auto index = [&](const QCommandLineOption &option, int high, int &field) -> std::optional<Failure> {
        if (parser.isSet(option) && !parseInteger(parser.value(option), 0, high, field))
            return Failure{exitBadUsage, QStringLiteral("--%1 must be a whole number from 0 to %2, got \"%3\"")
                                             .arg(option.names().front()).arg(high).arg(parser.value(option))};
        return std::nullopt;
    };
    if (auto f = index(o.exportLayer, 9999, request.layer))
        return f;
    if (auto f = index(o.exportHead, Limits::maxHeads - 1, request.head))
        return f;
    if (auto f = index(o.exportQuery, Limits::maxTokens - 1, request.query))
        return f;
    if (parser.isSet(o.exportScale) && parser.isSet(o.exportSize))
        return Failure{exitBadUsage, QStringLiteral("give --scale or --size, not both")};
    if (parser.isSet(o.exportScale)) {
        bool ok = false;
        const double scale = parser.value(o.exportScale).toDouble(&ok);
        if (!ok || !std::isfinite(scale) || scale <= 0.0 || scale > 64.0)
            return Failure{exitBadUsage, QStringLiteral("--scale must be a number above 0 and at most 64, got \"%1\"")
                                             .arg(parser.value(o.exportScale))};
        request.image.scale = scale;
    }
    if (parser.isSet(o.exportSize)) {
        static const QRegularExpression pattern(QStringLiteral("^(\\d{1,6})(?:[x×](\\d{1,6}))?$"));
        const QRegularExpressionMatch match = pattern.match(parser.value(o.exportSize));
        const QSize size = match.hasMatch() ? QSize(match.captured(1).toInt(), match.captured(2).toInt()) : QSize();
        if (!match.hasMatch() || size.width() <= 0)
            return Failure{exitBadUsage,
                           QStringLiteral("--size must be WIDTHxHEIGHT or WIDTH in pixels, e.g. 1920x1080, got \"%1\"")
                               .arg(parser.value(o.exportSize))};
        request.image.pixelSize = size;
    }
    // Only what the command line focused is highlighted: a plain export is a clean figure.
    request.image.includeFocus =
        !parser.isSet(o.exportNoFocus) && (parser.isSet(o.exportHead) || parser.isSet(o.exportQuery));
    return std::nullopt;
}

// --text-file: the text as typed text would be, under the same limits. Every UTF-16 unit takes at
// most three bytes of UTF-8 (a four-byte character is two units), so more bytes than that, plus a
// byte-order mark, is certainly too long, and nothing larger is ever read.
Expected<QString> readTextFile(const QString &path)
{
    const qint64 maxBytes = 3 * qint64(Limits::maxTextLength) + 3;
    const bool standardInput = path == QLatin1String("-");
    const QString name = standardInput ? QStringLiteral("standard input") : io::shownPath(path);
    const Expected<io::BytesUpToCap> read =
        standardInput ? io::readStandardInputUpTo(maxBytes) : io::readFileUpTo(path, maxBytes);
    if (!read)
        return Error{read.error()};
    if (!read->whole)
        return Error{QStringLiteral("%1: the text has more than %2 characters; the limit is %2")
                         .arg(name).arg(Limits::maxTextLength)};
    QByteArrayView bytes = read->bytes;
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes = bytes.sliced(3);
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder(bytes);
    if (decoder.hasError())
        return Error{QStringLiteral("%1: the text is not valid UTF-8").arg(name)};
    return text;
}

// Qt cannot name a file whose name is not UTF-8; say so, with the name as the file system has it,
// instead of "no such file" for a name with U+FFFD in it.
std::optional<Failure> undecodableName(const QString &value, const QList<QByteArray> &undecodable)
{
    if (!value.contains(QChar::ReplacementCharacter))
        return std::nullopt;
    for (const QByteArray &raw : undecodable) {
        if (QFile::decodeName(raw).contains(value) || value.contains(QFile::decodeName(raw)))
            return Failure{exitBadInput, QStringLiteral("the file name \"%1\" is not valid UTF-8, and Attention "
                                                        "Explorer can only open files whose names are; rename it "
                                                        "(for example with convmv)").arg(escapedName(raw))};
    }
    return std::nullopt;
}

// Shape-changing flags make the preset's hand-set matrices meaningless: they are re-seeded.
bool shapeChanged(const AttentionConfig &a, const AttentionConfig &b)
{
    return a.heads != b.heads || a.dModel != b.dModel || a.dK != b.dK || a.dV != b.dV || a.seed != b.seed;
}

// A session file replaces the input: its sentence, configuration, matrices and embeddings.
std::optional<Failure> applySession(const QCommandLineParser &parser, const Options &o, const QString &path,
                                    LaunchOptions &options)
{
    for (const QCommandLineOption *option : {&o.sentence, &o.textFile, &o.preset, &o.heads, &o.dModel, &o.dK, &o.dV,
                                             &o.seed, &o.causal, &o.temperature, &o.noScale, &o.positional}) {
        if (parser.isSet(*option))
            return Failure{exitBadUsage, QStringLiteral("a session file sets the sentence and the configuration; "
                                                        "leave out --%1").arg(option->names().constLast())};
    }
    const Expected<io::Session> session = io::loadSession(path);
    if (!session)
        return Failure{exitBadInput, session.error()};
    options.sessionPath = path;
    options.presetName = session->presetName;
    options.sentence = session->sentence;
    options.input = {tokenizeWords(session->sentence), session->config, session->matrices.weights,
                     session->matrices.embeddings, session->sentence};
    return std::nullopt;
}

} // namespace

ParseOutcome parseCommandLine(const QStringList &arguments, const QList<QByteArray> &undecodable)
{
    ParseOutcome outcome;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Attention Explorer — see, edit and export the attention of transformer models.\n"
        "Without --dump or --export it opens the window.\n"
        "Environment: AE_STARTUP_PROBE=1 prints \"startup-ms N\" (process start to the first painted window)\n"
        "and quits; scripts/bench.sh uses it."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("session"),
                                 QStringLiteral("A session file (*.attn.json) to open; with --dump or --export, its input is used."),
                                 QStringLiteral("[session.attn.json]"));
    const Options o;
    for (const QCommandLineOption *option :
         {&o.sentence, &o.textFile, &o.preset, &o.listPresets, &o.heads, &o.dModel, &o.dK, &o.dV, &o.seed, &o.causal,
          &o.temperature, &o.noScale, &o.positional, &o.dump, &o.model, &o.sentenceB, &o.exportFile, &o.exportFormat, &o.exportView,
          &o.exportLayer, &o.exportHead, &o.exportQuery, &o.exportScale, &o.exportSize, &o.exportNoFocus})
        parser.addOption(*option);

    if (!parser.parse(arguments)) {
        outcome.exitCode = exitBadUsage;
        outcome.message = parser.errorText() + QStringLiteral("\nTry --help.");
        return outcome;
    }
    if (parser.isSet(help)) {
        outcome.options.mode = LaunchMode::Help;
        // The parser runs before any QCoreApplication exists (--dump needs no display), so Qt cannot
        // know the program's name and writes a placeholder in its place.
        outcome.options.helpText = parser.helpText().replace(QLatin1String("<executable_name>"),
                                                             QLatin1String("attention-explorer"));
        return outcome;
    }
    if (parser.isSet(version)) {
        outcome.options.mode = LaunchMode::Version;
        return outcome;
    }
    if (parser.isSet(o.listPresets)) {
        outcome.options.mode = LaunchMode::ListPresets;
        return outcome;
    }
    const QStringList positional = parser.positionalArguments();
    for (qsizetype i = 0; i < positional.size(); ++i) {
        if (i > 0 || !positional[i].endsWith(QLatin1String(io::kSessionSuffix))) {
            outcome.exitCode = exitBadUsage;
            outcome.message = QStringLiteral("unexpected argument \"%1\": only one session file (*%2) can be given. "
                                             "Try --help.").arg(positional[i], QLatin1String(io::kSessionSuffix));
            return outcome;
        }
    }

    QStringList paths = positional;
    for (const QCommandLineOption *option : {&o.textFile, &o.dump, &o.model, &o.exportFile}) {
        if (parser.isSet(*option))
            paths << parser.value(*option);
    }
    for (const QString &path : paths) {
        if (auto failure = undecodableName(path, undecodable)) {
            outcome.exitCode = failure->exitCode;
            outcome.message = failure->message;
            return outcome;
        }
    }
    if (parser.isSet(o.sentence) && parser.isSet(o.textFile)) {
        outcome.exitCode = exitBadUsage;
        outcome.message = QStringLiteral("give --sentence or --text-file, not both");
        return outcome;
    }

    LaunchOptions &options = outcome.options;
    const Preset *preset = nullptr;
    if (parser.isSet(o.preset)) {
        preset = findPreset(parser.value(o.preset));
        if (!preset) {
            outcome.exitCode = exitBadUsage;
            outcome.message = QStringLiteral("unknown preset \"%1\"; --list-presets shows the known ones")
                                  .arg(parser.value(o.preset));
            return outcome;
        }
    } else if (!parser.isSet(o.sentence) && !parser.isSet(o.textFile)) {
        preset = findPreset(defaultPresetName());
    }

    AttentionConfig config = preset ? preset->config : AttentionConfig{};
    if (auto failure = applyConfigOptions(parser, o, config)) {
        outcome.exitCode = failure->exitCode;
        outcome.message = failure->message;
        return outcome;
    }

    options.presetName = preset ? preset->name : QString();
    options.sentence = parser.isSet(o.sentence) ? parser.value(o.sentence) : (preset ? preset->sentence : QString());
    if (parser.isSet(o.textFile) && positional.isEmpty()) {
        const Expected<QString> text = readTextFile(parser.value(o.textFile));
        if (!text) {
            outcome.exitCode = exitBadInput;
            outcome.message = text.error();
            return outcome;
        }
        options.sentence = *text;
    }
    if (options.sentence.size() > Limits::maxTextLength) {
        outcome.exitCode = exitBadInput;
        outcome.message = QStringLiteral("the sentence has %1 characters; the limit is %2")
                              .arg(options.sentence.size()).arg(Limits::maxTextLength);
        return outcome;
    }
    options.input.text = options.sentence;
    options.input.tokens = tokenizeWords(options.sentence);
    if (int(options.input.tokens.size()) > Limits::maxTokens) {
        outcome.exitCode = exitBadInput;
        outcome.message = QStringLiteral("the sentence has %1 tokens; the limit is %2")
                              .arg(options.input.tokens.size()).arg(Limits::maxTokens);
        return outcome;
    }
    options.input.config = config;
    const bool keepPresetWeights = preset && preset->weights && !shapeChanged(preset->config, config);
    options.input.weights = keepPresetWeights ? *preset->weights : LearnedMatrices::glorot(config);
    if (preset)
        options.input.embeddings = preset->embeddings;

    if (!positional.isEmpty()) {
        if (auto failure = applySession(parser, o, positional.first(), options)) {
            outcome.exitCode = failure->exitCode;
            outcome.message = failure->message;
            return outcome;
        }
    }

    if (parser.isSet(o.model)) {
        // A checkpoint brings its own shape and weights: the toy model's settings do not apply.
        for (const QCommandLineOption *option : {&o.heads, &o.dModel, &o.dK, &o.dV, &o.seed, &o.causal, &o.temperature,
                                                 &o.noScale, &o.positional}) {
            if (parser.isSet(*option)) {
                outcome.exitCode = exitBadUsage;
                outcome.message = QStringLiteral("--%1 sets the toy model; a checkpoint (--model) has its own shape "
                                                 "and weights").arg(option->names().constLast());
                return outcome;
            }
        }
        options.modelPath = parser.value(o.model);
        if (options.modelPath.isEmpty() || !positional.isEmpty()) {
            outcome.exitCode = exitBadUsage;
            outcome.message = options.modelPath.isEmpty() ? QStringLiteral("--model needs a GGUF file or a checkpoint folder")
                                                          : QStringLiteral("give a session file or --model, not both");
            return outcome;
        }
    }
    if (parser.isSet(o.sentenceB)) {
        // Whether the checkpoint reads pairs is known once it is loaded; the toy model never does.
        if (!parser.isSet(o.model)) {
            outcome.exitCode = exitBadUsage;
            outcome.message = QStringLiteral("--sentence-b needs an encoder checkpoint (--model with a bert, "
                                             "distilbert or roberta folder)");
            return outcome;
        }
        options.sentenceB = parser.value(o.sentenceB);
        if (options.sentenceB.size() > Limits::maxTextLength) {
            outcome.exitCode = exitBadInput;
            outcome.message = QStringLiteral("--sentence-b has %1 characters; the limit is %2")
                                  .arg(options.sentenceB.size()).arg(Limits::maxTextLength);
            return outcome;
        }
    }

    if (parser.isSet(o.dump) && parser.isSet(o.exportFile)) {
        outcome.exitCode = exitBadUsage;
        outcome.message = QStringLiteral("give --dump or --export, not both");
        return outcome;
    }
    if (auto failure = applyExportOptions(parser, o, options.exportRequest)) {
        outcome.exitCode = failure->exitCode;
        outcome.message = failure->message;
        return outcome;
    }
    if (parser.isSet(o.exportFile))
        options.mode = LaunchMode::Export;

    if (parser.isSet(o.dump)) {
        options.mode = LaunchMode::Dump;
        options.dumpPath = parser.value(o.dump);
        if (options.dumpPath.isEmpty()) {
            outcome.exitCode = exitBadUsage;
            outcome.message = QStringLiteral("--dump needs a file name, or - for standard output");
        }
    }
    return outcome;
}

namespace {

void printOut(const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

void printError(const QString &message)
{
    const QByteArray bytes = QByteArrayLiteral("attention-explorer: ") + message.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
}

// The tokens of the command line's text (and sentence B) as the model reads them.
Expected<TokenList> modelTokens(const Model &model, const LaunchOptions &options)
{
    if (options.sentenceB.isEmpty())
        return model.tokenize(options.sentence);
    if (std::optional<TokenList> pair = model.tokenizePair(options.sentence, options.sentenceB))
        return std::move(*pair);
    if (model.info().bidirectional)
        return Error{QStringLiteral("--sentence-b: %1's tokenizer files have no sentence-pair form (no [CLS]/[SEP] or "
                                    "<s>/</s> to put around two texts)")
                         .arg(model.info().name)};
    return Error{QStringLiteral("--sentence-b needs an encoder (bert, distilbert, roberta); %1 is a %2 model, which "
                                "reads one text")
                     .arg(model.info().name, model.info().family)};
}

// The checkpoint's run of the sentence, with the next-token predictions of every position.
Expected<ResultPtr> computeWithModel(const Model &model, const LaunchOptions &options)
{
    for (const QString &warning : model.warnings())
        printError(QStringLiteral("warning: ") + warning);
    const Expected<TokenList> tokens = modelTokens(model, options);
    if (!tokens)
        return Error{tokens.error()};
    ModelRunOptions runOptions;
    runOptions.predictAllPositions = true;
    return model.createEngine(runOptions)->run({options.sentence, *tokens});
}

int writeDump(const LaunchOptions &options)
{
    ModelPtr model;
    if (!options.modelPath.isEmpty()) {
        Expected<ModelPtr> loaded = loadModel(options.modelPath);
        if (!loaded) {
            printError(loaded.error());
            return exitBadInput;
        }
        model = std::move(loaded).value();
    }
    const Expected<ResultPtr> result = model ? computeWithModel(*model, options) : computeAttention(options.input);
    if (!result) {
        printError(result.error());
        return exitBadInput;
    }
    const QByteArray json = dumpResultJson(**result, model ? model->info().maskTokenId : -1);
    // The same writer as a saved session: a full disk leaves the old file, not a cut-off one, and
    // "-", a device or a pipe is written directly.
    const QString failure = io::writeFile(options.dumpPath, json);
    if (!failure.isEmpty()) {
        printError(failure);
        return exitBadInput;
    }
    return 0;
}

} // namespace

int runHeadless(const LaunchOptions &options)
{
    switch (options.mode) {
    case LaunchMode::Help:
        printOut(options.helpText.toUtf8());
        return 0;
    case LaunchMode::Version:
        printOut(QByteArrayLiteral("attention-explorer " AE_VERSION "\n"));
        return 0;
    case LaunchMode::ListPresets: {
        QByteArray text;
        for (const Preset &preset : presets())
            text += preset.name.toUtf8().leftJustified(20) + ' ' + preset.title.toUtf8() + '\n';
        printOut(text);
        return 0;
    }
    case LaunchMode::Dump:
        return writeDump(options);
    case LaunchMode::Export:
        return runExport(options);
    case LaunchMode::Window:
        break;
    }
    return 0;
}

int runExport(const LaunchOptions &options)
{
    // An export never shows a window: draw off screen, so that it works with no display at all
    // (over ssh, in CI) and looks the same on every machine.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    int argc = 1;
    char name[] = "attention-explorer";
    char *argv[] = {name, nullptr};
    QApplication app(argc, argv);
    ui::ExportInput input;
    input.state = {{options.input.config, options.input.weights, options.input.embeddings}, options.sentence,
                   options.presetName, options.sentenceB};
    if (!options.modelPath.isEmpty()) {
        const Expected<ModelPtr> model = loadModel(options.modelPath);
        if (!model) {
            printError(model.error());
            return exitBadInput;
        }
        if (const Expected<TokenList> tokens = modelTokens(**model, options); !tokens) {
            printError(tokens.error());
            return exitBadInput;
        }
        input.model = *model;
    }
    const ui::ExportOutcome outcome = ui::HeadlessExporter::run(options.exportRequest, input);
    if (outcome.exitCode != 0)
        printError(outcome.message);
    return outcome.exitCode;
}

} // namespace attn::app
