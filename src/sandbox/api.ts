// The Gestix API endpoints below /api/{account}/{version}: /helo, /auth, /status and the six
// document endpoints. Handlers are synchronous and return Reply values; the server writes them.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { isDocumentKind, type DocumentCreated, type DocumentKind, type StatusResponse } from '../core/wire';
import { apiError, sovosFormat2 } from './errors';
import { buildPdf } from './pdf';
import { apiErrorReply, jsonReply, rawReply, type Reply } from './reply';
import { checkNonce, type Session } from './sessions';
import { COMPANY_NAME, type SandboxState } from './state';
import { parseListFilter } from './listFilter';
import { evaluateTaxes } from './taxEngine';
import type { StoredDocument } from './types';
import { validateDocument } from '../core/documents/schema';

const MAX_LIST_LIMIT = 1000;
const DEFAULT_LIST_LIMIT = 50;

export interface ApiRequest {
  method: string;
  /** Relative to the API base, e.g. '/invoices'. */
  path: string;
  /** The whole URL path, e.g. '/api/03101176/v4.0.0/invoices'. */
  fullPath: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The version segment of the URL, e.g. 'v4.0.0'. */
  calledVersion: string;
}

/** Compares secrets in time that does not depend on where they differ. */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

type Bearer = { kind: 'missing' } | { kind: 'malformed' } | { kind: 'token'; token: string };

export function bearer(headers: IncomingHttpHeaders): Bearer {
  const header = headers.authorization;
  if (header === undefined || header.trim() === '') return { kind: 'missing' };
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1] ? { kind: 'token', token: match[1] } : { kind: 'malformed' };
}

function invalid(request: ApiRequest, message: string): Reply {
  return apiErrorReply(400, apiError('INVALID_ARGUMENT', message, request.path));
}

function forbidden(request: ApiRequest, message: string): Reply {
  return apiErrorReply(403, apiError('AUTH_FAILED', message, request.path));
}

function methodNotAllowed(request: ApiRequest, allowed: string[]): Reply {
  const message = `${request.method} is not supported on ${request.path}; use ${allowed.join(' or ')}`;
  return jsonReply(405, sovosFormat2(405, message, request.fullPath), { allow: allowed.join(', ') });
}

function issueSession(state: SandboxState, request: ApiRequest, nonceRequired: boolean): Reply {
  const nonce = checkNonce(request.query.getAll('nonce'), nonceRequired, undefined);
  if (!nonce.ok) return invalid(request, nonce.message);
  const session = state.sessions.create(state.config.username, nonce.nonce);
  return jsonReply(200, { 'xa-token': session.token });
}

function helo(state: SandboxState, request: ApiRequest): Reply {
  const credentials = bearer(request.headers);
  if (credentials.kind === 'missing') {
    return invalid(request, 'Missing API token: send the header Authorization: Bearer <api token>');
  }
  if (credentials.kind === 'malformed') {
    return invalid(request, 'Invalid Authorization header: expected Bearer <api token>');
  }
  if (!sameSecret(credentials.token, state.config.apiToken)) {
    return forbidden(request, 'Access denied: the API token is not valid or was revoked');
  }
  return issueSession(state, request, false);
}

function auth(state: SandboxState, request: ApiRequest): Reply {
  for (const name of ['username', 'password']) {
    if (!request.query.get(name)) return invalid(request, `Query parameter '${name}' is required`);
  }
  const username = request.query.get('username') ?? '';
  const password = request.query.get('password') ?? '';
  const valid = sameSecret(username, state.config.username) && sameSecret(password, state.config.password);
  if (!valid) return forbidden(request, 'Access denied: wrong username or password');
  return issueSession(state, request, state.modes.authNonce === 'required');
}

type Authenticated = { ok: true; session: Session } | { ok: false; reply: Reply };

