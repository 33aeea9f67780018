#!/usr/bin/env node
// Writes two small BERT-style WordPiece tokenizers and what an independent implementation makes
// of hundreds of strings with them, for tst_wordpiece:
//   tests/data/tokenizers/wordpiece-uncased/{vocab.txt, tokenizer.json, tokenizer_config.json}
//   tests/data/tokenizers/wordpiece-cased/{…}
//   tests/data/tokenizers/wordpiece-{uncased,cased}_reference.json
// The vocabularies are built here (no registry package ships bert-base-uncased's vocab.txt by
// itself): BERT's layout ([PAD] 0, [unused…], [UNK] 100, [CLS] 101, [SEP] 102, [MASK] 103), then
// single characters (ASCII, accented Latin, Greek, Cyrillic, kana, a few hundred CJK ideographs)
// and their "##" forms, digits and numbers, common English words, syllables and suffixes as "##"
// pieces: about 3,000 entries each. "uncased" is lower-case with strip_accents null (so: stripped)
// and a TemplateProcessing post-processor; "cased" keeps case and accents and has BertProcessing,
// so both post-processor forms are read. tokenizer.json and vocab.txt hold the same vocabulary,
// so the test can check that both ways in give the reference ids.
//
// The reference is @lenml/tokenizers (a JavaScript port of HF tokenizers from transformers.js),
// pinned, reading the tokenizer.json written here. Each case has "ids" (with [CLS] … [SEP]),
// "ids_without_special", "decoded", and for pairs "pair", "ids" and "type_ids".
//
// Run from the repository root (installs the pinned reference into a temporary folder):
//   node scripts/bpe/make_wordpiece_fixture.js
//
// Where @lenml/tokenizers is not HF's tokenizers (Rust, what transformers' BertTokenizerFast
// runs), found by reading both:
//  1. Its BertNormalizer pads CJK ideographs with spaces one UTF-16 unit at a time, so an
//     ideograph outside the BMP (Extension B and later, U+20000…) is never padded: "𠀀𠀁" stays one
//     word here but is two for HF.
//  2. It lower-cases the whole text with String.prototype.toLowerCase, which writes a final
//     sigma: "ΟΔΟΣ" → "οδος" here, "οδοσ" for HF (Rust's char::to_lowercase, one character at a
//     time, has no final form).
//  3. Its control-character test is Cc, Cf, Co, Cs; HF's is_control is Rust's char::is_other,
//     which also takes unassigned code points (Cn): an unassigned character is dropped by HF and
//     kept (usually as [UNK]) here.
//  4. HF's CJK ranges (Rust) start Extension E at U+2B920; BERT's Python and this library at
//     U+2B820. U+2B820…U+2B91F are padded here and in Python, not by HF's Rust normalizer.
// For HF's behaviour the strings are given to the library a second time with those fixed in the
// input (astral ideographs of HF's ranges put between spaces, Σ written σ for the uncased
// tokenizer, unassigned code points taken out, and U+2B820…U+2B91F kept from padding by
// nothing — no string uses them). Every case keeps the fixed ids in "ids"; where the library gives
// other ids for the string as written they are kept in "lenml_ids", with "why". No string is
// dropped. Unassigned means: in Node's Unicode (15.1); strings use no character assigned after
// Unicode 14, the version of our Qt.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const referencePackage = '@lenml/tokenizers';
const referenceVersion = '3.7.2';

const installDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wordpiece-fixture-'));
execFileSync('npm', ['install', '--silent', '--no-save', '--prefix', installDir,
                     `${referencePackage}@${referenceVersion}`], { stdio: 'inherit' });
const { TokenizerLoader } = require(path.join(installDir, 'node_modules', referencePackage));
const installed = require(path.join(installDir, 'node_modules', referencePackage, 'package.json')).version;
if (installed !== referenceVersion)
  throw new Error(`expected ${referencePackage} ${referenceVersion}, found ${installed}`);

const outDir = path.join('tests', 'data', 'tokenizers');

// ---------------------------------------------------------------------------------------------
// Vocabularies.

const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i));

