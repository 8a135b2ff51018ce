// The buttons a decoded error offers, in the order they are shown.
import type { DecodedFindings, SuggestedAction } from './decodedView';

function signInAgainIsAdvised(decoded: DecodedFindings): boolean {
  const steps = [decoded.status?.entry, ...decoded.entries.map((entry) => entry.entry)];
  // A Sovos entry's sign-in is Sovos's own, which signing in to Gestix again does not renew.
  return steps.some((entry) => entry?.nextStep.action === 'signInAgain' && entry.product !== 'sovos');
}

export function suggestedActions(decoded: DecodedFindings): SuggestedAction[] {
  const actions: SuggestedAction[] = [];
  if (signInAgainIsAdvised(decoded)) actions.push({ kind: 'signInAgain' });
  if (decoded.retryable) {
    actions.push(decoded.retryAfterSeconds !== undefined ? { kind: 'retry', afterSeconds: decoded.retryAfterSeconds } : { kind: 'retry' });
  }
  if (decoded.field?.where === 'body') {
    actions.push(decoded.fieldLocation ? { kind: 'goToField', field: decoded.field, location: decoded.fieldLocation } : { kind: 'goToField', field: decoded.field });
  }
  if (decoded.requestId !== undefined || decoded.timestamp !== undefined) actions.push({ kind: 'copySupportDetails' });
  return actions;
}