function authenticate(state: SandboxState, request: ApiRequest, nonceRequired: boolean): Authenticated {
  const credentials = bearer(request.headers);
  if (credentials.kind !== 'token') {
    return {
      ok: false,
      reply: forbidden(request, 'Access denied: missing session token; send Authorization: Bearer <xa-token> from GET /helo or POST /auth'),
    };
  }
  const lookup = state.sessions.lookup(credentials.token);
  if (lookup.kind === 'expired') {
    return { ok: false, reply: forbidden(request, 'Access denied: the session token has expired; get a new one with GET /helo') };
  }
  // A server node the new session has not been replicated to yet does not know it.
  if (lookup.kind === 'unknown' || (!lookup.session.used && state.modes.refuseFreshSessions > 0)) {
    if (lookup.kind === 'valid') state.modes.refuseFreshSessions -= 1;
    return { ok: false, reply: forbidden(request, 'Access denied: the session token is not valid; get a new one with GET /helo') };
  }
  lookup.session.used = true;
  const nonce = checkNonce(request.query.getAll('nonce'), nonceRequired, lookup.session);
  if (!nonce.ok) return { ok: false, reply: invalid(request, nonce.message) };
  return { ok: true, session: lookup.session };
}

/** The session of a request with a valid session token, without checking its nonce. */
export function sessionOf(state: SandboxState, headers: IncomingHttpHeaders): Session | undefined {
  const credentials = bearer(headers);
  if (credentials.kind !== 'token') return undefined;
  const lookup = state.sessions.lookup(credentials.token);
  return lookup.kind === 'valid' ? lookup.session : undefined;
}

function status(state: SandboxState, request: ApiRequest): Reply {
  const authenticated = authenticate(state, request, false);
  if (!authenticated.ok) return authenticated.reply;
  const { session } = authenticated;
  const body: StatusResponse = {
    status: `ready - login: ${session.login}, company: ${COMPANY_NAME}`,
    server_time: new Date().toISOString(),
    versions: { called_api_version: request.calledVersion, current_api_version: state.config.currentApiVersion },
    errors: session.recentErrors.map((error) => ({ ...error })),
  };
  return jsonReply(200, body);
}

