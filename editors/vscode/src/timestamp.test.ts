import assert from "node:assert/strict";
import { test } from "node:test";

import { ServerCommand } from "./protocol";
import { timestampText } from "./timestamp";

test("the server's clock text is what gets copied", () => {
  assert.equal(timestampText({ timestamp: "00:12:31.400", seconds: 751.4 }), "00:12:31.400");
  assert.equal(timestampText({ timestamp: "01:02:03", seconds: 3723 }), "01:02:03");
});

test("no time, or an answer of another shape, copies nothing", () => {
  const answers = [
    null,
    undefined,
    "00:12:31",
    {},
    { timestamp: "", seconds: 1 },
    { seconds: 3 },
    { timestamp: "00:00:01" },
  ];
  for (const answer of answers) {
    assert.equal(timestampText(answer), undefined, JSON.stringify(answer));
  }
});

test("the command is the server's own name", () => {
  assert.equal(ServerCommand.copyTimestamp, "transcript.copyTimestamp");
});
