// The one place where Gestix and Sovos Simple Connect codes are described. The error panel, the log
// hovers, the highlighting grammar, the sandbox and docs/error-codes.md all read from here.
import { PAYABLE_KINDS, type DocumentKind } from '../wire';

/** `http` marks general HTTP meanings that neither Gestix nor Sovos documents. */
export type Product = 'gestix' | 'sovos' | 'http';

export type EntryKind = 'httpStatus' | 'errorCode' | 'subcode' | 'unknown';

export const SOVOS_SUBCODE_TYPES = [
  'General',
  'Validation',
  'Administrative information',
  'Connectivity',
  'Transaction validation',
  'Transaction state validation',
  'Configuration validation',
  'Tax calculation engine errors',
] as const;
export type SovosSubcodeType = (typeof SOVOS_SUBCODE_TYPES)[number];

/** What a person should do about an error, as a small set the UI can turn into buttons. */
export type NextAction =
  | 'none'
  | 'fixRequest' // correct a field or value in what was sent
  | 'signInAgain'
  | 'retryLater'
  | 'checkForDuplicate' // the record may already be stored
  | 'checkConfiguration' // credentials, account or permissions outside the document
  | 'contactSupport'; // with request_id and timestamp

export interface NextStep {
  action: NextAction;
  text: string;
}

export interface CatalogueEntry {
  /** Stable key, e.g. `gestix/code/INVALID_ARGUMENT`, `sovos/subcode/0202`, `gestix/http/403`. */
  id: string;
  product: Product;
  kind: EntryKind;
  /** The code as it appears on the wire: `403`, `DB_TIMEOUT`, `0202` (subcodes without product line). */
  code: string;
  title: string;
  meaning: string;
  /** Sovos subcode type for subcodes; a short family name otherwise. */
  category: string;
  nextStep: NextStep;
  /** Whether sending the same request again (with a fresh nonce) can succeed without changes. */
  retryable: boolean;
  /** False for HTTP statuses that only carry their general meaning. */
  documented: boolean;
  /** True for 2xx statuses. */
  success: boolean;
}

export type ProductLine = 'SMAR' | 'SMAP';

export interface ProductLineInfo {
  line: ProductLine;
  name: string;
  documents: string;
}

export const PRODUCT_LINES: Readonly<Record<ProductLine, ProductLineInfo>> = {
  SMAR: { line: 'SMAR', name: 'receivables', documents: 'sales documents (invoices, orders, receipts)' },
  SMAP: { line: 'SMAP', name: 'payables', documents: 'purchase documents (purchases, purchase orders)' },
};

export function productLineForKind(kind: DocumentKind): ProductLine {
  return PAYABLE_KINDS.has(kind) ? 'SMAP' : 'SMAR';
}

export const PRODUCT_NAMES: Readonly<Record<Product, string>> = {
  gestix: 'Gestix ERP API',
  sovos: 'Sovos Simple Connect',
  http: 'HTTP',
};

const SUPPORT = 'If it keeps happening, contact support@gestix.com with the request_id and timestamp.';

const step = (action: NextAction, text: string): NextStep => ({ action, text });

type EntryData = Omit<CatalogueEntry, 'id' | 'product' | 'kind' | 'documented' | 'success'> & {
  success?: boolean;
};

function entries(product: Product, kind: EntryKind, data: EntryData[], documented = true): CatalogueEntry[] {
  const segment = kind === 'httpStatus' ? 'http' : kind === 'errorCode' ? 'code' : 'subcode';
  return data.map((entry) => ({
    id: `${product}/${segment}/${entry.code}`,
    product,
    kind,
    documented,
    success: entry.success ?? false,
    ...entry,
  }));
}

