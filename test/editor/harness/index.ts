// One real editor per test file: the sandbox server, code-server with the packaged extension on a
// scratch copy of the fixture workspace, and Chromium showing the workbench. The Editor owns that
// lifecycle (start, stop, settings, screenshots, more sandboxes); the workbench's surfaces are small page objects
// on it (quickInput, notifications, statusBar, panel, files, hovers, dialog, explorer,
// settingsEditor, walkthrough, logs, runningExtensions, accounts, gestixView), each in its own file here.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { InstalledEditor } from '../../../scripts/editor-env.mjs' with { 'resolution-mode': 'import' };
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../../src/sandbox';
import { AccountsMenu } from './accounts';
import { installExtension, QUIET_WORKBENCH_SETTINGS, startCodeServer, writeUserSettings, type RunningCodeServer } from './code-server';
import { Dialog } from './dialog';
import { ErrorPanel } from './errorPanel';
import { Explorer } from './explorer';
import { Files } from './files';
import { GestixView } from './gestixView';
import { Hovers } from './hovers';
import { extensionHostLogOf, Logs, printLogTails } from './logs';
import { Notifications } from './notifications';
import { freePort, killEverythingOnSignals, waitUntil } from './processes';
import { QuickInput } from './quickInput';
import { RunningExtensions } from './runningExtensions';
import { SettingsEditor } from './settingsEditor';
import { StatusBar } from './statusBar';
import { STEP_TIMEOUT_MS } from './timeouts';
import { contributedCommands, extensionManifest, packagedExtension, packagedFixtureExtension, repoRoot, type ContributedCommand } from './vsix';
import { Walkthrough } from './walkthrough';
import { copyFixtureWorkspace } from './workspace';

/** Screenshots of each editor in their own folder, e.g. test-results/editor/code-server-4.100.3/. */
export function screenshotDirOf(editor: Pick<InstalledEditor, 'codeServerVersion'>): string {
  return join(repoRoot, 'test-results', 'editor', `code-server-${editor.codeServerVersion}`);
}

/** Flags that keep Chromium from reaching out to the network on its own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

killEverythingOnSignals();

export interface EditorOptions {
  /** Names the screenshots: test-results/editor/code-server-<version>/<scenario>.png. */
  scenario: string;
  /**
   * Merged over the defaults (quiet workbench, gestix.serverUrl/account of the sandbox); undefined
   * removes one. A function is given the started sandboxes, e.g. to list them as connections.
   */
  settings?: Record<string, unknown> | ((sandboxes: StartedSandboxes) => Record<string, unknown>);
  sandbox?: SandboxOptions;
  /** Sandboxes besides the scenario's, each on a port of its own (give each its own account and token); they stop with the editor. */
  moreSandboxes?: SandboxOptions[];
  /** Adds to the scratch copy of the fixture workspace before the editor opens it (e.g. .vscode/settings.json). */
  prepareWorkspace?: (workspace: string) => void;
  /** Opens the workspace untrusted, in Restricted Mode, without asking. */
  restrictedMode?: boolean;
  /** Test-only extensions (folders under test/editor/fixtures) installed next to the VSIX. */
  companionExtensions?: string[];
}

export interface StartedSandboxes {
  sandbox: RunningSandbox;
  moreSandboxes: readonly RunningSandbox[];
}

export class Editor {
  private stopped = false;
  readonly extensionId = extensionIdOf();
  readonly quickInput: QuickInput;
  readonly notifications: Notifications;
  readonly statusBar: StatusBar;
  /** The error panel (the webview that explains an error response). */
  readonly panel: ErrorPanel;
  readonly files: Files;
  readonly hovers: Hovers;
  readonly dialog: Dialog;
  readonly explorer: Explorer;
  readonly settingsEditor: SettingsEditor;
  readonly walkthrough: Walkthrough;
  readonly logs: Logs;
  readonly runningExtensions: RunningExtensions;
  /** VS Code's Accounts menu, in the Activity Bar. */
  readonly accounts: AccountsMenu;
  readonly gestixView: GestixView;

