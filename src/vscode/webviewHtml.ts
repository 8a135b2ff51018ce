// Text put into a webview's HTML: escaped, so that it can only ever be text.
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
