// What the error panel shows, built from a DecodedError. Plain data, so it can travel to the webview
// by message and survive a window reload as the panel's state.
import { redact } from '../text/redact';
import { isDocumentKind, type DocumentKind } from '../wire';
import { PRODUCT_NAMES } from './catalogue';
import type { DecodedError } from './decodedView';
import type { CodeLookup } from './lookup';

export type PanelActionId = 'copySupportDetails' | 'goToField' | 'signInAgain' | 'retry' | 'openRawBody';
export const PANEL_ACTION_IDS: readonly PanelActionId[] = ['copySupportDetails', 'goToField', 'signInAgain', 'retry', 'openRawBody'];

export interface PanelOrigin {
  /** The sent document's URI, as text. */
  uri: string;
  kind: DocumentKind;
}

/** Where a sent document can live: on disk, unsaved, on a remote machine, in a virtual workspace or the extension's storage. */
export const SENT_DOCUMENT_SCHEMES: ReadonlySet<string> = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vscode-userdata']);
const RAW_LANGUAGES: ReadonlySet<string> = new Set<PanelModel['rawLanguage']>(['json', 'html', 'plaintext']);
const PANEL_ACTIONS: ReadonlySet<string> = new Set<string>(PANEL_ACTION_IDS);

export function isPanelActionId(value: unknown): value is PanelActionId {
  return typeof value === 'string' && PANEL_ACTIONS.has(value);
}

export interface PanelModel {
  headline: string;
  badges: string[];
  statusLine: string;
  actions: { id: PanelActionId; label: string; primary?: boolean }[];
  entries: { code: string; category: string; title: string; meaning: string; serverMessage?: string; nextStep?: string }[];
  messages: string[];
  details: [string, string | undefined][];
  raw: string;
  rawLabel: string;
  rawNotice?: string;
  rawLanguage: 'json' | 'html' | 'plaintext';
  supportText: string;
  field?: string;
  origin?: PanelOrigin;
}

/** Characters of the body the panel itself shows; the whole body opens in an editor. */
export const PANEL_RAW_LIMIT = 100_000;

function localTime(epochMs: number | undefined, timeZone: string | undefined): string | undefined {
  if (epochMs === undefined) return undefined;
  try {
    return new Date(epochMs).toLocaleString(undefined, { timeZone, dateStyle: 'medium', timeStyle: 'medium' });
  } catch {
    return new Date(epochMs).toISOString();
  }
}

export interface PanelModelOptions {
  supportText: string;
  origin?: PanelOrigin;
  /** For "Local time"; the machine's zone when absent. */
  timeZone?: string;
}

export function buildPanelModel(decoded: DecodedError, options: PanelModelOptions): PanelModel {
  const status = decoded.status;
  const badges: string[] = [];
  if (status) badges.push(`HTTP ${status.code}`);
  if (decoded.network) badges.push('Network');
  badges.push(SHAPE_LABELS[decoded.shape]);
  if (decoded.product) badges.push(PRODUCT_NAMES[decoded.product]);

  const statusLine = status ? `${status.code} ${status.entry.title} — ${status.entry.meaning}` : (decoded.summary ?? '');
  const origin = options.origin;
  const actions: PanelModel['actions'] = [];
  let field: string | undefined;
  for (const action of decoded.actions) {
    if (action.kind === 'signInAgain') actions.push({ id: 'signInAgain', label: 'Sign In Again', primary: true });
    if (action.kind === 'retry' && origin) actions.push({ id: 'retry', label: action.afterSeconds ? `Retry (server asks to wait ${action.afterSeconds} s)` : 'Retry', primary: actions.length === 0 });
    if (action.kind === 'goToField' && origin && action.field.where === 'body') {
      field = action.field.name;
      actions.push({ id: 'goToField', label: `Go to "${action.field.name}"`, primary: actions.length === 0 });
    }
    if (action.kind === 'copySupportDetails') actions.push({ id: 'copySupportDetails', label: 'Copy Support Details' });
  }
  if (!actions.some((action) => action.id === 'copySupportDetails')) actions.push({ id: 'copySupportDetails', label: 'Copy Support Details' });

  const raw = decoded.raw;
  const shown = raw.text.length > PANEL_RAW_LIMIT ? raw.text.slice(0, PANEL_RAW_LIMIT) : raw.text;
  const cut = raw.truncated || shown.length < raw.text.length;
  if (cut || raw.length > 0) actions.push({ id: 'openRawBody', label: 'Open Body in Editor' });

  const timestamp = decoded.timestamp;
  const model: PanelModel = {
    headline: decoded.headline,
    badges,
    statusLine,
    actions,
    entries: decoded.entries.map((entry) => ({
      code: entry.code,
      category: entry.productLine ? `${entry.entry.category} · ${entry.productLine.line} (${entry.productLine.name})` : entry.entry.category,
      title: entry.entry.title,
      meaning: entry.entry.meaning,
      ...(entry.message !== undefined ? { serverMessage: entry.message } : {}),
      nextStep: entry.entry.nextStep.text,
    })),
    messages: decoded.entries.length === 0 ? decoded.messages : [],
    details: [
      ['Request ID', decoded.requestId],
      ['Timestamp', timestamp ? (timestamp.utc ?? timestamp.text) : undefined],
      ['Local time', localTime(timestamp?.epochMs, options.timeZone)],
      ['Request', [decoded.method, decoded.path].filter(Boolean).join(' ') || undefined],
      ['Field', decoded.field?.name],
    ],
    raw: shown,
    rawLabel: raw.length === 0 ? 'Raw response (empty)' : `Raw response (${raw.length.toLocaleString('en')} characters${raw.contentType ? `, ${raw.contentType}` : ''})`,
    rawLanguage: raw.pretty ? 'json' : raw.isHtml ? 'html' : 'plaintext',
    supportText: options.supportText,
  };
  if (cut) model.rawNotice = 'The body is long; only its beginning is shown here. Use "Open Body in Editor" to see all of it.';
  if (field !== undefined) model.field = field;
  if (origin) model.origin = origin;
  return model;
}