const GESTIX_HTTP = entries('gestix', 'httpStatus', [
  {
    code: '200',
    title: 'OK',
    meaning: 'The request worked and the answer holds the data that was asked for. POST /auth also answers 200.',
    category: 'HTTP status',
    nextStep: step('none', 'Nothing to do.'),
    retryable: false,
    success: true,
  },
  {
    code: '201',
    title: 'Created',
    meaning: 'The server stored what was sent (a document or a record) and answers with its new id.',
    category: 'HTTP status',
    nextStep: step('none', 'Nothing to do.'),
    retryable: false,
    success: true,
  },
  {
    code: '400',
    title: 'Bad request',
    meaning:
      'The request was refused as sent: a query parameter (often the nonce) or the JSON body is missing, malformed, or holds a value the server does not accept.',
    category: 'HTTP status',
    nextStep: step('fixRequest', 'Read the message to find the parameter or field at fault, correct it, and send again with a new nonce.'),
    retryable: false,
  },
  {
    code: '403',
    title: 'Forbidden',
    meaning:
      'The session token is missing, unknown or expired. On GET /helo it means the API token itself was refused or revoked.',
    category: 'HTTP status',
    nextStep: step('signInAgain', 'Sign in again to get a fresh session token, then repeat the request.'),
    retryable: false,
  },
  {
    code: '409',
    title: 'Conflict',
    meaning:
      'Something with the same unique key is already stored. For documents the key is document_set together with seq_number.',
    category: 'HTTP status',
    nextStep: step(
      'checkForDuplicate',
      'Check whether an earlier attempt already stored this document. If it is a different document, give it another seq_number.',
    ),
    retryable: false,
  },
]);

const GESTIX_CODES = entries('gestix', 'errorCode', [
  {
    code: 'INVALID_ARGUMENT',
    title: 'Invalid or missing value',
    meaning:
      'A value the request needs is absent, has the wrong type, or lies outside the accepted range. The message usually names the field.',
    category: 'Validation',
    nextStep: step('fixRequest', 'Correct the field named in the message and send again with a new nonce.'),
    retryable: false,
  },
  {
    code: 'AUTH_FAILED',
    title: 'Authentication refused',
    meaning:
      'The server did not accept the credentials: the API token, the username and password, or the session token obtained from them is wrong, revoked or expired.',
    category: 'Authentication',
    nextStep: step('signInAgain', 'Sign in again. If that fails too, check the stored API token or the username and password.'),
    retryable: false,
  },
  {
    code: 'DB_TIMEOUT',
    title: 'Database timeout',
    meaning:
      'The Gestix database did not answer in time. The request is probably fine; the delay is on the server side and usually passes.',
    category: 'Server',
    nextStep: step('retryLater', `Wait a little (respect Retry-After when the server sends it) and send again with a new nonce. ${SUPPORT}`),
    retryable: true,
  },
  {
    code: 'DUPLICATE_ENTRY',
    title: 'Already exists',
    meaning:
      'Another record already uses this unique key; for documents that means the same document_set and seq_number.',
    category: 'Conflict',
    nextStep: step(
      'checkForDuplicate',
      'Look the document up before sending it again: an earlier attempt may have been stored even though its answer was lost. A different document needs another seq_number.',
    ),
    retryable: false,
  },
]);

const SOVOS_HTTP = entries('sovos', 'httpStatus', [
  {
    code: '400',
    title: 'Bad request',
    meaning: 'Simple Connect found a problem in the submitted data. The errors list names each problem with a subcode.',
    category: 'HTTP status',
    nextStep: step('fixRequest', 'Fix each problem listed under the subcodes and submit again.'),
    retryable: false,
  },
  {
    code: '401',
    title: 'Unauthorized',
    meaning: 'Simple Connect did not accept the credentials, or none were sent.',
    category: 'HTTP status',
    nextStep: step('checkConfiguration', 'Check the Sovos credentials in use (API key and secret, or the HMAC signature and its request date).'),
    retryable: false,
  },
  {
    code: '403',
    title: 'Forbidden',
    meaning: 'The credentials were recognised but they do not give access to this resource or operation.',
    category: 'HTTP status',
    nextStep: step('checkConfiguration', 'Check which account and permissions the credentials carry.'),
    retryable: false,
  },
  {
    code: '408',
    title: 'Request timeout',
    meaning: 'The operation took longer than Simple Connect allows and was abandoned; a slow tax engine is a common cause.',
    category: 'HTTP status',
    nextStep: step('retryLater', `Wait a little and send again. ${SUPPORT}`),
    retryable: true,
  },
  {
    code: '500',
    title: 'Internal server error',
    meaning: 'Simple Connect failed unexpectedly, on its own side or in a service behind it. The request is not known to be wrong.',
    category: 'HTTP status',
    nextStep: step('retryLater', `Try again later. ${SUPPORT}`),
    retryable: true,
  },
]);

const fixField = (text: string) => step('fixRequest', text);

