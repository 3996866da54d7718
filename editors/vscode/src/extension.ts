/**
 * The VS Code side of transcript-ls: it starts the server, hands it the
 * `transcript.*` settings, and turns the server's note commands into input
 * boxes. All the analysis and every edit to a sidecar happen in the server
 * (through `workspace/executeCommand` and `workspace/applyEdit`), so these
 * commands only gather the user's input and the selection.
 *
 * The server starts with the first transcript or sidecar opened, not when
 * VS Code opens a plain-text file, so users who never open a transcript
 * never run it.
 */

import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  type LanguageClientOptions,
  RequestType,
  type ServerOptions,
  State,
  TransportKind,
} from "vscode-languageclient/node";

import {
  type AddNoteArgs,
  type CiteFigureArgs,
  type ClaimsArgs,
  type CopyTimestampArgs,
  DiagnosticSource,
  type EditNoteArgs,
  type MarkReviewedArgs,
  NoteAtMethod,
  type NoteAtParams,
  type NoteAtResult,
  type RemoveNoteArgs,
  FigureCodes,
  ServerCommand,
} from "./protocol";
import { validateSource } from "./citation";
import { type ClaimsNode, claimsTree, type FileNode, statusBarText, uncitedIn } from "./claims";
import { timestampText } from "./timestamp";
import { currentEnvironment, resolveServer } from "./serverPath";
import { serverSettings, type ServerSettings } from "./settings";
import { looksLikeTranscript, SNIFF_LINES } from "./sniff";

const LANGUAGE = "transcript";
const SIDECAR_GLOB = "**/*.notes.json";
const NoteAt = new RequestType<NoteAtParams, NoteAtResult, void>(NoteAtMethod);

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;
/** Set while a start or stop is under way, so two callers never race. */
let pending: Promise<void> = Promise.resolve();
/** The last "server not found" message shown, so opening more transcripts does not repeat it. */
let shownMissing: string | undefined;

export function activate(context: vscode.ExtensionContext): void {
  output = vscode.window.createOutputChannel("Transcript LS");
  context.subscriptions.push(output);

  const register = (id: string, run: () => Promise<void>) =>
    context.subscriptions.push(
      vscode.commands.registerCommand(id, () =>
        run().catch((e) => showError(`Transcript: ${errorText(e)}`)),
      ),
    );
  register("transcript.client.addNote", addNote);
  register("transcript.client.editNote", editNote);
  register("transcript.client.citeFigure", citeFigure);
  register("transcript.client.markReviewed", markReviewed);
  register("transcript.client.removeNote", removeNote);
  register("transcript.client.copyTimestamp", copyTimestamp);
  register("transcript.client.restartServer", () => serialize(restart));
  register("transcript.client.showClaims", showClaims);
  register("transcript.client.refreshClaims", refreshClaims);

  claimsView = vscode.window.createTreeView(CLAIMS_VIEW, { treeDataProvider: claims });
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 50);
  status.name = "Transcript: uncited figures";
  status.command = "transcript.client.showClaims";
  context.subscriptions.push(
    claimsView,
    status,
    claimsView.onDidChangeVisibility((e) => {
      if (e.visible) {
        soon("claims", refreshClaims);
      }
    }),
    // A new analysis shows as new diagnostics: the count may have changed.
    // The count asks for one document's rows; the whole table, which reads
    // the workspace's files, waits for a save, an open or a close.
    vscode.languages.onDidChangeDiagnostics((e) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (e.uris.some((u) => u.toString() === active)) {
        soon("status", updateStatus);
      }
    }),
    vscode.window.onDidChangeActiveTextEditor(() => soon("status", updateStatus)),
    vscode.workspace.onDidSaveTextDocument(transcriptMoved),
    vscode.workspace.onDidOpenTextDocument(transcriptMoved),
    vscode.workspace.onDidCloseTextDocument(transcriptMoved),
  );

  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(onOpen),
    vscode.workspace.onDidChangeConfiguration(onConfigurationChange),
  );
  vscode.workspace.textDocuments.forEach(onOpen);
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}

// --- Starting and stopping -------------------------------------------------

