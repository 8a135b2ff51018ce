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

const CERTIFICATE_PROBLEMS: Record<string, string> = {
  CERT_HAS_EXPIRED: 'its certificate has expired',
  CERT_NOT_YET_VALID: 'its certificate is not valid yet',
  CERT_REVOKED: 'its certificate has been revoked',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its certificate chain contains a self-signed certificate that is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate could not be verified against a trusted authority',
  UNABLE_TO_GET_ISSUER_CERT: 'the issuer of its certificate is unknown',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the issuer of its certificate is not trusted on this machine',
  CERT_UNTRUSTED: 'its certificate is not trusted',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate is issued for a different host name',
  HOSTNAME_MISMATCH: 'its certificate is issued for a different host name',
};

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
  return code in CERTIFICATE_PROBLEMS || code === 'EPROTO' || /^ERR_(SSL|TLS)_/.test(code) || /CERT/.test(code);
}

export function classifyNetworkError(error: unknown, context: NetworkErrorContext): ClassifiedNetworkError {
  const { server, proxy } = context;
  const seconds = Math.round(context.timeoutMs / 100) / 10;
  if (context.cancelled) {
    return { reason: 'aborted', message: 'The request was cancelled.', mayHaveReachedServer: true };
  }
  const codes = errorCodes(error);
  const has = (...wanted: string[]) => codes.some((code) => wanted.includes(code));
  const message = errorMessage(error);

  const proxyStatus = proxy ? /Proxy response \((\d+)\)/.exec(message)?.[1] : undefined;
  if (proxyStatus === '407' || (proxy && /Proxy Authentication Required/i.test(message))) {
    return {
      reason: 'proxy',
      message: `The proxy ${proxy} requires a user name and password (it answered HTTP 407). The request was not sent.`,
      mayHaveReachedServer: false,
      proxyAuthenticationRequired: true,
    };
  }
  if (proxyStatus !== undefined) {
    const status = proxyStatus;
    return {
      reason: 'proxy',
      message: `The proxy ${proxy} refused to connect to ${server} (it answered HTTP ${status}).`,
      mayHaveReachedServer: false,
    };
  }
  if (has('ECONNREFUSED')) {
    return proxy
      ? { reason: 'proxy', message: `Could not connect to the proxy ${proxy}: the connection was refused.`, mayHaveReachedServer: false }
      : {
          reason: 'refused',
          message: `Could not connect to ${server}: the connection was refused. Is the server running and the address right?`,
          mayHaveReachedServer: false,
        };
  }
  if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA')) {
    const host = server.replace(/:\d+$/, '');
    return proxy
      ? { reason: 'proxy', message: `The proxy ${proxy} could not be found (DNS lookup failed).`, mayHaveReachedServer: false }
      : {
          reason: 'dns',
          message: `The host name ${host} could not be found (DNS lookup failed). Check the server URL and your network.`,
          mayHaveReachedServer: false,
        };
  }
  const tlsCode = codes.find(isTlsCode);
  if (tlsCode !== undefined) {
    const problem = CERTIFICATE_PROBLEMS[tlsCode] ?? `the secure connection could not be established (${tlsCode})`;
    const fix = UNTRUSTED_AUTHORITY.has(tlsCode)
      ? ` If your network inspects secure traffic (a corporate proxy or antivirus), add its certificate authority (a PEM file) to the setting ${CA_CERTIFICATES_SETTING}.`
      : CLIENT_CERTIFICATE_WANTED.test(tlsCode)
        ? ` The server may require a client certificate: set ${CLIENT_CERTIFICATE_SETTING} to a certificate it accepts.`
        : '';
    return {
      reason: 'tls',
      message: `The secure connection to ${server} failed: ${problem}. The request was not sent.${fix}`,
      mayHaveReachedServer: false,
    };
  }
  if (has('UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN')) {
    const target = proxy ? `the proxy ${proxy}` : server;
    return {
      reason: has('UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT') ? 'timeout' : 'refused',
      message: has('UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT')
        ? `Could not connect to ${target} within ${seconds} s.`
        : `Could not reach ${target}: the network is unreachable.`,
      mayHaveReachedServer: false,
    };
  }
  if (context.deadlineExpired || has('UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT')) {
    return {
      reason: 'timeout',
      message: `No complete answer from ${server} within ${seconds} s. The request may still have been processed.`,
      mayHaveReachedServer: true,
    };
  }
  if (has('UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_CLOSED')) {
    // With TLS 1.3 a server checks the client certificate only after the client has finished its
    // handshake and written the request; undici then reports a closed socket, not the TLS alert.
    const hint =
      context.withoutClientCertificate && closedBeforeAnyByte(error)
        ? ` If the server requires a client certificate, set ${CLIENT_CERTIFICATE_SETTING}.`
        : '';
    return {
      reason: 'reset',
      message: `The connection to ${server} was dropped before the answer was complete. The request may still have been processed.${hint}`,
      mayHaveReachedServer: true,
    };
  }
  return {
    reason: 'other',
    message: `The request to ${server} failed${codes[0] ? ` (${codes[0]})` : ''}: ${message}`,
    mayHaveReachedServer: true,
  };
}
