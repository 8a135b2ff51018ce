// Document kinds as people read them, in the display language. The core's DOCUMENT_KIND_INFO labels
// are English data (logs, reports); these are for notifications, pickers and titles.
import vscode = require('vscode');
import type { DocumentKind } from '../core/wire';

/** Capitalised, at the start of a sentence or as a picker label: "Invoice". */
export function kindLabel(kind: DocumentKind): string {
  switch (kind) {
    case 'invoices':
      return vscode.l10n.t('Invoice');
    case 'orders':
      return vscode.l10n.t('Order');
    case 'receipts':
      return vscode.l10n.t('Receipt');
    case 'purchases':
      return vscode.l10n.t('Purchase');
    case 'purchase_orders':
      return vscode.l10n.t('Purchase order');
    case 'transfer_orders':
      return vscode.l10n.t('Transfer order');
  }
}

/** Inside a sentence, lower case: "The {kind} is not valid JSON". */
export function kindNoun(kind: DocumentKind): string {
  switch (kind) {
    case 'invoices':
      return vscode.l10n.t('invoice');
    case 'orders':
      return vscode.l10n.t('order');
    case 'receipts':
      return vscode.l10n.t('receipt');
    case 'purchases':
      return vscode.l10n.t('purchase');
    case 'purchase_orders':
      return vscode.l10n.t('purchase order');
    case 'transfer_orders':
      return vscode.l10n.t('transfer order');
  }
}

/** A list of them, as a heading: "Invoices". */
export function kindPluralLabel(kind: DocumentKind): string {
  switch (kind) {
    case 'invoices':
      return vscode.l10n.t('Invoices');
    case 'orders':
      return vscode.l10n.t('Orders');
    case 'receipts':
      return vscode.l10n.t('Receipts');
    case 'purchases':
      return vscode.l10n.t('Purchases');
    case 'purchase_orders':
      return vscode.l10n.t('Purchase orders');
    case 'transfer_orders':
      return vscode.l10n.t('Transfer orders');
  }
}
