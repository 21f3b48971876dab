import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { withTimeout } from "./poll";
import { childProcesses, readProcFile, stopProcessGroup } from "./processGroup";

export const CHROMIUM = "/usr/bin/chromium";

/** Flags that keep Chromium from contacting Google's services and from needing a GPU or X. */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface ConsoleEntry {
  type: string;
  text: string;
  /** The URL of the script or document that logged it; empty when Chromium gives none. */
  url: string;
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /**
   * Requests that may have left the machine, which the test must reject: any host but the
   * loopback ones, and webview resource URLs that the webview's service worker did not serve.
   */
  outsideRequests: string[];
  requestCount: number;
  /** Webview resource requests that the webview's service worker served from the extension. */
  webviewResourceCount: number;
  /** Console errors, CSP reports and uncaught exceptions of the page and all its frames. */
  consoleProblems: ConsoleEntry[];
  /** Waits until every webview resource request seen so far has been classified. */
  requestsSettled(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Launches Debian's Chromium headless on a fresh profile. Webviews load through a service worker
 * on another origin, which Chromium allows only with third-party cookies, so the profile's
 * Preferences enable them before launch.
 */
export async function launchBrowser(profileDir: string): Promise<Browser> {
  mkdirSync(path.join(profileDir, "Default"), { recursive: true });
  writeFileSync(
    path.join(profileDir, "Default", "Preferences"),
    JSON.stringify({ profile: { cookie_controls_mode: 0, block_third_party_cookies: false } }),
  );

  const childrenBefore = new Set(childProcesses(process.pid));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
  });
  // Playwright starts Chromium as a detached child of this process, so it leads its own
  // process group, which stop() ends if closing the context does not.
  const chromiumPid = childProcesses(process.pid).find(
    (pid) => !childrenBefore.has(pid) && isChromium(pid),
  );
  if (chromiumPid === undefined) {
    await withTimeout(context.close(), 15_000, "closing Chromium").catch(() => undefined);
    throw new Error(
      `Chromium's process id was not found among the children of process ${process.pid}, so ` +
        "the test could not stop it for sure; check how Playwright starts the browser.",
    );
  }

  const pendingClassifications: Promise<void>[] = [];
  const browser: Browser = {
    context,
    page: context.pages()[0] ?? (await context.newPage()),
    outsideRequests: [],
    requestCount: 0,
    webviewResourceCount: 0,
    consoleProblems: [],
    requestsSettled: async () => {
      await Promise.all(pendingClassifications);
    },
    stop: async () => {
      await withTimeout(context.close(), 15_000, "closing Chromium").catch(() => undefined);
      await stopProcessGroup(chromiumPid);
    },
  };
  context.on("request", (request) => {
    browser.requestCount += 1;
    const description = `${request.method()} ${request.url()}`;
    if (isLocalUrl(request.url())) {
      return;
    }
    if (!isWebviewResourceUrl(request.url())) {
      browser.outsideRequests.push(description);
      return;
    }
    // Such a URL stays in the browser only if the webview's service worker serves it from the
    // extension's files. Otherwise the request went to a CDN host on the network.
    const classification = request.response().then(
      (response) => {
        if (response?.fromServiceWorker() === true) {
          browser.webviewResourceCount += 1;
        } else {
          browser.outsideRequests.push(`${description} (not served by the service worker)`);
        }
      },
      (error: unknown) => {
        browser.outsideRequests.push(`${description} (failed: ${String(error)})`);
      },
    );
    pendingClassifications.push(classification);
  });
  browser.page.on("console", (message) => {
    if (message.type() === "error" || /Content.Security.Policy/i.test(message.text())) {
      const entry = { type: message.type(), text: message.text(), url: message.location().url };
      browser.consoleProblems.push(entry);
    }
  });
  browser.page.on("pageerror", (error) => {
    browser.consoleProblems.push({ type: "uncaught", text: error.message, url: "" });
  });
  return browser;
}

function isChromium(pid: number): boolean {
  const command = readProcFile(`/proc/${pid}/cmdline`) ?? "";
  return command.includes("chromium");
}

/**
 * True for URLs that reach only this machine: loopback hosts and in-browser schemes, among
 * them vscode-webview:, the origin of webviews in desktop VS Code.
 */
export function isLocalUrl(url: string): boolean {
  const parsed = new URL(url);
  if (["data:", "blob:", "about:", "vscode-webview:"].includes(parsed.protocol)) {
    return true;
  }
  return isLoopbackHost(parsed.hostname);
}

/**
 * True for the URLs that `asWebviewUri` returns in VS Code 1.100 for the web, such as
 * https://vscode-remote+127-002e0-002e0-002e1-003a8080.vscode-resource.vscode-cdn.net/<path>.
 * The webview's service worker serves them from the extension's files.
 */
export function isWebviewResourceUrl(url: string): boolean {
  const parsed = new URL(url);
  return (
    parsed.protocol === "https:" && parsed.hostname.endsWith(".vscode-resource.vscode-cdn.net")
  );
}

/** True for a host name or address that resolves to this machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return (
    /^127\.\d+\.\d+\.\d+$/.test(bare) ||
    bare === "::1" ||
    /^::ffff:127\./.test(bare) ||
    bare === "localhost" ||
    // Chromium resolves every *.localhost name to the loopback address.
    bare.endsWith(".localhost")
  );
}
