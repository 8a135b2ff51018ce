// Hovers: on a token of the active editor, and the text of the hover showing (tooltips included).
import type { Locator, Page } from 'playwright-core';
import { delay } from './processes';
import type { Files } from './files';
import type { QuickInput } from './quickInput';
import { STEP_TIMEOUT_MS } from './timeouts';

interface TokenPoint {
  x: number;
  y: number;
  inView: boolean;
}

export class Hovers {
  constructor(
    private readonly page: Page,
    private readonly quickInput: QuickInput,
    private readonly files: Files,
  ) {}

  /** Every hover widget, e.g. to look for links in what they render. */
  root(): Locator {
    return this.page.locator('.monaco-hover');
  }

  /**
   * Moves the mouse onto the first occurrence of `token` in the active editor, scrolling it into
   * view with the find widget when it is off screen (e.g. past the right edge of a long line).
   */
  async hoverOver(token: string): Promise<void> {
    let point = await this.tokenPoint(token);
    if (!point?.inView) {
      await this.files.reveal(token);
      point = await this.tokenPoint(token);
    }
    if (!point?.inView) throw new Error(`"${token}" is not visible in the active editor`);
    // The editor shows hovers on mouse movement, not on a pointer that appears in place.
    await this.page.mouse.move(point.x - 20, point.y);
    await this.page.mouse.move(point.x, point.y, { steps: 5 });
    await delay(200);
    await this.page.mouse.move(point.x + 1, point.y);
  }

  private async tokenPoint(token: string): Promise<TokenPoint | undefined> {
    return this.page.evaluate<TokenPoint | undefined>(`(${TOKEN_POINT_IN_PAGE})(${JSON.stringify(token)})`);
  }

  /** Text of the hover that is showing, waiting for one to appear. */
  async text(timeoutMs = STEP_TIMEOUT_MS): Promise<string> {
    const hover = this.page.locator('.monaco-hover:not(.hidden):visible').filter({ has: this.page.locator('.hover-contents, .hover-row') });
    await hover.first().waitFor({ state: 'visible', timeout: timeoutMs });
    return (await hover.first().innerText()).trim();
  }

  /**
   * The hover of a token. The mouse is tried first, as a user would. Once a webview has had the
   * pointer, synthetic mouse events can stay with its frame; then the cursor is moved onto the token
   * with Find and the hover is asked for from the keyboard, which runs the same providers.
   */
  async of(token: string): Promise<string> {
    // The pointer passes over other lines on its way, whose hover may be the one still showing.
    for (let attempt = 0; attempt < 2; attempt++) {
      await this.hoverOver(token);
      const shown = await this.text(4000).catch(() => '');
      if (shown.includes(token)) return shown;
      await this.page.keyboard.press('Escape');
    }
    await this.files.moveCursorTo(token);
    await this.quickInput.runCommand('Show or Focus Hover');
    return this.text();
  }
}

/**
 * Runs in the page (this project compiles without DOM types, hence a string): the centre of the
 * middle character of the first rendered occurrence of a text in an editor, and whether that point
 * lies inside the editor's visible text area (a long line renders past its right edge).
 */
const TOKEN_POINT_IN_PAGE = `(wanted) => {
  for (const line of document.querySelectorAll('.part.editor .editor-instance .monaco-editor .view-line')) {
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    const nodes = [];
    let text = '';
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      nodes.push(node);
      text += node.textContent;
    }
    const index = text.replace(/\u00a0/g, ' ').indexOf(wanted); // Monaco renders spaces as U+00A0
    if (index < 0) continue;
    const middle = index + Math.floor(wanted.length / 2);
    let offset = 0;
    for (const node of nodes) {
      const length = node.textContent.length;
      if (middle < offset + length) {
        const range = document.createRange();
        range.setStart(node, middle - offset);
        range.setEnd(node, middle - offset + 1);
        const box = range.getBoundingClientRect();
        const x = box.left + box.width / 2;
        const y = box.top + box.height / 2;
        const editor = line.closest('.monaco-editor');
        const scrollable = editor.querySelector('.editor-scrollable');
        const view = scrollable.getBoundingClientRect();
        // The minimap and the scrollbar sit on top of the right edge of the text area.
        const covers = [...editor.querySelectorAll('.minimap'), ...scrollable.querySelectorAll(':scope > .scrollbar.vertical')]
          .map((e) => e.getBoundingClientRect())
          .filter((r) => r.width > 0);
        const right = Math.min(view.right, ...covers.map((r) => r.left));
        const inView = x > view.left + 4 && x < right - 8 && y > view.top && y < view.bottom - 4;
        return { x, y, inView };
      }
      offset += length;
    }
  }
  return undefined;
}`;
