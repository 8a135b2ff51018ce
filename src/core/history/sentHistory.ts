// The Sent history: one entry per send that reached an outcome, newest first, per connection. What
// is kept is what the Sent view shows and what reopens a failure in the error panel; never the
// document's body, a token or a query string (entries are made, redacted, in sentEntry.ts). A file
// is read back only through checks that drop what is not an entry (the file may be corrupt, foreign
// or hostile). Reading is one JSON.parse and one pass over the entries, on a file of bounded size.
import type { NetworkReason } from '../http/result';
import { capped } from '../text/sanitize';
import { isDocumentKind, type DocumentKind } from '../wire';

/** Older entries are dropped: enough to find last week's sends, few enough to read in a moment. */
export const MAX_SENT_ENTRIES = 1_000;
/** Enough for any error body Gestix or Sovos sends, with room for a few field messages. */
export const SENT_BODY_LIMIT = 4_000;
/** Every other string of an entry: names, numbers, ids, paths, sentences. */
export const FIELD_LIMIT = 1_000;
/** Room for MAX_SENT_ENTRIES entries with full bodies; a larger file is not one of ours. */
export const MAX_HISTORY_FILE_CHARS = MAX_SENT_ENTRIES * (SENT_BODY_LIMIT + 4 * FIELD_LIMIT);
const FORMAT_VERSION = 1;

export type SentResult = 'created' | 'rejected' | 'failed' | 'notConfirmed' | 'cancelled';
const SENT_RESULTS: readonly SentResult[] = ['created', 'rejected', 'failed', 'notConfirmed', 'cancelled'];

const NETWORK_REASONS: readonly NetworkReason[] = ['refused', 'dns', 'tls', 'timeout', 'reset', 'aborted', 'insecure', 'proxy', 'settings', 'other'];

/** A failure as the error panel needs it again: the answer (redacted, its body cut), or the network failure's sentence. */
export type SentFailure =
  | { kind: 'http' | 'unexpected'; method: string; path: string; status: number; contentType?: string; body: string; bodyTruncated: boolean; message?: string }
  | { kind: 'network'; method: string; path: string; reason: NetworkReason; message: string; mayHaveReachedServer: boolean };

export interface SentFile {
  /** The file's address (a Uri's string form). */
  uri: string;
  /** A short name to show, e.g. the file's name. */
  label: string;
}

export interface SentEntry {
  /** When the send ended, in milliseconds since the epoch. */
  at: number;
  connection: string;
  kind: DocumentKind;
  /** Absent when the document came from elsewhere than a file (a chat tool). */
  file?: SentFile;
  result: SentResult;
  documentId?: number;
  documentNumber?: string;
  status?: number;
  requestId?: string;
  failure?: SentFailure;
}

/** `entries` (newest first) with `entry` in front, the oldest dropped beyond MAX_SENT_ENTRIES. */
export function withEntry(entries: readonly SentEntry[], entry: SentEntry): SentEntry[] {
  return [entry, ...entries.slice(0, MAX_SENT_ENTRIES - 1)];
}

/** A renamed connection's history under its new name, merged with what that name already held, newest first. */
export function renamedHistory(renamed: readonly SentEntry[], alreadyThere: readonly SentEntry[], name: string): SentEntry[] {
  return [...renamed.map((entry) => ({ ...entry, connection: name })), ...alreadyThere].sort((a, b) => b.at - a.at).slice(0, MAX_SENT_ENTRIES);
}

export function serializeHistory(entries: readonly SentEntry[]): string {
  return JSON.stringify({ version: FORMAT_VERSION, entries: entries.slice(0, MAX_SENT_ENTRIES) });
}

export interface ReadHistory {
  /** Newest first. */
  entries: SentEntry[];
  /** Why some or all of the file was not read, for the log; undefined when all of it was. */
  problem?: string;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, limit = FIELD_LIMIT): string | undefined {
  return typeof value === 'string' ? capped(value, limit) : undefined;
}

function wholeNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

const WRONG_TYPE = Symbol('wrong type');

/** A field that may be absent; when present, `read` must accept it. */
function optional<T>(field: unknown, read: (field: unknown) => T | undefined): T | undefined | typeof WRONG_TYPE {
  if (field === undefined) return undefined;
  return read(field) ?? WRONG_TYPE;
}

