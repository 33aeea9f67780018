#pragma once

#include <QByteArray>
#include <QList>
#include <QStringList>

namespace attn::app {

// The arguments as the program received them. Qt keeps file names as QString, which cannot hold a
// name whose bytes are not UTF-8 (byte 0xFF becomes U+FFFD, and that name does not exist), so the
// raw bytes of every argument that does not survive decoding are kept too: a message can then show
// the name as the file system has it instead of saying "no such file".
struct ProgramArguments
{
    QStringList decoded;             // QFile::decodeName of each argv entry, the program name first
    QList<QByteArray> undecodable;   // argv entries for which QFile::encodeName(decoded) differs
};

ProgramArguments decodeArguments(int argc, const char *const *argv);

// The bytes as text, with every byte that is not part of valid UTF-8 written as \xFF.
QString escapedName(const QByteArray &raw);

} // namespace attn::app
