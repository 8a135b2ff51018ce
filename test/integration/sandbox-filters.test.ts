// List filters of the sandbox (searchColumn, searchString, searchOperator, filterDate), and the order
// in which it handles requests pipelined on one connection.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Client } from 'undici';
import { startSandbox, type RunningSandbox } from '../../src/sandbox';
import { searchableColumns } from '../../src/sandbox/listFilter';
import { assertApiError, SandboxCaller, validDocument } from './sandbox-support';

let sandbox: RunningSandbox;
let caller: SandboxCaller;
let token: string;

const INVOICES = [
  { document_set: 'FT', seq_number: 'FT2025/1', date: '2024-11-01', total_amount: 50, customer: { name: 'Alfa Lda', billing_address: { country: 'PT' } } },
  { document_set: 'FT', seq_number: 'FT2025/2', date: '2024-11-15', total_amount: 100, customer: { name: 'Beta Lda', billing_address: { country: 'PT' } } },
  { document_set: 'FR', seq_number: 'FR2025/1', date: '2024-11-30', total_amount: 150, customer: { name: 'gama lda', billing_address: { country: 'PT' } } },
  { document_set: 'FR', seq_number: 'FR2025/2', date: '2024-12-01', total_amount: 1000, customer: { name: 'Delta SA', billing_address: { country: 'PT' } } },
];

before(async () => {
  sandbox = await startSandbox();
  caller = new SandboxCaller(sandbox);
  token = await caller.helo();
  for (const overrides of INVOICES) {
    const answer = await caller.post('invoices', token, validDocument('invoices', overrides));
    assert.equal(answer.status, 201, answer.text);
  }
  // Another kind with the same numbers: filters never cross endpoints.
  assert.equal((await caller.post('orders', token, validDocument('orders', { seq_number: 'FT2025/1' }))).status, 201);
});
after(async () => {
  await caller.close();
  await sandbox.close();
});

async function numbers(query: Record<string, string | number>): Promise<string[]> {
  const answer = await caller.call('GET', '/invoices', { token, query });
  assert.equal(answer.status, 200, answer.text);
  return (answer.json() as Array<{ seq_number: string }>).map((document) => document.seq_number);
}

describe('sandbox: searchColumn / searchString / searchOperator', () => {
  it('equals by default, on the named column', async () => {
    assert.deepEqual(await numbers({ searchColumn: 'document_set', searchString: 'FR' }), ['FR2025/1', 'FR2025/2']);
    assert.deepEqual(await numbers({ searchColumn: 'seq_number', searchString: 'FT2025/2' }), ['FT2025/2']);
  });

  it('searches the document number when no column is named', async () => {
    assert.deepEqual(await numbers({ searchString: 'FR2025/1' }), ['FR2025/1']);
    assert.deepEqual(await numbers({ searchString: 'nothing like this' }), []);
  });

  it('compares text case-insensitively', async () => {
    assert.deepEqual(await numbers({ searchColumn: 'document_set', searchString: 'fr' }), ['FR2025/1', 'FR2025/2']);
  });

  it('compares numbers as numbers: 1000 is greater than 150', async () => {
    assert.deepEqual(await numbers({ searchColumn: 'total_amount', searchString: '100', searchOperator: 'gt' }), ['FR2025/1', 'FR2025/2']);
    assert.deepEqual(await numbers({ searchColumn: 'total_amount', searchString: '100', searchOperator: 'gte' }), ['FT2025/2', 'FR2025/1', 'FR2025/2']);
    assert.deepEqual(await numbers({ searchColumn: 'total_amount', searchString: '100', searchOperator: 'lt' }), ['FT2025/1']);
    assert.deepEqual(await numbers({ searchColumn: 'total_amount', searchString: '100', searchOperator: 'lte' }), ['FT2025/1', 'FT2025/2']);
    assert.deepEqual(await numbers({ searchColumn: 'total_amount', searchString: '100', searchOperator: 'ne' }), ['FT2025/1', 'FR2025/1', 'FR2025/2']);
  });

  it('compares text alphabetically with lt/gt', async () => {
    assert.deepEqual(await numbers({ searchColumn: 'seq_number', searchString: 'FS', searchOperator: 'gt' }), ['FT2025/1', 'FT2025/2']);
  });

  it('searches the read-only id column', async () => {
    const all = (await caller.call('GET', '/invoices', { token })).json() as Array<{ id: number; seq_number: string }>;
    const third = all[2];
    assert.deepEqual(await numbers({ searchColumn: 'id', searchString: third.id }), [third.seq_number]);
  });

  it('documents without a value in the column never match, not even with ne', async () => {
    assert.deepEqual(await numbers({ searchColumn: 'due_date', searchString: '2024-01-01', searchOperator: 'ne' }), []);
  });

  it('filters before skip and limit', async () => {
    assert.deepEqual(await numbers({ searchColumn: 'document_set', searchString: 'FT', skip: 1, limit: 1 }), ['FT2025/2']);
  });

  it('unknown columns, bad operators and incomplete searches are 400 INVALID_ARGUMENT', async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ searchColumn: 'password', searchString: 'x' }, /Unknown searchColumn 'password'/],
      [{ searchColumn: 'customer', searchString: 'x' }, /Unknown searchColumn/],
      [{ searchColumn: '__proto__', searchString: 'x' }, /Unknown searchColumn/],
      [{ searchColumn: 'date', searchString: 'x', searchOperator: 'like' }, /Invalid searchOperator 'like'/],
      [{ searchColumn: 'date', searchString: 'x', searchOperator: 'toString' }, /Invalid searchOperator/],
      [{ searchColumn: 'date', searchString: 'x', searchOperator: '=' }, /Invalid searchOperator/],
      [{ searchColumn: 'date' }, /'searchColumn' needs 'searchString'/],
      [{ searchOperator: 'gt' }, /'searchOperator' needs 'searchString'/],
    ];
    for (const [query, message] of cases) {
      assertApiError(await caller.call('GET', '/invoices', { token, query }), 400, 'INVALID_ARGUMENT', message);
    }
    const twice = await caller.call('GET', '/invoices?searchString=a&searchString=b', { token });
    assertApiError(twice, 400, 'INVALID_ARGUMENT', /must be given once/);
  });

  it('offers the documented scalar fields plus the read-only ones, never nested objects', () => {
    const columns = searchableColumns('invoices');
    for (const column of ['id', 'created', 'updated', 'document_set', 'seq_number', 'date', 'total_amount', 'currency']) assert.ok(columns.includes(column), column);
    for (const column of ['customer', 'items']) assert.ok(!columns.includes(column), column);
    assert.ok(searchableColumns('transfer_orders').includes('plate_number'));
  });
});

