import type { Frame, Page } from "playwright-core";
import { pollUntil } from "./poll";

/**
 * Runs a command from the command palette as a person would: F1, type the title, wait until the
 * focused entry is that title, then Enter.
 */
export async function runFromCommandPalette(
  page: Page,
  title: string,
  timeoutMs: number,
): Promise<void> {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget .quick-input-box input");
  await input.waitFor({ state: "visible", timeout: timeoutMs });
  // The palette opens with ">" typed, which selects commands, and the title follows it.
  await input.pressSequentially(title);
  const focused = page.locator(".quick-input-widget .monaco-list-row.focused");
  let seen = "";
  await pollUntil(
    async () => {
      seen = (await focused.isVisible()) ? await focused.innerText() : "";
      return seen.split("\n")[0].trim() === title ? true : undefined;
    },
    { description: `the command palette to focus "${title}"`, timeoutMs },
    () => JSON.stringify(seen),
  );
  await page.keyboard.press("Enter");
}

/**
 * Finds the frame that shows a webview's page. In VS Code for the web a webview is an iframe
 * (iframe.webview, from .../webview/browser/pre/index.html) holding another iframe with the
 * extension's HTML, so the page is the frame in which `selector` exists.
 */
export async function findWebviewFrame(
  page: Page,
  selector: string,
  timeoutMs: number,
): Promise<Frame> {
  let urls: string[] = [];
  return pollUntil(
    async () => {
      const frames = page.frames();
      urls = frames.map((frame) => frame.url());
      for (const frame of frames) {
        if (
          (await frame
            .locator(selector)
            .count()
            .catch(() => 0)) > 0
        ) {
          return frame;
        }
      }
      return undefined;
    },
    { description: `a webview frame containing ${selector}`, timeoutMs },
    () => `frames ${JSON.stringify(urls)}`,
  );
}

/** Tells whether a URL is of a webview frame: the outer one or the one with the extension's HTML. */
export function isWebviewFrameUrl(url: string): boolean {
  return url.includes("/webview/browser/pre/") || url.includes(".vscode-resource.");
}

export interface EvaluateSummary {
  text: string;
  backend: string | undefined;
  /** The backend line, such as "Backend: WebGL (the first that started of WebGL, wasm and cpu)." */
  backendStatus: string;
  builtinStatuses: string[];
}

/**
 * Waits until the Evaluate Sample page has no run in progress and its summary reads
 * "N of M passed", then reads the summary, the backend and the built-in table's row statuses.
 */
export async function waitForEvaluateSummary(
  frame: Frame,
  timeoutMs: number,
  accept: (summary: EvaluateSummary) => boolean = () => true,
): Promise<EvaluateSummary> {
  let last: EvaluateSummary | undefined;
  return pollUntil(
    async () => {
      const summary = frame.locator("[data-testid=summary]");
      if ((await summary.getAttribute("data-state")) !== "done") {
        return undefined;
      }
      last = {
        text: ((await summary.textContent()) ?? "").trim(),
        backend: (await summary.getAttribute("data-backend")) ?? undefined,
        backendStatus: ((await frame.locator("[data-testid=backend]").textContent()) ?? "").trim(),
        builtinStatuses: await frame
          .locator("[data-testid=results-builtin] tbody tr")
          .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-status") ?? "")),
      };
      return /^\d+ of \d+ passed$/.test(last.text) && accept(last) ? last : undefined;
    },
    { description: 'the Evaluate Sample summary to read "N of M passed"', timeoutMs },
    () => JSON.stringify(last),
  );
}
