// The view of a request that got no answer: no body to decode, only the client's own sentence.
import type { Failure } from '../http/result';
import { capped } from '../text/sanitize';
import { MESSAGE_LIMIT, type DecodedError } from './decodedView';

export function networkFailureView(failure: Extract<Failure, { kind: 'network' }>): DecodedError {
  // Certificates and a refused http:// need the user; time does not fix them.
  const retryable = failure.reason !== 'insecure' && failure.reason !== 'tls';
  return {
    headline: capped(failure.message, 300),
    origin: 'network',
    shape: 'empty',
    entries: [],
    omittedEntries: 0,
    messages: [capped(failure.message, MESSAGE_LIMIT)],
    method: failure.method,
    path: failure.path,
    retryable,
    actions: retryable ? [{ kind: 'retry' }] : [],
    raw: { text: '', pretty: false, truncated: false, length: 0, isHtml: false },
    network: { reason: failure.reason, mayHaveReachedServer: failure.mayHaveReachedServer },
  };
}
