// Copy as cURL: the command names no secret, and whatever the body holds, a POSIX shell hands curl
// exactly the request Send would make. The shell is real (sh -c); curl is replaced by a function that
// prints the arguments it was given.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { curlText, NONCE_EXPRESSION, shellQuote, TOKEN_VARIABLE } from '../../src/core/sending/curlText';
import { HOSTILE_PAYLOADS } from '../fixtures/hostile-bodies';

const BASE = 'https://gestix.example/api/03101176/v4.0.0';

/** Shell text that must stay text: quotes of every kind, substitutions, globs, newlines, escapes. */
const HOSTILE_TEXTS = [
  `it's`,
  `'`,
  `''\\''`,
  `"$(touch /tmp/gestix-pwned)"`,
  '`touch /tmp/gestix-pwned`',
  '$HOME ${HOME} $((1+1)) $GESTIX_TOKEN',
  'line one\nline two\r\n\ttabbed\n',
  '* ? [a-z] ~ ~root',
  'a\\b\\\\c \\n \\',
  '; rm -rf / # | & && || > < >> 2>&1',
  '@/etc/passwd',
  '--config /etc/passwd',
  '-',
  'Atlântica → ünïcödé 😀 \u202e \u200b',
  '',
  // Without NUL (refused, below) and lone surrogates (UTF-8 has no form for them, so no file holds them).
  ...HOSTILE_PAYLOADS.map(([, payload]) => payload).filter((payload) => !payload.includes('\0') && Buffer.from(payload, 'utf8').toString('utf8') === payload),
];

/** The arguments curl would get when `sh` runs `text`, with `environment` set. */
function argumentsOf(text: string, environment: Record<string, string> = {}): string[] {
  const script = `curl() { for argument in "$@"; do printf '%s\\0' "$argument"; done; }\n${text}`;
  const output = execFileSync('sh', ['-c', script], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...environment }, encoding: 'utf8' });
  return output.split('\0').slice(0, -1);
}

function textOf(jsonText: string, apiBase = BASE): string {
  const curl = curlText({ apiBase, kind: 'invoices', jsonText });
  assert.ok(curl.ok, `a command for ${JSON.stringify(jsonText)}`);
  return curl.text;
}

describe('shellQuote', () => {
  it('gives the shell back exactly the text, whatever it holds', () => {
    for (const text of HOSTILE_TEXTS) {
      const output = execFileSync('sh', ['-c', `printf '%s' ${shellQuote(text)}`], { encoding: 'utf8' });
      assert.equal(output, text, JSON.stringify(text));
    }
  });
});

describe('Copy as cURL', () => {
  it('is the request Send makes: POST to the kind with a nonce, the headers, the body as the file holds it', () => {
    const body = '{\n  "document_set": "FT",\n  "total_amount": 504.30\n}\n';
    const args = argumentsOf(textOf(body), { [TOKEN_VARIABLE]: 'the-session' });
    const [url] = args.slice(2, 3);
    assert.deepEqual(args.slice(0, 2), ['--request', 'POST']);
    assert.match(url ?? '', /^https:\/\/gestix\.example\/api\/03101176\/v4\.0\.0\/invoices\?nonce=\d{10,}999$/);
    assert.deepEqual(args.slice(3), [
      '--header',
      'accept: application/json',
      '--header',
      'authorization: Bearer the-session',
      '--header',
      'content-type: application/json; charset=utf-8',
      '--data-raw',
      body,
    ]);
  });

  it('the nonce follows the millisecond clock and is above every nonce of the second it runs in', () => {
    const before = Date.now();
    const [, , url] = argumentsOf(textOf('{}'));
    const nonce = Number(/nonce=(\d+)$/.exec(url ?? '')?.[1]);
    assert.ok(nonce >= before - (before % 1000) + 999, `${nonce} is at or above the end of the second of ${before}`);
    assert.ok(nonce < Date.now() + 1000, `${nonce} is not ahead of the clock by a second or more`);
    assert.ok(textOf('{}').includes(`"${NONCE_EXPRESSION}"`));
  });

  it('hands curl any body unchanged: quotes, $(…), backticks and newlines stay text', () => {
    for (const hostile of HOSTILE_TEXTS) {
      const body = `{"description": ${JSON.stringify(hostile)}, "raw": "${hostile}"}`;
      const args = argumentsOf(textOf(body));
      assert.equal(args.at(-1), body, JSON.stringify(hostile));
      assert.equal(args.at(-2), '--data-raw');
      assert.equal(args.length, 11, `${JSON.stringify(hostile)} added or removed no argument`);
    }
  });

  it('names no secret: the token is the shell variable, and the URL loses its user name and password', () => {
    const text = textOf('{"seq_number": "FT2026/0001"}', 'https://alice:hunter2@gestix.example/api/acme/v4.0.0?token=leak#frag');
    assert.ok(text.includes(`$${TOKEN_VARIABLE}`));
    for (const secret of ['alice', 'hunter2', 'leak', 'frag']) assert.ok(!text.includes(secret), `${secret} is not in the command`);
    const [, , url] = argumentsOf(text);
    assert.match(url ?? '', /^https:\/\/gestix\.example\/api\/acme\/v4\.0\.0\/invoices\?nonce=\d+$/);
  });

  it('with the variable unset the command sends an empty token, never a stored one', () => {
    const args = argumentsOf(textOf('{}'));
    assert.ok(args.includes('authorization: Bearer '));
  });

  it('refuses a body with a NUL character, which no shell argument can hold', () => {
    assert.deepEqual(curlText({ apiBase: BASE, kind: 'invoices', jsonText: '{"a": "\0"}' }), { ok: false, reason: 'nulCharacter' });
    assert.deepEqual(curlText({ apiBase: 'not a url', kind: 'invoices', jsonText: '{}' }), { ok: false, reason: 'invalidBase' });
  });

  it('each kind is its own endpoint', () => {
    const curl = curlText({ apiBase: BASE, kind: 'purchase_orders', jsonText: '{}' });
    assert.ok(curl.ok);
    assert.match(argumentsOf(curl.text)[2] ?? '', /\/v4\.0\.0\/purchase_orders\?nonce=/);
  });
});
