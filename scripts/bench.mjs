// `npm run bench`: measures activation, package size, hovers, codes in a whole log, the Sent history, decoding hostile bodies, send overhead,
// batch throughput, Send Folder against a modelled distant server and status polling, each against a
// baseline measured in the same run, and prints a Markdown table (also written to bench-results.md).
// Nothing here asserts a time: the table reports ratios and whether each goal is met on this machine.
// The sandbox runs in a child process so that client and server each get a core. Takes about two
// minutes.
//   npm run bench                  the measurements above, in Node
//   npm run bench -- editor        only VS Code's own activation figure in a real editor (bench-editor.mts)
//   npm run bench -- node editor   both
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { onPath } from './editor-env.mjs';
import { join } from 'node:path';
import { ensureDependencies, projectRoot } from './ensure-deps.mjs';

// The measurements import the TypeScript sources, so they run in a child with tsx loaded.
if (!process.env.GESTIX_BENCH_RUNNING) {
  ensureDependencies();
  const result = spawnSync(process.execPath, ['--import', 'tsx', ...process.argv.slice(1)], {
    cwd: projectRoot,
    stdio: 'inherit',
    env: { ...process.env, GESTIX_BENCH_RUNNING: '1' },
  });
  process.exit(result.status ?? 1);
}
const PARTS = ['node', 'editor'];
const asked = process.argv.slice(2);
const unknown = asked.filter((part) => !PARTS.includes(part));
if (unknown.length > 0) {
  console.error(`Unknown part ${unknown.join(', ')}: npm run bench -- [${PARTS.join('] [')}]`);
  process.exit(2);
}
const parts = new Set(asked.length > 0 ? asked : ['node']);

/**
 * Real editors share the machine's cores: an activation figure measured beside another editor run
 * is that run's as much as Gestix's. So the editor part waits for an exclusive lock (flock(1)) on
 * GESTIX_EDITOR_LOCK, default <tmpdir>/editor.lock; other real-editor runs take it the same way:
 * `flock /tmp/editor.lock npm test -- editor`.
 */
