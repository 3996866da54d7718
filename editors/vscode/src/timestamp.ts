/**
 * `transcript.copyTimestamp`: what the clipboard gets from the server's
 * answer. Kept apart from `extension.ts` so it is tested without VS Code.
 */

import type { CopyTimestampResult } from "./protocol";

/**
 * The text to copy for an answer of `transcript.copyTimestamp`: the server's
 * `HH:MM:SS(.mmm)`, or `undefined` when it knows no time there (or answered
 * with something this client does not understand).
 */
export function timestampText(result: unknown): string | undefined {
  if (result === null || typeof result !== "object") {
    return undefined;
  }
  const { timestamp, seconds } = result as Partial<NonNullable<CopyTimestampResult>>;
  if (typeof timestamp !== "string" || timestamp === "" || typeof seconds !== "number") {
    return undefined;
  }
  return timestamp;
}
