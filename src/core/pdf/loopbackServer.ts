// One file served at a secret address on 127.0.0.1 for as long as it is wanted: how a PDF saved on
// the extension host's machine reaches the person's browser when that runs elsewhere (code-server,
// Remote-SSH, WSL, Codespaces), through the editor's own port forwarding (vscode.env.asExternalUri).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedFile {
  /** The port on 127.0.0.1, which the editor forwards. */
  readonly port: number;
  /** The path the file answers at: a random part no one can guess, then the file name. */
  readonly path: string;
  close(): Promise<void>;
}

export interface FileToServe {
  bytes: Uint8Array;
  /** Its name in the browser's title and a download, e.g. `invoices-7.pdf`: letters, digits, `-`, `_` and `.` only. */
  fileName: string;
  contentType: string;
}

const SAFE_FILE_NAME = /^[\w.-]{1,120}$/;

function answer(file: FileToServe, path: string, request: IncomingMessage, response: ServerResponse): void {
  if (request.url !== path) {
    response.writeHead(404).end();
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  response.writeHead(200, {
    'content-type': file.contentType,
    'content-length': file.bytes.byteLength,
    'content-disposition': `inline; filename="${file.fileName}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  response.end(request.method === 'HEAD' ? undefined : file.bytes);
}

/** Starts answering with `file` on a free port of 127.0.0.1; every other address is a 404. */
export async function serveFile(file: FileToServe): Promise<ServedFile> {
  if (!SAFE_FILE_NAME.test(file.fileName)) throw new Error(`Not a file name to serve: ${file.fileName}`);
  const path = `/${randomBytes(24).toString('base64url')}/${file.fileName}`;
  const server = createServer((request, response) => answer(file, path, request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    path,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