function benchInEditor() {
  const lock = process.env.GESTIX_EDITOR_LOCK ?? join(tmpdir(), 'editor.lock');
  const command = [process.execPath, '--import', 'tsx', join(projectRoot, 'scripts', 'bench-editor.mts')];
  const locked = onPath('flock') ? ['flock', lock, ...command] : command;
  if (locked === command) console.log(`flock(1) is not installed: measuring without waiting for ${lock}.`);
  else console.log(`Real editor: waiting for ${lock}, then ${command.slice(3).join(' ')}…`);
  const result = spawnSync(locked[0], locked.slice(1), { cwd: projectRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`the real-editor benchmark failed (exit ${result.status ?? result.signal})`);
}

if (!parts.has('node')) {
  benchInEditor();
  process.exit(0);
}

const { GestixClient } = await import('../src/core/http/client.ts');
const { GestixSession } = await import('../src/core/session/session.ts');
const { DocumentSender } = await import('../src/core/sending/send.ts');
const { BatchSender } = await import('../src/core/sending/batch.ts');
const { PersistentNonceSource } = await import('../src/core/session/nonce.ts');
const { codeAt } = await import('../src/core/codes/logCodes.ts');
const { codesInLog } = await import('../src/core/codes/codesInLog.ts');
const { decodeText } = await import('../src/core/decoding/decode.ts');
const { DocumentListing, summaryDescription } = await import('../src/core/serverDocuments/documentList.ts');
const { plainText } = await import('../src/core/text/sanitize.ts');
const { Agent, request } = await import('undici');

const API_TOKEN = 'bench-api-token-0123456789abcdef';
const scratch = mkdtempSync(join(tmpdir(), 'gestix-bench-'));
const rows = [];
const notes = [];

// ---------------------------------------------------------------- helpers

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const ms = (value) => `${value < 0.1 ? value.toFixed(4) : value < 10 ? value.toFixed(3) : value.toFixed(1)} ms`;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ratio = (value, baseline) => (baseline > 0 ? `${(value / baseline).toFixed(2)}×` : '—');

function row(metric, value, baseline, ratioText, goal, met) {
  rows.push({ metric, value, baseline, ratio: ratioText, goal, met: met === undefined ? '—' : met ? 'yes' : 'no' });
}

function memoryStore() {
  const values = new Map();
  return { get: (key) => values.get(key), update: async (key, value) => void values.set(key, value) };
}

function memorySecrets() {
  const values = new Map();
  return { get: async (key) => values.get(key), store: async (key, value) => void values.set(key, value), delete: async (key) => void values.delete(key) };
}

let sequence = 0;
/** A valid invoice; every one has a new seq_number of the same length, so all bodies are the same size. */
function invoiceText(series = 'FT') {
  sequence += 1;
  return JSON.stringify({
    document_set: series,
    seq_number: `${series}2025/${String(sequence).padStart(7, '0')}`,
    date: '2025-01-10',
    currency: 'EUR',
    net_amount: 100,
    vat: 23,
    total_amount: 123,
    payment_type: 'Numerário',
    customer: { name: 'Cliente Exemplo Lda', vat_id: 'PT500000000', billing_address: { postal_address: 'Rua A 1', city: 'Porto', zip_code: '4000-001', country: 'PT' } },
    items: [{ item_code: 'SERV', description: 'Serviço', qty: 1, unit_price: 100, vat: 23 }],
  });
}

async function startSandboxProcess(flags = []) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'src', 'sandbox', 'main.ts'), '--port', '0', '--api-token', API_TOKEN, '--quiet', ...flags], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { origin, secret } = await new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error('the sandbox did not start within 30 s')), 30_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const listening = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      const controlSecret = /control secret: +(\S+)/.exec(output);
      if (listening && controlSecret) {
        clearTimeout(timer);
        resolve({ origin: listening[1], secret: controlSecret[1] });
      }
    });
    child.once('exit', (code) => reject(new Error(`the sandbox exited with ${code}`)));
  });
  child.stdout.resume();
  const control = async (method, path, body) => {
    const headers = { 'x-sandbox-secret': secret, ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
    const response = await request(`${origin}/__sandbox${path}`, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
    return response.body.json();
  };
  return {
    origin,
    control,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function connect(origin, options = {}) {
  const client = new GestixClient({ serverUrl: origin, account: '03101176', apiVersion: 'v4.0.0', timeoutMs: 30_000 }, { env: {}, ...options });
  const session = new GestixSession(client, memorySecrets());
  return { client, session };
}

// ---------------------------------------------------------------- build, sizes, activation

function buildAndPackage() {
  const packaged = spawnSync(process.execPath, [join(projectRoot, 'scripts', 'package.mjs')], { cwd: projectRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const vsix = packaged.stdout.trim().split('\n').pop();
  if (packaged.status !== 0 || !vsix?.endsWith('.vsix')) throw new Error(`packaging failed:\n${packaged.stdout}`);
  // package.mjs builds with --production, so dist/extension.js is the shipped bundle.
  const bundle = statSync(join(projectRoot, 'dist', 'extension.js')).size;
  const packageSize = statSync(vsix).size;
  const session = statSync(join(projectRoot, 'dist', 'session.js')).size;
  row('Bundle size (dist/extension.js, minified)', kb(bundle), '—', '—', 'small', undefined);
  row('Bundle size (dist/session.js, minified, loaded right after activation)', kb(session), '—', '—', '—', undefined);
  row('VSIX size', kb(packageSize), '—', '—', '≤ 250 KB', packageSize <= 250 * 1024);
}

/** A child process that loads one module with a fake `vscode` and times require + activate(). */
const ACTIVATION_PROBE = String.raw`
const Module = require('node:module');
const { performance } = require('node:perf_hooks');
function stub(name) {
  const cache = new Map();
  return new Proxy(function () {}, {
    get(target, key) {
      if (key === 'then') return undefined;
      if (key === Symbol.toPrimitive) return () => name;
      if (key === Symbol.iterator) return function* () {};
      if (key === 'dispose') return () => undefined;
      if (!cache.has(key)) cache.set(key, stub(name + '.' + String(key)));
      return cache.get(key);
    },
    set: (target, key, value) => {
      cache.set(key, value);
      return true;
    },
    apply: () => stub(name + '()'),
    construct: () => stub('new ' + name),
  });
}
const disposable = () => ({ dispose() {} });
class EventEmitter { constructor() { this.listeners = new Set(); this.event = (listener) => { this.listeners.add(listener); return { dispose: () => this.listeners.delete(listener) }; }; } fire(value) { for (const listener of this.listeners) listener(value); } dispose() { this.listeners.clear(); } }
const uri = (path) => ({ scheme: 'file', fsPath: path, path, toString: () => 'file://' + path, with: () => uri(path) });
const channel = new Proxy({ logLevel: 2, onDidChangeLogLevel: () => disposable() }, { get: (target, key) => (key in target ? target[key] : () => undefined) });
// As in VS Code, a setting nobody set reads as the manifest's default (the code has no defaults of its own).
const manifest = require(require('node:path').join(process.argv[2], 'package.json'));
const defaults = new Map(manifest.contributes.configuration.flatMap((section) => Object.entries(section.properties)).map(([key, setting]) => [key, setting.default]));
const configuration = {
  get: (key, fallback) => (defaults.has(key) ? defaults.get(key) : fallback),
  has: (key) => defaults.has(key),
  inspect: (key) => (defaults.has(key) ? { key, defaultValue: defaults.get(key) } : undefined),
  update: async () => undefined,
};
const overrides = {
  window: { createOutputChannel: () => channel, state: { focused: true }, onDidChangeWindowState: disposable, onDidChangeActiveTextEditor: disposable, createStatusBarItem: () => stub('statusBarItem'), registerWebviewPanelSerializer: disposable, activeTextEditor: undefined, visibleTextEditors: [], createTreeView: () => new Proxy({ visible: false }, { get: (view, name) => (name in view ? view[name] : stub('treeView.' + String(name))), set: () => true }) },
  workspace: { getConfiguration: () => configuration, onDidChangeConfiguration: disposable, workspaceFolders: undefined },
  commands: { registerCommand: disposable, executeCommand: async () => undefined },
  languages: { registerHoverProvider: disposable, createDiagnosticCollection: () => stub('diagnostics') },
  Uri: { file: uri, parse: uri, joinPath: (base, ...parts) => uri([base.path, ...parts].join('/')) },
  EventEmitter,
  Disposable: Object.assign(function Disposable(callback) { return { dispose: callback }; }, { from: () => disposable() }),
};
// As in the extension host, the API is a plain object with every name of vscode.d.ts as its own property.
const API_NAMES = JSON.parse(process.argv[4]);
const members = new Map();
const member = (key) => {
  if (!members.has(key)) {
    const value = overrides[key];
    members.set(
      key,
      value === undefined
        ? stub(String(key))
        : typeof value === 'object' && value !== null
          ? new Proxy(value, { get: (inner, name) => (name in inner ? inner[name] : stub(String(key) + '.' + String(name))) })
          : value,
    );
  }
  return members.get(key);
};
const vscode = Object.fromEntries([...new Set([...API_NAMES, ...Object.keys(overrides)])].map((key) => [key, member(key)]));
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? vscode : load.call(this, request, ...rest); };
const storage = () => ({ get: (key, fallback) => fallback, update: async () => undefined, keys: () => [], setKeysForSync: () => undefined });
const context = {
  subscriptions: [],
  secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined, onDidChange: disposable },
  globalState: storage(),
  workspaceState: storage(),
  extensionUri: uri(process.argv[2]),
  extensionPath: process.argv[2],
  globalStorageUri: uri('/tmp/gestix-bench-storage'),
  storageUri: undefined,
  logUri: uri('/tmp/gestix-bench-log'),
  extensionMode: 1,
  extension: { id: 'gestix-tools.gestix-vscode', packageJSON: { version: '0.0.0' } },
  asAbsolutePath: (path) => path,
};
process.on('unhandledRejection', () => undefined);
// The extension host has loaded Node's networking and crypto modules long before any extension.
if (process.argv[5] === 'warm') for (const name of ['http', 'https', 'net', 'tls', 'crypto', 'stream', 'zlib', 'url', 'util', 'events', 'buffer', 'dns', 'worker_threads', 'perf_hooks', 'diagnostics_channel', 'async_hooks', 'querystring', 'string_decoder', 'fs', 'path', 'os', 'timers', 'stream/web', 'util/types', 'http2', 'assert', 'console', 'sqlite'].filter((name) => { try { require('node:' + name); return true; } catch { return false; } })) void name;
const started = performance.now();
const loaded = require(process.argv[3]);
if (typeof loaded.activate === 'function') loaded.activate(context);
const elapsed = performance.now() - started;
// What the extension loads right after activation (dist/session.js), timed on its own.
let session;
if (process.argv[6]) {
  const sessionStarted = performance.now();
  require(process.argv[6]).createSessionParts(context);
  session = performance.now() - sessionStarted;
}
process.stdout.write(JSON.stringify({ elapsed, session, registered: context.subscriptions.length }));
// Before the session part activate() scheduled loads a second time.
process.exit(0);
`;

function activation() {
  const probe = join(scratch, 'activation-probe.cjs');
  const empty = join(scratch, 'empty.cjs');
  writeFileSync(probe, ACTIVATION_PROBE);
  writeFileSync(empty, '');
  const extension = join(projectRoot, 'dist', 'extension.js');
  const declarations = readFileSync(join(projectRoot, 'node_modules', '@types', 'vscode', 'index.d.ts'), 'utf8');
  const apiNames = [...new Set([...declarations.matchAll(/^(?:\t| {4})export (?:namespace|class|enum|const|let|function) (\w+)/gm)].map((match) => match[1]))];
  const session = join(projectRoot, 'dist', 'session.js');
  const run = (module, builtins, sessionModule = '') => {
    const result = spawnSync(process.execPath, [probe, projectRoot, module, JSON.stringify(apiNames), builtins, sessionModule], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`activation probe failed: ${result.stderr.slice(-1500)}`);
    return JSON.parse(result.stdout);
  };
  const times = { warm: [], cold: [], empty: [], session: [] };
  let registered = 0;
  for (let index = 0; index < 15; index += 1) {
    const warm = run(extension, 'warm', session);
    registered = warm.registered;
    times.warm.push(warm.elapsed);
    times.session.push(warm.session);
    times.cold.push(run(extension, 'cold').elapsed);
    times.empty.push(run(empty, 'warm').elapsed);
  }
  const value = median(times.warm);
  const baseline = median(times.empty);
  row(`Activation: load dist/extension.js + activate(), Node built-ins preloaded as in the extension host (median of 15 processes; ${registered} disposables)`, ms(value), `${ms(baseline)} (empty module)`, ratio(value, baseline), '≤ 10 ms', value <= 10);
  const cold = median(times.cold);
  row('Activation in a fresh Node process (nothing preloaded)', ms(cold), `${ms(baseline)} (empty module)`, ratio(cold, baseline), '—', undefined);
  const sessionPart = median(times.session);
  row('Right after activation: load dist/session.js + createSessionParts() (log, sign-in state, status item, local sandbox, hovers)', ms(sessionPart), `${ms(baseline)} (empty module)`, ratio(sessionPart, baseline), '—', undefined);
}

// ---------------------------------------------------------------- hovers

function hoverLine(length, seed) {
  const pieces = [
    'INFO request finished ',
    '{"code":"DB_TIMEOUT","message":"Database timeout","request_id":"req-8f14e45fceea167a"} ',
    'POST /api/03101176/v4.0.0/invoices -> 400 SMAR-0011 item line rejected ',
    'status=409 DUPLICATE_ENTRY for FT2025/0042 ',
    'tax engine answered SMAP-1004 (negative discount) ',
    'plain words without any code in them at all, just text to read through ',
  ];
  let line = `2025-01-10T12:00:00Z worker-${seed} `;
  let index = seed;
  while (line.length < length) line += pieces[index++ % pieces.length];
  return line.slice(0, length);
}

function timeCalls(lines, positions, call) {
  const durations = [];
  for (let index = 0; index < positions.length; index += 1) {
    const line = lines[index % lines.length];
    const started = performance.now();
    call(line, positions[index] % line.length);
    durations.push(performance.now() - started);
  }
  return durations;
}

function hoverRow(label, lines) {
  const positions = Array.from({ length: 20_000 }, (_, index) => (index * 7919) % 1_000_003);
  const needle = '\u0000';
  // Warm up both, then measure interleaved halves so neither benefits from running second.
  timeCalls(lines, positions.slice(0, 2000), codeAt);
  timeCalls(lines, positions.slice(0, 2000), (line) => line.indexOf(needle));
  const hover = [];
  const baseline = [];
  for (let half = 0; half < 2; half += 1) {
    const slice = positions.slice(half * 10_000, (half + 1) * 10_000);
    hover.push(...timeCalls(lines, slice, codeAt));
    baseline.push(...timeCalls(lines, slice, (line) => line.indexOf(needle)));
  }
  const hoverMedian = median(hover);
  row(`Hover on ${label}: median`, ms(hoverMedian), `${ms(median(baseline))} (line.indexOf)`, ratio(hoverMedian, median(baseline)), '≤ 0.2 ms', hoverMedian <= 0.2);
  row(`Hover on ${label}: p99`, ms(percentile(hover, 99)), `${ms(percentile(baseline, 99))} (line.indexOf)`, ratio(percentile(hover, 99), percentile(baseline, 99)), '—', undefined);
}

function hovers() {
  hoverRow('a 20 000-character line', [hoverLine(20_000, 1)]);
  const file = join(scratch, 'big.log');
  const lines = [];
  let size = 0;
  for (let index = 0; size < 40 * 1024 * 1024; index += 1) {
    const line = hoverLine(120 + (index % 7) * 40, index);
    lines.push(line);
    size += line.length + 1;
  }
  writeFileSync(file, lines.join('\n'));
  // As in the editor: the file is read once, and a hover looks only at the hovered line.
  const text = readFileSync(file, 'utf8');
  const fileLines = text.split('\n');
  const hovered = Array.from({ length: 4096 }, (_, index) => fileLines[(index * 104_729) % fileLines.length]);
  hoverRow(`lines of a ${(statSync(file).size / 1024 / 1024).toFixed(0)} MB log (${fileLines.length.toLocaleString('en')} lines)`, hovered);
}

/** Every occurrence of one code, found with String.prototype.indexOf: the least a scan of the text costs. */
function countOccurrences(text, code) {
  let count = 0;
  for (let at = text.indexOf(code); at !== -1; at = text.indexOf(code, at + code.length)) count += 1;
  return count;
}

/** The Codes in This Log view on a log of VS Code's size limit for extensions (50 MB). */
function codesInBigLog() {
  const lines = [];
  let size = 0;
  for (let index = 0; size < 50 * 1024 * 1024; index += 1) {
    const line = hoverLine(120 + (index % 7) * 40, index);
    lines.push(line);
    size += line.length + 1;
  }
  const text = lines.join('\n');
  lines.length = 0;
  const found = codesInLog(text);
  const value = medianOf(3, () => codesInLog(text));
  const baseline = medianOf(3, () => countOccurrences(text, 'DB_TIMEOUT'));
  const occurrences = found.codes.reduce((sum, code) => sum + code.count, 0);
  row(
    `Codes in a 50 MB log (${size.toLocaleString('en')} characters, ${occurrences.toLocaleString('en')} codes; median of 3)`,
    ms(value),
    `${ms(baseline)} (String.prototype.indexOf for one code)`,
    ratio(value, baseline),
    '≤ 1 s',
    value <= 1000,
  );
}

// ---------------------------------------------------------------- the Sent view

/**
 * Just enough of the `vscode` API for the Sent view to read a history from disk and build its tree
 * items in this process (the activation probe's stub above answers everything with a no-op, which
 * would measure nothing).
 */
function sentViewVscode(onProvider) {
  const disposable = () => ({ dispose() {} });
  const uri = (path) => ({ scheme: 'file', path, fsPath: path, toString: () => `file://${path}` });
  class EventEmitter { constructor() { this.event = () => disposable(); } fire() {} dispose() {} }
  class MarkdownString { constructor() { this.value = ''; } appendText(text) { this.value += text; return this; } appendMarkdown(text) { this.value += text; return this; } }
  class FileSystemError extends Error { constructor(code) { super(code); this.code = code; } }
  const fs = {
    stat: async (file) => { try { return statSync(file.fsPath); } catch { throw new FileSystemError('FileNotFound'); } },
    readFile: async (file) => readFileSync(file.fsPath),
    writeFile: async () => undefined,
    createDirectory: async () => undefined,
    delete: async () => undefined,
  };
  const format = (message, ...args) => {
    const values = typeof args[0] === 'object' && args[0] !== null ? args[0] : args;
    return message.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
  };
  return {
    TreeItem: class { constructor(label, collapsibleState) { this.label = label; this.collapsibleState = collapsibleState; } },
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    ThemeIcon: class { constructor(id, color) { this.id = id; this.color = color; } },
    ThemeColor: class { constructor(id) { this.id = id; } },
    MarkdownString,
    EventEmitter,
    FileSystemError,
    l10n: { t: format },
    env: { language: 'en' },
    Uri: { file: uri, parse: (text) => uri(text.replace(/^file:\/\//, '')), from: ({ path }) => uri(path), joinPath: (base, ...parts) => uri([base.path, ...parts].join('/')) },
    window: {
      createTreeView: (_id, { treeDataProvider }) => {
        onProvider(treeDataProvider);
        return { visible: true, description: '', onDidChangeVisibility: disposable, dispose() {} };
      },
      showWarningMessage: async () => undefined,
      showInformationMessage: async () => undefined,
    },
    workspace: { fs },
    commands: { registerCommand: disposable, executeCommand: async () => undefined },
  };
}

/** A history of 1 000 sends as the extension writes it: mostly created documents, some rejections with their bodies. */
function sentHistoryFile(connection) {
  const body = JSON.stringify({ status: '400', message: 'Invalid document', success: false, errors: [{ subcode: 'SMAR-1004', message: 'The discount of line 1 is negative; discounts are between 0 and 100 percent.' }] });
  const entries = Array.from({ length: 1_000 }, (_, index) => {
    const file = { uri: `file:///work/invoices/invoice-${index}.invoice.json`, label: `invoice-${index}.invoice.json` };
    const at = Date.UTC(2026, 10, 27) - index * 60_000;
    return index % 10 === 3
      ? { at, connection, kind: 'invoices', file, result: 'rejected', status: 400, requestId: `req-${index.toString(16)}`, failure: { kind: 'http', method: 'POST', path: '/invoices', status: 400, contentType: 'application/json', body, bodyTruncated: false } }
      : { at, connection, kind: 'invoices', file, result: 'created', documentId: 10_000 + index, documentNumber: `FT2026/${10_000 + index}` };
  });
  return JSON.stringify({ version: 1, entries });
}

/** The Sent view opening on a history of 1 000 entries: the file read and parsed, and every tree item built. */
async function sentHistoryOpens() {
  const Module = (await import('node:module')).default;
  let provider;
  const vscode = sentViewVscode((made) => {
    provider = made;
  });
  const load = Module._load;
  Module._load = function (request, ...rest) {
    return request === 'vscode' ? vscode : load.call(this, request, ...rest);
  };
  const { SentHistoryFiles } = await import('../src/vscode/sentHistoryFiles.ts');
  const { registerSentView } = await import('../src/vscode/sentView.ts');
  const { createHash } = await import('node:crypto');
  const connection = 'Bench';
  const storage = join(scratch, 'sent-storage');
  const folder = join(storage, 'sent-history');
  mkdirSync(folder, { recursive: true });
  const text = sentHistoryFile(connection);
  writeFileSync(join(folder, `${createHash('sha256').update(connection.toLowerCase()).digest('hex').slice(0, 32)}.json`), text);
  const disposable = () => ({ dispose() {} });
  const services = { active: { name: connection, connection: { name: connection, source: 'settings' }, session: { signedIn: true } }, connections: () => [{ name: connection, source: 'settings' }], onDidChangeActive: disposable, onDidChangeConnections: disposable, onDidChangeSignIn: disposable };
  const logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  const open = async () => {
    const history = new SentHistoryFiles(vscode.Uri.file(storage), logger);
    const view = registerSentView(services, history, () => undefined);
    const entries = await provider.getChildren();
    const items = entries.map((entry) => provider.getTreeItem(entry));
    view.dispose();
    return items.length;
  };
  const shown = await open();
  const times = [];
  for (let run = 0; run < 15; run += 1) {
    const started = performance.now();
    await open();
    times.push(performance.now() - started);
  }
  Module._load = load;
  const value = median(times);
  const baseline = medianOf(15, () => JSON.parse(text));
  row(`Sent history of ${shown.toLocaleString('en')} entries opens: file read, parsed, tree items built (${kb(text.length)}; median of 15)`, ms(value), `${ms(baseline)} (JSON.parse of the same file)`, ratio(value, baseline), '≤ 100 ms', value <= 100);
}

// ---------------------------------------------------------------- hostile bodies

const HOSTILE_BYTES = 2_000_000;

/** Bodies of about 2 MB (the client's cap) made to find a super-linear pass in the decoder. */
function hostileBodies() {
  const subcodes = Array.from({ length: 100_000 }, (_, index) => `{"subcode":"${1000 + (index % 9000)}"}`).join(',');
  return [
    ['quote bomb: a code of 2 MB of quotes', JSON.stringify({ code: `A${"'".repeat(HOSTILE_BYTES - 40)}x`, message: 'm' })],
    ['100 000 Sovos subcodes', `{"status":"400","message":"Invalid document","success":false,"errors":[${subcodes}]}`],
    ['deep nesting: 1 000 000 arrays', `${'['.repeat(HOSTILE_BYTES / 2)}${']'.repeat(HOSTILE_BYTES / 2)}`],
    ['one 2 MB line of message', JSON.stringify({ code: 'INVALID_ARGUMENT', message: "Field 'currency' is required. ".repeat(HOSTILE_BYTES / 31) })],
  ];
}

function medianOf(runs, work) {
  const times = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return median(times);
}

function hostileDecoding() {
  for (const [label, body] of hostileBodies()) {
    medianOf(2, () => decodeText(body));
    const baseline = medianOf(9, () => JSON.parse(body));
    const value = medianOf(9, () => decodeText(body));
    row(`Explain Error Response on a hostile body, ${label} (${kb(body.length)}; median of 9)`, ms(value), `${ms(baseline)} (JSON.parse of the same body)`, ratio(value, baseline), '≤ 50 ms', value <= 50);
  }
}

// ---------------------------------------------------------------- sending

async function signedIn(origin, options) {
  const connection = connect(origin, options);
  const signIn = await connection.session.signInWithApiToken(API_TOKEN);
  if (!signIn.ok) throw new Error('signing in to the sandbox failed');
  return connection;
}

async function sendOverhead(sandbox) {
  const { client, session } = await signedIn(sandbox.origin);
  let token;
  await session.withSession(async (sessionToken) => {
    token = sessionToken;
    return { ok: true, value: undefined, status: 200 };
  });
  const agent = new Agent({ keepAliveTimeout: 10_000 });
  const base = `${sandbox.origin}/api/03101176/v4.0.0/invoices`;
  let nonce = Date.now();
  const viaClient = async () => {
    const body = invoiceText();
    const started = performance.now();
    const result = await client.createDocument(token, 'invoices', body, ++nonce);
    const elapsed = performance.now() - started;
    if (!result.ok) throw new Error(`createDocument failed: ${JSON.stringify(result.failure).slice(0, 300)}`);
    return elapsed;
  };
  const bare = async () => {
    const body = invoiceText();
    const started = performance.now();
    const response = await request(`${base}?nonce=${++nonce}`, {
      method: 'POST',
      headers: { accept: 'application/json', 'user-agent': 'gestix-vscode', authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=utf-8' },
      body,
      dispatcher: agent,
    });
    const text = await response.body.text();
    const elapsed = performance.now() - started;
    if (response.statusCode !== 201) throw new Error(`bare request failed: ${response.statusCode} ${text}`);
    return elapsed;
  };
  for (let index = 0; index < 300; index += 1) {
    await viaClient();
    await bare();
  }
  const viaClientTimes = [];
  const bareTimes = [];
  for (let index = 0; index < 3000; index += 1) {
    // Alternating, so both see the same server state and machine load.
    if (index % 2) {
      viaClientTimes.push(await viaClient());
      bareTimes.push(await bare());
    } else {
      bareTimes.push(await bare());
      viaClientTimes.push(await viaClient());
    }
  }
  await agent.close();
  await client.close();
  const value = median(viaClientTimes);
  const reference = median(bareTimes);
  row('Send overhead: one invoice, GestixClient.createDocument (median of 3 000)', ms(value), `${ms(reference)} (bare undici request)`, ratio(value, reference), '≤ 1.05×', value / reference <= 1.05);
}

async function batchThroughput(sandbox) {
  const { client, session } = await signedIn(sandbox.origin);
  const sender = new DocumentSender(session, new PersistentNonceSource(memoryStore()));
  const batch = new BatchSender(sender);
  // Warm-up (JIT, connection, session check) outside the measurement.
  await batch.send(Array.from({ length: 500 }, () => ({ kind: 'invoices', jsonText: invoiceText('WU') })));
  const count = 10_000;
  const documents = Array.from({ length: count }, () => ({ kind: 'invoices', jsonText: invoiceText('BT') }));
  const started = performance.now();
  const outcomes = await batch.send(documents);
  const seconds = (performance.now() - started) / 1000;
  const created = outcomes.filter((outcome) => outcome.kind === 'created').length;
  if (created !== count) throw new Error(`the batch created ${created} of ${count} documents`);
  await client.close();

  // The naive way: a new connection (a new client) for every document, one after another.
  let token;
  const { client: signInClient, session: naiveSession } = await signedIn(sandbox.origin);
  await naiveSession.withSession(async (sessionToken) => {
    token = sessionToken;
    return { ok: true, value: undefined, status: 200 };
  });
  await signInClient.close();
  let nonce = Date.now() * 10;
  const naiveCount = 1_000;
  const naiveStarted = performance.now();
  for (let index = 0; index < naiveCount; index += 1) {
    const single = new GestixClient({ serverUrl: sandbox.origin, account: '03101176', apiVersion: 'v4.0.0', timeoutMs: 30_000 }, { env: {} });
    const result = await single.createDocument(token, 'invoices', invoiceText('NV'), ++nonce);
    await single.close();
    if (!result.ok) throw new Error(`naive send failed: ${JSON.stringify(result.failure).slice(0, 300)}`);
  }
  const naiveSeconds = (performance.now() - naiveStarted) / 1000;
  const rate = count / seconds;
  const naiveRate = naiveCount / naiveSeconds;
  const stored = (await sandbox.control('GET', '/documents?kind=invoices')).length;
  notes.push(`Batch: ${count.toLocaleString('en')} invoices in ${seconds.toFixed(2)} s, all created, nonces in order on one pipelined connection; the sandbox held ${stored.toLocaleString('en')} invoices afterwards (including warm-up, naive loop and send-overhead runs).`);
  row(`Batch: BatchSender, ${count.toLocaleString('en')} invoices`, `${Math.round(rate).toLocaleString('en')} docs/s`, `${Math.round(naiveRate).toLocaleString('en')} docs/s (new connection per document, ${naiveCount.toLocaleString('en')} docs)`, ratio(rate, naiveRate), '≥ 2 000 docs/s and ≥ 10×', rate >= 2000 && rate / naiveRate >= 10);
}

// ---------------------------------------------------------------- Send Folder against a distant server

const DISTANT = { latencyMs: 50, processingMs: 2, documents: 1_000 };

/**
 * What Send Folder's batch takes against a modelled distant server: each round trip costs 50 ms,
 * each document 2 ms of the server's time, one at a time. No client can beat one round trip plus the
 * processing of every document; that limit is the baseline.
 */
async function sendFolderFigure(pipelining, latencyMs = DISTANT.latencyMs) {
  const server = await startSandboxProcess(['--latency-ms', String(latencyMs), '--processing-ms', String(DISTANT.processingMs), '--pipelining', pipelining]);
  try {
    const { client, session } = await signedIn(server.origin);
    const sender = new DocumentSender(session, new PersistentNonceSource(memoryStore()));
    const documents = Array.from({ length: DISTANT.documents }, () => ({ kind: 'invoices', jsonText: invoiceText('SF') }));
    const started = performance.now();
    const outcomes = await new BatchSender(sender).send(documents);
    const seconds = (performance.now() - started) / 1000;
    await client.close();
    const created = outcomes.filter((outcome) => outcome.kind === 'created').length;
    const stored = (await server.control('GET', '/documents?kind=invoices')).length;
    if (created !== DISTANT.documents || stored !== DISTANT.documents) throw new Error(`${pipelining}: ${created} created, ${stored} stored of ${DISTANT.documents}`);
    return { seconds, pipelined: sender.pipelining };
  } finally {
    await server.stop();
  }
}

async function sendFolderDistant() {
  const limit = (DISTANT.latencyMs + DISTANT.documents * DISTANT.processingMs) / 1000;
  const ordered = await sendFolderFigure('ordered');
  // The same batch without latency: what the sandbox's own processing costs on this machine.
  const nearby = await sendFolderFigure('ordered', 0);
  const unordered = await sendFolderFigure('unordered');
  const label = `${DISTANT.documents.toLocaleString('en')} invoices, latency ${DISTANT.latencyMs} ms, processing ${DISTANT.processingMs} ms`;
  const limitText = `${limit.toFixed(2)} s (one round trip + ${DISTANT.documents.toLocaleString('en')} × processing)`;
  row(`Send Folder batch, ${label}, pipelining ordered`, `${ordered.seconds.toFixed(2)} s`, limitText, ratio(ordered.seconds, limit), '≤ 1.2×', ordered.seconds / limit <= 1.2);
  row(`Send Folder batch, the same without latency (the sandbox's floor)`, `${nearby.seconds.toFixed(2)} s`, limitText, ratio(nearby.seconds, limit), '—', undefined);
  row(`Send Folder batch, ${label}, pipelining unordered (one write at a time after the first refused nonce)`, `${unordered.seconds.toFixed(2)} s`, limitText, ratio(unordered.seconds, limit), 'reported', undefined);
  notes.push(
    `Send Folder against a distant server: every invoice created once in both modes; the ordered run kept pipelining (${ordered.pipelined}), the unordered run fell back to one write at a time (${!unordered.pipelined}).`,
  );
}

// ---------------------------------------------------------------- status polling

class VirtualClock {
  time = 1_700_000_000_000;
  sleepers = [];
  now() {
    return this.time;
  }
  sleep(duration, signal) {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const sleeper = { at: this.time + Math.max(0, duration), resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', () => {
        this.sleepers = this.sleepers.filter((other) => other !== sleeper);
        resolve();
      }, { once: true });
    });
  }
  /** Moves time forward, waking sleepers in order and giving each woken poll time to finish. */
  async advance(duration) {
    const end = this.time + duration;
    for (;;) {
      // Real time for the request a poll may have started, so that it can schedule the next one.
      await new Promise((resolve) => setTimeout(resolve, 30));
      this.sleepers.sort((a, b) => a.at - b.at);
      const next = this.sleepers[0];
      if (!next || next.at > end) break;
      this.sleepers.shift();
      this.time = next.at;
      next.resolve();
    }
    this.time = end;
  }
}

async function statusPolling(sandbox) {
  let StatusMonitor;
  try {
    ({ StatusMonitor } = await import('../src/core/status/statusMonitor.ts'));
  } catch {
    notes.push('Status polling: skipped, src/core/status/statusMonitor.ts is not available.');
    return;
  }
  const statusRequests = async () => (await sandbox.control('GET', '/requests')).filter((entry) => entry.path === '/status').length;
  const tenMinutes = async (focused) => {
    // The sandbox keeps the last 10 000 requests: start from an empty record.
    await sandbox.control('POST', '/reset');
    const { client, session } = await signedIn(sandbox.origin);
    const clock = new VirtualClock();
    const before = await statusRequests();
    const monitor = new StatusMonitor(session, { clock, focused });
    await clock.advance(10 * 60_000);
    monitor.dispose();
    await client.close();
    return (await statusRequests()) - before;
  };
  const unfocused = await tenMinutes(false);
  const focused = await tenMinutes(true);
  row('Status polling: /status requests in 10 simulated minutes, window unfocused', String(unfocused), `${focused} (window focused)`, ratio(unfocused, focused), '0', unfocused === 0);
}

// ---------------------------------------------------------------- the On the Server view

async function serverDocumentsPage(sandbox) {
  await sandbox.control('POST', '/reset');
  const { seeded } = await sandbox.control('POST', '/seed', { kind: 'invoices', count: 10_000 });
  const { client, session } = await signedIn(sandbox.origin);
  const token = await new Promise((resolve) => {
    void session.withSession(async (sessionToken) => {
      resolve(sessionToken);
      return { ok: true, value: undefined, status: 200 };
    });
  });
  // A page from the middle of the list, and the rows the view draws of it (label and description, sanitised).
  const page = async () => {
    const started = performance.now();
    const listing = new DocumentListing();
    const result = await client.listDocuments(token, 'invoices', { skip: 5_000, limit: 100 });
    if (!result.ok) throw new Error(`listDocuments failed: ${JSON.stringify(result.failure).slice(0, 300)}`);
    listing.addPage(result.value);
    const items = listing.documents.map((summary) => ({ label: plainText(summary.number, 100) || `#${summary.id}`, description: summaryDescription(summary) }));
    if (items.length !== 100) throw new Error(`a page of ${items.length} documents`);
    return performance.now() - started;
  };
  const status = async () => {
    const started = performance.now();
    const result = await client.status(token);
    if (!result.ok) throw new Error('GET /status failed');
    return performance.now() - started;
  };
  const pages = [];
  const statuses = [];
  for (let run = 0; run < 21; run += 1) {
    pages.push(await page());
    statuses.push(await status());
  }
  await client.close();
  const value = median(pages);
  const baseline = median(statuses);
  row(`On the Server: a page of 100 documents (list request + the view's rows) from a sandbox holding ${seeded} invoices (median of 21)`, ms(value), `${ms(baseline)} (GET /status round trip)`, ratio(value, baseline), '≤ 300 ms', value <= 300);
}

// ---------------------------------------------------------------- run

const startedAt = new Date();
console.log('Building and packaging (production)…');
buildAndPackage();
console.log('Activation…');
activation();
console.log('Hovers…');
hovers();
console.log('Codes in a 50 MB log…');
codesInBigLog();
console.log('The Sent history…');
await sentHistoryOpens();
console.log('Hostile bodies…');
hostileDecoding();
console.log('Sandbox in a child process…');
const sandbox = await startSandboxProcess();
try {
  console.log('Send overhead…');
  await sendOverhead(sandbox);
  console.log('Batch throughput…');
  await batchThroughput(sandbox);
  console.log('Send Folder against a distant server…');
  await sendFolderDistant();
  console.log('Status polling…');
  await statusPolling(sandbox);
  console.log('On the Server: a page of documents…');
  await serverDocumentsPage(sandbox);
} finally {
  await sandbox.stop();
  rmSync(scratch, { recursive: true, force: true });
}

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, ${process.platform}/${process.arch}`;
const table = [
  '| Metric | Value | Baseline (same run) | Ratio | Goal | Met? |',
  '|---|---|---|---|---|---|',
  ...rows.map((entry) => `| ${entry.metric} | ${entry.value} | ${entry.baseline} | ${entry.ratio} | ${entry.goal} | ${entry.met} |`),
].join('\n');
const report = `## Benchmarks\n\nMeasured ${startedAt.toISOString().slice(0, 10)} on ${machine} (\`npm run bench\`).\n\n${table}\n${notes.length ? `\n${notes.map((note) => `- ${note}`).join('\n')}\n` : ''}`;
writeFileSync(join(projectRoot, 'bench-results.md'), report);
console.log(`\n${report}`);
console.log(`Written to bench-results.md in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s.`);
if (parts.has('editor')) benchInEditor();
