// What the error panel shows, built from a DecodedError. Plain data, so it can travel to the webview
// by message and survive a window reload as the panel's state.
import { PRODUCT_NAMES } from './catalogue';
import type { DecodedError } from './decode';
import type { CodeLookup } from './lookup';

export type PanelActionId = 'copySupportDetails' | 'goToField' | 'signInAgain' | 'retry' | 'openRawBody';
export const PANEL_ACTION_IDS: readonly PanelActionId[] = ['copySupportDetails', 'goToField', 'signInAgain', 'retry', 'openRawBody'];

export interface PanelOrigin {
  /** The sent document's URI, as text. */
  uri: string;
  kind: string;
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
