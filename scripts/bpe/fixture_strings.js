// The strings that make_gpt2_fixture.js encodes with the reference tokenizer. Hand-written cases
// by topic, then a few systematic families (words × separators, case variants of contractions,
// digit groups), so that every rule of GPT-2's pre-tokenizer pattern and every kind of Unicode
// text the app may be given is covered. Order is kept in the fixture; add new cases at the end of
// a topic. Escapes are written out so that invisible characters stay visible here.
'use strict';

const handWritten = [
  // The known answers of /work/shared/gpt2-tokenizer/README.md.
  'Hello world', 'hello world', ' Hello World', 'The cat sat on the mat.',
  'He saw the cat with binoculars', "I'll don't you're", 'naïve café 東京 🙂',

  // Empty and tiny.
  '', 'a', 'A', ' ', '.', '0', "'", '"',

  // Prose.
  'The quick brown fox jumps over the lazy dog.',
  'Attention is all you need.',
  'Transformers use self-attention to weigh every token against every other token.',
  'It was the best of times, it was the worst of times.',
  'To be, or not to be: that is the question.',
  'Dr. Smith arrived at 3:45 p.m. on Tuesday, March 5th, 2024.',
  'She said, "I can\'t believe it!" and left.',
  'GPT-2 is a large transformer-based language model with 1.5 billion parameters.',
  'The Eiffel Tower is in Paris, France.',
  'When Mary and John went to the store, John gave a drink to Mary.',
  'Once upon a time, in a land far, far away...',
  'e.g. i.e. etc. vs. Mr. Mrs. Ms.',
  'Hello, World! How are you today?',
  'HELLO WORLD', 'hElLo WoRlD', 'Hello\nWorld', 'Hello\tWorld',

  // Contractions: case-sensitive, ASCII apostrophe only.
  "it's", "It's", "IT'S", "I'm", "I'M", "you've", "YOU'VE", "they'd", "THEY'D", "we'll", "WE'LL",
  "we're", "WE'RE", "don't", "DON'T", "can't", "won't", "shouldn't've", "y'all'd've",
  "'s", "'S", "'t", "'re", "'ve", "'m", "'ll", "'d", "'", "''", "'''", "'x", "'sup", "'llama",
  "rock'n'roll", "o'clock", "O'Neil", "the '90s", "James's", "students'", "'quoted'",
  "don’t", "it’s", "I‘m", // typographic apostrophes are punctuation, not contractions
  " 's", "  's", "x 's", "?'s", "a''s", "'s's", "'re're", "ll'll", "''ll", "'\u0073",

  // Whitespace: runs, the last space joining the next word, trailing and leading runs.
  'a  b', 'a   b', 'a    b', 'a \tb', 'a\t b', 'a\t\tb', 'a\n\nb', 'a \n b', 'a\n \nb',
  'a\r\nb', 'a\r\n\r\nb', 'hello ', 'hello  ', 'hello   ', 'hello\n', 'hello\n\n', 'hello \n',
  ' hello', '  hello', '   hello', '\nhello', '\thello', ' \thello', '\t hello',
  ' ', '  ', '   ', '\n', '\n\n', '\t', '\r', '\r\n', ' \n', '\n ', ' \n ', '\v', '\f', 'a\vb', 'a\fb',
  '1  2', '1 \n2', '!  ?', '. .', 'end.  Next', 'word\n\n\nword', ' \u00a0a', '\u00a0 a',
  'a\u00a0b', 'a \u00a0b', 'a\u00a0\u00a0b', '\u00a0', '\u3000', 'a\u3000b', '東京\u3000大阪',
  'a\u2028b', 'a\u2029b', 'a\u2003b', 'a\u2009b', 'a\u202fb', 'a\u205fb', 'a\u1680b',
  'a\u200bb', 'a\u200cb', 'a\u200db', 'a\u2060b', '\u200b', 'a \u200bb', // zero-width: not space
  // U+0085 NEXT LINE is White_Space (Python's \s) but not JavaScript's \s; U+FEFF the reverse.
  'a\u0085b', 'a \u0085b', 'x\u0085!', '\u0085', 'a\ufeffb', 'x\ufeff!', '\ufeffHello', ' \ufeff',
  "x\ufeff's", "\u0085's", " \u0085's", "\ufeff\ufeff's",
  // Information separators: whitespace for Python's str.isspace, but not for `regex`'s \s.
  'a\u001cb', 'a\u001fb', 'a \u001eb',

  // Numbers: every \p{N}, not just ASCII digits.
  '123', '1234567890', ' 42', '3.14159', '1,000,000', '2024-01-01', '+1 (555) 123-4567',
  '0x1F600', '1e-9', '$100', '50%', '#1', 'No. 7', 'v1.2.3', 'abc123def', '123abc', ' 123 456',
  '٣٤٥', '۱۲۳', '१२३', '一二三', '½', '¾ cup', 'Ⅻ', 'Ⅻ century', 'x²', 'H₂O', '①②③', '𝟘𝟙𝟚',
  '1st 2nd 3rd 4th',

  // Punctuation runs and symbols.
  '!!!', '...', '?!?!', '---', '—', '–', 'a...b', ' ...', '(hello)', '[1, 2, 3]',
  '{"key": "value"}', '"a","b"', '["x","y","z"]', "'x','y'", "['a','b']", '[[1],[2]]', '[],[]',
  '{},"a"', '),"', '."," ', 'foo({}),"bar"', '<|endoftext|>', 'a<|endoftext|>b',
  'http://example.com/path?q=1&r=2', 'user@example.com', '#hashtag @mention', 'C++ && x->y',
  'a=b+c*d/e', '~`!@#$%^&*()_+-={}|[]\\:";\'<>?,./', '«quoted»', '“smart quotes”', '¿Qué?', '¡Hola!',
  '→ ← ↑ ↓', '∑∫√∞≠≤≥', '©®™', '€£¥₹', '°C', '§ 3', '•', '…', '***bold***', '__init__', '$$x^2$$',
  ':-) ;-( :D', '<3', '>>>', '<<<', '|||', '\\n', '\\\\', '/* */', '// comment',

  // Letters of many scripts; combining marks are \p{M}, which is not \p{L}.
  '東京', '你好，世界', '日本語のテキストです。', 'カタカナ', 'ひらがな', '안녕하세요', '한국어 텍스트',
  'สวัสดี', 'ภาษาไทย', 'नमस्ते', 'हिन्दी भाषा', 'বাংলা', 'தமிழ்', 'ਪੰਜਾਬੀ',
  'مرحبا بالعالم', 'العربية', 'שלום עולם', 'עברית', 'Ελληνικά', 'Привет мир', 'Українська',
  'ሰላም', 'Հայերեն', 'ქართული', 'ᏣᎳᎩ', 'བོད་ཡིག', 'ꦗꦮ', 'ᠮᠣᠩᠭᠣᠯ', 'ᚠᚢᚦ',
  'é', 'e\u0301', 'café', 'cafe\u0301', 'naïve', 'nai\u0308ve', 'Straße', 'STRASSE', 'ﬁnance',
  'İstanbul', 'ıi', 'ǅemal', 'ʰello', 'ー々〆', 'ＡＢＣ１２３', 'Ｈｅｌｌｏ，ｗｏｒｌｄ！', '가',
  'Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324\u031e\u0349\u035a\u032f\u031e\u0320\u034dA\u0334\u0335\u031c\u0330\u0354\u036b\u0357\u0362L\u0320\u0368\u0367\u0369\u0358G\u0334\u033b\u0348\u034d\u0354\u0339\u0311\u0357\u030e\u0305\u035b\u0301O\u0335\u0339\u033b\u031d\u0333\u0342\u030c\u030c\u0358',
  'a\u0300\u0301\u0302\u0303b', ' \u0301', '\u0301a', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '𝐁𝐨𝐥𝐝', '𝒮𝒸𝓇𝒾𝓅𝓉',

  // Right-to-left text and bidi controls.
  'Hello שלום world', 'abc \u200fdef\u200e ghi', '\u202eevil\u202c', 'العدد 123 هنا', 'עם 5 ספרים',
  '\u2067x\u2069',

  // Emoji: modifiers, joiners, flags, keycaps, variation selectors.
  '😀', '🙂🙃', ' 😀', 'a😀b', '😀😀😀', '👍', '👍🏽', '👍🏿 ok', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🧑🏽‍💻',
  '❤️', '❤', '☺️', '🇯🇵', '🇺🇸🇬🇧', '1️⃣', '#️⃣', '🫠', '🦀 Rust', 'I ❤️ NY', 'emoji😀in😀text',
  '👩🏻‍🤝‍👨🏿', '🏴󠁧󠁢󠁳󠁣󠁴󠁿',

  // Control characters, the replacement character, private use, noncharacters.
  '\u0000', 'a\u0000b', '\u0007', '\u001b[31mred\u001b[0m', '\u007f', '\u0080', '\u00ad', 'soft\u00adhyphen',
  '\ufffd', 'a\ufffdb', '\ue000', '\uffff', '\u{10ffff}',

  // Code, markup and data.
  'def foo(x):\n    return x * 2\n', 'for (int i = 0; i < n; ++i) {\n\tsum += a[i];\n}',
  'if x == 1:\n\tprint("one")', '#include <stdio.h>', 'SELECT * FROM users WHERE id = 42;',
  '# Title\n\n- item one\n- item two\n', '<div class="a">Hi</div>', '{"a": [1, 2.5, null, true]}',
  'key: value\nlist:\n  - a\n  - b', 'x <- c(1, 2, 3)', '$ echo "hello" | grep h', 'C:\\Users\\me\\file.txt',
  'a,b,c\n1,2,3\n', '    indented', '\t\tdouble tab', 'trailing spaces   \n', 'line1\r\nline2\r\n',

  // Long words and runs (BPE on long inputs).
  'supercalifragilisticexpialidocious', 'antidisestablishmentarianism',
  'pneumonoultramicroscopicsilicovolcanoconiosis', 'Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch',
  'a'.repeat(200), 'ab'.repeat(150), 'abc'.repeat(100), ' '.repeat(100), '\n'.repeat(50), '!'.repeat(120),
  '1'.repeat(100), '😀'.repeat(40), '東'.repeat(80), 'x'.repeat(50) + ' ' + 'y'.repeat(50),
  'the '.repeat(60), ' ' .repeat(7) + 'x', 'ThisIsAVeryLongCamelCaseIdentifierThatKeepsGoingAndGoing',
  'snake_case_identifier_that_is_long', 'https://www.example.com/a/very/long/path/with/many/segments?and=query&params=1',

  // Letters assigned after Unicode 14 (Kawi U+11F04, CJK Extension H U+31350): see the generator.
  '\u{11F04}\u{11F05}', 'a\u{31350}b', ' \u{31350}', "\u{31350}'s", "\u{11F04}'s", "x \u{31350}'ll",

  // Lone surrogates: JavaScript's TextEncoder writes U+FFFD for them.
  'a\ud800b', '\udc00', 'x \ud83d',
];

// Systematic families.
const words = ['hello', 'World', "it's", '42', '東京', '😀', 'über', '...'];
const separators = ['', ' ', '  ', '\t', '\n', ' \n', '\n ', '   ', '\u00a0', '\u3000', ' \t '];
const families = [];
for (const separator of separators)
  for (let i = 0; i + 1 < words.length; i += 2)
    families.push(words[i] + separator + words[i + 1]);
for (const word of ['s', 't', 're', 've', 'm', 'll', 'd'])
  for (const variant of [word, word.toUpperCase(), word[0].toUpperCase() + word.slice(1)])
    families.push('He' + "'" + variant + ' here');
for (const number of ['7', '77', '777', '7777', '7,777', '7.77', '-7', '7th'])
  families.push('costs ' + number + ' dollars');

module.exports = [...handWritten, ...families];
