// The error panel's model, worded for the page. The words come from the adapter, in the window's
// language (src/vscode/errorPanelWording.ts); this module only decides which words go where.
import type { BodyShape, PanelAction, PanelBadge, PanelDetailId, PanelModel, PanelSource } from './panelModel';
import type { PanelView } from './panelProtocol';

export interface PanelWording {
  actionLabel(action: PanelAction, model: PanelModel): string;
  actionsLabel: string;
  httpStatus(status: number): string;
  network: string;
  bodyShapes: Readonly<Record<BodyShape, string>>;
  undocumentedCode(code: string): string;
  entriesHeading(count: number): string;
  messagesHeading: string;
  detailsHeading: string;
  detailTerms: Readonly<Record<PanelDetailId, string>>;
  retryQuestion: string;
  retryHelps: string;
  retryDoesNotHelp: string;
  rawSize(length: number, contentType: string | undefined): string;
  rawEmpty: string;
  /** The body's label when the panel shows a code looked up on its own. */
  rawOfLookup: string;
  rawCut: string;
}

function badgeText(badge: PanelBadge, wording: PanelWording): string {
  switch (badge.kind) {
    case 'httpStatus':
      return wording.httpStatus(badge.status);
    case 'network':
      return wording.network;
    case 'bodyShape':
      return wording.bodyShapes[badge.shape];
    case 'name':
      return badge.name;
  }
}

function rawLabel(source: PanelSource, wording: PanelWording): string {
  if (source.kind === 'lookup') return wording.rawOfLookup;
  return source.length === 0 ? wording.rawEmpty : wording.rawSize(source.length, source.contentType);
}

function detailRows(model: PanelModel, wording: PanelWording): [string, string][] {
  const rows = model.details.map(([id, value]): [string, string] => [wording.detailTerms[id], value]);
  const source = model.source;
  if (source.kind !== 'lookup') return rows;
  return [[wording.retryQuestion, source.retryable ? wording.retryHelps : wording.retryDoesNotHelp], ...rows];
}

export function buildPanelView(model: PanelModel, wording: PanelWording): PanelView {
  const source = model.source;
  return {
    headline: source.kind === 'lookup' && !source.documented ? wording.undocumentedCode(source.code) : model.headline,
    badges: model.badges.map((badge) => badgeText(badge, wording)),
    statusLine: model.statusLine,
    actions: model.actions.map((action) => ({ id: action.id, label: wording.actionLabel(action, model), primary: action.primary === true })),
    actionsLabel: wording.actionsLabel,
    entries: {
      heading: wording.entriesHeading(model.entries.length),
      items: model.entries.map((entry) => ({
        code: entry.code,
        category: entry.category,
        explanation: `${entry.title}. ${entry.meaning}`,
        ...(entry.serverMessage ? { serverMessage: entry.serverMessage } : {}),
        ...(entry.nextStep ? { nextStep: entry.nextStep } : {}),
      })),
    },
    messages: { heading: wording.messagesHeading, items: model.messages },
    details: { heading: wording.detailsHeading, rows: detailRows(model, wording) },
    raw: { label: rawLabel(source, wording), text: model.raw, ...(source.kind === 'response' && source.cut ? { notice: wording.rawCut } : {}) },
  };
}
