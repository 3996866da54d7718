import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";

const root = path.join(__dirname, "..", "..");
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const source = fs.readFileSync(path.join(root, "src", "extension.ts"), "utf8");

test("the transcript language never claims every .txt, .md or .vtt file", () => {
  const [lang] = manifest.contributes.languages;
  assert.equal(lang.id, "transcript");
  assert.deepEqual(lang.extensions, [".transcript"]);
  for (const pattern of lang.filenamePatterns as string[]) {
    assert.match(pattern, /^\*\.transcript\.(txt|md|vtt|srt)$/);
  }
});

test("every contributed command is registered by the extension", () => {
  for (const { command } of manifest.contributes.commands) {
    assert.ok(source.includes(`"${command}"`), `${command} is registered in extension.ts`);
  }
});

test("client command ids never collide with the server's command ids", () => {
  // vscode-languageclient registers the server's executeCommand ids as VS Code
  // commands itself; a client command of the same id would fail to register.
  const serverIds = fs
    .readFileSync(path.join(root, "src", "protocol.ts"), "utf8")
    .match(/"transcript\.[a-zA-Z]+"/g);
  assert.ok(serverIds && serverIds.length === 8);
  for (const { command } of manifest.contributes.commands) {
    assert.ok(!serverIds.includes(`"${command}"`), command);
  }
});

test("menus only name contributed commands", () => {
  const ids = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));
  for (const entries of Object.values(manifest.contributes.menus) as { command: string }[][]) {
    for (const entry of entries) {
      assert.ok(ids.has(entry.command), entry.command);
    }
  }
});

test("@types/vscode is pinned to the engines.vscode minimum", () => {
  const minimum = manifest.engines.vscode.replace(/^\^/, "");
  assert.equal(manifest.devDependencies["@types/vscode"], minimum);
});
