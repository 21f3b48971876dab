// The page's HTML: its CSP allows only nonce'd scripts and the page's own origin, and the
// values it interpolates are escaped.
import assert from "node:assert/strict";
import { test } from "node:test";
import { contentSecurityPolicy, escapeHtml, renderPage } from "../../src/webview/pageHtml";

const OPTIONS = {
  nonce: "abc123==",
  resourceSource: "https://file+.vscode-resource.vscode-cdn.net",
  scriptUri: "https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/webview.js",
  styleUri: "https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/webview.css",
  wasmDirectoryUri: 'https://file+.vscode-resource.vscode-cdn.net/my "ext"/dist/webview/',
};

test("csp allows only nonce and own origin", () => {
  const policy = contentSecurityPolicy("abc123==", OPTIONS.resourceSource);

  assert.equal(
    policy,
    "default-src 'none'; script-src 'nonce-abc123==' 'wasm-unsafe-eval'; " +
      `style-src ${OPTIONS.resourceSource}; connect-src ${OPTIONS.resourceSource}; ` +
      "base-uri 'none'; form-action 'none'",
  );
  assert.doesNotMatch(policy, /'unsafe-(inline|eval)'|\*/);
});

test("page carries csp and nonce", () => {
  const html = renderPage(OPTIONS);

  assert.ok(
    html.includes(
      `content="${escapeHtml(contentSecurityPolicy(OPTIONS.nonce, OPTIONS.resourceSource))}"`,
    ),
  );
  const scripts = html.match(/<script[^>]*>/g) ?? [];
  assert.equal(scripts.length, 1);
  assert.ok(
    scripts.every((tag) => tag.includes('nonce="abc123=="')),
    scripts.join("\n"),
  );
  assert.ok(
    html.includes(
      'data-wasm-directory="https://file+.vscode-resource.vscode-cdn.net/my &quot;ext&quot;/dist/webview/"',
    ),
  );
  assert.doesNotMatch(html, /\sstyle=|\son\w+=/);
});

test("escape html", () => {
  assert.equal(
    escapeHtml(`<a href="x" title='y'>&</a>`),
    "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
  );
});
