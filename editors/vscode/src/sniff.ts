/**
 * Whether a plain-text file looks like a transcript, for users who opt in
 * with `transcript.plaintext`. The test is deliberately strict: a recurring
 * speaker among several labelled turns, a WebVTT header, or a run of
 * timestamps. A file of `Key: value` headers (mail, front matter) has labels
 * that never recur, so it stays plain text.
 */

/** How much of the file is read: the first lines say what a file is. */
export const SNIFF_LINES = 80;

// `Q:`, `A.`, `MR. LEE:`, `Jane Doe:`, `**Jane Doe:**`, `>> ANCHOR:`,
// `Speaker 1 (00:40):`, `[00:01:02] Jane:`: a short label of capitalised
// words, then the speech on the same line.
const LABEL =
  /^\s*(?:[[(]?(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d+)?[\])]?\s*)?(?:>>\s*|-\s+)?(?:\*\*)?((?:Q|A)(?=[.:])|\p{Lu}[\p{L}\p{M}'’.-]*(?:\s+(?:\p{Lu}[\p{L}\p{M}'’.-]*|\d{1,3})){0,4})(?:\*\*)?(?:\s*\((?:\d{1,2}:)?\d{1,2}:\d{2}\))?\s*([:.])(?:\*\*)?\s+(\S.*)$/u;

const TIMESTAMP = /^\s*[[(]?(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?[\])]?(?:\s+-->\s+|\s|$)/;

export function looksLikeTranscript(text: string): boolean {
  const lines = text.split(/\r\n|\r|\n/, SNIFF_LINES * 2).filter((l) => l.trim() !== "");
  const head = lines.slice(0, SNIFF_LINES);
  if (head.length > 0 && /^WEBVTT(?:\s|$)/.test(head[0])) {
    return true;
  }
  const seen = new Map<string, number>();
  let labelled = 0;
  let timestamps = 0;
  for (const line of head) {
    if (TIMESTAMP.test(line)) {
      timestamps++;
    }
    const m = LABEL.exec(line);
    // `Q.`/`A.` need the period; other labels need a colon.
    if (!m || (m[2] === "." && m[1] !== "Q" && m[1] !== "A")) {
      continue;
    }
    if (m[3].trim().split(/\s+/).length < 2) {
      continue;
    }
    labelled++;
    const label = m[1].toUpperCase();
    seen.set(label, (seen.get(label) ?? 0) + 1);
  }
  const recurring = [...seen.values()].some((n) => n >= 2);
  if (labelled >= 4 && seen.size >= 2 && recurring) {
    return true;
  }
  return timestamps >= 3 && timestamps * 2 >= head.length;
}
