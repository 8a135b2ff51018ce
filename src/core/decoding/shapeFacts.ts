// What each response shape says: its codes and messages, and where it names them, the path, the
// request id, the timestamp and a status. One reader per shape; every value is capped as it is read.
import { capped } from '../text/sanitize';
import type { Product } from '../codes/catalogue';
import { cleanMessage, isObject, validStatus } from './bodyValues';
import { ENTRY_LIMIT, MESSAGE_LIMIT, type DecodedEntry } from './decodedView';
import { fieldFromMessage } from './field';
import { htmlMessages, looksLikeHtml } from './htmlText';
import { lookupCode, type CodeLookup } from '../codes/lookup';
import type { ResponseShape } from './shape';
import { parseTimestamp, type Timestamp } from './timestamp';

export interface BodyFacts {
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

type ShapeOf<Kind extends ResponseShape['kind']> = Extract<ResponseShape, { kind: Kind }>;

const OTHER_MESSAGE_KEYS = ['message', 'error', 'error_description', 'detail', 'title', 'reason', 'description'];
const OTHER_ID_KEYS = ['request_id', 'requestId', 'requestID', 'trace_id', 'traceId', 'correlation_id', 'correlationId'];

function noFacts(messages: string[] = []): BodyFacts {
  return { entries: [], omittedEntries: 0, messages };
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

function apiErrorFacts({ error }: ShapeOf<'apiError'>): BodyFacts {
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

function sovosFormat1Facts({ body: format1 }: ShapeOf<'sovosFormat1'>): BodyFacts {
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

function sovosFormat2Facts({ body: format2 }: ShapeOf<'sovosFormat2'>): BodyFacts {
  const message = cleanMessage(format2.message);
  const facts: BodyFacts = { product: 'sovos', ...noFacts(message ? [message] : []) };
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

/** The usual keys of error bodies from other servers and frameworks: a message, a code, an id. */
function otherJsonFacts({ value }: ShapeOf<'otherJson'>): BodyFacts {
  const facts = noFacts();
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

function plainTextMessages(body: string): string[] {
  const firstLine = body.trim().split(/\r?\n/, 1)[0] ?? '';
  const text = cleanMessage(firstLine.slice(0, MESSAGE_LIMIT * 2));
  return text ? [text] : [];
}

export function bodyFacts(shape: ResponseShape, body: string, contentType: string | undefined): BodyFacts {
  switch (shape.kind) {
    case 'apiError':
      return apiErrorFacts(shape);
    case 'sovosFormat1':
      return sovosFormat1Facts(shape);
    case 'sovosFormat2':
      return sovosFormat2Facts(shape);
    case 'otherJson':
      return otherJsonFacts(shape);
    case 'notJson':
      return noFacts(looksLikeHtml(body, contentType) ? htmlMessages(body) : plainTextMessages(body));
    case 'empty':
      return noFacts();
  }
}
