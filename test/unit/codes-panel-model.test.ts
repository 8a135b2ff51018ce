import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFailureBody, decodeText } from '../../src/core/decoding/decode';
import { lookupCode } from '../../src/core/codes/lookup';
import { REDACTED } from '../../src/core/text/redact';
import { buildCodePanelModel, buildPanelModel, PANEL_RAW_LIMIT, panelModelFromState, redactPanelModel, type PanelModel, type PanelOrigin } from '../../src/core/errorPanel/panelModel';
import { buildPanelView, type PanelWording } from '../../src/core/errorPanel/panelView';

/** The panel's words as the adapter gives them in English (src/vscode/errorPanelWording.ts and the action labels). */
const ENGLISH: PanelWording = {
  actionLabel: (action, model) =>
    ({
      copySupportDetails: 'Copy Support Details',
      goToField: `Go to "${model.field}"`,
      signInAgain: 'Sign In Again',
      retry: action.afterSeconds ? `Retry (server asks to wait ${action.afterSeconds} s)` : 'Retry',
      openRawBody: 'Open Body in Editor',
    })[action.id],
  actionsLabel: 'Actions for this error',
  httpStatus: (status) => `HTTP ${status}`,
  network: 'Network',
  bodyShapes: { apiError: 'Gestix apiError', sovosFormat1: 'Sovos Format 1', sovosFormat2: 'Sovos Format 2', otherJson: 'Unrecognised JSON', notJson: 'Not JSON', empty: 'Empty body' },
  undocumentedCode: (code) => `${code} is not a documented code`,
  entriesHeading: (count) => (count > 1 ? `Codes (${count})` : 'Code'),
  messagesHeading: 'Server said',
  detailsHeading: 'For support',
  detailTerms: { requestId: 'Request ID', timestamp: 'Timestamp', localTime: 'Local time', request: 'Request', field: 'Field' },
  retryQuestion: 'Can a retry help?',
  retryHelps: 'Yes — the same request may succeed later.',
  retryDoesNotHelp: 'No — something must change first.',
  rawSize: (length, contentType) => `Raw response (${length.toLocaleString('en')} characters${contentType ? `, ${contentType}` : ''})`,
  rawEmpty: 'Raw response (empty)',
  rawOfLookup: 'No response body (code looked up on its own)',
  rawCut: 'The body is long; only its beginning is shown here. Use "Open Body in Editor" to see all of it.',
};

function englishView(model: PanelModel) {
  return buildPanelView(model, ENGLISH);
}

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
  const view = englishView(model);
  assert.deepEqual(model.badges.slice(0, 2), [{ kind: 'httpStatus', status: 400 }, { kind: 'bodyShape', shape: 'apiError' }]);
  assert.deepEqual(view.badges.slice(0, 2), ['HTTP 400', 'Gestix apiError']);
  assert.equal(model.field, 'currency');
  assert.ok(view.actions.some((action) => action.id === 'goToField' && action.label.includes('currency')));
  assert.ok(model.actions.some((action) => action.id === 'copySupportDetails'));
  assert.equal(model.entries[0].code, 'INVALID_ARGUMENT');
  assert.equal(model.entries[0].serverMessage, "Field 'currency' is required");
  assert.equal(view.entries.items[0].serverMessage, "Field 'currency' is required");
  const details = Object.fromEntries(view.details.rows);
  assert.equal(details['Request ID'], 'req-abc123');
  assert.match(details['Local time'], /2026/);
  assert.equal(Object.fromEntries(model.details).requestId, 'req-abc123');
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
  assert.equal(expired.actions[0].id, 'signInAgain');
  const timeout = buildPanelModel(decodeFailureBody({ status: 503, body: '{"code":"DB_TIMEOUT","message":"db","timestamp":"2026-11-22T10:00:00Z"}' }), { supportText: '', origin });
  assert.ok(timeout.actions.some((action) => action.id === 'retry'));
});

test('Sovos Format 1 with two subcodes lists both entries with the product line', () => {
  const body = JSON.stringify({ status: '400', success: false, message: 'POST /transactions', errors: [{ subcode: 'SMAR-1004', message: 'discount' }, { subcode: 'SMAR-1010', message: 'lines' }] });
  const model = buildPanelModel(decodeText(body), { supportText: '' });
  assert.deepEqual(model.entries.map((entry) => entry.code), ['SMAR-1004', 'SMAR-1010']);
  assert.match(model.entries[0].category, /SMAR \(receivables\)/);
});

test('a huge HTML body is capped in the view, with the whole body one click away', () => {
  const body = `<html><body>${'<p>oops</p>'.repeat(500_000)}</body></html>`;
  const model = buildPanelModel(decodeFailureBody({ status: 502, body, contentType: 'text/html' }), { supportText: '' });
  assert.ok(model.raw.length <= PANEL_RAW_LIMIT);
  assert.ok(englishView(model).raw.notice);
  assert.equal(model.rawLanguage, 'html');
  assert.ok(model.actions.some((action) => action.id === 'openRawBody'));
});

test('a code looked up on its own shows its catalogue entry', () => {
  const model = buildCodePanelModel(lookupCode('smap-0202'));
  assert.equal(model.entries[0].code, 'SMAP-0202');
  assert.match(model.statusLine, /payables/);
  const unknown = buildCodePanelModel(lookupCode('SMAR-4242'));
  assert.match(englishView(unknown).headline, /not a documented code/);
});

/** What the page keeps as its state: the model, through JSON (absent values of `details` become null). */
function savedState(model: unknown): unknown {
  return JSON.parse(JSON.stringify({ model }));
}