describe('sandbox: filterDate', () => {
  it('one day', async () => {
    assert.deepEqual(await numbers({ filterDate: '2024-11-15' }), ['FT2025/2']);
  });

  it('an inclusive range', async () => {
    assert.deepEqual(await numbers({ filterDate: '2024-11-01:2024-11-30' }), ['FT2025/1', 'FT2025/2', 'FR2025/1']);
  });

  it('combines with a search', async () => {
    assert.deepEqual(await numbers({ filterDate: '2024-11-01:2024-12-31', searchColumn: 'document_set', searchString: 'FR' }), ['FR2025/1', 'FR2025/2']);
  });

  it('malformed dates, impossible dates and reversed ranges are 400', async () => {
    for (const filterDate of ['2024-11', '2024-02-30', '2024-11-01:', '2024-11-30:2024-11-01', '2024-11-01:2024-11-02:2024-11-03', 'yesterday']) {
      assertApiError(await caller.call('GET', '/invoices', { token, query: { filterDate } }), 400, 'INVALID_ARGUMENT', /filterDate/);
    }
  });
});

describe('sandbox: requests pipelined on one connection', () => {
  const PIPELINED = 12;

  async function pipelined(count: number, session: string, firstNonce: number) {
    const client = new Client(sandbox.origin, { pipelining: count });
    try {
      const documents = Array.from({ length: count }, () => validDocument('invoices'));
      const answers = await Promise.allSettled(
        documents.map((document, index) =>
          client
            .request({
              method: 'POST',
              path: `${new URL(sandbox.apiBase).pathname}/invoices?nonce=${firstNonce + index}`,
              headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' },
              body: JSON.stringify(document),
              idempotent: true,
              blocking: false,
            })
            .then(async (response) => ({ status: response.statusCode, text: await response.body.text() })),
        ),
      );
      return { documents, answers };
    } finally {
      await client.destroy();
    }
  }

  it('handles them in the order they arrived, even when the first one is slow', async () => {
    const session = await caller.helo();
    sandbox.control.injectFault({ fault: 'delay', delayMs: 150, method: 'POST', path: '/invoices' });
    const { answers } = await pipelined(PIPELINED, session, Date.now());
    for (const answer of answers) {
      assert.equal(answer.status, 'fulfilled');
      if (answer.status === 'fulfilled') assert.equal(answer.value.status, 201, answer.value.text);
    }
  });

  it('does not handle the requests waiting behind one whose connection was dropped', async () => {
    const session = await caller.helo();
    const before = sandbox.control.documents('invoices').length;
    const requestsBefore = sandbox.control.requests().length;
    // The first is answered, the second stored and dropped; the rest were never read by the server.
    sandbox.control.injectFault({ fault: 'delay', delayMs: 0, method: 'POST', path: '/invoices' });
    sandbox.control.injectFault({ fault: 'dropAfterStore', method: 'POST', path: '/invoices' });
    // Written by hand on one socket: an HTTP client library would send the unanswered ones again.
    const documents = Array.from({ length: PIPELINED }, () => validDocument('invoices'));
    const firstNonce = Date.now();
    const wire = documents
      .map((document, index) => {
        const body = JSON.stringify(document);
        return (
          `POST ${new URL(sandbox.apiBase).pathname}/invoices?nonce=${firstNonce + index} HTTP/1.1\r\n` +
          `host: 127.0.0.1\r\nauthorization: Bearer ${session}\r\ncontent-type: application/json\r\n` +
          `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
        );
      })
      .join('');
    const socket = connect(Number(new URL(sandbox.origin).port), '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => {
    received += chunk.toString('latin1');
  });
    socket.on('error', () => undefined);
    socket.write(wire);
    await once(socket, 'close');
    assert.equal((received.match(/HTTP\/1\.1 201/g) ?? []).length, 1, 'only the first request was answered');
    const stored = sandbox.control.documents('invoices').slice(before).map((entry) => entry.document.seq_number);
    assert.deepEqual(stored, [documents[0].seq_number, documents[1].seq_number]);
    const handled = sandbox.control.requests().slice(requestsBefore).filter((request) => request.method === 'POST');
    assert.equal(handled.length, 2);
  });
});
