// The connection store: what `gestix.connections` may hold, which connections a window offers and
// which one it uses, where each one's secret and nonces are kept, and the settings of version 0.2
// read as a connection (the migration: their sign-in keeps working where it was stored).
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { GestixClient } from '../../src/core/http/client';
import { NONCE_STORE_KEY } from '../../src/core/session/nonce';
import { SIGN_IN_KEY } from '../../src/core/session/session';
import {
  accountProblem,
  apiVersionProblem,
  chooseConnection,
  CONNECTION_NAME_LIMIT,
  connectionFromSettings,
  DEFAULT_API_VERSION,
  listConnections,
  LOCAL_SANDBOX_CONNECTION,
  localSandboxConnection,
  nameProblem,
  nonceKeyOf,
  normalServerUrl,
  parseConnections,
  sameName,
  secretOriginOf,
  serverUrlProblem,
  signInKeyOf,
  toStored,
  type Connection,
} from '../../src/core/connections/connection';

const EMPRESA_A = { name: 'Empresa A (prod)', serverUrl: 'https://gestix.pt:443', account: '03101176' };
const EMPRESA_B = { name: 'Empresa B (test)', serverUrl: 'https://test.gestix.pt', account: 'empresa-b', apiVersion: 'v4.1.0', signInMethod: 'credentials' };

function connection(overrides: Partial<Connection> = {}): Connection {
  return { ...EMPRESA_A, apiVersion: DEFAULT_API_VERSION, signInMethod: 'apiToken', source: 'connections', ...overrides };
}

/** The one entry parseConnections made of `entry`, or the reason it skipped it. */
function parseOne(entry: unknown): Connection | string {
  const { connections, skipped } = parseConnections([entry]);
  return connections[0] ?? skipped[0];
}

function names(connections: readonly Connection[]): string[] {
  return connections.map((each) => each.name);
}

