import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { REPO_ROOT } from "../../helpers/paths";

export const CHROMIUM = "/usr/bin/chromium";
export const SCREENSHOTS = path.join(REPO_ROOT, "test-results", "webview");

/** Headless Chromium without a GPU, Google's services or a sandbox (tests run as root). */
const BASE_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
];

/** Lets WebGL run on SwiftShader, Chromium's software renderer. */
export const SOFTWARE_WEBGL_ARGS = ["--use-angle=swiftshader", "--enable-unsafe-swiftshader"];

export const RUN_TIMEOUT_MS = 60_000;

/**
 * Returns the reason to skip the browser tests, or false. Under CI nothing is skipped, so that a CI
 * machine without Chromium fails instead of passing quietly.
 */
export function skipWithoutChromium(): string | false {
  if (existsSync(CHROMIUM) || process.env.CI) {
    return false;
  }
  return `${CHROMIUM} not found; install Debian's chromium package`;
}

export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...BASE_ARGS, ...extraArgs],
  });
}

/** A page of the preview with everything the tests check recorded: errors, CSP, requests. */
export interface PreviewPage {
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
  consoleWarnings: string[];
  cspViolations: string[];
  /** Requests to anything but the preview server. */
  outsideRequests: string[];
}

/**
 * Opens `url` in a fresh context (so sessionStorage starts empty) and records console errors,
 * page errors, CSP violations from the `securitypolicyviolation` event and from the console,
 * and requests that leave the preview's origin. With `webgl` false the page finds no WebGL, as
 * on a machine without it, so that it falls back to wasm. That also saves the 4 s that its first
 * run spends compiling shaders in SwiftShader on this kind of machine.
 */
export async function openPreview(
  browser: Browser,
  url: string,
  { webgl = false }: { webgl?: boolean } = {},
): Promise<PreviewPage> {
  const origin = new URL(url).origin;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  const page = await context.newPage();
  const recorded: PreviewPage = {
    context,
    page,
    consoleErrors: [],
    consoleWarnings: [],
    cspViolations: [],
    outsideRequests: [],
  };

  page.on("console", (message) => {
    const text = message.text();
    if (message.type() === "error") {
      recorded.consoleErrors.push(text);
    } else if (message.type() === "warning") {
      recorded.consoleWarnings.push(text);
    }
    if (/Content.Security.Policy/i.test(text)) {
      recorded.cspViolations.push(text);
    }
  });
  page.on("pageerror", (error) => recorded.consoleErrors.push(`uncaught: ${error.message}`));
  page.on("request", (request) => {
    const requestUrl = request.url();
    if (!requestUrl.startsWith(origin) && !requestUrl.startsWith("data:")) {
      recorded.outsideRequests.push(requestUrl);
    }
  });
  await page.exposeFunction("reportCspViolation", (text: string) => {
    recorded.cspViolations.push(text);
  });
  // Init scripts run through the DevTools protocol, outside the page's CSP, before its scripts.
  await page.addInitScript({ content: REPORT_CSP_VIOLATIONS });
  if (!webgl) {
    await page.addInitScript({ content: HIDE_WEBGL });
  }

  await page.goto(url);
  return recorded;
}

// Scripts that run in the page, as text: tsx may wrap functions in helpers that the page lacks.

/** Makes getContext return null for WebGL, as a browser without WebGL does. */
const HIDE_WEBGL = `
for (const prototype of [HTMLCanvasElement.prototype, OffscreenCanvas.prototype]) {
  const getContext = prototype.getContext;
  Object.defineProperty(prototype, "getContext", {
    value(type, ...rest) {
      return String(type).includes("webgl") ? null : getContext.call(this, type, ...rest);
    },
  });
}`;

/** Reports every CSP violation to the test through the exposed reportCspViolation. */
const REPORT_CSP_VIOLATIONS = `
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(event.violatedDirective + " blocked " + (event.blockedURI || "inline"));
});`;

/** Asserts that the page logged no error, broke no CSP rule and reached no other origin. */
export function assertCleanPage(preview: PreviewPage): void {
  assert.deepEqual(preview.cspViolations, [], "CSP violations");
  assert.deepEqual(preview.consoleErrors, [], "console errors");
  assert.deepEqual(preview.outsideRequests, [], "requests outside the preview server");
}

/** Waits until the page's queue of runs is empty and the last run used `backend`. */
export async function waitForRun(page: Page, backend?: string): Promise<void> {
  await page.waitForFunction(
    (expected) => {
      const summary = document.querySelector<HTMLElement>("[data-testid=summary]");
      return (
        summary?.dataset.state === "done" &&
        (expected === undefined || summary.dataset.backend === expected)
      );
    },
    backend,
    { timeout: RUN_TIMEOUT_MS, polling: 50 },
  );
}

/** Clicks "Run on <backend>" and waits until that run has finished. */
export async function runOn(page: Page, backend: string): Promise<void> {
  await page.click(`button[data-backend=${backend}]`);
  await waitForRun(page, backend);
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Reads the summary and the rows of one results table. */
export async function readResults(page: Page, testId: string) {
  const summary = await page.locator("[data-testid=summary]").evaluate((element) => ({
    text: element.textContent ?? "",
    backend: (element as HTMLElement).dataset.backend,
    numTensors: (element as HTMLElement).dataset.numTensors,
  }));
  const rows = await page.locator(`[data-testid=${testId}] tbody tr`).evaluateAll((elements) =>
    elements.map((row) => ({
      name: row.querySelector(".sample-name")?.textContent ?? "",
      status: row.getAttribute("data-status"),
      cells: Array.from(row.querySelectorAll("td"), (cell) => cell.textContent ?? ""),
    })),
  );
  return { summary, rows };
}
