import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { codeAt, findCodesInLine, isGestixLine, type CodeMatch } from '../../src/core/codes/logCodes';
import { buildInjectionGrammar, INJECTION_GRAMMARS } from '../../src/core/codes/grammar';

/** `kind:text` for every match, in order. */
function found(line: string): string[] {
  return findCodesInLine(line).map((match) => `${match.kind}:${match.text}`);
}

function assertOffsets(line: string, matches: CodeMatch[]): void {
  for (const match of matches) assert.equal(line.slice(match.start, match.end), match.text);
}

const CORPUS: Array<[string, string, string[]]> = [
  [
    'extension output',
    '2026-11-22 10:00:00.123 [error] POST /invoices -> 400 INVALID_ARGUMENT req-abc123',
    ['httpStatus:400', 'gestixCode:INVALID_ARGUMENT', 'requestId:req-abc123'],
  ],
  [
    'extension output, session expiry',
    '2026-11-22 10:05:00.001 [warning] GET /status -> 403 AUTH_FAILED req-7f3a',
    ['httpStatus:403', 'gestixCode:AUTH_FAILED', 'requestId:req-7f3a'],
  ],
  [
    'extension output, tax engine',
    '2026-11-22 10:06:00.000 [error] POST /purchases -> 408 SMAP-0202',
    ['httpStatus:408', 'subcode:SMAP-0202'],
  ],
  [
    'nginx access',
    '10.0.0.7 - - [22/Nov/2026:10:00:00 +0000] "POST /api/03101176/v4.0.0/invoices?nonce=1732269600000 HTTP/1.1" 409 151 "-" "python-requests/2.32"',
    ['httpStatus:409'],
  ],
  [
    'nginx access, gateway error',
    '10.0.0.7 - - [22/Nov/2026:10:00:01 +0000] "GET /api/03101176/v4.0.0/status HTTP/2.0" 502 559 "-" "node"',
    ['httpStatus:502'],
  ],
  [
    'JSON line, Gestix error',
    '{"ts":"2026-11-22T10:00:00Z","level":"error","status":400,"body":{"code":"DUPLICATE_ENTRY","message":"exists","request_id":"req-x9"}}',
    ['httpStatus:400', 'gestixCode:DUPLICATE_ENTRY', 'requestId:req-x9'],
  ],
  [
    'JSON line, Sovos Format 1',
    '{"status":"400","errors":[{"subcode":"SMAR-1010","message":"no lines"},{"subcode":"0014","message":"too long"}],"success":false}',
    ['httpStatus:400', 'subcode:SMAR-1010', 'subcode:0014'],
  ],
  [
    'JSON line, Sovos Format 2',
    '{"timestamp":"1700000000000","status":"408","error":"Request Timeout","message":"slow","path":"/api/x"}',
    ['httpStatus:408'],
  ],
  [
    'Python traceback',
    'requests.exceptions.HTTPError: 403 Client Error: Forbidden for url: https://gestix.pt/api/03101176/v4.0.0/status',
    ['httpStatus:403'],
  ],
  ['Python log', "ERROR:root:Error DB_TIMEOUT: Database timeout (request_id='req-55aa')", ['gestixCode:DB_TIMEOUT', 'requestId:req-55aa']],
  ['Python status check', 'assert response.status_code == 201, response.text', ['httpStatus:201']],
  ['Node error', 'AxiosError: Request failed with status code 409', ['httpStatus:409']],
  ['Node stack frame', '    at GestixClient.createDocument (/app/node_modules/gestix/index.js:4030:15)', []],
  ['Node console', "API Error [SMAR-99692]: Invalid currency code 'XYZ'", ['subcode:SMAR-99692']],
  ['lower-case subcode', 'tax failed with smar-0011 on line 3', ['subcode:smar-0011']],
  ['curl', '< HTTP/1.1 403 Forbidden', ['httpStatus:403']],
  ['header style', 'Status: 400 Bad Request', ['httpStatus:400']],
  ['key=value', 'level=warn msg="create failed" status=409 request_id=req-12ab', ['httpStatus:409', 'requestId:req-12ab']],
  ['single-quoted', "code='AUTH_FAILED' subcode='SMAP-0001'", ['gestixCode:AUTH_FAILED', 'subcode:SMAP-0001']],
];

