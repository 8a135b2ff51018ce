import vscode = require('vscode');
import type { Logger } from '../core/host/ports';

export const OUTPUT_CHANNEL_NAME = 'Gestix';

/** Forwards to VS Code's log channel; give it only through `redactingLogger` (Services.logger does). */
export function loggerOf(channel: vscode.LogOutputChannel): Logger {
  return {
    trace: (message) => channel.trace(message),
    debug: (message) => channel.debug(message),
    info: (message) => channel.info(message),
    warn: (message) => channel.warn(message),
    error: (message) => channel.error(message),
  };
}
