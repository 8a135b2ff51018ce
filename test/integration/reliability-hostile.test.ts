// Hostile server answers: a generated corpus (test/fixtures/hostile-bodies.ts) and property tests
// (at least 100 000 cases in total; raise with GESTIX_PROPERTY_RUNS). The decoder must never throw,
// must never let a body change shared objects (prototype pollution), and must always produce a panel
// model that can travel to the webview, with actions chosen by the extension, never by the server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Failure, NetworkReason } from '../../src/core/http/result';
import { decodeFailure, decodeFailureBody, decodeText } from '../../src/core/decoding/decode';
import { RAW_BODY_LIMIT, type DecodedError } from '../../src/core/decoding/decodedView';
import { supportDetails } from '../../src/core/decoding/support';
import { buildPanelModel, PANEL_RAW_LIMIT, type PanelModel } from '../../src/core/errorPanel/panelModel';
import { PANEL_ACTION_IDS } from '../../src/core/errorPanel/panelProtocol';
import { HOSTILE_PAYLOADS, hostileBodies, hostileSample } from '../fixtures/hostile-bodies';

const TOTAL_RUNS = Math.max(100_000, Number(process.env.GESTIX_PROPERTY_RUNS) || 0);
const runs = (share: number) => Math.ceil(TOTAL_RUNS * share);
const HEADLINE_LIMIT = 1_000;

function assertNotPolluted(): void {
  const probe: Record<string, unknown> = {};
  assert.equal(probe.polluted, undefined, 'Object.prototype was polluted');
  assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
  assert.equal(typeof probe.toString, 'function');
}

/** Everything the panel and the notifications need from one decoded body, checked for sanity. */
function panelFor(decoded: DecodedError): PanelModel {
  assert.equal(typeof decoded.headline, 'string');
  assert.ok(decoded.headline.length > 0 && decoded.headline.length <= HEADLINE_LIMIT, `headline of ${decoded.headline.length} characters`);
  assert.ok(decoded.raw.text.length <= RAW_BODY_LIMIT + 1, `raw body of ${decoded.raw.text.length} characters kept`);
  const model = buildPanelModel(decoded, { supportText: supportDetails(decoded), timeZone: 'UTC' });
  assert.ok(model.raw.length <= PANEL_RAW_LIMIT, `panel shows ${model.raw.length} characters`);
  for (const action of model.actions) assert.ok(PANEL_ACTION_IDS.includes(action.id), `unknown action ${action.id}`);
  // The model travels to the webview as a message and is kept as its state.
  const text = JSON.stringify(model);
  assert.equal(typeof JSON.parse(text).headline, 'string');
  assertNotPolluted();
  return model;
}

describe('reliability: hostile corpus', () => {
  const corpus = hostileBodies();

  it('has at least 200 distinct bodies covering every kind of trick', () => {
    assert.ok(corpus.length >= 200, `${corpus.length} bodies`);
    assert.equal(new Set(corpus.map((entry) => entry.name)).size, corpus.length, 'names are unique');
    for (const kind of ['nested arrays', 'nested objects', 'huge message', 'prototype keys: __proto__', 'broken JSON', 'right-to-left override', 'zero-width', 'style tag', 'img onerror', 'link javascript:']) {
      assert.ok(corpus.some((entry) => entry.name.includes(kind)), `no body for ${kind}`);
    }
    assert.ok(hostileSample().length >= 8, 'a sample for the real-editor suite');
  });

  it('every body decodes (as a response and as pasted text) into a sane panel model', () => {
    for (const entry of corpus) {
      const asResponse = decodeFailureBody({ status: entry.status, body: entry.body, contentType: entry.contentType, requestPath: '/invoices', method: 'POST' });
      panelFor(asResponse);
      panelFor(decodeText(entry.body));
      panelFor(decodeFailure({ kind: 'http', method: 'POST', path: '/invoices', status: entry.status, contentType: entry.contentType, body: entry.body, bodyTruncated: false, shape: { kind: 'empty' }, retryAfterSeconds: undefined }, { sentDocument: entry.body.slice(0, 10_000) }));
    }
  });

  it('server text reaches the model only as text fields, never as a field of its own choosing', () => {
    for (const entry of corpus.filter((candidate) => candidate.payload !== undefined)) {
      const model = panelFor(decodeFailureBody({ status: entry.status, body: entry.body, contentType: entry.contentType }));
      const keys = new Set(Object.keys(model));
      for (const key of keys) {
        assert.ok(
          ['headline', 'badges', 'statusLine', 'actions', 'entries', 'messages', 'details', 'raw', 'rawLanguage', 'source', 'supportText', 'field', 'origin'].includes(key),
          `unexpected model field ${key} for ${entry.name}`,
        );
      }
      assert.ok(['json', 'html', 'plaintext'].includes(model.rawLanguage));
      for (const action of model.actions) assert.ok(!JSON.stringify(action).includes('__pwned'), `${entry.name}: an action carries server text`);
    }
  });

  it('a pasted status line with markup in its headers is still decoded, with the apiError inside', () => {
    const entry = corpus.find((candidate) => candidate.name === 'broken JSON: status line and headers pasted')!;
    const decoded = decodeText(entry.body);
    assert.equal(decoded.status?.code, 400);
    assert.ok(decoded.entries.some((decodedEntry) => decodedEntry.code === 'INVALID_ARGUMENT'));
    panelFor(decoded);
  });
});