function serves(doc: vscode.TextDocument): boolean {
  return doc.languageId === LANGUAGE || isSidecar(doc.uri);
}

function isSidecar(uri: vscode.Uri): boolean {
  return uri.scheme === "file" && uri.path.endsWith(".notes.json");
}

function onOpen(doc: vscode.TextDocument): void {
  if (doc.languageId === "plaintext" && plaintextOptIn(doc.uri) && sniff(doc)) {
    // Switching the language reopens the document as a transcript, which
    // brings us back here with languageId `transcript`.
    void vscode.languages.setTextDocumentLanguage(doc, LANGUAGE);
    return;
  }
  if (serves(doc) && client === undefined) {
    void serialize(start);
  }
}

function plaintextOptIn(uri: vscode.Uri): boolean {
  return vscode.workspace.getConfiguration("transcript", uri).get<boolean>("plaintext", false);
}

function sniff(doc: vscode.TextDocument): boolean {
  const end = Math.min(doc.lineCount, SNIFF_LINES * 2);
  return looksLikeTranscript(doc.getText(new vscode.Range(0, 0, end, 0)));
}

function serialize(step: () => Promise<void>): Promise<void> {
  pending = pending.then(step, step);
  return pending;
}

async function start(): Promise<void> {
  if (client !== undefined) {
    return;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const setting = vscode.workspace.getConfiguration("transcript").get<string>("server.path");
  const server = resolveServer(setting, currentEnvironment(folder));
  if (!server.ok) {
    output?.appendLine(server.message);
    if (shownMissing === server.message) {
      return;
    }
    shownMissing = server.message;
    void vscode.window
      .showErrorMessage(server.message, "Open Settings", "Retry")
      .then((choice) => {
        if (choice === "Open Settings") {
          void vscode.commands.executeCommand(
            "workbench.action.openSettings",
            "transcript.server.path",
          );
        } else if (choice === "Retry") {
          shownMissing = undefined;
          void serialize(start);
        }
      });
    return;
  }
  shownMissing = undefined;
  output?.appendLine(
    server.source === "cargo"
      ? `Starting ${server.path} (not on the PATH VS Code was started with; found where cargo installs)`
      : `Starting ${server.path}`,
  );

  const serverOptions: ServerOptions = {
    command: server.path,
    transport: TransportKind.stdio,
  };
  const watchers = [
    vscode.workspace.createFileSystemWatcher(SIDECAR_GLOB),
    vscode.workspace.createFileSystemWatcher("**/transcript-ls.toml"),
  ];
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: LANGUAGE },
      { scheme: "untitled", language: LANGUAGE },
      { scheme: "file", pattern: SIDECAR_GLOB },
    ],
    outputChannel: output,
    initializationOptions: () => settingsFor(undefined),
    synchronize: { fileEvents: watchers },
    middleware: {
      workspace: {
        // Answer `workspace/configuration` for the `transcript` section in the
        // server's shape, per folder when the server names one.
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) {
            return answers;
          }
          return params.items.map((item, i) => {
            if (item.section !== "transcript") {
              return answers[i];
            }
            const scope = item.scopeUri
              ? client?.protocol2CodeConverter.asUri(item.scopeUri)
              : undefined;
            return settingsFor(scope);
          });
        },
      },
    },
  };
  const next = new LanguageClient("transcript", "Transcript LS", serverOptions, clientOptions);
  client = next;
  next.onDidChangeState((e) => {
    if (e.newState === State.Stopped && client === next) {
      output?.appendLine("The server stopped. Run “Transcript: Restart Server” to start it again.");
    }
  });
  try {
    await next.start();
  } catch (e) {
    client = undefined;
    watchers.forEach((w) => w.dispose());
    showError(`Transcript: the server at ${server.path} did not start: ${errorText(e)}`);
    return;
  }
  next.onDidChangeState((e) => {
    if (e.newState === State.Stopped) {
      watchers.forEach((w) => w.dispose());
      void vscode.commands.executeCommand("setContext", RUNNING, false);
      status?.hide();
    }
  });
  await vscode.commands.executeCommand("setContext", RUNNING, true);
  soon("status", updateStatus);
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running !== undefined) {
    try {
      await running.stop();
    } catch (e) {
      output?.appendLine(`Stopping the server: ${errorText(e)}`);
    }
  }
}

