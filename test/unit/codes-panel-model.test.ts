import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFailureBody, decodeText } from '../../src/codes/decode';
import { lookupCode } from '../../src/codes/lookup';
import { buildCodePanelModel, buildPanelModel, PANEL_RAW_LIMIT } from '../../src/codes/panelModel';

const origin = { uri: 'file:///w/good.invoice.json', kind: 'invoices' };
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
