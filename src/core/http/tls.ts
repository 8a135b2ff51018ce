// What a TLS connection to the Gestix server trusts and presents. The extension bundles its own
// undici, so VS Code's certificate patches (http.systemCertificates) never reach it: the trust
// store is built here from Node's roots, the OS's store, NODE_EXTRA_CA_CERTS and
// gestix.tls.caCertificates. Verification itself is never relaxed.
import { readFileSync } from 'node:fs';
import type { SecureContext } from 'node:tls';

/** Loaded with the first TLS connection, not at activation (the module takes tens of milliseconds to load cold). */
function nodeTls(): typeof import('node:tls') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  return require('node:tls') as typeof import('node:tls');
}

export const CA_CERTIFICATES_SETTING = 'gestix.tls.caCertificates';
export const CLIENT_CERTIFICATE_SETTING = 'gestix.tls.clientCertificate';

export interface TlsSettings {
  /** PEM files of extra certificate authorities (gestix.tls.caCertificates). */
  caCertificates?: string[];
  /** A PEM file holding a certificate and its key, or a PKCS#12 (.pfx/.p12) file (gestix.tls.clientCertificate). */
  clientCertificate?: string;
}

type Environment = Record<string, string | undefined>;

/** Where certificates come from; tests and other hosts give their own. */
export interface TrustSources {
  env: Environment;
  readFile(path: string): Buffer;
  /** Node's own roots (the Mozilla bundle). */
  bundled: readonly string[];
  /** The OS store as Node ≥ 22.15 reads it; undefined where the running Node cannot. */
  system?: () => string[];
  /** OS bundle files tried in order when `system` is missing; the first readable one counts. */
  systemBundleFiles: readonly string[];
}

/** Where Linux distributions, macOS and the BSDs keep the certificate authorities the OS trusts. */
const OS_CERTIFICATE_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt', // Debian, Ubuntu, Alpine, Arch, Gentoo
  '/etc/pki/tls/certs/ca-bundle.crt', // Fedora, RHEL, CentOS
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem', // RHEL 7 and later
  '/etc/ssl/ca-bundle.pem', // openSUSE
  '/etc/ssl/cert.pem', // macOS, Alpine, FreeBSD, OpenBSD
] as const;

type GetCACertificates = (type: 'system') => string[];

export function nodeTrustSources(env: Environment = process.env): TrustSources {
  const tls = nodeTls();
  const getCACertificates = (tls as unknown as { getCACertificates?: GetCACertificates }).getCACertificates;
  return {
    env,
    readFile: (path) => readFileSync(path),
    bundled: tls.rootCertificates,
    ...(typeof getCACertificates === 'function' ? { system: () => getCACertificates('system') } : {}),
    systemBundleFiles: OS_CERTIFICATE_BUNDLES,
  };
}

const BEGIN_CERTIFICATE = '-----BEGIN CERTIFICATE-----';
const END_CERTIFICATE = '-----END CERTIFICATE-----';

/** The certificates of a PEM text, each with its base64 body on one line (so equal ones compare equal). Linear. */
export function pemCertificates(text: string): string[] {
  const found: string[] = [];
  let from = 0;
  for (;;) {
    const begin = text.indexOf(BEGIN_CERTIFICATE, from);
    if (begin < 0) break;
    const end = text.indexOf(END_CERTIFICATE, begin + BEGIN_CERTIFICATE.length);
    if (end < 0) break;
    const body = text.slice(begin + BEGIN_CERTIFICATE.length, end).replace(/\s+/g, '');
    if (body && /^[A-Za-z0-9+/=]+$/.test(body)) found.push(`${BEGIN_CERTIFICATE}\n${body.replace(/.{1,64}/g, '$&\n')}${END_CERTIFICATE}\n`);
    from = end + END_CERTIFICATE.length;
  }
  return found;
}

export interface Trust {
  /** Every certificate authority a connection trusts, without duplicates. */
  ca: string[];
  /** How many came from each source, for the log. */
  counts: { bundled: number; system: number; environment: number; settings: number };
  /** What could not be read and was left out (never fatal: Node itself only warns about these). */
  warnings: string[];
}

export type TrustResult = { ok: true; trust: Trust } | { ok: false; message: string };

function readText(sources: TrustSources, path: string): string | undefined {
  try {
    return sources.readFile(path).toString('utf8');
  } catch {
    return undefined;
  }
}

