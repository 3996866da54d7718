import assert from "node:assert/strict";
import { test } from "node:test";

import { claimsTree, disagreement, fileLabel, StatusIcons, statusBarText, uncitedIn } from "./claims";
import { type ClaimRow, ServerCommand } from "./protocol";

const FRIDAY = "file:///desk/harbour%20friday.txt";
const MONDAY = "file:///desk/harbour-monday.txt";

function range(line: number, start: number, end: number) {
  return { start: { line, character: start }, end: { line, character: end } };
}

function row(uri: string, line: number, figure: string, fields: Partial<ClaimRow> = {}): ClaimRow {
  return {
    uri,
    range: range(line, 10, 10 + figure.length),
    speaker: "HARBOUR MASTER",
    time: null,
    clock: null,
    figure,
    kind: "count",
    value: 1,
    upper: null,
    unit: null,
    qualifier: null,
    status: "uncited",
    detail: null,
    rule: "asserted.count",
    reason: "a count of things stated as fact",
    sentence: `We counted ${figure}.`,
    disagrees: null,
    ...fields,
  };
}

// As the server orders them: file by file, then text order.
const table = {
  version: 1,
  rows: [
    row(FRIDAY, 4, "3,900 ships", {
      clock: "00:00:09",
      disagrees: { total: 1, with: [{ uri: MONDAY, range: range(4, 38, 49), figure: "4,200 ships" }] },
    }),
    row(FRIDAY, 8, "60 pilots", { status: "reviewed", detail: "Checked against the roster." }),
    row(MONDAY, 2, "only 9 tugboats", { speaker: "LENA MARSH" }),
    row(MONDAY, 4, "4,200 ships", {
      disagrees: {
        total: 4,
        with: [{ uri: FRIDAY, range: range(4, 35, 46), figure: "3,900 ships" }],
      },
    }),
    row(MONDAY, 4, "$38 million", { status: "cited", detail: "[^1]: Port accounts, page 12." }),
    row(MONDAY, 8, "5 boats", { status: "hint", speaker: null }),
  ],
  files: [
    { uri: FRIDAY, claims: 2 },
    { uri: MONDAY, claims: 4 },
  ],
  failed: [],
};

test("the tree goes by file, then speaker in order of their first claim, then claim", () => {
  const tree = claimsTree(table);
  assert.deepEqual(
    tree.map((f) => [f.label, f.description]),
    [
      ["harbour friday.txt", "2 claims, 1 uncited"],
      ["harbour-monday.txt", "4 claims, 2 uncited"],
    ],
  );
  const monday = tree[1];
  assert.equal(monday.uri, MONDAY);
  assert.deepEqual(
    monday.children.map((s) => [s.label, s.description, s.children.map((c) => c.label)]),
    [
      ["LENA MARSH", "1 claim, 1 uncited", ["only 9 tugboats"]],
      ["HARBOUR MASTER", "2 claims, 1 uncited", ["4,200 ships", "$38 million"]],
      ["(no speaker)", "1 claim", ["5 boats"]],
    ],
  );
});

test("a claim goes to its figure and shows its status", () => {
  const [friday, monday] = claimsTree(table);
  const reviewed = friday.children[0].children[1];
  assert.equal(reviewed.icon, StatusIcons.reviewed);
  assert.equal(reviewed.uri, FRIDAY);
  assert.deepEqual(reviewed.range, range(8, 10, 19));
  assert.equal(reviewed.description, "reviewed");
  assert.match(reviewed.tooltip, /60 pilots — reviewed: Checked against the roster\./);
  const cited = monday.children[1].children[1];
  assert.equal(cited.icon, "pass");
  const hint = monday.children[2].children[0];
  assert.equal(hint.icon, "lightbulb");
  const uncited = monday.children[0].children[0];
  assert.equal(uncited.icon, "warning");
});

test("a figure stated differently elsewhere says what and where", () => {
  const [friday, monday] = claimsTree(table);
  const ships = friday.children[0].children[0];
  assert.equal(ships.icon, "diff");
  assert.equal(ships.description, "uncited · 00:00:09 · ≠ 4,200 ships (harbour-monday.txt:5)");
  assert.match(ships.tooltip, /Another transcript says: 4,200 ships \(harbour-monday\.txt:5\)/);
  const back = monday.children[1].children[0];
  assert.equal(disagreement(table.rows[3]), "3,900 ships (harbour friday.txt:5) +3 more");
  assert.match(back.description, /\+3 more$/);
  assert.equal(disagreement(table.rows[1]), undefined);
});

test("the status bar counts the uncited figures of one transcript", () => {
  assert.equal(uncitedIn(table, MONDAY), 2);
  assert.equal(uncitedIn(table, FRIDAY), 1);
  assert.equal(uncitedIn(table, "file:///elsewhere.txt"), 0);
  assert.equal(uncitedIn(table), 3, "every file's");
  assert.equal(statusBarText(2), "$(warning) 2 uncited figures");
  assert.equal(statusBarText(1), "$(warning) 1 uncited figure");
  assert.equal(statusBarText(0), "$(pass) no uncited figures");
});

test("an answer of another shape gives an empty tree and no count", () => {
  for (const answer of [null, undefined, 7, "rows", {}, { rows: null }, { rows: [{ uri: 1 }] }]) {
    assert.deepEqual(claimsTree(answer), [], JSON.stringify(answer));
    assert.equal(uncitedIn(answer, MONDAY), 0);
  }
});

test("files are named by the last segment of their URI", () => {
  assert.equal(fileLabel("file:///a/b/c%C3%A9.txt"), "cé.txt");
  assert.equal(fileLabel("untitled:Untitled-1"), "untitled:Untitled-1");
  assert.equal(fileLabel("file:///a/bad%E0.txt"), "bad%E0.txt");
});

test("the command is the server's own name", () => {
  assert.equal(ServerCommand.claims, "transcript.claims");
});
