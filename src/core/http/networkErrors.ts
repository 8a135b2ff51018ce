// Turns the errors Node and undici raise into a reason and a sentence a person can act on. Whether
// the request may have reached the server decides whether a write can safely be sent again, so
// that flag errs on the side of "maybe".
import type { NetworkReason } from './result';
import { CA_CERTIFICATES_SETTING, CLIENT_CERTIFICATE_SETTING } from './tls';

export interface NetworkErrorContext {
  /** host:port of the Gestix server. */
  server: string;
  /** The proxy in use, described without credentials. */
  proxy?: string;
  timeoutMs: number;
  /** Our own deadline fired (as opposed to the caller cancelling). */
  deadlineExpired: boolean;
  /** The caller's signal was aborted (after sending began: the server may have the request). */
  cancelled: boolean;
  /** The server is reached over TLS without a client certificate. */
  withoutClientCertificate?: boolean;
}

export interface ClassifiedNetworkError {
  reason: NetworkReason;
  message: string;
  mayHaveReachedServer: boolean;
  /** The proxy answered 407: with (other) credentials the request may be sent again. */
  proxyAuthenticationRequired?: true;
}

/** A Map, not an object: an error's code must not find Object's "toString" or "constructor". */
const CERTIFICATE_PROBLEMS: ReadonlyMap<string, string> = new Map([
  ['CERT_HAS_EXPIRED', 'its certificate has expired'],
  ['CERT_NOT_YET_VALID', 'its certificate is not valid yet'],
  ['CERT_REVOKED', 'its certificate has been revoked'],
  ['DEPTH_ZERO_SELF_SIGNED_CERT', 'its certificate is self-signed'],
  ['SELF_SIGNED_CERT_IN_CHAIN', 'its certificate chain contains a self-signed certificate that is not trusted'],
  ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'its certificate could not be verified against a trusted authority'],
  ['UNABLE_TO_GET_ISSUER_CERT', 'the issuer of its certificate is unknown'],
  ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'the issuer of its certificate is not trusted on this machine'],
  ['CERT_UNTRUSTED', 'its certificate is not trusted'],
  ['ERR_TLS_CERT_ALTNAME_INVALID', 'its certificate is issued for a different host name'],
  ['HOSTNAME_MISMATCH', 'its certificate is issued for a different host name'],
]);

/** Problems a certificate authority unknown to this machine causes, e.g. a TLS-inspecting proxy's. */
const UNTRUSTED_AUTHORITY = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
]);

/** TLS alerts of a server that wants a client certificate (it got none, or one it does not trust). */
const CLIENT_CERTIFICATE_WANTED = /CERTIFICATE_REQUIRED|ALERT_BAD_CERTIFICATE|ALERT_UNKNOWN_CA|ALERT_HANDSHAKE_FAILURE|ALERT_ACCESS_DENIED|ALERT_CERTIFICATE_UNKNOWN/;

const DNS_FAILURES = ['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA'];
const CONNECT_TIMEOUTS = ['UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT'];
const UNREACHABLE = ['ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN'];
const ANSWER_TIMEOUTS = ['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'];
const DROPPED_CONNECTIONS = ['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_CLOSED'];

/** The error codes of an error, its causes and (for AggregateError) its members. */
function errorCodes(error: unknown, depth = 0): string[] {
  if (typeof error !== 'object' || error === null || depth > 4) return [];
  const record = error as { code?: unknown; cause?: unknown; errors?: unknown };
  const codes = typeof record.code === 'string' ? [record.code] : [];
  codes.push(...errorCodes(record.cause, depth + 1));
  if (Array.isArray(record.errors)) for (const member of record.errors) codes.push(...errorCodes(member, depth + 1));
  return codes;
}

