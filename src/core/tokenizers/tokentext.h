#pragma once

#include <QByteArrayView>
#include <QString>

namespace attn::bpe {

enum class Whitespace { Keep, MakeVisible };

// Readable text for the bytes of one token. Complete, valid UTF-8 characters are decoded; every
// other byte (a lone lead or continuation byte, an overlong form, an encoded surrogate) reads
// "<0xE2>". With MakeVisible a space reads '·', a newline '↵', a tab '→' and any other control
// character (U+0000–U+001F, U+007F) its byte as "<0x0D>".
QString readableTokenText(QByteArrayView bytes, Whitespace whitespace);

// A token or line quoted for an error message: at most 40 characters, control characters escaped,
// so that a hostile file cannot flood or garble the message.
QString quotedForMessage(QStringView text);

} // namespace attn::bpe