const SHAPE_LABELS: Record<DecodedError['shape'], string> = {
  apiError: 'Gestix apiError',
  sovosFormat1: 'Sovos Format 1',
  sovosFormat2: 'Sovos Format 2',
  otherJson: 'Unrecognised JSON',
  notJson: 'Not JSON',
  empty: 'Empty body',
};

/** The panel for one code looked up by hand or from a log hover, with no response around it. */
export function buildCodePanelModel(lookup: CodeLookup): PanelModel {
  const { entry } = lookup;
  const line = lookup.productLine ? ` · ${lookup.productLine.line} (${lookup.productLine.name}: ${lookup.productLine.documents})` : '';
  return {
    headline: lookup.known ? `${lookup.normalized}: ${entry.title}` : `${lookup.normalized} is not a documented code`,
    badges: [lookup.normalized, PRODUCT_NAMES[entry.product]],
    statusLine: `${entry.category}${line}`,
    actions: [],
    entries: [{ code: lookup.normalized, category: `${entry.category}${line}`, title: entry.title, meaning: entry.meaning, nextStep: entry.nextStep.text }],
    messages: [],
    details: [
      ['Can a retry help?', entry.retryable ? 'Yes — the same request may succeed later.' : 'No — something must change first.'],
    ],
    raw: '',
    rawLabel: 'No response body (code looked up on its own)',
    rawLanguage: 'plaintext',
    supportText: '',
  };
}

/**
 * Every text of the model that may carry server text, with the secrets this window knows removed:
 * the model is posted to the page, which keeps it as its state on disk. The origin is left alone, a
 * path that happens to contain a user name must still open.
 */
export function redactPanelModel(model: PanelModel, secrets: Iterable<string>): PanelModel {
  const scrub = (text: string) => redact(text, secrets);
  const redacted: PanelModel = {
    ...model,
    headline: scrub(model.headline),
    badges: model.badges.map(scrub),
    statusLine: scrub(model.statusLine),
    actions: model.actions.map((action) => ({ ...action, label: scrub(action.label) })),
    entries: model.entries.map((entry) => ({
      code: scrub(entry.code),
      category: scrub(entry.category),
      title: scrub(entry.title),
      meaning: scrub(entry.meaning),
      ...(entry.serverMessage !== undefined ? { serverMessage: scrub(entry.serverMessage) } : {}),
      ...(entry.nextStep !== undefined ? { nextStep: scrub(entry.nextStep) } : {}),
    })),
    messages: model.messages.map(scrub),
    details: model.details.map(([term, value]) => [term, value === undefined ? undefined : scrub(value)]),
    raw: scrub(model.raw),
    rawLabel: scrub(model.rawLabel),
    supportText: scrub(model.supportText),
  };
  if (model.rawNotice !== undefined) redacted.rawNotice = scrub(model.rawNotice);
  if (model.field !== undefined) redacted.field = scrub(model.field);
  return redacted;
}

