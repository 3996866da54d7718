/**
 * The wire contract between this extension and the transcript-ls server:
 * the `workspace/executeCommand` commands with their single object argument,
 * the `transcript/noteAt` request, and the shape of the `transcript` settings
 * section. `editors/PROTOCOL.md` documents the same shapes for every client.
 *
 * Positions and ranges are LSP ones, in the encoding negotiated at startup.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** The server-side command names, as the server advertises them. */
export const ServerCommand = {
  addNote: "transcript.addNote",
  editNote: "transcript.editNote",
  citeFigure: "transcript.citeFigure",
  markReviewed: "transcript.markReviewed",
  removeNote: "transcript.removeNote",
  reattachNote: "transcript.reattachNote",
  copyTimestamp: "transcript.copyTimestamp",
  claims: "transcript.claims",
} as const;

export interface AddNoteArgs {
  uri: string;
  range: Range;
  text: string;
}

export interface EditNoteArgs {
  uri: string;
  id: string;
  text: string;
}

export interface CiteFigureArgs {
  uri: string;
  range: Range;
  /** A URL, a DOI or a citation key. */
  source: string;
}

export interface MarkReviewedArgs {
  uri: string;
  range: Range;
}

export interface RemoveNoteArgs {
  uri: string;
  id: string;
}

export interface ReattachNoteArgs {
  uri: string;
  id: string;
  range: Range;
}

export interface CopyTimestampArgs {
  uri: string;
  position: Position;
}

/**
 * The time in the recording at the position: `HH:MM:SS` with `.mmm` when
 * the time has milliseconds, and the same in seconds; `null` where the
 * transcript gives no time.
 */
export type CopyTimestampResult = { timestamp: string; seconds: number } | null;

/**
 * `transcript.claims`'s optional argument: one document's rows only,
 * compared with the other open documents (the workspace is not searched).
 */
export interface ClaimsArgs {
  uri: string;
}

/** Where a claim stands with its sources. */
export type ClaimStatus = "uncited" | "cited" | "reviewed" | "hint" | "ignored";

/** A figure of another transcript that a claim disagrees with. */
export interface ClaimOther {
  uri: string;
  range: Range;
  figure: string;
}

/** One row of the claims table (see editors/PROTOCOL.md). */
export interface ClaimRow {
  uri: string;
  range: Range;
  speaker: string | null;
  time: number | null;
  clock: string | null;
  figure: string;
  kind: string;
  value: number;
  upper: number | null;
  unit: string | null;
  qualifier: string | null;
  status: ClaimStatus;
  detail: string | null;
  rule: string;
  reason: string;
  sentence: string;
  disagrees: { total: number; with: ClaimOther[] } | null;
}

/** The answer of `transcript.claims`. */
export interface ClaimsTable {
  version: number;
  rows: ClaimRow[];
  files: { uri: string; claims: number }[];
  failed: { path: string; why: string }[];
}

/** `transcript/noteAt`: the note under a position, to prefill an edit. */
export const NoteAtMethod = "transcript/noteAt";

export interface NoteAtParams {
  uri: string;
  position: Position;
}

export type NoteAtResult = { id: string; text: string } | null;

/** The diagnostic code of a figure that no citation covers. */
export const UncitedFigure = "uncited-figure";
/** The diagnostic code of a figure whose citation holds no source yet. */
export const EmptyCitation = "empty-citation";
/** The codes of diagnostics whose range is a figure. */
export const FigureCodes: readonly string[] = [UncitedFigure, EmptyCitation];
/** The `source` of every diagnostic the server publishes. */
export const DiagnosticSource = "transcript-ls";
