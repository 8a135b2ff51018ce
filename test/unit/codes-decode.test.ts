import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Failure } from '../../src/core/http/result';
import { decodeFailure, decodeFailureBody, decodeText } from '../../src/core/decoding/decode';
import { RAW_BODY_LIMIT, type DecodedError, type SuggestedAction } from '../../src/core/decoding/decodedView';
import { fieldFromMessage, locateField } from '../../src/core/decoding/field';
import { recogniseShape } from '../../src/core/decoding/shape';
import { supportDetails } from '../../src/core/decoding/support';
import { parseTimestamp } from '../../src/core/decoding/timestamp';

const apiErrorBody = JSON.stringify({
  code: 'INVALID_ARGUMENT',
  message: "Field 'currency' is required",
  timestamp: '2024-11-15T10:30:00Z',
  path: '/invoices',
  request_id: 'req-abc123',
});

const format1TwoSubcodes = JSON.stringify({
  status: '400',
  errors: [
    { subcode: 'SMAR-1010', message: 'lineItems must not be empty' },
    { subcode: 'SMAR-1004', message: 'Discount amount cannot be negative' },
  ],
  message: 'Could not evaluate the transaction',
  success: false,
});

// As published: no comma between "message" and "path".
const format2MissingComma =
  '{\n"timestamp":"1700000000000",\n"status":"404",\n"error":"Not Found",\n"message":"No handler for this path""path":"/api/pre-auth/simple-connect-ar/v1/nothing"\n}';

const actionKinds = (decoded: DecodedError) => decoded.actions.map((action: SuggestedAction) => action.kind);

describe('decodeFailureBody: Gestix apiError', () => {
  const sent = '{\n  "document_set": "FT",\n  "seq_number": "FT2025/0007",\n  "currency": "",\n  "total_amount": 1\n}';
  const decoded = decodeFailureBody({ status: 400, body: apiErrorBody, requestPath: '/invoices', sentDocument: sent });

  test('decodes code, status, message, ids and time', () => {
    assert.equal(decoded.shape, 'apiError');
    assert.equal(decoded.product, 'gestix');
    assert.equal(decoded.status?.code, 400);
    assert.equal(decoded.status?.entry.title, 'Bad request');
    assert.equal(decoded.entries.length, 1);
    assert.equal(decoded.entries[0].entry.id, 'gestix/code/INVALID_ARGUMENT');
    assert.equal(decoded.entries[0].message, "Field 'currency' is required");
    assert.deepEqual(decoded.messages, ["Field 'currency' is required"]);
    assert.equal(decoded.requestId, 'req-abc123');
    assert.equal(decoded.path, '/invoices');
    assert.equal(decoded.timestamp?.text, '2024-11-15T10:30:00Z');
    assert.equal(decoded.timestamp?.epochMs, Date.UTC(2024, 10, 15, 10, 30, 0));
    assert.equal(decoded.retryable, false);
  });

  test('names the field and finds it in the sent document', () => {
    assert.equal(decoded.field?.name, 'currency');
    assert.ok(decoded.fieldLocation);
    const { offset, length } = decoded.fieldLocation;
    assert.equal(sent.slice(offset, offset + length), '"currency"');
    assert.match(decoded.headline, /currency/);
    assert.deepEqual(actionKinds(decoded), ['goToField', 'copySupportDetails']);
  });

  test('the raw body is pretty-printed JSON', () => {
    assert.equal(decoded.raw.pretty, true);
    assert.deepEqual(JSON.parse(decoded.raw.text), JSON.parse(apiErrorBody));
    assert.ok(decoded.raw.text.includes('\n  "code"'));
  });

  test('403 AUTH_FAILED suggests signing in again and is not retried as is', () => {
    const expired = decodeFailureBody({
      status: 403,
      body: JSON.stringify({ code: 'AUTH_FAILED', message: 'Session token expired', timestamp: '2025-01-10T09:00:00Z' }),
    });
    assert.equal(expired.entries[0].entry.id, 'gestix/code/AUTH_FAILED');
    assert.equal(expired.retryable, false);
    assert.ok(actionKinds(expired).includes('signInAgain'));
    assert.ok(!actionKinds(expired).includes('retry'));
  });

  test('an empty 403 still suggests signing in again', () => {
    const empty403 = decodeFailureBody({ status: 403, body: '' });
    assert.equal(empty403.shape, 'empty');
    assert.deepEqual(actionKinds(empty403), ['signInAgain']);
    assert.match(empty403.headline, /403/);
  });

  test('503 DB_TIMEOUT is retryable after the Retry-After delay', () => {
    const timeout = decodeFailureBody({
      status: 503,
      body: JSON.stringify({ code: 'DB_TIMEOUT', message: 'Database timeout', timestamp: '2025-01-10T09:00:00Z', request_id: 'req-9' }),
      retryAfterSeconds: 1,
    });
    assert.equal(timeout.retryable, true);
    assert.deepEqual(timeout.actions[0], { kind: 'retry', afterSeconds: 1 });
    assert.equal(timeout.status?.entry.id, 'http/http/503');
    assert.equal(timeout.headline, 'Database timeout');
  });

  test('409 DUPLICATE_ENTRY', () => {
    const duplicate = decodeFailureBody({
      status: 409,
      body: JSON.stringify({ code: 'DUPLICATE_ENTRY', message: 'Document FT FT2025/0007 already exists', timestamp: '2025-01-10T09:00:00Z' }),
    });
    assert.equal(duplicate.entries[0].entry.nextStep.action, 'checkForDuplicate');
    assert.equal(duplicate.status?.entry.title, 'Conflict');
    assert.equal(duplicate.retryable, false);
  });

  test('a refused nonce names the query parameter and can be retried with a new nonce', () => {
    const nonce = decodeFailureBody({
      status: 400,
      body: JSON.stringify({ code: 'INVALID_ARGUMENT', message: 'Nonce must be greater than the last one used (17)', timestamp: '2025-01-10T09:00:00Z' }),
      sentDocument: '{"nonce": 1}',
    });
    assert.equal(nonce.field?.name, 'nonce');
    assert.equal(nonce.field?.where, 'query');
    assert.equal(nonce.fieldLocation, undefined);
    assert.equal(nonce.retryable, true);
    assert.ok(!actionKinds(nonce).includes('goToField'));
  });

  test('an unknown apiError code is decoded as unknown, with the message kept', () => {
    const odd = decodeFailureBody({ status: 400, body: JSON.stringify({ code: 'RATE_LIMITED', message: 'Slow down' }) });
    assert.equal(odd.entries[0].known, false);
    assert.equal(odd.entries[0].entry.product, 'gestix');
    assert.match(odd.headline, /RATE_LIMITED/);
    assert.deepEqual(odd.messages, ['Slow down']);
  });
});

