// The workbench's context menus (the editor's, the Explorer's, the Accounts menu): what they offer, read from the DOM.
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
  return shownMenuLabels(page);
}

/** Waits for a menu to open and be drawn whole; returns the labels of its rows (and of any submenu open in it). */
export async function shownMenuLabels(page: Page): Promise<string[]> {
  const menu = contextMenu(page);
  await menu.locator('.action-item').first().waitFor({ state: 'visible' });
  await waitForMenusDrawn(page);
  return (await menu.locator('.action-item .action-label').allInnerTexts()).map((label) => label.trim()).filter((label) => label !== '');
}

/** Menus and submenus fade in; a screenshot taken before the end would show them half drawn. */
export async function waitForMenusDrawn(page: Page): Promise<void> {
  await page.waitForFunction(MENU_DRAWN_IN_PAGE);
}

/** Runs in the page (this project compiles without DOM types, hence a string): no animation of the menu is running. */
const MENU_DRAWN_IN_PAGE = `[...document.querySelectorAll('.context-view')].every((view) => view.getAnimations({ subtree: true }).every((animation) => animation.playState !== 'running'))`;
