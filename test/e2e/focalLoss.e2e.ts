// End-to-end tests in a real VS Code: code-server 4.100.3 (VS Code 1.100.3) with the packaged
// VSIX installed, driven through Debian's Chromium. Run with `npm run test:e2e`, which installs
// code-server first. Exact checks go through the companion extension in test/e2e/companion;
// the Problems panel, the squiggle, the hover and the quick fix menu are checked on screen.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test, type TestContext } from "node:test";
import { PYTHON, skipWithoutTorch } from "../helpers/python";
import { RESULTS_DIR } from "./helpers/artifacts";
import { isLoopbackHost, type Browser, type ConsoleEntry } from "./helpers/browser";
import { activationMs, evaluateSampleRuns, readFocalLossLog } from "./helpers/extensionLog";
import type { CodeActionInfo, CompletionItemInfo, DiagnosticInfo } from "./helpers/companionClient";
import { pollUntil, withTimeout } from "./helpers/poll";
import { childProcesses, readProcFile } from "./helpers/processGroup";
import { E2eSession } from "./helpers/session";
import {
  findWebviewFrame,
  isWebviewFrameUrl,
  runFromCommandPalette,
  waitForEvaluateSummary,
} from "./helpers/webview";
import {
  openProblemsPanel,
  waitForFocusedCodeAction,
  waitForFocusedSuggestion,
  waitForHoverText,
  waitForProblemRow,
  waitForSquiggle,
} from "./helpers/workbench";
import {
  DIAGNOSTIC_SOURCE,
  EVALUATE_SAMPLE,
  FIX_ON_SAVE,
  RULE_SETTING,
  SCENARIO_FILES,
  SNIPPETS,
  TFJS_COMPILE_LOSS,
  TORCH_FOCAL_LOSS,
} from "./scenarioDefinitions";

const { file: TRAIN_FILE, lineText: TRAIN_LINE_TEXT } = TORCH_FOCAL_LOSS;

/** Generous: the first diagnostic arrived within 2 s of opening the file on a 2-core machine. */
const DIAGNOSTIC_TIMEOUT_MS = 60_000;
const UI_TIMEOUT_MS = 15_000;
/** Generous: the built-in suite finished about 4 s after the command on a shared 2-core machine. */
const WEBVIEW_TIMEOUT_MS = 60_000;

const session = new E2eSession();
const summary: Record<string, unknown> = {};

/** Runs one scenario and saves a screenshot and the logs to test-results/e2e/ if it fails. */
function scenario(name: string, body: (t: TestContext) => Promise<void>, skip?: string | false) {
  test(name, { skip, timeout: 180_000 }, async (t) => {
    try {
      await body(t);
    } catch (error) {
      const folder = await session.saveArtifacts(name, () => collectState());
      t.diagnostic(`Screenshot and logs saved in ${folder}`);
      throw error;
    }
  });
}

async function collectState() {
  const diagnostics: Record<string, DiagnosticInfo[]> = {};
  for (const file of SCENARIO_FILES) {
    diagnostics[file] = await session.companion.diagnostics(file).catch(() => []);
  }
  return {
    diagnostics,
    companion: await session.companion.status().catch((error) => String(error)),
    outsideBrowserRequests: session.browser?.outsideRequests,
    consoleProblems: session.browser?.consoleProblems,
    outsideConnections: [...(session.sampler?.outside.values() ?? [])],
  };
}

function codesOf(diagnostics: DiagnosticInfo[]): string[] {
  return diagnostics.map((diagnostic) => String(diagnostic.code)).sort();
}

/**
 * Polls the file's diagnostics until their codes are `expected`. With `source`, only that
 * source's diagnostics count, for files that other extensions also check, such as TypeScript.
 */
async function waitForCodes(
  file: string,
  expected: readonly string[],
  source?: string,
): Promise<DiagnosticInfo[]> {
  let last: DiagnosticInfo[] = [];
  return pollUntil(
    async () => {
      last = (await session.companion.diagnostics(file)).filter(
        (diagnostic) => source === undefined || diagnostic.source === source,
      );
      return JSON.stringify(codesOf(last)) === JSON.stringify(expected) ? last : undefined;
    },
    {
      description: `diagnostics ${JSON.stringify(expected)} on ${file}`,
      timeoutMs: DIAGNOSTIC_TIMEOUT_MS,
    },
    () => JSON.stringify(last),
  );
}

