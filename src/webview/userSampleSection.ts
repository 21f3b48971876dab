import type { Check, CheckResult } from "./checks";
import { DEFAULT_TOLERANCE } from "./comparison";
import { h } from "./dom";
import { renderResultsTable } from "./resultsTable";

const EXAMPLE = JSON.stringify({
  loss: "softmax",
  input: [
    [2, 0.5, -1],
    [0.1, 0.2, 3],
  ],
  target: [1, 2],
  alpha: [0.25, 0.75, 0.5],
  gamma: 2,
});

/** A user's sample as a check, or the reason it is not one. */
export type ParsedUserSample = { check: Check } | { error: string };

/**
 * Parses the text of a sample in evaluateSample's JSON format. The panel sets `gradient` and
 * `backend` itself, so both are dropped with a note. Field values are left to evaluateSample,
 * whose errors name the field.
 */
export function parseUserSample(text: string): ParsedUserSample {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `The sample is not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { error: `The sample must be a JSON object such as ${EXAMPLE}.` };
  }

  const { backend, gradient, ...sample } = value as Record<string, unknown>;
  const dropped = [
    backend === undefined ? undefined : "backend (the panel's backend buttons choose it)",
    gradient === undefined ? undefined : "gradient (the panel always checks it)",
  ].filter((note) => note !== undefined);
  const loss = typeof sample.loss === "string" ? sample.loss : "unknown";
  return {
    check: {
      section: "user",
      name: "your sample",
      description:
        `${loss} focal loss.` + (dropped.length > 0 ? ` Ignored: ${dropped.join(", ")}.` : ""),
      sample,
      expectedSource: "float64 JavaScript reference",
      tolerance: DEFAULT_TOLERANCE,
    },
  };
}

/**
 * The "Your sample" section: a JSON text area, the error of an invalid sample right below it, and
 * the result of its evaluation.
 */
export class UserSampleSection {
  readonly element: HTMLElement;
  readonly textArea = h("textarea", {
    id: "user-sample",
    rows: "6",
    spellcheck: "false",
    placeholder: EXAMPLE,
    "aria-describedby": "user-sample-hint user-sample-error",
  });
  // An alert is announced as soon as its text changes, even though focus stays in the text area.
  private readonly error = h("p", { id: "user-sample-error", class: "field-error", role: "alert" });
  private readonly table = h("div", { class: "table-container" });

  constructor(text: string, evaluate: (text: string) => void) {
    this.textArea.value = text;
    const button = h("button", { type: "button" }, ["Evaluate sample"]);
    button.addEventListener("click", () => {
      const text = this.textArea.value;
      // The text area keeps focus on an invalid sample, so the user can correct it at once.
      if ("error" in this.checks(text)) {
        this.textArea.focus();
      }
      evaluate(text);
    });

    this.element = h("section", { "aria-labelledby": "user-heading" }, [
      h("h2", { id: "user-heading" }, ["Your sample"]),
      h("label", { for: "user-sample" }, ["Sample as JSON"]),
      h("p", { id: "user-sample-hint", class: "hint" }, [
        "The evaluateSample format: loss, input, target and optionally fromLogits, alpha, " +
          "gamma, reduction and ignoreIndex. The expected values come from a float64 reference.",
      ]),
      this.textArea,
      this.error,
      h("div", { class: "actions" }, [button]),
      this.table,
    ]);
  }

  /**
   * Returns the check of the sample `text`, none for an empty text, or why it is invalid, and
   * shows that reason below the text area or clears the one shown before.
   */
  checks(text: string): { checks: Check[] } | { error: string } {
    const parsed = text.trim() === "" ? undefined : parseUserSample(text);
    const error = parsed !== undefined && "error" in parsed ? parsed.error : "";
    this.error.textContent = error;
    if (error === "") {
      this.textArea.removeAttribute("aria-invalid");
    } else {
      this.textArea.setAttribute("aria-invalid", "true");
    }

    if (parsed === undefined) {
      return { checks: [] };
    }
    return "error" in parsed ? parsed : { checks: [parsed.check] };
  }

  showResults(results: readonly CheckResult[]): void {
    this.table.replaceChildren(
      results.length === 0 ? "" : renderResultsTable("Your sample", results, "results-user"),
    );
  }
}
