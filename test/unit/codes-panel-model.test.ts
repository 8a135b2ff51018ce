import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFailureBody, decodeText } from '../../src/core/codes/decode';
import { lookupCode } from '../../src/core/codes/lookup';
import { REDACTED } from '../../src/core/text/redact';
import { buildCodePanelModel, buildPanelModel, PANEL_RAW_LIMIT, panelModelFromState, redactPanelModel, type PanelOrigin } from '../../src/core/codes/panelModel';

const origin: PanelOrigin = { uri: 'file:///w/good.invoice.json', kind: 'invoices' };
const missingCurrency = JSON.stringify({
  code: 'INVALID_ARGUMENT',
  message: "Field 'currency' is required",
  timestamp: '2026-11-22T10:00:00Z',
  path: '/invoices',
  request_id: 'req-abc123',
});

test('an apiError with a field offers Go to field and support details, with local time', () => {
  const decoded = decodeFailureBody({ status: 400, body: missingCurrency, sentDocument: '{"document_set":"FT"}' });
  const model = buildPanelModel(decoded, { supportText: 'support', origin, timeZone: 'UTC' });
  assert.deepEqual(model.badges.slice(0, 2), ['HTTP 400', 'Gestix apiError']);
  assert.equal(model.field, 'currency');
  assert.ok(model.actions.some((action) => action.id === 'goToField' && action.label.includes('currency')));
  assert.ok(model.actions.some((action) => action.id === 'copySupportDetails'));
  assert.equal(model.entries[0]!.code, 'INVALID_ARGUMENT');
  assert.equal(model.entries[0]!.serverMessage, "Field 'currency' is required");
  const details = Object.fromEntries(model.details);
  assert.equal(details['Request ID'], 'req-abc123');
  assert.match(details['Local time']!, /2026/);
  assert.deepEqual(model.origin, origin);
});

test('without a sent document there is no Retry or Go to field, only what can be done from the panel', () => {
  const decoded = decodeFailureBody({ status: 400, body: missingCurrency });
  const ids = buildPanelModel(decoded, { supportText: 'support' }).actions.map((action) => action.id);
  assert.ok(!ids.includes('goToField'));
  assert.ok(!ids.includes('retry'));
});

test('a 403 offers Sign In Again first; a DB_TIMEOUT from a send offers Retry', () => {
  const expired = buildPanelModel(decodeFailureBody({ status: 403, body: '{"code":"AUTH_FAILED","message":"expired","timestamp":"2026-11-22T10:00:00Z"}' }), { supportText: '' });
  assert.equal(expired.actions[0]!.id, 'signInAgain');
  const timeout = buildPanelModel(decodeFailureBody({ status: 503, body: '{"code":"DB_TIMEOUT","message":"db","timestamp":"2026-11-22T10:00:00Z"}' }), { supportText: '', origin });
  assert.ok(timeout.actions.some((action) => action.id === 'retry'));
});

test('Sovos Format 1 with two subcodes lists both entries with the product line', () => {
  const body = JSON.stringify({ status: '400', success: false, message: 'POST /transactions', errors: [{ subcode: 'SMAR-1004', message: 'discount' }, { subcode: 'SMAR-1010', message: 'lines' }] });
  const model = buildPanelModel(decodeText(body), { supportText: '' });
  assert.deepEqual(model.entries.map((entry) => entry.code), ['SMAR-1004', 'SMAR-1010']);
  assert.match(model.entries[0]!.category, /SMAR \(receivables\)/);
});

test('a huge HTML body is capped in the view, with the whole body one click away', () => {
  const body = `<html><body>${'<p>oops</p>'.repeat(500_000)}</body></html>`;
  const model = buildPanelModel(decodeFailureBody({ status: 502, body, contentType: 'text/html' }), { supportText: '' });
  assert.ok(model.raw.length <= PANEL_RAW_LIMIT);
  assert.ok(model.rawNotice);
  assert.equal(model.rawLanguage, 'html');
  assert.ok(model.actions.some((action) => action.id === 'openRawBody'));
});

test('a code looked up on its own shows its catalogue entry', () => {
  const model = buildCodePanelModel(lookupCode('smap-0202'));
  assert.equal(model.entries[0]!.code, 'SMAP-0202');
  assert.match(model.statusLine, /payables/);
  const unknown = buildCodePanelModel(lookupCode('SMAR-4242'));
  assert.match(unknown.headline, /not a documented code/);
});

