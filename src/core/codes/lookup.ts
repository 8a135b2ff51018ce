// Turns a code token as it appears in a response or a log into its catalogue entry. Never throws:
// anything it cannot place becomes an `unknown` entry that still says which product and number.
import {
  entryById,
  PRODUCT_LINES,
  PRODUCT_NAMES,
  type CatalogueEntry,
  type Product,
  type ProductLine,
  type ProductLineInfo,
} from './catalogue';

export interface CodeLookup {
  /** The token as given (trimmed). */
  token: string;
  /** Canonical spelling: `SMAR-0011`, `INVALID_ARGUMENT`, `403`, or bare `0011` without product line. */
  normalized: string;
  entry: CatalogueEntry;
  known: boolean;
  /** For Sovos subcodes with a product prefix. */
  productLine?: ProductLineInfo;
}

export interface LookupContext {
  /** The token came from a place that holds subcodes (Format 1 `errors[].subcode`), so bare numbers are subcodes. */
  subcode?: boolean;
  /** Which product's table to try first for HTTP statuses. */
  product?: Product;
}

const SUBCODE = /^(SMAR|SMAP)[-_ ]?([0-9]{1,6})$/i;
const BARE_NUMBER = /^[0-9]{1,6}$/;
const HTTP_PREFIX = /^HTTP(?:\/[0-9](?:\.[0-9])?)?[ :]*([0-9]{3})(?:[ \t].*)?$/i;
const STATUS_WITH_REASON = /^([1-5][0-9]{2})[ \t]+[A-Za-z][A-Za-z ]*$/;
const WORD_CODE = /^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+$/;

function unknownEntry(product: Product, code: string, kind: CatalogueEntry['kind'] = 'unknown'): CatalogueEntry {
  const shown = code === '' ? '(empty)' : code;
  const what = kind === 'httpStatus' ? `HTTP status ${shown}` : kind === 'subcode' ? `subcode ${shown}` : `code ${shown}`;
  return {
    id: `${product}/unknown/${code}`,
    product,
    kind: 'unknown',
    code,
    title: `Unknown ${PRODUCT_NAMES[product]} ${what}`,
    meaning: `The catalogue has no description for ${PRODUCT_NAMES[product]} ${what}. The message that came with it is the best guide.`,
    category: 'Unknown',
    nextStep: {
      action: 'contactSupport',
      text: 'If the message does not explain it, contact support@gestix.com with the request_id and timestamp.',
    },
    retryable: false,
    documented: false,
    success: false,
  };
}

/** Subcodes are published with four digits (`0011`) except the five-digit `99692`. */
function normalizeSubcodeNumber(digits: string): string {
  return digits.length < 4 ? digits.padStart(4, '0') : digits;
}

function lookupSubcode(digits: string, line?: ProductLine): CodeLookup {
  const number = normalizeSubcodeNumber(digits);
  const entry = entryById(`sovos/subcode/${number}`);
  const normalized = line ? `${line}-${number}` : number;
  const result: CodeLookup = {
    token: line ? `${line}-${digits}` : digits,
    normalized,
    entry: entry ?? unknownEntry('sovos', normalized, 'subcode'),
    known: entry !== undefined,
  };
  if (line) result.productLine = PRODUCT_LINES[line];
  return result;
}

/** Gestix first, then Sovos, then the general HTTP meaning; `product` moves its table to the front. */
export function lookupHttpStatus(status: number | string, product?: Product): CodeLookup {
  const code = String(status).trim();
  const order: Product[] = product === 'sovos' ? ['sovos', 'gestix', 'http'] : ['gestix', 'sovos', 'http'];
  for (const candidate of order) {
    const entry = entryById(`${candidate}/http/${code}`);
    if (entry) return { token: code, normalized: code, entry, known: true };
  }
  return { token: code, normalized: code, entry: unknownEntry(product ?? 'http', code, 'httpStatus'), known: false };
}

const QUOTE_CHARACTERS = new Set(['"', "'", '`']);
const TOKEN_LIMIT = 200;

/**
 * The token without surrounding whitespace and quotes, at most TOKEN_LIMIT characters. Two index
 * walks instead of a pattern: a trailing-quotes pattern retries from every quote of a long run
 * that does not end the text, which is quadratic in the run's length.
 */
function bareToken(token: string): string {
  const text = token.trim();
  let start = 0;
  let end = text.length;
  while (start < end && QUOTE_CHARACTERS.has(text[start])) start += 1;
  while (end > start && QUOTE_CHARACTERS.has(text[end - 1])) end -= 1;
  return text.slice(start, Math.min(end, start + TOKEN_LIMIT));
}

export function lookupCode(token: string, context: LookupContext = {}): CodeLookup {
  const trimmed = typeof token === 'string' ? bareToken(token) : '';
  const subcode = SUBCODE.exec(trimmed);
  if (subcode) {
    const looked = lookupSubcode(subcode[2], subcode[1].toUpperCase() as ProductLine);
    return { ...looked, token: trimmed };
  }
  if (BARE_NUMBER.test(trimmed)) {
    const isHttp = !context.subcode && trimmed.length === 3 && trimmed >= '100' && trimmed <= '599';
    if (isHttp) return lookupHttpStatus(trimmed, context.product);
    return { ...lookupSubcode(trimmed), token: trimmed };
  }
  const http = HTTP_PREFIX.exec(trimmed) ?? STATUS_WITH_REASON.exec(trimmed);
  if (http) return { ...lookupHttpStatus(http[1], context.product), token: trimmed };
  const upper = trimmed.toUpperCase();
  const entry = entryById(`gestix/code/${upper}`);
  if (entry) return { token: trimmed, normalized: upper, entry, known: true };
  const product: Product = context.product ?? 'gestix';
  const normalized = WORD_CODE.test(trimmed) ? upper : trimmed;
  return { token: trimmed, normalized, entry: unknownEntry(product, normalized), known: false };
}
