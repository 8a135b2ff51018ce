import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { decodeFailureBody, decodeText } from '../../src/core/decoding/decode';
import { RAW_BODY_LIMIT, type DecodedError } from '../../src/core/decoding/decodedView';
import { codeAt, findCodesInLine } from '../../src/core/codes/logCodes';
import { lookupCode } from '../../src/core/codes/lookup';
import { supportDetails } from '../../src/core/decoding/support';

// Raise with GESTIX_PROPERTY_RUNS for longer runs.
const RUNS = Math.max(2_000, Number(process.env.GESTIX_PROPERTY_RUNS) || 0);

const FRAGMENTS = [
  'SMAR-', 'SMAP-', 'smar-', 'SMART-', '0011', '0202', '99692', '123456', 'INVALID_ARGUMENT', 'AUTH_FAILED', 'DB_TIMEOUT',
  'DUPLICATE_ENTRY', '_X', 'MY_', 'HTTP/1.1 ', 'HTTP ', '403', '409', '408', '200', ' Forbidden', ' OK', 'status=', 'status: ',
  '"status":', '"subcode":"', '"request_id":"', 'req-', 'POST /invoices -> ', '"GET / HTTP/1.1" ', ':4030', '12:00:', '\n', '\r\n',
  '"', "'", '{', '}', '[', ']', ',', ':', ' ', '\\', '\u0000', '\uFEFF', '\uD800', '💥', 'Field \'', '\' is required', 'nonce',
  '2026-11-22 10:00:00.123 ', '<html><title>', '</title>', '1700000000000',
];

const fragmentText = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 40 })
  .map((parts) => parts.join(''));

const anyText = fc.oneof(fragmentText, fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ maxLength: 200 }));

const subcodeToken = fc.oneof(
  fc.constantFrom('SMAR-0011', 'smap-0202', 'SMAR-99692', '11', 'SMAR-4242', ''),
  fc.string({ maxLength: 12 }),
  fc.integer(),
);

