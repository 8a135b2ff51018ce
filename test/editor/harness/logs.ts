// The logs VS Code writes to disk: the extension's output channels and the extension host's log,
// and the Output view that shows a channel.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { waitUntil } from './processes';
import { STEP_TIMEOUT_MS } from './timeouts';

export class Logs {
  constructor(
    private readonly page: Page,
    private readonly userDataDir: string,
    private readonly extensionId: string,
  ) {}

  /** The extension's LogOutputChannel as written to disk by the extension host. */
  outputChannelText(channel = 'Gestix'): string {
    return outputChannelTextOf(this.userDataDir, this.extensionId, channel);
  }

  /**
   * The output channel's text, failing when the channel wrote nothing: a check that something is
   * absent from the log must not pass on a log that was never written or found.
   */
  writtenOutputChannelText(channel = 'Gestix'): string {
    const text = this.outputChannelText(channel);
    if (text.trim() === '') throw new Error(`The ${channel} log is empty or was not found under ${this.userDataDir}`);
    return text;
  }

  /** The extension host's log, failing when it is empty or was not found (see writtenOutputChannelText). */
  writtenExtensionHostLog(): string {
    const text = this.extensionHostLog();
    if (text.trim() === '') throw new Error(`The extension host log is empty or was not found under ${this.userDataDir}`);
    return text;
  }

  /** Waits for a line of an output channel to match, and returns that line. */
  async waitForOutputLine(pattern: RegExp, timeoutMs = STEP_TIMEOUT_MS, channel = 'Gestix'): Promise<string> {
    await waitUntil(`the ${channel} log to contain ${pattern}`, () => pattern.test(this.outputChannelText(channel)), timeoutMs);
    return this.outputChannelText(channel).split('\n').find((line) => pattern.test(line)) ?? '';
  }

  /** The Output view's editor (in the panel), when it shows `text` if given. */
  outputView(text?: string): Locator {
    return this.page.locator('.part.panel .monaco-editor', text === undefined ? {} : { hasText: text }).first();
  }

  /** The remote extension host's log (activation, errors thrown by extensions). */
  extensionHostLog(): string {
    return extensionHostLogOf(this.userDataDir);
  }

  async waitForExtensionHostLog(pattern: RegExp, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
    await waitUntil(`the extension host log to contain ${pattern}`, () => pattern.test(this.extensionHostLog()), timeoutMs);
  }

  /**
   * The activations of an extension (this one by default) the extension host logged, oldest first:
   * what activated it, and whether that was while the window started.
   */
  activations(extensionId = this.extensionId): { event: string; startup: boolean }[] {
    const escaped = extensionId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const line = new RegExp(`_doActivateExtension ${escaped}, startup: (true|false), activationEvent: '([^']*)'`, 'g');
    return [...this.extensionHostLog().matchAll(line)].map((match) => ({ startup: match[1] === 'true', event: match[2] ?? '' }));
  }

  /** Error entries of the extension host log that concern this extension (with their stack lines). */
  extensionErrors(): string[] {
    const entries: string[] = [];
    for (const line of this.extensionHostLog().split('\n')) {
      if (/^\d{4}-\d\d-\d\d /.test(line) || entries.length === 0) entries.push(line);
      else entries[entries.length - 1] += `\n${line}`;
    }
    return entries.filter((entry) => /\[error\]/.test(entry) && entry.includes(this.extensionId));
  }
}

function logFilesOf(userDataDir: string): string[] {
  const logs = join(userDataDir, 'logs');
  if (!existsSync(logs)) return [];
  return readdirSync(logs, { recursive: true })
    .map((entry) => join(logs, String(entry)))
    .filter((file) => statSync(file).isFile())
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
}

export function extensionHostLogOf(userDataDir: string): string {
  return logFilesOf(userDataDir)
    .filter((path) => /\/exthost\d*\/(remote)?exthost\.log$/.test(path))
    .map((path) => readFileSync(path, 'utf8'))
    .join('\n');
}

function outputChannelTextOf(userDataDir: string, extensionId: string, channel: string): string {
  const file = logFilesOf(userDataDir).filter((path) => path.includes(`/${extensionId}/`) && path.endsWith(`/${channel}.log`)).pop();
  return file ? readFileSync(file, 'utf8') : '';
}

/** Prints the end of the extension host's and the extension's logs, to explain a failure. */
export function printLogTails(userDataDir: string, extensionId: string): void {
  console.error(`--- extension host log (end) ---\n${tail(extensionHostLogOf(userDataDir), 60)}`);
  console.error(`--- Gestix log (end) ---\n${tail(outputChannelTextOf(userDataDir, extensionId, 'Gestix'), 40)}`);
}

function tail(text: string, lines: number): string {
  return text.split('\n').slice(-lines).join('\n');
}