const words = (`the of and to in a is that for it as was with be by on not he i this are or his from at
which but have an they you were her she there been one all we their has would when if so no will
more can out up who said what them some could him into its then two time only my do than first
other new also very after now over just like most made where people many well because did such
here those even back any good much before through way our years still same should these think
how see day world make life work great between under long never last while might us both going
part house being year off down place another again small found old every last right against
without word know thing attention head layer token model language transformer query key value
weight matrix softmax vector embedding position sentence mask cat dog sat mat bank river money
paris france tower city country king queen man woman boy girl child water fire earth air book
read write play run walk talk open close start stop give take come go get set put keep let help
show try call ask turn move live believe hold bring happen stand lose pay meet include continue
learn change lead understand watch follow create speak spend grow offer remember love consider
appear buy wait serve die send expect build stay fall cut reach kill remain suggest raise pass
sell require report decide pull quick brown fox jumps lazy hello goodbye yes thanks please sorry
school student teacher science music art history computer data number letter night morning
evening today tomorrow yesterday week month always sometimes often red green blue black white
un able happy sad big little large short high low young early late hard easy real best better
free sure whole clear full special public human local certain economic political social national
international united states john mary london new york tokyo berlin café naive resume apple
don can won isn wasn aren weren didn doesn haven hasn couldn wouldn shouldn s t ll re ve d m`)
  .split(/\s+/).filter(Boolean);
const suffixes = ['s', 'es', 'ed', 'ing', 'ly', 'er', 'ers', 'est', 'tion', 'tions', 'ment', 'ments', 'ness', 'able',
  'ible', 'ize', 'ized', 'al', 'ful', 'less', 'ity', 'ous', 'ive', 'ism', 'ist', 'ists', 'ance', 'ence', 'ship',
  'hood', 'ward', 'wise', 'like', 'y', 'ies', 'ier', 'iest', 'en', 'an', 'ian', 'ic', 'ical', 'ate', 'ated', 'ating',
  'ation', 'former', 'formers', 'head', 'heads', 'mask', 'ed', 'word', 'piece', 'pieces', 'ke', 'n', 'nt', 'izer', 'izers'];
const consonants = 'bcdfghjklmnpqrstvwxyz'.split('');
const vowels = 'aeiou'.split('');
const syllables = [];
for (const c of consonants)
  for (const v of vowels) {
    syllables.push(c + v);
    syllables.push(v + c);
  }
for (const c of ['b', 'c', 'd', 'g', 'l', 'm', 'n', 'p', 'r', 's', 't'])
  for (const v of vowels)
    for (const e of ['n', 'r', 's', 't', 'l'])
      syllables.push(c + v + e);

const asciiPrintable = range(33, 126);
const accented = range(0xC0, 0xFF).filter(c => c !== '\u00D7' && c !== '\u00F7')
  .concat(['ā', 'ē', 'ī', 'ō', 'ū', 'ś', 'ł', 'ń', 'ž', 'š', 'č', 'ő', 'ű', 'ğ', 'ş', 'ı']);
const greek = range(0x3B1, 0x3C9).concat(range(0x391, 0x3A9).filter(c => c !== '\u03A2'));
const cyrillic = range(0x430, 0x44F).concat(range(0x410, 0x42F));
const kana = range(0x3041, 0x3093).concat(range(0x30A1, 0x30F3));
const cjkCommon = Array.from('東京日本中国人我你好大学生的是不了在有这个上们来到时地为子中说年出会可也就要下以'
  + '天心手水火山木金土月星雨風花鳥魚語文字書愛家道理知行明白時間');
const cjk = [...new Set(cjkCommon.concat(range(0x4E00, 0x4E00 + 199)))];
const symbols = ['“', '”', '‘', '’', '—', '–', '…', '¿', '¡', '«', '»', '€', '£', '¥', '°', '±', '§', '¶', '·', '•',
  '→', '←', '×', '÷', '©', '®', '™', '。', '、', '「', '」', '！', '？', '，'];

function buildVocab(cased) {
  const vocab = ['[PAD]'];
  for (let i = 0; i < 99; ++i)
    vocab.push(`[unused${i}]`);
  vocab.push('[UNK]', '[CLS]', '[SEP]', '[MASK]');
  const add = token => vocab.push(token);
  let chars = asciiPrintable.concat(symbols, greek, cyrillic, kana, cjk);
  chars = chars.concat(accented);
  if (!cased)
    chars = [...new Set(chars.map(c => c.toLowerCase()).filter(c => [...c].length === 1
      && c.normalize('NFD').replace(/\p{Mn}/gu, '') === c))];
  chars = [...new Set(chars)];
  chars.forEach(add);
  chars.filter(c => /[\p{L}\p{N}]/u.test(c) && !/[\p{Script=Han}]/u.test(c)).forEach(c => add('##' + c));
  for (let n = 0; n < 100; ++n)
    add(String(n));
  for (const n of ['100', '1000', '2000', '2024', '00', '000', '50', '99'])
    add('##' + n);
  const allWords = [...new Set(words)];
  for (const w of allWords) {
    add(w);
    if (cased) {
      add(w[0].toUpperCase() + w.slice(1));
      if (w.length <= 3)
        add(w.toUpperCase());
    }
  }
  for (const s of [...new Set(suffixes)])
    add('##' + s);
  for (const s of syllables) {
    add(s);
    add('##' + s);
  }
  if (cased)
    for (const s of syllables.slice(0, 150))
      add(s[0].toUpperCase() + s.slice(1));
  // Words with accents stay in the cased vocabulary only (uncased text loses its accents).
  if (cased)
    for (const w of ['café', 'naïve', 'résumé', 'über', 'Zürich', 'São', 'Paulo', 'Ελλάδα', 'Москва'])
      add(w);
  return [...new Map(vocab.map((t, i) => [t, i])).keys()]; // unique, first position kept
}

