#!/usr/bin/env node
// Writes tests/data/tokenizers/<name>_reference.json for the four Hugging Face tokenizer.json
// files that scripts/fetch-hf-tokenizers.sh fetches (Llama 3, Qwen 3, Gemma 3, Llama 2): the ids
// that an independent implementation, @lenml/tokenizers (a JavaScript port of HF tokenizers from
// transformers.js), gives for every string of fixture_strings.js plus the strings below, which
// exercise what those files add over GPT-2: their pre-tokenizer patterns (case-insensitive
// contractions, 1–3 digit groups, newline rules), SentencePiece's '▁' and byte fallback, and
// added tokens written in the text. tst_hftokenizer compares our tokenizer with every entry.
//
// Run from the repository root (installs the pinned reference into a temporary folder):
//   node scripts/bpe/make_hf_fixture.js "$(scripts/fetch-hf-tokenizers.sh)"
//
// Where @lenml/tokenizers is not HF's tokenizers (Rust, the library transformers runs), found by
// comparing it with our reading of HF's code on these strings:
//  1. Its pre-tokenizer regexes run as JavaScript RegExps, whose \s is not Oniguruma's (the regex
//     engine HF's tokenizers uses): Oniguruma's \s is Unicode White_Space, which includes U+0085
//     NEXT LINE and excludes U+FEFF; JavaScript's \s is the other way round. So "a \u0085b" is
//     "a", " \u0085", "b" for HF but "a", " ", "\u0085b" here (U+0085 taken for a letter's
//     prefix), and "\ufeffHello" is one piece for HF but two here.
//  2. Node's \p{L} and \p{N} follow Unicode 15.1; the Oniguruma that HF's tokenizers bundles
//     (onig_sys 69.8, Oniguruma 6.9.8) and our Qt's PCRE2 follow Unicode 14.0, for which Kawi
//     (U+11F00…) and CJK Extension H (U+31350…) are unassigned, i.e. not letters. So
//     "\u{31350}'s" ends in the contraction "'s" here but in "'", "s" for HF.
//  3. A lone UTF-16 surrogate cannot reach HF's tokenizers at all (Python cannot encode it to a
//     Rust string). We read it as U+FFFD, as TextEncoder writes it; @lenml/tokenizers keeps it as
//     a character, which a SentencePiece vocabulary lacks, and falls back to the bytes EF BF BD.
// For HF's behaviour this script runs the same library a second time with the three fixed: the
// Llama 3 / Qwen patterns rewritten with White_Space and Unicode-14 letter and number classes,
// and lone surrogates replaced by U+FFFD. Every string keeps the fixed ids in "ids"; where
// @lenml/tokenizers gives other ids they are kept beside them in "lenml_ids", with "why" naming
// the difference. No string is dropped.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const referencePackage = '@lenml/tokenizers';
const referenceVersion = '3.7.2';
const tokenizerPackageVersion = '3.7.2'; // of @lenml/tokenizer-<name>, as fetch-hf-tokenizers.sh pins
const names = ['llama3', 'qwen3', 'gemma3', 'llama2'];

const dataDir = process.argv[2];
if (!dataDir)
  throw new Error('usage: make_hf_fixture.js <folder printed by scripts/fetch-hf-tokenizers.sh>');

const installDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-fixture-'));
execFileSync('npm', ['install', '--silent', '--no-save', '--prefix', installDir,
                     `${referencePackage}@${referenceVersion}`], { stdio: 'inherit' });
const { TokenizerLoader } = require(path.join(installDir, 'node_modules', referencePackage));
const installed = require(path.join(installDir, 'node_modules', referencePackage, 'package.json')).version;
if (installed !== referenceVersion)
  throw new Error(`expected ${referencePackage} ${referenceVersion}, found ${installed}`);

const gpt2Strings = require('./fixture_strings.js');

