// Reads `gestix:` documents for the file system provider (serverDocumentFiles.ts): `GET /<kind>?id=N`
// through the connection the address names, kept briefly, failures worded and sanitised.
import vscode = require('vscode');
import { describeFailure } from '../core/http/describe';
import { ServerDocumentCache, serverDocumentRead, type ServerDocumentRead } from '../core/serverDocuments/serverDocumentCache';
import type { ServerDocumentReference } from '../core/serverDocuments/serverDocumentPath';
import { redact } from '../core/text/redact';
import { FAILURE_TEXT_LIMIT, plainText } from '../core/text/sanitize';
import type { Services } from './services';
import type { ServerDocumentAnswer, ServerDocumentSource } from './serverDocumentFiles';

export interface CachedServerDocuments extends ServerDocumentSource {
  /** Forgets what was read, so that the next read asks the server (Refresh, another sign-in). */
  clear(): void;
}

export function createServerDocumentSource(services: Services): CachedServerDocuments {
  const cache = new ServerDocumentCache(async (reference): Promise<ServerDocumentRead> => {
    const connection = services.stateOf(reference.connection);
    if (!connection) return { kind: 'notFound' };
    const outcome = await connection.session.withSession((token) => connection.session.client.getDocument(token, reference.kind, reference.id));
    return serverDocumentRead(outcome, Date.now());
  });
  const encoder = new TextEncoder();
  const answerOf = (reference: ServerDocumentReference, read: ServerDocumentRead): ServerDocumentAnswer => {
    switch (read.kind) {
      case 'document':
        return { kind: 'document', bytes: encoder.encode(read.text), fetchedAt: read.fetchedAt };
      case 'notFound':
        return read;
      case 'notSignedIn':
        return { kind: 'unavailable', message: vscode.l10n.t('Not signed in to {connection}: run Gestix: Sign In, then open the document again.', { connection: plainText(reference.connection) }) };
      case 'failed':
        return {
          kind: 'unavailable',
          message: vscode.l10n.t('Could not read the document from Gestix: {reason}', { reason: plainText(redact(describeFailure(read.failure), services.knownSecrets), FAILURE_TEXT_LIMIT) }),
        };
    }
  };
  return {
    read: async (reference) => answerOf(reference, await cache.read(reference)),
    clear: () => cache.clear(),
  };
}
