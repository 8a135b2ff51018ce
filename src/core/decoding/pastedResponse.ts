// A response pasted from a terminal, a log or a chat: leading status lines and headers (as printed
// by `curl -i` or `curl -v`, or copied from a browser) are read, and the JSON object inside a line
// of log text is taken as the body.
import { capped } from '../text/sanitize';
import { recogniseShape, type ResponseShape } from './shape';

export interface PastedResponse {
  status?: number;
  contentType?: string;
  requestId?: string;
  retryAfterSeconds?: number;
  body: string;
  shape: ResponseShape;
}

type PastedHead = Omit<PastedResponse, 'shape'>;

const STATUS_LINE = /^(?:<\s)?HTTP\/[0-9](?:\.[0-9])?\s+([0-9]{3})\b/;
const HEADER_LINE = /^(?:<\s)?([A-Za-z0-9][A-Za-z0-9-]{0,80})\s?:\s?(.{0,2000})$/;
/** Far more than any response carries; past it, the rest is the body. */
const HEADER_LINE_LIMIT = 200;
/** A status line is short; a longer line is body text that happens to start like one. */
const STATUS_LINE_LIMIT = 4000;

/** Reads the text line by line, remembering where the body starts: after the last line of the head. */
class Lines {
  private position = 0;
  bodyStart = 0;

  constructor(private readonly text: string) {}

  next(): string | undefined {
    if (this.position >= this.text.length) return undefined;
    const end = this.text.indexOf('\n', this.position);
    const line = this.text.slice(this.position, end === -1 ? this.text.length : end).replace(/\r$/, '');
    this.position = end === -1 ? this.text.length : end + 1;
    return line;
  }

  /** The line just read is part of the head. */
  consumed(): void {
    this.bodyStart = this.position;
  }

  /** Blank lines are part of the head; answers the first line that is not blank. */
  skipBlank(line: string | undefined): string | undefined {
    let current = line;
    while (current !== undefined && current.trim() === '') {
      this.consumed();
      current = this.next();
    }
    return current;
  }
}

function noteHeader(head: PastedHead, name: string, value: string): void {
  if (name === 'content-type') head.contentType = value;
  if ((name === 'x-request-id' || name === 'request-id') && value !== '') head.requestId = capped(value, 200);
  if (name === 'retry-after' && /^[0-9]{1,6}$/.test(value)) head.retryAfterSeconds = Number(value);
}

/** Reads the headers after a status line; answers the line after them (undefined at the end). */
function readHeaders(lines: Lines, head: PastedHead): string | undefined {
  let line: string | undefined;
  for (let headers = 0; headers <= HEADER_LINE_LIMIT; headers += 1) {
    line = lines.next();
    if (line === undefined) return undefined;
    if (line.replace(/^<\s?/, '').trim() === '') {
      lines.consumed();
      return lines.next();
    }
    const header = HEADER_LINE.exec(line);
    if (!header) return line;
    lines.consumed();
    noteHeader(head, header[1].toLowerCase(), header[2].trim());
  }
  return line;
}

/** Splits off leading status lines and their headers. */
function splitHead(text: string): PastedHead {
  const head: PastedHead = { body: text };
  const lines = new Lines(text);
  let line = lines.skipBlank(lines.next());
  while (line !== undefined && line.length <= STATUS_LINE_LIMIT) {
    const statusLine = STATUS_LINE.exec(line);
    if (!statusLine) break;
    head.status = Number(statusLine[1]);
    lines.consumed();
    // A following status line (after `100 Continue`) starts another header block.
    line = lines.skipBlank(readHeaders(lines, head));
  }
  head.body = text.slice(lines.bodyStart);
  return head;
}

/** Accepts a body pasted from a log line or a chat: the JSON object inside the text is what counts. */
function embeddedJson(body: string): string | undefined {
  const start = body.indexOf('{');
  const end = body.lastIndexOf('}');
  if (start <= 0 || end <= start) return undefined;
  return body.slice(start, end + 1);
}

function bodyAndShape(body: string): Pick<PastedResponse, 'body' | 'shape'> {
  const shape = recogniseShape(body);
  const inner = shape.kind === 'notJson' ? embeddedJson(body) : undefined;
  if (inner === undefined) return { body, shape };
  const innerShape = recogniseShape(inner);
  return innerShape.kind === 'notJson' ? { body, shape } : { body: inner, shape: innerShape };
}

export function readPastedResponse(text: string): PastedResponse {
  const head = splitHead(text);
  return { ...head, ...bodyAndShape(head.body) };
}
