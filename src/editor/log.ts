import vscode = require('vscode');
import type { Logger } from '../api/ports';

export const OUTPUT_CHANNEL_NAME = 'Gestix';

/** The core redacts before logging; this only forwards to VS Code's log channel. */
export function loggerOf(channel: vscode.LogOutputChannel): Logger {
  return {
    trace: (message) => channel.trace(message),
    debug: (message) => channel.debug(message),
    info: (message) => channel.info(message),
    warn: (message) => channel.warn(message),
    error: (message) => channel.error(message),
  };
}
