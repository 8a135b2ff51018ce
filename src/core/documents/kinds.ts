import { DOCUMENT_KINDS, type DocumentKind } from '../wire';

export interface DocumentKindInfo {
  kind: DocumentKind;
  label: string;
  /** File names ending like this are documents of this kind (and get its JSON schema). */
  fileSuffixes: readonly string[];
}

export const DOCUMENT_KIND_INFO: Readonly<Record<DocumentKind, DocumentKindInfo>> = {
  invoices: { kind: 'invoices', label: 'Invoice', fileSuffixes: ['.invoice.json'] },
  orders: { kind: 'orders', label: 'Order', fileSuffixes: ['.order.json'] },
  receipts: { kind: 'receipts', label: 'Receipt', fileSuffixes: ['.receipt.json'] },
  purchases: { kind: 'purchases', label: 'Purchase', fileSuffixes: ['.purchase.json'] },
  purchase_orders: { kind: 'purchase_orders', label: 'Purchase order', fileSuffixes: ['.purchase-order.json', '.purchase_order.json'] },
  transfer_orders: { kind: 'transfer_orders', label: 'Transfer order', fileSuffixes: ['.transfer-order.json', '.transfer_order.json'] },
};

export function kindFromFileName(fileName: string): DocumentKind | undefined {
  const lower = fileName.toLowerCase();
  return DOCUMENT_KINDS.find((kind) => DOCUMENT_KIND_INFO[kind].fileSuffixes.some((suffix) => lower.endsWith(suffix)));
}
