// What the error panel shows, built from a DecodedError: ids and data, no interface wording (the
// adapter words it, in the window's language, through panelView.ts). Plain data, so it can travel to
// the webview by message and survive a window reload as the panel's state.
import { redact } from '../text/redact';
import { isDocumentKind, type DocumentKind } from '../wire';
import { PRODUCT_NAMES } from '../codes/catalogue';
import type { DecodedError } from '../decoding/decodedView';
import type { CodeLookup } from '../codes/lookup';
import { isPanelActionId, type PanelActionId } from './panelProtocol';

export interface PanelOrigin {
  /** The sent document's URI, as text. */
  uri: string;
  kind: DocumentKind;
  /** The connection it was sent with, which Retry uses again. */
  connection?: string;
  /** Sent by Send as New Copy: Retry sends another new copy, not the file's own number. */
  asNewCopy?: true;
}

/** Where a sent document can live: on disk, unsaved, on a remote machine, in a virtual workspace or the extension's storage. */
const SENT_DOCUMENT_SCHEMES: ReadonlySet<string> = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vscode-userdata']);

export type BodyShape = DecodedError['shape'];
/** Every shape, so that one read back from saved state can be checked. */
const BODY_SHAPES: Readonly<Record<BodyShape, true>> = { apiError: true, sovosFormat1: true, sovosFormat2: true, otherJson: true, notJson: true, empty: true };

export type PanelBadge =
  | { kind: 'httpStatus'; status: number }
  | { kind: 'network' }
  | { kind: 'bodyShape'; shape: BodyShape }
  /** A product's name or the code looked up, shown as it is. */
  | { kind: 'name'; name: string };

export interface PanelAction {
  id: PanelActionId;
  primary?: boolean;
  /** For retry: the wait the server asked for. */
  afterSeconds?: number;
}

/** The rows of "For support", in the order shown. */
const PANEL_DETAIL_IDS = ['requestId', 'timestamp', 'localTime', 'request', 'field'] as const;
export type PanelDetailId = (typeof PANEL_DETAIL_IDS)[number];
const DETAIL_IDS: ReadonlySet<string> = new Set(PANEL_DETAIL_IDS);

export type RawLanguage = 'json' | 'html' | 'plaintext';
const RAW_LANGUAGES: ReadonlySet<string> = new Set<RawLanguage>(['json', 'html', 'plaintext']);

/** What the panel is about: a response (its body's length and type as received), or a code looked up on its own. */
export type PanelSource =
  | { kind: 'response'; length: number; contentType?: string; /** `raw` holds only the body's beginning. */ cut: boolean }
  | { kind: 'lookup'; code: string; documented: boolean; retryable: boolean };

export interface PanelModel {
  headline: string;
  badges: PanelBadge[];
  statusLine: string;
  actions: PanelAction[];
  entries: { code: string; category: string; title: string; meaning: string; serverMessage?: string; nextStep?: string }[];
  messages: string[];
  /** Only the rows that have a value. */
  details: [PanelDetailId, string][];
  raw: string;
  rawLanguage: RawLanguage;
  source: PanelSource;
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
  /** For the local time; the machine's zone when absent. */
  timeZone?: string;
}

function actionsFor(decoded: DecodedError, origin: PanelOrigin | undefined): { actions: PanelAction[]; field?: string } {
  const actions: PanelAction[] = [];
  let field: string | undefined;
  for (const action of decoded.actions) {
    if (action.kind === 'signInAgain') actions.push({ id: 'signInAgain', primary: true });
    if (action.kind === 'retry' && origin) actions.push({ id: 'retry', primary: actions.length === 0, ...(action.afterSeconds ? { afterSeconds: action.afterSeconds } : {}) });
    if (action.kind === 'goToField' && origin && action.field.where === 'body') {
      field = action.field.name;
      actions.push({ id: 'goToField', primary: actions.length === 0 });
    }
    if (action.kind === 'copySupportDetails') actions.push({ id: 'copySupportDetails' });
  }
  if (!actions.some((action) => action.id === 'copySupportDetails')) actions.push({ id: 'copySupportDetails' });
  return field === undefined ? { actions } : { actions, field };
}