describe('gestix.connections entries', () => {
  it('become connections, with the API version and sign-in method defaulted and the server URL without trailing slashes', () => {
    const { connections, skipped } = parseConnections([EMPRESA_A, { ...EMPRESA_B, serverUrl: 'https://test.gestix.pt//' }]);
    assert.deepEqual(skipped, []);
    assert.deepEqual(connections, [
      { ...EMPRESA_A, apiVersion: DEFAULT_API_VERSION, signInMethod: 'apiToken', source: 'connections' },
      { ...EMPRESA_B, serverUrl: 'https://test.gestix.pt', source: 'connections' },
    ]);
  });

  it('read a null API version or sign-in method as unset, as settings read a null', () => {
    assert.deepEqual(parseOne({ ...EMPRESA_A, apiVersion: null, signInMethod: null }), connection());
  });

  it('are read trimmed, and names may be in any script', () => {
    const parsed = parseOne({ name: '  Açores Ltda · 北  ', serverUrl: '  https://gestix.pt/  ', account: ' 03101176 ', apiVersion: ' v4 ' });
    assert.deepEqual(parsed, connection({ name: 'Açores Ltda · 北', serverUrl: 'https://gestix.pt', apiVersion: 'v4' }));
  });

  it('that are not objects are skipped and named by their place in the list', () => {
    const { connections, skipped } = parseConnections([null, 'Empresa A', 42, [EMPRESA_A], EMPRESA_A]);
    assert.deepEqual(names(connections), [EMPRESA_A.name]);
    assert.deepEqual(skipped, ['entry 1: not an object', 'entry 2: not an object', 'entry 3: not an object', 'entry 4: not an object']);
  });

  it('with any unusable field are skipped, saying which field and why', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: undefined }, 'name is empty'],
      [{ name: 42 }, 'name is empty'],
      [{ name: '   ' }, 'name is empty'],
      [{ name: 'x'.repeat(CONNECTION_NAME_LIMIT + 1) }, 'name is tooLong'],
      [{ serverUrl: undefined }, 'serverUrl is invalid'],
      [{ serverUrl: 'gestix.pt' }, 'serverUrl is invalid'],
      [{ serverUrl: 'ftp://gestix.pt' }, 'serverUrl is invalid'],
      [{ serverUrl: 'file:///etc/passwd' }, 'serverUrl is invalid'],
      [{ serverUrl: 'https://user:secret@gestix.pt' }, 'serverUrl is invalid'],
      [{ serverUrl: 'https://gestix.pt/?account=1' }, 'serverUrl is invalid'],
      [{ serverUrl: 'https://gestix.pt/#api' }, 'serverUrl is invalid'],
      [{ account: undefined }, 'account is invalid'],
      [{ account: '' }, 'account is invalid'],
      [{ account: '-03101176' }, 'account is invalid'],
      [{ account: '0310 1176' }, 'account is invalid'],
      [{ account: '../03101176' }, 'account is invalid'],
      [{ account: '03101176/v4.0.0' }, 'account is invalid'],
      [{ account: 'a'.repeat(65) }, 'account is invalid'],
      [{ apiVersion: '4.0.0' }, 'apiVersion is invalid'],
      [{ apiVersion: 'v4.0.0.0' }, 'apiVersion is invalid'],
      [{ apiVersion: 'v4.0.0-beta' }, 'apiVersion is invalid'],
      [{ apiVersion: 'v1234' }, 'apiVersion is invalid'],
      [{ signInMethod: 'oauth' }, 'signInMethod is neither apiToken nor credentials'],
      [{ signInMethod: 1 }, 'signInMethod is neither apiToken nor credentials'],
    ];
    for (const [change, reason] of cases) assert.equal(parseOne({ ...EMPRESA_A, ...change }), `entry 1: ${reason}`, JSON.stringify(change));
  });

  it('may not take a name already taken, in any case, nor the local sandbox’s', () => {
    const { connections, skipped } = parseConnections([EMPRESA_A, { ...EMPRESA_B, name: ' EMPRESA a (PROD) ' }, { ...EMPRESA_B, name: 'local SANDBOX' }, EMPRESA_B]);
    assert.deepEqual(names(connections), [EMPRESA_A.name, EMPRESA_B.name], 'the first of two with one name is kept');
    assert.deepEqual(skipped, ['entry 2: name is taken', 'entry 3: name is taken']);
  });

  it('may not have names that the status bar or a notification would read as markup or that break lines', () => {
    for (const hostile of [
      '$(alert) Empresa A',
      'Empresa $(sync~spin)',
      '[Empresa A](command:gestix.signOut)',
      '[x](https://evil.example)',
      'Empresa `A`',
      'Empresa\nA',
      'Empresa\rA',
      'Empresa\tA',
      'Empresa\u0000A',
      'Empresa\u001bA',
      'Empresa\u007fA',
    ]) {
      assert.equal(parseOne({ ...EMPRESA_A, name: hostile }), 'entry 1: name is characters', JSON.stringify(hostile));
    }
  });

  it('must be a list; an unset setting is no connection and no complaint', () => {
    for (const notAList of [{ 0: EMPRESA_A }, 'Empresa A', 1, true]) {
      assert.deepEqual(parseConnections(notAList), { connections: [], skipped: ['gestix.connections is not a list'] }, JSON.stringify(notAList));
    }
    for (const unset of [undefined, null, []]) assert.deepEqual(parseConnections(unset), { connections: [], skipped: [] });
  });
});

describe('connection names', () => {
  it('are the same name whatever their case, and only then', () => {
    assert.ok(sameName('Empresa A', 'empresa a'));
    assert.ok(sameName(LOCAL_SANDBOX_CONNECTION, LOCAL_SANDBOX_CONNECTION.toUpperCase()));
    assert.ok(!sameName('Empresa A', 'Empresa B'));
    assert.ok(!sameName('Empresa A', 'Empresa A '), 'names are compared as written; they are trimmed when saved');
  });
});

