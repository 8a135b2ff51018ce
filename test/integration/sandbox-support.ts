// Shared by the sandbox's integration tests: plain HTTP calls over loopback with undici, and a
// valid document to start from.
import assert from 'node:assert/strict';
import { Agent, request } from 'undici';
import type { DocumentKind } from '../../src/core/wire';
import { CONTROL_PREFIX, CONTROL_SECRET_HEADER, type RunningSandbox, type SandboxModes } from '../../src/sandbox';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  bytes: Buffer;
  text: string;
  json(): any;
}

export interface CallOptions {
  token?: string;
  query?: Record<string, string | number>;
  body?: string | Buffer;
  headers?: Record<string, string>;
  /** Resolve `path` against the origin instead of the API base. */
  fromOrigin?: boolean;
}

export class SandboxCaller {
  readonly agent = new Agent({ keepAliveTimeout: 1000, connections: 256 });
  /** Nonces follow the clock like a real client's; one counter for the whole test file. */
  private lastNonce = Date.now();

  constructor(readonly sandbox: RunningSandbox) {}

  nonce(): number {
    this.lastNonce += 1;
    return this.lastNonce;
  }

  /** Control requests (paths from /__sandbox) carry the sandbox's control secret unless `headers` set that header. */
  async call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    const control = path.startsWith(CONTROL_PREFIX);
    const fromOrigin = options.fromOrigin || control || path.startsWith('/api/');
    const url = new URL(`${fromOrigin ? this.sandbox.origin : this.sandbox.apiBase}${path}`);
    for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, String(value));
    const headers: Record<string, string> = { ...(control ? { [CONTROL_SECRET_HEADER]: this.sandbox.controlSecret } : {}), ...(options.headers ?? {}) };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
    const response = await request(url, { method: method as 'GET', headers, body: options.body ?? null, dispatcher: this.agent });
    const bytes = Buffer.from(await response.body.arrayBuffer());
    const text = bytes.toString('utf8');
    return { status: response.statusCode, headers: response.headers, bytes, text, json: () => JSON.parse(text) };
  }

  async helo(): Promise<string> {
    const answer = await this.call('GET', '/helo', { token: this.sandbox.apiToken });
    assert.equal(answer.status, 200, answer.text);
    return answer.json()['xa-token'];
  }

  /** PUT /__sandbox/modes: merges `changes` and returns the modes now in force. */
  async setModes(changes: Partial<SandboxModes>): Promise<SandboxModes> {
    const answer = await this.call('PUT', '/__sandbox/modes', { body: JSON.stringify(changes) });
    assert.equal(answer.status, 200, answer.text);
    return answer.json();
  }

  async modes(): Promise<SandboxModes> {
    const answer = await this.call('GET', '/__sandbox/modes');
    assert.equal(answer.status, 200, answer.text);
    return answer.json();
  }

  post(kind: DocumentKind, token: string, document: unknown, extraQuery: Record<string, string | number> = {}): Promise<Answer> {
    const body = typeof document === 'string' ? document : JSON.stringify(document);
    return this.call('POST', `/${kind}`, { token, body, query: { nonce: this.nonce(), ...extraQuery } });
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

let sequence = 0;

/** A document every kind accepts; each call gets a new seq_number. */
export function validDocument(kind: DocumentKind = 'invoices', overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  const line =
    kind === 'transfer_orders'
      ? { item_code: 'ART1', description: 'Pallet', qty: 2, unit_price: 10, line_discount: 0, vat: 23 }
      : { item_code: 'SERV', description: 'Service', qty: 1, unit_price: 100, discount: 0, vat: 23, vat_included: false };
  const base: Record<string, unknown> = {
    document_set: 'FT',
    seq_number: `FT2025/${sequence}`,
    date: '2025-01-10',
    currency: 'EUR',
    net_amount: 100,
    vat: 23,
    total_amount: 123,
    items: [line],
  };
  if (kind === 'invoices' || kind === 'orders' || kind === 'receipts') {
    base.customer = { name: 'Cliente Exemplo Lda', vat_id: 'PT500000000', billing_address: { city: 'Porto', country: 'PT' } };
  }
  return { ...base, ...overrides };
}

export function assertApiError(answer: Answer, status: number, code: string, messagePattern?: RegExp): void {
  assert.equal(answer.status, status, answer.text);
  assert.match(String(answer.headers['content-type']), /^application\/json/);
  const body = answer.json();
  assert.equal(body.code, code, answer.text);
  assert.equal(typeof body.message, 'string');
  assert.ok(!Number.isNaN(Date.parse(body.timestamp)), `timestamp ${body.timestamp}`);
  assert.equal(typeof body.path, 'string');
  assert.match(body.request_id, /^req-[0-9a-f]+$/);
  if (messagePattern) assert.match(body.message, messagePattern);
}

export function assertFormat1(answer: Answer, status: number, subcode: string): void {
  assert.equal(answer.status, status, answer.text);
  const body = answer.json();
  assert.equal(body.success, false);
  assert.equal(String(body.status), String(status));
  assert.equal(typeof body.message, 'string');
  assert.ok(Array.isArray(body.errors) && body.errors.length > 0, answer.text);
  assert.ok(
    body.errors.some((error: { subcode: string; message: string }) => error.subcode === subcode && error.message.length > 0),
    `expected ${subcode} in ${answer.text}`,
  );
}
