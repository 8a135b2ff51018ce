// The manifest as the Marketplace and the editor read it: every %key% translated, every command
// titled, every setting described and in a titled section, the walkthrough complete, and the
// extension's own user-facing strings passed through vscode.l10n.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { NUMERIC_SETTINGS } from '../../src/core/host/settingRanges';
import { accountProblem, CONNECTION_NAME_LIMIT, DEFAULT_API_VERSION, toStored } from '../../src/core/connections/connection';
import { COMMAND } from '../../src/vscode/commandIds';
import { SETTINGS, type SettingKey } from '../../src/vscode/settingKeys';

const root = join(__dirname, '..', '..');
const manifestText = readFileSync(join(root, 'package.json'), 'utf8');
const manifest = JSON.parse(manifestText);
const nls: Record<string, string> = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));
const PLACEHOLDER = /^%([^%]+)%$/;

/** A manifest string as the editor shows it in English. */
function english(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const placeholder = PLACEHOLDER.exec(value);
  return placeholder ? nls[placeholder[1]] : value;
}

function manifestStrings(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') found.push(value);
  else if (Array.isArray(value)) value.forEach((item) => manifestStrings(item, found));
  else if (value && typeof value === 'object') Object.values(value).forEach((item) => manifestStrings(item, found));
  return found;
}

interface Setting {
  description?: string;
  markdownDescription?: string;
  markdownDeprecationMessage?: string;
  scope?: string;
  order?: number;
  type?: string;
  minimum?: number;
  maximum?: number;
  default?: unknown;
}
interface Section {
  title?: string;
  properties: Record<string, Setting>;
}
const sections: Section[] = manifest.contributes.configuration;
const settings = new Map(sections.flatMap((section) => Object.entries(section.properties)));
const sourceFiles = readdirSync(join(root, 'src'), { recursive: true })
  .map(String)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => join(root, 'src', file));
const sources = sourceFiles.map((file) => readFileSync(file, 'utf8')).join('\n');

test('every %key% in the manifest has an English text in package.nls.json', () => {
  const keys = manifestStrings(manifest).flatMap((value) => PLACEHOLDER.exec(value)?.[1] ?? []);
  assert.ok(keys.length > 20, 'the manifest is localised');
  assert.deepEqual(keys.filter((key) => !(key in nls)), []);
  for (const key of keys) assert.ok(nls[key].trim().length > 0, `${key} is empty`);
});

test('package.nls.json has no unused keys', () => {
  const used = new Set(manifestStrings(manifest).flatMap((value) => PLACEHOLDER.exec(value)?.[1] ?? []));
  assert.deepEqual(Object.keys(nls).filter((key) => !used.has(key)), []);
});

test('user-visible manifest texts are localisable', () => {
  const literal = (value: unknown) => typeof value === 'string' && !PLACEHOLDER.test(value);
  assert.ok(!literal(manifest.displayName) && !literal(manifest.description), 'displayName and description');
  for (const command of manifest.contributes.commands) assert.ok(!literal(command.title), `${command.command} title`);
  for (const [name, setting] of settings) assert.ok(!literal(setting.markdownDescription ?? setting.description), `${name} description`);
  for (const section of sections) assert.ok(!literal(section.title), 'section title');
});

test('every command has a title in English', () => {
  for (const command of manifest.contributes.commands) {
    assert.ok((english(command.title) ?? '').trim().length > 0, `${command.command} has no title`);
  }
});

test('every setting has a description, an order and lives in a titled section', () => {
  assert.ok(Array.isArray(sections) && sections.length >= 3, 'settings are grouped in sections');
  for (const section of sections) assert.ok((english(section.title) ?? '').trim(), 'every section has a title');
  for (const [name, setting] of settings) {
    assert.match(name, /^gestix\./);
    assert.ok((english(setting.markdownDescription ?? setting.description) ?? '').trim().length > 10, `${name} has no description`);
    assert.equal(typeof setting.order, 'number', `${name} has no order`);
  }
  assert.equal(settings.get('gestix.serverUrl')?.scope, 'machine', 'a workspace cannot choose the server');
});

test('setting cross-links (#gestix.x#) and restricted settings name real settings', () => {
  const links = [...settings.values()].flatMap((setting) =>
    [setting.markdownDescription, setting.markdownDeprecationMessage].flatMap((text) => [...(english(text) ?? '').matchAll(/`#(gestix\.[\w.]+)#`/g)].map((match) => match[1])),
  );
  assert.ok(links.length > 0, 'descriptions link to each other');
  assert.deepEqual(links.filter((link) => !settings.has(link)), []);
  const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
  assert.ok(restricted.includes('gestix.serverUrl') && restricted.includes('gestix.account'));
  assert.deepEqual(restricted.filter((name) => !settings.has(name)), []);
});

