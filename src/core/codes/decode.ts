// Turns any failed response — or a pasted body — into one view model, `DecodedError`, that the error
// panel, the notifications and the support text are built from. The body is untrusted: every path
// through here tolerates malformed, huge or hostile input and never throws.
import type { Failure, NetworkReason } from '../http/result';
import { capped } from '../text/sanitize';
import type { CatalogueEntry, Product, ProductLineInfo } from './catalogue';
import { fieldFromMessage, locateField, type FieldLocation, type FieldReference } from './field';
import { lookupCode, lookupHttpStatus, type CodeLookup } from './lookup';
import { recogniseShape, type ResponseShape, type ResponseShapeKind } from './shape';
import { parseTimestamp, type Timestamp } from './timestamp';

/** One code or subcode from the body, decoded, with what the server said about it. */
export interface DecodedEntry {
  /** As the server wrote it. */
  token: string;
  /** Canonical spelling: `SMAR-0011`, `INVALID_ARGUMENT`. */
  code: string;
  entry: CatalogueEntry;
  known: boolean;
  productLine?: ProductLineInfo;
  message?: string;
  field?: FieldReference;
}

export interface HttpStatusInfo {
  code: number;
  entry: CatalogueEntry;
  /** Where the number came from: the response itself, a pasted status line, the body, or the error code. */
  source: 'response' | 'statusLine' | 'body' | 'inferred';
}

export type SuggestedAction =
  | { kind: 'signInAgain' }
  | { kind: 'retry'; afterSeconds?: number }
  | { kind: 'goToField'; field: FieldReference; location?: FieldLocation }
  | { kind: 'copySupportDetails' };

export interface RawBody {
  /** The body for display: pretty-printed when it is JSON, cut at `RAW_BODY_LIMIT` characters. */
  text: string;
  pretty: boolean;
  /** True when `text` is shorter than the body (cut here or already by the client). */
  truncated: boolean;
  /** Length of the body that was decoded. */
  length: number;
  contentType?: string;
  isHtml: boolean;
}

export interface DecodedError {
  /** One plain-language sentence. Contains server text only as quoted plain text, never markup. */
  headline: string;
  origin: 'response' | 'network' | 'unexpectedResponse' | 'text';
  status?: HttpStatusInfo;
  shape: ResponseShapeKind;
  /** Which API produced the body, when the shape tells. */
  product?: Product;
  /** Format 1's outer message (about the endpoint) or Format 2's error name. */
  summary?: string;
  entries: DecodedEntry[];
  /** Entries beyond `ENTRY_LIMIT` that were left out. */
  omittedEntries: number;
  /** Every message from the body, in order, capped in length. */
  messages: string[];
  method?: string;
  /** The path the server reported, or else the path that was requested. */
  path?: string;
  requestId?: string;
  timestamp?: Timestamp;
  /** The first field a message names. */
  field?: FieldReference;
  /** Where `field` is in the sent document, when one was given and the key is in it. */
  fieldLocation?: FieldLocation;
  retryable: boolean;
  retryAfterSeconds?: number;
  actions: SuggestedAction[];
  raw: RawBody;
  network?: { reason: NetworkReason; mayHaveReachedServer: boolean };
}

export interface FailureBodyInput {
  status?: number;
  body: string;
  contentType?: string;
  requestPath?: string;
  method?: string;
  /** The JSON text that was sent, to locate the field a message names. */
  sentDocument?: string;
  retryAfterSeconds?: number;
  /** Set when the client already cut the body. */
  bodyTruncated?: boolean;
  /** A shape already recognised for this body (saves parsing a large body twice). */
  shape?: ResponseShape;
}

export const RAW_BODY_LIMIT = 200_000;
export const MESSAGE_LIMIT = 2_000;
export const ENTRY_LIMIT = 100;
const HEADLINE_MESSAGE_LIMIT = 160;

/** A Map, not an object: codes come from the server, and "toString" must not find Object's. */
const STATUS_BY_CODE: ReadonlyMap<string, number> = new Map([
  ['INVALID_ARGUMENT', 400],
  ['AUTH_FAILED', 403],
  ['DUPLICATE_ENTRY', 409],
]);

function cleanMessage(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : capped(text, MESSAGE_LIMIT);
}

