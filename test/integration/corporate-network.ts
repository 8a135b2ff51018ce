// A corporate network made in test code: a private certificate authority (made with the openssl
// CLI), an HTTPS front for the sandbox signed by it (optionally requiring a client certificate),
// and a CONNECT proxy that requires Basic credentials and reaches only that front — like a
// TLS-inspecting proxy, whose certificates only its own authority vouches for.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';

/** The host name the server URL uses; only the proxy knows where it is. */
export const CORPORATE_HOST = 'gestix.corp.test';

export interface PrivateCa {
  folder: string;
  /** PEM of the authority's certificate. */
  caFile: string;
  serverCert: string;
  serverKey: string;
  /** Certificate and key in one PEM file, the key unencrypted. */
  clientPem: string;
  /** Certificate and key in one PEM file, the key encrypted with `passphrase`. */
  clientEncryptedPem: string;
  /** PKCS#12 with `passphrase`. */
  clientPfx: string;
  passphrase: string;
  remove(): void;
}

function openssl(folder: string, ...args: string[]): void {
  try {
    execFileSync('openssl', args, { cwd: folder, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') throw new Error('The openssl command makes the test certificates and is missing: apt-get install openssl (Debian), or run bash .ci/run as root.', { cause: error });
    throw error;
  }
}

/** A new authority, a server certificate for CORPORATE_HOST (and 127.0.0.1) and a client certificate. */
export function makePrivateCa(): PrivateCa {
  const folder = mkdtempSync(join(tmpdir(), 'gestix-ca-'));
  const passphrase = `pass-${Math.random().toString(36).slice(2)}`;
  openssl(folder, 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Gestix Test Corporate CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  const issue = (name: string, subject: string, extensions: string) => {
    openssl(folder, 'req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    writeFileSync(join(folder, `${name}.ext`), extensions);
    openssl(folder, 'x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`);
  };
  issue('server', `/CN=${CORPORATE_HOST}`, `subjectAltName=DNS:${CORPORATE_HOST},IP:127.0.0.1\nextendedKeyUsage=serverAuth\n`);
  issue('client', '/CN=Gestix Test Client', 'extendedKeyUsage=clientAuth\n');
  execFileSync('sh', ['-c', 'cat client.pem client.key > client-bundle.pem'], { cwd: folder });
  openssl(folder, 'pkey', '-in', 'client.key', '-aes256', '-passout', `pass:${passphrase}`, '-out', 'client-encrypted.key');
  execFileSync('sh', ['-c', 'cat client.pem client-encrypted.key > client-encrypted.pem'], { cwd: folder });
  openssl(folder, 'pkcs12', '-export', '-in', 'client.pem', '-inkey', 'client.key', '-out', 'client.pfx', '-passout', `pass:${passphrase}`);
  return {
    folder,
    caFile: join(folder, 'ca.pem'),
    serverCert: join(folder, 'server.pem'),
    serverKey: join(folder, 'server.key'),
    clientPem: join(folder, 'client-bundle.pem'),
    clientEncryptedPem: join(folder, 'client-encrypted.pem'),
    clientPfx: join(folder, 'client.pfx'),
    passphrase,
    remove: () => rmSync(folder, { recursive: true, force: true }),
  };
}

export interface RunningFront {
  port: number;
  /** Handshakes refused because no (or an untrusted) client certificate was shown. */
  refusedHandshakes: number;
  close(): Promise<void>;
}

/** TLS on a loopback port, piping each connection to the sandbox's plain HTTP port (known later, when a function). */
export async function startHttpsFront(
  ca: PrivateCa,
  sandboxPort: number | (() => number),
  options: { requireClientCertificate?: boolean } = {},
): Promise<RunningFront> {
  const sockets = new Set<net.Socket>();
  const front = {
    port: 0,
    refusedHandshakes: 0,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = tls.createServer(
    {
      cert: readFileSync(ca.serverCert),
      key: readFileSync(ca.serverKey),
      ...(options.requireClientCertificate ? { requestCert: true, rejectUnauthorized: true, ca: readFileSync(ca.caFile) } : {}),
    },
    (secure) => {
      const upstream = net.connect(typeof sandboxPort === 'number' ? sandboxPort : sandboxPort(), '127.0.0.1');
      for (const socket of [secure, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      secure.pipe(upstream).pipe(secure);
      secure.on('close', () => upstream.destroy());
      upstream.on('close', () => secure.destroy());
    },
  );
  server.on('tlsClientError', () => {
    front.refusedHandshakes += 1;
  });
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  front.port = (server.address() as net.AddressInfo).port;
  return front;
}

export interface RunningProxy {
  port: number;
  username: string;
  password: string;
  /** The Proxy-Authorization headers received, in order (undefined: none sent). */
  authorizations: Array<string | undefined>;
  /** The CONNECT targets that were let through. */
  tunnels: string[];
  close(): Promise<void>;
}

/**
 * A CONNECT proxy that asks for Basic credentials (407) and tunnels only to `host:port` of the
 * corporate host, connecting it to the HTTPS front; other targets get 403.
 */
export async function startAuthenticatingProxy(frontPort: number, targetPort = 443): Promise<RunningProxy> {
  const username = 'corp-user';
  const password = `proxy-${Math.random().toString(36).slice(2)}`;
  const expected = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_request, response) => {
    response.writeHead(405).end();
  });
  const proxy: RunningProxy = {
    port: 0,
    username,
    password,
    authorizations: [],
    tunnels: [],
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    client.on('error', () => undefined);
    const authorization = request.headers['proxy-authorization'];
    proxy.authorizations.push(authorization);
    if (authorization !== expected) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (request.url !== `${CORPORATE_HOST}:${targetPort}`) {
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    proxy.tunnels.push(request.url);
    const upstream = net.connect(frontPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  proxy.port = (server.address() as net.AddressInfo).port;
  return proxy;
}
