import type { Locator, Page } from "playwright-core";
import { pollUntil } from "./poll";

/** Waits until the workbench has rendered its editor area and status bar. */
export async function waitForWorkbench(page: Page, timeoutMs: number): Promise<void> {
  await page.locator(".monaco-workbench .part.editor").waitFor({ timeout: timeoutMs });
  await page.locator(".monaco-workbench .part.statusbar").waitFor({ timeout: timeoutMs });
}

/** The rendered editor line whose text contains `text`, which must not contain spaces. */
export function editorLine(page: Page, text: string): Locator {
  // Monaco renders spaces as non-breaking spaces, which text matching would have to normalize.
  if (text.includes(" ")) {
    throw new Error(`editorLine("${text}"): pass text without spaces.`);
  }
  return page.locator(".monaco-editor .view-lines .view-line", { hasText: text });
}

/** Opens the Problems panel with its keyboard shortcut, as a person would. */
export async function openProblemsPanel(page: Page, timeoutMs: number): Promise<void> {
  await page.keyboard.press("Control+Shift+M");
  await page.locator(".markers-panel").waitFor({ state: "visible", timeout: timeoutMs });
}

/** Polls the Problems panel until a row contains every string in `texts`; returns its text. */
export async function waitForProblemRow(
  page: Page,
  texts: string[],
  timeoutMs: number,
): Promise<string> {
  const rows = page.locator(".markers-panel .monaco-list-row");
  let seen: string[] = [];
  return pollUntil(
    async () => {
      seen = await rows.allInnerTexts();
      return seen.find((row) => texts.every((text) => row.includes(text)));
    },
    { description: `a Problems row with ${JSON.stringify(texts)}`, timeoutMs },
    () => JSON.stringify(seen),
  );
}

/**
 * Finds the squiggle that Monaco draws on the rendered line containing `lineText`: a decoration
 * in the overlay layer whose vertical extent lies within that line. Returns its bounding box.
 */
export async function waitForSquiggle(
  page: Page,
  lineText: string,
  severity: "error" | "warning" | "info" | "hint",
  timeoutMs: number,
): Promise<{ x: number; y: number; width: number; height: number }> {
  const line = editorLine(page, lineText);
  const squiggles = page.locator(`.monaco-editor .view-overlays .squiggly-${severity}`);
  return pollUntil(
    async () => {
      const lineBox = await line.boundingBox();
      if (lineBox === null) {
        return undefined;
      }
      for (const box of await boxesOf(squiggles)) {
        const middle = box.y + box.height / 2;
        if (middle >= lineBox.y && middle <= lineBox.y + lineBox.height) {
          return box;
        }
      }
      return undefined;
    },
    { description: `a ${severity} squiggle on the line "${lineText}"`, timeoutMs },
  );
}

async function boxesOf(locator: Locator) {
  const boxes = [];
  for (const element of await locator.all()) {
    const box = await element.boundingBox();
    if (box !== null) {
      boxes.push(box);
    }
  }
  return boxes;
}

/** Polls the visible hover widget until its text contains `expected`; returns the text. */
export async function waitForHoverText(
  page: Page,
  expected: string,
  timeoutMs: number,
): Promise<string> {
  const hover = page.locator(".monaco-hover:not(.hidden)").first();
  let seen = "";
  return pollUntil(
    async () => {
      seen = (await hover.isVisible()) ? await hover.innerText() : "";
      return seen.includes(expected) ? seen : undefined;
    },
    { description: `a hover containing "${expected}"`, timeoutMs },
    () => JSON.stringify(seen),
  );
}

/** Polls the code action menu until an item is focused; returns that item's text. */
export async function waitForFocusedCodeAction(page: Page, timeoutMs: number): Promise<string> {
  const focused = page.locator(".action-widget .monaco-list-row.action.focused").first();
  return pollUntil(
    async () => ((await focused.isVisible()) ? (await focused.innerText()).trim() : undefined),
    { description: "the code action menu with a focused item", timeoutMs },
  );
}

/**
 * Polls the editor's suggestion list until an item is focused; returns its text, which contains
 * the label and, for the focused item, its detail.
 */
export async function waitForFocusedSuggestion(page: Page, timeoutMs: number): Promise<string> {
  const focused = page.locator(".editor-widget.suggest-widget .monaco-list-row.focused").first();
  return pollUntil(
    async () => ((await focused.isVisible()) ? (await focused.innerText()).trim() : undefined),
    { description: "the suggestion list with a focused item", timeoutMs },
  );
}
