// HTTP client for the Gestix ERP API. Every method resolves to a Result; nothing is thrown at callers.
// One keep-alive dispatcher per client: settings changes create a new client.
import type { SecureContext } from 'node:tls';
import type { Dispatcher } from 'undici';
import { timerDelay } from '../host/clock';
import { collect } from './collect';
import { undici } from './undiciParts';
import { apiErrorFrom, CODE_LIMIT, recogniseShape, REQUEST_ID_LIMIT, type ResponseShape } from '../decoding/shape';
import { classifyNetworkError, type ClassifiedNetworkError } from './networkErrors';
import { DEFAULT_PIPELINING, PIPELINED_REQUEST, writtenAtMostOnce } from './pipeline';
import { silentLogger, type Logger, type NetworkPrompts } from '../host/ports';
import { basicProxyAuthorization, chooseProxy, describeProxy, proxyUrlCredentials, type ProxyRoute, type ProxySettings } from './proxy';
import { KnownSecrets, redact, redactingLogger } from '../text/redact';
import { failed, succeeded, type NetworkFailure, type NetworkReason, type Result } from './result';
import { capped } from '../text/sanitize';
import { DOCUMENT_NUMBER_LIMIT, type ApiErrorBody, type DocumentCreated, type DocumentKind, type StatusResponse } from '../wire';
import { buildSecureContext, buildTrust, nodeTrustSources, readClientIdentity, type TlsSettings, type TrustSources } from './tls';
import { accountBase, apiBase, endpointPath, hostAndPort, isLoopbackHost, mayCarryToken } from './url';

export interface ClientSettings {
  serverUrl: string;
  account: string;
  apiVersion: string;
  timeoutMs: number;
  proxy?: ProxySettings;
  tls?: TlsSettings;
}

export interface ClientOptions {
  logger?: Logger;
  /** Shared with the session so that every log line is scrubbed of every secret seen. */
  secrets?: KnownSecrets;
  userAgent?: string;
  /** Environment consulted for HTTPS_PROXY / HTTP_PROXY / NO_PROXY; defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Bytes of a JSON response body that are kept; the rest is discarded and reported as truncated. */
  maxBodyBytes?: number;
  /** Writes that may await their answers at once on the connection of pipelined writes. */
  pipelining?: number;
  /** Asks for proxy credentials and a client certificate's passphrase; without it, neither is asked. */
  prompts?: NetworkPrompts;
  /** Where certificate authorities come from; defaults to Node's, the OS's and NODE_EXTRA_CA_CERTS. */
  trustSources?: TrustSources;
}

export interface WriteOptions {
  /**
   * Send on the client's pipelining connection, behind earlier pipelined writes, without waiting for
   * their answers: requests leave (and are answered) in the order of the calls.
   */
  pipelined?: boolean;
}

export interface ListOptions {
  skip?: number;
  limit?: number;
  filterDate?: string;
  searchColumn?: string;
  searchString?: string;
  searchOperator?: 'lt' | 'lte' | 'gt' | 'gte' | 'ne';
}

const DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;
const MAX_PDF_BYTES = 32 * 1024 * 1024;
const DEFAULT_USER_AGENT = 'gestix-vscode';
/** `/status`'s own sentence, e.g. "ready - login: …"; what is longer is cut where it is read. */
const STATUS_TEXT_LIMIT = 1_000;
/** A document's PDF address is not shown, only followed: long, but not unbounded. */
const DOCUMENT_URL_LIMIT = 2_000;

type Query = Record<string, string | number | undefined>;

interface Exchange {
  method: 'GET' | 'POST';
  path: string;
  query?: Query;
  bearer?: string;
  body?: string;
  accept: string;
  maxBytes: number;
  signal: AbortSignal | undefined;
  pipelined?: boolean;
  /** Answers to a proxy's 407 tried so far for this exchange. */
  proxyAnswers?: number;
}

