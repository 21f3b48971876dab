import type { Check, CheckResult } from "./checks";
import { DEFAULT_TOLERANCE } from "./comparison";
import type { CursorParameters } from "./cursorParameters";
import { h } from "./dom";
import type { CursorMessage } from "./messages";
import { shapeProblem, type SampleShape } from "./panelState";
import { cursorSamples } from "./randomSample";
import { renderResultsTable } from "./resultsTable";

const REFERENCE = "float64 JavaScript reference";

export interface CursorSectionEvents {
  /** The user asked to evaluate with this shape and seed. */
  evaluate(shape: SampleShape, seed: number): void;
  readCursor(): void;
}

/** Describes the parameters in one line, such as `softmax focal loss, α = 0.25, γ = 2, sum`. */
export function describeParameters(parameters: CursorParameters): string {
  const alpha = Array.isArray(parameters.alpha)
    ? `[${parameters.alpha.join(", ")}]`
    : String(parameters.alpha ?? "none");
  const ignore =
    parameters.ignoreIndex === undefined ? "" : `, ignoreIndex ${parameters.ignoreIndex}`;
  return `${parameters.loss} focal loss, α = ${alpha}, γ = ${parameters.gamma}, reduction "${parameters.reduction}"${ignore}`;
}

/** The "From the cursor" section: the call's source, the shape form and the results. */
export class CursorSection {
  readonly element: HTMLElement;
  private readonly source = h("div", { class: "cursor-source", "data-testid": "cursor-source" });
  private readonly inputs = {
    n: h("input", { type: "number", id: "shape-n", min: "1", required: "" }),
    c: h("input", { type: "number", id: "shape-c", min: "1", required: "" }),
    seed: h("input", { type: "number", id: "shape-seed", min: "0", required: "" }),
  };
  private readonly problem = h("p", { class: "problem", role: "alert" });
  private readonly comparison = h("p", { "data-testid": "cursor-comparison" });
  private readonly table = h("div", { class: "table-container" });
  private parameters: CursorParameters | null = null;

