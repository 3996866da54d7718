import assert from "node:assert/strict";
import { test } from "node:test";

import { type Environment, resolveServer } from "./serverPath";

function env(executables: string[], overrides: Partial<Environment> = {}): Environment {
  return {
    platform: "linux",
    pathVar: "/usr/local/bin:/home/u/.cargo/bin",
    pathExt: undefined,
    home: "/home/u",
    workspaceFolder: "/work/project",
    isExecutable: (f) => executables.includes(f),
    ...overrides,
  };
}

test("an empty setting finds the server on PATH", () => {
  const r = resolveServer("", env(["/home/u/.cargo/bin/transcript-ls"]));
  assert.deepEqual(r, { ok: true, path: "/home/u/.cargo/bin/transcript-ls" });
});

test("a missing server says how to install it", () => {
  const r = resolveServer(undefined, env([]));
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.message : "", /not found on PATH.*cargo install --path .*transcript\.server\.path/);
});

test("a configured path is used as given, with ~ and ${workspaceFolder} expanded", () => {
  assert.deepEqual(resolveServer("~/bin/transcript-ls", env(["/home/u/bin/transcript-ls"])), {
    ok: true,
    path: "/home/u/bin/transcript-ls",
  });
  assert.deepEqual(
    resolveServer("${workspaceFolder}/target/debug/transcript-ls", env(["/work/project/target/debug/transcript-ls"])),
    { ok: true, path: "/work/project/target/debug/transcript-ls" },
  );
  assert.deepEqual(resolveServer("target/debug/transcript-ls", env(["/work/project/target/debug/transcript-ls"])), {
    ok: true,
    path: "/work/project/target/debug/transcript-ls",
  });
});

test("a wrong configured path names the setting, and PATH is not tried behind its back", () => {
  const r = resolveServer("/opt/nowhere/transcript-ls", env(["/usr/local/bin/transcript-ls"]));
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.message : "", /\/opt\/nowhere\/transcript-ls.*transcript\.server\.path/);
});

test("on Windows PATHEXT extensions are tried", () => {
  const r = resolveServer(
    "",
    env(["C:\\tools\\transcript-ls.EXE"], { platform: "win32", pathVar: "C:\\bin;C:\\tools", pathExt: ".COM;.EXE" }),
  );
  assert.deepEqual(r, { ok: true, path: "C:\\tools\\transcript-ls.EXE" });
});