  private constructor(
    /** Which code-server (and so which VS Code) this is. */
    readonly installed: InstalledEditor,
    readonly scenarioName: string,
    readonly sandbox: RunningSandbox,
    /** Started with the `moreSandboxes` option, in its order; each one's control tells what it stored. */
    readonly moreSandboxes: readonly RunningSandbox[],
    readonly page: Page,
    readonly workspace: string,
    readonly userDataDir: string,
    readonly extensionsDir: string,
    private readonly scratch: string,
    private readonly browser: Browser,
    private readonly codeServer: RunningCodeServer,
  ) {
    this.quickInput = new QuickInput(page);
    this.notifications = new Notifications(page, this.quickInput);
    this.statusBar = new StatusBar(page, this.extensionId);
    this.panel = new ErrorPanel(page);
    this.files = new Files(page, this.quickInput);
    this.hovers = new Hovers(page, this.quickInput, this.files);
    this.dialog = new Dialog(page);
    this.explorer = new Explorer(page, this.quickInput);
    this.settingsEditor = new SettingsEditor(page, this.quickInput);
    this.walkthrough = new Walkthrough(page, this.quickInput);
    this.logs = new Logs(page, userDataDir, this.extensionId);
    this.runningExtensions = new RunningExtensions(page, this.quickInput);
    this.accounts = new AccountsMenu(page);
    this.gestixView = new GestixView(page, this.quickInput);
  }

  static async start(options: EditorOptions): Promise<Editor> {
    // GESTIX_EDITORS picks the editor (`npm test -- editor` runs the files once per editor).
    const { ensureEditorEnvironment, singleEditor } = await import('../../../scripts/editor-env.mjs');
    const installed = await ensureEditorEnvironment({ editor: singleEditor() });
    const vsix = await packagedExtension();

    const cleanups: (() => Promise<unknown>)[] = [];
    const scratch = mkdtempSync(join(tmpdir(), `gestix-editor-${options.scenario}-`));
    cleanups.push(() => rm(scratch, { recursive: true, force: true }));
    let page: Page | undefined;
    try {
      const sandbox = await startSandbox(options.sandbox);
      cleanups.push(() => sandbox.close());
      const moreSandboxes: RunningSandbox[] = [];
      for (const sandboxOptions of options.moreSandboxes ?? []) {
        const more = await startSandbox(sandboxOptions);
        cleanups.push(() => more.close());
        moreSandboxes.push(more);
      }

      const profile = {
        codeServerBin: installed.codeServerBin,
        env: installed.env,
        userDataDir: join(scratch, 'user-data'),
        extensionsDir: join(scratch, 'extensions'),
      };
      const settings: Record<string, unknown> = {
        ...QUIET_WORKBENCH_SETTINGS,
        'gestix.serverUrl': sandbox.origin,
        'gestix.account': sandbox.account,
        ...(options.restrictedMode ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {}),
        ...(typeof options.settings === 'function' ? options.settings({ sandbox, moreSandboxes }) : options.settings),
      };
      writeUserSettings(profile.userDataDir, JSON.parse(JSON.stringify(settings)) as Record<string, unknown>);
      await installExtension(profile, vsix);
      for (const companion of options.companionExtensions ?? []) await installExtension(profile, await packagedFixtureExtension(companion, scratch));
      const workspace = copyFixtureWorkspace(join(scratch, 'workspace'), { uniqueSeqNumbers: true });
      options.prepareWorkspace?.(workspace);

      const codeServer = await startCodeServer(profile, { port: await freePort(), workspace, workspaceTrust: options.restrictedMode === true });
      cleanups.push(() => codeServer.process.stop());

      const browser = await chromium.launch({ executablePath: installed.chromiumPath, args: CHROMIUM_ARGS, timeout: 30_000 });
      cleanups.push(() => browser.close());
      page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      page.setDefaultTimeout(STEP_TIMEOUT_MS);
      await page.goto(codeServer.url, { timeout: 30_000 });
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      await page.waitForSelector('.statusbar', { timeout: 30_000 });
      // Until the extension host has started, the palette does not know the extension's commands.
      await waitUntil('the extension host to start', () => /Eager extensions activated/.test(extensionHostLogOf(profile.userDataDir)), 60_000);

      return new Editor(installed, options.scenario, sandbox, moreSandboxes, page, workspace, profile.userDataDir, profile.extensionsDir, scratch, browser, codeServer);
    } catch (error) {
      if (page) await saveScreenshot(page, screenshotDirOf(installed), `${options.scenario}-start-failed`).catch(() => undefined);
      printLogTails(join(scratch, 'user-data'), extensionIdOf());
      for (const cleanup of cleanups.reverse()) await bounded(cleanup(), 15_000).catch(() => undefined);
      throw error;
    }
  }

