// What the core keeps between sessions: secrets in SecretStorage, the last nonce in globalState.
import vscode = require('vscode');
import type { SecretStore, ValueStore } from '../core/host/ports';

export function secretStoreOf(storage: vscode.SecretStorage): SecretStore {
  return {
    get: async (key) => storage.get(key),
    store: async (key, value) => storage.store(key, value),
    delete: async (key) => storage.delete(key),
  };
}

export function valueStoreOf(memento: vscode.Memento): ValueStore {
  return {
    get: (key) => memento.get<number>(key),
    update: async (key, value) => memento.update(key, value),
  };
}

/** Proxy credentials are kept per proxy (described without credentials, e.g. http://proxy.corp:3128). */
export function proxyCredentialsKey(proxy: string): string {
  return `gestix.proxyCredentials:${proxy}`;
}

/** A client certificate's passphrase is kept per file. */
export function clientCertificatePassphraseKey(file: string): string {
  return `gestix.tls.passphrase:${file}`;
}
