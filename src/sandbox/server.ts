// HTTP plumbing: reads each request, routes it to the control endpoint or the API, applies a
// queued fault, writes (or withholds) the answer and records what happened. Nothing a client
// sends may throw out of here: every failure becomes an answer or a closed connection.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { isDocumentKind } from '../core/wire';
import { bearer, handleApi, sessionOf, unknownRoute } from './api';
import { CONTROL_PREFIX, handleControl } from './control';
import { apiError, sovosFormat2 } from './errors';
import { apiErrorReply, jsonReply, rawReply, type Reply } from './reply';
import type { SandboxState } from './state';
import { taxEngineTimeout } from './taxEngine';
import type { FaultSpec } from './types';

export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Beyond this the rest of an oversized body is not even read: the connection is closed instead. */
const MAX_DISCARDED_BYTES = 8 * MAX_BODY_BYTES;

/** In 'unordered' pipelining each request waits up to this long before it is handled, as if on another node. */
const UNORDERED_SPREAD_MS = 4;

const API_PATH = /^\/api\/([^/]*)\/([^/]*)(\/.*)?$/;
const VERSION = /^v\d+\.\d+\.\d+$/;

type Body = { kind: 'complete'; bytes: Buffer } | { kind: 'tooLarge'; drained: boolean };

function readBody(request: IncomingMessage): Promise<Body> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (body: Body) => {
      if (settled) return;
      settled = true;
      resolve(body);
    };
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
      } else {
        chunks.length = 0;
        if (size > MAX_DISCARDED_BYTES) {
          request.pause();
          settle({ kind: 'tooLarge', drained: false });
        }
      }
    });
    request.on('end', () => settle(size > MAX_BODY_BYTES ? { kind: 'tooLarge', drained: true } : { kind: 'complete', bytes: Buffer.concat(chunks) }));
    request.on('error', (error) => {
      if (!settled) reject(error);
      settled = true;
    });
    request.on('close', () => {
      if (!settled) reject(new Error('the client closed the connection before sending the whole request'));
      settled = true;
    });
  });
}

