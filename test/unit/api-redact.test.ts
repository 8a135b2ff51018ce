import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KnownSecrets, REDACTED, redact, redactingLogger } from '../../src/api/redact';
import { CollectingLogger } from './api-support';

describe('redact', () => {
  it('removes bearer tokens from header lines', () => {
    const line = redact('authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig sent');
    assert.equal(line, `authorization: Bearer ${REDACTED} sent`);
  });

  it('removes xa-token values from JSON bodies and header-like text', () => {
    assert.equal(redact('{"xa-token":"c2Vzc2lvbg==","x":1}'), `{"xa-token":"${REDACTED}","x":1}`);
    assert.equal(redact('{ "xa-token" : "a\\"b" }'), `{ "xa-token" : "${REDACTED}" }`);
    assert.equal(redact('xa-token: abc123 next'), `xa-token: ${REDACTED} next`);
  });

  it('removes user name and password query values but keeps the rest of the URL', () => {
    const line = redact('POST https://gestix.pt/api/1/v4.0.0/auth?username=maria&password=s%3Dcret&nonce=5');
    assert.equal(line, `POST https://gestix.pt/api/1/v4.0.0/auth?username=${REDACTED}&password=${REDACTED}&nonce=5`);
  });

  it('removes known secrets wherever they appear, also URL- and JSON-encoded', () => {
    const secret = 'p@ss word/"x"';
    const line = redact(`raw ${secret} url ${encodeURIComponent(secret)} json ${JSON.stringify(secret)}`, [secret]);
    assert.ok(!line.includes(secret));
    assert.ok(!line.includes(encodeURIComponent(secret)));
    assert.ok(!line.includes('p@ss'));
    assert.match(line, /raw \[redacted\] url \[redacted\] json "\[redacted\]"/);
  });

  it('leaves ordinary text alone', () => {
    const line = 'POST /invoices nonce=1700000000001 → 201 in 12 ms request_id=req-0001';
    assert.equal(redact(line, ['unrelated-secret']), line);
  });

  it('ignores empty and very short secrets instead of mangling the text', () => {
    assert.equal(redact('hello there', ['', 'e', 'the']), 'hello there');
    assert.equal(redact('hello there', ['ello']), `h${REDACTED} there`);
  });
});

describe('KnownSecrets', () => {
  it('keeps the most recently used secrets within its limit', () => {
    const secrets = new KnownSecrets(2);
    secrets.remember('first', 'second');
    secrets.remember('first');
    secrets.remember('third', undefined);
    assert.deepEqual([...secrets], ['first', 'third']);
  });
});

describe('redactingLogger', () => {
  it('scrubs every level with the secrets known at logging time', () => {
    const target = new CollectingLogger();
    const secrets = new KnownSecrets();
    const logger = redactingLogger(target, secrets);
    secrets.remember('tok-123456');
    logger.trace('a tok-123456');
    logger.debug('b tok-123456');
    logger.info('c tok-123456');
    logger.warn('d Bearer zzz');
    logger.error('e password=hunter2');
    assert.deepEqual(target.lines, [
      `trace a ${REDACTED}`,
      `debug b ${REDACTED}`,
      `info c ${REDACTED}`,
      `warn d Bearer ${REDACTED}`,
      `error e password=${REDACTED}`,
    ]);
  });
});
