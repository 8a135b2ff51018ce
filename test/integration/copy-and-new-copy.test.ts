// Copy as cURL and Send as New Copy against a real sandbox: the copied command, with the placeholder
// filled by a real session token, creates the document when a shell runs it; new copies take the
// next free numbers of their series from the server's list and are never refused as duplicates.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { curlText, TOKEN_VARIABLE } from '../../src/core/sending/curlText';
import { newCopy, NumbersGiven } from '../../src/core/sending/newCopy';
import { seriesNumbers } from '../../src/core/sending/seriesNumbers';
import { assertNoSecretsLogged, invoice, startRig, type Rig } from './client-support';

const run = promisify(execFile);
let rig: Rig;

beforeEach(async () => {
  rig = await startRig();
  const signIn = await rig.session.signInWithApiToken(rig.sandbox.apiToken);
  assert.ok(signIn.ok);
});

afterEach(async () => {
  assertNoSecretsLogged(rig.logger, [rig.sandbox.apiToken, rig.sandbox.password, ...rig.sandbox.control.sessionTokens()]);
  await rig.close();
});

async function sessionToken(): Promise<string> {
  const token = await rig.session.sessionTokenNow();
  assert.ok(token, 'a session token');
  return token;
}

/** Runs the copied command the way a person pastes it into a terminal, with the token exported. */
async function runCurl(text: string, token: string): Promise<{ stdout: string; stderr: string }> {
  return run('sh', ['-c', `${text} --silent --show-error --write-out '\\n%{http_code}'`], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', [TOKEN_VARIABLE]: token } });
}

describe('Copy as cURL against the sandbox', () => {
  it('curl is on this machine (.ci/run installs it)', async () => {
    const { stdout } = await run('curl', ['--version']);
    assert.match(stdout, /^curl \d/);
  });

  it('the command, run by sh with the token filled in, creates the document as the file holds it', async () => {
    const body = `${JSON.stringify(invoice({ seq_number: 'FT2026/C001' }), null, 2)}\n`;
    const curl = curlText({ apiBase: rig.sandbox.apiBase, kind: 'invoices', jsonText: body });
    assert.ok(curl.ok);
    const { stdout } = await runCurl(curl.text, await sessionToken());
    const [answer, status] = stdout.split('\n');
    assert.equal(status, '201', stdout);
    const created = JSON.parse(answer ?? '') as { id: number; documentNumber: string };
    assert.equal(created.documentNumber, 'FT2026/C001');
    const [stored] = rig.sandbox.control.documents('invoices');
    assert.equal(stored?.id, created.id);
    const post = rig.sandbox.control.requests().find((request) => request.method === 'POST' && request.path === '/invoices');
    assert.match(String(post?.nonce), /^\d+999$/);
  });

  it('a hostile body reaches the server intact and the shell runs nothing of it', async () => {
    const hostile = `it's "$(touch /tmp/gestix-pwned)" \`id\` $HOME\nline two \\ '\\''`;
    const body = JSON.stringify(invoice({ seq_number: 'FT2026/C002', items: [{ item_code: 'X', description: hostile, qty: 1, unit_price: 100, vat: 23 }] }));
    const curl = curlText({ apiBase: rig.sandbox.apiBase, kind: 'invoices', jsonText: body });
    assert.ok(curl.ok);
    const { stdout } = await runCurl(curl.text, await sessionToken());
    assert.match(stdout, /\n201$/);
    const [stored] = rig.sandbox.control.documents('invoices');
    assert.equal((stored?.document.items as { description: string }[])[0]?.description, hostile);
  });

  it('without the token the server refuses it: nothing secret was in the command', async () => {
    const curl = curlText({ apiBase: rig.sandbox.apiBase, kind: 'invoices', jsonText: JSON.stringify(invoice()) });
    assert.ok(curl.ok);
    const token = await sessionToken();
    assert.ok(!curl.text.includes(token) && !curl.text.includes(rig.sandbox.apiToken));
    const { stdout } = await runCurl(curl.text, '');
    assert.match(stdout, /\n403$/);
    assert.equal(rig.sandbox.control.documents('invoices').length, 0);
  });
});

describe('Send as New Copy against the sandbox', () => {
  it('reads the numbers of the series page by page, and only that series', async () => {
    for (let number = 1; number <= 5; number += 1) assert.equal((await rig.sender.send('invoices', JSON.stringify(invoice({ seq_number: `FT2026/${number}` })))).kind, 'created');
    assert.equal((await rig.sender.send('invoices', JSON.stringify(invoice({ document_set: 'FR', seq_number: 'FR2026/900' })))).kind, 'created');
    const all = await seriesNumbers(rig.session, 'invoices', 'FT', undefined, { pageSize: 2 });
    assert.deepEqual(all, { kind: 'read', numbers: ['FT2026/1', 'FT2026/2', 'FT2026/3', 'FT2026/4', 'FT2026/5'], complete: true });
    const bounded = await seriesNumbers(rig.session, 'invoices', 'FT', undefined, { pageSize: 2, maxPages: 2 });
    assert.deepEqual(bounded, { kind: 'read', numbers: ['FT2026/1', 'FT2026/2', 'FT2026/3', 'FT2026/4'], complete: false });
    const lists = rig.sandbox.control.requests().filter((request) => request.method === 'GET' && request.path === '/invoices');
    assert.ok(lists.length >= 5, 'one request per page');
  });

  it('two copies in a row are two new documents with the next free numbers, and no 409', async () => {
    const original = JSON.stringify(invoice({ seq_number: 'FT2026/0001' }), null, 2);
    assert.equal((await rig.sender.send('invoices', original)).kind, 'created');
    assert.equal((await rig.sender.send('invoices', JSON.stringify(invoice({ seq_number: 'FT2026/0007' })))).kind, 'created');
    const given = new NumbersGiven();
    const numbers: string[] = [];
    for (let copy = 0; copy < 2; copy += 1) {
      const listed = await seriesNumbers(rig.session, 'invoices', 'FT');
      assert.equal(listed.kind, 'read');
      const made = newCopy(original, '2026-11-27', [...listed.numbers, ...given.of('sandbox', 'invoices', 'FT')]);
      assert.ok(made.ok);
      given.note('sandbox', 'invoices', made.copy.documentSet, made.copy.seqNumber);
      const outcome = await rig.sender.send('invoices', made.copy.jsonText);
      assert.equal(outcome.kind, 'created', JSON.stringify(outcome).slice(0, 300));
      numbers.push(made.copy.seqNumber);
    }
    assert.deepEqual(numbers, ['FT2026/0008', 'FT2026/0009']);
    const stored = rig.sandbox.control.documents('invoices');
    assert.equal(stored.length, 4);
    assert.deepEqual(stored.slice(2).map((document) => [document.document.seq_number, document.document.date]), [['FT2026/0008', '2026-11-27'], ['FT2026/0009', '2026-11-27']]);
    const refused = rig.sandbox.control.requests().filter((request) => request.status === 409);
    assert.equal(refused.length, 0);
  });
});