// ---- a model restored from the page's saved state: checked like any message from the page ----

type Fields = Record<string, unknown>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function optionalString(value: unknown): value is string | undefined {
  return value === undefined || typeof value === 'string';
}

function stringsOf(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every(isString) ? [...value] : undefined;
}

/** The scheme of a URI in text form, lower-cased; undefined when it has none. */
function schemeOf(uri: string): string | undefined {
  return /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri)?.[1]?.toLowerCase();
}

function originFrom(value: unknown): PanelOrigin | undefined {
  if (!isFields(value) || !isString(value.uri) || !isDocumentKind(value.kind)) return undefined;
  const scheme = schemeOf(value.uri);
  return scheme !== undefined && SENT_DOCUMENT_SCHEMES.has(scheme) ? { uri: value.uri, kind: value.kind } : undefined;
}

function actionFrom(value: unknown): PanelModel['actions'][number] | undefined {
  if (!isFields(value) || !isPanelActionId(value.id) || !isString(value.label)) return undefined;
  if (value.primary !== undefined && typeof value.primary !== 'boolean') return undefined;
  return { id: value.id, label: value.label, ...(value.primary !== undefined ? { primary: value.primary } : {}) };
}

function entryFrom(value: unknown): PanelModel['entries'][number] | undefined {
  if (!isFields(value)) return undefined;
  const { code, category, title, meaning, serverMessage, nextStep } = value;
  if (!isString(code) || !isString(category) || !isString(title) || !isString(meaning) || !optionalString(serverMessage) || !optionalString(nextStep)) return undefined;
  return { code, category, title, meaning, ...(serverMessage !== undefined ? { serverMessage } : {}), ...(nextStep !== undefined ? { nextStep } : {}) };
}

/** A row of `details`; the page's state is JSON, where an absent value became null. */
function detailFrom(value: unknown): [string, string | undefined] | undefined {
  if (!Array.isArray(value) || value.length !== 2 || !isString(value[0])) return undefined;
  const shown: unknown = value[1];
  if (shown === null || shown === undefined) return [value[0], undefined];
  return isString(shown) ? [value[0], shown] : undefined;
}

function everyOf<T>(value: unknown, read: (item: unknown) => T | undefined): T[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const items: T[] = [];
  for (const item of value) {
    const parsed = read(item);
    if (parsed === undefined) return undefined;
    items.push(parsed);
  }
  return items;
}

/**
 * The model in a panel's saved state, rebuilt field by field, or undefined when anything is not what
 * this extension writes: a document kind it does not know, a URI of a scheme no sent document has,
 * an action it does not offer. The page, and so its state, is not trusted.
 */
export function panelModelFromState(state: unknown): PanelModel | undefined {
  if (!isFields(state) || !isFields(state.model)) return undefined;
  const model = state.model;
  const badges = stringsOf(model.badges);
  const messages = stringsOf(model.messages);
  const actions = everyOf(model.actions, actionFrom);
  const entries = everyOf(model.entries, entryFrom);
  const details = everyOf(model.details, detailFrom);
  const { headline, statusLine, raw, rawLabel, rawNotice, rawLanguage, supportText, field } = model;
  if (!isString(headline) || !isString(statusLine) || !isString(raw) || !isString(rawLabel) || !isString(supportText)) return undefined;
  if (!optionalString(rawNotice) || !optionalString(field) || !isString(rawLanguage) || !RAW_LANGUAGES.has(rawLanguage)) return undefined;
  if (!badges || !messages || !actions || !entries || !details) return undefined;
  const restored: PanelModel = {
    headline,
    badges,
    statusLine,
    actions,
    entries,
    messages,
    details,
    raw: raw.slice(0, PANEL_RAW_LIMIT),
    rawLabel,
    rawLanguage: rawLanguage as PanelModel['rawLanguage'],
    supportText,
  };
  if (rawNotice !== undefined) restored.rawNotice = rawNotice;
  if (field !== undefined) restored.field = field;
  if (model.origin !== undefined) {
    const origin = originFrom(model.origin);
    if (!origin) return undefined;
    restored.origin = origin;
  }
  return restored;
}
