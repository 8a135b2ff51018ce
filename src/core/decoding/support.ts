// The text block a person pastes into a message to support@gestix.com. It carries what support needs
// to find the request in the server logs, and nothing secret: every line passes through `redact`.
import { redact } from '../text/redact';
import { plainText } from '../text/sanitize';
import type { DecodedError } from './decodedView';

const SUPPORT_ADDRESS = 'support@gestix.com';

export interface SupportContext {
  account?: string;
  serverUrl?: string;
  apiVersion?: string;
  extensionVersion?: string;
  /** Secrets this window knows, removed wherever they appear. */
  secrets?: Iterable<string>;
  /** Used for the "seen at" line when the response carried no timestamp. */
  now?: Date;
}

const LINE_LIMIT = 500;
const MESSAGE_COUNT_LIMIT = 10;

function utcOf(decoded: DecodedError): string | undefined {
  const timestamp = decoded.timestamp;
  if (!timestamp) return undefined;
  if (timestamp.utc === undefined) return `${timestamp.text} (as sent by the server)`;
  return timestamp.utc === timestamp.text ? timestamp.utc : `${timestamp.utc} (server wrote ${timestamp.text})`;
}

export function supportDetails(decoded: DecodedError, context: SupportContext = {}): string {
  const lines: string[] = [`Details for ${SUPPORT_ADDRESS}`];
  const secrets = context.secrets ?? [];
  // Redacted before it is made one capped line, which could cut a secret in half or change its spelling.
  const oneLine = (value: string) => plainText(redact(value, secrets), LINE_LIMIT);
  const add = (label: string, value: string | undefined) => {
    if (value !== undefined && value !== '') lines.push(`${label}: ${oneLine(value)}`);
  };
  add('Request ID', decoded.requestId);
  add('Timestamp (UTC)', utcOf(decoded));
  if (!decoded.timestamp && context.now) add('Seen at (UTC)', context.now.toISOString());
  add('Request', [decoded.method, decoded.path].filter(Boolean).join(' ') || undefined);
  if (decoded.status) {
    const { code, entry } = decoded.status;
    add('HTTP status', entry.kind === 'unknown' ? String(code) : `${code} ${entry.title}`);
  }
  if (decoded.network) add('Network problem', `${decoded.network.reason}${decoded.network.mayHaveReachedServer ? ' (the request may have reached the server)' : ''}`);
  add('Response shape', decoded.shape);
  const codes = decoded.entries.map((entry) => (entry.known ? `${entry.code} (${entry.entry.title})` : `${entry.code} (unknown)`));
  if (decoded.omittedEntries > 0) codes.push(`… and ${decoded.omittedEntries} more`);
  add('Codes', codes.join(', ') || undefined);
  add('Summary', decoded.summary);
  const messages = decoded.messages.slice(0, MESSAGE_COUNT_LIMIT);
  if (messages.length > 0) {
    lines.push('Messages:');
    for (const message of messages) lines.push(`  - ${oneLine(message)}`);
  }
  add('Account', context.account);
  add('Server', context.serverUrl?.replace(/\/\/[^/@\s]*@/, '//'));
  add('API version', context.apiVersion);
  add('Extension version', context.extensionVersion);
  return redact(lines.join('\n'), secrets);
}
