import assert from "node:assert/strict";
import { test } from "node:test";

import { looksLikeTranscript } from "./sniff";

test("a Q/A interview is a transcript", () => {
  const text = [
    "Q: How many clinics opened this spring?",
    "A: Eleven of them, mostly in the north.",
    "Q: And who runs them?",
    "A: The regional health board does.",
  ].join("\n");
  assert.equal(looksLikeTranscript(text), true);
});

test("a briefing with named speakers and timestamps is a transcript", () => {
  const text = [
    "[00:00:05] MS. ORTEGA: Good morning, everyone, and thanks for coming.",
    "[00:00:12] REPORTER: Can you say when the bridge reopens?",
    "[00:00:20] MS. ORTEGA: We expect it to reopen in the autumn.",
    "[00:00:31] REPORTER: Is the budget still the same?",
  ].join("\r\n");
  assert.equal(looksLikeTranscript(text), true);
});

test("a Rev-style transcript with bold labels is a transcript", () => {
  const text = [
    "**Speaker 1 (00:40):** Welcome back to the show, it is good to see you.",
    "**Speaker 2 (00:45):** Thanks for having me on again.",
    "**Speaker 1 (00:50):** Let us start with the harbour project.",
    "**Speaker 2 (01:02):** Sure, it has come a long way.",
  ].join("\n");
  assert.equal(looksLikeTranscript(text), true);
});

test("WebVTT captions are a transcript", () => {
  assert.equal(looksLikeTranscript("WEBVTT\n\n00:00.000 --> 00:02.000\nHello there.\n"), true);
});

test("mail headers are not a transcript: no label recurs", () => {
  const text = [
    "From: Someone Else <a@example.org>",
    "To: Another Person <b@example.org>",
    "Subject: Meeting notes for the week",
    "Date: Mon, 3 Mar 2025 10:00:00 +0000",
    "",
    "Hi all, the notes are below.",
  ].join("\n");
  assert.equal(looksLikeTranscript(text), false);
});

test("prose with one `Note:` line is not a transcript", () => {
  const text = [
    "This folder holds the drafts for the annual report.",
    "Note: the figures in chapter two are provisional.",
    "Each chapter has its own file, named by number.",
  ].join("\n");
  assert.equal(looksLikeTranscript(text), false);
});

test("a YAML-like list of keys is not a transcript", () => {
  const text = ["Name: tool", "Version: 1.2.3", "Name: other", "Version: 2.0"].join("\n");
  assert.equal(looksLikeTranscript(text), false);
});

test("an empty file is not a transcript", () => {
  assert.equal(looksLikeTranscript(""), false);
});