// ---------------------------------------------------------------------------------------------
// Strings.

const long101 = 'a'.repeat(101);
const long100 = 'a'.repeat(100);
const strings = [
  // Basics and BERT's classics.
  '', ' ', 'a', 'A', '.', 'Hello world', 'hello world', 'HELLO WORLD', 'Hello, world!',
  'The cat sat on the mat.', 'the quick brown fox jumps over the lazy dog',
  'The man went to the [MASK] to buy milk.', 'Paris is the capital of [MASK].',
  '[CLS] the cat [SEP] the dog [SEP]', '[MASK][MASK] [MASK]', 'a[MASK]b', '[mask] is not a mask',
  '[UNK]', '[PAD] [unused0]', '[SEP]', 'x [SEP]y', '[ MASK ]', '[MASK', 'MASK]',
  'attention heads attend to [SEP] tokens', 'Transformers use self-attention.',
  'unbelievable unhappiness', 'tokenization tokenizers tokenizer', 'wordpiece wordpieces',
  'playing played plays player players', 'quickly quickest', 'heads headed heading',
  // Accents.
  'café naïve résumé', 'Café Naïve Résumé', 'über Zürich São Paulo', 'crème brûlée', 'Ångström',
  'e\u0301', 'cafe\u0301', 'CAFE\u0301', 'n\u0303o', 'ﬁne ﬂow', 'Ǆ ǅ ǆ', 'İstanbul', 'ıi', 'ß STRASSE straße',
  'Ελλάδα', 'ελληνικά', 'Москва', 'привет мир', 'ΑΘΗΝΑ', 'Ωmega', 'ā ē ī ō ū', 'łódź', 'Škoda', 'Çağ',
  // CJK and kana.
  '東京', '東京は日本の首都です。', '我爱你', '你好，世界！', '中国人', '一丁七万丈三上下', 'a東b京c',
  'ひらがな', 'カタカナ', 'こんにちは世界', '日本語テキスト', '한국어', '조선', '東 京', '東\u3000京',
  '「東京」', '中文，英文。', '天心手水火', '豈更車', '\u9fa5\u9fff', '\u3400\u4dbf',
  // Punctuation runs.
  '!!!', '...', '?!?!', 'a,b,c', 'a.b.c', '(a)[b]{c}', '<tag>', 'x+y=z', 'a|b~c^d`e', '$100', '#hashtag', '@user',
  'e-mail', 'e_mail', 'co-operate', "don't", "can't won't", "it's", "I'm", "we're", "they've", "she'd", "you'll",
  '"quoted"', '“curly quotes”', '‘single’', 'em—dash', 'en–dash', 'ellipsis…', '¿Qué?', '¡Hola!', '«guillemets»',
  '§ 5 ¶ 3', '© 2024 ®™', '10°C ±2', '€5 £3 ¥7', '→ ←', '× ÷', '•bullet', 'a·b', '、。！？',
  '\\backslash\\', '/path/to/file.txt', 'https://example.com/a?b=c&d=e', 'C:\\Windows',
  '***', '---', '===', '~~~', '___', '#####', '%%%', '&&&', '\'\'\'', '"""',
  // Numbers.
  '0', '1', '12', '123', '1234', '12345', '3.14159', '1,000,000', '2024-01-05', '12:30', '100%', '-5', '+7',
  '1st 2nd 3rd 4th', '99 bottles', '007', '1e10', '0x1F', '٣', '１２３', '½ ¼', '²³', 'Ⅻ',
  // Long words.
  long100, long101, 'a'.repeat(99) + '!', 'b'.repeat(150), 'ab'.repeat(50), 'ab'.repeat(51),
  'x ' + long101 + ' y', '東'.repeat(120), 'é'.repeat(101), 'e\u0301'.repeat(60),
  'supercalifragilisticexpialidocious', 'antidisestablishmentarianism', 'pneumonoultramicroscopicsilicovolcanoconiosis',
  // Unknown characters.
  '🙂', 'I love 🍕 pizza', '👨‍👩‍👧', '🇫🇷', 'a🙂b', 'ℝ', '∑∫∂', '⌘', '♠♥', '☃', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '𝟙𝟚𝟛',
  'Ꭰ', 'ᚠᛇᚻ', 'ꦲ', '\uE000', '\uE000a', 'zzzzq', 'xq', 'qqqq', 'bcdfg', 'Ωmega', 'שלום', 'مرحبا', 'नमस्ते', 'ไทย',
  // Control characters and whitespace.
  'a\u0000b', 'a\u0001b', 'a\u0007b', 'a\u001Fb', 'a\u007Fb', 'a\u0085b', 'a\u00ADb', 'a\u200Bb', 'a\u200Db',
  'a\uFEFFb', '\uFEFFhello', 'a\uFFFDb', 'a\u2028b', 'a\u2029b', 'a\u00A0b', 'a\u2003b', 'a\u3000b',
  'a\tb', 'a\nb', 'a\r\nb', 'a\u000Bb', 'a\u000Cb', '  leading', 'trailing  ', '   ', '\t\n\r', 'a    b',
  'a \t \n b', '\n\nhello\n\n', 'line one\nline two', 'tab\there', 'a\u180Eb', 'a\u2060b', 'a\u061Cb',
  // Mixed.
  'BERT is bidirectional; GPT-2 is not.', 'The [MASK] sat on the mat.', 'Hello [MASK]!',
  'What is the capital of France? [SEP] Paris is.', 'Attention Is All You Need (2017)',
  'New York City', 'new york city', 'NEW YORK CITY', 'He said: "Stop!"', "Mary's book", 'O\'Neil',
  'key-value query', 'softmax(QK^T/sqrt(d))', 'layer 11, head 7', 'john@example.com', '#1 @2 $3 %4 ^5 &6 *7',
  'Zürich, München & Köln', 'naïve café über', 'TOKYO 東京 Tokyo', 'ＡＢＣ ａｂｃ', 'Ⓐⓑ', '𝐀𝐁𝐂',
  // Where @lenml/tokenizers differs from HF (see the header): astral ideographs, final sigma,
  // unassigned code points.
  '𠀀𠀁', 'a𠀀b', '東𠀀京', 'ΟΔΟΣ', 'ΣΟΦΙΑ ΟΔΟΣ.', 'Σ', 'a\u0378b', '\u0378',
  'x\u0301\u0302\u0303', '\u0301start', 'a\u0308', 'A\u030A', 'Å', 'Ω', 'K', 'ﬀ', '㍿', '¨',
];
// Systematic families: words × separators, and case variants.
for (const w of ['hello', 'World', 'tokenizers', 'café', 'naïve', 'Paris', 'unhappiness', 'xyzzy'])
  for (const sep of [' ', ',', '.', '-', '!', '  ', '\t', '\n', '', '/'])
    strings.push(`${w}${sep}${w}`);
