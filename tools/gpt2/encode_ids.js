#!/usr/bin/env node
// GPT-2 token ids of a few dozen varied strings, from the npm package gpt-3-encoder's own JavaScript encoder
// (a port of OpenAI's encoder.py). Its output is committed as
// modalities/text/src/test/resources/gpt2/gpt-3-encoder-ids.json, the reference Gpt2TokenizerTest checks
// align4j's converted tokenizer.json against (through DJL's HuggingFaceTokenizer).
//
// Usage, from the repository root, after a build of modalities/text has unpacked the package:
//   node tools/gpt2/encode_ids.js modalities/text/target/npm/gpt-3-encoder/package \
//     > modalities/text/src/test/resources/gpt2/gpt-3-encoder-ids.json
// (or unpack `npm pack gpt-3-encoder@1.1.4` anywhere and pass its package/ folder).
'use strict';
const path = require('path');

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node tools/gpt2/encode_ids.js <gpt-3-encoder package folder>');
  process.exit(2);
}
const pkg = require(path.resolve(dir, 'package.json'));
if (pkg.name !== 'gpt-3-encoder' || pkg.version !== '1.1.4') {
  console.error(`expected gpt-3-encoder 1.1.4, found ${pkg.name} ${pkg.version}`);
  process.exit(2);
}
const { encode, decode } = require(path.resolve(dir, 'Encoder.js'));

// Plain text, spaces and whitespace runs, contractions, numbers, accents and other scripts, emoji (with skin
// tones, ZWJ sequences and flags), code and punctuation. '<|endoftext|>' is left out: the JS encoder treats it as
// plain text, while the tokenizer.json makes it GPT-2's special token 50256 (tested on its own).
const TEXTS = [
  'Hello world',
  'Hello world, once upon a time there was a little girl.',
  'The quick brown fox jumps over the lazy dog.',
  '',
  ' ',
  'a',
  '\n',
  ' leading space',
  '  two leading spaces',
  'trailing space ',
  'x   ',
  'multiple   spaces   between   words',
  'tabs\tand\nnewlines\n\nand\r\nCRLF',
  '  \n  indented\n    code()',
  "I'm sure you can't, won't, shouldn't; they're here, we've been, you'll see, he'd go.",
  "I'M SHOUTING: DON'T, CAN'T, WE'RE",
  "rock 'n' roll, the dog's bone, the dogs' bones",
  '1234567890',
  '3.14159 and 2,718 and -42 and 1e-9',
  'Numbers: 1 12 123 1234 12345 123456',
  'café naïve résumé façade jalapeño',
  'Ünïcödé — em dash – en dash … ellipsis «quotes» “curly” ‘single’',
  '日本語のテキストです。',
  '中文测试：你好，世界！',
  'Привет, мир! Как дела?',
  'Γειά σου Κόσμε',
  'مرحبا بالعالم',
  'שלום עולם',
  'हिन्दी भाषा',
  '한국어 텍스트',
  'emoji 😀🎉👍🏽',
  'family 👨‍👩‍👧‍👦 and flag 🇫🇷',
  'Mixed: naïve café 😀 123 can\'t',
  '<html><body class="main">Hello &amp; bye</body></html>',
  'def f(x):\n    return x ** 2  # square\n',
  'for (int i = 0; i < n; i++) { sum += a[i]; }',
  'https://example.com/path?query=1&b=2#frag',
  '$100.00 + 20% = €120 (£99, ¥1000)',
  '!!!???...,,,;;;---___***',
  "'quoted' \"double\" `back`",
  'supercalifragilisticexpialidocious antidisestablishmentarianism',
  'ﬁ ligature, ſ long s, ǅ titlecase, Ⅻ roman',
  'zero\u200bwidth and non\u00a0breaking space',
  'GPT-2 was released in 2019 by OpenAI.',
];

const cases = TEXTS.map((text) => {
  const ids = encode(text);
  if (decode(ids) !== text) throw new Error(`gpt-3-encoder does not round-trip ${JSON.stringify(text)}`);
  return { text, ids };
});
const lines = cases.map((c) => '    ' + JSON.stringify(c));
process.stdout.write('{\n  "source": "npm gpt-3-encoder@1.1.4 Encoder.js encode(), by tools/gpt2/encode_ids.js",\n'
  + '  "cases": [\n' + lines.join(',\n') + '\n  ]\n}\n');
