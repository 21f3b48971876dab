// The "Evaluate Sample" page in headless Chromium through the preview server. The built-in suite
// passes on every backend that starts. The page keeps to its CSP, escapes document text, works
// by keyboard, copies its results and restores its state after a reload.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { startPreviewServer, type PreviewServer } from "../../scripts/preview-webview";
import builtinSamples from "../../src/webview/samples/builtinSamples.json";
import { validateWebviewMessage } from "../../src/webview/messages";
import { requireBuild } from "../helpers/paths";
import {
  assertCleanPage,
  launchChromium,
  openPreview,
  readResults,
  runOn,
  saveScreenshot,
  skipWithoutChromium,
  SOFTWARE_WEBGL_ARGS,
  waitForRun,
  type PreviewPage,
} from "./helpers/previewPage";

const BUILTIN_COUNT = builtinSamples.samples.length;

describe("evaluate sample page", { skip: skipWithoutChromium() }, () => {
  let server: PreviewServer;
  let browser: Browser;
  const pages: PreviewPage[] = [];

  before(async () => {
    requireBuild("webview/webview.js");
    server = await startPreviewServer(0);
    browser = await launchChromium();
  });

  after(async () => {
    for (const preview of pages) {
      await preview.context.close();
    }
    await browser?.close();
    await server?.close();
  });

  async function open(query = ""): Promise<PreviewPage> {
    const preview = await openPreview(browser, `${server.url}${query}`);
    pages.push(preview);
    await waitForRun(preview.page);
    return preview;
  }

  test("falls back to wasm without webgl", async () => {
    const preview = await open();

    const status = (await preview.page.locator("[data-testid=backend]").textContent()) ?? "";
    assert.match(status, /^Backend: wasm \(the first that started of WebGL, wasm and cpu\)\./);
    assert.match(status, /WebGL did not start: The webgl backend failed to start/);
    const { summary } = await readResults(preview.page, "results-builtin");
    assert.equal(summary.backend, "wasm");
    assertCleanPage(preview);
  });

  for (const backend of ["cpu", "wasm"]) {
    test(`built-in suite passes on ${backend}`, async (t) => {
      const preview = await open();

      await runOn(preview.page, backend);

      const { summary, rows } = await readResults(preview.page, "results-builtin");
      t.diagnostic(
        `summary: ${summary.text}; times (ms): ${rows.map((row) => row.cells[7]).join(", ")}`,
      );
      assert.equal(rows.length, BUILTIN_COUNT);
      for (const row of rows) {
        assert.equal(row.status, "pass", `${row.name}: ${row.cells.join(" | ")}`);
        assert.equal(row.cells[6], backend, `${row.name} ran on ${row.cells[6]}`);
      }
      const cursor = await readResults(preview.page, "results-cursor");
      assert.deepEqual(
        cursor.rows.map((row) => row.status),
        ["pass", "pass"],
      );
      const total = BUILTIN_COUNT + cursor.rows.length;
      assert.equal(summary.text, `${total} of ${total} passed`);
      assert.equal(summary.backend, backend);
      assert.equal(summary.numTensors, "0", "tensors left after the run");
      await saveScreenshot(preview.page, `suite-${backend}`);
      assertCleanPage(preview);
    });
  }

  test("webgl through software rendering", async (t) => {
    const webglBrowser = await launchChromium(SOFTWARE_WEBGL_ARGS);
    try {
      const started = performance.now();
      const preview = await openPreview(webglBrowser, server.url, { webgl: true });
      await waitForRun(preview.page);
      t.diagnostic(
        `first run, shader compilation included: ${Math.round(performance.now() - started)} ms`,
      );
      const status = await preview.page.locator("[data-testid=backend]").textContent();
      const { summary } = await readResults(preview.page, "results-builtin");
      if (summary.backend !== "webgl") {
        t.skip(`Chromium's software renderer did not serve WebGL here: ${status}`);
        return;
      }

      await runOn(preview.page, "webgl");

      const { rows } = await readResults(preview.page, "results-builtin");
      t.diagnostic(`times (ms): ${rows.map((row) => row.cells[7]).join(", ")}`);
      for (const row of rows) {
        assert.equal(row.status, "pass", `${row.name}: ${row.cells.join(" | ")}`);
      }
      const after = await readResults(preview.page, "results-builtin");
      assert.equal(after.summary.numTensors, "0", "tensors left after the run");
      await saveScreenshot(preview.page, "suite-webgl");
      assertCleanPage(preview);
    } finally {
      await webglBrowser.close();
    }
  });

  test("cursor source is shown as text", async () => {
    const source = `FocalLoss(gamma=2)  # <img src=x id=injected><script>window.injected=1</script>`;
    const message = {
      type: "cursorParameters",
      parameters: {
        loss: "sigmoid",
        alpha: [0.2, 0.5, 0.8],
        gamma: 0.5,
        reduction: "mean",
        source,
        callee: "<b>FocalLoss</b>",
        line: 3,
        notes: ["<i>note</i>"],
      },
      location: "<u>train.py</u>:4",
      note: null,
    };
    const preview = await open(`?cursor=${encodeURIComponent(JSON.stringify(message))}`);
    const page = preview.page;

    assert.equal(await page.locator("[data-testid=cursor-source] code").textContent(), source);
    assert.match(
      (await page.locator("[data-testid=cursor-source]").textContent()) ?? "",
      /<u>train\.py<\/u>:4/,
    );
    assert.equal(await page.locator("#injected, b, i, u").count(), 0, "markup from the message");
    assert.equal(await page.evaluate(() => "injected" in window), false);
    // A per-class alpha fixes C to its length.
    assert.equal(await page.inputValue("#shape-c"), "3");
    const { rows } = await readResults(page, "results-cursor");
    assert.deepEqual(
      rows.map((row) => row.status),
      ["pass", "pass"],
    );
    assertCleanPage(preview);
  });

  test("user sample passes and reports errors", async () => {
    const preview = await open("?cursor=none");
    const page = preview.page;
    const evaluate = async (text: string) => {
      await page.fill("#user-sample", text);
      await page.getByRole("button", { name: "Evaluate sample" }).click();
      await waitForRun(page);
    };

    await evaluate(
      JSON.stringify({
        loss: "softmax",
        input: [
          [
            [0.5, -1],
            [2, 0],
          ],
          [
            [1.5, 0.3],
            [-0.7, 0.9],
          ],
        ],
        target: [
          [1, 0],
          [0, 1],
        ],
        gamma: 1.5,
        reduction: "none",
        backend: "webgl",
      }),
    );
    let { rows } = await readResults(page, "results-user");
    assert.equal(rows[0].status, "pass", rows[0].cells.join(" | "));
    assert.match(
      (await page.locator("[data-testid=results-user] .sample-description").textContent()) ?? "",
      /Ignored: backend/,
    );

    await evaluate(
      JSON.stringify({ loss: "sigmoid", input: [[1, 2]], target: [[1, 0]], gamma: -1 }),
    );
    ({ rows } = await readResults(page, "results-user"));
    assert.equal(rows[0].status, "error");
    assert.match(rows[0].cells.join(" "), /gamma must be a finite number >= 0, got -1/);

    assertCleanPage(preview);
  });

  test("invalid JSON error beside text area", async () => {
    const preview = await open("?cursor=none");
    const page = preview.page;
    const textArea = page.locator("#user-sample");
    const error = page.locator("#user-sample-error");
    const evaluate = async (text: string) => {
      await textArea.fill(text);
      await page.getByRole("button", { name: "Evaluate sample" }).click();
      await waitForRun(page);
    };

    await evaluate('{"loss": softmax}');

    assert.match((await error.textContent()) ?? "", /^The sample is not valid JSON: /);
    assert.equal(await error.getAttribute("role"), "alert");
    const describedBy = (await textArea.getAttribute("aria-describedby")) ?? "";
    assert.ok(describedBy.split(" ").includes("user-sample-error"), describedBy);
    assert.equal(await textArea.getAttribute("aria-invalid"), "true");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "user-sample");
    const areaBox = await textArea.boundingBox();
    const errorBox = await error.boundingBox();
    assert.ok(areaBox !== null, "the text area is not shown");
    assert.ok(errorBox !== null, "the error is not shown");
    const gap = errorBox.y - (areaBox.y + areaBox.height);
    assert.ok(gap >= 0, `the error is ${-gap} px above the text area's bottom`);
    assert.ok(gap < 40, `the error is ${gap} px below the text area`);
    const viewport = page.viewportSize();
    assert.ok(viewport !== null, "the page has no viewport");
    assert.ok(errorBox.y + errorBox.height <= viewport.height, "the error is out of view");
    assert.doesNotMatch(
      (await page.locator("[data-testid=status]").textContent()) ?? "",
      /not valid JSON/,
    );

    // An empty text area clears the stale error.
    await evaluate("");

    assert.equal(await error.textContent(), "");
    assert.equal(await textArea.getAttribute("aria-invalid"), null);
    assertCleanPage(preview);
  });

  test("copy results as markdown and json", async () => {
    const preview = await open();
    const page = preview.page;

    await page.click("button[data-copy=markdown]");
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=status]")?.textContent?.includes("Markdown"),
    );
    const markdown = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(markdown, /^\*\*Focal loss evaluation: \d+ of \d+ passed\*\*/);
    assert.match(markdown, /\| sigmoid, RetinaNet defaults \| 0\.152476 \|/);

    await page.click("button[data-copy=json]");
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=status]")?.textContent?.includes("JSON"),
    );
    const json = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
    assert.equal(json.passed, json.total);
    assert.equal(json.results.length, json.total);
    assert.equal(json.results[0].sample.loss, "sigmoid");
    assertCleanPage(preview);
  });

  test("messages follow the schema", async () => {
    const preview = await open();
    await preview.page.click("button[data-copy=json]");
    await preview.page.getByRole("button", { name: "Read the cursor again" }).click();
    await waitForRun(preview.page);

    const messages = await preview.page.evaluate(
      () =>
        (window as unknown as { focalLossPreview: { messages: unknown[] } }).focalLossPreview
          .messages,
    );
    const types = messages.map((message) => validateWebviewMessage(message).type);
    assert.deepEqual([...new Set(types)].sort(), ["copy", "log", "readCursor", "ready"]);
    assertCleanPage(preview);
  });

  test("keyboard reaches every control", async () => {
    const preview = await open();
    const page = preview.page;
    const controls = await page
      .locator("button, input, textarea, summary")
      .evaluateAll((elements) => elements.map((element) => element.outerHTML.slice(0, 60)));

    const reached = new Set<string>();
    for (let i = 0; i < controls.length + 2; i++) {
      await page.keyboard.press("Tab");
      reached.add(await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 60) ?? ""));
    }

    for (const control of controls) {
      assert.ok(reached.has(control), `Tab never reached ${control}`);
    }
    assertCleanPage(preview);
  });

  test("tables and plot are accessible", async () => {
    const preview = await open();
    const page = preview.page;

    for (const testId of ["results-builtin", "results-cursor", "plot-values"]) {
      const table = page.locator(`table[data-testid=${testId}]`);
      assert.ok((await table.locator("caption").count()) === 1, `${testId} has no caption`);
      assert.ok(
        (await table.locator("thead th[scope=col]").count()) > 1,
        `${testId} column headers`,
      );
      const rows = await table.locator("tbody tr").count();
      assert.equal(
        await table.locator("tbody th[scope=row]").count(),
        rows,
        `${testId} row headers`,
      );
    }
    const plot = page.locator("svg.plot");
    assert.equal(await plot.getAttribute("role"), "img");
    const labelledBy = (await plot.getAttribute("aria-labelledby"))?.split(" ") ?? [];
    for (const id of labelledBy) {
      assert.ok(
        ((await page.locator(`#${id}`).textContent()) ?? "").length > 10,
        `#${id} is empty`,
      );
    }
    assert.equal(await page.locator("path.curve.chosen").getAttribute("data-gamma"), "2");
    assertCleanPage(preview);
  });

  test("state survives a reload", async () => {
    const preview = await open();
    const page = preview.page;
    await page.fill("#shape-n", "16");
    await page.fill("#shape-seed", "7");
    await page.click("form.shape-form button[type=submit]");
    await waitForRun(page);

    await page.reload();
    await waitForRun(page);

    assert.equal(await page.inputValue("#shape-n"), "16");
    assert.match(
      (await page.locator("[data-testid=results-cursor]").textContent()) ?? "",
      /random \(16, 4\) logits, seed 7/,
    );
    assertCleanPage(preview);
  });

  test("themes read well", async (t) => {
    for (const theme of ["dark", "light", "high-contrast"]) {
      const preview = await open(`?theme=${theme}`);
      const file = await saveScreenshot(preview.page, `theme-${theme}`);
      t.diagnostic(`screenshot: ${file}`);
      const colours = await preview.page.evaluate(() => {
        const body = getComputedStyle(document.body);
        return { color: body.color, background: body.backgroundColor };
      });
      assert.notEqual(colours.color, colours.background, `${theme}: text and background match`);
      assertCleanPage(preview);
    }
  });

  test("preview sends the CSP header", async () => {
    const response = await fetch(server.url);
    const policy = response.headers.get("content-security-policy") ?? "";
    const html = await response.text();

    assert.match(policy, /^default-src 'none'; script-src 'nonce-[\w+/=]+' 'wasm-unsafe-eval';/);
    assert.ok(
      html.includes(policy.replaceAll("'", "&#39;")),
      "the meta tag differs from the header",
    );
    const again = await fetch(server.url);
    assert.notEqual(again.headers.get("content-security-policy"), policy, "the nonce is reused");
    assert.equal((await fetch(`${server.url}dist/webview/..%2Fclient.js`)).status, 404);
  });
});
