// What the core needs from its host. The extension implements these with VS Code's SecretStorage,
// globalState and a LogOutputChannel; tests implement them in memory.

export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  store(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface ValueStore {
  get(key: string): number | undefined;
  update(key: string, value: number): Promise<void>;
}

/** Lines given to a Logger are redacted and sanitised (`redactingLogger`) before they get here. */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
};

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