const NEAR_MISSES: Array<[string, string]> = [
  ['SMART prefix', 'SMART-0011 was renamed'],
  ['letter before', 'XSMAR-0011'],
  ['three digits', 'SMAR-001'],
  ['six digits', 'SMAR-123456'],
  ['port', 'connect ECONNREFUSED 127.0.0.1:4030'],
  ['timestamp', 'at 12:00:403 nothing happened'],
  ['longer code', 'DB_TIMEOUT_X is a different flag'],
  ['prefixed code', 'MY_AUTH_FAILED counter=3'],
  ['plain numbers', 'processed 403 items in 200 ms, 409 left'],
  ['version', 'gestix v4.0.0 build 409'],
  ['path segment', 'GET /api/400/orders'],
  ['mismatched reason', 'got 200 Forbidden somehow'],
  ['request id inside a word', 'prereq-abc and xreq-abc'],
  ['null request id', '"request_id": null'],
  ['five-digit status', 'status=4001'],
  ['bare subcode outside JSON', 'code 0011 returned'],
];

describe('findCodesInLine: realistic log lines', () => {
  for (const [name, line, expected] of CORPUS) {
    test(name, () => {
      const matches = findCodesInLine(line);
      assert.deepEqual(found(line), expected);
      assertOffsets(line, matches);
    });
  }

  test('catalogue entries and product lines are attached', () => {
    const [status, code, id] = findCodesInLine(CORPUS[0][1]);
    assert.equal(status?.kind === 'httpStatus' && status.entry.id, 'gestix/http/400');
    assert.equal(code?.kind === 'gestixCode' && code.entry.title, 'Invalid or missing value');
    assert.ok(id?.kind === 'requestId');
    assert.equal(id.requestId, 'req-abc123');
    assert.equal(id.lineTimestamp?.text, '2026-11-22 10:00:00.123');
    const [, subcode] = findCodesInLine(CORPUS[2][1]);
    assert.ok(subcode?.kind === 'subcode');
    assert.equal(subcode.productLine?.name, 'payables');
    assert.equal(subcode.entry.id, 'sovos/subcode/0202');
  });

  test('statuses in a Sovos line use the Sovos meaning', () => {
    const [status] = findCodesInLine(CORPUS[6][1]);
    assert.equal(status?.kind === 'httpStatus' && status.entry.id, 'sovos/http/400');
  });

  test('a request id on an nginx or JSON line takes that line’s time', () => {
    const [id] = findCodesInLine('10.0.0.7 - - [22/Nov/2026:10:00:00 +0000] "GET /x HTTP/1.1" 200 1 "-" "-" req-9').filter(
      (match) => match.kind === 'requestId',
    );
    assert.ok(id?.kind === 'requestId');
    assert.equal(id.lineTimestamp?.utc, '2026-11-22T10:00:00.000Z');
    const [jsonId] = findCodesInLine('{"request_id":"req-1","timestamp":"2024-11-15T10:30:00Z"}');
    assert.ok(jsonId?.kind === 'requestId');
    assert.equal(jsonId.lineTimestamp?.utc, '2024-11-15T10:30:00.000Z');
  });

  test('unknown subcodes are found and decoded as unknown', () => {
    const [match] = findCodesInLine('failed: SMAR-4242');
    assert.ok(match?.kind === 'subcode');
    assert.equal(match.entry.kind, 'unknown');
    assert.match(match.entry.title, /SMAR-4242/);
  });
});

describe('findCodesInLine: near-misses do not match', () => {
  for (const [name, line] of NEAR_MISSES) {
    test(name, () => assert.deepEqual(found(line), []));
  }
});

