/**
 * Finding the `transcript-ls` executable: the `transcript.server.path`
 * setting when given (with `~` and `${workspaceFolder}` expanded), else the
 * first `transcript-ls` on PATH, else the one `cargo install` put in cargo's
 * bin folder (`$CARGO_HOME/bin`, by default `~/.cargo/bin`). The last is for
 * an extension host started from a desktop launcher, whose PATH often lacks
 * the folder a terminal's has. A miss comes back as a message that says
 * what was looked for and how to fix it, since a language client that only
 * reports "spawn ENOENT" leaves users guessing.
 *
 * `resolveServer` is a pure function of the setting and an `Environment`,
 * so the tests give it a fake filesystem and environment.
 */

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const SERVER_NAME = "transcript-ls";

/** Where the server was found: the setting, PATH, or cargo's bin folder. */
export type Source = "setting" | "path" | "cargo";

export type Resolved = { ok: true; path: string; source: Source } | { ok: false; message: string };

export interface Environment {
  platform: NodeJS.Platform;
  /** The PATH variable. */
  pathVar: string | undefined;
  /** PATHEXT on Windows. */
  pathExt: string | undefined;
  /** The user's home folder (on Windows, `%USERPROFILE%`). */
  home: string;
  /** CARGO_HOME, where cargo keeps its `bin` folder when it is set. */
  cargoHome: string | undefined;
  workspaceFolder: string | undefined;
  isExecutable(file: string): boolean;
}

export function currentEnvironment(workspaceFolder: string | undefined): Environment {
  return {
    platform: process.platform,
    pathVar: process.env.PATH,
    pathExt: process.env.PATHEXT,
    home: os.homedir(),
    cargoHome: process.env.CARGO_HOME,
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
  'Install it from a transcript-ls checkout with "cargo install --locked --path .", or set "transcript.server.path" to the executable.';

export function resolveServer(setting: string | undefined, env: Environment): Resolved {
  const configured = (setting ?? "").trim();
  if (configured !== "") {
    const file = expand(configured, env);
    if (env.isExecutable(file)) {
      return { ok: true, path: file, source: "setting" };
    }
    return {
      ok: false,
      message: `The transcript-ls server was not found at "${file}" (from the "transcript.server.path" setting). Fix the path, or clear the setting to use the transcript-ls on PATH.`,
    };
  }
  const found = searchPath(SERVER_NAME, env);
  if (found) {
    return { ok: true, path: found, source: "path" };
  }
  const cargoBin = cargoBinDir(env);
  const installed = cargoInstalled(cargoBin, env);
  if (env.isExecutable(installed)) {
    return { ok: true, path: installed, source: "cargo" };
  }
  return {
    ok: false,
    message: `The transcript-ls server was not found on PATH or in ${cargoBin}. ${INSTALL_HINT}`,
  };
}

/**
 * The folder `cargo install` puts executables in: `$CARGO_HOME/bin` when
 * CARGO_HOME is set, else `.cargo/bin` in the home folder.
 */
export function cargoBinDir(env: Environment): string {
  const p = env.platform === "win32" ? path.win32 : path.posix;
  const cargoHome = (env.cargoHome ?? "").trim();
  if (cargoHome !== "") {
    return p.join(cargoHome, "bin");
  }
  return p.join(env.home, ".cargo", "bin");
}

function cargoInstalled(dir: string, env: Environment): string {
  const p = env.platform === "win32" ? path.win32 : path.posix;
  return p.join(dir, env.platform === "win32" ? `${SERVER_NAME}.exe` : SERVER_NAME);
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