/** A document's value as the PDF prints it: objects as JSON, nothing for null. */
function printable(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

function documentPdf(stored: StoredDocument): Reply {
  const doc = stored.document;
  const field = (name: string) => printable(doc[name]);
  const customer = typeof doc.customer === 'object' && doc.customer !== null ? (doc.customer as Record<string, unknown>) : {};
  const lines = Array.isArray(doc.items) ? doc.items : [];
  const pdf = buildPdf(`Gestix sandbox - ${stored.kind} ${field('seq_number')}`, [
    `Id: ${stored.id}`,
    `Series: ${field('document_set')}   Number: ${field('seq_number')}`,
    `Date: ${field('date')}`,
    ...(customer.name === undefined ? [] : [`Customer: ${printable(customer.name)}`]),
    `Lines: ${lines.length}`,
    `Total: ${field('total_amount')} ${field('currency')}`,
  ]);
  return rawReply(200, 'application/pdf', pdf);
}

/** Parses a non-negative integer query value; undefined when absent. */
function integerParameter(
  request: ApiRequest,
  name: string,
  min: number,
  max: number,
): { ok: true; value: number | undefined } | { ok: false; reply: Reply } {
  const values = request.query.getAll(name);
  if (values.length === 0) return { ok: true, value: undefined };
  const raw = values[0] ?? '';
  const value = /^\d{1,16}$/.test(raw) ? Number(raw) : Number.NaN;
  if (values.length > 1 || !(value >= min && value <= max)) {
    return { ok: false, reply: invalid(request, `Query parameter '${name}' must be an integer from ${min} to ${max}`) };
  }
  return { ok: true, value };
}

function getDocuments(state: SandboxState, request: ApiRequest, kind: DocumentKind): Reply {
  const authenticated = authenticate(state, request, false);
  if (!authenticated.ok) return authenticated.reply;
  const id = integerParameter(request, 'id', 1, Number.MAX_SAFE_INTEGER);
  if (!id.ok) return id.reply;
  const print = request.query.get('print') === '1';
  if (id.value !== undefined) {
    const stored = state.documents.get(kind, id.value);
    if (!stored) {
      // 404 says what happened; the code stays within the four documented ones.
      return apiErrorReply(404, apiError('INVALID_ARGUMENT', `No document with id ${id.value} in ${request.path}`, request.path));
    }
    return print ? documentPdf(stored) : jsonReply(200, stored.document);
  }
  if (print) return invalid(request, "Query parameter 'print' needs 'id'");
  const skip = integerParameter(request, 'skip', 0, Number.MAX_SAFE_INTEGER);
  if (!skip.ok) return skip.reply;
  const limit = integerParameter(request, 'limit', 0, MAX_LIST_LIMIT);
  if (!limit.ok) return limit.reply;
  const filter = parseListFilter(kind, request.query);
  if (!filter.ok) return invalid(request, filter.message);
  const keep = filter.filter;
  const start = skip.value ?? 0;
  const listed = state.documents.list(kind);
  const matching = keep ? listed.filter((stored) => keep(stored.document)) : listed;
  const page = matching.slice(start, start + (limit.value ?? DEFAULT_LIST_LIMIT));
  return jsonReply(200, page.map((stored) => stored.document));
}

function parseObject(body: Buffer): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, message: body.length === 0 ? 'The request body is empty; send a JSON document' : 'The request body is not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'The request body must be a JSON object' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

function conflict(state: SandboxState, request: ApiRequest, message: string): Reply {
  switch (state.modes.conflictBody) {
    case 'sovos':
      return jsonReply(409, sovosFormat2(409, message, request.fullPath));
    case 'empty':
      return rawReply(409, '', '');
    default:
      return apiErrorReply(409, apiError('DUPLICATE_ENTRY', message, request.path));
  }
}

function createDocument(state: SandboxState, request: ApiRequest, kind: DocumentKind): Reply {
  const authenticated = authenticate(state, request, true);
  if (!authenticated.ok) return authenticated.reply;
  const parsed = parseObject(request.body);
  if (!parsed.ok) return invalid(request, parsed.message);
  const body = parsed.value;
  const problem = validateDocument(kind, body);
  if (problem) return invalid(request, problem);
  const rejection = evaluateTaxes(kind, body, request.path);
  if (rejection) return jsonReply(400, rejection);
  const documentSet = body.document_set as string;
  let seqNumber = body.seq_number as string;
  if (state.modes.numbering === 'client') {
    const existing = state.documents.findDuplicate(kind, documentSet, seqNumber);
    if (existing) return conflict(state, request, `Duplicate entry: a document with document_set '${documentSet}' and seq_number '${seqNumber}' already exists (id ${existing.id})`);
  }
  if (state.documents.full) {
    const message = `The sandbox holds ${state.documents.capacity} documents, as many as it keeps; reset it (POST /__sandbox/reset) to store more`;
    return jsonReply(507, sovosFormat2(507, message, request.fullPath));
  }
  if (state.modes.numbering === 'server') {
    seqNumber = state.documents.nextNumber(kind, documentSet, String(body.date));
    body.seq_number = seqNumber;
  }
  const stored = state.documents.add(kind, body, request.query.get('nonce') ?? '');
  if (request.query.get('print') === '1') return { ...documentPdf(stored), status: 201 };
  const created: DocumentCreated = {
    id: stored.id,
    documentSeries: documentSet,
    documentNumber: seqNumber,
    url: `${state.origin}/api/${encodeURIComponent(state.config.account)}/${request.calledVersion}/${kind}?id=${stored.id}&print=1`,
  };
  return jsonReply(201, created);
}

/** Format 2, as the gateway in front of the API answers; `path` is the whole URL path. */
export function unknownRoute(method: string, path: string, message = `No endpoint ${method} ${path.slice(0, 200)}`): Reply {
  return jsonReply(404, sovosFormat2(404, message, path.slice(0, 2000)));
}

/** Answers one request addressed to the API base. */
export function handleApi(state: SandboxState, request: ApiRequest): Reply {
  const { method, path } = request;
  if (path === '/helo') return method === 'GET' ? helo(state, request) : methodNotAllowed(request, ['GET']);
  if (path === '/auth') return method === 'POST' ? auth(state, request) : methodNotAllowed(request, ['POST']);
  if (path === '/status') return method === 'GET' ? status(state, request) : methodNotAllowed(request, ['GET']);
  const kind = path.slice(1);
  if (isDocumentKind(kind)) {
    if (method === 'GET') return getDocuments(state, request, kind);
    if (method === 'POST') return createDocument(state, request, kind);
    return methodNotAllowed(request, ['GET', 'POST']);
  }
  return unknownRoute(method, request.fullPath);
}