for (const w of ['the', 'attention', 'resume', 'king'])
  for (const variant of [w, w.toUpperCase(), w[0].toUpperCase() + w.slice(1)])
    for (const tail of ['', 's', 'ing', 'ed', 'ly', "'s", '.'])
      strings.push(variant + tail);

const pairs = [
  ['The cat sat.', 'The dog ran.'], ['Hello', 'world'], ['', 'only b'], ['only a', ''], ['', ''],
  ['What is the capital of France?', 'Paris is the capital of [MASK].'], ['東京', '日本'],
  ['café', 'CAFÉ'], ['a [SEP] b', 'c [CLS] d'], [long101, 'short'], ['🙂', '🍕'],
];

// ---------------------------------------------------------------------------------------------

const isUnassigned = c => /^\p{Cn}$/u.test(c);
const isHfCjk = cp => (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2A700 && cp <= 0x2B73F)
  || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF) || (cp >= 0x2F800 && cp <= 0x2FA1F);

// The input @lenml/tokenizers needs to give HF's ids (see the header), and why it differs.
function forHf(text, cased) {
  const why = [];
  let out = '';
  for (const c of text) {
    const cp = c.codePointAt(0);
    if (isUnassigned(c)) {
      why.push('unassigned code point (HF drops it)');
      continue;
    }
    if (cp > 0xFFFF && isHfCjk(cp)) {
      why.push('astral CJK ideograph (HF pads it)');
      out += ` ${c} `;
      continue;
    }
    if (!cased && c === 'Σ') {
      why.push('Σ lower-cased per character (HF has no final sigma)');
      out += 'σ';
      continue;
    }
    out += c;
  }
  return { text: out, why: [...new Set(why)].join('; ') };
}

