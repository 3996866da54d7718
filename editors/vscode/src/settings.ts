/**
 * The `transcript.*` settings, shaped as the server reads them.
 *
 * VS Code stores settings flat (`transcript.severity.count`); the server takes
 * the nested `transcript` section (`{ severity: { count } }`) in
 * `initializationOptions`, `workspace/didChangeConfiguration` and
 * `workspace/configuration`. Only the keys the server knows are sent: the
 * client's own settings (`server.path`, `trace.server`, `plaintext`) stay
 * here, so the server has no unknown keys to warn about.
 */

export const FIGURE_KINDS = [
  "count",
  "money",
  "percentage",
  "multiplier",
  "measure",
  "fraction",
  "spelled-count",
] as const;

export type FigureKind = (typeof FIGURE_KINDS)[number];

export const SEVERITIES = ["error", "warning", "information", "hint", "off"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CITATION_STYLES = ["pandoc", "footnote", "numbered"] as const;
export type CitationStyle = (typeof CITATION_STYLES)[number];

export interface ServerSettings {
  severity: Record<FigureKind, Severity>;
  citations: Record<CitationStyle, boolean>;
  include: string[];
  exclude: string[];
}

/** Reads one setting below `transcript.` (`severity.count`), or undefined. */
export type SettingReader = (key: string) => unknown;

export function defaultSeverity(kind: FigureKind): Severity {
  return kind === "spelled-count" ? "information" : "warning";
}

/**
 * The server's view of the settings. A value of the wrong type (hand-edited
 * settings.json) falls back to its default rather than reaching the server.
 */
export function serverSettings(read: SettingReader): ServerSettings {
  const severity = {} as Record<FigureKind, Severity>;
  for (const kind of FIGURE_KINDS) {
    const value = read(`severity.${kind}`);
    severity[kind] = isSeverity(value) ? value : defaultSeverity(kind);
  }
  const citations = {} as Record<CitationStyle, boolean>;
  for (const style of CITATION_STYLES) {
    const value = read(`citations.${style}`);
    citations[style] = typeof value === "boolean" ? value : true;
  }
  return {
    severity,
    citations,
    include: globs(read("include")),
    exclude: globs(read("exclude")),
  };
}

function isSeverity(value: unknown): value is Severity {
  return typeof value === "string" && (SEVERITIES as readonly string[]).includes(value);
}

function globs(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((g): g is string => typeof g === "string") : [];
}
