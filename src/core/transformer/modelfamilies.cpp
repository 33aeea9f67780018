#include "model.h"

#include "bertmodel.h"
#include "gpt2model.h"
#include "huggingfacecache.h"
#include "llamamodel.h"
#include "core/io/filebytes.h"
#include "core/io/jsonvalue.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <functional>

namespace attn {
namespace {

// One entry per family: config.json's model_type and the loader that reads such a checkpoint.
struct Family
{
    const char *modelType;
    std::function<Expected<ModelPtr>(const QString &path)> load;
};

Expected<ModelPtr> loadLlamaFamily(const QString &path)
{
    Expected<LlamaModelPtr> model = LlamaModel::load(path);
    if (!model)
        return Error{model.error()};
    return ModelPtr(*model);
}

Expected<ModelPtr> loadBertFamily(const QString &path)
{
    Expected<BertModelPtr> model = BertModel::load(path);
    if (!model)
        return Error{model.error()};
    return ModelPtr(*model);
}

const std::vector<Family> &families()
{
    static const std::vector<Family> all = {
        {"gpt2", [](const QString &path) -> Expected<ModelPtr> {
             Expected<Gpt2ModelPtr> model = Gpt2Model::load(path);
             if (!model)
                 return Error{model.error()};
             return ModelPtr(*model);
         }},
        // One generic decoder for the llama family (llamaconfig.h says what differs).
        {"llama", loadLlamaFamily},
        {"mistral", loadLlamaFamily},
        {"qwen2", loadLlamaFamily},
        {"qwen3", loadLlamaFamily},
        {"gemma", loadLlamaFamily},
        {"gemma2", loadLlamaFamily},
        {"gemma3_text", loadLlamaFamily},
        {"gemma3", loadLlamaFamily}, // multimodal: its text decoder only
        // One bidirectional encoder for BERT and its descendants (bertconfig.h says what differs).
        {"bert", loadBertFamily},
        {"distilbert", loadBertFamily},
        {"roberta", loadBertFamily},
    };
    return all;
}

// config.json's model_type (or, without one, the family of its first "architectures" entry), when the
// folder has a readable config.json that names one. Anything
// else (no file, bad JSON, no model_type) is left to the family loader, whose messages say what
// is wrong with its files; GPT-2 checkpoints from before model_type existed load as gpt2.
QString declaredModelType(const QString &path)
{
    const QFileInfo info(path);
    const QDir folder = info.isDir() ? QDir(info.absoluteFilePath()) : info.absoluteDir();
    const QString config = folder.absoluteFilePath(QStringLiteral("config.json"));
    if (!QFileInfo(config).isFile())
        return {};
    constexpr qint64 maxConfigBytes = 4 * 1024 * 1024; // as the family readers allow
    const Expected<QByteArray> bytes = io::readFileBytes(config, maxConfigBytes);
    if (!bytes)
        return {};
    const Expected<io::JsonValue> document = io::parseJson(*bytes, config);
    if (!document || !document->isObject())
        return {};
    const io::JsonValue *type = document->find(u"model_type");
    if (type)
        return type->isString() ? type->string() : QString();
    // Some exports name only the architecture.
    const io::JsonValue *architectures = document->find(u"architectures");
    if (architectures && architectures->isArray() && architectures->size() > 0 && architectures->items().front().isString()) {
        const QString &architecture = architectures->items().front().string();
        const QString llama = llamaModelTypeOfArchitecture(architecture);
        return llama.isEmpty() ? bertModelTypeOfArchitecture(architecture) : llama;
    }
    return {};
}

} // namespace

QStringList supportedModelFamilies()
{
    QStringList names;
    for (const Family &family : families())
        names << QLatin1String(family.modelType);
    return names;
}

namespace {

// A GGUF file: named *.gguf, or any file that starts with the magic "GGUF" (Ollama's blobs have no
// extension). Folders are checkpoints.
bool isGgufFile(const QString &path)
{
    const QFileInfo info(path);
    if (!info.isFile())
        return false;
    if (info.suffix().compare(QLatin1String("gguf"), Qt::CaseInsensitive) == 0)
        return true;
    QFile file(path);
    return file.open(QIODevice::ReadOnly) && file.read(4) == QByteArrayLiteral("GGUF");
}

// LM Studio and others keep a model as a folder of .gguf files without config.json: the folder
// stands for its only one. Empty when the folder is a checkpoint or holds no GGUF file.
Expected<QString> ggufInFolder(const QString &path)
{
    const QFileInfo info(path);
    if (!info.isDir() || QDir(path).exists(QStringLiteral("config.json")))
        return QString();
    const QStringList files = QDir(path).entryList({QStringLiteral("*.gguf")}, QDir::Files, QDir::Name);
    if (files.size() > 1)
        return Error{QDir::toNativeSeparators(path) % QStringLiteral(" has no config.json but %1 GGUF files (%2); open one of them")
                                                          .arg(files.size()).arg(files.mid(0, 4).join(QStringLiteral(", ")))};
    return files.isEmpty() ? QString() : QDir(path).absoluteFilePath(files.front());
}

} // namespace

Expected<ModelPtr> loadModel(const QString &given)
{
    const Expected<QString> onlyGguf = ggufInFolder(given);
    if (!onlyGguf)
        return Error{onlyGguf.error()};
    if (!onlyGguf->isEmpty() || isGgufFile(given)) {
        Expected<LlamaModelPtr> model = LlamaModel::loadGguf(onlyGguf->isEmpty() ? given : *onlyGguf);
        if (!model)
            return Error{model.error()};
        return ModelPtr(*model);
    }
    const Expected<QString> resolved = resolveModelFolder(given); // a hub cache folder or model id → its snapshot
    if (!resolved)
        return Error{resolved.error()};
    const QString &path = *resolved;
    const QString declared = declaredModelType(path);
    const QString wanted = declared.isEmpty() ? QStringLiteral("gpt2") : declared;
    for (const Family &family : families())
        if (wanted == QLatin1String(family.modelType))
            return family.load(path);
    return Error{QDir::toNativeSeparators(path)
                 % QStringLiteral(": config.json says model_type \"%1\", which this version does not read; supported: %2")
                       .arg(declared, supportedModelFamilies().join(QStringLiteral(", ")))};
}

} // namespace attn