/** Bodies close to the real shapes, with fields of any type. */
const shapedBody = fc.oneof(
  fc.record(
    {
      code: fc.oneof(fc.constantFrom('INVALID_ARGUMENT', 'AUTH_FAILED', 'DB_TIMEOUT', 'DUPLICATE_ENTRY', 'NOPE'), fc.jsonValue()),
      message: fc.oneof(fc.string(), fc.jsonValue()),
      timestamp: fc.oneof(fc.constantFrom('2024-11-15T10:30:00Z', '1700000000000', ''), fc.jsonValue()),
      path: fc.jsonValue(),
      request_id: fc.oneof(fc.string(), fc.jsonValue()),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      status: fc.oneof(fc.constantFrom('400', 408, '500'), fc.jsonValue()),
      errors: fc.oneof(fc.array(fc.oneof(fc.record({ subcode: subcodeToken, message: fc.jsonValue() }, { requiredKeys: [] }), fc.jsonValue()), { maxLength: 6 }), fc.jsonValue()),
      message: fc.jsonValue(),
      success: fc.oneof(fc.constant(false), fc.jsonValue()),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      timestamp: fc.oneof(fc.constantFrom('1700000000000', 'XXXXXXXXXXXXX'), fc.integer(), fc.jsonValue()),
      status: fc.oneof(fc.constantFrom('404', 401), fc.jsonValue()),
      error: fc.oneof(fc.string(), fc.jsonValue()),
      message: fc.jsonValue(),
      path: fc.jsonValue(),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue(),
).map((value) => JSON.stringify(value));

/** A valid body, or one cut short, or with the Format 2 comma removed. */
const body = fc.oneof(
  shapedBody,
  fc.tuple(shapedBody, fc.nat()).map(([text, cut]) => text.slice(0, cut % (text.length + 1))),
  shapedBody.map((text) => text.replace(/","path"/, '""path"')),
  anyText,
);

const status = fc.oneof(fc.constant(undefined), fc.integer({ min: 100, max: 599 }), fc.integer(), fc.double());

function assertWellFormed(decoded: DecodedError): void {
  assert.equal(typeof decoded.headline, 'string');
  assert.ok(decoded.headline.length > 0 && decoded.headline.length < 1_000);
  assert.ok(Array.isArray(decoded.entries) && Array.isArray(decoded.messages) && Array.isArray(decoded.actions));
  for (const entry of decoded.entries) {
    assert.equal(typeof entry.entry.title, 'string');
    assert.equal(typeof entry.code, 'string');
  }
  for (const message of decoded.messages) assert.equal(typeof message, 'string');
  assert.equal(typeof decoded.retryable, 'boolean');
  assert.ok(decoded.raw.text.length <= RAW_BODY_LIMIT);
  if (decoded.status) assert.ok(decoded.status.code >= 100 && decoded.status.code <= 599);
  if (decoded.timestamp?.epochMs !== undefined) assert.ok(Number.isFinite(decoded.timestamp.epochMs));
  const signIn = decoded.actions.filter((action) => action.kind === 'signInAgain').length;
  assert.ok(signIn <= 1);
}

describe('properties: decoding never throws and always yields a usable view model', () => {
  test('decodeFailureBody over shaped, broken and random bodies', () => {
    fc.assert(
      fc.property(body, status, fc.option(fc.string(), { nil: undefined }), fc.option(anyText, { nil: undefined }), (text, code, contentType, sent) => {
        const input: Parameters<typeof decodeFailureBody>[0] = { body: text };
        if (code !== undefined) input.status = code;
        if (contentType !== undefined) input.contentType = contentType;
        if (sent !== undefined) input.sentDocument = sent;
        const decoded = decodeFailureBody(input);
        assertWellFormed(decoded);
        if (decoded.fieldLocation && sent !== undefined) {
          assert.ok(decoded.fieldLocation.offset + decoded.fieldLocation.length <= sent.length);
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('decodeText over pasted text with or without a status line and headers', () => {
    const pasted = fc
      .tuple(
        fc.constantFrom('', 'HTTP/1.1 400 Bad Request\n', 'HTTP/2 403\r\n', '< HTTP/1.1 100 Continue\n\n< HTTP/1.1 503\n', 'HTTP/1.1 999\n'),
        fc.array(fc.constantFrom('Content-Type: text/html\n', 'X-Request-Id: r1\n', 'Retry-After: 5\n', 'Bad header\n', '\n'), { maxLength: 4 }),
        body,
      )
      .map(([statusLine, headers, text]) => statusLine + headers.join('') + text);
    fc.assert(
      fc.property(fc.oneof(pasted, anyText), (text) => assertWellFormed(decodeText(text))),
      { numRuns: RUNS },
    );
  });

  test('supportDetails never carries a secret it was told about', () => {
    const secret = fc.string({ minLength: 12, maxLength: 40 }).filter((value) => /^[A-Za-z0-9._~-]+$/.test(value));
    fc.assert(
      fc.property(secret, anyText, (token, noise) => {
        const text = JSON.stringify({ code: 'AUTH_FAILED', message: `${noise} ${token} ${noise}`, timestamp: noise, request_id: token });
        const details = supportDetails(decodeFailureBody({ status: 403, body: text }), { secrets: [token] });
        assert.ok(!details.includes(token));
      }),
      { numRuns: RUNS },
    );
  });

  test('lookupCode always answers with an entry', () => {
    fc.assert(
      fc.property(anyText, fc.boolean(), (token, subcode) => {
        const lookup = lookupCode(token, { subcode });
        assert.equal(typeof lookup.entry.title, 'string');
        assert.equal(lookup.known, lookup.entry.kind !== 'unknown');
      }),
      { numRuns: RUNS },
    );
  });
});

describe('properties: log recognition', () => {
  test('matches are ordered, disjoint and point at their own text', () => {
    fc.assert(
      fc.property(anyText, (line) => {
        const matches = findCodesInLine(line);
        let previousEnd = 0;
        for (const match of matches) {
          assert.ok(match.start >= previousEnd && match.end > match.start);
          assert.equal(line.slice(match.start, match.end), match.text);
          previousEnd = match.end;
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('codeAt agrees with findCodesInLine at every position of a short line', () => {
    fc.assert(
      fc.property(fragmentText, (line) => {
        const matches = findCodesInLine(line);
        for (let character = 0; character < line.length; character += 1) {
          const expected = matches.find((match) => match.start <= character && character < match.end);
          const actual = codeAt(line, character);
          assert.equal(actual?.text, expected?.text);
          assert.equal(actual?.start, expected?.start);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