describe('the field checks the Add Connection steps use', () => {
  it('a name: trimmed, not empty, not too long, not taken', () => {
    assert.equal(nameProblem('Empresa A'), undefined);
    assert.equal(nameProblem('x'.repeat(CONNECTION_NAME_LIMIT)), undefined);
    assert.equal(nameProblem(`  ${'x'.repeat(CONNECTION_NAME_LIMIT)}  `), undefined, 'the limit counts the trimmed name');
    assert.deepEqual(nameProblem(' '), { field: 'name', reason: 'empty' });
    assert.deepEqual(nameProblem('x'.repeat(CONNECTION_NAME_LIMIT + 1)), { field: 'name', reason: 'tooLong' });
    assert.deepEqual(nameProblem('empresa a ', ['Other', ' Empresa A']), { field: 'name', reason: 'taken' });
    assert.deepEqual(nameProblem(LOCAL_SANDBOX_CONNECTION), { field: 'name', reason: 'taken' });
    assert.deepEqual(nameProblem('$(key)'), { field: 'name', reason: 'characters' });
    for (const invisible of ['Empresa\u202EA', 'Empresa\u200BA', 'Empresa\u0085A', 'Empresa\nA']) {
      assert.deepEqual(nameProblem(invisible), { field: 'name', reason: 'characters' }, JSON.stringify(invisible));
    }
  });

  it('a server URL, an account and an API version', () => {
    for (const good of ['https://gestix.pt:443', 'https://gestix.pt/', 'https://gestix.example.com/gestix', 'http://127.0.0.1:8787', 'http://[::1]:8787']) {
      assert.equal(serverUrlProblem(good), undefined, good);
    }
    assert.deepEqual(serverUrlProblem('not a url'), { field: 'serverUrl', reason: 'invalid' });
    for (const good of ['03101176', 'Empresa_B.test-1', 'a']) assert.equal(accountProblem(good), undefined, good);
    assert.deepEqual(accountProblem('empresa b'), { field: 'account', reason: 'invalid' });
    for (const good of ['v4', 'v4.0', 'v4.0.0', 'v10.20.300']) assert.equal(apiVersionProblem(good), undefined, good);
    assert.deepEqual(apiVersionProblem('latest'), { field: 'apiVersion', reason: 'invalid' });
  });

  it('a server URL is written down without trailing slashes', () => {
    assert.equal(normalServerUrl('https://gestix.pt:443///'), 'https://gestix.pt:443');
    assert.equal(normalServerUrl('https://gestix.example.com/gestix/'), 'https://gestix.example.com/gestix');
    assert.equal(normalServerUrl('https://gestix.pt'), 'https://gestix.pt');
  });
});