interface RawResponse {
  method: string;
  path: string;
  status: number;
  contentType: string | undefined;
  bytes: Buffer;
  truncated: boolean;
}

type DispatcherOptions = { connections?: number; pipelining?: number };

/** What TLS connections use and what the proxy is shown, once a person has answered what is needed. */
interface Credentials {
  tls: TlsContexts;
  proxyAuthorization: string | undefined;
}

/** Undefined where no connection is TLS. */
interface TlsContexts {
  server?: SecureContext;
  proxy?: SecureContext;
}

/** `passphraseFile`: unusable until the client certificate's passphrase is given. */
type Unusable = { ok: false; reason: NetworkReason; message: string; passphraseFile?: string };

/** How often one request may ask again after a proxy's 407 (stored credentials, then typed ones). */
const PROXY_ANSWERS_PER_REQUEST = 2;

/** What every request to one API base shares, worked out once per client. */
interface Usable {
  ok: true;
  base: URL;
  /** `host:port`, for messages. */
  server: string;
  /** Whether credentials may travel to the base (https, or http to this machine only). */
  tokenAllowed: boolean;
  route: ProxyRoute;
  /** Whether any connection is TLS (an https:// server or proxy), so certificates are needed. */
  usesTls: boolean;
  createDispatcher: (options: DispatcherOptions, credentials: Credentials) => Dispatcher;
}

type Setup = Usable | Unusable;

/** A dispatcher to send on, and the credentials' `generation` it was made with. */
interface ReadyDispatcher {
  ok: true;
  setup: Usable;
  dispatcher: Dispatcher;
  generation: number;
}

/** One exchange on its way: where it goes, how it is logged, and when it left (performance.now()). */
interface Sending {
  exchange: Exchange;
  ready: ReadyDispatcher;
  /** `METHOD /path nonce=…`, for log lines. */
  target: string;
  started: number;
}

interface RequestInFlight {
  response: Promise<CollectedResponse>;
  /** Whether the client's own deadline cancelled the request. */
  deadlineExpired: () => boolean;
  /** Stops the deadline and the listening to the caller's signal. */
  release: () => void;
}

