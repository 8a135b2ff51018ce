// The view model a failed response is decoded into: the error panel, the notifications and the
// support text are all built from a `DecodedError`. Plain data only; decode.ts builds it.
import type { NetworkReason } from '../http/result';
import type { CatalogueEntry, Product, ProductLineInfo } from '../codes/catalogue';
import type { FieldLocation, FieldReference } from './field';
import type { ResponseShapeKind } from './shape';
import type { Timestamp } from './timestamp';

export const RAW_BODY_LIMIT = 200_000;
export const MESSAGE_LIMIT = 2_000;
export const ENTRY_LIMIT = 100;

/** One code or subcode from the body, decoded, with what the server said about it. */
export interface DecodedEntry {
  /** As the server wrote it. */
  token: string;
  /** Canonical spelling: `SMAR-0011`, `INVALID_ARGUMENT`. */
  code: string;
  entry: CatalogueEntry;
  known: boolean;
  productLine?: ProductLineInfo;
  message?: string;
  field?: FieldReference;
}

export interface HttpStatusInfo {
  code: number;
  entry: CatalogueEntry;
  /** Where the number came from: the response itself, a pasted status line, the body, or the error code. */
  source: 'response' | 'statusLine' | 'body' | 'inferred';
}

export type SuggestedAction =
  | { kind: 'signInAgain' }
  | { kind: 'retry'; afterSeconds?: number }
  | { kind: 'goToField'; field: FieldReference; location?: FieldLocation }
  | { kind: 'copySupportDetails' };

export interface RawBody {
  /** The body for display: pretty-printed when it is JSON, cut at `RAW_BODY_LIMIT` characters. */
  text: string;
  pretty: boolean;
  /** True when `text` is shorter than the body (cut here or already by the client). */
  truncated: boolean;
  /** Length of the body that was decoded. */
  length: number;
  contentType?: string;
  isHtml: boolean;
}

export interface DecodedError {
  /** One plain-language sentence. Contains server text only as quoted plain text, never markup. */
  headline: string;
  origin: 'response' | 'network' | 'unexpectedResponse' | 'text';
  status?: HttpStatusInfo;
  shape: ResponseShapeKind;
  /** Which API produced the body, when the shape tells. */
  product?: Product;
  /** Format 1's outer message (about the endpoint) or Format 2's error name. */
  summary?: string;
  entries: DecodedEntry[];
  /** Entries beyond `ENTRY_LIMIT` that were left out. */
  omittedEntries: number;
  /** Every message from the body, in order, capped in length. */
  messages: string[];
  method?: string;
  /** The path the server reported, or else the path that was requested. */
  path?: string;
  requestId?: string;
  timestamp?: Timestamp;
  /** The first field a message names. */
  field?: FieldReference;
  /** Where `field` is in the sent document, when one was given and the key is in it. */
  fieldLocation?: FieldLocation;
  retryable: boolean;
  retryAfterSeconds?: number;
  actions: SuggestedAction[];
  raw: RawBody;
  network?: { reason: NetworkReason; mayHaveReachedServer: boolean };
}

/** What was found in a response: the headline and the suggested actions are worded from it. */
export type DecodedFindings = Omit<DecodedError, 'actions' | 'headline'>;
