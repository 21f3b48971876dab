import { BUILTIN_TOLERANCE } from "./builtinSuite";
import type { CheckResult } from "./checks";
import { describeToleranceRule } from "./comparison";
import { h } from "./dom";
import { renderResultsTable } from "./resultsTable";

/** The "Built-in verification suite" section: what it covers, the pass rule and the results. */
export class BuiltinSection {
  private readonly table = h("div", { class: "table-container" });
  readonly element = h("section", { "aria-labelledby": "builtin-heading" }, [
    h("h2", { id: "builtin-heading" }, ["Built-in verification suite"]),
    h("p", { class: "hint" }, [
      "Samples with loss and gradient values from float64 PyTorch, covering sigmoid, softmax, " +
        "soft targets, per-class α, ignoreIndex, saturated logits and γ < 1. " +
        describeToleranceRule(BUILTIN_TOLERANCE),
    ]),
    this.table,
  ]);

  showResults(results: readonly CheckResult[]): void {
    this.table.replaceChildren(
      renderResultsTable("Built-in verification suite", results, "results-builtin"),
    );
  }
}
