// Serves the "Evaluate Sample" page on 127.0.0.1 for a plain browser, with the same markup and
// Content-Security-Policy as the VS Code panel and a stand-in for acquireVsCodeApi.
// Usage: npm run build && npm run preview:webview   (PORT sets the port, default 5178)
// Query parameters: ?theme=dark|light|high-contrast, and ?cursor=<JSON of a cursorParameters
// message> or ?cursor=none to replace the demo parameters that the stand-in sends.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { contentSecurityPolicy, renderPage } from "../src/webview/pageHtml";
import { PREVIEW_THEMES, type PreviewTheme } from "../src/webview/preview/themes";
import { VSCODE_API_STAND_IN } from "../src/webview/preview/vscodeApiStandIn";

const ROOT = path.resolve(__dirname, "..");
const WEBVIEW_DIST = path.join(ROOT, "dist", "webview");
const DEFAULT_PORT = 5178;
const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".map": "application/json; charset=utf-8",
};

export interface PreviewServer {
  /** The page's URL, such as http://127.0.0.1:5178/. */
  url: string;
  close(): Promise<void>;
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer) {
  response.writeHead(status, {
    "Content-Type": type,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  });
  response.end(body);
}

function themeOf(url: URL): PreviewTheme {
  const theme = url.searchParams.get("theme") ?? "dark";
  return Object.hasOwn(PREVIEW_THEMES, theme) ? (theme as PreviewTheme) : "dark";
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  // Node's ServerResponse leaves the body out of responses to HEAD by itself.
  if (request.method !== "GET" && request.method !== "HEAD") {
    send(response, 405, "text/plain", `${request.method} is not supported; use GET.`);
    return;
  }

  if (url.pathname === "/") {
    // A fresh nonce per load, as the extension does for every panel.
    const nonce = randomBytes(16).toString("base64");
    const html = renderPage({
      nonce,
      resourceSource: "'self'",
      scriptUri: "/dist/webview/webview.js",
      styleUri: "/dist/webview/webview.css",
      wasmDirectoryUri: "/dist/webview/",
      extraScriptUris: ["/preview/vscode-api.js"],
      extraStyleUris: [`/preview/theme-${themeOf(url)}.css`],
    });
    response.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce, "'self'"));
    send(response, 200, "text/html; charset=utf-8", html);
    return;
  }
  if (url.pathname === "/preview/vscode-api.js") {
    send(response, 200, CONTENT_TYPES[".js"], VSCODE_API_STAND_IN);
    return;
  }
  const theme = /^\/preview\/theme-([a-z-]+)\.css$/.exec(url.pathname)?.[1];
  if (theme !== undefined && Object.hasOwn(PREVIEW_THEMES, theme)) {
    send(response, 200, CONTENT_TYPES[".css"], PREVIEW_THEMES[theme as PreviewTheme]);
    return;
  }

  // Only plain file names directly in dist/webview/, so no path can climb out of it.
  const file = /^\/dist\/webview\/([\w.-]+)$/.exec(url.pathname)?.[1];
  const type = file === undefined ? undefined : CONTENT_TYPES[path.extname(file)];
  if (file === undefined || type === undefined || file.startsWith(".")) {
    send(response, 404, "text/plain", `${url.pathname} is not part of the preview.`);
    return;
  }
  try {
    send(response, 200, type, await readFile(path.join(WEBVIEW_DIST, file)));
  } catch {
    send(response, 404, "text/plain", `${file} is not in dist/webview/. Run \`npm run build\`.`);
  }
}

/** Starts the preview server on 127.0.0.1. Port 0 picks a free port, as tests do. */
export async function startPreviewServer(port = DEFAULT_PORT): Promise<PreviewServer> {
  if (!existsSync(path.join(WEBVIEW_DIST, "webview.js"))) {
    throw new Error(`${WEBVIEW_DIST}/webview.js is missing. Run \`npm run build\` first.`);
  }
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error(`Serving ${request.url} failed: ${String(error)}`);
      send(response, 500, "text/plain", "The preview server failed; see its console.");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      const hint = error.code === "EADDRINUSE" ? ` Set PORT to a free port, or 0 for any.` : "";
      reject(new Error(`Listening on 127.0.0.1:${port} failed: ${error.message}.${hint}`));
    });
    server.listen(port, "127.0.0.1", resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      ),
  };
}

function portFromEnvironment(): number {
  const text = process.env.PORT ?? String(DEFAULT_PORT);
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer from 0 to 65535, got "${text}".`);
  }
  return port;
}

if (require.main === module) {
  void (async () => {
    try {
      const server = await startPreviewServer(portFromEnvironment());
      console.log(`Serving the Evaluate Sample page at ${server.url} (Ctrl+C stops).`);
    } catch (error) {
      console.error(`The preview server did not start: ${(error as Error).message}`);
      process.exitCode = 1;
    }
  })();
}