export function buildPanelModel(decoded: DecodedError, options: PanelModelOptions): PanelModel {
  const status = decoded.status;
  const badges: PanelBadge[] = [];
  if (status) badges.push({ kind: 'httpStatus', status: status.code });
  if (decoded.network) badges.push({ kind: 'network' });
  badges.push({ kind: 'bodyShape', shape: decoded.shape });
  if (decoded.product) badges.push({ kind: 'name', name: PRODUCT_NAMES[decoded.product] });

  const statusLine = status ? `${status.code} ${status.entry.title} — ${status.entry.meaning}` : (decoded.summary ?? '');
  const origin = options.origin;
  const { actions, field } = actionsFor(decoded, origin);

  const raw = decoded.raw;
  const shown = raw.text.length > PANEL_RAW_LIMIT ? raw.text.slice(0, PANEL_RAW_LIMIT) : raw.text;
  const cut = raw.truncated || shown.length < raw.text.length;
  if (cut || raw.length > 0) actions.push({ id: 'openRawBody' });

  const timestamp = decoded.timestamp;
  const details: [PanelDetailId, string | undefined][] = [
    ['requestId', decoded.requestId],
    ['timestamp', timestamp ? (timestamp.utc ?? timestamp.text) : undefined],
    ['localTime', localTime(timestamp?.epochMs, options.timeZone)],
    ['request', [decoded.method, decoded.path].filter(Boolean).join(' ') || undefined],
    ['field', decoded.field?.name],
  ];
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
    details: details.filter((row): row is [PanelDetailId, string] => row[1] !== undefined && row[1] !== ''),
    raw: shown,
    rawLanguage: raw.pretty ? 'json' : raw.isHtml ? 'html' : 'plaintext',
    source: { kind: 'response', length: raw.length, ...(raw.contentType ? { contentType: raw.contentType } : {}), cut },
    supportText: options.supportText,
  };
  if (field !== undefined) model.field = field;
  if (origin) model.origin = origin;
  return model;
}