const SOVOS_SUBCODES = entries('sovos', 'subcode', [
  {
    code: '0000',
    title: 'Unexpected error',
    meaning:
      'Something failed that Simple Connect did not foresee, either inside the service or in an external service it relies on. Nothing in the request is known to be wrong.',
    category: 'General',
    nextStep: step('retryLater', `Try again after a short wait. ${SUPPORT}`),
    retryable: true,
  },
  {
    code: '0001',
    title: 'Access refused',
    meaning: 'Access was refused: the caller is not authorised for the resource, or it is forbidden outright.',
    category: 'General',
    nextStep: step('checkConfiguration', 'Check the credentials and the account they belong to.'),
    retryable: false,
  },
  {
    code: '0002',
    title: 'Permission missing',
    meaning: 'The caller is known, but lacks a permission this operation requires.',
    category: 'General',
    nextStep: step('checkConfiguration', 'Ask the administrator of the account to grant the missing permission.'),
    retryable: false,
  },
  {
    code: '0011',
    title: 'Empty text or list',
    meaning: 'A text property or a list was null or empty where a value is required.',
    category: 'Validation',
    nextStep: fixField('Fill in the property named in the message.'),
    retryable: false,
  },
  {
    code: '0012',
    title: 'Empty object or number',
    meaning: 'An object or a numeric property was null or empty where a value is required.',
    category: 'Validation',
    nextStep: fixField('Provide the object or number named in the message.'),
    retryable: false,
  },
  {
    code: '0014',
    title: 'Value too long',
    meaning: 'A value has more characters (or items) than its property allows.',
    category: 'Validation',
    nextStep: fixField('Shorten the value named in the message.'),
    retryable: false,
  },
  {
    code: '0015',
    title: 'Value too short',
    meaning: 'A value has fewer characters (or items) than its property requires.',
    category: 'Validation',
    nextStep: fixField('Lengthen the value named in the message.'),
    retryable: false,
  },
  {
    code: '0016',
    title: 'Unreadable date',
    meaning: 'A date is not written in the expected format (yyyy-MM-dd).',
    category: 'Validation',
    nextStep: fixField('Write the date as yyyy-MM-dd, for example 2025-01-31.'),
    retryable: false,
  },
  {
    code: '0101',
    title: 'Account details missing or invalid',
    meaning: 'The account information the request depends on is absent or not valid.',
    category: 'Administrative information',
    nextStep: step('checkConfiguration', 'Check the account set up for Sovos; if Gestix holds it for you, contact support.'),
    retryable: false,
  },
  {
    code: '0201',
    title: 'Tax engine key refused',
    meaning: 'The authentication key used to reach the tax calculation engine (GTD) is not valid.',
    category: 'Connectivity',
    nextStep: step('checkConfiguration', 'The GTD key is part of the account set-up, not of the document: have it corrected, or contact support.'),
    retryable: false,
  },
  {
    code: '0202',
    title: 'Tax engine timeout',
    meaning: 'The tax calculation engine (GTD) did not answer in time, so no tax could be calculated.',
    category: 'Connectivity',
    nextStep: step('retryLater', `Wait a little and send again with a new nonce. ${SUPPORT}`),
    retryable: true,
  },
  {
    code: '0204',
    title: 'Tax engine unreachable',
    meaning: 'The tax calculation engine (GTD) service could not be found, so the transaction could not be rated.',
    category: 'Connectivity',
    nextStep: step('contactSupport', 'The document is not the cause. Contact support@gestix.com with the request_id and timestamp.'),
    retryable: false,
  },
  {
    code: '1004',
    title: 'Invalid discount',
    meaning: 'A discount amount cannot be accepted, for example because it is negative.',
    category: 'Transaction validation',
    nextStep: fixField('Correct the discount on the document or on its lines.'),
    retryable: false,
  },
  {
    code: '1010',
    title: 'No line items',
    meaning: 'The transaction has no lines; at least one line item is needed to calculate tax.',
    category: 'Transaction validation',
    nextStep: fixField('Add at least one line to the document.'),
    retryable: false,
  },
  {
    code: '1015',
    title: 'Invalid credit/debit indicator',
    meaning: 'The number that marks the transaction as a credit or a debit is not one of the accepted values.',
    category: 'Transaction validation',
    nextStep: fixField('Use an accepted credit/debit indicator value.'),
    retryable: false,
  },
  {
    code: '2005',
    title: 'State not allowed',
    meaning:
      'The transaction cannot be put in the requested state, either because the state is unknown or because the transaction cannot move to it (a committed transaction cannot change).',
    category: 'Transaction state validation',
    nextStep: fixField('Request a state the transaction can take from where it is now.'),
    retryable: false,
  },
  {
    code: '3000',
    title: 'Too many lines',
    meaning: 'The transaction has more lines than the configured maximum allows.',
    category: 'Configuration validation',
    nextStep: fixField('Split the document into smaller ones.'),
    retryable: false,
  },
  {
    code: '99692',
    title: 'Refused by the tax engine',
    meaning:
      'The tax calculation engine (GTD) rejected the transaction during its own checks. Typical reasons: an organisation name it does not know, a currency that is not a valid ISO code, or a discount below zero. The message gives the engine’s reason.',
    category: 'Tax calculation engine errors',
    nextStep: fixField('Correct the value the engine objects to (organisation, currency code, discount) and send again.'),
    retryable: false,
  },
]);