test('a restored state is rebuilt field by field, with its origin', () => {
  const model = buildPanelModel(decodeFailureBody({ status: 400, body: missingCurrency, sentDocument: '{}' }), { supportText: 'support', origin, timeZone: 'UTC' });
  const restored = panelModelFromState(savedState(model));
  assert.ok(restored);
  assert.deepEqual(restored, model, 'the same model');
  assert.equal(restored.details.find(([id]) => id === 'field')?.[1], 'currency');
  assert.deepEqual(restored.origin, origin);
  const remote = panelModelFromState(savedState({ ...model, origin: { uri: 'vscode-remote://ssh-remote%2Bbox/w/a.invoice.json', kind: 'purchases' } }));
  assert.deepEqual(remote?.origin, { uri: 'vscode-remote://ssh-remote%2Bbox/w/a.invoice.json', kind: 'purchases' });
  const newCopy = panelModelFromState(savedState({ ...model, origin: { ...origin, connection: 'Empresa A', asNewCopy: true } }));
  assert.deepEqual(newCopy?.origin, { ...origin, connection: 'Empresa A', asNewCopy: true }, 'a new copy is retried as a new copy after a reload too');
  const notTrue = panelModelFromState(savedState({ ...model, origin: { ...origin, asNewCopy: 'yes' } as unknown as PanelOrigin }));
  assert.deepEqual(notTrue?.origin, origin);
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
    { model: { ...model, actions: [{ id: 'runCommand' }] } },
    { model: { ...model, actions: [{ id: 'toString' }] } },
    { model: { ...model, actions: [{ id: 'retry', primary: 'yes' }] } },
    { model: { ...model, actions: [{ id: 'retry', afterSeconds: -1 }] } },
    { model: { ...model, entries: [{ code: 'X' }] } },
    { model: { ...model, details: [['requestId', 1]] } },
    { model: { ...model, details: [['Request ID', 'req-1']] } },
    { model: { ...model, badges: [1] } },
    { model: { ...model, badges: ['HTTP 400'] } },
    { model: { ...model, badges: [{ kind: 'bodyShape', shape: 'constructor' }] } },
    { model: { ...model, badges: [{ kind: 'httpStatus', status: '400' }] } },
    { model: { ...model, source: undefined } },
    { model: { ...model, source: { kind: 'lookup', code: 'X', documented: 'yes', retryable: false } } },
    { model: { ...model, source: { kind: 'response', length: 1, cut: false, contentType: 7 } } },
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

test('the view of a redacted model carries no secret either: the page keeps it beside the model', () => {
  const secret = 'tok-1234567890';
  const body = JSON.stringify({ code: 'INVALID_ARGUMENT', message: `Field '${secret}' is required`, timestamp: '2026-11-22T10:00:00Z', request_id: secret });
  const model = buildPanelModel(decodeFailureBody({ status: 400, body, contentType: `application/json; token=${secret}`, sentDocument: '{}' }), { supportText: secret, origin });
  assert.ok(JSON.stringify(englishView(model)).includes(secret), 'the secret is in the unredacted view');
  assert.ok(!JSON.stringify(englishView(redactPanelModel(model, [secret]))).includes(secret));
});

test('the view words a response: headings, badges, rows with a value, the body label and its notice', () => {
  const body = JSON.stringify({ status: '400', success: false, message: 'POST /transactions', errors: [{ subcode: 'SMAR-1004', message: 'discount' }, { subcode: 'SMAR-1010', message: 'lines' }] });
  const view = englishView(buildPanelModel(decodeFailureBody({ status: 400, body, contentType: 'application/json' }), { supportText: '' }));
  assert.equal(view.entries.heading, 'Codes (2)');
  assert.deepEqual(view.badges, ['HTTP 400', 'Sovos Format 1', 'Sovos Simple Connect']);
  assert.match(view.entries.items[0].explanation, /^[^.]+\. /);
  assert.equal(view.details.heading, 'For support');
  assert.ok(view.details.rows.every(([, value]) => value !== ''), 'rows without a value are left out');
  assert.equal(view.raw.label, `Raw response (${body.length.toLocaleString('en')} characters, application/json)`);
  assert.equal(view.raw.notice, undefined);
  assert.deepEqual(view.actions.map((action) => [action.id, action.label]), [['copySupportDetails', 'Copy Support Details'], ['openRawBody', 'Open Body in Editor']]);

  const empty = englishView(buildPanelModel(decodeFailureBody({ status: 502, body: '' }), { supportText: '' }));
  assert.equal(empty.raw.label, 'Raw response (empty)');
  assert.ok(empty.badges.includes('Empty body'));
});

test('Retry says how long the server asked to wait, and a single code has the singular heading', () => {
  const model = buildPanelModel(decodeFailureBody({ status: 503, body: '{"code":"DB_TIMEOUT","message":"db","timestamp":"2026-11-22T10:00:00Z"}', retryAfterSeconds: 3 }), { supportText: '', origin });
  const view = englishView(model);
  assert.equal(view.actions.find((action) => action.id === 'retry')?.label, 'Retry (server asks to wait 3 s)');
  assert.equal(view.entries.heading, 'Code');
  assert.deepEqual(panelModelFromState(savedState(model)), model, 'the wait survives a reload');
});

test('the view of a code looked up on its own says whether a retry can help, and that there is no body', () => {
  const view = englishView(buildCodePanelModel(lookupCode('DB_TIMEOUT')));
  assert.deepEqual(view.details.rows, [['Can a retry help?', 'Yes — the same request may succeed later.']]);
  assert.equal(view.raw.label, 'No response body (code looked up on its own)');
  assert.deepEqual(view.actions, []);
  assert.match(view.headline, /^DB_TIMEOUT: /);
  const restored = panelModelFromState(savedState(buildCodePanelModel(lookupCode('SMAR-4242'))));
  assert.ok(restored);
  assert.match(englishView(restored).headline, /SMAR-4242 is not a documented code/);
});
