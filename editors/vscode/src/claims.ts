/**
 * The Claims view's data: the server's `transcript.claims` table shaped as
 * a tree, by file, then speaker, then claim, with what each node shows (a
 * label, a description, a tooltip and the icon of the claim's status), and
 * the count of uncited figures the status bar shows. Kept apart from
 * `extension.ts`, and free of VS Code's API, so the shaping is tested on
 * plain data; the extension only turns these nodes into TreeItems.
 */

import type { ClaimRow, ClaimsTable, ClaimStatus, Range } from "./protocol";

/** A claim, a leaf of the tree: clicking it goes to `uri` at `range`. */
export interface ClaimNode {
  kind: "claim";
  label: string;
  description: string;
  tooltip: string;
  /** A codicon id. */
  icon: string;
  uri: string;
  range: Range;
  status: ClaimStatus;
}

/** A speaker of one file, with their claims in text order. */
export interface SpeakerNode {
  kind: "speaker";
  label: string;
  description: string;
  children: ClaimNode[];
}

/** A transcript, with its speakers in the order they first make a claim. */
export interface FileNode {
  kind: "file";
  label: string;
  description: string;
  uri: string;
  children: SpeakerNode[];
}

export type ClaimsNode = FileNode | SpeakerNode | ClaimNode;

/** What a claim stands on, as a codicon: a warning for what still needs a source. */
export const StatusIcons: Record<ClaimStatus, string> = {
  uncited: "warning",
  cited: "pass",
  reviewed: "eye",
  hint: "lightbulb",
  ignored: "circle-slash",
};

/** The speaker of speech before any label. */
export const NoSpeaker = "(no speaker)";

/** The last segment of a URI's path, decoded: how the tree names a file. */
export function fileLabel(uri: string): string {
  const path = uri.replace(/[?#].*$/, "");
  const last = path.slice(path.lastIndexOf("/") + 1) || path;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** `3 claims, 1 uncited`. */
function counted(rows: ClaimRow[]): string {
  const uncited = rows.filter((r) => r.status === "uncited").length;
  const claims = `${rows.length} ${rows.length === 1 ? "claim" : "claims"}`;
  return uncited > 0 ? `${claims}, ${uncited} uncited` : claims;
}

/** `4,200 ships (harbour-monday.txt:5)`, one per figure elsewhere, and how many more. */
export function disagreement(row: ClaimRow): string | undefined {
  if (row.disagrees === null || row.disagrees === undefined) {
    return undefined;
  }
  const named = row.disagrees.with.map(
    (o) => `${o.figure} (${fileLabel(o.uri)}:${o.range.start.line + 1})`,
  );
  const more = row.disagrees.total - named.length;
  return named.join(", ") + (more > 0 ? ` +${more} more` : "");
}

function claimNode(row: ClaimRow): ClaimNode {
  const other = disagreement(row);
  const parts: string[] = [row.status];
  if (row.clock) {
    parts.push(row.clock);
  }
  if (other !== undefined) {
    parts.push(`≠ ${other}`);
  }
  const tooltip = [
    `${row.figure} — ${row.status}${row.detail ? `: ${row.detail}` : ""}`,
    row.sentence,
    ...(other !== undefined ? [`Another transcript says: ${other}`] : []),
    `${fileLabel(row.uri)}:${row.range.start.line + 1}${row.speaker ? `, ${row.speaker}` : ""}`,
  ].join("\n\n");
  return {
    kind: "claim",
    label: row.figure,
    description: parts.join(" · "),
    tooltip,
    // A figure stated differently elsewhere stands out whatever its status.
    icon: other !== undefined ? "diff" : StatusIcons[row.status] ?? "question",
    uri: row.uri,
    range: row.range,
    status: row.status,
  };
}

/**
 * The tree of a table: files in the server's order (by URI), each file's
 * speakers in the order of their first claim, each speaker's claims in
 * text order. A table of another shape gives an empty tree.
 */
export function claimsTree(table: unknown): FileNode[] {
  if (!isTable(table)) {
    return [];
  }
  const files = new Map<string, Map<string, ClaimRow[]>>();
  for (const row of table.rows) {
    let speakers = files.get(row.uri);
    if (speakers === undefined) {
      speakers = new Map();
      files.set(row.uri, speakers);
    }
    const speaker = row.speaker && row.speaker.trim() !== "" ? row.speaker : NoSpeaker;
    const rows = speakers.get(speaker) ?? [];
    rows.push(row);
    speakers.set(speaker, rows);
  }
  return [...files].map(([uri, speakers]) => {
    const all = [...speakers.values()].flat();
    return {
      kind: "file",
      label: fileLabel(uri),
      description: counted(all),
      uri,
      children: [...speakers].map(([speaker, rows]) => ({
        kind: "speaker",
        label: speaker,
        description: counted(rows),
        children: rows.map(claimNode),
      })),
    };
  });
}

/**
 * The number of uncited figures of `uri` in a table, or of every file when
 * no `uri` is given (as for the answer to `{ uri }`, which holds that
 * document's rows only, whatever spelling of its URI the server keeps);
 * 0 for a table of another shape.
 */
export function uncitedIn(table: unknown, uri?: string): number {
  if (!isTable(table)) {
    return 0;
  }
  return table.rows.filter((r) => (uri === undefined || r.uri === uri) && r.status === "uncited")
    .length;
}

/** The status bar's text for a count of uncited figures. */
export function statusBarText(uncited: number): string {
  return uncited === 0
    ? "$(pass) no uncited figures"
    : `$(warning) ${uncited} uncited ${uncited === 1 ? "figure" : "figures"}`;
}

function isTable(value: unknown): value is ClaimsTable {
  if (value === null || typeof value !== "object") {
    return false;
  }
  const rows = (value as { rows?: unknown }).rows;
  return (
    Array.isArray(rows) &&
    rows.every(
      (r) =>
        r !== null &&
        typeof r === "object" &&
        typeof (r as ClaimRow).uri === "string" &&
        typeof (r as ClaimRow).figure === "string" &&
        typeof (r as ClaimRow).status === "string" &&
        typeof (r as ClaimRow).range === "object",
    )
  );
}
