import { selectBackend, type BackendName } from "../lossRuntime";
import { BACKEND_LABELS, chooseBackend, liveTensorCount } from "./backendChoice";
import { BuiltinSection } from "./builtinSection";
import { builtinChecks } from "./builtinSuite";
import { runCheck, type Check, type CheckResult, type Section } from "./checks";
import { CursorSection } from "./cursorSection";
import { h } from "./dom";
import { renderLossCurvePlot } from "./lossCurvePlot";
import { validateExtensionMessage, type CopyFormat, type LogLevel } from "./messages";
import type { PanelState } from "./panelState";
import { resultsAsJson, resultsAsMarkdown, summaryText } from "./report";
import { RunQueue } from "./runQueue";
import { Toolbar } from "./toolbar";
import { UserSampleSection } from "./userSampleSection";
import type { VsCodeApi } from "./vscodeApi";

const SECTIONS: readonly Section[] = ["builtin", "cursor", "user"];

/**
 * The page's controller. Runs happen one at a time through a queue, because tfjs has one global
 * backend that a run selects, and every result on the page comes from the same backend.
 */
export class EvaluatePage {
  private readonly toolbar: Toolbar;
  private readonly cursor: CursorSection;
  private readonly user: UserSampleSection;
  private readonly builtin = new BuiltinSection();
  private readonly plot = h("section", { "aria-labelledby": "plot-heading" });
  private readonly results: Record<Section, CheckResult[]> = { builtin: [], cursor: [], user: [] };
  private backend: BackendName | null = null;
  private readonly queue: RunQueue;

  constructor(
    private readonly api: VsCodeApi,
    private readonly state: PanelState,
  ) {
    // The summary's data-state is "running" until the queue is empty and "done" after, which
    // tests rely on.
    this.queue = new RunQueue({
      onBusy: () => (this.toolbar.summary.dataset.state = "running"),
      onIdle: () => (this.toolbar.summary.dataset.state = "done"),
      onError: (error) => {
        const message = `The evaluation failed: ${error.message}`;
        this.toolbar.announce(message);
        this.log("error", message);
      },
    });
    this.toolbar = new Toolbar({
      runOn: (backend) => this.queue.enqueue(() => this.runAll(backend)),
      copy: (format) => this.copy(format),
    });
    this.cursor = new CursorSection(state.shape, state.seed, {
      evaluate: (shape, seed) => {
        Object.assign(this.state, { shape, seed });
        this.save();
        this.queue.enqueue(() => this.run(["cursor"]));
      },
      readCursor: () => this.api.postMessage({ type: "readCursor" }),
    });
    this.user = new UserSampleSection(state.userSample, (text) => {
      this.state.userSample = text;
      this.save();
      this.queue.enqueue(() => this.run(["user"]));
    });
    this.user.textArea.addEventListener("input", () => {
      this.state.userSample = this.user.textArea.value;
      this.save();
    });
    this.cursor.setCursor(state.cursor);
  }

  /** Builds the page into `root`, starts listening, and runs every check on the best backend. */
  start(root: HTMLElement): void {
    root.replaceChildren(
      this.toolbar.element,
      this.builtin.element,
      this.cursor.element,
      this.user.element,
      this.plot,
    );
    root.removeAttribute("aria-busy");
    this.renderPlot();

    window.addEventListener("message", (event: MessageEvent<unknown>) => this.receive(event.data));
    this.api.postMessage({ type: "ready" });
    this.queue.enqueue(async () => {
      const choice = await chooseBackend();
      const skipped = choice.unavailable.map(
        (item) => ` ${BACKEND_LABELS[item.backend]} did not start: ${item.reason}`,
      );
      this.toolbar.backendStatus.textContent =
        `Backend: ${BACKEND_LABELS[choice.backend]} (the first that started of WebGL, wasm ` +
        `and cpu).${skipped.join("")}`;
      await this.runAll(choice.backend);
    });
  }

  private async runAll(backend: BackendName): Promise<void> {
    try {
      await selectBackend(backend);
    } catch (error) {
      const message = `${BACKEND_LABELS[backend]} is not available here: ${(error as Error).message}`;
      this.toolbar.announce(message);
      this.log("warning", message);
      return;
    }
    this.backend = backend;
    await this.run(SECTIONS);
    const count = SECTIONS.reduce((total, section) => total + this.results[section].length, 0);
    this.log("info", `Ran ${count} checks on ${backend}: ${this.toolbar.summary.textContent}.`);
  }

  /** Runs the checks of `sections` on the current backend and shows their results. */
  private async run(sections: readonly Section[]): Promise<void> {
    const backend = this.backend;
    if (backend === null) {
      return; // The first run, which chooses the backend, has not started yet and runs them all.
    }
    this.toolbar.setBusy(true, backend);
    this.toolbar.summary.textContent = `Running on ${BACKEND_LABELS[backend]}…`;
    try {
      for (const section of sections) {
        const results: CheckResult[] = [];
        for (const check of this.checksOf(section)) {
          results.push(await runCheck(check, backend));
        }
        this.results[section] = results;
        this.show(section);
      }
    } finally {
      this.toolbar.setBusy(false, backend);
      this.updateSummary(backend);
    }
  }

  private checksOf(section: Section): Check[] {
    if (section === "builtin") {
      return builtinChecks();
    }
    if (section === "cursor") {
      const checks = this.cursor.checks(this.state.seed);
      return Array.isArray(checks) ? checks : [];
    }
    // The section shows an invalid sample's error below its text area.
    const parsed = this.user.checks(this.state.userSample);
    return "error" in parsed ? [] : parsed.checks;
  }

  private show(section: Section): void {
    const results = this.results[section];
    if (section === "builtin") {
      this.builtin.showResults(results);
    } else if (section === "cursor") {
      this.cursor.showResults(results);
    } else {
      this.user.showResults(results);
    }
  }

  private updateSummary(backend: BackendName): void {
    const all = SECTIONS.flatMap((section) => this.results[section]);
    const summary = this.toolbar.summary;
    summary.textContent = summaryText(all);
    summary.dataset.backend = backend;
    summary.dataset.numTensors = String(liveTensorCount());
  }

  private receive(data: unknown): void {
    let message;
    try {
      message = validateExtensionMessage(data);
    } catch (error) {
      this.log(
        "error",
        `Ignored an invalid message from the extension: ${(error as Error).message}`,
      );
      return;
    }
    if (message.type === "copyResult") {
      const label = message.format === "markdown" ? "Markdown" : "JSON";
      this.toolbar.announce(
        message.error === null
          ? `Copied the results as ${label}.`
          : `Copying failed: ${message.error}`,
      );
      return;
    }
    this.state.cursor = message;
    this.save();
    this.cursor.setCursor(message);
    this.renderPlot();
    this.queue.enqueue(() => this.run(["cursor"]));
  }

  private copy(format: CopyFormat): void {
    const all = SECTIONS.flatMap((section) => this.results[section]);
    const backend = this.backend ?? "none";
    const text =
      format === "markdown" ? resultsAsMarkdown(all, backend) : resultsAsJson(all, backend);
    this.api.postMessage({ type: "copy", format, text });
  }

  private renderPlot(): void {
    const gamma = this.state.cursor?.parameters?.gamma ?? 2;
    this.plot.replaceChildren(
      h("h2", { id: "plot-heading" }, ["Focal loss against p_t"]),
      renderLossCurvePlot(gamma),
    );
  }

  private save(): void {
    this.api.setState(this.state);
  }

  private log(level: LogLevel, message: string): void {
    this.api.postMessage({ type: "log", level, message });
  }
}
