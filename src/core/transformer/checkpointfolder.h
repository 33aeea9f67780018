#pragma once

#include "core/expected.h"

#include <QString>

namespace attn {

// Where the files of a checkpoint are, as Hugging Face lays them out:
//   config.json, model.safetensors, vocab.json, merges.txt
// Pickle checkpoints (pytorch_model.bin, *.pt, *.pth, *.ckpt) are refused without being opened:
// unpickling runs code stored in the file. The message says how to convert them.
struct CheckpointFolder
{
    QString folder;
    QString config;
    QString weights; // the .safetensors file
    QString vocab;
    QString merges;

    // `path` is the folder, or a file in it (model.safetensors, config.json): what a person picks
    // in a file dialog. Only checks that the files exist; nothing is read.
    static Expected<CheckpointFolder> locate(const QString &path);

    // Why `pickleFile` is refused and the commands that convert it.
    static QString pickleRefusal(const QString &pickleFile);
};

} // namespace attn
