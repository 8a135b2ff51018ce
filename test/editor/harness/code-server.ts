// Installs a packaged extension into code-server and serves the workbench on a loopback port.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runToCompletion, startProcess, waitUntil, type StartedProcess } from './processes';
import { NEWER_WORKBENCH_SETTINGS } from './workbench';

/** Without these a workspace-trust dialog and welcome pages cover the workbench. */
export const QUIET_WORKBENCH_SETTINGS: Readonly<Record<string, unknown>> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  // No check, so no update either. (`extensions.autoUpdate` is left out: newer editors rewrite its old
  // `false` in the settings file some moments after starting, which scenarios comparing the settings
  // files byte for byte would take for the extension's doing.)
  'extensions.autoCheckUpdates': false,
  'workbench.tips.enabled': false,
  'chat.commandCenter.enabled': false,
  'workbench.enableExperiments': false,
  ...NEWER_WORKBENCH_SETTINGS,
};

export interface CodeServerProfile {
  codeServerBin: string;
  userDataDir: string;
  extensionsDir: string;
  /** The environment code-server runs in: the Node its version asks for comes first on PATH. */
  env: NodeJS.ProcessEnv;
}

export interface RunningCodeServer {
  /** Opens the workbench on the workspace folder. */
  url: string;
  process: StartedProcess;
}

/** Settings the manifest declares with `"scope": "machine"` or `"machine-overridable"`. */
function machineScopedSettings(): Set<string> {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
    contributes?: { configuration?: { properties?: Record<string, { scope?: string }> }[] };
  };
  const properties = (manifest.contributes?.configuration ?? []).flatMap((section) => Object.entries(section.properties ?? {}));
  return new Set(properties.filter(([, property]) => property.scope === 'machine' || property.scope === 'machine-overridable').map(([name]) => name));
}

export function writeUserSettings(userDataDir: string, settings: Record<string, unknown>): void {
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  // code-server's extension host is a remote one: it takes machine-scoped settings from the machine's
  // settings file, and drops those in User/settings.json as soon as that file is rewritten (e.g.
  // when signing in remembers another account). A change there while it runs reaches it (a change of
  // User/settings.json does not), so machine-overridable settings are written there too. A desktop
  // VS Code ignores the Machine folder.
  const machineScoped = machineScopedSettings();
  const machine = Object.fromEntries(Object.entries(settings).filter(([name]) => machineScoped.has(name)));
  mkdirSync(join(userDataDir, 'Machine'), { recursive: true });
  writeFileSync(join(userDataDir, 'Machine', 'settings.json'), `${JSON.stringify(machine, null, 2)}\n`);
}

function profileArgs(profile: CodeServerProfile): string[] {
  // An explicit --config keeps code-server from writing ~/.config/code-server/config.yaml.
  const config = join(profile.userDataDir, 'code-server.yaml');
  writeFileSync(config, 'auth: none\n');
  return ['--config', config, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir];
}

export async function installExtension(profile: CodeServerProfile, vsix: string): Promise<void> {
  mkdirSync(profile.extensionsDir, { recursive: true });
  const output = await runToCompletion(
    'code-server --install-extension',
    profile.codeServerBin,
    [...profileArgs(profile), '--install-extension', vsix, '--force'],
    { timeoutMs: 120_000, env: profile.env },
  );
  if (!/successfully installed/i.test(output)) throw new Error(`Installing ${vsix} into code-server failed:\n${output}`);
}

export async function startCodeServer(
  profile: CodeServerProfile,
  options: { port: number; workspace: string; timeoutMs?: number; workspaceTrust?: boolean },
): Promise<RunningCodeServer> {
  const origin = `http://127.0.0.1:${options.port}`;
  const child = startProcess(
    'code-server',
    profile.codeServerBin,
    [
      ...profileArgs(profile),
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${options.port}`,
      '--disable-telemetry',
      '--disable-update-check',
      ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--ignore-last-opened',
      options.workspace,
    ],
    { env: profile.env },
  );
  try {
    const ready = waitUntil(
      `code-server to answer on ${origin}/healthz`,
      async () => (await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2000) })).ok,
      options.timeoutMs ?? 60_000,
    ).then(() => 'ready' as const);
    ready.catch(() => undefined); // observed by the race below; this only keeps a late rejection handled
    if ((await Promise.race([ready, child.exited.then(() => 'exited' as const)])) === 'exited') {
      throw new Error('code-server exited before it was ready');
    }
  } catch (error) {
    await child.stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\ncode-server output:\n${child.output()}`, { cause: error });
  }
  return { url: `${origin}/?folder=${encodeURI(options.workspace)}`, process: child };
}
