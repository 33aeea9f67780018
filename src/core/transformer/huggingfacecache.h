#pragma once

#include "core/expected.h"

#include <QString>

namespace attn {

// Where `--model` and Open checkpoint find a model that Hugging Face's tools downloaded. The hub
// cache keeps each repository as <hub>/models--<org>--<name>/snapshots/<commit>/ (files linked to
// blobs/), with refs/main naming the commit. Accepted:
//   a folder with config.json                     as it is;
//   a cache repository folder (models--org--name) its refs/main snapshot, else its only one;
//   a model id ("HuggingFaceTB/SmolLM2-135M")     that repository in the hub cache: $HF_HUB_CACHE,
//                                                 else $HF_HOME/hub, else ~/.cache/huggingface/hub.
// Anything else is returned unchanged, for the loader to name what is missing.
// Fails with a message when an id or cache folder is found but holds no usable snapshot.
Expected<QString> resolveModelFolder(const QString &path);

// A model folder's name as a person knows it: "org/name" for a hub cache snapshot (whose own name
// is a commit id), else the folder's name.
QString modelDisplayName(const QString &folder);

// The hub cache folder as above (it may not exist).
QString huggingFaceHubCache();

} // namespace attn
