import type { Failure } from './result';

/** A one-line description of a failure for the log (bodies are not logged: they are untrusted and long). */
export function describeFailure(failure: Failure): string {
  switch (failure.kind) {
    case 'http': {
      const shape = failure.shape;
      const code =
        shape.kind === 'apiError'
          ? ` ${shape.error.code}: ${shape.error.message}`
          : shape.kind === 'sovosFormat1'
            ? ` ${shape.body.errors.map((error) => error.subcode).join(', ')}: ${shape.body.message}`
            : shape.kind === 'sovosFormat2'
              ? ` ${shape.body.error}: ${shape.body.message}`
              : ` (${shape.kind})`;
      return `${failure.method} ${failure.path} → HTTP ${failure.status}${code}`;
    }
    case 'network':
      return `${failure.method} ${failure.path}: ${failure.message}`;
    case 'unexpected':
      return `${failure.method} ${failure.path}: ${failure.message}`;
  }
}
