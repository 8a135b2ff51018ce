// undici's dispatchers and request API. The extension bundle keeps this module in a file of its own
// (dist/http.js), so that activation does not compile undici: the first request loads it.
import type { UndiciParts } from './undiciParts';
/* eslint-disable @typescript-eslint/no-require-imports -- undici's parts one by one: its root entry would bring fetch and more */

// What undici's root entry does too: dispatchers get request/connect/… (ProxyAgent tunnels with connect).
const dispatcherClass = require('undici/lib/dispatcher/dispatcher') as { prototype: object };
Object.assign(dispatcherClass.prototype, require('undici/lib/api') as object);

export const parts: UndiciParts = {
  Agent: require('undici/lib/dispatcher/agent') as UndiciParts['Agent'],
  ProxyAgent: require('undici/lib/dispatcher/proxy-agent') as UndiciParts['ProxyAgent'],
};
