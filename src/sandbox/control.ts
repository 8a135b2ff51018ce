// The control endpoint below /__sandbox: the HTTP equivalent of RunningSandbox.control, for demos
// and for tests that drive a sandbox in another process. Only loopback clients may use it.
//   POST   /__sandbox/faults            body: FaultSpec JSON        -> 201 { queued, pending }
//   GET    /__sandbox/faults                                        -> 200 FaultSpec[] still pending
//   DELETE /__sandbox/faults                                        -> 200 { cleared }
//   GET    /__sandbox/documents[?kind=invoices]                     -> 200 StoredDocument[]
//   GET    /__sandbox/requests                                      -> 200 RecordedRequest[]
//   POST   /__sandbox/seed              body: { kind, count }           -> 201 { seeded }
//   POST   /__sandbox/expire-sessions                               -> 200 { expired: true }
//   GET    /__sandbox/modes                                         -> 200 SandboxModes
//   PUT    /__sandbox/modes             body: Partial<SandboxModes>  -> 200 SandboxModes, merged
//   POST   /__sandbox/reset                                         -> 200 { reset: true }
// Every request needs the sandbox's control secret in the x-sandbox-secret header, a Host header
// naming the address and port the sandbox listens on, and an application/json body when it has
// one: a web page can neither send the header without the secret nor read answers through a
// rebound DNS name.
// Errors are { "error": "<sentence>" } with 400, 401 (no secret), 403 (wrong secret, not loopback,
// wrong Host), 404, 405, 413, 415 or 507 (the fault queue is full).
import type { IncomingHttpHeaders } from 'node:http';
import { isDocumentKind } from '../core/wire';
import { isLoopbackHost } from '../core/http/url';
import { sameSecret } from './api';
import { MAX_STORED_DOCUMENTS } from './documents';
import { MAX_QUEUED_FAULTS, parseFault } from './faults';
import { jsonReply, type Reply } from './reply';
import type { SandboxState } from './state';

export const CONTROL_PREFIX = '/__sandbox';
export const CONTROL_SECRET_HEADER = 'x-sandbox-secret';
export const MAX_CONTROL_BODY_BYTES = 64 * 1024;

export interface ControlRequest {
  method: string;
  /** Below the prefix, e.g. '/faults'. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** 'tooLarge' when the body was over the server's limit and not kept. */
  body: Buffer | 'tooLarge';
  remoteAddress: string | undefined;
}

function failure(status: number, error: string): Reply {
  return jsonReply(status, { error });
}

function notAllowed(allowed: string): Reply {
  return { ...failure(405, `Use ${allowed} here`), headers: { allow: allowed } };
}

function modes(state: SandboxState, request: ControlRequest, body: Buffer): Reply {
  if (request.method === 'GET') return jsonReply(200, state.modes);
  if (request.method !== 'PUT') return notAllowed('GET, PUT');
  let input: unknown;
  try {
    input = JSON.parse(body.toString('utf8'));
  } catch {
    return failure(400, 'The body must be modes as JSON, e.g. {"numbering":"server","latencyMs":50}');
  }
  try {
    return jsonReply(200, state.changeModes(input));
  } catch (error) {
    return failure(400, (error as Error).message);
  }
}

function seed(state: SandboxState, request: ControlRequest, body: Buffer): Reply {
  if (request.method !== 'POST') return notAllowed('POST');
  let input: unknown;
  try {
    input = JSON.parse(body.toString('utf8'));
  } catch {
    input = undefined;
  }
  const { kind, count } = (typeof input === 'object' && input !== null ? input : {}) as { kind?: unknown; count?: unknown };
  if (!isDocumentKind(kind) || typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_STORED_DOCUMENTS) {
    return failure(400, `The body must name a document kind and a count from 1 to ${MAX_STORED_DOCUMENTS}, e.g. {"kind":"invoices","count":10000}`);
  }
  return jsonReply(201, { seeded: state.documents.seed(kind, count) });
}