describe('codeAt', () => {
  const line = CORPUS[0][1];

  test('finds the code under the cursor, and nothing between codes', () => {
    const at = (text: string, delta = 0) => codeAt(line, line.indexOf(text) + delta);
    assert.equal(at('INVALID_ARGUMENT')?.text, 'INVALID_ARGUMENT');
    assert.equal(at('INVALID_ARGUMENT', 15)?.text, 'INVALID_ARGUMENT');
    assert.equal(at('INVALID_ARGUMENT', 16), undefined);
    assert.equal(at('400', 1)?.kind, 'httpStatus');
    assert.equal(at('req-abc123', 3)?.kind, 'requestId');
    assert.equal(at('POST'), undefined);
  });

  test('out-of-range positions answer undefined', () => {
    for (const character of [-1, line.length, 1.5, Number.NaN]) assert.equal(codeAt(line, character), undefined);
    assert.equal(codeAt('', 0), undefined);
  });

  test('on a 100 000-character line only the window around the cursor matters', () => {
    const long = `${'x '.repeat(50_000)}SMAR-0011 ${'y '.repeat(50_000)}`;
    const position = long.indexOf('SMAR-0011') + 4;
    assert.equal(codeAt(long, position)?.text, 'SMAR-0011');
    assert.equal(codeAt(long, 10), undefined);
    const timestamped = `2026-11-22T10:00:00Z ${'z'.repeat(99_000)} req-far`;
    const far = codeAt(timestamped, timestamped.length - 2);
    assert.ok(far?.kind === 'requestId');
    assert.equal(far.lineTimestamp?.utc, '2026-11-22T10:00:00.000Z');
  });

  test('window edges do not turn near-misses into matches', () => {
    for (const pad of [2_190, 2_195, 2_200, 2_201, 2_202, 2_205]) {
      const text = `${'a'.repeat(pad)}XSMAR-0011`;
      for (let character = pad; character < text.length; character += 1) {
        assert.equal(codeAt(text, text.length - 1 - (character - pad)), undefined, `pad ${pad}`);
      }
      const suffix = `SMAR-0011${'9'.repeat(300)}`;
      assert.equal(codeAt(suffix, 2), undefined);
    }
  });

  test('long pathological lines are scanned completely', () => {
    const lines = [
      'SMAR-'.repeat(20_000),
      'status='.repeat(15_000),
      `POST ${'/'.repeat(100_000)}`,
      `"GET ${'a'.repeat(100_000)}`,
      'req- '.repeat(20_000),
      '"subcode":"'.repeat(9_000),
      `${'1'.repeat(100_000)}`,
    ];
    for (const text of lines) {
      assert.deepEqual(findCodesInLine(text), []);
      assert.equal(codeAt(text, 50_000), undefined);
    }
    const many = 'SMAR-0011 '.repeat(10_000);
    assert.equal(findCodesInLine(many).length, 10_000);
  });
});

type Scoped = Array<[string, string]>;

/** Tokens the grammar injected into `scope` would colour (leftmost match wins, as in a TextMate scanner). */
function scoperFor(scope: string): (line: string) => Scoped {
  const [injected] = INJECTION_GRAMMARS.filter((candidate) => candidate.injectTo.includes(scope));
  assert.ok(injected, `a grammar is injected into ${scope}`);
  const grammar = buildInjectionGrammar(injected) as { repository: Record<string, { match: string; captures: Record<string, { name: string }> }> };
  const rules = Object.values(grammar.repository).map((rule) => ({ regex: new RegExp(rule.match, 'gd'), captures: rule.captures }));
  return (line) => {
    const result: Scoped = [];
    let position = 0;
    while (position < line.length) {
      let best: { match: RegExpExecArray; captures: Record<string, { name: string }> } | undefined;
      for (const rule of rules) {
        rule.regex.lastIndex = position;
        const match = rule.regex.exec(line);
        if (match && (!best || match.index < best.match.index)) best = { match, captures: rule.captures };
      }
      if (!best) break;
      for (const [group, capture] of Object.entries(best.captures)) {
        const text = best.match[Number(group)];
        if (text !== undefined && !capture.name.startsWith('support.') && !capture.name.startsWith('string.quoted')) {
          result.push([text, capture.name]);
        }
      }
      position = best.match.index + Math.max(1, best.match[0].length);
    }
    return result;
  };
}

describe('the log grammar agrees with the recogniser', () => {
  const scoped = scoperFor('text.log');

  test('every corpus code is coloured and no near-miss is', () => {
    for (const [name, line, expected] of CORPUS) {
      assert.deepEqual(scoped(line).map(([text]) => text), expected.map((item) => item.slice(item.indexOf(':') + 1)), name);
    }
    for (const [name, line] of NEAR_MISSES.filter(([name]) => name !== 'mismatched reason')) {
      assert.deepEqual(scoped(line), [], name);
    }
  });

  test('errors get error scopes and successes do not', () => {
    assert.deepEqual(scoped('HTTP/1.1 409 and HTTP/1.1 201'), [
      ['409', 'string.regexp.http-status.error.gestix'],
      ['201', 'constant.numeric.http-status.gestix'],
    ]);
    assert.deepEqual(scoped('"SMAR-0011" INVALID_ARGUMENT req-1'), [
      ['SMAR-0011', 'string.regexp.subcode.sovos'],
      ['INVALID_ARGUMENT', 'string.regexp.error-code.gestix'],
      ['req-1', 'constant.language.request-id.gestix'],
    ]);
  });
});