// What the HF files add over GPT-2's pattern.
const hfStrings = [
  // Contractions are case-insensitive in the Llama 3 / Qwen pattern.
  "IT'S", "It'S", "iT's", "I'M", "i'm", "YOU'RE", "You'Re", "WE'LL", "We'lL", "THEY'D", "THEY'VE",
  "DON'T", "Don'T", "'S", "'T", "'RE", "'VE", "'M", "'LL", "'D", "'Ll", "'lL", "x'S", "x'SS",
  // 1–3 digit groups, long numbers, numbers against letters and punctuation.
  '1', '12', '123', '1234', '12345', '123456', '1234567', '12345678901234567890',
  '3.141592653589793', '2^64 = 18446744073709551616', 'id_0042', 'x1y22z333w4444', '٣٤٥٦٧',
  '1,234,567.89', '-12345', '+44 20 7946 0958',
  // Newline rules: \s*[\r\n]+ and punctuation followed by newlines.
  'a\n', 'a\n\n\n', 'a.\n\nb', 'a!\r\n', '  \n  x', '\n\n  \n', 'x:\n\ty', '}\n\n}', ';\n',
  ' \r\n\r\n ', 'a\r\rb', 'end.\n', '"\n"',
  // Letters after a single non-letter, non-newline character.
  '$hello', '#define', '@user', '.NET', '(abc)', '-foo', '\tfoo', '\u00a0foo', '€uro', '_x',
  // SentencePiece: spaces become '▁', leading, trailing and doubled.
  ' leading', 'trailing ', 'two  spaces', '▁already', '▁▁x', 'a▁b', ' ▁ ', 'x ▁',
  // Byte fallback: characters a SentencePiece vocabulary may lack.
  '𓀀', '𐍈', '🜁', 'ꙮ', '\u{1F9EC}', '\u{E0041}', '\u0378', '鿿', '\u{2A6D6}', 'ᐁᐂᐃ',
  // Special-token text in the input: each tokenizer's own tokens, and the others'.
  '<|begin_of_text|>', '<|begin_of_text|>hello', 'hello<|end_of_text|>', '<|eot_id|>',
  '<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>', '<|reserved_special_token_5|>',
  '<|im_start|>user\nHello<|im_end|>\n', '<|im_start|>', '<|endoftext|>', '<think>\nx\n</think>',
  '<tool_call>', '<|fim_prefix|>a<|fim_suffix|>', '<bos>', '<bos>hello', 'hello<eos>',
  '<start_of_turn>user\nHi<end_of_turn>\n', '<start_of_image>', '<pad>', '<unk>', '<mask>',
  '<s>', '<s>hello', 'hello</s>', '<s> hello', ' <s>', '<s><s>', '</s><s>',
  '<|begin_of_text|><|begin_of_text|>', '< bos>', '<bos', 'bos>', '<|im_start', '<0x41>',
  '[INST] hi [/INST]', '<unused0>', '<unused99>', '<start_of_turn>model',
  // Code.
  'function f(a, b) {\n  return a + b;\n}\n', 'const x = [1, 2, 3].map(v => v * 2);',
  'fn main() {\n    println!("Hello, {}!", name);\n}', 'pub struct Foo<T> where T: Clone {}',
  '    def __init__(self):\n        self.x = 0\n', 'x = {"a": 1, \'b\': [None, True]}',
  '<html>\n  <body class="x">\n  </body>\n</html>', 'int main(int argc, char **argv) { return 0; }',
  'SELECT a, COUNT(*) FROM t GROUP BY a HAVING COUNT(*) > 1;', '`backticks` and ```fences```',
  // NFC/NFKC-sensitive text.
  'e\u0301cole', 'A\u030a', '\u212b', '\u1e9b\u0323', 'ﬃ', '①', 'Ｈｅｌｌｏ', '\u00c5\u0041\u030a',
  'ᄀ\u1161', '\u0915\u093c', 'ḱ\u0323', 'ǆ', '\u2126', '\u00bd',
  // Mixed.
  'The year 2024 had 366 days; 2023 had 365.', 'Price: $1,299.99 (was $1,499.00)',
  'Meeting @ 10:30am — room #4B', 'Email: first.last+tag@example.co.uk', 'ÀÉÎÕÜ àéîõü ÇçÑñ',
  'Ünïcödé wïth dïäcrïtïcs', 'Mixed 中文 and English 混合', 'العربية and English', '日本語とEnglish',
  '😀 smile 😂 laugh 🤣', 'tab\tseparated\tvalues', 'multiple   spaces   here',
];

const strings = [...gpt2Strings, ...hfStrings];

// Differences 1 and 2: the Split patterns of these files, as HF's Oniguruma reads them.
const whiteSpace = String.raw`\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000`;
const newerThanUnicode14 = String.raw`\u{11F00}-\u{11F5F}\u{31350}-\u{323AF}`;
const letter = String.raw`(?:(?![${newerThanUnicode14}])\p{L})`;
const number = String.raw`(?:(?![${newerThanUnicode14}])\p{N})`;
const notNewlineLetterNumber = String.raw`(?:[^\r\n\p{L}\p{N}]|[${newerThanUnicode14}])`;
const notSpaceLetterNumber = String.raw`(?:[^${whiteSpace}\p{L}\p{N}]|[${newerThanUnicode14}])`;
const space = `[${whiteSpace}]`;
const nonSpace = `[^${whiteSpace}]`;
const contractions = "(?i:'s|'t|'re|'ve|'m|'ll|'d)";
const fixedPatterns = new Map([
  [String.raw`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
   `${contractions}|${notNewlineLetterNumber}?${letter}+|${number}{1,3}| ?${notSpaceLetterNumber}+[\r\n]*|${space}*[\r\n]+|${space}+(?!${nonSpace})|${space}+`],
  [String.raw`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
   `${contractions}|${notNewlineLetterNumber}?${letter}+|${number}| ?${notSpaceLetterNumber}+[\r\n]*|${space}*[\r\n]+|${space}+(?!${nonSpace})|${space}+`],
]);

