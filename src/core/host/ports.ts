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

export interface ProxyCredentials {
  username: string;
  password: string;
}

/**
 * What the network asks a person for. The extension remembers answers in SecretStorage and asks
 * with password boxes; `refused` says the previous answer (stored, typed or in the proxy URL) did
 * not work, so it must not be given again. Undefined: the person gave nothing.
 */
export interface NetworkPrompts {
  /** After a proxy answered 407; `proxy` is described without credentials. */
  proxyCredentials(proxy: string, refused: boolean): Promise<ProxyCredentials | undefined>;
  /** Before the first connection with a client certificate whose key is encrypted. */
  clientCertificatePassphrase(file: string, refused: boolean): Promise<string | undefined>;
  /** A request that went out without a proxy could not connect (a PAC or system proxy may be needed). */
  directConnectionFailed(server: string, reason: 'dns' | 'refused' | 'timeout'): void;
}
