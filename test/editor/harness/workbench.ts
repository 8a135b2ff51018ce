// What differs between the workbenches under test — VS Code 1.100 at the engines floor and the
// newest — kept in one place, so that scenarios never ask which editor they run in.
import type { Locator } from 'playwright-core';

/**
 * From VS Code 1.10x on, the Chat side bar opens beside the editor by default and narrows it: the
 * walkthrough then hides its pages and long lines wrap. These keep the newest laid out like the
 * floor; VS Code 1.100 does not know them and ignores them.
 */
export const NEWER_WORKBENCH_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
};

/**
 * Types into a one-line Monaco editor used as an input box (the Settings editor's search). VS Code
 * 1.100 takes text through a hidden textarea, newer versions through a native EditContext element
 * (the textarea stays, read-only): clicking the editor focuses whichever the version has.
 */
export async function typeIntoMonacoInput(input: Locator, text: string): Promise<void> {
  await input.click();
  await input.page().keyboard.type(text);
}