test('every setting the code reads or writes is contributed', () => {
  const used = new Set<string>();
  for (const match of sources.matchAll(/\b(?:readSetting|userSettingValue|writeUserSetting)\('(gestix\.[\w.]+)'/g)) used.add(match[1]);
  assert.ok(used.size >= 5, `found the settings the code uses (${[...used].join(', ')})`);
  assert.deepEqual([...used].filter((name) => !settings.has(name)), []);
  assert.deepEqual(
    sourceFiles.filter((file) => /getConfiguration\(\s*'gestix/.test(readFileSync(file, 'utf8'))).map((file) => relative(root, file)),
    [],
    'Gestix settings are read by their typed keys (src/vscode/settings.ts), not by section',
  );
  const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
  const readAsRestricted = Object.entries(SETTINGS).flatMap(([name, spec]) => ('userValueInRestrictedMode' in spec ? [name] : []));
  assert.deepEqual(readAsRestricted.filter((name) => !restricted.includes(name)), [], 'a setting read as restricted is declared restricted');
  const sectionsAffected = [...sources.matchAll(/affectsConfiguration\('(gestix\.[\w.]+)'\)/g)].map((match) => match[1]);
  assert.deepEqual(sectionsAffected.filter((name) => ![...settings.keys()].some((setting) => setting === name || setting.startsWith(`${name}.`))), []);
});

interface ConnectionItemSchema {
  type: string;
  required: string[];
  additionalProperties: boolean;
  properties: Record<string, { type: string; maxLength?: number; pattern?: string; default?: string; enum?: string[] }>;
}

/** The schema type of a setting as the typed key table (src/vscode/settingKeys.ts) writes it. */
function tableType(setting: Setting & { items?: { type?: string } }): string | undefined {
  if (setting.type === 'integer') return 'number';
  if (setting.type === 'array') return `${setting.items?.type}[]`;
  return setting.type;
}

test('the typed setting keys are the contributed settings, with their schema types', () => {
  assert.deepEqual(Object.keys(SETTINGS).sort(), [...settings.keys()].sort());
  for (const [name, setting] of settings) {
    assert.equal(SETTINGS[name as SettingKey].type, tableType(setting), name);
  }
});

test('gestix.connections is the user’s own, and its entries are what the connection store reads', () => {
  const connections = settings.get('gestix.connections') as Setting & { items: ConnectionItemSchema };
  assert.equal(connections.scope, 'application', 'no workspace, folder or remote can add a server a secret would be sent to');
  const { items } = connections;
  assert.equal(items.type, 'object');
  assert.equal(items.additionalProperties, false);
  assert.deepEqual([...items.required].sort(), ['account', 'name', 'serverUrl']);
  const written = toStored({ name: 'n', serverUrl: 'https://gestix.pt', account: 'a', apiVersion: 'v5', signInMethod: 'credentials', source: 'connections' });
  assert.deepEqual(Object.keys(items.properties).sort(), Object.keys(written).sort(), 'the schema names every field a connection is written down with');
  assert.equal(items.properties.name.maxLength, CONNECTION_NAME_LIMIT);
  assert.equal(items.properties.apiVersion.default, DEFAULT_API_VERSION);
  assert.deepEqual(items.properties.signInMethod.enum, ['apiToken', 'credentials']);
  assert.equal(items.properties.signInMethod.default, 'apiToken');
  const accountPattern = new RegExp(items.properties.account.pattern ?? '');
  for (const account of ['03101176', 'Empresa_B.test-1', 'a', 'x'.repeat(64), 'x'.repeat(65), '-03101176', '0310 1176', '03101176/v4', '']) {
    assert.equal(accountPattern.test(account), accountProblem(account) === undefined, `the schema and the store agree on the account ${JSON.stringify(account)}`);
  }
});

test('a workspace chooses a connection by name only, and not in Restricted Mode; the settings of version 0.2 point to connections', () => {
  assert.equal(settings.get('gestix.connection')?.type, 'string');
  assert.equal(SETTINGS['gestix.connection'].userValueInRestrictedMode, true);
  for (const legacy of ['gestix.serverUrl', 'gestix.account', 'gestix.apiVersion']) {
    assert.match(english(settings.get(legacy)?.markdownDeprecationMessage) ?? '', /`#gestix\.connections#`/, legacy);
  }
});

test('every setting has its default in the manifest, the only place defaults are written', () => {
  // The code reads no default of its own: VS Code answers with the manifest's for a setting nobody set.
  for (const [name, setting] of settings) assert.ok(setting.default !== undefined, `${name} has no default`);
});

test('the command table is the contributed commands', () => {
  const contributed: string[] = manifest.contributes.commands.map((command: { command: string }) => command.command);
  assert.deepEqual(Object.values(COMMAND).sort(), [...contributed].sort());
  assert.equal(new Set(Object.values(COMMAND)).size, Object.values(COMMAND).length, 'no id is in the table twice');
});

test('the walkthrough: every step completes on an event, has its media, and links to real commands', () => {
  const [walkthrough] = manifest.contributes.walkthroughs;
  assert.ok(walkthrough, 'a walkthrough is contributed');
  assert.ok(sources.includes(`'${walkthrough.id}'`), 'the code knows the walkthrough id');
  const commands = new Set<string>(manifest.contributes.commands.map((command: { command: string }) => command.command));
  for (const step of walkthrough.steps) {
    assert.ok(step.completionEvents?.length > 0, `${step.id} completes on an event`);
    for (const event of step.completionEvents as string[]) {
      const [kind, subject] = event.split(':') as [string, string];
      if (kind === 'onCommand') assert.ok(commands.has(subject), `${step.id}: ${subject} is a contributed command`);
      else if (kind === 'onContext') assert.ok(sources.includes(`'${subject}'`), `${step.id}: something sets the context key ${subject}`);
      else if (kind === 'onSettingChanged') assert.ok(settings.has(subject), `${step.id}: ${subject} is a setting`);
      else assert.fail(`${step.id}: unexpected completion event ${event}`);
    }
    const media = step.media?.markdown ?? step.media?.image;
    assert.ok(typeof media === 'string' && existsSync(join(root, media)), `${step.id}: media ${media} exists`);
    for (const match of (english(step.description) ?? '').matchAll(/\(command:(gestix\.\w+)/g)) {
      assert.ok(commands.has(match[1]), `${step.id} links to ${match[1]}, which is contributed`);
    }
  }
});

test('every command with an enablement is also hidden from the palette by the same clause', () => {
  const palette = new Map<string, string>(manifest.contributes.menus.commandPalette.map((entry: { command: string; when: string }) => [entry.command, entry.when]));
  for (const command of manifest.contributes.commands) {
    if (command.enablement) assert.equal(palette.get(command.command), command.enablement, command.command);
  }
});

test('the icon is a 128×128 PNG', () => {
  const png = readFileSync(join(root, manifest.icon));
  assert.equal(png.subarray(1, 4).toString('ascii'), 'PNG');
  assert.equal(png.readUInt32BE(16), 128);
  assert.equal(png.readUInt32BE(20), 128);
});

// Messages, titles, prompts and picker labels of the adapters go through vscode.l10n.t; a plain
// literal in one of these places is a string no translation can reach.
const USER_FACING_LITERAL =
  /(?:show(?:Information|Warning|Error)Message|withCancellableProgress)\(\s*['`]|setStatusBarMessage\(\s*['`](?:\$\([\w-]+\) )?[A-Za-z]|\b(?:title|prompt|placeHolder|placeholder|label|detail|openLabel|name|tooltip|description|message): ['`](?!POST |\$\()[A-Za-z]|\.(?:text|tooltip|description|message|title|prompt|placeholder|label) = ['`](?!\$\()[A-Za-z]/;
const LOCALISED_SOURCES = [join(root, 'src', 'extension.ts'), ...sourceFiles.filter((file) => file.includes(join('src', 'vscode')))];

test('the adapters pass user-facing strings through vscode.l10n.t', () => {
  assert.ok(LOCALISED_SOURCES.length > 10);
  const offenders = LOCALISED_SOURCES.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .map((line, index) => ({ line, where: `${relative(root, file)}:${index + 1}` }))
      .filter(({ line }) => USER_FACING_LITERAL.test(line))
      .map(({ where, line }) => `${where}: ${line.trim()}`),
  );
  assert.deepEqual(offenders, []);
  assert.match(readFileSync(join(root, 'src', 'vscode', 'send.ts'), 'utf8'), /vscode\.l10n\.t\(/);
});

// The error panel's model and page carry ids and data; every word of the panel itself comes from
// the adapter, through vscode.l10n.t, in the message that renders the page.
const PANEL_CORE_AND_PAGE = [
  join(root, 'src', 'core', 'errorPanel', 'panelModel.ts'),
  join(root, 'src', 'core', 'errorPanel', 'panelView.ts'),
  join(root, 'src', 'core', 'errorPanel', 'panelProtocol.ts'),
  ...readdirSync(join(root, 'src', 'webview', 'errorPanel')).filter((file) => file.endsWith('.ts')).map((file) => join(root, 'src', 'webview', 'errorPanel', file)),
];
const PANEL_ADAPTER = [join(root, 'src', 'vscode', 'errorPanel.ts'), join(root, 'src', 'vscode', 'errorPanelWording.ts')];
/** Two words, or a capitalised word: interface text, unlike ids, class names and URI schemes. */
const ENGLISH_TEXT = /[A-Za-z]{2,}\s+[A-Za-z]{2,}|^\s*[A-Z][a-z]+\b/;

interface Literal {
  text: string;
  where: string;
  localised: boolean;
}

/** The string and template literals of a source file (template holes left out), but not module specifiers. */
function literalsOf(file: string): Literal[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: Literal[] = [];
  const isL10nMessage = (node: ts.Node) =>
    ts.isCallExpression(node.parent) && node.parent.arguments[0] === node && node.parent.expression.getText(source) === 'vscode.l10n.t';
  const add = (node: ts.Node, text: string) =>
    found.push({ text, where: `${relative(root, file)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`, localised: isL10nMessage(node) });
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) add(node, node.text);
    else if (ts.isTemplateExpression(node)) add(node, [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' '));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test('the English-text rule tells interface words from ids', () => {
  for (const words of ['Sign In Again', 'Code', 'Codes ( )', 'Server said', 'Raw response (empty)', 'Network']) assert.match(words, ENGLISH_TEXT);
  for (const id of ['goToField', 'go-to-file', 'server-message', 'vscode-remote', 'codicon- ', 'aria-hidden', ' — ', '. ', 'HTTP']) assert.doesNotMatch(id, ENGLISH_TEXT);
});

test("the error panel's model, view and page hold no interface words: the adapter supplies them", () => {
  assert.ok(PANEL_CORE_AND_PAGE.some((file) => file.includes(join('src', 'webview'))), 'the page is checked');
  const english = PANEL_CORE_AND_PAGE.flatMap(literalsOf).filter((literal) => ENGLISH_TEXT.test(literal.text));
  assert.deepEqual(english.map(({ where, text }) => `${where}: ${text}`), []);
});

test("the error panel adapter passes every word of the panel through vscode.l10n.t", () => {
  const literals = PANEL_ADAPTER.flatMap(literalsOf);
  assert.ok(literals.filter((literal) => literal.localised).length >= 20, 'the panel is worded in the adapter');
  // The HTML shell is markup; its one text, the title, is a call of vscode.l10n.t of its own.
  const unlocalised = literals.filter((literal) => !literal.localised && !literal.text.trimStart().startsWith('<') && ENGLISH_TEXT.test(literal.text));
  assert.deepEqual(unlocalised.map(({ where, text }) => `${where}: ${text}`), []);
});

test('every numeric setting declares the range the code clamps it to', () => {
  const numeric = [...settings].filter(([, setting]) => setting.type === 'number' || setting.type === 'integer');
  assert.deepEqual(numeric.map(([name]) => name).sort(), Object.keys(NUMERIC_SETTINGS).sort());
  for (const [name, setting] of numeric) {
    const range = NUMERIC_SETTINGS[name];
    assert.deepEqual(
      { minimum: setting.minimum, maximum: setting.maximum, default: setting.default, integer: setting.type === 'integer' },
      { minimum: range.min, maximum: range.max, default: range.default, integer: range.integer },
      name,
    );
  }
});

test('a workspace in Restricted Mode cannot set how often or how long the extension calls the server, nor which files hovers read', () => {
  const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
  for (const name of ['gestix.statusBar.pollSeconds', 'gestix.requestTimeoutSeconds', 'gestix.hover.languages', 'gestix.hover.filePatterns']) {
    assert.ok(restricted.includes(name) || settings.get(name)?.scope === 'machine', `${name} is restricted or machine-scoped`);
  }
});

test('the Gestix view: each contributed view is created by the code, and its welcome texts and menus name contributed views', () => {
  const contributed: { id: string }[] = Object.values(manifest.contributes.views as Record<string, { id: string }[]>).flat();
  const ids = new Set(contributed.map((view) => view.id));
  for (const id of ids) {
    const created = new RegExp(`['"]${id.replace(/\./g, '\\.')}['"]`);
    assert.match(sources, created, `${id} is named in the code that creates it`);
  }
  for (const welcome of manifest.contributes.viewsWelcome as { view: string }[]) assert.ok(ids.has(welcome.view), `viewsWelcome names ${welcome.view}, which is contributed`);
  const menus = manifest.contributes.menus as Record<string, { when?: string }[]>;
  for (const [menu, items] of Object.entries(menus)) {
    for (const item of items) {
      for (const [, named] of (item.when ?? '').matchAll(/\bview == ([\w.]+)/g)) assert.ok(ids.has(named), `${menu} names the view ${named}, which is contributed`);
    }
  }
  assert.ok(ids.size >= 1);
});