function writeTokenizer(name, cased) {
  const dir = path.join(outDir, `wordpiece-${name}`);
  fs.mkdirSync(dir, { recursive: true });
  const vocab = buildVocab(cased);
  fs.writeFileSync(path.join(dir, 'vocab.txt'), vocab.join('\n') + '\n');
  const ids = Object.fromEntries(vocab.map((t, i) => [t, i]));
  const special = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  const tokenizerJSON = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: special.map(t => ({ id: ids[t], content: t, single_word: false, lstrip: false, rstrip: false,
                                      normalized: false, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true,
                  strip_accents: null, lowercase: !cased },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: cased
      ? { type: 'BertProcessing', sep: ['[SEP]', ids['[SEP]']], cls: ['[CLS]', ids['[CLS]']] }
      : {
        type: 'TemplateProcessing',
        single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } },
                 { SpecialToken: { id: '[SEP]', type_id: 0 } }],
        pair: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } },
               { SpecialToken: { id: '[SEP]', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } },
               { SpecialToken: { id: '[SEP]', type_id: 1 } }],
        special_tokens: {
          '[CLS]': { id: '[CLS]', ids: [ids['[CLS]']], tokens: ['[CLS]'] },
          '[SEP]': { id: '[SEP]', ids: [ids['[SEP]']], tokens: ['[SEP]'] },
        },
      },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100,
             vocab: ids },
  };
  const tokenizerConfig = {
    tokenizer_class: 'BertTokenizer', do_lower_case: !cased, strip_accents: null, tokenize_chinese_chars: true,
    unk_token: '[UNK]', sep_token: '[SEP]', pad_token: '[PAD]', cls_token: '[CLS]', mask_token: '[MASK]',
    clean_up_tokenization_spaces: true, model_max_length: 512,
  };
  fs.writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJSON, null, 1) + '\n');
  fs.writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify(tokenizerConfig, null, 1) + '\n');

  const tokenizer = TokenizerLoader.fromPreTrained({ tokenizerJSON, tokenizerConfig });
  const cases = [];
  const differing = [];
  for (const text of strings) {
    const fixed = forHf(text, cased);
    const entry = { text };
    entry.ids = tokenizer.encode(fixed.text, { add_special_tokens: true });
    entry.ids_without_special = tokenizer.encode(fixed.text, { add_special_tokens: false });
    entry.decoded = entry.ids_without_special.length
      ? tokenizer.decode(entry.ids_without_special, { skip_special_tokens: false }) : '';
    if (fixed.text !== text) {
      const lenmlIds = tokenizer.encode(text, { add_special_tokens: true });
      if (JSON.stringify(lenmlIds) !== JSON.stringify(entry.ids)) {
        entry.lenml_ids = lenmlIds;
        entry.why = fixed.why;
        differing.push(text);
      }
    }
    cases.push(entry);
  }
  const pairCases = pairs.map(([a, b]) => {
    const encoded = tokenizer._encode_plus(forHf(a, cased).text,
                                           { text_pair: forHf(b, cased).text, add_special_tokens: true,
                                             return_token_type_ids: true });
    return { text: a, pair: b, ids: encoded.input_ids, type_ids: encoded.token_type_ids };
  });
  const lines = [
    '{',
    ` "generator": "scripts/bpe/make_wordpiece_fixture.js",`,
    ` "reference": ${JSON.stringify(`${referencePackage}@${referenceVersion} on Node ${process.version}`)},`,
    ` "tokenizer": ${JSON.stringify(`wordpiece-${name}`)},`,
    ' "cases": [',
    cases.map(c => '  ' + JSON.stringify(c)).join(',\n'),
    ' ],',
    ' "pairs": [',
    pairCases.map(c => '  ' + JSON.stringify(c)).join(',\n'),
    ' ]',
    '}',
  ];
  fs.writeFileSync(path.join(outDir, `wordpiece-${name}_reference.json`), lines.join('\n') + '\n');
  console.log(`wordpiece-${name}: ${vocab.length} tokens, ${cases.length} strings, ${pairCases.length} pairs; `
              + `${differing.length} where @lenml/tokenizers differs from HF`);
}

writeTokenizer('uncased', false);
writeTokenizer('cased', true);