async function restart(): Promise<void> {
  shownMissing = undefined;
  await stop();
  await start();
}

function settingsFor(scope: vscode.Uri | undefined): ServerSettings {
  const config = vscode.workspace.getConfiguration("transcript", scope);
  return serverSettings((key) => config.get(key));
}

function onConfigurationChange(e: vscode.ConfigurationChangeEvent): void {
  if (e.affectsConfiguration("transcript.server.path")) {
    void serialize(restart);
    return;
  }
  if (e.affectsConfiguration("transcript.plaintext")) {
    vscode.workspace.textDocuments.forEach(onOpen);
  }
  if (e.affectsConfiguration("transcript") && client?.isRunning()) {
    void client.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { transcript: settingsFor(undefined) },
    });
  }
}

// --- Commands ----------------------------------------------------------------

interface Target {
  editor: vscode.TextEditor;
  client: LanguageClient;
  uri: string;
}

/** The active transcript editor and a running server, or a message why not. */
async function target(): Promise<Target | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined || editor.document.languageId !== LANGUAGE) {
    void vscode.window.showInformationMessage("Transcript: open a transcript first.");
    return undefined;
  }
  if (client === undefined) {
    await serialize(start);
  }
  const running = client;
  if (running === undefined || !running.isRunning()) {
    void vscode.window.showErrorMessage(
      "Transcript: the server is not running. Run “Transcript: Restart Server”, or see the Transcript LS output.",
    );
    return undefined;
  }
  return {
    editor,
    client: running,
    uri: running.code2ProtocolConverter.asUri(editor.document.uri),
  };
}

/**
 * What a command acts on: the selection, else the uncited figure under the
 * cursor, else the word under the cursor.
 */
function targetRange(editor: vscode.TextEditor): vscode.Range | undefined {
  if (!editor.selection.isEmpty) {
    return editor.selection;
  }
  const cursor = editor.selection.active;
  const figure = vscode.languages
    .getDiagnostics(editor.document.uri)
    .find((d) => d.source === DiagnosticSource && FigureCodes.includes(String(codeOf(d))) && d.range.contains(cursor));
  return figure?.range ?? editor.document.getWordRangeAtPosition(cursor);
}

function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === "object" ? d.code.value : d.code;
}

async function execute(t: Target, command: string, args: object): Promise<void> {
  await t.client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [args] });
}

async function noteAtCursor(t: Target): Promise<NoteAtResult> {
  const params: NoteAtParams = {
    uri: t.uri,
    position: t.client.code2ProtocolConverter.asPosition(t.editor.selection.active),
  };
  const note = await t.client.sendRequest(NoteAt, params);
  if (note === null || note === undefined) {
    void vscode.window.showInformationMessage(
      "Transcript: no note at the cursor. Select some text and run “Transcript: Add Note…” to add one.",
    );
    return null;
  }
  return note;
}

function nonEmpty(value: string): string | undefined {
  return value.trim() === "" ? "A note needs some text." : undefined;
}

async function addNote(): Promise<void> {
  const t = await target();
  if (t === undefined) {
    return;
  }
  const range = targetRange(t.editor);
  if (range === undefined) {
    void vscode.window.showInformationMessage("Transcript: select the text the note is about.");
    return;
  }
  const quote = t.editor.document.getText(range);
  const text = await vscode.window.showInputBox({
    title: "Add note",
    prompt: `Note on “${shorten(quote)}” (Markdown)`,
    validateInput: nonEmpty,
  });
  if (text === undefined) {
    return;
  }
  const args: AddNoteArgs = {
    uri: t.uri,
    range: t.client.code2ProtocolConverter.asRange(range),
    text,
  };
  await execute(t, ServerCommand.addNote, args);
}

