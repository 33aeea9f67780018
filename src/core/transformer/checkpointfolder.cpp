#include "checkpointfolder.h"

#include <QDir>
#include <QFileInfo>
#include <QStringList>

namespace attn {
namespace {

bool isPickleName(const QString &fileName)
{
    static const QStringList suffixes = {QStringLiteral("bin"), QStringLiteral("pt"), QStringLiteral("pth"),
                                         QStringLiteral("ckpt"), QStringLiteral("pkl"), QStringLiteral("pickle")};
    return suffixes.contains(QFileInfo(fileName).suffix(), Qt::CaseInsensitive);
}

QString shown(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

} // namespace

QString CheckpointFolder::pickleRefusal(const QString &pickleFile)
{
    const QFileInfo info(pickleFile);
    const QString folder = shown(info.absolutePath());
    const QString file = shown(info.absoluteFilePath());
    return file
        % QStringLiteral(" is a PyTorch pickle checkpoint, and pickle files are not loaded: unpickling runs whatever "
                         "code the file carries, so opening an untrusted .bin/.pt/.ckpt can take over this computer. "
                         "Convert it once to safetensors (plain tensors, no code), with Python, for a file you trust:\n"
                         "  python -c \"from transformers import GPT2LMHeadModel; "
                         "GPT2LMHeadModel.from_pretrained('")
        % folder
        % QStringLiteral("').save_pretrained('") % folder
        % QStringLiteral("', safe_serialization=True)\"\n"
                         "or with torch and safetensors only:\n"
                         "  python -c \"import torch; from safetensors.torch import save_file; "
                         "sd = torch.load('")
        % file
        % QStringLiteral("', map_location='cpu', weights_only=True); "
                         "save_file({k: v.contiguous().clone() for k, v in sd.items()}, '")
        % folder
        % QStringLiteral("/model.safetensors')\"\n"
                         "then open the folder again (it also needs config.json, vocab.json and merges.txt).");
}

Expected<CheckpointFolder> CheckpointFolder::locate(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return Error{shown(path) % QStringLiteral(" does not exist")};

    CheckpointFolder result;
    QDir dir;
    if (info.isDir()) {
        dir = QDir(info.absoluteFilePath());
    } else {
        if (isPickleName(info.fileName()))
            return Error{pickleRefusal(info.absoluteFilePath())};
        dir = info.absoluteDir();
        if (info.suffix().compare(QLatin1String("safetensors"), Qt::CaseInsensitive) == 0)
            result.weights = info.absoluteFilePath();
        else if (info.fileName() != QLatin1String("config.json"))
            return Error{shown(path)
                         % QStringLiteral(" is not a checkpoint: choose a folder with config.json, model.safetensors, "
                                          "vocab.json and merges.txt, or its .safetensors file")};
    }
    result.folder = dir.absolutePath();

    if (result.weights.isEmpty()) {
        const QStringList safetensors = dir.entryList({QStringLiteral("*.safetensors")}, QDir::Files, QDir::Name);
        if (dir.exists(QStringLiteral("model.safetensors"))) {
            result.weights = dir.absoluteFilePath(QStringLiteral("model.safetensors"));
        } else if (dir.exists(QStringLiteral("model.safetensors.index.json"))) {
            return Error{shown(result.folder)
                         % QStringLiteral(" holds a checkpoint split into several .safetensors shards; only a single "
                                          "model.safetensors is supported")};
        } else if (safetensors.size() == 1) {
            result.weights = dir.absoluteFilePath(safetensors.front());
        } else if (safetensors.size() > 1) {
            return Error{shown(result.folder) % QStringLiteral(" has several .safetensors files (%1) and no model.safetensors; "
                                                               "choose one of them")
                                                    .arg(safetensors.join(QStringLiteral(", ")))};
        } else {
            const QStringList files = dir.entryList(QDir::Files, QDir::Name);
            for (const QString &file : files)
                if (isPickleName(file))
                    return Error{pickleRefusal(dir.absoluteFilePath(file))};
            if (files.contains(QStringLiteral("tf_model.h5")) || files.contains(QStringLiteral("flax_model.msgpack")))
                return Error{shown(result.folder)
                             % QStringLiteral(" has only TensorFlow or Flax weights; model.safetensors is needed")};
            return Error{shown(result.folder) % QStringLiteral(" has no model.safetensors")};
        }
    }

    struct Needed
    {
        const char *name;
        QString *target;
        const char *why;
    };
    const Needed needed[] = {
        {"config.json", &result.config, "the model's shape"},
        {"vocab.json", &result.vocab, "the tokenizer's vocabulary"},
        {"merges.txt", &result.merges, "the tokenizer's merge rules"},
    };
    for (const Needed &file : needed) {
        const QString name = QLatin1String(file.name);
        if (!dir.exists(name))
            return Error{shown(result.folder)
                         % QStringLiteral(" has no %1 (%2), which Hugging Face ships beside model.safetensors")
                               .arg(name, QLatin1String(file.why))};
        *file.target = dir.absoluteFilePath(name);
    }
    return result;
}

} // namespace attn
