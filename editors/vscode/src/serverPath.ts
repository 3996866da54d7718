/**
 * Finding the `transcript-ls` executable: the `transcript.server.path`
 * setting when given (with `~` and `${workspaceFolder}` expanded), else the
 * first `transcript-ls` on PATH. A miss comes back as a message that says
 * what was looked for and how to fix it, since a language client that only
 * reports "spawn ENOENT" leaves users guessing.
 */

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const SERVER_NAME = "transcript-ls";

export type Resolved = { ok: true; path: string } | { ok: false; message: string };

export interface Environment {
  platform: NodeJS.Platform;
  /** The PATH variable. */
  pathVar: string | undefined;
  /** PATHEXT on Windows. */
  pathExt: string | undefined;
  home: string;
  workspaceFolder: string | undefined;
  isExecutable(file: string): boolean;
}

export function currentEnvironment(workspaceFolder: string | undefined): Environment {
  return {
    platform: process.platform,
    pathVar: process.env.PATH,
    pathExt: process.env.PATHEXT,
    home: os.homedir(),
    workspaceFolder,
    isExecutable,
  };
}

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    fs.accessSync(file, process.platform === "win32" ? fs.constants.F_OK : fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const INSTALL_HINT =
  'Install it from a transcript-ls checkout with "cargo install --path .", or set "transcript.server.path" to the executable.';

export function resolveServer(setting: string | undefined, env: Environment): Resolved {
  const configured = (setting ?? "").trim();
  if (configured !== "") {
    const file = expand(configured, env);
    if (env.isExecutable(file)) {
      return { ok: true, path: file };
    }
    return {
      ok: false,
      message: `The transcript-ls server was not found at "${file}" (from the "transcript.server.path" setting). Fix the path, or clear the setting to use the transcript-ls on PATH.`,
    };
  }
  const found = searchPath(SERVER_NAME, env);
  if (found) {
    return { ok: true, path: found };
  }
  return {
    ok: false,
    message: `The transcript-ls server was not found on PATH. ${INSTALL_HINT}`,
  };
}

function expand(file: string, env: Environment): string {
  const p = env.platform === "win32" ? path.win32 : path.posix;
  let out = file;
  if (out === "~" || out.startsWith("~/") || out.startsWith("~\\")) {
    out = p.join(env.home, out.slice(1));
  }
  if (env.workspaceFolder !== undefined) {
    out = out.replace(/\$\{workspaceFolder\}/g, env.workspaceFolder);
  }
  if (!p.isAbsolute(out) && env.workspaceFolder !== undefined && /[\\/]/.test(out)) {
    out = p.join(env.workspaceFolder, out);
  }
  return out;
}

function searchPath(name: string, env: Environment): string | undefined {
  const p = env.platform === "win32" ? path.win32 : path.posix;
  const dirs = (env.pathVar ?? "").split(p.delimiter).filter((d) => d !== "");
  const exts =
    env.platform === "win32"
      ? (env.pathExt ?? ".EXE;.CMD;.BAT;.COM").split(";").filter((e) => e !== "")
      : [""];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = p.join(dir, name + ext);
      if (env.isExecutable(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}
