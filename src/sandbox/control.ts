// The control endpoint below /__sandbox: the HTTP equivalent of RunningSandbox.control, for demos
// and for tests that drive a sandbox in another process. Only loopback clients may use it.
//   POST   /__sandbox/faults            body: FaultSpec JSON        -> 201 { queued, pending }
//   GET    /__sandbox/faults                                        -> 200 FaultSpec[] still pending
//   DELETE /__sandbox/faults                                        -> 200 { cleared }
//   GET    /__sandbox/documents[?kind=invoices]                     -> 200 StoredDocument[]
//   GET    /__sandbox/requests                                      -> 200 RecordedRequest[]
//   POST   /__sandbox/expire-sessions                               -> 200 { expired: true }
//   GET    /__sandbox/modes                                         -> 200 SandboxModes
//   PUT    /__sandbox/modes             body: Partial<SandboxModes>  -> 200 SandboxModes, merged
//   POST   /__sandbox/reset                                         -> 200 { reset: true }
// Errors are { "error": "<sentence>" } with 400, 403 (not loopback), 404 or 405.
import { isDocumentKind } from '../api/types';
import { isLoopbackHost } from '../api/url';
import { parseFault } from './faults';
import { jsonReply, type Reply } from './reply';
import type { SandboxState } from './state';

export const CONTROL_PREFIX = '/__sandbox';

export interface ControlRequest {
  method: string;
  /** Below the prefix, e.g. '/faults'. */
  path: string;
  query: URLSearchParams;
  body: Buffer;
  remoteAddress: string | undefined;
}

function failure(status: number, error: string): Reply {
  return jsonReply(status, { error });
}

function notAllowed(allowed: string): Reply {
  return { ...failure(405, `Use ${allowed} here`), headers: { allow: allowed } };
}

function modes(state: SandboxState, request: ControlRequest): Reply {
  if (request.method === 'GET') return jsonReply(200, state.modes);
  if (request.method !== 'PUT') return notAllowed('GET, PUT');
  let input: unknown;
  try {
    input = JSON.parse(request.body.toString('utf8'));
  } catch {
    return failure(400, 'The body must be modes as JSON, e.g. {"numbering":"server","latencyMs":50}');
  }
  try {
    return jsonReply(200, state.changeModes(input));
  } catch (error) {
    return failure(400, (error as Error).message);
  }
}

function faults(state: SandboxState, request: ControlRequest): Reply {
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
        input = JSON.parse(request.body.toString('utf8'));
      } catch {
        return failure(400, 'The body must be a fault as JSON, e.g. {"fault":"dbTimeout","count":1,"path":"/invoices"}');
      }
      const parsed = parseFault(input);
      if (!parsed.ok) return failure(400, parsed.message);
      state.faults.add(parsed.fault);
      return jsonReply(201, { queued: parsed.fault, pending: state.faults.pending() });
    }
    default:
      return notAllowed('GET, POST, DELETE');
  }
}

export function handleControl(state: SandboxState, request: ControlRequest): Reply {
  if (!isLoopbackHost(request.remoteAddress ?? '')) {
    return failure(403, 'The sandbox control endpoint only answers clients on this machine');
  }
  const { method, path } = request;
  switch (path) {
    case '/faults':
      return faults(state, request);
    case '/documents': {
      if (method !== 'GET') return notAllowed('GET');
      const kind = request.query.get('kind');
      if (kind !== null && !isDocumentKind(kind)) return failure(400, `Unknown document kind '${kind.slice(0, 40)}'`);
      return jsonReply(200, state.documents.list(kind ?? undefined));
    }
    case '/modes':
      return modes(state, request);
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
      return failure(404, `No control endpoint ${path.slice(0, 200)}; see /__sandbox/faults, /documents, /requests, /modes, /expire-sessions, /reset`);
  }
}