async function editNote(): Promise<void> {
  const t = await target();
  if (t === undefined) {
    return;
  }
  const note = await noteAtCursor(t);
  if (note === null) {
    return;
  }
  const text = await vscode.window.showInputBox({
    title: "Edit note",
    value: note.text,
    prompt: "The note's new text (Markdown)",
    validateInput: nonEmpty,
  });
  if (text === undefined || text === note.text) {
    return;
  }
  const args: EditNoteArgs = { uri: t.uri, id: note.id, text };
  await execute(t, ServerCommand.editNote, args);
}

async function citeFigure(): Promise<void> {
  const t = await target();
  if (t === undefined) {
    return;
  }
  const range = targetRange(t.editor);
  if (range === undefined) {
    void vscode.window.showInformationMessage("Transcript: put the cursor on a figure, or select it.");
    return;
  }
  const source = await vscode.window.showInputBox({
    title: "Cite figure",
    prompt: `Source for “${shorten(t.editor.document.getText(range))}”`,
    placeHolder: "https://…, 10.1234/… or @citation-key",
    validateInput: validateSource,
  });
  if (source === undefined) {
    return;
  }
  const args: CiteFigureArgs = {
    uri: t.uri,
    range: t.client.code2ProtocolConverter.asRange(range),
    source: source.trim(),
  };
  await execute(t, ServerCommand.citeFigure, args);
}

async function markReviewed(): Promise<void> {
  const t = await target();
  if (t === undefined) {
    return;
  }
  const range = targetRange(t.editor);
  if (range === undefined) {
    void vscode.window.showInformationMessage("Transcript: put the cursor on a figure, or select it.");
    return;
  }
  const args: MarkReviewedArgs = {
    uri: t.uri,
    range: t.client.code2ProtocolConverter.asRange(range),
  };
  await execute(t, ServerCommand.markReviewed, args);
}

async function removeNote(): Promise<void> {
  const t = await target();
  if (t === undefined) {
    return;
  }
  const note = await noteAtCursor(t);
  if (note === null) {
    return;
  }
  // The removal is an edit to the sidecar, so Undo there brings it back; the
  // question only guards against removing the wrong note of several.
  const choice = await vscode.window.showWarningMessage(
    `Remove the note “${shorten(note.text)}”?`,
    { modal: true },
    "Remove",
  );
  if (choice !== "Remove") {
    return;
  }
  const args: RemoveNoteArgs = { uri: t.uri, id: note.id };
  await execute(t, ServerCommand.removeNote, args);
}

/** Copies the time in the recording at the cursor, as the server gives it. */
async function copyTimestamp(): Promise<void> {
  const t = await target();
  if (t === undefined) {
    return;
  }
  const args: CopyTimestampArgs = {
    uri: t.uri,
    position: t.client.code2ProtocolConverter.asPosition(t.editor.selection.active),
  };
  const answer: unknown = await t.client.sendRequest(ExecuteCommandRequest.type, {
    command: ServerCommand.copyTimestamp,
    arguments: [args],
  });
  const text = timestampText(answer);
  if (text === undefined) {
    void vscode.window.showInformationMessage("Transcript: no time is known at the cursor.");
    return;
  }
  await vscode.env.clipboard.writeText(text);
  void vscode.window.setStatusBarMessage(`Transcript: copied ${text}`, 3000);
}

// --- The Claims view and the status bar --------------------------------------

const CLAIMS_VIEW = "transcriptClaims";
/** The context key the view's `when` clause reads. */
const RUNNING = "transcript.serverRunning";

let claimsView: vscode.TreeView<ClaimsNode> | undefined;
let status: vscode.StatusBarItem | undefined;

