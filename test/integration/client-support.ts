// A sandbox plus the core objects wired to it, as the extension wires them, with in-memory ports.
import assert from 'node:assert/strict';
import { GestixClient } from '../../src/core/http/client';
import { PersistentNonceSource } from '../../src/core/session/nonce';
import { KnownSecrets } from '../../src/core/text/redact';
import { DocumentSender, type SenderOptions } from '../../src/core/sending/send';
import { GestixSession, type SessionOptions } from '../../src/core/session/session';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/sandbox';
import { CollectingLogger, FakeClock, MemorySecretStore, MemoryValueStore } from '../unit/api-support';

export interface Rig {
  sandbox: RunningSandbox;
  client: GestixClient;
  session: GestixSession;
  sender: DocumentSender;
  /** The window's nonce sequence, shared by the session (for /auth) and the sender. */
  nonces: PersistentNonceSource;
  secretStore: MemorySecretStore;
  logger: CollectingLogger;
  clock: FakeClock;
  close(): Promise<void>;
}

export async function startRig(
  options: { sandbox?: SandboxOptions; timeoutMs?: number; sender?: SenderOptions; session?: SessionOptions } = {},
): Promise<Rig> {
  const sandbox = await startSandbox(options.sandbox);
  const logger = new CollectingLogger();
  const secrets = new KnownSecrets();
  const client = new GestixClient(
    { serverUrl: sandbox.origin, account: sandbox.account, apiVersion: 'v4.0.0', timeoutMs: options.timeoutMs ?? 5_000 },
    { logger, secrets, env: {} },
  );
  const secretStore = new MemorySecretStore();
  const nonces = new PersistentNonceSource(new MemoryValueStore());
  const clock = new FakeClock();
  const session = new GestixSession(client, secretStore, { logger, secrets, nonces, clock, ...options.session });
  const sender = new DocumentSender(session, nonces, {
    logger,
    secrets,
    clock,
    random: () => 0.5,
    ...options.sender,
  });
  return {
    sandbox,
    client,
    session,
    sender,
    nonces,
    secretStore,
    logger,
    clock,
    close: async () => {
      await client.close();
      await sandbox.close();
    },
  };
}

let sequence = 0;

/** A valid invoice with a fresh seq_number, as the creation guide shows one. */
export function invoice(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  return {
    document_set: 'FT',
    seq_number: `FT2025/${String(sequence).padStart(4, '0')}`,
    date: '2025-01-10',
    currency: 'EUR',
    net_amount: 100,
    vat: 23,
    total_amount: 123,
    payment_type: 'Numerário',
    customer: {
      name: 'Cliente Exemplo Lda',
      vat_id: 'PT500000000',
      billing_address: { postal_address: 'Rua A 1', city: 'Porto', zip_code: '4000-001', country: 'PT' },
    },
    items: [{ item_code: 'SERV', description: 'Serviço de teste', qty: 1, unit_price: 100, vat: 23 }],
    ...overrides,
  };
}

/** Waits (bounded) until the sandbox has recorded `count` requests matching `predicate`. */
export async function waitForRequests(
  sandbox: RunningSandbox,
  predicate: (request: ReturnType<RunningSandbox['control']['requests']>[number]) => boolean,
  count: number,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (sandbox.control.requests().filter(predicate).length < count) {
    assert.ok(Date.now() < deadline, 'the sandbox did not record the expected requests in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** No line the core logged may contain any of the secrets. */
export function assertNoSecretsLogged(logger: CollectingLogger, secrets: Array<string | undefined>): void {
  for (const secret of secrets) {
    if (!secret) continue;
    for (const line of logger.lines) {
      assert.ok(!line.includes(secret) && !line.includes(encodeURIComponent(secret)), `a log line contains a secret: ${line.replace(secret, '<secret>')}`);
    }
  }
}