describe('decodeFailureBody: codes named like built-in properties', () => {
  test('are unknown codes, never a function or object from the language', () => {
    for (const code of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
      const decoded = decodeFailureBody({ body: JSON.stringify({ code, message: 'Odd' }) });
      assert.equal(decoded.status, undefined, code);
      assert.doesNotMatch(decoded.headline, /function|native code|\[object/, code);
      assert.match(decoded.headline, new RegExp(`Unknown code ${code}`), code);
    }
  });
});

describe('decodeFailureBody: Sovos', () => {
  test('Format 1 with two subcodes decodes each with its message and field', () => {
    const decoded = decodeFailureBody({ status: 400, body: format1TwoSubcodes });
    assert.equal(decoded.shape, 'sovosFormat1');
    assert.equal(decoded.product, 'sovos');
    assert.equal(decoded.status?.entry.id, 'sovos/http/400');
    assert.deepEqual(decoded.entries.map((entry) => entry.code), ['SMAR-1010', 'SMAR-1004']);
    assert.deepEqual(decoded.entries.map((entry) => entry.entry.title), ['No line items', 'Invalid discount']);
    assert.equal(decoded.entries[0].productLine?.name, 'receivables');
    assert.equal(decoded.entries[0].field?.name, 'lineItems');
    assert.equal(decoded.summary, 'Could not evaluate the transaction');
    assert.equal(decoded.messages.length, 2);
    assert.match(decoded.headline, /2 problems/);
    assert.match(decoded.headline, /receivables/);
    assert.equal(decoded.retryable, false);
  });

  test('Format 1 tax engine timeout for purchases is retryable', () => {
    const decoded = decodeFailureBody({
      status: 408,
      body: JSON.stringify({ status: 408, errors: [{ subcode: 'SMAP-0202', message: 'GTD timed out' }], message: 'Tax', success: false }),
    });
    assert.equal(decoded.entries[0].productLine?.name, 'payables');
    assert.equal(decoded.status?.entry.id, 'sovos/http/408');
    assert.equal(decoded.retryable, true);
    assert.deepEqual(actionKinds(decoded), ['retry']);
  });

  test('Format 1 with bare and five-digit subcodes', () => {
    const decoded = decodeFailureBody({
      body: JSON.stringify({ status: '400', errors: [{ subcode: '11', message: 'x' }, { subcode: 'SMAR-99692', message: 'Invalid currency code XYZ' }], message: '', success: false }),
    });
    assert.deepEqual(decoded.entries.map((entry) => entry.entry.id), ['sovos/subcode/0011', 'sovos/subcode/99692']);
    assert.equal(decoded.status?.code, 400);
    assert.equal(decoded.status?.source, 'body');
  });

  test('Format 2 as published (missing comma) is recognised, with its epoch timestamp', () => {
    const decoded = decodeFailureBody({ status: 404, body: format2MissingComma });
    assert.equal(decoded.shape, 'sovosFormat2');
    assert.equal(decoded.summary, 'Not Found');
    assert.equal(decoded.path, '/api/pre-auth/simple-connect-ar/v1/nothing');
    assert.equal(decoded.timestamp?.epochMs, 1_700_000_000_000);
    assert.equal(decoded.timestamp?.utc, '2023-11-14T22:13:20.000Z');
    assert.equal(decoded.status?.entry.title, 'Not found');
    assert.deepEqual(decoded.messages, ['No handler for this path']);
    assert.equal(decoded.raw.pretty, false);
    assert.equal(decoded.raw.text, format2MissingComma);
  });

  test('Format 2 with a numeric status and timestamp', () => {
    const decoded = decodeFailureBody({
      body: JSON.stringify({ timestamp: 1_700_000_000_000, status: 401, error: 'Unauthorized', message: 'Bad credentials', path: '/x' }),
    });
    assert.equal(decoded.status?.code, 401);
    assert.equal(decoded.status?.entry.id, 'sovos/http/401');
    assert.equal(decoded.timestamp?.epochMs, 1_700_000_000_000);
  });
});

describe('decodeFailureBody: other bodies', () => {
  test('other JSON keeps its message, request id and a known code', () => {
    const decoded = decodeFailureBody({
      status: 400,
      body: JSON.stringify({ error: { code: 'invalid_argument', message: "'qty' must be a number" }, requestId: 'abc-1' }),
    });
    assert.equal(decoded.shape, 'otherJson');
    assert.deepEqual(decoded.messages, ["'qty' must be a number"]);
    assert.equal(decoded.requestId, 'abc-1');
    assert.equal(decoded.entries[0]?.entry.id, 'gestix/code/INVALID_ARGUMENT');
    assert.equal(decoded.field?.name, 'qty');
  });

  test('other JSON of an unfamiliar form still gets a headline', () => {
    for (const body of ['[1,2,3]', '"just a string"', '42', 'null', 'true', '{}']) {
      const decoded = decodeFailureBody({ status: 400, body });
      assert.equal(decoded.shape, 'otherJson', body);
      assert.match(decoded.headline, /HTTP 400/, body);
    }
  });

  test('an HTML error page from a proxy', () => {
    const html = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad &amp; Gateway</h1></body></html>';
    const decoded = decodeFailureBody({ status: 502, body: html, contentType: 'text/html; charset=utf-8' });
    assert.equal(decoded.shape, 'notJson');
    assert.equal(decoded.raw.isHtml, true);
    assert.match(decoded.headline, /HTML page/);
    assert.deepEqual(decoded.messages, ['502 Bad Gateway', 'Bad & Gateway']);
    assert.equal(decoded.retryable, true);
    assert.equal(decoded.raw.text, html);
  });

  test('plain text and empty bodies', () => {
    const text = decodeFailureBody({ status: 400, body: 'Missing nonce\nmore' });
    assert.equal(text.shape, 'notJson');
    assert.deepEqual(text.messages, ['Missing nonce']);
    assert.equal(text.field?.name, 'nonce');
    const empty = decodeFailureBody({ status: 400, body: '  \n ' });
    assert.equal(empty.shape, 'empty');
    assert.equal(empty.headline, 'HTTP 400 Bad request: the response body is empty');
    assert.deepEqual(empty.messages, []);
  });

  test('truncated JSON is shown as it came', () => {
    const body = apiErrorBody.slice(0, Math.floor(apiErrorBody.length / 2));
    const decoded = decodeFailureBody({ status: 400, body });
    assert.equal(decoded.shape, 'notJson');
    assert.equal(decoded.raw.text, body);
    assert.equal(decoded.status?.code, 400);
  });

  test('wrong types in a known shape do not leak through', () => {
    const decoded = decodeFailureBody({
      status: 400,
      body: JSON.stringify({ code: 12, message: { nested: true }, timestamp: [], request_id: null, errors: 'nope' }),
    });
    assert.ok(['otherJson', 'apiError'].includes(decoded.shape));
    for (const message of decoded.messages) assert.equal(typeof message, 'string');
    assert.equal(decoded.requestId, undefined);
    const format1 = decodeFailureBody({ body: JSON.stringify({ status: {}, errors: [null, 7, { subcode: 5 }, { subcode: ['x'] }], success: false }) });
    assert.equal(format1.shape, 'sovosFormat1');
    assert.deepEqual(format1.entries.map((entry) => entry.code), ['0005']);
    assert.equal(format1.status, undefined);
  });

  test('100 000 nested arrays neither overflow the stack nor lose the body', () => {
    const body = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const decoded = decodeFailureBody({ status: 400, body });
    assert.equal(decoded.shape, 'otherJson');
    assert.equal(decoded.raw.pretty, false);
    assert.equal(decoded.raw.length, body.length);
  });

  test('deeply nested objects and an unclosed nest', () => {
    const objects = `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`;
    assert.equal(decodeFailureBody({ status: 400, body: objects }).shape, 'otherJson');
    const unclosed = decodeFailureBody({ status: 400, body: '['.repeat(200_000) });
    assert.equal(unclosed.shape, 'notJson');
    assert.equal(unclosed.raw.truncated, false);
  });

  test('a huge body is capped for display and says so', () => {
    const body = JSON.stringify({ code: 'INVALID_ARGUMENT', message: 'm'.repeat(3_000_000), timestamp: '' });
    const decoded = decodeFailureBody({ status: 400, body });
    assert.equal(decoded.raw.truncated, true);
    assert.equal(decoded.raw.text.length, RAW_BODY_LIMIT);
    assert.equal(decoded.raw.length, body.length);
    assert.ok(decoded.messages[0].length < 3_000);
    const many = JSON.stringify({ status: '400', errors: Array.from({ length: 5_000 }, () => ({ subcode: 'SMAR-0011', message: 'x' })), message: '', success: false });
    const capped = decodeFailureBody({ body: many });
    assert.equal(capped.entries.length + capped.omittedEntries, 5_000);
    assert.ok(capped.entries.length <= 100);
  });

  test('a byte-order mark and surrounding whitespace are tolerated', () => {
    assert.equal(decodeFailureBody({ status: 400, body: `\uFEFF  ${apiErrorBody}\n` }).shape, 'apiError');
  });

  test('status comes from the body or the code when the response status is missing', () => {
    assert.deepEqual(
      [decodeFailureBody({ body: apiErrorBody }).status?.code, decodeFailureBody({ body: apiErrorBody }).status?.source],
      [400, 'inferred'],
    );
    assert.equal(decodeFailureBody({ status: 42, body: '' }).status, undefined);
  });
});

describe('decodeFailure (the client failure)', () => {
  test('an HTTP failure uses the recognised shape and Retry-After', () => {
    const body = JSON.stringify({ code: 'DB_TIMEOUT', message: 'Database timeout', timestamp: '2025-01-10T09:00:00Z' });
    const failure: Failure = {
      kind: 'http',
      method: 'POST',
      path: '/invoices',
      status: 503,
      contentType: 'application/json',
      body,
      bodyTruncated: false,
      shape: recogniseShape(body),
      retryAfterSeconds: 1,
    };
    const decoded = decodeFailure(failure, { sentDocument: '{}' });
    assert.equal(decoded.origin, 'response');
    assert.equal(decoded.method, 'POST');
    assert.equal(decoded.path, '/invoices');
    assert.equal(decoded.retryAfterSeconds, 1);
    assert.equal(decoded.entries[0].code, 'DB_TIMEOUT');
  });

  test('a network failure', () => {
    const decoded = decodeFailure({
      kind: 'network',
      method: 'POST',
      path: '/invoices',
      reason: 'reset',
      message: 'The connection dropped before the server answered.',
      mayHaveReachedServer: true,
    });
    assert.equal(decoded.origin, 'network');
    assert.equal(decoded.headline, 'The connection dropped before the server answered.');
    assert.deepEqual(decoded.network, { reason: 'reset', mayHaveReachedServer: true });
    assert.equal(decoded.retryable, true);
    const insecure = decodeFailure({ kind: 'network', method: 'GET', path: '/helo', reason: 'insecure', message: 'Refused', mayHaveReachedServer: false });
    assert.equal(insecure.retryable, false);
  });

  test('a 2xx answer with a truncated body is not offered for retry', () => {
    const decoded = decodeFailure({
      kind: 'unexpected',
      method: 'POST',
      path: '/invoices',
      status: 201,
      contentType: 'application/json',
      body: '{"id": 10',
      bodyTruncated: false,
      message: 'The document was probably stored, but the answer was cut off.',
    });
    assert.equal(decoded.origin, 'unexpectedResponse');
    assert.equal(decoded.retryable, false);
    assert.equal(decoded.status?.entry.success, true);
    assert.ok(!actionKinds(decoded).includes('retry'));
  });
});

describe('decodeText (Explain Error Response)', () => {
  test('a bare body', () => {
    assert.equal(decodeText(apiErrorBody).entries[0].code, 'INVALID_ARGUMENT');
  });

  test('a status line and headers before the body', () => {
    const decoded = decodeText(
      `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nX-Request-Id: hdr-1\r\n\r\n${format1TwoSubcodes}`,
    );
    assert.equal(decoded.origin, 'text');
    assert.equal(decoded.status?.code, 400);
    assert.equal(decoded.status?.source, 'statusLine');
    assert.equal(decoded.shape, 'sovosFormat1');
    assert.equal(decoded.entries.length, 2);
    assert.equal(decoded.requestId, 'hdr-1');
  });

  test('curl -v output with 100 Continue and Retry-After', () => {
    const text = [
      '< HTTP/1.1 100 Continue',
      '',
      '< HTTP/1.1 503 Service Unavailable',
      '< Retry-After: 2',
      '< Content-Type: application/json',
      '<',
      JSON.stringify({ code: 'DB_TIMEOUT', message: 'Database timeout', timestamp: '2025-01-10T09:00:00Z' }),
    ].join('\n');
    const decoded = decodeText(text);
    assert.equal(decoded.status?.code, 503);
    assert.equal(decoded.retryAfterSeconds, 2);
    assert.equal(decoded.entries[0].code, 'DB_TIMEOUT');
  });

  test('a log line with the body inside it', () => {
    const decoded = decodeText(`2025-01-10 09:00:00 ERROR create failed: ${apiErrorBody} (attempt 2)`);
    assert.equal(decoded.shape, 'apiError');
    assert.equal(decoded.requestId, 'req-abc123');
  });

  test('headers without a body, and nonsense', () => {
    assert.equal(decodeText('HTTP/2 403\ncontent-length: 0\n\n').shape, 'empty');
    assert.equal(decodeText('HTTP/2 403\ncontent-length: 0\n\n').status?.code, 403);
    assert.equal(decodeText('').shape, 'empty');
    assert.equal(decodeText('').headline, 'The response body is empty');
    assert.equal(decodeText('}{').shape, 'notJson');
    assert.equal(decodeText(undefined as unknown as string).shape, 'empty');
  });
});

describe('field names in messages', () => {
  const cases: Array<[string, string | undefined]> = [
    ["Field 'currency' is required", 'currency'],
    ['Field "date" is required', 'date'],
    ["Invalid type for field 'total_amount'", 'total_amount'],
    ["'qty' must be a number", 'qty'],
    ["Field 'items[0].description' is required", 'items[0].description'],
    ['lineItems must not be empty', 'lineItems'],
    ['Missing or invalid nonce', 'nonce'],
    ['Nonce 17 was already used', 'nonce'],
    ['Database timeout', undefined],
    ['Value must be positive', undefined],
    ['', undefined],
  ];
  for (const [message, field] of cases) {
    test(JSON.stringify(message), () => assert.equal(fieldFromMessage(message)?.name, field));
  }

  test('a path is located exactly; a single name at its shallowest place', () => {
    const sent = '{"customer":{"name":"A"},"items":[{"qty":1},{"description":"x","qty":2}],"name":"top"}';
    const at = (name: string, path: Array<string | number>) => {
      const location = locateField(sent, { path });
      return location ? `${name}@${location.offset}:${sent.slice(location.offset, location.offset + location.length)}` : undefined;
    };
    assert.equal(at('top', ['name']), `top@${sent.lastIndexOf('"name"')}:"name"`);
    assert.equal(at('qty', ['items', 1, 'qty']), `qty@${sent.lastIndexOf('"qty"')}:"qty"`);
    assert.equal(at('desc', ['items', 0, 'description']), undefined);
    assert.equal(at('nested', ['customer', 'name']), `nested@${sent.indexOf('"name"')}:"name"`);
    assert.equal(locateField('{"a":', { path: ['b'] }), undefined);
    assert.equal(locateField('"unterminated', { path: ['a'] }), undefined);
  });
});

describe('timestamps', () => {
  test('ISO with zone, without zone, epoch text, epoch number, nginx form', () => {
    assert.equal(parseTimestamp('2024-11-15T10:30:00Z')?.utc, '2024-11-15T10:30:00.000Z');
    assert.equal(parseTimestamp('2024-11-15T10:30:00+01:00')?.utc, '2024-11-15T09:30:00.000Z');
    assert.equal(parseTimestamp('2024-11-15 10:30:00.5Z')?.utc, '2024-11-15T10:30:00.500Z');
    const local = parseTimestamp('2026-11-22 10:00:00.123');
    assert.equal(local?.hasZone, false);
    assert.equal(local?.epochMs, new Date(2026, 10, 22, 10, 0, 0, 123).getTime());
    assert.equal(parseTimestamp('1700000000000')?.epochMs, 1_700_000_000_000);
    assert.equal(parseTimestamp(1_700_000_000)?.epochMs, 1_700_000_000_000);
    assert.equal(parseTimestamp('22/Nov/2026:10:00:00 +0100')?.utc, '2026-11-22T09:00:00.000Z');
  });

  test('unreadable values keep their text and no time', () => {
    assert.deepEqual(parseTimestamp('XXXXXXXXXXXXX'), { text: 'XXXXXXXXXXXXX' });
    assert.deepEqual(parseTimestamp('2024-13-45T99:99:99Z'), { text: '2024-13-45T99:99:99Z' });
    assert.deepEqual(parseTimestamp('12'), { text: '12' });
    assert.equal(parseTimestamp(''), undefined);
    assert.equal(parseTimestamp({}), undefined);
  });
});

describe('supportDetails', () => {
  test('holds what support needs', () => {
    const decoded = decodeFailureBody({ status: 400, body: apiErrorBody, method: 'POST', requestPath: '/invoices' });
    const text = supportDetails(decoded, { account: '03101176', apiVersion: 'v4.0.0', extensionVersion: '0.1.0' });
    assert.match(text, /support@gestix\.com/);
    assert.match(text, /^Request ID: req-abc123$/m);
    assert.match(text, /^Timestamp \(UTC\): 2024-11-15T10:30:00\.000Z/m);
    assert.match(text, /^Request: POST \/invoices$/m);
    assert.match(text, /^HTTP status: 400 Bad request$/m);
    assert.match(text, /^Codes: INVALID_ARGUMENT/m);
    assert.match(text, /^ {2}- Field 'currency' is required$/m);
    assert.match(text, /^Account: 03101176$/m);
  });

  test('never carries a token, even when the server echoes one', () => {
    const token = 'sess-token-0123456789abcdef';
    const body = JSON.stringify({
      code: 'AUTH_FAILED',
      message: `Token ${token} expired; Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig`,
      timestamp: '2025-01-10T09:00:00Z',
      request_id: 'req-1',
    });
    const text = supportDetails(decodeFailureBody({ status: 403, body }), { secrets: [token] });
    assert.ok(!text.includes(token));
    assert.ok(!text.includes('eyJhbGciOiJIUzI1NiJ9'));
    assert.match(text, /Request ID: req-1/);
  });

  test('drops user information from the server URL', () => {
    const decoded = decodeFailureBody({ status: 400, body: apiErrorBody });
    const text = supportDetails(decoded, { serverUrl: 'https://demo:s3cret@gestix.pt:443' });
    assert.match(text, /^Server: https:\/\/gestix\.pt:443$/m);
    assert.ok(!text.includes('s3cret'));
  });

  test('keeps each message on one line and without a response timestamp notes when it was seen', () => {
    const decoded = decodeFailureBody({ status: 502, body: 'line one\r\nline two' });
    const text = supportDetails(decoded, { now: new Date(Date.UTC(2025, 0, 10, 9)) });
    assert.match(text, /^Seen at \(UTC\): 2025-01-10T09:00:00\.000Z$/m);
    assert.match(text, /^ {2}- line one$/m);
  });
});