function validStatus(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*[0-9]{3}\s*$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(number) && number >= 100 && number <= 599 ? number : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function looksLikeHtml(body: string, contentType: string | undefined): boolean {
  if (contentType && /html/i.test(contentType)) return true;
  return /^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(body.slice(0, 512));
}

function htmlText(fragment: string): string {
  return fragment
    .replace(/<[^>]{0,500}>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The text of the first `<h1…>…</h1>` whose tag is under 200 characters and whose text is 1 to 500.
 * Walked with indexOf, each search starting where the last one ended: a pattern would rescan up to
 * 700 characters from every `<h1` of a page made of them.
 */
function firstHeading(head: string): string | undefined {
  const lower = head.toLowerCase();
  let tagEnd = -1;
  let close = -1;
  for (let open = lower.indexOf('<h1'); open !== -1; open = lower.indexOf('<h1', open + 3)) {
    if (tagEnd <= open) tagEnd = lower.indexOf('>', open + 3);
    if (tagEnd === -1) return undefined;
    if (tagEnd - open - 3 > 200) continue;
    if (close <= tagEnd) close = lower.indexOf('</h1>', tagEnd + 1);
    if (close === -1) return undefined;
    const length = close - tagEnd - 1;
    if (length >= 1 && length <= 500) return head.slice(tagEnd + 1, close);
  }
  return undefined;
}

function htmlMessages(body: string): string[] {
  const head = body.slice(0, 100_000);
  const messages: string[] = [];
  for (const found of [/<title[^>]{0,200}>([^<]{1,500})/i.exec(head)?.[1], firstHeading(head)]) {
    const text = cleanMessage(htmlText(found ?? ''));
    if (text && !messages.includes(text)) messages.push(text);
  }
  return messages;
}

function plainTextMessages(body: string): string[] {
  const firstLine = body.trim().split(/\r?\n/, 1)[0] ?? '';
  const text = cleanMessage(firstLine.slice(0, MESSAGE_LIMIT * 2));
  return text ? [text] : [];
}

function prettyRaw(body: string, shape: ResponseShapeKind, contentType: string | undefined, alreadyTruncated: boolean): RawBody {
  const base = { length: body.length, isHtml: shape === 'notJson' && looksLikeHtml(body, contentType), contentType };
  let text = body;
  let pretty = false;
  if (shape !== 'notJson' && shape !== 'empty' && body.length <= RAW_BODY_LIMIT) {
    try {
      text = JSON.stringify(JSON.parse(body.replace(/^\uFEFF/, '')), null, 2);
      pretty = true;
    } catch {
      // deeply nested values overflow JSON.stringify, and the published Format 2 slip does not parse
      text = body;
    }
  }
  const truncated = alreadyTruncated || text.length > RAW_BODY_LIMIT;
  const raw: RawBody = { text: text.length > RAW_BODY_LIMIT ? text.slice(0, RAW_BODY_LIMIT) : text, pretty, truncated, ...base };
  if (contentType === undefined) delete raw.contentType;
  return raw;
}

function entryOf(lookup: CodeLookup, message: string | undefined): DecodedEntry {
  const decoded: DecodedEntry = { token: lookup.token, code: lookup.normalized, entry: lookup.entry, known: lookup.known };
  if (lookup.productLine) decoded.productLine = lookup.productLine;
  if (message !== undefined) {
    decoded.message = message;
    const field = fieldFromMessage(message);
    if (field) decoded.field = field;
  }
  return decoded;
}

interface BodyFacts {
  product?: Product;
  summary?: string;
  entries: DecodedEntry[];
  omittedEntries: number;
  messages: string[];
  path?: string;
  requestId?: string;
  timestamp?: Timestamp;
  bodyStatus?: number;
}

const OTHER_MESSAGE_KEYS = ['message', 'error', 'error_description', 'detail', 'title', 'reason', 'description'];
const OTHER_ID_KEYS = ['request_id', 'requestId', 'requestID', 'trace_id', 'traceId', 'correlation_id', 'correlationId'];

function otherJsonFacts(value: unknown): BodyFacts {
  const facts: BodyFacts = { entries: [], omittedEntries: 0, messages: [] };
  if (!isObject(value)) return facts;
  for (const key of OTHER_MESSAGE_KEYS) {
    const field = value[key];
    const message = cleanMessage(field) ?? (isObject(field) ? cleanMessage(field.message) : undefined);
    if (message && !facts.messages.includes(message)) facts.messages.push(message);
  }
  const code = cleanMessage(value.code) ?? (isObject(value.error) ? cleanMessage(value.error.code) : undefined);
  if (code) {
    const lookup = lookupCode(code);
    if (lookup.known && lookup.entry.kind !== 'httpStatus') facts.entries.push(entryOf(lookup, facts.messages[0]));
  }
  const requestId = OTHER_ID_KEYS.map((key) => cleanMessage(value[key])).find((id) => id !== undefined);
  if (requestId) facts.requestId = capped(requestId, 200);
  const timestamp = parseTimestamp(value.timestamp ?? value.time);
  if (timestamp) facts.timestamp = timestamp;
  const path = cleanMessage(value.path);
  if (path) facts.path = path;
  const status = validStatus(value.status) ?? validStatus(value.statusCode) ?? validStatus(value.status_code);
  if (status !== undefined) facts.bodyStatus = status;
  return facts;
}

function bodyFacts(shape: ResponseShape, body: string, contentType: string | undefined): BodyFacts {
  switch (shape.kind) {
    case 'apiError': {
      const { error } = shape;
      const message = cleanMessage(error.message);
      const facts: BodyFacts = {
        product: 'gestix',
        entries: [entryOf(lookupCode(error.code, { product: 'gestix' }), message)],
        omittedEntries: 0,
        messages: message ? [message] : [],
      };
      const timestamp = parseTimestamp(error.timestamp);
      if (timestamp) facts.timestamp = timestamp;
      if (error.path) facts.path = capped(error.path, MESSAGE_LIMIT);
      if (error.request_id) facts.requestId = capped(error.request_id, 200);
      return facts;
    }
    case 'sovosFormat1': {
      const { body: format1 } = shape;
      const kept = format1.errors.slice(0, ENTRY_LIMIT);
      const entries = kept.map((sub) => entryOf(lookupCode(sub.subcode, { subcode: true, product: 'sovos' }), cleanMessage(sub.message)));
      const facts: BodyFacts = {
        product: 'sovos',
        entries,
        omittedEntries: format1.errors.length - kept.length,
        messages: entries.flatMap((entry) => (entry.message ? [entry.message] : [])),
      };
      const summary = cleanMessage(format1.message);
      if (summary) facts.summary = summary;
      const status = validStatus(format1.status);
      if (status !== undefined) facts.bodyStatus = status;
      return facts;
    }
    case 'sovosFormat2': {
      const { body: format2 } = shape;
      const message = cleanMessage(format2.message);
      const facts: BodyFacts = { product: 'sovos', entries: [], omittedEntries: 0, messages: message ? [message] : [] };
      const summary = cleanMessage(format2.error);
      if (summary) facts.summary = summary;
      const timestamp = parseTimestamp(format2.timestamp);
      if (timestamp) facts.timestamp = timestamp;
      const path = cleanMessage(format2.path);
      if (path) facts.path = path;
      const status = validStatus(format2.status);
      if (status !== undefined) facts.bodyStatus = status;
      return facts;
    }
    case 'otherJson':
      return otherJsonFacts(shape.value);
    case 'notJson':
      return {
        entries: [],
        omittedEntries: 0,
        messages: looksLikeHtml(body, contentType) ? htmlMessages(body) : plainTextMessages(body),
      };
    case 'empty':
      return { entries: [], omittedEntries: 0, messages: [] };
  }
}

function statusInfo(
  given: number | undefined,
  givenSource: HttpStatusInfo['source'],
  facts: BodyFacts,
): HttpStatusInfo | undefined {
  const fromCode = facts.entries.map((entry) => STATUS_BY_CODE.get(entry.code)).find((status) => status !== undefined);
  const candidates: Array<[number | undefined, HttpStatusInfo['source']]> = [
    [validStatus(given), givenSource],
    [facts.bodyStatus, 'body'],
    [fromCode, 'inferred'],
  ];
  for (const [code, source] of candidates) {
    if (code !== undefined) return { code, source, entry: lookupHttpStatus(code, facts.product).entry };
  }
  return undefined;
}

function quoted(message: string): string {
  return `“${capped(message.replace(/\s+/g, ' '), HEADLINE_MESSAGE_LIMIT)}”`;
}

function statusPrefix(status: HttpStatusInfo | undefined): string {
  if (!status) return '';
  return status.entry.kind === 'unknown' ? `HTTP ${status.code}: ` : `HTTP ${status.code} ${status.entry.title}: `;
}

function sentence(prefix: string, rest: string): string {
  return prefix === '' ? rest.charAt(0).toUpperCase() + rest.slice(1) : prefix + rest;
}

function sovosSource(entries: DecodedEntry[]): string {
  const lines = new Set(entries.map((entry) => entry.productLine?.name).filter((name) => name !== undefined));
  return lines.size === 1 ? `Sovos ${[...lines][0]}` : 'Sovos Simple Connect';
}

function entryPhrase(entry: DecodedEntry): string {
  return entry.known ? entry.entry.title : `unknown code ${entry.code || '(empty)'}`;
}

function headlineFor(shape: ResponseShapeKind, status: HttpStatusInfo | undefined, facts: BodyFacts, field: FieldReference | undefined, isHtml: boolean): string {
  const { entries, messages } = facts;
  const prefix = statusPrefix(status);
  const said = messages[0] ? `: ${quoted(messages[0])}` : '';
  if (entries.length > 0) {
    const first = entries[0]!;
    const fieldPart = field && field.where === 'body' ? ` in field ${field.name}` : field ? ` (${field.name})` : '';
    if (shape === 'sovosFormat1') {
      const count = entries.length + facts.omittedEntries;
      if (count === 1) return `${sovosSource(entries)}: ${entryPhrase(first)}${fieldPart}`;
      return `${sovosSource(entries)} reported ${count} problems: ${entries.slice(0, 3).map(entryPhrase).join('; ')}${count > 3 ? '; …' : ''}`;
    }
    if (first.known) return `${first.entry.title}${fieldPart}`;
    return sentence(prefix, `${entryPhrase(first)}${said}`);
  }
  switch (shape) {
    case 'sovosFormat2':
      return sentence(prefix, messages[0] ? `Sovos Simple Connect said ${quoted(messages[0])}` : 'Sovos Simple Connect reported an error');
    case 'sovosFormat1':
      return sentence(prefix, `Sovos Simple Connect reported an error without a subcode${facts.summary ? `: ${quoted(facts.summary)}` : ''}`);
    case 'notJson':
      return isHtml
        ? sentence(prefix, 'an HTML page came back instead of an error object (often from a proxy or gateway)')
        : sentence(prefix, `the body is not JSON${said}`);
    case 'empty':
      return sentence(prefix, 'the response body is empty');
    default:
      return messages[0] ? sentence(prefix, quoted(messages[0])) : sentence(prefix, 'the body is JSON in a form the extension does not know');
  }
}

function isRetryable(status: HttpStatusInfo | undefined, entries: DecodedEntry[], field: FieldReference | undefined): boolean {
  // A refused nonce only needs a new one; the request itself was fine.
  if (field?.where === 'query' && entries.every((entry) => entry.code === 'INVALID_ARGUMENT')) return true;
  if (entries.length > 0) return entries.every((entry) => entry.entry.retryable);
  return status?.entry.retryable ?? false;
}

function actionsFor(decoded: Omit<DecodedError, 'actions' | 'headline'>): SuggestedAction[] {
  const actions: SuggestedAction[] = [];
  const steps = [decoded.status?.entry, ...decoded.entries.map((entry) => entry.entry)];
  const signIn = steps.some((entry) => entry?.nextStep.action === 'signInAgain' && entry.product !== 'sovos');
  if (signIn) actions.push({ kind: 'signInAgain' });
  if (decoded.retryable) {
    actions.push(decoded.retryAfterSeconds !== undefined ? { kind: 'retry', afterSeconds: decoded.retryAfterSeconds } : { kind: 'retry' });
  }
  if (decoded.field?.where === 'body') {
    actions.push(decoded.fieldLocation ? { kind: 'goToField', field: decoded.field, location: decoded.fieldLocation } : { kind: 'goToField', field: decoded.field });
  }
  if (decoded.requestId !== undefined || decoded.timestamp !== undefined) actions.push({ kind: 'copySupportDetails' });
  return actions;
}

function decodeBody(input: FailureBodyInput, origin: DecodedError['origin'], statusSource: HttpStatusInfo['source']): DecodedError {
  const body = typeof input.body === 'string' ? input.body : '';
  const contentType = typeof input.contentType === 'string' ? input.contentType : undefined;
  const shape = input.shape ?? recogniseShape(body);
  const facts = bodyFacts(shape, body, contentType);
  const status = statusInfo(input.status, statusSource, facts);
  const raw = prettyRaw(body, shape.kind, contentType, input.bodyTruncated === true);
  const field = facts.entries.map((entry) => entry.field).find((found) => found !== undefined)
    ?? facts.messages.map(fieldFromMessage).find((found) => found !== undefined);

  const decoded: Omit<DecodedError, 'actions' | 'headline'> = {
    origin,
    shape: shape.kind,
    entries: facts.entries,
    omittedEntries: facts.omittedEntries,
    messages: facts.messages,
    retryable: isRetryable(status, facts.entries, field),
    raw,
  };
  if (status) decoded.status = status;
  if (facts.product) decoded.product = facts.product;
  if (facts.summary) decoded.summary = facts.summary;
  if (input.method) decoded.method = capped(input.method, 20);
  const path = facts.path ?? (input.requestPath ? capped(input.requestPath, MESSAGE_LIMIT) : undefined);
  if (path) decoded.path = path;
  if (facts.requestId) decoded.requestId = facts.requestId;
  if (facts.timestamp) decoded.timestamp = facts.timestamp;
  if (field) {
    decoded.field = field;
    if (field.where === 'body' && typeof input.sentDocument === 'string') {
      const location = locateField(input.sentDocument, field);
      if (location) decoded.fieldLocation = location;
    }
  }
  const retryAfter = input.retryAfterSeconds;
  if (typeof retryAfter === 'number' && Number.isFinite(retryAfter) && retryAfter >= 0) decoded.retryAfterSeconds = retryAfter;
  return {
    headline: headlineFor(shape.kind, status, facts, field, raw.isHtml),
    ...decoded,
    actions: actionsFor(decoded),
  };
}

/** Decodes the body of a failed HTTP response. */
export function decodeFailureBody(input: FailureBodyInput): DecodedError {
  try {
    return decodeBody(input ?? { body: '' }, 'response', 'response');
  } catch {
    return fallback(typeof input?.body === 'string' ? input.body : '', 'response');
  }
}

/** Decodes what the client reports for a failed call: an HTTP error, a network problem, or a 2xx with an unreadable body. */
export function decodeFailure(failure: Failure, options: { sentDocument?: string } = {}): DecodedError {
  try {
    if (failure.kind === 'network') return networkDecoded(failure);
    const input: FailureBodyInput = {
      status: failure.status,
      body: failure.body,
      requestPath: failure.path,
      method: failure.method,
      bodyTruncated: failure.bodyTruncated,
    };
    if (failure.contentType !== undefined) input.contentType = failure.contentType;
    if (options.sentDocument !== undefined) input.sentDocument = options.sentDocument;
    if (failure.kind === 'http') {
      input.shape = failure.shape;
      if (failure.retryAfterSeconds !== undefined) input.retryAfterSeconds = failure.retryAfterSeconds;
      return decodeBody(input, 'response', 'response');
    }
    const decoded = decodeBody(input, 'unexpectedResponse', 'response');
    // The request succeeded on the server; sending it again would store it twice or hit a conflict.
    return { ...decoded, headline: capped(failure.message, 300), retryable: false, actions: decoded.actions.filter((action) => action.kind !== 'retry') };
  } catch {
    return fallback('', 'response');
  }
}

function networkDecoded(failure: Extract<Failure, { kind: 'network' }>): DecodedError {
  const retryable = failure.reason !== 'insecure' && failure.reason !== 'tls';
  const decoded: DecodedError = {
    headline: capped(failure.message, 300),
    origin: 'network',
    shape: 'empty',
    entries: [],
    omittedEntries: 0,
    messages: [capped(failure.message, MESSAGE_LIMIT)],
    method: failure.method,
    path: failure.path,
    retryable,
    actions: retryable ? [{ kind: 'retry' }] : [],
    raw: { text: '', pretty: false, truncated: false, length: 0, isHtml: false },
    network: { reason: failure.reason, mayHaveReachedServer: failure.mayHaveReachedServer },
  };
  return decoded;
}

function fallback(body: string, origin: DecodedError['origin']): DecodedError {
  return {
    headline: 'The response could not be decoded',
    origin,
    shape: body.trim() === '' ? 'empty' : 'notJson',
    entries: [],
    omittedEntries: 0,
    messages: [],
    retryable: false,
    actions: [],
    raw: { text: body.slice(0, RAW_BODY_LIMIT), pretty: false, truncated: body.length > RAW_BODY_LIMIT, length: body.length, isHtml: false },
  };
}

interface PastedMessage {
  status?: number;
  contentType?: string;
  requestId?: string;
  retryAfterSeconds?: number;
  body: string;
}

const STATUS_LINE = /^(?:<\s)?HTTP\/[0-9](?:\.[0-9])?\s+([0-9]{3})\b/;
const HEADER_LINE = /^(?:<\s)?([A-Za-z0-9][A-Za-z0-9-]{0,80})\s?:\s?(.{0,2000})$/;
/** Far more than any response carries; past it, the rest is the body. */
const HEADER_LINE_LIMIT = 200;

/** Splits off leading status lines and headers (as printed by `curl -i` or `curl -v`, or copied from a browser). */
function splitPasted(text: string): PastedMessage {
  const result: PastedMessage = { body: text };
  let position = 0;
  const nextLine = (): string | undefined => {
    if (position >= text.length) return undefined;
    const end = text.indexOf('\n', position);
    const line = text.slice(position, end === -1 ? text.length : end).replace(/\r$/, '');
    position = end === -1 ? text.length : end + 1;
    return line;
  };
  let bodyStart = 0;
  let line = nextLine();
  while (line !== undefined && line.trim() === '') {
    bodyStart = position;
    line = nextLine();
  }
  while (line !== undefined && line.length <= 4000) {
    const statusLine = STATUS_LINE.exec(line);
    if (!statusLine) break;
    result.status = Number(statusLine[1]);
    bodyStart = position;
    for (let headers = 0; line !== undefined && headers <= HEADER_LINE_LIMIT; headers += 1) {
      line = nextLine();
      if (line === undefined) break;
      const bare = line.replace(/^<\s?/, '');
      if (bare.trim() === '') {
        bodyStart = position;
        line = nextLine();
        break;
      }
      const header = HEADER_LINE.exec(line);
      if (!header) break;
      bodyStart = position;
      const name = header[1]!.toLowerCase();
      const value = header[2]!.trim();
      if (name === 'content-type') result.contentType = value;
      if ((name === 'x-request-id' || name === 'request-id') && value !== '') result.requestId = capped(value, 200);
      if (name === 'retry-after' && /^[0-9]{1,6}$/.test(value)) result.retryAfterSeconds = Number(value);
    }
    // A following status line (after `100 Continue`) starts another header block.
    while (line !== undefined && line.trim() === '') {
      bodyStart = position;
      line = nextLine();
    }
    if (line === undefined || !STATUS_LINE.test(line)) break;
  }
  result.body = text.slice(bodyStart);
  return result;
}

/** Accepts a body pasted from a log line or a chat: the JSON object inside the text is what counts. */
function embeddedJson(body: string): string | undefined {
  const start = body.indexOf('{');
  const end = body.lastIndexOf('}');
  if (start <= 0 || end <= start) return undefined;
  return body.slice(start, end + 1);
}

/** Decodes a pasted or selected error response; a leading status line and headers are understood. */
export function decodeText(text: string): DecodedError {
  try {
    const source = typeof text === 'string' ? text : '';
    const pasted = splitPasted(source);
    let body = pasted.body;
    let shape = recogniseShape(body);
    if (shape.kind === 'notJson') {
      const inner = embeddedJson(body);
      const innerShape = inner === undefined ? undefined : recogniseShape(inner);
      if (inner !== undefined && innerShape && innerShape.kind !== 'notJson') {
        body = inner;
        shape = innerShape;
      }
    }
    const input: FailureBodyInput = { body, shape };
    if (pasted.status !== undefined) input.status = pasted.status;
    if (pasted.contentType !== undefined) input.contentType = pasted.contentType;
    if (pasted.retryAfterSeconds !== undefined) input.retryAfterSeconds = pasted.retryAfterSeconds;
    const decoded = decodeBody(input, 'text', 'statusLine');
    if (decoded.requestId === undefined && pasted.requestId !== undefined) {
      const withId = { ...decoded, requestId: pasted.requestId };
      return { ...withId, actions: actionsFor(withId) };
    }
    return decoded;
  } catch {
    return fallback(typeof text === 'string' ? text : '', 'text');
  }
}