function withFixedPatterns(node) {
  if (Array.isArray(node))
    return node.map(withFixedPatterns);
  if (node === null || typeof node !== 'object')
    return node;
  const copy = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'Regex' && typeof value === 'string') {
      if (!fixedPatterns.has(value))
        throw new Error(`no HF (Oniguruma, Unicode 14) reading of the pattern ${JSON.stringify(value)}: add one`);
      copy[key] = fixedPatterns.get(value);
    } else {
      copy[key] = withFixedPatterns(value);
    }
  }
  return copy;
}

// Difference 3.
const withoutLoneSurrogates = text => text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
const hasLoneSurrogate = text => withoutLoneSurrogates(text) !== text;
const usesNewerLetters = text => new RegExp(`[${newerThanUnicode14}]`, 'u').test(text);

function why(text) {
  const reasons = [];
  if (/[\u0085\ufeff]/.test(text))
    reasons.push('U+0085 and U+FEFF: JavaScript\'s \\s is not Oniguruma\'s');
  if (usesNewerLetters(text))
    reasons.push('letters newer than Unicode 14.0: Node calls them \\p{L}, HF\'s Oniguruma does not');
  if (hasLoneSurrogate(text))
    reasons.push('a lone surrogate: read as U+FFFD here, byte-fallback of EF BF BD in @lenml/tokenizers');
  return reasons.length ? reasons.join('; ') : 'unexplained';
}

function escapeInvisible(json) {
  // Keeps the fixture readable and diff-able: every non-ASCII or control character as \uXXXX.
  return json.replace(/[\u007f-\uffff]/g, c => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

for (const name of names) {
  const folder = path.join(dataDir, name);
  const tokenizerJSON = JSON.parse(fs.readFileSync(path.join(folder, 'tokenizer.json'), 'utf8'));
  const tokenizerConfig = JSON.parse(fs.readFileSync(path.join(folder, 'tokenizer_config.json'), 'utf8'));
  const tokenizer = TokenizerLoader.fromPreTrained({ tokenizerJSON, tokenizerConfig });
  const fixed = TokenizerLoader.fromPreTrained({ tokenizerJSON: withFixedPatterns(tokenizerJSON), tokenizerConfig });
  const differences = [];
  const cases = strings.map(text => {
    const input = withoutLoneSurrogates(text);
    const ids = fixed.encode(input, { add_special_tokens: true });
    const withoutSpecial = fixed.encode(input, { add_special_tokens: false });
    const entry = {
      text,
      ids,
      ids_without_special: withoutSpecial,
      // What the tokenizer's decoder makes of the ids, special tokens kept and no clean-up
      // (transformers' clean_up_tokenization_spaces is not part of the decoder).
      decoded: withoutSpecial.length === 0 ? '' :
        fixed.decode(withoutSpecial, { skip_special_tokens: false, clean_up_tokenization_spaces: false }),
    };
    const lenmlIds = tokenizer.encode(text, { add_special_tokens: true });
    if (JSON.stringify(lenmlIds) !== JSON.stringify(ids)) {
      entry.lenml_ids = lenmlIds;
      entry.why = why(text);
      differences.push(entry);
    }
    return entry;
  });
  const header = {
    generator: 'scripts/bpe/make_hf_fixture.js',
    reference: `${referencePackage}@${referenceVersion} on Node ${process.version}`,
    tokenizer: `@lenml/tokenizer-${name}@${tokenizerPackageVersion}`,
  };
  const lines = Object.entries(header).map(([key, value]) => ` ${JSON.stringify(key)}: ${JSON.stringify(value)},`);
  const body = cases.map(c => '  ' + escapeInvisible(JSON.stringify(c))).join(',\n');
  const out = path.join(__dirname, '..', '..', 'tests', 'data', 'tokenizers', `${name}_reference.json`);
  fs.writeFileSync(out, `{\n${lines.join('\n')}\n "cases": [\n${body}\n ]\n}\n`);
  console.log(`${name}: ${cases.length} strings -> ${path.relative(process.cwd(), out)}; ` +
              `${differences.length} where @lenml/tokenizers differs from HF:`);
  for (const entry of differences)
    console.log(`  ${JSON.stringify(entry.text)}: ${entry.why}`);
}
fs.rmSync(installDir, { recursive: true, force: true });