/**
 * Selects the console errors, CSP reports and uncaught exceptions that may come from the
 * webview's frames: those logged by a webview script or document, and those without a URL.
 */
function webviewConsoleProblems(entries: readonly ConsoleEntry[]): ConsoleEntry[] {
  return entries.filter((entry) => entry.url === "" || isWebviewFrameUrl(entry.url));
}

/**
 * Probe URLs that the request hook must flag: an outside host, and a webview resource URL that
 * the webview's service worker does not serve. Playwright fulfills them inside the browser, so they never reach the network.
 */
const BROWSER_PROBE_URLS = [
  "http://outside.invalid/focal-loss-probe",
  "https://probe.vscode-resource.vscode-cdn.net/focal-loss-probe",
];

/** Loads each probe URL in a new tab and returns the requests that the hook flagged for them. */
async function probeBrowserRequestCheck(browser: Browser): Promise<string[]> {
  for (const url of BROWSER_PROBE_URLS) {
    await browser.context.route(url, (route) => route.fulfill({ status: 200, body: "probe" }));
  }
  const probePage = await browser.context.newPage();
  try {
    for (const url of BROWSER_PROBE_URLS) {
      await probePage.goto(url);
    }
  } finally {
    await probePage.close();
  }
  await withTimeout(browser.requestsSettled(), UI_TIMEOUT_MS, "classifying the browser requests");
  return browser.outsideRequests.filter((request) =>
    BROWSER_PROBE_URLS.some((url) => request.includes(` ${url}`)),
  );
}

function page() {
  assert.ok(session.browser, "the browser did not start");
  return session.browser.page;
}

function readWorkspaceFile(file: string): string {
  return readFileSync(path.join(session.workspace, file), "utf8");
}

/** Finds the language server's process id: the extension host's child running dist/server.js. */
function languageServerPid(extensionHostPid: number): number | undefined {
  return childProcesses(extensionHostPid).find((pid) =>
    (readProcFile(`/proc/${pid}/cmdline`) ?? "").includes("dist/server.js"),
  );
}