  constructor(shape: SampleShape, seed: number, events: CursorSectionEvents) {
    this.inputs.n.value = String(shape.n);
    this.inputs.c.value = String(shape.c);
    this.inputs.seed.value = String(seed);
    const form = h("form", { class: "shape-form", "aria-label": "Random sample" }, [
      field("N (batch)", this.inputs.n),
      field("C (classes)", this.inputs.c),
      field("Seed", this.inputs.seed),
      h("button", { type: "submit" }, ["Evaluate"]),
      h("button", { type: "button", class: "secondary", "data-action": "read-cursor" }, [
        "Read the cursor again",
      ]),
    ]);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      events.evaluate(this.shape(), Number(this.inputs.seed.value));
    });
    form
      .querySelector("[data-action=read-cursor]")
      ?.addEventListener("click", () => events.readCursor());

    this.element = h("section", { "aria-labelledby": "cursor-heading" }, [
      h("h2", { id: "cursor-heading" }, ["From the cursor"]),
      h("p", { class: "hint" }, [
        "The focal loss under the cursor, evaluated on seeded random logits of shape (N, C) next " +
          "to cross-entropy (γ = 0, no α), and checked against a float64 reference.",
      ]),
      this.source,
      form,
      this.problem,
      this.comparison,
      this.table,
    ]);
  }

  /** Shows the call under the cursor, or why there is none. */
  setCursor(message: CursorMessage | null): void {
    this.parameters = message?.parameters ?? null;
    const parameters = this.parameters;
    if (parameters === null) {
      const note = message?.note ?? "Place the cursor on a focal-loss call and run the command.";
      this.source.replaceChildren(h("p", {}, [note]));
      this.table.replaceChildren();
      this.comparison.textContent = "";
      return;
    }

    // A per-class alpha fixes C.
    const fixedC = Array.isArray(parameters.alpha) ? parameters.alpha.length : undefined;
    this.inputs.c.readOnly = fixedC !== undefined;
    if (fixedC !== undefined) {
      this.inputs.c.value = String(fixedC);
    }
    const notes = parameters.notes.map((note) => h("li", {}, [note]));
    this.source.replaceChildren(
      h("p", { class: "cursor-location" }, [
        `${message?.location ?? parameters.callee}: ${describeParameters(parameters)}`,
      ]),
      h("pre", {}, [h("code", {}, [parameters.source])]),
      ...(notes.length === 0 ? [] : [h("ul", { class: "notes" }, notes)]),
    );
  }

  shape(): SampleShape {
    return { n: Number(this.inputs.n.value), c: Number(this.inputs.c.value) };
  }

  /** Returns the focal-loss and cross-entropy checks, or the problem that prevents them. */
  checks(seed: number): Check[] | { problem: string } {
    const parameters = this.parameters;
    if (parameters === null) {
      return [];
    }
    const shape = this.shape();
    const problem = shapeProblem(shape, parameters.loss) ?? seedProblem(seed);
    this.problem.textContent = problem ?? "";
    if (problem !== undefined) {
      return { problem };
    }

    const samples = cursorSamples(parameters, shape, seed);
    const ignored = samples.ignored > 0 ? `, ${samples.ignored} positions ignored` : "";
    const batch = `random (${shape.n}, ${shape.c}) logits, seed ${seed}${ignored}`;
    return [
      {
        name: `${parameters.callee} as written`,
        description: `${describeParameters(parameters)}; ${batch}.`,
        sample: samples.focalLoss,
      },
      {
        name: "cross-entropy (γ = 0, no α)",
        description: `The same ${batch}.`,
        sample: samples.crossEntropy,
      },
    ].map((check) => ({
      ...check,
      section: "cursor",
      expectedSource: REFERENCE,
      tolerance: DEFAULT_TOLERANCE,
    }));
  }

  showResults(results: readonly CheckResult[]): void {
    this.table.replaceChildren(
      results.length === 0 ? "" : renderResultsTable("From the cursor", results, "results-cursor"),
    );
    const [focal, crossEntropy] = results;
    const ratio = ratioOf(focal?.computedLoss, crossEntropy?.computedLoss);
    this.comparison.textContent =
      ratio === undefined
        ? ""
        : `On this batch the focal loss is ${(100 * ratio).toPrecision(3)}% of the cross-entropy. ` +
          `${alphaEffect(this.parameters)} (1 − p_t)^γ shrinks the loss of well-classified examples.`;
  }
}

/** Describes what the call's α does, which depends on its form and on the loss. */
export function alphaEffect(parameters: CursorParameters | null): string {
  const alpha = parameters?.alpha ?? null;
  if (alpha === null) {
    return "Without α no class is weighted, and";
  }
  if (Array.isArray(alpha)) {
    return "α weights each class by its own factor, and";
  }
  return parameters?.loss === "sigmoid"
    ? `α = ${alpha} weights positives and 1 − α negatives, and`
    : `A single α = ${alpha} scales every class alike, so it balances nothing, and`;
}

function field(label: string, input: HTMLInputElement): HTMLElement {
  return h("label", { for: input.id }, [label, input]);
}

function seedProblem(seed: number): string | undefined {
  return Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32
    ? undefined
    : `Seed must be an integer from 0 to ${2 ** 32 - 1}, got ${seed}.`;
}

/** Returns sum(focal) / sum(cross-entropy) for numbers or per-element losses. */
function ratioOf(focal: unknown, crossEntropy: unknown): number | undefined {
  const total = (value: unknown): number =>
    Array.isArray(value)
      ? value.reduce((sum: number, item) => sum + total(item), 0)
      : Number(value);
  if (focal === undefined || crossEntropy === undefined) {
    return undefined;
  }
  const denominator = total(crossEntropy);
  return denominator > 0 ? total(focal) / denominator : undefined;
}
