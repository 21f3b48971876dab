import type { CheckResult } from "./checks";
import { describeTolerance } from "./comparison";
import { h } from "./dom";
import { formatError, formatLoss, formatMilliseconds } from "./format";

const COLUMNS = [
  "Sample",
  "Expected loss",
  "Computed loss",
  "Max loss error",
  "Max gradient error",
  "Tolerance",
  "Result",
  "Backend",
  "Time (ms)",
];

const STATUS_TEXT = { pass: "✓ pass", fail: "✗ fail", error: "✗ error" } as const;

/**
 * Renders one table row per result. Every cell's text is set through text nodes, so sample
 * names, messages and losses can contain any characters.
 */
export function renderResultsTable(
  caption: string,
  results: readonly CheckResult[],
  testId: string,
): HTMLTableElement {
  const header = h(
    "tr",
    {},
    COLUMNS.map((column) => h("th", { scope: "col" }, [column])),
  );
  const rows = results.map((result) => renderRow(result));
  return h("table", { "data-testid": testId }, [
    // The section's heading shows the same words, so the caption is for screen readers only.
    h("caption", { class: "visually-hidden" }, [caption]),
    h("thead", {}, [header]),
    h("tbody", {}, rows),
  ]);
}

function renderRow(result: CheckResult): HTMLTableRowElement {
  const { check } = result;
  const nameCell = h("th", { scope: "row" }, [
    h("span", { class: "sample-name" }, [check.name]),
    h("span", { class: "sample-description" }, [check.description]),
  ]);
  const resultCell = h("td", { class: `status status-${result.status}` }, [
    STATUS_TEXT[result.status],
    result.message === undefined ? null : h("span", { class: "status-message" }, [result.message]),
  ]);

  return h("tr", { "data-status": result.status }, [
    nameCell,
    h("td", { class: lossClass(result.expectedLoss) }, [formatLoss(result.expectedLoss)]),
    h("td", { class: lossClass(result.computedLoss) }, [formatLoss(result.computedLoss)]),
    h("td", { class: "number" }, [formatError(result.lossError)]),
    h("td", { class: "number" }, [formatError(result.gradientError)]),
    h("td", {}, [describeTolerance(check.tolerance)]),
    resultCell,
    h("td", {}, [result.backend]),
    h("td", { class: "number" }, [formatMilliseconds(result.ms)]),
  ]);
}

// A per-element loss such as "2×2: [0.737, 1.77, …]" may wrap in a narrow panel; a number not.
function lossClass(loss: unknown): string {
  return Array.isArray(loss) ? "number wrap" : "number";
}