describe('the connections a window offers', () => {
  const fromSettings = connectionFromSettings({ serverUrl: 'https://gestix.pt:443', account: '03101176', apiVersion: 'v4.0.0', signInMethod: undefined });
  const sandbox = localSandboxConnection('http://127.0.0.1:8787', 'sandbox');
  const empresaB = connection({ ...EMPRESA_B, signInMethod: 'credentials' });

  it('are the settings’ one and the sandbox while nothing is written down, even if the settings were never set', () => {
    assert.deepEqual(listConnections({ stored: [], fromSettings, settingsWereSet: false, sandbox }), [fromSettings, sandbox]);
  });

  it('are the written-down ones and the sandbox once there are some, unless the settings were set', () => {
    const stored = [connection(), empresaB];
    assert.deepEqual(listConnections({ stored, fromSettings, settingsWereSet: false, sandbox }), [...stored, sandbox]);
    assert.deepEqual(listConnections({ stored, fromSettings, settingsWereSet: true, sandbox }), [fromSettings, ...stored, sandbox]);
  });

  it('hide the settings’ one behind a written-down one of the same name, in any case', () => {
    const sameName = connection({ name: '03101176', serverUrl: 'https://other.example.com' });
    const upperCase = connection({ name: 'GESTIX' });
    assert.deepEqual(listConnections({ stored: [sameName, empresaB], fromSettings, settingsWereSet: true, sandbox }), [sameName, empresaB, sandbox]);
    const unnamed = connectionFromSettings({ serverUrl: 'https://gestix.pt', account: '', apiVersion: '', signInMethod: undefined });
    assert.deepEqual(listConnections({ stored: [upperCase], fromSettings: unnamed, settingsWereSet: true, sandbox }), [upperCase, sandbox]);
  });

  it('hide the settings’ one behind the sandbox when the account setting spells the sandbox’s name: a name chooses one connection', () => {
    const clash = connectionFromSettings({ serverUrl: 'https://gestix.pt', account: 'local Sandbox', apiVersion: '', signInMethod: undefined });
    const offered = listConnections({ stored: [], fromSettings: clash, settingsWereSet: true, sandbox });
    assert.deepEqual(offered, [sandbox]);
    assert.equal(chooseConnection(offered, { setting: LOCAL_SANDBOX_CONNECTION }).source, 'sandbox');
  });

  it('always end with the local sandbox, also before it runs', () => {
    const notRunning = localSandboxConnection(undefined, '');
    const offered = listConnections({ stored: [connection()], fromSettings, settingsWereSet: true, sandbox: notRunning });
    assert.deepEqual(offered.at(-1), { name: LOCAL_SANDBOX_CONNECTION, serverUrl: '', account: '', apiVersion: DEFAULT_API_VERSION, signInMethod: 'apiToken', source: 'sandbox' });
  });
});

describe('the connection in use', () => {
  const a = connection({ name: 'Empresa A' });
  const b = connection({ name: 'Empresa B' });
  const c = connection({ name: 'Empresa C' });
  const offered = [a, b, c];

  it('is this window’s choice, else the workspace’s setting, else the last choice, else the first offered', () => {
    assert.equal(chooseConnection(offered, { window: 'Empresa C', setting: 'Empresa B', last: 'Empresa A' }), c);
    assert.equal(chooseConnection(offered, { setting: 'Empresa B', last: 'Empresa C' }), b);
    assert.equal(chooseConnection(offered, { last: 'Empresa C' }), c);
    assert.equal(chooseConnection(offered, {}), a);
  });

  it('passes over names that no connection has, and empty ones', () => {
    assert.equal(chooseConnection(offered, { window: 'Removed', setting: 'Empresa Z', last: 'Empresa B' }), b);
    assert.equal(chooseConnection(offered, { window: '', setting: '   ', last: undefined }), a);
    assert.equal(chooseConnection(offered, { window: 'Removed' }), a);
  });

  it('is found by name in any case, with spaces around it ignored', () => {
    assert.equal(chooseConnection(offered, { setting: '  empresa b ' }), b);
    assert.equal(chooseConnection(offered, { window: 'EMPRESA C' }), c);
  });
});

describe('where a connection keeps its secret and its nonces', () => {
  it('the settings’ connection keeps the keys of version 0.2, so its sign-in and nonce ceiling carry over', () => {
    const fromSettings = connectionFromSettings({ serverUrl: 'https://gestix.pt', account: '03101176', apiVersion: 'v4.0.0', signInMethod: undefined });
    assert.equal(SIGN_IN_KEY, 'gestix.signIn', 'renamed, every stored sign-in would be forgotten');
    assert.equal(NONCE_STORE_KEY, 'gestix.lastNonce', 'renamed, nonces could start below the server’s last one');
    assert.equal(signInKeyOf(fromSettings), 'gestix.signIn');
    assert.equal(nonceKeyOf(fromSettings), 'gestix.lastNonce');
  });

  it('every other connection has keys of its own name', () => {
    assert.equal(signInKeyOf(connection({ name: 'Empresa A' })), 'gestix.signIn:empresa a');
    assert.equal(nonceKeyOf(connection({ name: 'Empresa A' })), 'gestix.lastNonce:empresa a');
    assert.equal(signInKeyOf(localSandboxConnection(undefined, '')), 'gestix.signIn:local sandbox');
    const keys = [connection({ name: 'A' }), connection({ name: 'B' }), localSandboxConnection(undefined, '')].flatMap((each) => [signInKeyOf(each), nonceKeyOf(each)]);
    assert.equal(new Set(keys).size, keys.length);
  });

  it('a connection named like the settings’ account still keeps its own keys', () => {
    const stored = connection({ name: '03101176' });
    assert.notEqual(signInKeyOf(stored), SIGN_IN_KEY);
    assert.notEqual(nonceKeyOf(stored), NONCE_STORE_KEY);
  });
});

