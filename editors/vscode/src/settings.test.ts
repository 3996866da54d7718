import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";

import { CITATION_STYLES, defaultSeverity, FIGURE_KINDS, serverSettings, SEVERITIES } from "./settings";

const manifest = JSON.parse(
  fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8"),
) as { contributes: { configuration: { properties: Record<string, any> } } };
const properties = manifest.contributes.configuration.properties;

test("with nothing set, the server gets the documented defaults", () => {
  const s = serverSettings(() => undefined);
  assert.deepEqual(s, {
    severity: {
      count: "warning",
      money: "warning",
      percentage: "warning",
      multiplier: "warning",
      measure: "warning",
      fraction: "warning",
      "spelled-count": "information",
    },
    citations: { pandoc: true, footnote: true, numbered: true },
    include: [],
    exclude: [],
  });
});

test("set values are nested under their group", () => {
  const values: Record<string, unknown> = {
    "severity.money": "error",
    "severity.spelled-count": "off",
    "citations.numbered": false,
    include: ["interviews/**"],
    exclude: ["archive/**"],
    // The client's own settings never reach the server.
    "server.path": "/opt/transcript-ls",
    plaintext: true,
  };
  const s = serverSettings((key) => values[key]);
  assert.equal(s.severity.money, "error");
  assert.equal(s.severity["spelled-count"], "off");
  assert.equal(s.severity.count, "warning");
  assert.equal(s.citations.numbered, false);
  assert.deepEqual(s.include, ["interviews/**"]);
  assert.deepEqual(s.exclude, ["archive/**"]);
  assert.deepEqual(Object.keys(s).sort(), ["citations", "exclude", "include", "severity"]);
});

test("values of the wrong type fall back to the defaults", () => {
  const values: Record<string, unknown> = {
    "severity.count": "loud",
    "citations.pandoc": "yes",
    include: "interviews/**",
    exclude: [3, "drafts/**"],
  };
  const s = serverSettings((key) => values[key]);
  assert.equal(s.severity.count, "warning");
  assert.equal(s.citations.pandoc, true);
  assert.deepEqual(s.include, []);
  assert.deepEqual(s.exclude, ["drafts/**"]);
});

test("package.json declares every setting the server is sent, with the same defaults", () => {
  for (const kind of FIGURE_KINDS) {
    const p = properties[`transcript.severity.${kind}`];
    assert.ok(p, `transcript.severity.${kind} is declared`);
    assert.equal(p.default, defaultSeverity(kind));
    assert.deepEqual(p.enum, [...SEVERITIES]);
  }
  for (const style of CITATION_STYLES) {
    const p = properties[`transcript.citations.${style}`];
    assert.ok(p, `transcript.citations.${style} is declared`);
    assert.equal(p.type, "boolean");
    assert.equal(p.default, true);
  }
  for (const key of ["include", "exclude"]) {
    assert.equal(properties[`transcript.${key}`].type, "array");
  }
});

test("every declared setting has a description, a type, a default and a scope", () => {
  for (const [key, p] of Object.entries(properties)) {
    assert.ok(p.description || p.markdownDescription, `${key} has a description`);
    assert.ok(p.type, `${key} has a type`);
    assert.ok("default" in p, `${key} has a default`);
    assert.ok(p.scope, `${key} has a scope`);
  }
  assert.equal(properties["transcript.plaintext"].default, false);
  assert.ok(properties["transcript.server.path"]);
  assert.deepEqual(properties["transcript.trace.server"].enum, ["off", "messages", "verbose"]);
});
