// The workbench's context menus (the editor's, the Explorer's): what they offer, read from the DOM.
import type { Locator, Page } from 'playwright-core';

/** The context menu showing (the browser workbench draws its own, never the system's). */
export function contextMenu(page: Page): Locator {
  return page.locator('.context-view .monaco-menu');
}

/**
 * Right-clicks `target` and returns the labels of the menu that opens, leaving it open (for a
 * screenshot); Escape closes it.
 */
export async function openContextMenu(page: Page, target: Locator): Promise<string[]> {
  await target.click({ button: 'right' });
  const menu = contextMenu(page);
  await menu.locator('.action-item').first().waitFor({ state: 'visible' });
  // The menu fades in; a screenshot taken before the end would show it half drawn.
  await page.waitForFunction(MENU_DRAWN_IN_PAGE);
  return (await menu.locator('.action-item .action-label').allInnerTexts()).map((label) => label.trim()).filter((label) => label !== '');
}

/** Runs in the page (this project compiles without DOM types, hence a string): no animation of the menu is running. */
const MENU_DRAWN_IN_PAGE = `[...document.querySelectorAll('.context-view')].every((view) => view.getAnimations({ subtree: true }).every((animation) => animation.playState !== 'running'))`;