/** The tree of the last `transcript.claims` answer; the shaping is in `claims.ts`. */
class ClaimsProvider implements vscode.TreeDataProvider<ClaimsNode> {
  private tree: FileNode[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  set(tree: FileNode[]): void {
    this.tree = tree;
    this.changed.fire();
  }

  getChildren(node?: ClaimsNode): ClaimsNode[] {
    if (node === undefined) {
      return this.tree;
    }
    return node.kind === "claim" ? [] : node.children;
  }

  getTreeItem(node: ClaimsNode): vscode.TreeItem {
    const expanded = vscode.TreeItemCollapsibleState.Expanded;
    switch (node.kind) {
      case "file": {
        const item = new vscode.TreeItem(node.label, expanded);
        item.resourceUri = vscode.Uri.parse(node.uri);
        item.iconPath = vscode.ThemeIcon.File;
        item.description = node.description;
        return item;
      }
      case "speaker": {
        const item = new vscode.TreeItem(node.label, expanded);
        item.iconPath = new vscode.ThemeIcon("person");
        item.description = node.description;
        return item;
      }
      case "claim": {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.description = node.description;
        item.tooltip = node.tooltip;
        item.iconPath = new vscode.ThemeIcon(node.icon);
        const r = node.range;
        const selection = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
        item.command = {
          command: "vscode.open",
          title: "Go to the claim",
          arguments: [vscode.Uri.parse(node.uri), { selection }],
        };
        return item;
      }
    }
  }
}

const claims = new ClaimsProvider();

/** Pending runs by name, so a burst of events costs one request. */
const timers = new Map<string, ReturnType<typeof setTimeout>>();

function soon(name: string, run: () => Promise<void>, wait = 300): void {
  clearTimeout(timers.get(name));
  timers.set(
    name,
    setTimeout(() => {
      timers.delete(name);
      run().catch((e) => output?.appendLine(`Transcript: ${errorText(e)}`));
    }, wait),
  );
}

/** A running server, started if need be; `undefined` when it cannot run. */
async function runningClient(): Promise<LanguageClient | undefined> {
  if (client === undefined) {
    await serialize(start);
  }
  return client?.isRunning() ? client : undefined;
}

/** A transcript was saved, opened or closed: the table may have changed. */
function transcriptMoved(doc: vscode.TextDocument): void {
  if (doc.languageId === LANGUAGE && claimsView?.visible) {
    soon("claims", refreshClaims, 500);
  }
}

/** Asks for the workspace's claims table and shows it in the view. */
async function refreshClaims(): Promise<void> {
  const running = await runningClient();
  if (running === undefined || claimsView === undefined) {
    return;
  }
  const answer: unknown = await running.sendRequest(ExecuteCommandRequest.type, {
    command: ServerCommand.claims,
    arguments: [],
  });
  const tree = claimsTree(answer);
  claims.set(tree);
  const failed = (answer as { failed?: { path: string; why: string }[] } | null)?.failed ?? [];
  claimsView.message =
    tree.length === 0
      ? "No figures in the transcripts of this workspace."
      : failed.length > 0
        ? `Not read: ${failed.map((f) => `${f.path} (${f.why})`).join("; ")}`
        : undefined;
}

/** Shows the Claims view with a fresh table. */
async function showClaims(): Promise<void> {
  // The view shows only once the server runs (its `when` clause).
  if ((await runningClient()) === undefined) {
    void vscode.window.showErrorMessage(
      "Transcript: the server is not running. Run “Transcript: Restart Server”, or see the Transcript LS output.",
    );
    return;
  }
  await vscode.commands.executeCommand(`${CLAIMS_VIEW}.focus`);
  await refreshClaims();
}

/** Counts the uncited figures of the transcript in front of the user. */
async function updateStatus(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const running = client;
  if (
    status === undefined ||
    editor === undefined ||
    editor.document.languageId !== LANGUAGE ||
    running === undefined ||
    !running.isRunning()
  ) {
    status?.hide();
    return;
  }
  const args: ClaimsArgs = { uri: running.code2ProtocolConverter.asUri(editor.document.uri) };
  const answer: unknown = await running.sendRequest(ExecuteCommandRequest.type, {
    command: ServerCommand.claims,
    arguments: [args],
  });
  // The user may have moved on while the server answered.
  if (vscode.window.activeTextEditor !== editor) {
    return;
  }
  const uncited = uncitedIn(answer);
  status.text = statusBarText(uncited);
  status.tooltip = `${uncited} figures in ${editor.document.fileName} have no source yet. Click for the claims of the workspace.`;
  status.show();
}

// --- Helpers -----------------------------------------------------------------

function shorten(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function showError(message: string): void {
  output?.appendLine(message);
  void vscode.window.showErrorMessage(message);
}