/** The panel for one code looked up by hand or from a log hover, with no response around it. */
export function buildCodePanelModel(lookup: CodeLookup): PanelModel {
  const { entry } = lookup;
  const line = lookup.productLine ? ` · ${lookup.productLine.line} (${lookup.productLine.name}: ${lookup.productLine.documents})` : '';
  return {
    headline: lookup.known ? `${lookup.normalized}: ${entry.title}` : lookup.normalized,
    badges: [
      { kind: 'name', name: lookup.normalized },
      { kind: 'name', name: PRODUCT_NAMES[entry.product] },
    ],
    statusLine: `${entry.category}${line}`,
    actions: [],
    entries: [{ code: lookup.normalized, category: `${entry.category}${line}`, title: entry.title, meaning: entry.meaning, nextStep: entry.nextStep.text }],
    messages: [],
    details: [],
    raw: '',
    rawLanguage: 'plaintext',
    source: { kind: 'lookup', code: lookup.normalized, documented: lookup.known, retryable: entry.retryable },
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
  const source = model.source;
  const redacted: PanelModel = {
    ...model,
    headline: scrub(model.headline),
    badges: model.badges.map((badge) => (badge.kind === 'name' ? { kind: 'name', name: scrub(badge.name) } : badge)),
    statusLine: scrub(model.statusLine),
    entries: model.entries.map((entry) => ({
      code: scrub(entry.code),
      category: scrub(entry.category),
      title: scrub(entry.title),
      meaning: scrub(entry.meaning),
      ...(entry.serverMessage !== undefined ? { serverMessage: scrub(entry.serverMessage) } : {}),
      ...(entry.nextStep !== undefined ? { nextStep: scrub(entry.nextStep) } : {}),
    })),
    messages: model.messages.map(scrub),
    details: model.details.map(([id, value]) => [id, scrub(value)]),
    raw: scrub(model.raw),
    source:
      source.kind === 'lookup'
        ? { ...source, code: scrub(source.code) }
        : { ...source, ...(source.contentType !== undefined ? { contentType: scrub(source.contentType) } : {}) },
    supportText: scrub(model.supportText),
  };
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

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isRawLanguage(value: unknown): value is RawLanguage {
  return isString(value) && RAW_LANGUAGES.has(value);
}

function isBodyShape(value: unknown): value is BodyShape {
  return isString(value) && Object.hasOwn(BODY_SHAPES, value);
}

function isDetailId(value: unknown): value is PanelDetailId {
  return isString(value) && DETAIL_IDS.has(value);
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
  if (scheme === undefined || !SENT_DOCUMENT_SCHEMES.has(scheme)) return undefined;
  return { uri: value.uri, kind: value.kind, ...(isString(value.connection) ? { connection: value.connection } : {}), ...(value.asNewCopy === true ? { asNewCopy: true } : {}) };
}

function badgeFrom(value: unknown): PanelBadge | undefined {
  if (!isFields(value)) return undefined;
  switch (value.kind) {
    case 'httpStatus':
      return typeof value.status === 'number' && Number.isInteger(value.status) ? { kind: 'httpStatus', status: value.status } : undefined;
    case 'network':
      return { kind: 'network' };
    case 'bodyShape':
      return isBodyShape(value.shape) ? { kind: 'bodyShape', shape: value.shape } : undefined;
    case 'name':
      return isString(value.name) ? { kind: 'name', name: value.name } : undefined;
    default:
      return undefined;
  }
}

function actionFrom(value: unknown): PanelAction | undefined {
  if (!isFields(value) || !isPanelActionId(value.id)) return undefined;
  const { primary, afterSeconds } = value;
  if ((primary !== undefined && typeof primary !== 'boolean') || (afterSeconds !== undefined && !isCount(afterSeconds))) return undefined;
  return { id: value.id, ...(primary !== undefined ? { primary } : {}), ...(afterSeconds !== undefined ? { afterSeconds } : {}) };
}

function entryFrom(value: unknown): PanelModel['entries'][number] | undefined {
  if (!isFields(value)) return undefined;
  const { code, category, title, meaning, serverMessage, nextStep } = value;
  if (!isString(code) || !isString(category) || !isString(title) || !isString(meaning) || !optionalString(serverMessage) || !optionalString(nextStep)) return undefined;
  return { code, category, title, meaning, ...(serverMessage !== undefined ? { serverMessage } : {}), ...(nextStep !== undefined ? { nextStep } : {}) };
}

function detailFrom(value: unknown): [PanelDetailId, string] | undefined {
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const id: unknown = value[0];
  const shown: unknown = value[1];
  return isDetailId(id) && isString(shown) ? [id, shown] : undefined;
}

function sourceFrom(value: unknown): PanelSource | undefined {
  if (!isFields(value)) return undefined;
  if (value.kind === 'response') {
    const { length, contentType, cut } = value;
    if (!isCount(length) || !optionalString(contentType) || typeof cut !== 'boolean') return undefined;
    return { kind: 'response', length, ...(contentType !== undefined ? { contentType } : {}), cut };
  }
  if (value.kind === 'lookup') {
    const { code, documented, retryable } = value;
    if (!isString(code) || typeof documented !== 'boolean' || typeof retryable !== 'boolean') return undefined;
    return { kind: 'lookup', code, documented, retryable };
  }
  return undefined;
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
  const badges = everyOf(model.badges, badgeFrom);
  const messages = stringsOf(model.messages);
  const actions = everyOf(model.actions, actionFrom);
  const entries = everyOf(model.entries, entryFrom);
  const details = everyOf(model.details, detailFrom);
  const source = sourceFrom(model.source);
  const { headline, statusLine, raw, rawLanguage, supportText, field } = model;
  if (!isString(headline) || !isString(statusLine) || !isString(raw) || !isString(supportText) || !optionalString(field) || !isRawLanguage(rawLanguage)) return undefined;
  if (!badges || !messages || !actions || !entries || !details || !source) return undefined;
  const restored: PanelModel = {
    headline,
    badges,
    statusLine,
    actions,
    entries,
    messages,
    details,
    raw: raw.slice(0, PANEL_RAW_LIMIT),
    rawLanguage,
    source,
    supportText,
  };
  if (field !== undefined) restored.field = field;
  if (model.origin !== undefined) {
    const origin = originFrom(model.origin);
    if (!origin) return undefined;
    restored.origin = origin;
  }
  return restored;
}
