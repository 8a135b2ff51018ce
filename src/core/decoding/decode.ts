// Turns any failed response — or a pasted body — into one view model, `DecodedError` (see
// decodedView.ts). The body is untrusted: every path through here tolerates malformed, huge or
// hostile input and never throws.
import type { Failure } from '../http/result';
import { capped } from '../text/sanitize';
import { MESSAGE_LIMIT, type DecodedError, type DecodedFindings, type HttpStatusInfo } from './decodedView';
import { fieldFromMessage, locateField, type FieldReference } from './field';
import { headlineFor } from './headline';
import { networkFailureView } from './networkFailureView';
import { readPastedResponse } from './pastedResponse';
import { prettyBody } from './prettyBody';
import { isRetryable, usableRetryAfter } from './retryHint';
import { recogniseShape, type ResponseShape } from './shape';
import { bodyFacts, type BodyFacts } from './shapeFacts';
import { inferStatus } from './statusInference';
import { suggestedActions } from './suggestedActions';
import { undecodableView } from './undecodableView';

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

/** The field an entry names, or else the first one a message names. */
function firstField(facts: BodyFacts): FieldReference | undefined {
  return facts.entries.map((entry) => entry.field).find((found) => found !== undefined) ?? facts.messages.map(fieldFromMessage).find((found) => found !== undefined);
}

/** Adds what the request itself tells (method, path, the sent document, Retry-After) to the findings. */
function addRequestFindings(decoded: DecodedFindings, input: FailureBodyInput, facts: BodyFacts, field: FieldReference | undefined): void {
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
  const retryAfter = usableRetryAfter(input.retryAfterSeconds);
  if (retryAfter !== undefined) decoded.retryAfterSeconds = retryAfter;
}

function decodeBody(input: FailureBodyInput, origin: DecodedError['origin'], statusSource: HttpStatusInfo['source']): DecodedError {
  const body = typeof input.body === 'string' ? input.body : '';
  const contentType = typeof input.contentType === 'string' ? input.contentType : undefined;
  const shape = input.shape ?? recogniseShape(body);
  const facts = bodyFacts(shape, body, contentType);
  const status = inferStatus(input.status, statusSource, facts);
  const raw = prettyBody(body, shape.kind, contentType, input.bodyTruncated === true);
  const field = firstField(facts);

  const decoded: DecodedFindings = {
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
  addRequestFindings(decoded, input, facts, field);
  return {
    headline: headlineFor({ shape: shape.kind, status, facts, field, isHtml: raw.isHtml }),
    ...decoded,
    actions: suggestedActions(decoded),
  };
}

/** Decodes the body of a failed HTTP response. */
export function decodeFailureBody(input: FailureBodyInput): DecodedError {
  try {
    return decodeBody(input ?? { body: '' }, 'response', 'response');
  } catch {
    return undecodableView(typeof input?.body === 'string' ? input.body : '', 'response');
  }
}

function answeredFailureInput(failure: Exclude<Failure, { kind: 'network' }>, sentDocument: string | undefined): FailureBodyInput {
  const input: FailureBodyInput = {
    status: failure.status,
    body: failure.body,
    requestPath: failure.path,
    method: failure.method,
    bodyTruncated: failure.bodyTruncated,
  };
  if (failure.contentType !== undefined) input.contentType = failure.contentType;
  if (sentDocument !== undefined) input.sentDocument = sentDocument;
  if (failure.kind === 'http') {
    input.shape = failure.shape;
    if (failure.retryAfterSeconds !== undefined) input.retryAfterSeconds = failure.retryAfterSeconds;
  }
  return input;
}

/** Decodes what the client reports for a failed call: an HTTP error, a network problem, or a 2xx with an unreadable body. */
export function decodeFailure(failure: Failure, options: { sentDocument?: string } = {}): DecodedError {
  try {
    if (failure.kind === 'network') return networkFailureView(failure);
    const input = answeredFailureInput(failure, options.sentDocument);
    if (failure.kind === 'http') return decodeBody(input, 'response', 'response');
    const decoded = decodeBody(input, 'unexpectedResponse', 'response');
    // The request succeeded on the server; sending it again would store it twice or hit a conflict.
    return { ...decoded, headline: capped(failure.message, 300), retryable: false, actions: decoded.actions.filter((action) => action.kind !== 'retry') };
  } catch {
    return undecodableView('', 'response');
  }
}

/** Decodes a pasted or selected error response; a leading status line and headers are understood. */
export function decodeText(text: string): DecodedError {
  try {
    const pasted = readPastedResponse(typeof text === 'string' ? text : '');
    const input: FailureBodyInput = { body: pasted.body, shape: pasted.shape };
    if (pasted.status !== undefined) input.status = pasted.status;
    if (pasted.contentType !== undefined) input.contentType = pasted.contentType;
    if (pasted.retryAfterSeconds !== undefined) input.retryAfterSeconds = pasted.retryAfterSeconds;
    const decoded = decodeBody(input, 'text', 'statusLine');
    if (decoded.requestId === undefined && pasted.requestId !== undefined) {
      const withId = { ...decoded, requestId: pasted.requestId };
      return { ...withId, actions: suggestedActions(withId) };
    }
    return decoded;
  } catch {
    return undecodableView(typeof text === 'string' ? text : '', 'text');
  }
}