type CollectedResponse = Awaited<ReturnType<typeof collect>['response']>;

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function retryAfterSeconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function requestIdOf(shape: ResponseShape, headerId: string | undefined): string | undefined {
  if (headerId) return capped(headerId, REQUEST_ID_LIMIT);
  return shape.kind === 'apiError' ? shape.error.request_id : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bodyText(bytes: Buffer): string {
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

function logTarget(exchange: Exchange): string {
  return `${exchange.method} ${exchange.path}${exchange.query?.nonce !== undefined ? ` nonce=${exchange.query.nonce}` : ''}`;
}

function elapsedSince(started: number): string {
  return `${Math.round(performance.now() - started)} ms`;
}

function notAnswered(exchange: Exchange, reason: NetworkReason, message: string, mayHaveReachedServer: boolean): NetworkFailure {
  return { kind: 'network', method: exchange.method, path: exchange.path, reason, message, mayHaveReachedServer };
}

export class GestixClient {
  /** Where a secret this client sends belongs: `{serverUrl}/api/{account}`; undefined for unusable settings. */
  readonly secretOrigin: string | undefined;
  private readonly setup: Setup;
  private readonly logger: Logger;
  private readonly secrets: KnownSecrets;
  private readonly userAgent: string;
  private readonly maxBodyBytes: number;
  private readonly timeoutMs: number;
  private readonly pipelining: number;
  private dispatcher: Dispatcher | undefined;
  private pipelinedDispatcher: Dispatcher | undefined;
  private readonly tlsSettings: TlsSettings;
  /** Node's TLS module is only loaded when a TLS connection is first made. */
  private readonly trustSources: () => TrustSources;
  private readonly prompts: NetworkPrompts | undefined;
  private tlsContexts: { ok: true; value: TlsContexts } | Unusable | undefined;
  private passphrase: string | undefined;
  private proxyAuthorization: string | undefined;
  /** Bumped whenever new credentials replace the dispatchers. */
  private generation = 0;
  private pendingPassphrase: Promise<boolean> | undefined;
  private pendingProxyCredentials: Promise<boolean> | undefined;

  constructor(settings: ClientSettings, options: ClientOptions = {}) {
    this.secrets = options.secrets ?? new KnownSecrets();
    this.logger = redactingLogger(options.logger ?? silentLogger, this.secrets);
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.timeoutMs = Number.isFinite(settings.timeoutMs) && settings.timeoutMs > 0 ? timerDelay(settings.timeoutMs) : 30_000;
    const pipelining = options.pipelining;
    this.pipelining = pipelining !== undefined && Number.isSafeInteger(pipelining) && pipelining > 0 ? pipelining : DEFAULT_PIPELINING;
    this.tlsSettings = settings.tls ?? {};
    const env = options.env ?? process.env;
    this.trustSources = () => options.trustSources ?? nodeTrustSources(env);
    this.prompts = options.prompts;
    this.setup = this.prepare(settings, env);
    const owner = accountBase(settings.serverUrl, settings.account);
    this.secretOrigin = owner.ok ? owner.url.href : undefined;
    if (this.setup.ok && this.setup.route.kind === 'proxy') {
      const inUrl = proxyUrlCredentials(this.setup.route.uri);
      if (inUrl) this.secrets.remember(inUrl.username, inUrl.password);
      this.proxyAuthorization = settings.proxy?.authorization?.trim() || undefined;
      this.secrets.remember(this.proxyAuthorization);
    }
  }

  /** The API base this client talks to, e.g. `https://gestix.pt/api/03101176/v4.0.0`. */
  get baseUrl(): string | undefined {
    return this.setup.ok ? this.setup.base.href : undefined;
  }

  /** How the server is reached: directly or through a proxy (for diagnostics). */
  get route(): ProxyRoute | undefined {
    return this.setup.ok ? this.setup.route : undefined;
  }

  async helo(apiToken: string, signal?: AbortSignal): Promise<Result<{ sessionToken: string }>> {
    this.secrets.remember(apiToken);
    const response = await this.exchange({ method: 'GET', path: '/helo', bearer: apiToken, accept: 'application/json', maxBytes: this.maxBodyBytes, signal });
    return this.decodeSessionToken(response);
  }

  async auth(username: string, password: string, nonce: number | undefined, signal?: AbortSignal): Promise<Result<{ sessionToken: string }>> {
    this.secrets.remember(username, password);
    const response = await this.exchange({
      method: 'POST',
      path: '/auth',
      query: { username, password, nonce },
      accept: 'application/json',
      maxBytes: this.maxBodyBytes,
      signal,
    });
    return this.decodeSessionToken(response);
  }

  /** `nonce` is optional on /status; one given counts in the session's sequence like a write's. */
  async status(sessionToken: string, signal?: AbortSignal, nonce?: number): Promise<Result<StatusResponse>> {
    const response = await this.exchange({
      method: 'GET',
      path: '/status',
      ...(nonce === undefined ? {} : { query: { nonce } }),
      bearer: sessionToken,
      accept: 'application/json',
      maxBytes: this.maxBodyBytes,
      signal,
    });
    return this.decodeJson(response, (value) => {
      if (!isObject(value) || typeof value.status !== 'string' || typeof value.server_time !== 'string') {
        return 'without the documented "status" and "server_time" fields';
      }
      const versions = value.versions;
      if (!isObject(versions) || typeof versions.called_api_version !== 'string' || typeof versions.current_api_version !== 'string') {
        return 'without the documented "versions" object';
      }
      if (!Array.isArray(value.errors)) return 'without the documented "errors" list';
      return {
        value: {
          status: capped(value.status, STATUS_TEXT_LIMIT),
          server_time: capped(value.server_time, CODE_LIMIT),
          versions: { called_api_version: capped(versions.called_api_version, CODE_LIMIT), current_api_version: capped(versions.current_api_version, CODE_LIMIT) },
          errors: value.errors.map(apiErrorFrom).filter((error): error is ApiErrorBody => error !== undefined),
        },
      };
    });
  }

  async createDocument(
    sessionToken: string,
    kind: DocumentKind,
    jsonText: string,
    nonce: number,
    signal?: AbortSignal,
    options: WriteOptions = {},
  ): Promise<Result<DocumentCreated>> {
    // Nothing may be awaited before the exchange is handed to its dispatcher: the order of these
    // calls is the order on the wire, which pipelined writes rely on for their nonces.
    const response = await this.exchange({
      method: 'POST',
      path: `/${kind}`,
      query: { nonce },
      bearer: sessionToken,
      body: jsonText,
      accept: 'application/json',
      maxBytes: this.maxBodyBytes,
      signal,
      pipelined: options.pipelined === true,
    });
    return this.decodeJson(response, (value) => {
      if (!isObject(value) || !Number.isSafeInteger(value.id)) return 'without an integer document "id"';
      const created: DocumentCreated = { id: value.id as number };
      for (const field of ['documentSeries', 'documentNumber', 'url'] as const) {
        const text = value[field];
        if (typeof text === 'string') created[field] = capped(text, field === 'url' ? DOCUMENT_URL_LIMIT : DOCUMENT_NUMBER_LIMIT);
      }
      return { value: created };
    });
  }

  async getDocument(sessionToken: string, kind: DocumentKind, id: number, signal?: AbortSignal): Promise<Result<unknown>> {
    const response = await this.exchange({ method: 'GET', path: `/${kind}`, query: { id }, bearer: sessionToken, accept: 'application/json', maxBytes: this.maxBodyBytes, signal });
    return this.decodeJson(response, (value) => ({ value }));
  }

  async getDocumentPdf(sessionToken: string, kind: DocumentKind, id: number, signal?: AbortSignal): Promise<Result<Uint8Array>> {
    const response = await this.exchange({
      method: 'GET',
      path: `/${kind}`,
      query: { id, print: 1 },
      bearer: sessionToken,
      accept: 'application/pdf',
      maxBytes: MAX_PDF_BYTES,
      signal,
    });
    if (!response.ok) return response;
    const raw = response.value;
    if (raw.truncated) return this.unexpected(raw, `The PDF is larger than ${MAX_PDF_BYTES / (1024 * 1024)} MB.`);
    if (raw.bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
      return this.unexpected(raw, `The server answered ${raw.status} but the body is not a PDF (${raw.contentType ?? 'no content type'}).`);
    }
    return succeeded(new Uint8Array(raw.bytes), raw.status);
  }

  async listDocuments(sessionToken: string, kind: DocumentKind, options: ListOptions = {}, signal?: AbortSignal): Promise<Result<unknown[]>> {
    const response = await this.exchange({
      method: 'GET',
      path: `/${kind}`,
      query: { ...options },
      bearer: sessionToken,
      accept: 'application/json',
      maxBytes: this.maxBodyBytes,
      signal,
    });
    return this.decodeJson(response, (value) => (Array.isArray(value) ? { value } : 'that is not a JSON list'));
  }

  async close(): Promise<void> {
    const open = [this.dispatcher, this.pipelinedDispatcher].filter((dispatcher) => dispatcher !== undefined);
    await Promise.all(open.map((dispatcher) => dispatcher.close().catch(() => undefined)));
  }

  private prepare(settings: ClientSettings, env: Record<string, string | undefined>): Setup {
    const base = apiBase(settings.serverUrl, settings.account, settings.apiVersion);
    if (!base.ok) return { ok: false, reason: 'settings', message: base.message };
    const route = chooseProxy(base.url, settings.proxy, env);
    const timeouts = {
      connectTimeout: this.timeoutMs,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      keepAliveTimeout: 10_000,
    };
    const createDispatcher = (extra: DispatcherOptions, credentials: Credentials): Dispatcher => {
      const serverTls = credentials.tls.server ? { secureContext: credentials.tls.server } : {};
      if (route.kind === 'direct') return new (undici().Agent)({ ...timeouts, ...extra, connect: serverTls });
      return new (undici().ProxyAgent)({
        ...timeouts,
        ...extra,
        uri: route.uri,
        ...(credentials.proxyAuthorization ? { token: credentials.proxyAuthorization } : {}),
        proxyTls: { rejectUnauthorized: route.strictSSL, ...(credentials.tls.proxy ? { secureContext: credentials.tls.proxy } : {}) },
        requestTls: serverTls,
      });
    };
    if (route.kind === 'proxy' && !URL.canParse(route.uri)) return this.invalidProxy(route.uri);
    const usesTls = base.url.protocol === 'https:' || (route.kind === 'proxy' && new URL(route.uri).protocol === 'https:');
    return { ok: true, base: base.url, server: hostAndPort(base.url), tokenAllowed: mayCarryToken(base.url), route, usesTls, createDispatcher };
  }

  private invalidProxy(uri: string): Unusable {
    return { ok: false, reason: 'settings', message: `The proxy setting ${describeProxy(uri)} is not a valid proxy URL.` };
  }

  /**
   * The trust store and client certificate as TLS contexts: worked out on first use (only when some
   * connection is TLS), and again after a passphrase was given.
   */
  private tlsContextsFor(setup: Usable): { ok: true; value: TlsContexts } | Unusable {
    this.tlsContexts ??= this.buildTlsContexts(setup);
    return this.tlsContexts;
  }

  private buildTlsContexts(setup: Usable): { ok: true; value: TlsContexts } | Unusable {
    if (!setup.usesTls) return { ok: true, value: {} };
    const sources = this.trustSources();
    const trust = buildTrust(this.tlsSettings, sources);
    if (!trust.ok) return { ok: false, reason: 'settings', message: trust.message };
    const { counts, warnings } = trust.trust;
    this.logger.info(
      `TLS: trusting ${trust.trust.ca.length} certificate authorities (Node ${counts.bundled}, OS ${counts.system}, NODE_EXTRA_CA_CERTS ${counts.environment}, gestix.tls.caCertificates ${counts.settings})`,
    );
    for (const warning of warnings) this.logger.warn(`TLS: ${warning}`);
    const identity = readClientIdentity(this.tlsSettings, sources);
    if (!identity.ok) return { ok: false, reason: 'settings', message: identity.message };
    const file = this.tlsSettings.clientCertificate?.trim() ?? '';
    const server = buildSecureContext(trust.trust, identity.identity && { value: identity.identity, file, passphrase: this.passphrase });
    if (!server.ok) return { ok: false, reason: 'settings', message: server.message, ...(server.passphraseNeeded ? { passphraseFile: server.file } : {}) };
    // An https:// proxy is shown no client certificate: it only needs the trust store.
    const proxy = identity.identity && setup.route.kind === 'proxy' ? buildSecureContext(trust.trust) : server;
    if (!proxy.ok) return { ok: false, reason: 'settings', message: proxy.message };
    return { ok: true, value: { server: server.context, proxy: proxy.context } };
  }

  /** New credentials: the next request builds new dispatchers (open connections finish on the old ones). */
  private replaceDispatchers(): void {
    this.generation += 1;
    const previous = [this.dispatcher, this.pipelinedDispatcher];
    this.dispatcher = undefined;
    this.pipelinedDispatcher = undefined;
    for (const dispatcher of previous) void dispatcher?.close().catch(() => undefined);
  }

  /** Asks for the client certificate's passphrase once for all requests waiting; false when none was given. */
  private obtainPassphrase(file: string): Promise<boolean> {
    const prompts = this.prompts;
    if (!prompts) return Promise.resolve(false);
    this.pendingPassphrase ??= (async () => {
      const passphrase = await prompts.clientCertificatePassphrase(file, this.passphrase !== undefined).catch(() => undefined);
      if (passphrase === undefined) return false;
      this.secrets.remember(passphrase);
      this.passphrase = passphrase;
      this.tlsContexts = undefined;
      this.replaceDispatchers();
      return true;
    })().finally(() => {
      this.pendingPassphrase = undefined;
    });
    return this.pendingPassphrase;
  }

  /** After a 407 on dispatchers of `generation`: credentials for the proxy, asked once for all requests waiting. */
  private obtainProxyCredentials(route: ProxyRoute & { kind: 'proxy' }, generation: number): Promise<boolean> {
    const prompts = this.prompts;
    if (!prompts) return Promise.resolve(false);
    if (generation !== this.generation) return Promise.resolve(true);
    this.pendingProxyCredentials ??= (async () => {
      const refused = this.proxyAuthorization !== undefined || proxyUrlCredentials(route.uri) !== undefined;
      const credentials = await prompts.proxyCredentials(describeProxy(route.uri), refused).catch(() => undefined);
      if (!credentials) return false;
      this.secrets.remember(credentials.username, credentials.password);
      this.proxyAuthorization = basicProxyAuthorization(credentials);
      this.replaceDispatchers();
      return true;
    })().finally(() => {
      this.pendingProxyCredentials = undefined;
    });
    return this.pendingProxyCredentials;
  }

  /** The keep-alive pool for plain requests, or the one pipelined connection for batches; made on first use. */
  private dispatcherFor(pipelined: boolean): ReadyDispatcher | Unusable {
    const setup = this.setup;
    if (!setup.ok) return setup;
    const tls = this.tlsContextsFor(setup);
    if (!tls.ok) return tls;
    const credentials: Credentials = { tls: tls.value, proxyAuthorization: this.proxyAuthorization };
    try {
      const dispatcher = pipelined
        ? (this.pipelinedDispatcher ??= setup.createDispatcher({ connections: 1, pipelining: this.pipelining }, credentials).compose(writtenAtMostOnce))
        : (this.dispatcher ??= setup.createDispatcher({}, credentials));
      return { ok: true, setup, dispatcher, generation: this.generation };
    } catch {
      return this.invalidProxy(setup.route.kind === 'proxy' ? setup.route.uri : '');
    }
  }

  private async exchange(exchange: Exchange): Promise<Result<RawResponse>> {
    const pipelined = exchange.pipelined === true;
    const first = this.dispatcherFor(pipelined);
    // No await unless a passphrase must be asked: the order of the calls is the order on the wire.
    const ready = first.ok || first.passphraseFile === undefined ? first : await this.askPassphraseThenDispatcher(first, pipelined);
    if (!ready.ok) {
      this.logger.warn(`${exchange.method} ${exchange.path} not sent: ${ready.message}`);
      return failed(notAnswered(exchange, ready.reason, ready.message, false));
    }
    const target = logTarget(exchange);
    const refusal = this.refusalBeforeSending(exchange, ready.setup, target);
    if (refusal) return failed(refusal);
    return this.transmit({ exchange, ready, target, started: performance.now() });
  }

  /** Only the first requests of a client with an encrypted key wait here; all others go straight on. */
  private async askPassphraseThenDispatcher(locked: Unusable, pipelined: boolean): Promise<ReadyDispatcher | Unusable> {
    let usable: ReadyDispatcher | Unusable = locked;
    for (let asked = 0; !usable.ok && usable.passphraseFile !== undefined && asked < 3; asked += 1) {
      if (!(await this.obtainPassphrase(usable.passphraseFile))) break;
      usable = this.dispatcherFor(pipelined);
    }
    return usable;
  }

  /** Why the request must not leave at all: credentials over plain http, or a caller that already cancelled. */
  private refusalBeforeSending(exchange: Exchange, setup: Usable, target: string): NetworkFailure | undefined {
    if (!setup.tokenAllowed) {
      const message = `Refusing to send credentials over unencrypted http:// to ${setup.base.hostname}. Use an https:// server URL (plain http is only allowed for this machine, e.g. the local sandbox).`;
      this.logger.warn(`${target} not sent: ${message}`);
      return notAnswered(exchange, 'insecure', message, false);
    }
    if (exchange.signal?.aborted) {
      this.logger.info(`${target} not sent: cancelled`);
      return notAnswered(exchange, 'aborted', 'The request was cancelled.', false);
    }
    return undefined;
  }

  private async transmit(sending: Sending): Promise<Result<RawResponse>> {
    const inFlight = this.startRequest(sending);
    try {
      return this.answered(sending, await inFlight.response);
    } catch (error) {
      return await this.notAnsweredBecause(sending, error, inFlight.deadlineExpired());
    } finally {
      inFlight.release();
    }
  }

  /** Hands the request to its dispatcher, under the client's deadline and the caller's signal. */
  private startRequest({ exchange, ready }: Sending): RequestInFlight {
    const request = collect(
      ready.dispatcher,
      {
        origin: ready.setup.base.origin,
        path: endpointPath(ready.setup.base, exchange.path, exchange.query),
        method: exchange.method,
        headers: this.requestHeaders(exchange),
        ...requestBody(exchange),
        ...(exchange.pipelined ? PIPELINED_REQUEST : {}),
      },
      exchange.maxBytes,
    );
    let deadlineExpired = false;
    const deadline = setTimeout(() => {
      deadlineExpired = true;
      request.cancel();
    }, this.timeoutMs);
    const forwardCancel = () => request.cancel();
    exchange.signal?.addEventListener('abort', forwardCancel, { once: true });
    return {
      response: request.response,
      deadlineExpired: () => deadlineExpired,
      release: () => {
        clearTimeout(deadline);
        exchange.signal?.removeEventListener('abort', forwardCancel);
      },
    };
  }

  private requestHeaders(exchange: Exchange): Record<string, string> {
    const headers: Record<string, string> = { accept: exchange.accept, 'user-agent': this.userAgent };
    if (exchange.bearer !== undefined) headers.authorization = `Bearer ${exchange.bearer}`;
    if (exchange.body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
    return headers;
  }

  /** A 2xx as it came; any other status as an HTTP failure with its body's shape. */
  private answered({ exchange, target, started }: Sending, response: CollectedResponse): Result<RawResponse> {
    const { method, path } = exchange;
    const { bytes, truncated } = response;
    const raw: RawResponse = { method, path, status: response.status, contentType: headerValue(response.headers['content-type']), bytes, truncated };
    const headerRequestId = headerValue(response.headers['x-request-id']);
    const logLine = (requestId: string | undefined) =>
      `${target} → ${raw.status} in ${elapsedSince(started)}${requestId ? ` request_id=${requestId}` : ''}${truncated ? ' (body truncated)' : ''}`;
    if (raw.status >= 200 && raw.status < 300) {
      // Only error bodies carry a request_id, so a success body is parsed once, by its reader.
      this.logger.info(logLine(headerRequestId));
      return succeeded(raw, raw.status);
    }
    const text = bodyText(bytes);
    const shape = recogniseShape(text);
    this.logger.warn(logLine(requestIdOf(shape, headerRequestId)));
    return failed({
      kind: 'http',
      method,
      path,
      status: raw.status,
      contentType: raw.contentType,
      body: text,
      bodyTruncated: truncated,
      shape,
      retryAfterSeconds: retryAfterSeconds(headerValue(response.headers['retry-after'])),
    });
  }

  private async notAnsweredBecause(sending: Sending, error: unknown, deadlineExpired: boolean): Promise<Result<RawResponse>> {
    const { exchange, ready, target, started } = sending;
    const { setup } = ready;
    const classified = classifyNetworkError(error, {
      server: setup.server,
      ...(setup.route.kind === 'proxy' ? { proxy: describeProxy(setup.route.uri) } : {}),
      timeoutMs: this.timeoutMs,
      withoutClientCertificate: setup.base.protocol === 'https:' && !this.tlsSettings.clientCertificate?.trim(),
      deadlineExpired,
      cancelled: !deadlineExpired && exchange.signal?.aborted === true,
    });
    // Error texts from lower layers are shown to people: scrub them like log lines.
    const message = redact(classified.message, this.secrets);
    this.logger.warn(`${target} failed after ${elapsedSince(started)}: ${classified.reason}: ${message}`);
    const answers = exchange.proxyAnswers ?? 0;
    if (classified.proxyAuthenticationRequired && setup.route.kind === 'proxy' && answers < PROXY_ANSWERS_PER_REQUEST) {
      // The CONNECT was refused, so nothing reached the server: sending again is safe. A batch's
      // writes follow a session check, which meets the 407 first, so their order is not at stake.
      if (await this.obtainProxyCredentials(setup.route, ready.generation)) return this.exchange({ ...exchange, proxyAnswers: answers + 1 });
    }
    this.noteDirectConnectionFailure(setup, classified);
    return failed(notAnswered(exchange, classified.reason, message, classified.mayHaveReachedServer));
  }

  /** A direct connection to a remote server that could not be made may mean a proxy is needed: the prompts may say so. */
  private noteDirectConnectionFailure(setup: Usable, classified: ClassifiedNetworkError): void {
    if (setup.route.kind !== 'direct' || isLoopbackHost(setup.base.hostname)) return;
    if (classified.reason !== 'dns' && classified.reason !== 'refused' && classified.reason !== 'timeout') return;
    if (!classified.mayHaveReachedServer) this.prompts?.directConnectionFailed(setup.server, classified.reason);
  }

  private unexpected<T>(raw: RawResponse, message: string): Result<T> {
    this.logger.warn(`${raw.method} ${raw.path}: ${message}`);
    return failed({
      kind: 'unexpected',
      method: raw.method,
      path: raw.path,
      status: raw.status,
      contentType: raw.contentType,
      body: bodyText(raw.bytes),
      bodyTruncated: raw.truncated,
      message,
    });
  }

  /** Parses a 2xx JSON body and checks it with `accept`, which returns the value or what is wrong. */
  private decodeJson<T>(response: Result<RawResponse>, accept: (value: unknown) => { value: T } | string): Result<T> {
    if (!response.ok) return response;
    const raw = response.value;
    const status = raw.status;
    if (raw.truncated) return this.unexpected(raw, `The server answered ${status} with a body larger than ${raw.bytes.length} bytes; it was not read completely.`);
    const text = bodyText(raw.bytes);
    if (text.trim() === '') return this.unexpected(raw, `The server answered ${status} with an empty body.`);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      const kind = /html/i.test(raw.contentType ?? '') || /^\s*</.test(text) ? 'an HTML page' : 'text that is not valid JSON (it may have been cut off)';
      return this.unexpected(raw, `The server answered ${status} with ${kind} instead of JSON.`);
    }
    const checked = accept(value);
    if (typeof checked === 'string') return this.unexpected(raw, `The server answered ${status} with JSON ${checked}.`);
    return succeeded(checked.value, status);
  }

  private decodeSessionToken(response: Result<RawResponse>): Result<{ sessionToken: string }> {
    const decoded = this.decodeJson(response, (value) => {
      const token = isObject(value) ? value['xa-token'] : undefined;
      return typeof token === 'string' && token.trim() !== '' ? { value: { sessionToken: token } } : 'without a session token ("xa-token")';
    });
    if (decoded.ok) this.secrets.remember(decoded.value.sessionToken);
    return decoded;
  }
}

/** A POST always carries a body (an empty one when nothing was given); a GET none. */
function requestBody(exchange: { method: 'GET' | 'POST'; body?: string | undefined }): { body?: string } {
  const body = exchange.body ?? (exchange.method === 'POST' ? '' : undefined);
  return body === undefined ? {} : { body };
}
