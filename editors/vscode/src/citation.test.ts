import assert from "node:assert/strict";
import { test } from "node:test";

import { validateSource } from "./citation";

test("URLs, DOIs and citation keys are accepted", () => {
  for (const s of [
    "https://example.org/report.pdf",
    "http://example.org/a?b=c",
    "10.1000/xyz123",
    "doi:10.1000/xyz123",
    "https://doi.org/10.1000/xyz123",
    "@smith2020",
    "smith2020",
    "  @who:2021-masks  ",
  ]) {
    assert.equal(validateSource(s), undefined, s);
  }
});

test("empty input and prose are refused with a reason", () => {
  assert.match(validateSource("") ?? "", /URL.*DOI.*citation key/);
  assert.match(validateSource("the ministry said so") ?? "", /without spaces/);
  assert.match(validateSource("[@key]") ?? "", /Not a URL/);
});