function faults(state: SandboxState, request: ControlRequest, body: Buffer): Reply {
  switch (request.method) {
    case 'GET':
      return jsonReply(200, state.faults.pending());
    case 'DELETE': {
      const cleared = state.faults.pending().length;
      state.faults.clear();
      return jsonReply(200, { cleared });
    }
    case 'POST': {
      let input: unknown;
      try {
        input = JSON.parse(body.toString('utf8'));
      } catch {
        return failure(400, 'The body must be a fault as JSON, e.g. {"fault":"dbTimeout","count":1,"path":"/invoices"}');
      }
      const parsed = parseFault(input);
      if (!parsed.ok) return failure(400, parsed.message);
      if (state.faults.full) return failure(507, `${MAX_QUEUED_FAULTS} faults are queued, as many as the sandbox keeps; clear them first (DELETE /__sandbox/faults)`);
      state.faults.add(parsed.fault);
      return jsonReply(201, { queued: parsed.fault, pending: state.faults.pending() });
    }
    default:
      return notAllowed('GET, POST, DELETE');
  }
}

/** Why the request may not use the control endpoint, or undefined when it may. */
function refusal(state: SandboxState, request: ControlRequest): Reply | undefined {
  if (!isLoopbackHost(request.remoteAddress ?? '')) {
    return failure(403, 'The sandbox control endpoint only answers clients on this machine');
  }
  const listening = state.origin.replace(/^http:\/\//, '');
  if (request.headers.host !== listening) {
    return failure(403, `The sandbox control endpoint only answers requests addressed to ${listening} (the Host header)`);
  }
  const secret = request.headers[CONTROL_SECRET_HEADER];
  if (secret === undefined || secret === '') {
    return failure(401, `Send the control secret the sandbox printed at start in the header ${CONTROL_SECRET_HEADER}`);
  }
  if (typeof secret !== 'string' || !sameSecret(secret, state.config.controlSecret)) {
    return failure(403, `The ${CONTROL_SECRET_HEADER} header does not hold this sandbox's control secret (a new one is made at each start)`);
  }
  return undefined;
}

/** The body, once it is known to be JSON of a size the control endpoint takes. */
function acceptedBody(request: ControlRequest): Buffer | Reply {
  const { body } = request;
  if (body === 'tooLarge' || body.length > MAX_CONTROL_BODY_BYTES) {
    return failure(413, `Control request bodies are at most ${MAX_CONTROL_BODY_BYTES / 1024} KB`);
  }
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (body.length > 0 && type !== 'application/json') {
    return failure(415, 'Control request bodies must be sent as Content-Type: application/json');
  }
  return body;
}

export function handleControl(state: SandboxState, request: ControlRequest): Reply {
  const refused = refusal(state, request);
  if (refused) return refused;
  const body = acceptedBody(request);
  if (!Buffer.isBuffer(body)) return body;
  const { method, path } = request;
  switch (path) {
    case '/faults':
      return faults(state, request, body);
    case '/documents': {
      if (method !== 'GET') return notAllowed('GET');
      const kind = request.query.get('kind');
      if (kind !== null && !isDocumentKind(kind)) return failure(400, `Unknown document kind '${kind.slice(0, 40)}'`);
      return jsonReply(200, state.documents.list(kind ?? undefined));
    }
    case '/seed':
      return seed(state, request, body);
    case '/modes':
      return modes(state, request, body);
    case '/requests':
      return method === 'GET' ? jsonReply(200, state.requests()) : notAllowed('GET');
    case '/expire-sessions':
      if (method !== 'POST') return notAllowed('POST');
      state.sessions.expireAll();
      return jsonReply(200, { expired: true });
    case '/reset':
      if (method !== 'POST') return notAllowed('POST');
      state.reset();
      return jsonReply(200, { reset: true });
    default:
      return failure(404, `No control endpoint ${path.slice(0, 200)}; see /__sandbox/faults, /documents, /seed, /requests, /modes, /expire-sessions, /reset`);
  }
}