describe('the JSON grammar colours only Gestix and Sovos codes', () => {
  const scoped = scoperFor('source.json');

  test('a saved error response: its codes, not its status or request id', () => {
    assert.deepEqual(scoped('{"status": 400, "code": "DUPLICATE_ENTRY", "request_id": "req-x9", "errors": [{"subcode": "SMAR-1010"}]}'), [
      ['DUPLICATE_ENTRY', 'string.regexp.error-code.gestix'],
      ['SMAR-1010', 'string.regexp.subcode.sovos'],
    ]);
  });

  test('package.json, tsconfig.json and API responses of other services keep their own colours', () => {
    for (const line of ['"status": "404"', '"requestId": "req-abc123"', '"statusCode": 500', '"subcode": "0014"', '"version": "4.0.0"', '"HTTP 404"']) {
      assert.deepEqual(scoped(line), [], line);
    }
  });
});

describe('generic codes on lines that are not Gestix\'s', () => {
  const GESTIX_LINES = [
    ...CORPUS.filter(([name]) => name.startsWith('extension output')).map(([, line]) => line),
    '2026-01-15T09:27:42.300Z ERROR [gateway] HTTP 404 Not Found path=/api/pre-auth/simple-connect-ar/v2/transactions',
    '10.0.0.7 - - [22/Nov/2026:10:00:00 +0000] "POST /api/03101176/v4.0.0/invoices?nonce=1 HTTP/1.1" 409 151',
    'POST /invoices nonce=1768468324010 \u2192 400 in 12 ms request_id=req-7f3a24',
    'GET /helo -> 200 request_id=req-1',
    'requests.exceptions.HTTPError: 403 Client Error: Forbidden for url: https://gestix.pt/api/03101176/v4.0.0/status',
    '< XA-Token: (hidden)  HTTP/1.1 403',
    '{"status":"400","errors":[{"subcode":"0014","message":"too long"}],"success":false}',
    'Sovos evaluate failed: HTTP 408',
  ];
  const OTHER_LINES = [
    '2026-01-15T09:40:00.000Z WARN  [cdn] GET /assets/logo.png -> HTTP 404 Not Found request_id=req-5b1c',
    '10.0.0.7 - - [22/Nov/2026:10:00:00 +0000] "GET /index.html HTTP/1.1" 404 151',
    'AxiosError: Request failed with status code 409',
    'GET /api/users/17 -> 500 request_id=req-77',
    'POST /invoicesx -> 400',
    'GET /status -> 403',
    'the gestures api returned 404',
  ];

  test('a line is Gestix\'s when it holds a Gestix code, a Sovos subcode, a Gestix API path or the product names', () => {
    for (const line of GESTIX_LINES) assert.ok(isGestixLine(line), line);
    for (const line of OTHER_LINES) assert.ok(!isGestixLine(line), line);
  });

  test('there, statuses and request ids are explained only when asked for on any line', () => {
    const plain = OTHER_LINES[0];
    for (const token of ['404', 'req-5b1c']) {
      const at = plain.indexOf(token) + 1;
      assert.equal(codeAt(plain, at, { genericCodes: 'gestixLines' }), undefined, token);
      assert.equal(codeAt(plain, at, { genericCodes: 'anyLine' })?.text, token, token);
      assert.equal(codeAt(plain, at)?.text, token, 'any line is the default of the recogniser');
    }
  });

  test('on a Gestix line they are explained, and Gestix codes everywhere', () => {
    const line = GESTIX_LINES.find((candidate) => candidate.includes('[gateway]')) ?? '';
    assert.equal(codeAt(line, line.indexOf('404') + 1, { genericCodes: 'gestixLines' })?.kind, 'httpStatus');
    const withCode = '2026-01-15 [cdn] DB_TIMEOUT after HTTP 503 req-1';
    assert.equal(codeAt(withCode, withCode.indexOf('503'), { genericCodes: 'gestixLines' })?.kind, 'httpStatus', 'the Gestix code makes the line Gestix\'s');
    const bare = 'tax step failed: SMAR-0202';
    assert.equal(codeAt(bare, bare.indexOf('SMAR'), { genericCodes: 'gestixLines' })?.kind, 'subcode');
  });

  test('only the searched window of a long line is judged', () => {
    const far = `gestix ${'x '.repeat(5_000)}GET /x -> HTTP 404`;
    assert.equal(codeAt(far, far.indexOf('404'), { genericCodes: 'gestixLines' }), undefined, 'a mark 10 000 characters away does not count');
    const near = `${'x '.repeat(5_000)}[gestix-sync] GET /x -> HTTP 404`;
    assert.equal(codeAt(near, near.indexOf('404'), { genericCodes: 'gestixLines' })?.kind, 'httpStatus');
  });
});