/** undici's socket errors say how many bytes of answer the connection had read. */
function closedBeforeAnyByte(error: unknown): boolean {
  return (error as { socket?: { bytesRead?: unknown } } | undefined)?.socket?.bytesRead === 0;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isTlsCode(code: string): boolean {
  return CERTIFICATE_PROBLEMS.has(code) || code === 'EPROTO' || /^ERR_(SSL|TLS)_/.test(code) || /CERT/.test(code);
}

/** What the rules look at: the error, read once, and where the request was going. */
interface ErrorFacts {
  error: unknown;
  context: NetworkErrorContext;
  codes: readonly string[];
  message: string;
  /** The status a proxy answered the tunnel request with (only when a proxy is in use). */
  proxyStatus: string | undefined;
  /** The first code of a TLS problem. */
  tlsCode: string | undefined;
  /** The timeout, in seconds with one decimal, for messages. */
  seconds: number;
}

function factsOf(error: unknown, context: NetworkErrorContext): ErrorFacts {
  const codes = errorCodes(error);
  const message = errorMessage(error);
  return {
    error,
    context,
    codes,
    message,
    proxyStatus: context.proxy ? /Proxy response \((\d+)\)/.exec(message)?.[1] : undefined,
    tlsCode: codes.find(isTlsCode),
    seconds: Math.round(context.timeoutMs / 100) / 10,
  };
}

function hasCode(facts: ErrorFacts, wanted: readonly string[]): boolean {
  return facts.codes.some((code) => wanted.includes(code));
}

function tlsAdvice(tlsCode: string): string {
  if (UNTRUSTED_AUTHORITY.has(tlsCode)) {
    return ` If your network inspects secure traffic (a corporate proxy or antivirus), add its certificate authority (a PEM file) to the setting ${CA_CERTIFICATES_SETTING}.`;
  }
  if (CLIENT_CERTIFICATE_WANTED.test(tlsCode)) return ` The server may require a client certificate: set ${CLIENT_CERTIFICATE_SETTING} to a certificate it accepts.`;
  return '';
}

function tlsFailure(server: string, tlsCode: string): ClassifiedNetworkError {
  const problem = CERTIFICATE_PROBLEMS.get(tlsCode) ?? `the secure connection could not be established (${tlsCode})`;
  return {
    reason: 'tls',
    message: `The secure connection to ${server} failed: ${problem}. The request was not sent.${tlsAdvice(tlsCode)}`,
    mayHaveReachedServer: false,
  };
}

interface Rule {
  matches: (facts: ErrorFacts) => boolean;
  classify: (facts: ErrorFacts) => ClassifiedNetworkError;
}

/**
 * Checked in order; the first rule that matches classifies the error. The order matters: a proxy's
 * answer says more than the socket error it caused, and a connection that was never made is certain
 * where a dropped one is not.
 */
const RULES: readonly Rule[] = [
  {
    matches: ({ proxyStatus, context, message }) => proxyStatus === '407' || (context.proxy !== undefined && context.proxy !== '' && /Proxy Authentication Required/i.test(message)),
    classify: ({ context }) => ({
      reason: 'proxy',
      message: `The proxy ${context.proxy} requires a user name and password (it answered HTTP 407). The request was not sent.`,
      mayHaveReachedServer: false,
      proxyAuthenticationRequired: true,
    }),
  },
  {
    matches: ({ proxyStatus }) => proxyStatus !== undefined,
    classify: ({ context, proxyStatus }) => ({
      reason: 'proxy',
      message: `The proxy ${context.proxy} refused to connect to ${context.server} (it answered HTTP ${proxyStatus}).`,
      mayHaveReachedServer: false,
    }),
  },
  {
    matches: (facts) => hasCode(facts, ['ECONNREFUSED']),
    classify: ({ context: { proxy, server } }) =>
      proxy
        ? { reason: 'proxy', message: `Could not connect to the proxy ${proxy}: the connection was refused.`, mayHaveReachedServer: false }
        : {
            reason: 'refused',
            message: `Could not connect to ${server}: the connection was refused. Is the server running and the address right?`,
            mayHaveReachedServer: false,
          },
  },
  {
    matches: (facts) => hasCode(facts, DNS_FAILURES),
    classify: ({ context: { proxy, server } }) =>
      proxy
        ? { reason: 'proxy', message: `The proxy ${proxy} could not be found (DNS lookup failed).`, mayHaveReachedServer: false }
        : {
            reason: 'dns',
            message: `The host name ${server.replace(/:\d+$/, '')} could not be found (DNS lookup failed). Check the server URL and your network.`,
            mayHaveReachedServer: false,
          },
  },
  {
    matches: ({ tlsCode }) => tlsCode !== undefined,
    classify: ({ context, tlsCode }) => tlsFailure(context.server, tlsCode ?? ''),
  },
  {
    matches: (facts) => hasCode(facts, CONNECT_TIMEOUTS),
    classify: ({ context: { proxy, server }, seconds }) => ({
      reason: 'timeout',
      message: `Could not connect to ${proxy ? `the proxy ${proxy}` : server} within ${seconds} s.`,
      mayHaveReachedServer: false,
    }),
  },
  {
    matches: (facts) => hasCode(facts, UNREACHABLE),
    classify: ({ context: { proxy, server } }) => ({
      reason: 'refused',
      message: `Could not reach ${proxy ? `the proxy ${proxy}` : server}: the network is unreachable.`,
      mayHaveReachedServer: false,
    }),
  },
  {
    matches: (facts) => facts.context.deadlineExpired || hasCode(facts, ANSWER_TIMEOUTS),
    classify: ({ context, seconds }) => ({
      reason: 'timeout',
      message: `No complete answer from ${context.server} within ${seconds} s. The request may still have been processed.`,
      mayHaveReachedServer: true,
    }),
  },
  {
    matches: (facts) => hasCode(facts, DROPPED_CONNECTIONS),
    classify: ({ context, error }) => {
      // With TLS 1.3 a server checks the client certificate only after the client has finished its
      // handshake and written the request; undici then reports a closed socket, not the TLS alert.
      const hint = context.withoutClientCertificate && closedBeforeAnyByte(error) ? ` If the server requires a client certificate, set ${CLIENT_CERTIFICATE_SETTING}.` : '';
      return {
        reason: 'reset',
        message: `The connection to ${context.server} was dropped before the answer was complete. The request may still have been processed.${hint}`,
        mayHaveReachedServer: true,
      };
    },
  },
];

function otherError({ context, codes, message }: ErrorFacts): ClassifiedNetworkError {
  return {
    reason: 'other',
    message: `The request to ${context.server} failed${codes[0] ? ` (${codes[0]})` : ''}: ${message}`,
    mayHaveReachedServer: true,
  };
}

export function classifyNetworkError(error: unknown, context: NetworkErrorContext): ClassifiedNetworkError {
  // The caller's cancellation explains whatever error it caused.
  if (context.cancelled) return { reason: 'aborted', message: 'The request was cancelled.', mayHaveReachedServer: true };
  const facts = factsOf(error, context);
  const rule = RULES.find((candidate) => candidate.matches(facts));
  return rule ? rule.classify(facts) : otherError(facts);
}
