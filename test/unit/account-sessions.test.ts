// The connections as sessions of the authentication provider `gestix` (src/core/connections/accountSessions.ts):
// what a session is called, and what VS Code is told when one signs in, out, again or is renamed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accountSessionOf, sessionsChange } from '../../src/core/connections/accountSessions';

describe('a connection as a session', () => {
  it('is named after the connection, as its id, its account id and the label the Accounts menu shows, and has no scopes', () => {
    assert.deepEqual(accountSessionOf('Empresa A (prod)', 'session-token'), {
      id: 'Empresa A (prod)',
      accessToken: 'session-token',
      account: { id: 'Empresa A (prod)', label: 'Empresa A (prod)' },
      scopes: [],
    });
  });
});

describe('what VS Code is told of a connection', () => {
  const first = accountSessionOf('Empresa A', 'token-1');

  it('nothing while it is signed in to nowhere', () => {
    assert.equal(sessionsChange(undefined, undefined), undefined);
  });

  it('an added session when it signs in, a removed one when it signs out', () => {
    assert.deepEqual(sessionsChange(undefined, first), { added: [first], removed: [], changed: [] });
    assert.deepEqual(sessionsChange(first, undefined), { added: [], removed: [first], changed: [] });
  });

  it('a changed session when it signs in again and gets another token; nothing when the token is the same', () => {
    const renewed = accountSessionOf('Empresa A', 'token-2');
    assert.deepEqual(sessionsChange(first, renewed), { added: [], removed: [], changed: [renewed] });
    assert.equal(sessionsChange(first, accountSessionOf('Empresa A', 'token-1')), undefined);
  });

  it('a removal and an addition when it is renamed while signed in (the menu goes by id)', () => {
    const renamed = accountSessionOf('03101176', 'token-1');
    assert.deepEqual(sessionsChange(first, renamed), { added: [renamed], removed: [first], changed: [] });
  });
});