describe('writing a connection down', () => {
  it('leaves out what is the default and reads back as the same connection', () => {
    const plain = connection();
    assert.deepEqual(toStored(plain), EMPRESA_A);
    const full = connection({ ...EMPRESA_B, signInMethod: 'credentials' });
    assert.deepEqual(toStored(full), EMPRESA_B);
    assert.deepEqual(parseConnections([toStored(plain), toStored(full)]), { connections: [plain, full], skipped: [] });
  });

  it('keeps only what describes the connection, never where it came from', () => {
    const fromSettings = connectionFromSettings({ serverUrl: 'https://gestix.pt', account: '03101176', apiVersion: 'v4.0.0', signInMethod: undefined });
    assert.deepEqual(Object.keys(toStored(fromSettings)).sort(), ['account', 'name', 'serverUrl']);
  });
});

describe('the settings of version 0.2 as a connection (migration)', () => {
  it('are named after the account and keep the server, API version and sign-in method', () => {
    assert.deepEqual(connectionFromSettings({ serverUrl: 'https://gestix.pt:443', account: '03101176', apiVersion: 'v4.0.1', signInMethod: 'credentials' }), {
      name: '03101176',
      serverUrl: 'https://gestix.pt:443',
      account: '03101176',
      apiVersion: 'v4.0.1',
      signInMethod: 'credentials',
      source: 'settings',
    });
  });

  it('are named "Gestix" while no account is set, and default what is not set', () => {
    assert.deepEqual(connectionFromSettings({ serverUrl: 'https://gestix.pt:443', account: '', apiVersion: '', signInMethod: undefined }), {
      name: 'Gestix',
      serverUrl: 'https://gestix.pt:443',
      account: '',
      apiVersion: DEFAULT_API_VERSION,
      signInMethod: 'apiToken',
      source: 'settings',
    });
  });

  it('lose the server URL’s trailing slashes', () => {
    assert.equal(connectionFromSettings({ serverUrl: 'https://gestix.example.com/gestix//', account: '1', apiVersion: '', signInMethod: undefined }).serverUrl, 'https://gestix.example.com/gestix');
  });
});

describe('the origin a connection’s secret is bound to', () => {
  const clients: GestixClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  it('is the one its client checks before sending the secret', () => {
    for (const described of [
      connection(),
      connection({ serverUrl: 'https://GESTIX.pt/', account: 'empresa-b' }),
      connection({ serverUrl: 'https://gestix.example.com/gestix', apiVersion: 'v5' }),
      connection({ serverUrl: 'http://127.0.0.1:8787' }),
      connection({ serverUrl: 'not a url' }),
      connection({ account: '' }),
    ]) {
      const client = new GestixClient({ serverUrl: described.serverUrl, account: described.account, apiVersion: described.apiVersion, timeoutMs: 1_000 }, { env: {} });
      clients.push(client);
      assert.equal(secretOriginOf(described), client.secretOrigin, `${described.serverUrl} ${described.account}`);
    }
    assert.equal(secretOriginOf(connection()), 'https://gestix.pt/api/03101176');
  });
});
