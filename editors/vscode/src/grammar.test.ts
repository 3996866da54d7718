import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";

import * as oniguruma from "vscode-oniguruma";
import * as textmate from "vscode-textmate";

const root = path.join(__dirname, "..", "..");

async function loadGrammar(): Promise<textmate.IGrammar> {
  const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => {
      if (scopeName !== "text.transcript") {
        return null;
      }
      const file = path.join(root, "syntaxes", "transcript.tmLanguage.json");
      return textmate.parseRawGrammar(fs.readFileSync(file, "utf8"), file);
    },
  });
  const grammar = await registry.loadGrammar("text.transcript");
  assert.ok(grammar);
  return grammar;
}

const grammarPromise = loadGrammar();

/** The text of each token that has a scope ending in `.transcript`, with that scope's first words. */
async function scopes(line: string): Promise<string[]> {
  const grammar = await grammarPromise;
  const { tokens } = grammar.tokenizeLine(line, textmate.INITIAL);
  return tokens.flatMap((t) => {
    const scope = t.scopes.slice(1).at(-1);
    if (!scope) {
      return [];
    }
    const kind = scope.split(".").slice(0, 3).join(".");
    return [`${line.slice(t.startIndex, t.endIndex)} => ${kind}`];
  });
}

test("speaker labels are coloured, in their usual spellings", async () => {
  assert.deepEqual(await scopes("Q: How many?"), [
    "Q => entity.name.tag",
    ": => punctuation.separator.speaker",
  ]);
  assert.deepEqual((await scopes("MR. LEE: We will see."))[0], "MR. LEE => entity.name.tag");
  assert.deepEqual((await scopes("**Jane Doe:** Thanks."))[1], "Jane Doe => entity.name.tag");
  assert.deepEqual(await scopes("Speaker 1 (00:40): Hello."), [
    "Speaker 1 => entity.name.tag",
    "(00:40) => constant.numeric.timestamp",
    ": => punctuation.separator.speaker",
  ]);
  assert.deepEqual((await scopes("[00:01:02] ANCHOR: Good evening."))[0], "[00:01:02] => constant.numeric.timestamp");
  assert.deepEqual((await scopes("A. Yes, I did."))[0], "A => entity.name.tag");
});

test("a colon inside a sentence is not a speaker label", async () => {
  assert.deepEqual(await scopes("we said this: no more delays"), []);
});

test("timestamps and cue timings are coloured", async () => {
  assert.deepEqual(await scopes("00:01.000 --> 00:04.250"), [
    "00:01.000 => constant.numeric.timestamp",
    "--> => keyword.operator.arrow",
    "00:04.250 => constant.numeric.timestamp",
  ]);
  assert.deepEqual(await scopes("and then (01:02:03) he left"), ["(01:02:03) => constant.numeric.timestamp"]);
});

test("citation markers are coloured, a bare number in brackets too, a date is not", async () => {
  assert.deepEqual(await scopes("grew by 30% [@who2020], then fell [^3] and rose [12]."), [
    "[@who2020] => constant.other.reference",
    "[^3] => constant.other.reference",
    "[12] => constant.other.reference",
  ]);
  assert.deepEqual(await scopes("as shown [see @lee2019, p. 4; @kim2021]"), [
    "[see @lee2019, p. 4; @kim2021] => constant.other.reference",
  ]);
  assert.deepEqual(await scopes("it met at 2:15 in June 2020"), []);
});

test("transcriber's notes are set apart", async () => {
  assert.deepEqual(await scopes("We will [inaudible] next week."), ["[inaudible] => comment.other.stage-direction"]);
});
