/*
 * The HTML of the "Evaluate Sample" page, shared by the VS Code panel and the preview server so
 * that both load the same markup under the same Content-Security-Policy. It contains only fixed
 * text and escaped URIs: everything that comes from a document or a sample is added later by
 * the page's script through textContent.
 */

export interface PageOptions {
  /** A fresh random value per load, which every script tag must carry. */
  nonce: string;
  /** The origin the page's own files load from: webview.cspSource, or 'self' in the preview. */
  resourceSource: string;
  /** URL of dist/webview/webview.js. */
  scriptUri: string;
  /** URL of dist/webview/webview.css. */
  styleUri: string;
  /** URL prefix of the folder that contains the tfjs-backend-wasm*.wasm files. */
  wasmDirectoryUri: string;
  /** Scripts that run before the page's own, such as the preview's acquireVsCodeApi stand-in. */
  extraScriptUris?: readonly string[];
  /** Style sheets loaded after the page's own, such as the preview's theme colours. */
  extraStyleUris?: readonly string[];
}

/**
 * Returns the page's Content-Security-Policy. Scripts run only with the nonce.
 * 'wasm-unsafe-eval' lets the tfjs wasm backend compile its module. connect-src admits the fetch
 * of the .wasm files from the page's own origin. No other origin is allowed.
 */
export function contentSecurityPolicy(nonce: string, resourceSource: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}' 'wasm-unsafe-eval'`,
    `style-src ${resourceSource}`,
    `connect-src ${resourceSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

/** Escapes text for an HTML attribute value in double quotes or for element content. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;");
}

/** Returns the page's HTML document. */
export function renderPage(options: PageOptions): string {
  const nonce = escapeHtml(options.nonce);
  const policy = escapeHtml(contentSecurityPolicy(options.nonce, options.resourceSource));
  const styles = [options.styleUri, ...(options.extraStyleUris ?? [])]
    .map((uri) => `<link rel="stylesheet" href="${escapeHtml(uri)}">`)
    .join("\n    ");
  const scripts = [...(options.extraScriptUris ?? []), options.scriptUri]
    .map((uri) => `<script nonce="${nonce}" src="${escapeHtml(uri)}"></script>`)
    .join("\n    ");

  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta http-equiv="Content-Security-Policy" content="${policy}">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Focal Loss: Evaluate Sample</title>
    ${styles}
  </head>
  <body data-wasm-directory="${escapeHtml(options.wasmDirectoryUri)}">
    <main id="app" aria-busy="true">
      <h1>Focal Loss: Evaluate Sample</h1>
      <p id="loading">Loading TensorFlow.js…</p>
    </main>
    ${scripts}
  </body>
</html>
`;
}