/** Splits the request target without resolving it against a base, so '//x' stays a path. */
function splitTarget(target: string): { pathname: string; query: URLSearchParams } {
  let rest = target;
  if (/^https?:\/\//i.test(rest)) {
    try {
      const url = new URL(rest);
      rest = url.pathname + url.search;
    } catch {
      rest = '/';
    }
  }
  const mark = rest.indexOf('?');
  const pathname = mark === -1 ? rest : rest.slice(0, mark);
  const search = mark === -1 ? '' : rest.slice(mark + 1);
  return { pathname: pathname || '/', query: new URLSearchParams(search) };
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function write(response: ServerResponse, reply: Reply, fault: FaultSpec | undefined): void {
  let body = reply.body;
  if (fault?.fault === 'emptyBody') body = Buffer.alloc(0);
  if (fault?.fault === 'truncatedJson') body = body.subarray(0, Math.floor(body.length / 2));
  response.statusCode = reply.status;
  if (reply.contentType) response.setHeader('content-type', reply.contentType);
  response.setHeader('content-length', body.length);
  for (const [name, value] of Object.entries(reply.headers ?? {})) response.setHeader(name, value);
  response.end(body);
}

function faultReply(fault: FaultSpec, method: string, path: string, fullPath: string): Reply | undefined {
  switch (fault.fault) {
    case 'dbTimeout':
      return apiErrorReply(
        503,
        apiError('DB_TIMEOUT', 'Database timeout: the request was not processed; retry after a short delay', path),
        { 'retry-after': '1' },
      );
    case 'taxTimeout': {
      const kind = path.slice(1);
      return jsonReply(408, taxEngineTimeout(isDocumentKind(kind) ? kind : undefined, path));
    }
    case 'html502':
      return rawReply(
        502,
        'text/html; charset=utf-8',
        '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n' +
          `<body><h1>502 Bad Gateway</h1><p>The upstream server did not answer ${method} ${fullPath.replace(/[<>&"]/g, '')}.</p></body></html>\n`,
      );
    default:
      return undefined;
  }
}

export class SandboxServer {
  readonly server: Server;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** The request of each connection being handled now; the next one waits for it. */
  private readonly connectionTurns = new WeakMap<Socket, Promise<void>>();
  /** When the document being processed now is done: processing is one document at a time. */
  private processedUntil = 0;
  /** When each request reached the server, after its modelled latency. */
  private readonly arrivals = new WeakMap<IncomingMessage, number>();

  constructor(private readonly state: SandboxState) {
    this.server = createServer((request, response) => this.inTurn(request, response));
  }

  /**
   * Requests pipelined on one connection are handled strictly one after another, as they arrived:
   * their nonces must be checked in that order, and a slow request (a delay fault) must not let the
   * next one overtake it. Once the connection is gone, the requests still waiting on it are not
   * handled at all, as a server that lost the connection would never have read them.
   */
  private inTurn(request: IncomingMessage, response: ServerResponse): void {
    const socket = request.socket;
    const handleIfConnected = () => (socket.destroyed ? undefined : this.handleSafely(request, response));
    // The modes model a distant API server; the control endpoint stays local and in order.
    const control = request.url?.startsWith(CONTROL_PREFIX) ?? false;
    const latencyMs = control ? 0 : this.state.modes.latencyMs;
    this.arrivals.set(request, Date.now() + latencyMs);
    if (!control && this.state.modes.pipelining === 'unordered') {
      // Behind a load balancer each request travels on its own: a later one may be handled first.
      void this.sleep(latencyMs + Math.random() * UNORDERED_SPREAD_MS).then(handleIfConnected);
      return;
    }
    // The latency of pipelined requests overlaps: each waits for its own round trip from its arrival.
    const due = Date.now() + latencyMs;
    const previous = this.connectionTurns.get(socket) ?? Promise.resolve();
    const turn = latencyMs > 0 ? previous.then(() => this.sleep(due - Date.now())).then(handleIfConnected) : previous.then(handleIfConnected);
    this.connectionTurns.set(socket, turn);
  }

  /**
   * Waits for this document's share of the server's work, which starts when the document has
   * arrived and the one before it is done. Shares are laid out on those times rather than on when
   * a timer happened to fire, so that timer lateness and the sandbox's own handling do not add up
   * over a batch.
   */
  private process(request: IncomingMessage, processingMs: number): Promise<void> {
    const arrived = this.arrivals.get(request) ?? Date.now();
    this.processedUntil = Math.max(arrived, this.processedUntil) + processingMs;
    return this.sleep(this.processedUntil - Date.now());
  }

  private handleSafely(request: IncomingMessage, response: ServerResponse): Promise<void> {
    return this.handle(request, response).catch(() => {
      if (!response.headersSent) {
        // Without the query string: it may hold /auth credentials.
        const { pathname } = splitTarget(request.url ?? '/');
        write(response, jsonReply(500, sovosFormat2(500, 'The sandbox failed to answer this request', pathname.slice(0, 2000))), undefined);
      } else {
        response.destroy();
      }
    });
  }

  /** Cancels pending delays and closes every connection, idle or not. */
  close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = (request.method ?? 'GET').toUpperCase();
    const { pathname, query } = splitTarget(request.url ?? '/');
    let body: Body;
    try {
      body = await readBody(request);
    } catch {
      response.destroy();
      return;
    }

    if (pathname === CONTROL_PREFIX || pathname.startsWith(`${CONTROL_PREFIX}/`)) {
      const reply = handleControl(this.state, {
        method,
        path: pathname.slice(CONTROL_PREFIX.length) || '/',
        query,
        headers: request.headers,
        body: body.kind === 'complete' ? body.bytes : 'tooLarge',
        remoteAddress: request.socket.remoteAddress,
      });
      this.answer(request, response, reply, undefined, body);
      return;
    }

    const time = new Date().toISOString();
    const nonce = query.get('nonce') ?? undefined;
    const match = API_PATH.exec(pathname);
    const account = match ? decodeSegment(match[1] ?? '') : undefined;
    const version = match?.[2] ?? '';
    if (!match || account === undefined || !match[3]) {
      this.finish(request, response, unknownRoute(method, pathname), { method, path: pathname, nonce, time }, undefined, body);
      return;
    }
    // A wrong account is a 404 from the gateway, not a 403: clients answer 403 by signing in
    // again, which cannot help when the URL itself is wrong.
    if (account !== this.state.config.account) {
      const reply = unknownRoute(method, pathname, `No Gestix account '${account.slice(0, 40)}' on this server`);
      this.finish(request, response, reply, { method, path: pathname, nonce, time }, undefined, body);
      return;
    }
    if (!VERSION.test(version)) {
      const reply = unknownRoute(method, pathname, `Unknown API version '${version.slice(0, 40)}'; versions look like v4.0.0`);
      this.finish(request, response, reply, { method, path: pathname, nonce, time }, undefined, body);
      return;
    }

    const path = match[3].length > 1 ? match[3].replace(/\/$/, '') : match[3];
    const record = { method, path, nonce, time };
    const fault = this.state.faults.take(method, path);
    if (fault?.fault === 'delay') await this.sleep(fault.delayMs ?? 0);
    if (fault?.fault === 'dropBeforeStore') {
      this.drop(request, record, fault);
      return;
    }
    const injected = fault ? faultReply(fault, method, path, pathname) : undefined;
    if (injected) {
      this.finish(request, response, injected, record, fault, body);
      return;
    }
    if (fault?.fault === 'expireSession') {
      const credentials = bearer(request.headers);
      if (credentials.kind === 'token') this.state.sessions.expire(credentials.token);
    }
    const { processingMs } = this.state.modes;
    if (processingMs > 0 && method === 'POST' && isDocumentKind(path.slice(1))) await this.process(request, processingMs);
    const reply =
      body.kind === 'complete'
        ? handleApi(this.state, { method, path, fullPath: pathname, query, headers: request.headers, body: body.bytes, calledVersion: version })
        : apiErrorReply(413, apiError('INVALID_ARGUMENT', `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB`, path));
    if (fault?.fault === 'dropAfterStore') {
      this.drop(request, record, fault);
      return;
    }
    this.finish(request, response, reply, record, fault, body);
  }

  private finish(
    request: IncomingMessage,
    response: ServerResponse,
    reply: Reply,
    record: { method: string; path: string; nonce: string | undefined; time: string },
    fault: FaultSpec | undefined,
    body: Body,
  ): void {
    if (reply.apiError) {
      const session = sessionOf(this.state, request.headers);
      if (session) this.state.sessions.rememberError(session, reply.apiError);
    }
    this.answer(request, response, reply, fault, body);
    this.state.record({
      method: record.method,
      path: record.path,
      ...(record.nonce === undefined ? {} : { nonce: record.nonce }),
      status: reply.status,
      ...(fault ? { fault: fault.fault } : {}),
      time: record.time,
    });
  }

  private answer(request: IncomingMessage, response: ServerResponse, reply: Reply, fault: FaultSpec | undefined, body: Body): void {
    if (response.destroyed || request.socket.destroyed) return;
    // The unread rest of an oversized body would otherwise be taken for the next request.
    if (body.kind === 'tooLarge' && !body.drained) response.setHeader('connection', 'close');
    write(response, reply, fault);
    if (body.kind === 'tooLarge' && !body.drained) response.on('finish', () => request.socket.destroy());
  }

  private drop(
    request: IncomingMessage,
    record: { method: string; path: string; nonce: string | undefined; time: string },
    fault: FaultSpec,
  ): void {
    request.socket.destroy();
    this.state.record({
      method: record.method,
      path: record.path,
      ...(record.nonce === undefined ? {} : { nonce: record.nonce }),
      status: undefined,
      fault: fault.fault,
      time: record.time,
    });
  }
}