const payload = fc.constantFrom(...HOSTILE_PAYLOADS.map(([, text]) => (text.length > 2_000 ? text.slice(0, 2_000) : text)));
const text = fc.oneof(payload, fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 }), fc.constantFrom('SMAR-0011', 'DB_TIMEOUT', 'AUTH_FAILED', '409', 'req-abc', '__proto__', ''));
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: text },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 3, withObjectString: true, withNullPrototype: true }) },
  { weight: 1, arbitrary: fc.integer() },
);
const key = fc.oneof(fc.constantFrom('code', 'message', 'timestamp', 'path', 'request_id', 'status', 'errors', 'subcode', 'success', 'error', '__proto__', 'constructor', 'prototype', 'toString'), fc.string({ maxLength: 10 }));
const shapedObject = fc.dictionary(key, fc.oneof(value, fc.array(fc.dictionary(key, value, { maxKeys: 4 }), { maxLength: 4 })), { maxKeys: 8 });
/** JSON text built by hand, so `__proto__` can appear as a real key. */
const jsonText = shapedObject.map((object) => `{${Object.entries(object).map(([name, field]) => `${JSON.stringify(name)}:${JSON.stringify(field) ?? 'null'}`).join(',')}}`);
const body = fc.oneof(jsonText, text, jsonText.map((json) => json.slice(0, Math.floor(json.length / 2))));
const status = fc.oneof(fc.constantFrom(200, 201, 400, 403, 404, 408, 409, 429, 500, 502, 503), fc.integer({ min: -1, max: 1_000 }));
const contentType = fc.oneof(fc.constantFrom('application/json', 'text/html', 'text/plain', 'application/json; charset=utf-8'), text);
/** The client always explains its own failures in a sentence; the sentence may quote server text. */
const sentence = text.filter((candidate) => candidate.trim() !== '').map((quoted) => `The server answered with ${quoted}`);
const networkReason = fc.constantFrom<NetworkReason>('refused', 'dns', 'tls', 'timeout', 'reset', 'aborted', 'insecure', 'proxy', 'settings', 'other');

const failure: fc.Arbitrary<Failure> = fc.oneof(
  fc.record({ kind: fc.constant('network' as const), method: text, path: text, reason: networkReason, message: sentence, mayHaveReachedServer: fc.boolean() }),
  fc.record({ kind: fc.constant('unexpected' as const), method: text, path: text, status, contentType: fc.option(contentType, { nil: undefined }), body, bodyTruncated: fc.boolean(), message: sentence }),
  fc.record({
    kind: fc.constant('http' as const),
    method: text,
    path: text,
    status,
    contentType: fc.option(contentType, { nil: undefined }),
    body,
    bodyTruncated: fc.boolean(),
    shape: fc.constant({ kind: 'empty' as const }),
    retryAfterSeconds: fc.option(fc.integer({ min: -5, max: 1e9 }), { nil: undefined }),
  }),
);

describe(`reliability: decoder properties (${TOTAL_RUNS.toLocaleString('en')} cases)`, () => {
  it('any pasted text decodes into a sane panel model', () => {
    fc.assert(fc.property(fc.oneof(body, fc.string({ maxLength: 400 }), fc.string({ unit: 'binary', maxLength: 400 })), (input) => void panelFor(decodeText(input))), { numRuns: runs(0.3) });
  });

  it('any response body, status and content type decodes into a sane panel model', () => {
    fc.assert(
      fc.property(body, status, contentType, text, (input, code, type, path) => void panelFor(decodeFailureBody({ status: code, body: input, contentType: type, requestPath: path, sentDocument: input }))),
      { numRuns: runs(0.3) },
    );
  });

  it('any failure the client can report decodes, with support details, into a sane panel model', () => {
    fc.assert(fc.property(failure, (reported) => void panelFor(decodeFailure(reported))), { numRuns: runs(0.2) });
  });

  it('corpus bodies cut anywhere and spliced with hostile text still decode', () => {
    const small = hostileBodies().filter((entry) => entry.body.length <= 4_000);
    fc.assert(
      fc.property(fc.constantFrom(...small), fc.nat(), fc.nat(), text, (entry, cut, splice, inserted) => {
        const at = cut % (entry.body.length + 1);
        const mutated = `${entry.body.slice(0, at)}${splice % 2 ? inserted : ''}${entry.body.slice(at + (splice % 7))}`;
        panelFor(decodeFailureBody({ status: entry.status, body: mutated, contentType: entry.contentType }));
      }),
      { numRuns: runs(0.2) },
    );
  });
});
