// Wire shapes of the Gestix ERP API v4 and of Sovos Simple Connect error bodies.

export const DOCUMENT_KINDS = [
  'invoices',
  'orders',
  'receipts',
  'purchases',
  'purchase_orders',
  'transfer_orders',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** Sales documents are rated by Sovos receivables (SMAR); purchases by payables (SMAP). */
export const PAYABLE_KINDS: ReadonlySet<DocumentKind> = new Set(['purchases', 'purchase_orders']);

export function isDocumentKind(value: unknown): value is DocumentKind {
  return typeof value === 'string' && (DOCUMENT_KINDS as readonly string[]).includes(value);
}

export const REQUIRED_DOCUMENT_FIELDS = ['document_set', 'seq_number', 'date', 'currency', 'total_amount'] as const;

export interface ApiErrorBody {
  code: string;
  message: string;
  timestamp: string;
  path?: string;
  request_id?: string;
}

/** Longer than any series or number Gestix issues: a server's longer text is cut where it is read. */
export const DOCUMENT_NUMBER_LIMIT = 100;

export interface DocumentCreated {
  id: number;
  documentSeries?: string;
  documentNumber?: string;
  url?: string;
}

export interface StatusVersions {
  called_api_version: string;
  current_api_version: string;
}

export interface StatusResponse {
  status: string;
  server_time: string;
  versions: StatusVersions;
  errors: ApiErrorBody[];
}

export interface SovosSubError {
  subcode: string;
  message: string;
}

/** Sovos Simple Connect's own errors. `status` repeats the HTTP status, as a string or a number. */
export interface SovosFormat1 {
  status: string | number;
  errors: SovosSubError[];
  message: string;
  success: false;
}

/** Framework-style errors (gateway, unknown routes). `timestamp` is epoch milliseconds as text. */
export interface SovosFormat2 {
  timestamp: string | number;
  status: string | number;
  error: string;
  message: string;
  path: string;
}
