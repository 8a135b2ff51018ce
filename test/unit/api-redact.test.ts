import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { KnownSecrets, LOG_LINE_LIMIT, REDACTED, redact, redactingLogger } from '../../src/core/text/redact';
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
    assert.equal(line, `raw ${REDACTED} url ${REDACTED} json "${REDACTED}"`);
  });

  it('removes credentials under every name a body, a header or a query string gives them', () => {
    assert.equal(redact('{"password":"hunter2","user":"maria"}'), `{"password":"${REDACTED}","user":"maria"}`);
    assert.equal(redact('{ "Password" : "a\\"b" }'), `{ "Password" : "${REDACTED}" }`);
    assert.equal(redact('{"xa_token":"s1","access_token":"s2","refresh_token":"s3","api_key":"s4","X-Api-Key":"s5"}'),
      `{"xa_token":"${REDACTED}","access_token":"${REDACTED}","refresh_token":"${REDACTED}","api_key":"${REDACTED}","X-Api-Key":"${REDACTED}"}`);
    assert.equal(redact('X-Api-Key: k-123 next'), `X-Api-Key: ${REDACTED} next`);
    assert.equal(redact('x-api-key=k-123&a=1'), `x-api-key=${REDACTED}&a=1`);
    assert.equal(redact('xa_token: s-1, ok'), `xa_token: ${REDACTED}, ok`);
    assert.equal(redact('GET /cb?access_token=s-1&state=2'), `GET /cb?access_token=${REDACTED}&state=2`);
    assert.equal(redact('GET /x?auth=Bearer%20eyJ.abc&y=1'), `GET /x?auth=Bearer%20${REDACTED}&y=1`);
    assert.equal(redact('authorization=Bearer+eyJ.abc'), `authorization=Bearer+${REDACTED}`);
  });

  it('redacting again changes nothing', () => {
    const once = redact('{"password":"p","xa-token":"t"} Bearer b X-Api-Key: k GET /x?token=t&password=p', ['secret-value']);
    assert.equal(redact(once, ['secret-value']), once);
  });

  it('leaves no credential that follows a credential name, whatever surrounds it', () => {
    const credential = fc.stringMatching(/^[A-Za-z0-9._~-]{8,40}$/);
    const surrounding = fc.string({ maxLength: 20 }).map((text) => text.replace(/[A-Za-z0-9._~%+-]+$/, ''));
    const spelled = fc.constantFrom(
      (secret: string) => `{"password":"${secret}"}`,
      (secret: string) => `{"xa_token": "${secret}"}`,
      (secret: string) => `{"access_token":"${secret}"}`,
      (secret: string) => `X-Api-Key: ${secret}`,
      (secret: string) => `?access_token=${secret}`,
      (secret: string) => `&password=${secret}`,
      (secret: string) => `Bearer%20${secret}`,
      (secret: string) => `Authorization: Bearer ${secret}`,
    );
    fc.assert(
      fc.property(credential, surrounding, spelled, surrounding, (secret, before, spell, after) => {
        assert.ok(!redact(`${before} ${spell(secret)} ${after}`).includes(secret));
      }),
      { numRuns: 2_000 },
    );
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
  it('makes every line one plain, capped line, so a server text can neither forge lines nor carry links', () => {
    const target = new CollectingLogger();
    const logger = redactingLogger(target, new KnownSecrets());
    logger.warn('DB_TIMEOUT\n2026-11-27 10:00:00.000 [info] Signed in\u202E [Open](command:x)');
    logger.info(`GET /status ${'x'.repeat(LOG_LINE_LIMIT * 2)}`);
    assert.equal(target.lines[0], 'warn DB_TIMEOUT 2026-11-27 10:00:00.000 (info) Signed in (Open)(command:x)');
    assert.ok(target.lines[1].length <= 'info '.length + LOG_LINE_LIMIT);
  });

  it('redacts before it caps, so no secret is cut in half and left', () => {
    const target = new CollectingLogger();
    const secrets = new KnownSecrets();
    const secret = 'abcdefghij-secret-klmnop';
    secrets.remember(secret);
    const logger = redactingLogger(target, secrets);
    logger.info(`${'x'.repeat(LOG_LINE_LIMIT - 10)}${secret}`);
    assert.ok(!target.lines[0].includes('abcdef'), target.lines[0].slice(-40));
  });

  it('wrapping a redacting logger again with the same secrets gives it back', () => {
    const secrets = new KnownSecrets();
    const logger = redactingLogger(new CollectingLogger(), secrets);
    assert.equal(redactingLogger(logger, secrets), logger);
    assert.notEqual(redactingLogger(logger, new KnownSecrets()), logger);
  });

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
