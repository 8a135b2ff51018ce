// The parts of undici the client uses, loaded on first use. undici's root entry also brings fetch,
// WebSocket, caches and mocks, which would double the bundle and the load time for nothing.
import type * as Undici from 'undici';

export interface UndiciParts {
  Agent: typeof Undici.Agent;
  ProxyAgent: typeof Undici.ProxyAgent;
}

let loaded: UndiciParts | undefined;

export function undici(): UndiciParts {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle of its own, loaded by the first request
  loaded ??= (require('./undiciLoad') as typeof import('./undiciLoad')).parts;
  return loaded;
}
