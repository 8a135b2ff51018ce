// In-memory ports and tiny loopback servers for the API core's tests.
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import type { Clock, Logger, SecretStore, ValueStore } from '../../src/core/host/ports';
import { serializeSignIn, SIGN_IN_KEY } from '../../src/core/session/session';

export class MemorySecretStore implements SecretStore {
  readonly values = new Map<string, string>();
  async get(key: string) {
    return this.values.get(key);
  }
  async store(key: string, value: string) {
    this.values.set(key, value);
  }
  async delete(key: string) {
    this.values.delete(key);
  }
}

/** Stores an API token as a sign-in made earlier for the client's server and account. */
export async function storeApiToken(store: SecretStore, client: { readonly secretOrigin: string | undefined }, apiToken: string): Promise<void> {
  if (client.secretOrigin === undefined) throw new Error('the client has no usable server and account');
  await store.store(SIGN_IN_KEY, serializeSignIn({ method: 'apiToken', apiToken, origin: client.secretOrigin }));
}

export class MemoryValueStore implements ValueStore {
  readonly values = new Map<string, number>();
  writes: number[] = [];
  constructor(private readonly writeDelay: (value: number) => number = () => 0) {}
  get(key: string) {
    return this.values.get(key);
  }
  async update(key: string, value: number) {
    const delay = this.writeDelay(value);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    this.writes.push(value);
    this.values.set(key, value);
  }
}

export class CollectingLogger implements Logger {
  readonly lines: string[] = [];
  trace(message: string) {
    this.lines.push(`trace ${message}`);
  }
  debug(message: string) {
    this.lines.push(`debug ${message}`);
  }
  info(message: string) {
    this.lines.push(`info ${message}`);
  }
  warn(message: string) {
    this.lines.push(`warn ${message}`);
  }
  error(message: string) {
    this.lines.push(`error ${message}`);
  }
}

/** A clock whose sleeps return at once and are recorded, so retries with backoff run instantly. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(public time = 1_700_000_000_000) {}
  now() {
    return this.time;
  }
  async sleep(ms: number) {
    this.sleeps.push(ms);
    this.time += ms;
  }
}

export interface LocalServer {
  port: number;
  origin: string;
  close(): Promise<void>;
}

/** Listens on a free port of 127.0.0.1; closing also ends the connections still open. */
async function listenLocally(server: net.Server, sockets: Set<net.Socket>): Promise<LocalServer> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A node:http server on 127.0.0.1 with a free port. */
export async function startHttpServer(
  handler: (request: http.IncomingMessage, response: http.ServerResponse) => unknown,
): Promise<LocalServer & { server: http.Server }> {
  const server = http.createServer((request, response) => void handler(request, response));
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return { server, ...(await listenLocally(server, sockets)) };
}

/** A raw TCP server on 127.0.0.1, for answers no HTTP server would give. */
export async function startTcpServer(onConnection: (socket: net.Socket) => void): Promise<LocalServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  return listenLocally(server, sockets);
}

/** A port nothing listens on: bound once to get a free number, then released. */
export async function unusedPort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function json(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/** A self-signed certificate for localhost / 127.0.0.1, valid until 2126; only for TLS failure tests. */
export const SELF_SIGNED = {
  key: `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgB0xKbdotO9KC+Pir
poUkz0WitUH/TSn7rxCLEiEXcduhRANCAATCpm0QjGdVgvuoCO1iT/qxjj0XOJ1E
GyvyV6puWd4e0TZ/XgwLG3avlLRYi0JIA8vzTmI8F6pmm4wCvQAtRfNo
-----END PRIVATE KEY-----
`,
  cert: `-----BEGIN CERTIFICATE-----
MIIBmjCCAUGgAwIBAgIUUUFshbBiyUMwo7kJJ9EAvrNK/scwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyMjA0MDMyNloYDzIxMjYxMDI5
MDQwMzI2WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAATCpm0QjGdVgvuoCO1iT/qxjj0XOJ1EGyvyV6puWd4e0TZ/XgwLG3av
lLRYi0JIA8vzTmI8F6pmm4wCvQAtRfNoo28wbTAdBgNVHQ4EFgQUgRk3yxosjw9Z
eBY6ht/omzSgXncwHwYDVR0jBBgwFoAUgRk3yxosjw9ZeBY6ht/omzSgXncwDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI
zj0EAwIDRwAwRAIgGdrVhVnt/7lSo4IYm8JCQk0lI4NPvIdQxh9JjTeSxaYCIBMD
vNteogvYKfUJ0rFBoH82jTBRClvfYHZNgp+f4PUa
-----END CERTIFICATE-----
`,
};