/** Statuses seen in practice (gateways, proxies, the sandbox) that neither product documents. */
const GENERAL_HTTP = entries(
  'http',
  'httpStatus',
  (
    [
      ['401', 'Unauthorized', 'The server wants credentials that were not sent or not accepted.', 'signInAgain', 'Sign in again.'],
      ['404', 'Not found', 'Nothing answers at this path.', 'checkConfiguration', 'Check the server URL, the account and the API version in the settings.'],
      ['405', 'Method not allowed', 'The path exists but does not accept this HTTP method.', 'fixRequest', 'Use the method the endpoint accepts.'],
      ['408', 'Request timeout', 'The server gave up waiting for the request to complete.', 'retryLater', `Wait a little and try again. ${SUPPORT}`],
      ['413', 'Payload too large', 'The body is larger than the server accepts.', 'fixRequest', 'Send a smaller document.'],
      ['415', 'Unsupported media type', 'The body is not in a format the server accepts.', 'fixRequest', 'Send the body as application/json.'],
      ['429', 'Too many requests', 'The server is limiting how often it can be called.', 'retryLater', 'Slow down, wait a little and try again.'],
      ['500', 'Internal server error', 'The server failed while handling the request.', 'retryLater', `Try again later. ${SUPPORT}`],
      ['502', 'Bad gateway', 'A proxy or gateway in front of the server got no usable answer from it.', 'retryLater', `Try again later. ${SUPPORT}`],
      ['503', 'Service unavailable', 'The server cannot handle requests right now (overload, maintenance, a slow database).', 'retryLater', `Wait a little and try again. ${SUPPORT}`],
      ['504', 'Gateway timeout', 'A proxy or gateway in front of the server waited too long for it.', 'retryLater', `Try again later. ${SUPPORT}`],
    ] as Array<[string, string, string, NextAction, string]>
  ).map(([code, title, meaning, action, text]) => ({
    code,
    title,
    meaning,
    category: 'HTTP status',
    nextStep: step(action, text),
    retryable: action === 'retryLater',
  })),
  false,
);

export const CATALOGUE: readonly CatalogueEntry[] = Object.freeze([
  ...GESTIX_HTTP,
  ...GESTIX_CODES,
  ...SOVOS_HTTP,
  ...SOVOS_SUBCODES,
  ...GENERAL_HTTP,
]);

const byId = new Map(CATALOGUE.map((entry) => [entry.id, entry]));

export function entryById(id: string): CatalogueEntry | undefined {
  return byId.get(id);
}

export function entriesOf(product: Product, kind?: EntryKind): CatalogueEntry[] {
  return CATALOGUE.filter((entry) => entry.product === product && (kind === undefined || entry.kind === kind));
}

/** The four apiError codes, in catalogue order. */
export const GESTIX_ERROR_CODES: readonly string[] = GESTIX_CODES.map((entry) => entry.code);

/** Wire spellings (the titles above are ours and use sentence case). */
export const STANDARD_REASONS: Readonly<Record<string, string>> = {
  '200': 'OK',
  '201': 'Created',
  '400': 'Bad Request',
  '401': 'Unauthorized',
  '403': 'Forbidden',
  '404': 'Not Found',
  '405': 'Method Not Allowed',
  '408': 'Request Timeout',
  '409': 'Conflict',
  '413': 'Payload Too Large',
  '415': 'Unsupported Media Type',
  '429': 'Too Many Requests',
  '500': 'Internal Server Error',
  '502': 'Bad Gateway',
  '503': 'Service Unavailable',
  '504': 'Gateway Timeout',
};
