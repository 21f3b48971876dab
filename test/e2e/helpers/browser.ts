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

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Requests to any host but the loopback ones, which the test must reject. */
  outsideRequests: string[];
  requestCount: number;
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

  const browser: Browser = {
    context,
    page: context.pages()[0] ?? (await context.newPage()),
    outsideRequests: [],
    requestCount: 0,
    stop: async () => {
      await withTimeout(context.close(), 15_000, "closing Chromium").catch(() => undefined);
      await stopProcessGroup(chromiumPid);
    },
  };
  context.on("request", (request) => {
    browser.requestCount += 1;
    if (!isLocalUrl(request.url())) {
      browser.outsideRequests.push(`${request.method()} ${request.url()}`);
    }
  });
  return browser;
}

function isChromium(pid: number): boolean {
  const command = readProcFile(`/proc/${pid}/cmdline`) ?? "";
  return command.includes("chromium");
}

/** True for URLs that reach only this machine: loopback hosts and in-browser schemes. */
export function isLocalUrl(url: string): boolean {
  const parsed = new URL(url);
  if (["data:", "blob:", "about:"].includes(parsed.protocol)) {
    return true;
  }
  return isLoopbackHost(parsed.hostname);
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
