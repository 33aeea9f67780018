#pragma once

#include <QtGlobal>

namespace attn::bpe {

// GPT-2's reversible byte↔character table (bytes_to_unicode in OpenAI's encoder.py). Its
// vocabulary spells every token as a string of these characters, one per byte, so that no token
// contains a raw space or control character: printable Latin-1 bytes stand for themselves and the
// other 68 bytes are moved, in order, to U+0100…U+0143 (the space 0x20 becomes 'Ġ' U+0120).

// The character that stands for `byte`.
char16_t byteToChar(quint8 byte);
// The byte that `c` stands for, or -1 if `c` is not one of the 256 characters.
int charToByte(char32_t c);

} // namespace attn::bpe
