import vscode = require('vscode');
import type { SecretStore } from '../api/ports';

export function secretStoreOf(storage: vscode.SecretStorage): SecretStore {
  return {
    get: async (key) => storage.get(key),
    store: async (key, value) => storage.store(key, value),
    delete: async (key) => storage.delete(key),
  };
}
