// `npm run sandbox -- [options]`: runs the sandbox until Ctrl+C and prints how to reach it.
import { parseArgs } from 'node:util';
import { CALLED_API_VERSION, CONTROL_SECRET_HEADER, DEFAULT_ACCOUNT, DEFAULT_SESSION_TTL_SECONDS, DEFAULT_USERNAME, startSandbox } from './index';
import { DEFAULT_MODES, parseModes, type SandboxModes } from './modes';
import type { RunningSandbox, SandboxOptions } from './types';

const DEFAULT_PORT = 8787;

const USAGE = `Usage: npm run sandbox -- [options]
  --port N                   port on 127.0.0.1 (default ${DEFAULT_PORT}; 0 = any free port)
  --account ID               account in the URL (default ${DEFAULT_ACCOUNT})
  --api-token T              API token GET /helo accepts (default: random)
  --username U               username POST /auth accepts (default ${DEFAULT_USERNAME})
  --password P               password POST /auth accepts (default: random)
  --session-ttl SECONDS      session token lifetime (default ${DEFAULT_SESSION_TTL_SECONDS})
  --current-api-version V    version /status reports as current (default ${CALLED_API_VERSION})
Modes (README, "Sandbox modes"; also PUT /__sandbox/modes):
  --numbering client|server             who numbers documents (default ${DEFAULT_MODES.numbering})
  --auth-nonce required|optional        whether POST /auth needs a nonce (default ${DEFAULT_MODES.authNonce})
  --pipelining ordered|unordered        pipelined requests handled in order or not (default ${DEFAULT_MODES.pipelining})
  --conflict-body apiError|sovos|empty  body of a 409 (default ${DEFAULT_MODES.conflictBody})
  --refuse-fresh-sessions N             the next N requests with a just-issued session get 403 (default 0)
  --latency-ms N                        added to each round trip (default 0)
  --processing-ms N                     cost of each document, one at a time (default 0)
  --quiet                    do not print one line per request
  --help`;

function number(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed)) throw new RangeError(`--${name} needs a number (got "${value}")`);
  return parsed;
}

function optionsFrom(argv: string[]): { options: SandboxOptions; quiet: boolean } | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      account: { type: 'string' },
      'api-token': { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      'session-ttl': { type: 'string' },
      'current-api-version': { type: 'string' },
      numbering: { type: 'string' },
      'auth-nonce': { type: 'string' },
      pipelining: { type: 'string' },
      'conflict-body': { type: 'string' },
      'refuse-fresh-sessions': { type: 'string' },
      'latency-ms': { type: 'string' },
      'processing-ms': { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const options: SandboxOptions = { port: number('port', values.port) ?? DEFAULT_PORT };
  if (values.account !== undefined) options.account = values.account;
  if (values['api-token'] !== undefined) options.apiToken = values['api-token'];
  if (values.username !== undefined) options.username = values.username;
  if (values.password !== undefined) options.password = values.password;
  const ttl = number('session-ttl', values['session-ttl']);
  if (ttl !== undefined) options.sessionTtlSeconds = ttl;
  if (values['current-api-version'] !== undefined) options.currentApiVersion = values['current-api-version'];
  const modes: Record<string, unknown> = {
    numbering: values.numbering,
    authNonce: values['auth-nonce'],
    pipelining: values.pipelining,
    conflictBody: values['conflict-body'],
    refuseFreshSessions: number('refuse-fresh-sessions', values['refuse-fresh-sessions']),
    latencyMs: number('latency-ms', values['latency-ms']),
    processingMs: number('processing-ms', values['processing-ms']),
  };
  for (const name of Object.keys(modes)) if (modes[name] === undefined) delete modes[name];
  const parsed = parseModes(modes);
  if (!parsed.ok) throw new RangeError(`${parsed.message.replace(/'(\w+)'/, (_, name: string) => `--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`)}`);
  options.modes = parsed.modes;
  return { options, quiet: values.quiet ?? false };
}

function describeModes(modes: SandboxModes): string {
  return Object.entries(modes)
    .map(([name, value]) => `${name} ${value}`)
    .join(', ');
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof optionsFrom>;
  try {
    parsed = optionsFrom(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (parsed === 'help') {
    console.log(USAGE);
    return;
  }
  const { options, quiet } = parsed;
  if (!quiet) {
    // Only method, path and status: query strings may hold /auth credentials.
    options.onRequest = (request) =>
      console.log(`${request.time} ${request.method} ${request.path} -> ${request.status ?? 'dropped'}${request.fault ? ` (fault ${request.fault})` : ''}`);
  }
  // Signals are handled from the start, so that Ctrl+C during start-up also ends cleanly.
  let sandbox: RunningSandbox | undefined;
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping the sandbox…');
    void (sandbox?.close() ?? Promise.resolve()).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  try {
    sandbox = await startSandbox(options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(code === 'EADDRINUSE' ? `Port ${options.port} is in use; choose another with --port.` : String(error));
    process.exit(1);
  }
  // A local test server: printing its own made-up credentials is the point.
  console.log(`Gestix sandbox listening on ${sandbox.origin}
  API base:          ${sandbox.apiBase}
  account:           ${sandbox.account}
  API token:         ${sandbox.apiToken}
  username/password: ${sandbox.username} / ${sandbox.password}
  session TTL:       ${options.sessionTtlSeconds ?? DEFAULT_SESSION_TTL_SECONDS} s; current API version ${sandbox.currentApiVersion}
  modes:             ${describeModes(sandbox.control.modes())}
  control endpoint:  ${sandbox.controlUrl}  (faults, documents, requests, modes, expire-sessions, reset)
  control secret:    ${sandbox.controlSecret}  (send it in the header ${CONTROL_SECRET_HEADER}; a new one at each start)
In VS Code set gestix.serverUrl to ${sandbox.origin} and gestix.account to ${sandbox.account}.
Press Ctrl+C to stop.`);
}

void main();
