// The parts of undici the client uses, loaded on first use. undici's root entry also brings fetch,
// WebSocket, caches and mocks, which would double the bundle and the load time for nothing.
import type * as Undici from 'undici';

type RequestOptions = Omit<Undici.Dispatcher.RequestOptions, 'origin' | 'path'> & { dispatcher: Undici.Dispatcher };

export interface UndiciParts {
  Agent: typeof Undici.Agent;
  ProxyAgent: typeof Undici.ProxyAgent;
  request(url: URL, options: RequestOptions): Promise<Undici.Dispatcher.ResponseData>;
}

let loaded: UndiciParts | undefined;

export function undici(): UndiciParts {
  if (!loaded) {
    // What undici's root entry does too: dispatchers get request/connect/… (ProxyAgent tunnels with connect).
    const dispatcherClass = require('undici/lib/dispatcher/dispatcher') as { prototype: object };
    Object.assign(dispatcherClass.prototype, require('undici/lib/api') as object);
    loaded = {
      Agent: require('undici/lib/dispatcher/agent') as typeof Undici.Agent,
      ProxyAgent: require('undici/lib/dispatcher/proxy-agent') as typeof Undici.ProxyAgent,
      request: (url, { dispatcher, ...options }) => dispatcher.request({ ...options, origin: url.origin, path: `${url.pathname}${url.search}` }),
    };
  }
  return loaded;
}
