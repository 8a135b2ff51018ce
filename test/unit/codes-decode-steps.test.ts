// The steps of the decoding pipeline on their own: pasted responses, HTML pages, the displayed body,
// and where a status comes from.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RAW_BODY_LIMIT } from '../../src/core/decoding/decodedView';
import { htmlMessages, looksLikeHtml } from '../../src/core/decoding/htmlText';
import { readPastedResponse } from '../../src/core/decoding/pastedResponse';
import { prettyBody } from '../../src/core/decoding/prettyBody';
import { usableRetryAfter } from '../../src/core/decoding/retryHint';
import { bodyFacts } from '../../src/core/decoding/shapeFacts';
import { recogniseShape } from '../../src/core/decoding/shape';
import { inferStatus } from '../../src/core/decoding/statusInference';

const apiError = JSON.stringify({ code: 'DUPLICATE_ENTRY', message: 'exists', timestamp: '2025-01-01T00:00:00Z' });

describe('readPastedResponse', () => {
  it('reads the status line and headers of `curl -i` output, and the body after them', () => {
    const pasted = readPastedResponse(`HTTP/1.1 409 Conflict\r\nContent-Type: application/json\r\nX-Request-Id: r-1\r\nRetry-After: 7\r\n\r\n${apiError}`);
    assert.equal(pasted.status, 409);
    assert.equal(pasted.contentType, 'application/json');
    assert.equal(pasted.requestId, 'r-1');
    assert.equal(pasted.retryAfterSeconds, 7);
    assert.equal(pasted.body, apiError);
    assert.equal(pasted.shape.kind, 'apiError');
  });

  it('takes the last status line after `100 Continue`, and `curl -v` prefixes', () => {
    const pasted = readPastedResponse(`\n< HTTP/1.1 100 Continue\n<\n< HTTP/2 503\n< retry-after: soon\n<\n${apiError}`);
    assert.equal(pasted.status, 503);
    assert.equal(pasted.retryAfterSeconds, undefined, 'a date or a word is not a number of seconds');
    assert.equal(pasted.body, apiError);
  });

  it('takes the JSON object out of a log line', () => {
    const pasted = readPastedResponse(`2025-01-01 ERROR answer: ${apiError} (after 3 ms)`);
    assert.equal(pasted.body, apiError);
    assert.equal(pasted.shape.kind, 'apiError');
    assert.equal(readPastedResponse('{ not json }').shape.kind, 'notJson');
  });

  it('reads no more than 201 header lines, and no status line longer than 4000 characters', () => {
    const headers = Array.from({ length: 250 }, (_, index) => `X-${index}: v`).join('\n');
    const pasted = readPastedResponse(`HTTP/1.1 400 Bad\n${headers}\n\nplain text`);
    assert.equal(pasted.status, 400);
    assert.ok(pasted.body.startsWith('X-201: v'), pasted.body.slice(0, 20));
    const long = `HTTP/1.1 400 ${'x'.repeat(4000)}\n\n{}`;
    assert.equal(readPastedResponse(long).status, undefined);
  });
});

describe('htmlText', () => {
  it('answers the title and the first heading, once each, as plain text', () => {
    assert.deepEqual(htmlMessages('<html><title>502 Bad Gateway</title><h1 class="x">502 <b>Bad</b> Gateway</h1></html>'), ['502 Bad Gateway']);
    assert.deepEqual(htmlMessages('<title>Oops &amp; sorry</title><h1>Service &lt;down&gt;</h1>'), ['Oops & sorry', 'Service <down>']);
  });

  it('recognises a page by its content type or its first tag', () => {
    assert.equal(looksLikeHtml('{}', 'text/html; charset=utf-8'), true);
    assert.equal(looksLikeHtml('  <!DOCTYPE html><p>', undefined), true);
    assert.equal(looksLikeHtml('<p>fragment</p>', 'text/plain'), false);
  });
});

describe('prettyBody', () => {
  it('indents JSON, and leaves other text as it came', () => {
    assert.deepEqual(prettyBody('{"a":1}', 'otherJson', 'application/json', false), { text: '{\n  "a": 1\n}', pretty: true, truncated: false, length: 7, isHtml: false, contentType: 'application/json' });
    const page = prettyBody('<html></html>', 'notJson', undefined, false);
    assert.equal(page.pretty, false);
    assert.equal(page.isHtml, true);
    assert.equal(Object.hasOwn(page, 'contentType'), false);
  });

  it('cuts at the limit, and says so when the client had already cut the body', () => {
    const long = prettyBody('x'.repeat(RAW_BODY_LIMIT + 10), 'notJson', 'text/plain', false);
    assert.equal(long.text.length, RAW_BODY_LIMIT);
    assert.equal(long.truncated, true);
    assert.equal(prettyBody('{}', 'otherJson', undefined, true).truncated, true);
  });
});

describe('inferStatus', () => {
  it('prefers the given status, then the body, then the code', () => {
    const facts = bodyFacts(recogniseShape(apiError), apiError, undefined);
    assert.deepEqual(
      [inferStatus(400, 'statusLine', facts)?.source, inferStatus(undefined, 'response', facts)?.source, inferStatus(undefined, 'response', facts)?.code],
      ['statusLine', 'inferred', 409],
    );
    const format2 = '{"timestamp":"t","status":"404","error":"Not Found","message":"m","path":"/x"}';
    assert.deepEqual(inferStatus(undefined, 'response', bodyFacts(recogniseShape(format2), format2, undefined))?.source, 'body');
    assert.equal(inferStatus(99, 'response', bodyFacts(recogniseShape(''), '', undefined)), undefined, 'not an HTTP status');
  });
});

describe('usableRetryAfter', () => {
  it('keeps finite, non-negative numbers only', () => {
    assert.deepEqual([0, 12.5, -1, Infinity, NaN, '3'].map(usableRetryAfter), [0, 12.5, undefined, undefined, undefined, undefined]);
  });
});
