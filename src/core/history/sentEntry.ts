// A send's outcome as an entry of the Sent history, and the entry's failure as the error panel
// takes it again. Every string is redacted with the window's known secrets before it is kept. Apart
// from sentHistory.ts because it needs the decoder, which only the features part loads.
import { bodyFacts } from '../decoding/shapeFacts';
import { recogniseShape } from '../decoding/shape';
import type { Failure } from '../http/result';
import type { SendOutcome, SendSource } from '../sending/send';
import { redact } from '../text/redact';
import { capped } from '../text/sanitize';
import type { DocumentKind } from '../wire';
import { FIELD_LIMIT, SENT_BODY_LIMIT, type SentEntry, type SentFailure } from './sentHistory';

export interface SentRecord {
  at: number;
  connection: string;
  kind: DocumentKind;
  source: SendSource | undefined;
  outcome: SendOutcome;
}

/** The entry of a send, redacted; undefined when nothing was attempted (the window was not signed in). */
export function sentEntryOf(record: SentRecord, secrets: Iterable<string>): SentEntry | undefined {
  const clean = (text: string, limit = FIELD_LIMIT) => capped(redact(capped(text, limit * 4), secrets), limit);
  const entry: SentEntry = { at: record.at, connection: clean(record.connection), kind: record.kind, result: 'failed' };
  if (record.source) entry.file = { uri: clean(record.source.uri), label: clean(record.source.label) };
  const { outcome } = record;
  let failure: Failure | undefined;
  switch (outcome.kind) {
    case 'notSignedIn':
      return undefined;
    case 'created': {
      entry.result = 'created';
      const created = outcome.document;
      if (created) entry.documentId = created.id;
      const number = created?.documentNumber ?? outcome.identity?.seqNumber;
      if (number !== undefined) entry.documentNumber = clean(number);
      break;
    }
    case 'rejected':
      entry.result = 'rejected';
      failure = outcome.failure;
      break;
    case 'reauthFailed':
      failure = outcome.failure;
      break;
    case 'gaveUp':
      failure = outcome.lastFailure;
      break;
    case 'notConfirmed':
      entry.result = 'notConfirmed';
      failure = outcome.lastFailure;
      break;
    case 'cancelled':
      entry.result = 'cancelled';
      break;
  }
  if (failure) {
    entry.failure = storedFailure(failure, clean);
    if (failure.kind !== 'network') {
      entry.status = failure.status;
      const requestId = bodyFacts(failure.kind === 'http' ? failure.shape : recogniseShape(failure.body), failure.body, failure.contentType).requestId;
      if (requestId !== undefined) entry.requestId = clean(requestId);
    }
  }
  return entry;
}

function storedFailure(failure: Failure, clean: (text: string, limit?: number) => string): SentFailure {
  const request = { method: clean(failure.method), path: clean(failure.path) };
  if (failure.kind === 'network') return { kind: 'network', ...request, reason: failure.reason, message: clean(failure.message), mayHaveReachedServer: failure.mayHaveReachedServer };
  const body = clean(failure.body, SENT_BODY_LIMIT);
  const stored: SentFailure = { kind: failure.kind, ...request, status: failure.status, body, bodyTruncated: failure.bodyTruncated || failure.body.length > SENT_BODY_LIMIT };
  if (failure.contentType !== undefined) stored.contentType = clean(failure.contentType);
  if (failure.kind === 'unexpected') stored.message = clean(failure.message);
  return stored;
}

/** The failure an entry recorded, as the client reported it, for the error panel. */
export function failureOfEntry(entry: SentEntry): Failure | undefined {
  const stored = entry.failure;
  if (!stored) return undefined;
  if (stored.kind === 'network') return { ...stored };
  const answered = { method: stored.method, path: stored.path, status: stored.status, contentType: stored.contentType, body: stored.body, bodyTruncated: stored.bodyTruncated };
  if (stored.kind === 'unexpected') return { kind: 'unexpected', ...answered, message: stored.message ?? '' };
  return { kind: 'http', ...answered, shape: recogniseShape(stored.body), retryAfterSeconds: undefined };
}

