// The documents the sandbox holds. One store per sandbox (one account); ids are shared by all
// kinds and start at 1001 so tests can predict them. The duplicate key is document_set +
// seq_number within one endpoint.
import { PAYABLE_KINDS, type DocumentKind } from '../core/wire';
import type { StoredDocument } from './types';

export const FIRST_DOCUMENT_ID = 1001;
/** Enough for the longest benchmark and fault storm; beyond it a create is refused, so memory stays bounded. */
export const MAX_STORED_DOCUMENTS = 100_000;
/** Seeded documents are dated over this many days from 2026-01-01. */
export const SEEDED_DAYS = 90;

function duplicateKey(kind: DocumentKind, documentSet: string, seqNumber: string): string {
  return JSON.stringify([kind, documentSet, seqNumber]);
}

export class DocumentStore {
  private nextId = FIRST_DOCUMENT_ID;
  private readonly byId = new Map<number, StoredDocument>();
  private readonly byKey = new Map<string, StoredDocument>();
  /** The last number given in each series, when the server numbers documents itself. */
  private readonly lastInSeries = new Map<string, number>();

  constructor(
    private readonly account: string,
    readonly capacity = MAX_STORED_DOCUMENTS,
  ) {}

  get full(): boolean {
    return this.byId.size >= this.capacity;
  }

  findDuplicate(kind: DocumentKind, documentSet: string, seqNumber: string): StoredDocument | undefined {
    return this.byKey.get(duplicateKey(kind, documentSet, seqNumber));
  }

  /** The next seq_number of a series, as a server that numbers documents itself assigns it: FT2025/1, FT2025/2, … */
  nextNumber(kind: DocumentKind, documentSet: string, date: string): string {
    const year = /^\d{4}/.exec(date)?.[0] ?? new Date().toISOString().slice(0, 4);
    const series = duplicateKey(kind, documentSet, year);
    const number = (this.lastInSeries.get(series) ?? 0) + 1;
    this.lastInSeries.set(series, number);
    return `${documentSet}${year}/${number}`;
  }

  /** Stores `body`, which the store then owns: the caller passes a value parsed for it alone. */
  add(kind: DocumentKind, body: Record<string, unknown>, nonce: string, now = new Date()): StoredDocument {
    const id = this.nextId++;
    const createdAt = now.toISOString();
    const day = createdAt.slice(0, 10);
    const stored: StoredDocument = {
      id,
      kind,
      account: this.account,
      document: Object.assign(body, { id, created: day, updated: day }),
      nonce,
      createdAt,
    };
    this.byId.set(id, stored);
    this.byKey.set(duplicateKey(kind, String(body.document_set), String(body.seq_number)), stored);
    return stored;
  }

  /**
   * Stores `count` made-up documents of `kind` at once (as many as there is room for), for tests and
   * benchmarks that need a long list: series SD, numbered by id, dated one day apart from
   * 2026-01-01 over 90 days, so date filters select a known share. Returns how many were stored.
   */
  seed(kind: DocumentKind, count: number, now = new Date()): number {
    const room = Math.max(0, Math.min(count, this.capacity - this.byId.size));
    for (let index = 0; index < room; index += 1) {
      const day = new Date(Date.UTC(2026, 0, 1 + ((this.nextId - FIRST_DOCUMENT_ID) % SEEDED_DAYS))).toISOString().slice(0, 10);
      const party = PAYABLE_KINDS.has(kind) ? 'supplier' : 'customer';
      this.add(
        kind,
        {
          document_set: 'SD',
          seq_number: `SD2026/${this.nextId}`,
          date: day,
          currency: 'EUR',
          total_amount: 100 + (this.nextId % 50),
          [party]: { name: `Cliente ${this.nextId % 7}` },
        },
        '',
        now,
      );
    }
    return room;
  }

  get(kind: DocumentKind, id: number): StoredDocument | undefined {
    const stored = this.byId.get(id);
    return stored?.kind === kind ? stored : undefined;
  }

  /** Ordered by id, i.e. by creation. */
  list(kind?: DocumentKind): StoredDocument[] {
    const all = [...this.byId.values()];
    return kind === undefined ? all : all.filter((stored) => stored.kind === kind);
  }

  clear(): void {
    this.byId.clear();
    this.byKey.clear();
    this.lastInSeries.clear();
    this.nextId = FIRST_DOCUMENT_ID;
  }
}