describe("Focal Loss in code-server", { timeout: 15 * 60_000 }, () => {
  let extensionHostPid = 0;

  before(async () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    try {
      await session.start();
      const ready = await session.companion.waitUntilReady(1_000);
      extensionHostPid = ready.extensionHostPid;
      summary.vscodeVersion = ready.vscodeVersion;
    } catch (error) {
      await session.saveArtifacts("setup", () => collectState());
      throw error;
    }
  });

  after(async () => {
    const log = session.codeServer ? readFocalLossLog(session.codeServer.userDataDir) : "";
    summary.activationMs = activationMs(log);
    summary.startupMs = session.timings;
    summary.browserRequests = session.browser?.requestCount;
    summary.connectionSamples = session.sampler?.samples;
    writeFileSync(path.join(RESULTS_DIR, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
    writeFileSync(path.join(RESULTS_DIR, "focal-loss.log"), log);
    await session.stop();
  });

  scenario("FL001 in Problems and squiggle", async (t) => {
    const opened = performance.now();
    await session.companion.call("openDocument", { file: TRAIN_FILE });
    const [diagnostic] = await waitForCodes(TRAIN_FILE, [TORCH_FOCAL_LOSS.code]);
    summary.firstDiagnosticMs = performance.now() - opened;
    t.diagnostic(`FL001 arrived ${Math.round(performance.now() - opened)} ms after opening`);

    assert.equal(diagnostic.source, DIAGNOSTIC_SOURCE);
    assert.equal(diagnostic.severity, "Error");
    assert.match(diagnostic.message, new RegExp(TORCH_FOCAL_LOSS.message));
    assert.deepEqual(diagnostic.range, TORCH_FOCAL_LOSS.range);

    await openProblemsPanel(page(), UI_TIMEOUT_MS);
    const row = await waitForProblemRow(
      page(),
      [TORCH_FOCAL_LOSS.message, TORCH_FOCAL_LOSS.code],
      UI_TIMEOUT_MS,
    );
    t.diagnostic(`Problems row: ${row.replaceAll("\n", " ")}`);
    await waitForSquiggle(page(), TRAIN_LINE_TEXT, "error", UI_TIMEOUT_MS);
    await page().screenshot({ path: path.join(RESULTS_DIR, "fl001-problems-and-squiggle.png") });
  });

  scenario("hover explains FL001", async () => {
    const squiggle = await waitForSquiggle(page(), TRAIN_LINE_TEXT, "error", UI_TIMEOUT_MS);
    await page().mouse.move(squiggle.x + squiggle.width / 2, squiggle.y + squiggle.height / 2);
    const text = await waitForHoverText(page(), "FL001", UI_TIMEOUT_MS);
    assert.match(text, /FL001/);
    await page().screenshot({ path: path.join(RESULTS_DIR, "fl001-hover.png") });

    const hovers = await session.companion.call<string[]>("hover", {
      file: TRAIN_FILE,
      line: 3,
      character: 18,
    });
    assert.ok(
      hovers.some((hover) => hover.includes("FL001")),
      `no hover mentions FL001: ${JSON.stringify(hovers)}`,
    );
    await page().mouse.move(5, 5);
    await page().keyboard.press("Escape");
  });

  scenario("preferred quick fix rewrites file", async (t) => {
    const actions = await session.companion.call<CodeActionInfo[]>("codeActions", {
      file: TRAIN_FILE,
      line: 3,
      character: 18,
    });
    const preferred = actions.filter((action) => action.isPreferred).map((action) => action.title);
    assert.deepEqual(preferred, [TORCH_FOCAL_LOSS.preferredFix]);

    const squiggle = await waitForSquiggle(page(), TRAIN_LINE_TEXT, "error", UI_TIMEOUT_MS);
    await page().mouse.click(squiggle.x + squiggle.width / 2, squiggle.y + squiggle.height / 2);
    await page().keyboard.press("Control+.");
    const focused = await waitForFocusedCodeAction(page(), UI_TIMEOUT_MS);
    t.diagnostic(`Focused code action: ${focused}`);
    assert.equal(focused, TORCH_FOCAL_LOSS.preferredFix);
    await page().screenshot({ path: path.join(RESULTS_DIR, "fl001-quick-fix-menu.png") });
    await page().keyboard.press("Enter");

    const edited = await pollUntil(
      async () => {
        const state = await session.companion.documentState(TRAIN_FILE);
        return state.text.includes("class FocalLoss") ? state : undefined;
      },
      {
        description: "the quick fix to insert class FocalLoss in train.py",
        timeoutMs: UI_TIMEOUT_MS,
      },
    );
    assert.equal(edited.isDirty, true, "the quick fix should edit the buffer, not save it");
    assert.match(edited.text, TORCH_FOCAL_LOSS.fixedLine);
    assert.doesNotMatch(edited.text, /nn\.FocalLoss\(/);

    await page().keyboard.press("Control+S");
    await pollUntil(() => (readWorkspaceFile(TRAIN_FILE) === edited.text ? true : undefined), {
      description: "train.py saved with the quick fix",
      timeoutMs: UI_TIMEOUT_MS,
    });
    await waitForCodes(TRAIN_FILE, []);
  });

  scenario(
    "quick-fixed file runs under python3",
    async (t) => {
      const original = readFileSync(path.join(__dirname, "workspace", TRAIN_FILE), "utf8");
      const before = spawnSync(PYTHON, ["-"], { input: original, encoding: "utf8" });
      assert.notEqual(before.status, 0, "the reported case should fail before the fix");
      assert.match(before.stderr, /has no attribute 'FocalLoss'/);

      // runpy returns the script's globals, so the test can check the loss it computed.
      const check = [
        "import math, runpy, sys",
        "loss = runpy.run_path(sys.argv[1])['loss']",
        "assert loss.dim() == 0 and math.isfinite(loss.item()), loss",
        "print(loss.item())",
      ].join("\n");
      const after = spawnSync(PYTHON, ["-c", check, path.join(session.workspace, TRAIN_FILE)], {
        encoding: "utf8",
      });
      assert.equal(after.status, 0, `the fixed train.py failed:\n${after.stderr}`);
      t.diagnostic(`train.py after the fix computes loss ${after.stdout.trim()}`);
    },
    skipWithoutTorch(),
  );

  scenario("fix on save repairs second file", async () => {
    await session.companion.call("openDocument", { file: FIX_ON_SAVE.file });
    await waitForCodes(FIX_ON_SAVE.file, [FIX_ON_SAVE.code]);
    assert.doesNotMatch(readWorkspaceFile(FIX_ON_SAVE.file), /class FocalLoss/);

    await page().locator(".monaco-editor .view-lines").first().click();
    await page().keyboard.press("Control+S");
    const saved = await pollUntil(
      () => {
        const text = readWorkspaceFile(FIX_ON_SAVE.file);
        return text.includes("class FocalLoss") ? text : undefined;
      },
      { description: `${FIX_ON_SAVE.file} saved with the fix-all edits`, timeoutMs: UI_TIMEOUT_MS },
    );
    assert.match(saved, FIX_ON_SAVE.fixedLine);
    assert.doesNotMatch(saved, /nn\.FocalLoss\(/);
    await waitForCodes(FIX_ON_SAVE.file, []);
    const state = await session.companion.documentState(FIX_ON_SAVE.file);
    assert.equal(state.isDirty, false);
  });

  scenario("FL001 off in settings", async () => {
    await session.companion.call("openDocument", { file: RULE_SETTING.file });
    await waitForCodes(RULE_SETTING.file, RULE_SETTING.codes);
    const serverBefore = languageServerPid(extensionHostPid);
    assert.ok(serverBefore, "no language server process found under the extension host");

    const update = { section: "focalLoss", key: "rules", file: RULE_SETTING.file };
    await session.companion.call("updateSetting", {
      ...update,
      value: { [RULE_SETTING.turnedOff]: "off" },
    });
    const settings = JSON.parse(readWorkspaceFile(".vscode/settings.json"));
    assert.deepEqual(settings["focalLoss.rules"], { [RULE_SETTING.turnedOff]: "off" });
    await waitForCodes(
      RULE_SETTING.file,
      RULE_SETTING.codes.filter((code) => code !== RULE_SETTING.turnedOff),
    );

    await session.companion.call("updateSetting", { ...update, value: undefined });
    await waitForCodes(RULE_SETTING.file, RULE_SETTING.codes);
    assert.equal(languageServerPid(extensionHostPid), serverBefore, "the server restarted");
  });

  scenario("Evaluate Sample from palette", async (t) => {
    const browser = session.browser;
    assert.ok(browser, "the browser did not start");
    const problemsBefore = browser.consoleProblems.length;
    await runFromCommandPalette(page(), EVALUATE_SAMPLE.paletteTitle, UI_TIMEOUT_MS);

    const frame = await findWebviewFrame(page(), "[data-testid=summary]", WEBVIEW_TIMEOUT_MS);
    const result = await waitForEvaluateSummary(frame, WEBVIEW_TIMEOUT_MS);
    t.diagnostic(`${result.text}; ${result.backendStatus}`);
    await page().screenshot({ path: path.join(RESULTS_DIR, "evaluate-sample.png") });
    summary.evaluateSample = { summary: result.text, backend: result.backend };

    const [passed, total] = result.text.split(" of ").map((part) => parseInt(part, 10));
    assert.ok(total >= EVALUATE_SAMPLE.builtinSampleCount, `too few checks: ${result.text}`);
    assert.equal(passed, total, `not every check passed: ${result.text}`);
    assert.deepEqual(
      result.builtinStatuses,
      Array(EVALUATE_SAMPLE.builtinSampleCount).fill("pass"),
      "the built-in suite's row statuses",
    );
    assert.match(result.backend ?? "", /^(webgl|wasm|cpu)$/);
    const label = { webgl: "WebGL", wasm: "wasm", cpu: "cpu" }[result.backend as string];
    assert.match(result.backendStatus, new RegExp(`^Backend: ${label} \\(`));
    assert.deepEqual(
      webviewConsoleProblems(browser.consoleProblems.slice(problemsBefore)),
      [],
      "console problems in the webview",
    );

    // The page logs each full run to the extension's log through a validated message.
    const runs = await pollUntil(
      () => {
        const logged = evaluateSampleRuns(readFocalLossLog(session.codeServer?.userDataDir ?? ""));
        return logged.length > 0 ? logged : undefined;
      },
      { description: 'the log line "Evaluate Sample: Ran N checks"', timeoutMs: UI_TIMEOUT_MS },
    );
    assert.deepEqual(runs.at(-1), { checks: total, backend: result.backend, passed, total });

    // A data: image is something the page's CSP (default-src 'none') forbids and that needs no
    // network, so it proves that a CSP violation in the webview is recorded and selected.
    const probeStart = browser.consoleProblems.length;
    await frame.evaluate(`{
      const image = document.createElement("img");
      image.src = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";
      document.body.append(image);
    }`);
    await pollUntil(
      () =>
        webviewConsoleProblems(browser.consoleProblems.slice(probeStart)).find((entry) =>
          /Content.Security.Policy/i.test(entry.text),
        ),
      { description: "the CSP violation of the probe image to be recorded", timeoutMs: 5_000 },
    );
  });

  scenario("Evaluate Sample from hover link", async (t) => {
    await session.companion.call("openDocument", { file: EVALUATE_SAMPLE.hoverFile });
    await waitForCodes(EVALUATE_SAMPLE.hoverFile, [TORCH_FOCAL_LOSS.code]);
    const squiggle = await waitForSquiggle(
      page(),
      EVALUATE_SAMPLE.hoverLineText,
      "error",
      UI_TIMEOUT_MS,
    );
    await page().mouse.move(squiggle.x + squiggle.width / 2, squiggle.y + squiggle.height / 2);
    await waitForHoverText(page(), EVALUATE_SAMPLE.hoverLinkText, UI_TIMEOUT_MS);
    await page()
      .locator(".monaco-hover:not(.hidden) a", { hasText: EVALUATE_SAMPLE.hoverLinkText })
      .click();

    // The panel from the previous scenario is revealed and evaluates the call under the link.
    const frame = await findWebviewFrame(page(), "[data-testid=summary]", WEBVIEW_TIMEOUT_MS);
    const source = frame.locator("[data-testid=cursor-source] code");
    await pollUntil(
      async () =>
        (await source.textContent().catch(() => null)) === EVALUATE_SAMPLE.hoverCall
          ? true
          : undefined,
      { description: `the panel to show ${EVALUATE_SAMPLE.hoverCall}`, timeoutMs: UI_TIMEOUT_MS },
    );
    const result = await waitForEvaluateSummary(frame, WEBVIEW_TIMEOUT_MS, (current) => {
      const total = parseInt(current.text.split(" of ")[1], 10);
      return total > EVALUATE_SAMPLE.builtinSampleCount;
    });
    t.diagnostic(`after the hover link: ${result.text}`);
    const [passed, total] = result.text.split(" of ").map((part) => parseInt(part, 10));
    assert.equal(passed, total, `not every check passed: ${result.text}`);
    await page().screenshot({ path: path.join(RESULTS_DIR, "evaluate-sample-hover.png") });
    await page().mouse.move(5, 5);
    await page().keyboard.press("Escape");
  });

  for (const snippet of SNIPPETS) {
    scenario(`snippet ${snippet.prefix} in ${snippet.languageId}`, async (t) => {
      writeFileSync(path.join(session.workspace, snippet.file), "");
      const opened = await session.companion.call<{ languageId: string }>("openDocument", {
        file: snippet.file,
      });
      assert.equal(opened.languageId, snippet.languageId);

      // Through the API: the prefix offers one item, the extension's snippet, as a SnippetString.
      const items = await session.companion.call<CompletionItemInfo[]>("completionItems", {
        file: snippet.file,
        line: 0,
        character: 0,
        prefix: snippet.prefix,
      });
      assert.deepEqual(
        items.map((item) => [item.label, item.kind, item.description]),
        [[snippet.prefix, "Snippet", snippet.name]],
      );
      assert.equal(items[0].snippet, snippet.body);

      await page().keyboard.type(snippet.prefix);
      await page().keyboard.press("Control+Space");
      const suggestion = await waitForFocusedSuggestion(page(), UI_TIMEOUT_MS);
      t.diagnostic(`Focused suggestion: ${suggestion.replaceAll("\n", " | ")}`);
      assert.equal(suggestion.split("\n")[0], snippet.prefix);
      assert.match(suggestion, new RegExp(snippet.name));
      await page().keyboard.press("Enter");
      // Leaves the snippet's tab stops, each at its default.
      await page().keyboard.press("Escape");

      let text = "";
      await pollUntil(
        async () => {
          text = (await session.companion.documentState(snippet.file)).text;
          return text === snippet.expectedText ? true : undefined;
        },
        { description: `${snippet.file} to contain the snippet`, timeoutMs: UI_TIMEOUT_MS },
        () => `${text.length} characters: ${JSON.stringify(text.slice(0, 300))}`,
      );

      await page().keyboard.press("Control+S");
      await pollUntil(
        () => (readWorkspaceFile(snippet.file) === snippet.expectedText ? true : undefined),
        { description: `${snippet.file} saved with the snippet`, timeoutMs: UI_TIMEOUT_MS },
      );
      await waitForCodes(snippet.file, [], DIAGNOSTIC_SOURCE);
      if (snippet.languageId === "python") {
        const compiled = spawnSync(
          PYTHON,
          ["-m", "py_compile", path.join(session.workspace, snippet.file)],
          { encoding: "utf8" },
        );
        assert.equal(compiled.status, 0, `py_compile failed:\n${compiled.stderr}`);
      }
    });
  }

  scenario("FL004 on tfjs compile loss", async (t) => {
    const { file, code, message, range, lineText } = TFJS_COMPILE_LOSS;
    await session.companion.call("openDocument", { file });
    const [diagnostic] = await waitForCodes(file, [code], DIAGNOSTIC_SOURCE);
    assert.equal(diagnostic.severity, "Error");
    assert.ok(diagnostic.message.startsWith(message), diagnostic.message);
    assert.deepEqual(diagnostic.range, range);

    await openProblemsPanel(page(), UI_TIMEOUT_MS);
    const row = await waitForProblemRow(page(), [message, code], UI_TIMEOUT_MS);
    t.diagnostic(`Problems row: ${row.replaceAll("\n", " ")}`);
    await waitForSquiggle(page(), lineText, "error", UI_TIMEOUT_MS);
    await page().screenshot({ path: path.join(RESULTS_DIR, "fl004-problems.png") });
  });

  scenario("activation time is logged", async (t) => {
    const log = await pollUntil(
      () => {
        const text = readFocalLossLog(session.codeServer?.userDataDir ?? "");
        return activationMs(text) === undefined ? undefined : text;
      },
      { description: 'the "Focal Loss" log to contain "activate() took N ms"', timeoutMs: 10_000 },
    );
    t.diagnostic(`activate() took ${activationMs(log)} ms`);
  });

  scenario("nothing contacts outside hosts", async (t) => {
    const browser = session.browser;
    const sampler = session.sampler;
    assert.ok(browser, "the browser did not start");
    assert.ok(sampler, "the connection sampler did not start");
    assert.ok(session.codeServer, "code-server did not start");

    // One loopback request proves that the companion's connection hook records connections.
    const probeUrl = `${session.codeServer.origin}/healthz`;
    await session.companion.call("requestLoopback", { url: probeUrl });
    const status = await session.companion.status();
    const probePort = Number(new URL(probeUrl).port);
    assert.ok(
      status.connections.some((connection) => connection.port === probePort),
      `the hook missed the probe to ${probeUrl}: ${JSON.stringify(status.connections)}`,
    );
    sampler.sample();
    assert.ok(sampler.maxSocketsSeen > 0, "the sampler found no socket of code-server");

    const flaggedProbes = await probeBrowserRequestCheck(browser);
    assert.deepEqual(
      flaggedProbes.map((request) => request.split(" ")[1]),
      BROWSER_PROBE_URLS,
      "the request hook did not flag the probe requests",
    );
    // The Evaluate Sample scenarios load the webview's files through its service worker.
    assert.ok(browser.webviewResourceCount > 0, "no webview resource was served");

    t.diagnostic(
      `${browser.requestCount} browser requests (${browser.webviewResourceCount} webview ` +
        `resources), ${status.connections.length} extension host TCP connections (the probe ` +
        `included), ${sampler.samples} samples of code-server's sockets`,
    );
    summary.extensionHostConnections = status.connections;
    const outsideFromExtensionHost = status.connections.filter(
      (connection) => !isLoopbackHost(connection.host),
    );
    const outsideRequests = browser.outsideRequests.filter(
      (request) => !flaggedProbes.includes(request),
    );
    assert.deepEqual(outsideRequests, [], "the browser requested outside hosts");
    assert.deepEqual(outsideFromExtensionHost, [], "the extension host connected outside");
    assert.deepEqual([...sampler.outside.values()], [], "a code-server process connected outside");
  });
});
