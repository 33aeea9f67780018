#include "bytelevel.h"

#include <array>

namespace attn::bpe {

namespace {

// Bytes that are printable Latin-1 keep their own code point: '!'..'~', '¡'..'¬', '®'..'ÿ'.
constexpr bool keepsOwnCodePoint(int byte)
{
    return (byte >= 0x21 && byte <= 0x7E) || (byte >= 0xA1 && byte <= 0xAC) || (byte >= 0xAE && byte <= 0xFF);
}

struct Table
{
    std::array<char16_t, 256> byteToChar{};
    std::array<qint16, 0x144> charToByte{}; // every character of the table is below U+0144
};

constexpr Table makeTable()
{
    Table table;
    for (auto &entry : table.charToByte)
        entry = -1;
    int moved = 0;
    for (int byte = 0; byte < 256; ++byte) {
        const int c = keepsOwnCodePoint(byte) ? byte : 0x100 + moved++;
        table.byteToChar[byte] = char16_t(c);
        table.charToByte[c] = qint16(byte);
    }
    return table;
}

constexpr Table table = makeTable();
static_assert(table.byteToChar[0x20] == u'\u0120', "space is 'Ġ' in GPT-2's vocabulary");
static_assert(table.byteToChar[0xAD] == u'\u0143', "the last moved byte (soft hyphen) is U+0143");

} // namespace

char16_t byteToChar(quint8 byte)
{
    return table.byteToChar[byte];
}

int charToByte(char32_t c)
{
    return c < table.charToByte.size() ? table.charToByte[c] : -1;
}

} // namespace attn::bpe