/** What the page keeps as its state: the model, through JSON (absent values of `details` become null). */
function savedState(model: unknown): unknown {
  return JSON.parse(JSON.stringify({ model }));
}

test('a restored state is rebuilt field by field, with its origin', () => {
  const model = buildPanelModel(decodeFailureBody({ status: 400, body: missingCurrency, sentDocument: '{}' }), { supportText: 'support', origin, timeZone: 'UTC' });
  const restored = panelModelFromState(savedState(model));
  assert.ok(restored);
  assert.deepEqual(restored, model, 'the same model, with the null values of details read as absent');
  assert.equal(restored.details.find(([term]) => term === 'Field')?.[1], 'currency');
  assert.deepEqual(restored.origin, origin);
  const remote = panelModelFromState(savedState({ ...model, origin: { uri: 'vscode-remote://ssh-remote%2Bbox/w/a.invoice.json', kind: 'purchases' } }));
  assert.deepEqual(remote?.origin, { uri: 'vscode-remote://ssh-remote%2Bbox/w/a.invoice.json', kind: 'purchases' });
});

test('a restored state with an origin of an unknown kind or an unexpected scheme is refused', () => {
  const model = buildPanelModel(decodeFailureBody({ status: 400, body: missingCurrency, sentDocument: '{}' }), { supportText: 'support', origin });
  for (const bad of [
    { uri: 'command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22x%22%7D', kind: 'invoices' },
    { uri: 'https://example.com/a.json', kind: 'invoices' },
    { uri: 'no-scheme/a.json', kind: 'invoices' },
    { uri: 'file:///w/a.json', kind: 'invoices/../../status' },
    { uri: 'file:///w/a.json', kind: 'toString' },
    { uri: 42, kind: 'invoices' },
    'file:///w/a.json',
  ]) {
    assert.equal(panelModelFromState(savedState({ ...model, origin: bad })), undefined, JSON.stringify(bad));
  }
});

test('a restored state that is not a model the extension writes is refused', () => {
  const model = buildCodePanelModel(lookupCode('DB_TIMEOUT'));
  assert.ok(panelModelFromState(savedState(model)));
  for (const bad of [
    undefined,
    null,
    'text',
    { model: 'text' },
    { model: { ...model, headline: 1 } },
    { model: { ...model, actions: [{ id: 'runCommand', label: 'x' }] } },
    { model: { ...model, actions: [{ id: 'retry', label: 'x', primary: 'yes' }] } },
    { model: { ...model, entries: [{ code: 'X' }] } },
    { model: { ...model, details: [['a', 1]] } },
    { model: { ...model, badges: [1] } },
    { model: { ...model, rawLanguage: 'javascript' } },
    { model: { ...model, raw: undefined } },
  ]) {
    assert.equal(panelModelFromState(JSON.parse(JSON.stringify(bad ?? null))), undefined, JSON.stringify(bad)?.slice(0, 80));
  }
});

test('a restored body is cut to what the panel shows', () => {
  const model = buildCodePanelModel(lookupCode('DB_TIMEOUT'));
  assert.equal(panelModelFromState(savedState({ ...model, raw: 'x'.repeat(PANEL_RAW_LIMIT + 10) }))?.raw.length, PANEL_RAW_LIMIT);
});

test('the model the page keeps has the known secrets and credential patterns removed, and its origin intact', () => {
  const secret = 'tok-1234567890';
  const body = JSON.stringify({ code: 'AUTH_FAILED', message: `token ${secret} refused`, timestamp: '2026-11-22T10:00:00Z', request_id: 'req-1', echo: { password: 'hunter2', authorization: 'Bearer abc.def' } });
  const model = buildPanelModel(decodeFailureBody({ status: 403, body }), { supportText: `seen ${secret}`, origin: { uri: `file:///home/${secret}/a.invoice.json`, kind: 'invoices' } });
  const redacted = redactPanelModel(model, [secret]);
  const text = JSON.stringify({ ...redacted, origin: undefined });
  assert.ok(!text.includes(secret), 'no known secret');
  assert.ok(!text.includes('hunter2') && !text.includes('abc.def'), 'no credential a pattern catches');
  assert.ok(redacted.raw.includes(REDACTED));
  assert.equal(redacted.origin?.uri, model.origin?.uri, 'the origin still opens the sent file');
  assert.deepEqual(redacted.actions.map((action) => action.id), model.actions.map((action) => action.id));
});