  /** Stops Chromium, code-server (its whole process group) and the sandboxes. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await bounded(this.browser.close(), 15_000).catch(() => undefined);
    await this.codeServer.process.stop();
    for (const sandbox of [this.sandbox, ...this.moreSandboxes]) await bounded(sandbox.close(), 15_000).catch(() => undefined);
    if (!process.env.GESTIX_KEEP_EDITOR_FILES) rmSync(this.scratch, { recursive: true, force: true });
  }

  /**
   * Wraps a test body (call the result): on success saves <screenshot folder>/<name>.png; on
   * failure saves <name>-failed.png and prints the end of the extension host and Gestix logs.
   */
  scenario(name: string, body: () => Promise<void>): () => Promise<void> {
    return async () => {
      try {
        await body();
        await this.screenshot(name);
      } catch (error) {
        await this.screenshot(`${name}-failed`).catch(() => undefined);
        printLogTails(this.userDataDir, this.extensionId);
        throw error;
      }
    };
  }

  /**
   * Changes user settings while the editor runs (undefined removes one), as a person editing
   * settings.json would; the extension hears of it through onDidChangeConfiguration.
   */
  updateSettings(changes: Record<string, unknown>): void {
    writeUserSettings(this.userDataDir, JSON.parse(JSON.stringify({ ...this.userSettings(), ...changes })) as Record<string, unknown>);
  }

  /**
   * Changes the remote machine's settings while the editor runs (undefined removes one): code-server's
   * extension host hears of those at once, whatever a setting's scope (application scope aside).
   */
  updateMachineSettings(changes: Record<string, unknown>): void {
    const file = join(this.userDataDir, 'Machine', 'settings.json');
    const current = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
    writeFileSync(file, `${JSON.stringify({ ...current, ...changes }, null, 2)}\n`);
  }

  /**
   * The settings as the extension host sees them: code-server's host is a remote one, so settings
   * with machine scope (gestix.serverUrl) are written to and read from the machine's settings file.
   */
  userSettings(): Record<string, unknown> {
    const read = (file: string) => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {});
    return { ...read(join(this.userDataDir, 'User', 'settings.json')), ...read(join(this.userDataDir, 'Machine', 'settings.json')) };
  }

  /**
   * Every settings file the editor reads (user, machine, the workspace's .vscode/settings.json), byte
   * for byte (each byte one character), by path; a file that does not exist is absent.
   */
  settingsFiles(): Record<string, string> {
    const files = [join(this.userDataDir, 'User', 'settings.json'), join(this.userDataDir, 'Machine', 'settings.json'), join(this.workspace, '.vscode', 'settings.json')];
    return Object.fromEntries(files.filter((file) => existsSync(file)).map((file) => [file, readFileSync(file, 'latin1')]));
  }

  /** Presses Escape, which closes what is in front: a hover, a quick pick, the notification centre. */
  async dismiss(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }

  /** The text of the whole workbench as a person sees it (webviews' frames not included). */
  async workbenchText(): Promise<string> {
    return this.page.locator('body').innerText();
  }

  /** Waits for the workbench to be back, e.g. after Developer: Reload Window. */
  async waitForWorkbench(): Promise<void> {
    await this.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  }

  /** Developer: Reload Window, as a person runs it: a new page and a new extension host. */
  async reloadWindow(): Promise<void> {
    const reloaded = this.page.waitForEvent('load', { timeout: 60_000 });
    await this.quickInput.runCommand('Developer: Reload Window');
    await reloaded;
    await this.waitForWorkbench();
    await this.page.waitForSelector('.statusbar', { timeout: 30_000 });
  }

  async screenshot(name = this.scenarioName): Promise<string> {
    return saveScreenshot(this.page, screenshotDirOf(this.installed), name);
  }

  /** Saves a screenshot of another page of the browser (a tab the workbench opened), next to the workbench's. */
  async screenshotOf(page: Page, name: string): Promise<string> {
    return saveScreenshot(page, screenshotDirOf(this.installed), name);
  }

  /** The palette titles of the commands the installed extension contributes. */
  contributedCommands(): ContributedCommand[] {
    const folder = readdirSync(this.extensionsDir).find((entry) => entry.startsWith(`${this.extensionId}-`));
    if (!folder) throw new Error(`${this.extensionId} is not installed in ${this.extensionsDir}`);
    return contributedCommands(extensionManifest(join(this.extensionsDir, folder)));
  }
}

function extensionIdOf(): string {
  const { publisher, name } = extensionManifest();
  return `${publisher}.${name}`;
}

async function saveScreenshot(page: Page, folder: string, name: string): Promise<string> {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `${name}.png`);
  await page.screenshot({ path, timeout: 10_000 });
  return path;
}

function bounded<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gave up after ${ms} ms`)), ms);
    work.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
