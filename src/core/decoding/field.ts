// Finds the field an error message is about, and where that field sits in the JSON text that was sent,
// so the editor can put the cursor on it.

export interface FieldReference {
  /** As named by the message: `currency`, `items[0].qty`, `customer.name`. */
  name: string;
  /** `name` split into keys and array indexes. */
  path: Array<string | number>;
  /** The nonce travels in the query string; everything else is in the document body. */
  where: 'body' | 'query';
}

export interface FieldLocation {
  /** Offset of the key's opening quote in the sent document, and the length up to its closing quote. */
  offset: number;
  length: number;
}

const QUOTES = `'"\`‘’“”`;
const NAME = `[A-Za-z_$][A-Za-z0-9_$-]{0,63}(?:(?:\\.[A-Za-z_$][A-Za-z0-9_$-]{0,63})|\\[[0-9]{1,6}\\]){0,8}`;
const Q = `[${QUOTES}]`;
const MESSAGE_PATTERNS: RegExp[] = [
  new RegExp(`\\bfields?\\s{0,3}${Q}(${NAME})${Q}`, 'i'),
  new RegExp(`\\bfor\\s{1,3}(?:field|property|parameter)\\s{0,3}${Q}?(${NAME})${Q}?`, 'i'),
  new RegExp(`\\b(?:field|property|parameter)\\s{0,3}[:=]\\s{0,3}${Q}?(${NAME})${Q}?`, 'i'),
  new RegExp(`(?:^|[\\s(:,])${Q}(${NAME})${Q}\\s{1,3}(?:must|is|should|cannot|can't|may|has|was|needs|exceeds)\\b`, 'i'),
  new RegExp(`\\b(?:missing|required|invalid|unknown)\\s{1,3}(?:field|property|parameter)s?\\s{0,3}[:=]?\\s{0,3}${Q}?(${NAME})${Q}?`, 'i'),
  new RegExp(`\\b(?:property|parameter)\\s{1,3}(${NAME})\\s{1,3}(?:is|must|should|has)\\b`, 'i'),
  // An identifier that is clearly code (camelCase, snake_case or dotted) opening the message: `lineItems must not be empty`.
  /^\s{0,3}([a-z][a-z0-9]{0,63}(?:[A-Z_.][a-z0-9]{0,63}){1,8}(?:\[[0-9]{1,6}\](?:\.[A-Za-z_][A-Za-z0-9_]{0,63})?)?)\s{1,3}(?:must|is|should|cannot|can't|may|has|was|needs|exceeds)\b/,
];
const NONCE = /\bnonce\b/i;
const MESSAGE_LIMIT = 2000;

export function parseFieldPath(name: string): Array<string | number> {
  const path: Array<string | number> = [];
  for (const part of name.matchAll(/([^.[\]]+)|\[([0-9]+)\]/g)) {
    if (part[2] !== undefined) path.push(Number(part[2]));
    else if (part[1] !== undefined) path.push(part[1]);
  }
  return path;
}

/** The field a server message names, if any. Messages about the nonce name the `nonce` query parameter. */
export function fieldFromMessage(message: string): FieldReference | undefined {
  if (typeof message !== 'string' || message === '') return undefined;
  const text = message.slice(0, MESSAGE_LIMIT);
  for (const pattern of MESSAGE_PATTERNS) {
    const match = pattern.exec(text);
    const name = match?.[1];
    if (name && !/^(is|are|must|the|a|an|value)$/i.test(name)) {
      if (name.toLowerCase() === 'nonce') return { name: 'nonce', path: ['nonce'], where: 'query' };
      return { name, path: parseFieldPath(name), where: 'body' };
    }
  }
  if (NONCE.test(text)) return { name: 'nonce', path: ['nonce'], where: 'query' };
  return undefined;
}

interface Frame {
  isArray: boolean;
  index: number;
  key: string | number | undefined;
}

/**
 * Where a field's key is in a JSON text. A full path (`items[0].qty`) must match exactly; a single
 * name matches the shallowest key of that name. A single pass without recursion, so deeply nested or
 * broken JSON costs nothing extra.
 */
export function locateField(documentText: string, field: Pick<FieldReference, 'path'>): FieldLocation | undefined {
  return locateFields(documentText, [field])[0];
}

/** The longest path a field name can spell (see NAME): deeper keys are never compared. */
const MAX_PATH_DEPTH = 18;

function pathKey(path: ReadonlyArray<string | number | undefined>): string {
  return path.map((part) => (typeof part === 'number' ? `#${part}` : `.${part ?? ''}`)).join('\u0000');
}

/** locateField for several fields in the same single pass, so marking many problems stays linear. */
export function locateFields(documentText: string, fields: ReadonlyArray<Pick<FieldReference, 'path'>>): Array<FieldLocation | undefined> {
  const found = new Array<FieldLocation | undefined>(fields.length).fill(undefined);
  if (typeof documentText !== 'string') return found;
  const foundDepth = new Array<number>(fields.length).fill(Infinity);
  const byName = new Map<string, number[]>();
  const byPath = new Map<string, number[]>();
  let pending = 0;
  fields.forEach((field, index) => {
    const path = field.path;
    if (path.length === 0 || path.length > MAX_PATH_DEPTH) return;
    const single = path.length === 1 && typeof path[0] === 'string';
    const table = single ? byName : byPath;
    const key = single ? (path[0] as string) : pathKey(path);
    table.set(key, [...(table.get(key) ?? []), index]);
    pending += 1;
  });
  if (pending === 0) return found;
  const stack: Frame[] = [];
  let i = 0;
  const length = documentText.length;
  while (i < length) {
    const char = documentText[i];
    if (char === '"') {
      const start = i;
      i += 1;
      while (i < length && documentText[i] !== '"') {
        if (documentText[i] === '\\') i += 1;
        i += 1;
      }
      const raw = documentText.slice(start + 1, i);
      i += 1;
      let next = i;
      while (next < length && /\s/.test(documentText[next])) next += 1;
      const top = stack[stack.length - 1];
      if (documentText[next] === ':' && top && !top.isArray) {
        top.key = unescapeKey(raw);
        const depth = stack.length;
        const location = { offset: start, length: i - start };
        for (const index of byName.get(top.key) ?? []) {
          if (depth >= foundDepth[index]) continue;
          found[index] = location;
          foundDepth[index] = depth;
          if (depth === 1) pending -= 1;
        }
        if (depth > 1 && depth <= MAX_PATH_DEPTH && byPath.size > 0) {
          for (const index of byPath.get(pathKey(stack.map((frame) => frame.key))) ?? []) {
            if (found[index] !== undefined) continue;
            found[index] = location;
            pending -= 1;
          }
        }
        if (pending === 0) return found;
      }
      continue;
    }
    if (char === '{' || char === '[') {
      const parent = stack[stack.length - 1];
      if (parent?.isArray) parent.key = parent.index;
      stack.push({ isArray: char === '[', index: 0, key: undefined });
    } else if (char === '}' || char === ']') {
      stack.pop();
    } else if (char === ',') {
      const top = stack[stack.length - 1];
      if (top?.isArray) top.index += 1;
    }
    i += 1;
  }
  return found;
}

function unescapeKey(raw: string): string {
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}