function readFailure(value: unknown): SentFailure | undefined {
  if (!isObject(value)) return undefined;
  const method = text(value.method);
  const path = text(value.path);
  if (method === undefined || path === undefined) return undefined;
  if (value.kind === 'network') {
    const message = text(value.message);
    const reason = NETWORK_REASONS.find((known) => known === value.reason);
    if (message === undefined || reason === undefined || typeof value.mayHaveReachedServer !== 'boolean') return undefined;
    return { kind: 'network', method, path, reason, message, mayHaveReachedServer: value.mayHaveReachedServer };
  }
  if (value.kind !== 'http' && value.kind !== 'unexpected') return undefined;
  const status = wholeNumber(value.status);
  const body = text(value.body, SENT_BODY_LIMIT);
  if (status === undefined || body === undefined || typeof value.bodyTruncated !== 'boolean') return undefined;
  const failure: SentFailure = { kind: value.kind, method, path, status, body, bodyTruncated: value.bodyTruncated };
  const contentType = text(value.contentType);
  if (contentType !== undefined) failure.contentType = contentType;
  const message = text(value.message);
  if (message !== undefined) failure.message = message;
  return failure;
}

/** An entry read back, or undefined when `value` is not one (a wrong type anywhere it matters). */
function readEntry(value: unknown): SentEntry | undefined {
  if (!isObject(value)) return undefined;
  const at = wholeNumber(value.at);
  const connection = text(value.connection);
  const result = SENT_RESULTS.find((known) => known === value.result);
  if (at === undefined || connection === undefined || !isDocumentKind(value.kind) || result === undefined) return undefined;
  const entry: SentEntry = { at, connection, kind: value.kind, result };
  if (value.file !== undefined) {
    const file = isObject(value.file) ? { uri: text(value.file.uri), label: text(value.file.label) } : undefined;
    if (file?.uri === undefined || file.label === undefined) return undefined;
    entry.file = { uri: file.uri, label: file.label };
  }
  const documentId = optional(value.documentId, wholeNumber);
  const documentNumber = optional(value.documentNumber, text);
  const status = optional(value.status, wholeNumber);
  const requestId = optional(value.requestId, text);
  if (documentId === WRONG_TYPE || documentNumber === WRONG_TYPE || status === WRONG_TYPE || requestId === WRONG_TYPE) return undefined;
  if (documentId !== undefined) entry.documentId = documentId;
  if (documentNumber !== undefined) entry.documentNumber = documentNumber;
  if (status !== undefined) entry.status = status;
  if (requestId !== undefined) entry.requestId = requestId;
  if (value.failure !== undefined) {
    const failure = readFailure(value.failure);
    if (!failure) return undefined;
    entry.failure = failure;
  }
  return entry;
}

/** The entries a history file holds, as many as can be read; never throws. */
export function parseHistory(fileText: string): ReadHistory {
  if (fileText.length > MAX_HISTORY_FILE_CHARS) return { entries: [], problem: `the file is larger than ${MAX_HISTORY_FILE_CHARS} characters, so it is not a Sent history` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(fileText);
  } catch {
    return { entries: [], problem: 'the file is not JSON' };
  }
  if (!isObject(parsed) || parsed.version !== FORMAT_VERSION || !Array.isArray(parsed.entries)) return { entries: [], problem: `the file is not a Sent history of version ${FORMAT_VERSION}` };
  const entries: SentEntry[] = [];
  let dropped = 0;
  for (const value of parsed.entries as unknown[]) {
    if (entries.length === MAX_SENT_ENTRIES) break;
    const entry = readEntry(value);
    if (entry) entries.push(entry);
    else dropped += 1;
  }
  const beyond = Math.max(0, parsed.entries.length - dropped - MAX_SENT_ENTRIES);
  const problems = [...(dropped > 0 ? [`${dropped} entries that are not Sent entries were left out`] : []), ...(beyond > 0 ? [`${beyond} entries beyond the last ${MAX_SENT_ENTRIES} were left out`] : [])];
  return problems.length > 0 ? { entries, problem: problems.join('; ') } : { entries };
}