function systemCertificates(sources: TrustSources, warnings: string[]): string[] {
  if (sources.system) {
    try {
      return sources.system().flatMap(pemCertificates);
    } catch (error) {
      warnings.push(`The OS certificate store could not be read: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  }
  for (const file of sources.systemBundleFiles) {
    const text = readText(sources, file);
    if (text !== undefined) return pemCertificates(text);
  }
  return [];
}

/** Node's roots, the OS store, NODE_EXTRA_CA_CERTS and the files of gestix.tls.caCertificates. */
export function buildTrust(settings: TlsSettings, sources: TrustSources): TrustResult {
  const warnings: string[] = [];
  const bundled = sources.bundled.flatMap(pemCertificates);
  const system = systemCertificates(sources, warnings);
  const environment: string[] = [];
  const extraFile = sources.env.NODE_EXTRA_CA_CERTS?.trim();
  if (extraFile) {
    const text = readText(sources, extraFile);
    if (text === undefined) warnings.push(`NODE_EXTRA_CA_CERTS names ${extraFile}, which cannot be read.`);
    else environment.push(...pemCertificates(text));
  }
  const configured: string[] = [];
  for (const raw of settings.caCertificates ?? []) {
    const file = raw.trim();
    if (!file) continue;
    const text = readText(sources, file);
    if (text === undefined) return { ok: false, message: `The certificate file ${file} (setting ${CA_CERTIFICATES_SETTING}) cannot be read.` };
    const certificates = pemCertificates(text);
    if (certificates.length === 0) {
      return { ok: false, message: `The file ${file} (setting ${CA_CERTIFICATES_SETTING}) holds no PEM certificate ("${BEGIN_CERTIFICATE}").` };
    }
    configured.push(...certificates);
  }
  const ca = [...new Set([...bundled, ...system, ...environment, ...configured])];
  return {
    ok: true,
    trust: { ca, counts: { bundled: bundled.length, system: system.length, environment: environment.length, settings: configured.length }, warnings },
  };
}

/** The client certificate as Node's TLS options take it. */
export type ClientIdentity = { cert: string; key: string } | { pfx: Buffer };

export type IdentityResult = { ok: true; identity: ClientIdentity | undefined } | { ok: false; message: string };

export function readClientIdentity(settings: TlsSettings, sources: Pick<TrustSources, 'readFile'>): IdentityResult {
  const file = settings.clientCertificate?.trim();
  if (!file) return { ok: true, identity: undefined };
  let bytes: Buffer;
  try {
    bytes = sources.readFile(file);
  } catch {
    return { ok: false, message: `The client certificate ${file} (setting ${CLIENT_CERTIFICATE_SETTING}) cannot be read.` };
  }
  const text = bytes.toString('latin1');
  if (!text.includes('-----BEGIN')) return { ok: true, identity: { pfx: bytes } };
  if (!text.includes(BEGIN_CERTIFICATE) || !/-----BEGIN (?:[A-Z]+ )?(?:ENCRYPTED )?PRIVATE KEY-----/.test(text)) {
    return {
      ok: false,
      message: `The client certificate ${file} (setting ${CLIENT_CERTIFICATE_SETTING}) must hold both the certificate and its private key in PEM, or be a PKCS#12 (.pfx) file.`,
    };
  }
  return { ok: true, identity: { cert: text, key: text } };
}

/** What an encrypted key or PKCS#12 file says when the passphrase is missing or wrong. */
function isPassphraseProblem(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const text = `${typeof code === 'string' ? code : ''} ${error instanceof Error ? error.message : String(error)}`;
  return /bad decrypt|mac verify failure|BAD_DECRYPT|MAC_VERIFY|bad password|interrupted or cancelled|PROCESSING_ERROR|passphrase/i.test(text);
}

export type ContextResult =
  | { ok: true; context: SecureContext }
  /** The client certificate's key is encrypted: `passphrase` was missing, or did not open it. */
  | { ok: false; passphraseNeeded: true; file: string; message: string }
  | { ok: false; passphraseNeeded: false; message: string };

/**
 * One TLS context for many connections, so that each does not parse hundreds of certificates again
 * (about 40 ms). `file` names the client certificate in messages.
 */
export function buildSecureContext(trust: Trust, identity?: { value: ClientIdentity; file: string; passphrase: string | undefined }): ContextResult {
  if (!identity) {
    try {
      return { ok: true, context: nodeTls().createSecureContext({ ca: trust.ca }) };
    } catch (error) {
      return { ok: false, passphraseNeeded: false, message: `The certificate authorities could not be loaded: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  const { value, file, passphrase } = identity;
  try {
    // A PEM key without encryption ignores a passphrase, so an empty one is only given to PKCS#12.
    return { ok: true, context: nodeTls().createSecureContext({ ca: trust.ca, ...value, passphrase: passphrase ?? (Object.hasOwn(value, 'pfx') ? '' : undefined) }) };
  } catch (error) {
    const where = `The client certificate ${file} (setting ${CLIENT_CERTIFICATE_SETTING})`;
    if (isPassphraseProblem(error)) {
      const message = passphrase === undefined ? `${where} is protected by a passphrase.` : `${where} could not be opened with the passphrase given.`;
      return { ok: false, passphraseNeeded: true, file, message };
    }
    return { ok: false, passphraseNeeded: false, message: `${where} could not be used: ${error instanceof Error ? error.message : String(error)}` };
  }
}
