import assert from "node:assert/strict";
import { test } from "node:test";

import { cargoBinDir, type Environment, resolveServer } from "./serverPath";

function env(executables: string[], overrides: Partial<Environment> = {}): Environment {
  return {
    platform: "linux",
    pathVar: "/usr/local/bin:/home/u/.cargo/bin",
    pathExt: undefined,
    home: "/home/u",
    cargoHome: undefined,
    workspaceFolder: "/work/project",
    isExecutable: (f) => executables.includes(f),
    ...overrides,
  };
}

test("an empty setting finds the server on PATH", () => {
  const r = resolveServer("", env(["/home/u/.cargo/bin/transcript-ls"]));
  assert.deepEqual(r, { ok: true, path: "/home/u/.cargo/bin/transcript-ls", source: "path" });
});

test("a missing server says how to install it", () => {
  const r = resolveServer(undefined, env([]));
  assert.equal(r.ok, false);
  assert.match(
    !r.ok ? r.message : "",
    /not found on PATH or in \/home\/u\/\.cargo\/bin\..*cargo install --locked --path .*transcript\.server\.path/,
  );
});

test("a configured path is used as given, with ~ and ${workspaceFolder} expanded", () => {
  assert.deepEqual(resolveServer("~/bin/transcript-ls", env(["/home/u/bin/transcript-ls"])), {
    ok: true,
    path: "/home/u/bin/transcript-ls",
    source: "setting",
  });
  assert.deepEqual(
    resolveServer("${workspaceFolder}/target/debug/transcript-ls", env(["/work/project/target/debug/transcript-ls"])),
    { ok: true, path: "/work/project/target/debug/transcript-ls", source: "setting" },
  );
  assert.deepEqual(resolveServer("target/debug/transcript-ls", env(["/work/project/target/debug/transcript-ls"])), {
    ok: true,
    path: "/work/project/target/debug/transcript-ls",
    source: "setting",
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
  assert.deepEqual(r, { ok: true, path: "C:\\tools\\transcript-ls.EXE", source: "path" });
});

// The extension host's PATH comes from whatever started VS Code (a desktop
// launcher, a dock), which often lacks the ~/.cargo/bin a terminal's has.

test("not on PATH, the server cargo installed in ~/.cargo/bin is used", () => {
  const r = resolveServer("", env(["/home/u/.cargo/bin/transcript-ls"], { pathVar: "/usr/bin:/bin" }));
  assert.deepEqual(r, { ok: true, path: "/home/u/.cargo/bin/transcript-ls", source: "cargo" });
});

test("the server on PATH comes before the one in ~/.cargo/bin", () => {
  const r = resolveServer(
    "",
    env(["/usr/bin/transcript-ls", "/home/u/.cargo/bin/transcript-ls"], { pathVar: "/usr/bin:/bin" }),
  );
  assert.deepEqual(r, { ok: true, path: "/usr/bin/transcript-ls", source: "path" });
});

test("CARGO_HOME, when set, is where cargo's bin folder is looked for", () => {
  const e = env(["/home/u/.cargo/bin/transcript-ls", "/opt/cargo/bin/transcript-ls"], {
    pathVar: "/usr/bin",
    cargoHome: "/opt/cargo",
  });
  assert.equal(cargoBinDir(e), "/opt/cargo/bin");
  assert.deepEqual(resolveServer("", e), { ok: true, path: "/opt/cargo/bin/transcript-ls", source: "cargo" });
  // cargo installs into $CARGO_HOME/bin only, so ~/.cargo/bin is not looked at.
  const onlyHome = env(["/home/u/.cargo/bin/transcript-ls"], { pathVar: "/usr/bin", cargoHome: "/opt/cargo" });
  const miss = resolveServer("", onlyHome);
  assert.equal(miss.ok, false);
  assert.match(!miss.ok ? miss.message : "", /not found on PATH or in \/opt\/cargo\/bin\./);
  // An empty CARGO_HOME is unset.
  assert.equal(cargoBinDir(env([], { cargoHome: "" })), "/home/u/.cargo/bin");
});

test("on Windows, %USERPROFILE%\\.cargo\\bin\\transcript-ls.exe is the fallback", () => {
  const windows = {
    platform: "win32" as const,
    pathVar: "C:\\Windows\\system32",
    pathExt: ".COM;.EXE",
    home: "C:\\Users\\u",
  };
  const r = resolveServer("", env(["C:\\Users\\u\\.cargo\\bin\\transcript-ls.exe"], windows));
  assert.deepEqual(r, { ok: true, path: "C:\\Users\\u\\.cargo\\bin\\transcript-ls.exe", source: "cargo" });
  const withCargoHome = resolveServer(
    "",
    env(["D:\\cargo\\bin\\transcript-ls.exe"], { ...windows, cargoHome: "D:\\cargo" }),
  );
  assert.deepEqual(withCargoHome, { ok: true, path: "D:\\cargo\\bin\\transcript-ls.exe", source: "cargo" });
  const miss = resolveServer("", env([], windows));
  assert.match(!miss.ok ? miss.message : "", /not found on PATH or in C:\\Users\\u\\\.cargo\\bin\./);
});

test("a wrong configured path does not fall back to ~/.cargo/bin either", () => {
  const r = resolveServer("/opt/nowhere/transcript-ls", env(["/home/u/.cargo/bin/transcript-ls"], { pathVar: "" }));
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.message : "", /\/opt\/nowhere\/transcript-ls/);
});
