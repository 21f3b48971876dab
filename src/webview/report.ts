import { countPassed, type CheckResult } from "./checks";
import { describeTolerance } from "./comparison";
import { formatError, formatLoss, formatMilliseconds } from "./format";

const SECTION_TITLES = {
  builtin: "Built-in verification suite",
  cursor: "From the cursor",
  user: "Your sample",
} as const;

/** Returns the summary line, such as "15 of 15 passed". */
export function summaryText(results: readonly CheckResult[]): string {
  const { passed, total } = countPassed(results);
  return `${passed} of ${total} passed`;
}

/** Escapes a table cell for GitHub-flavoured Markdown: pipes, newlines and backticks. */
function cell(text: string): string {
  return text
    .replaceAll("\\", "\\\\")
    .replaceAll("|", "\\|")
    .replaceAll("`", "\\`")
    .replace(/\s+/g, " ");
}

/** Returns the results as Markdown: the summary, then one table per section that has results. */
export function resultsAsMarkdown(results: readonly CheckResult[], backend: string): string {
  const lines = [`**Focal loss evaluation: ${summaryText(results)}** (backend ${backend})`, ""];
  for (const section of ["builtin", "cursor", "user"] as const) {
    const rows = results.filter((result) => result.check.section === section);
    if (rows.length === 0) {
      continue;
    }
    lines.push(`### ${SECTION_TITLES[section]}`, "");
    lines.push(
      "| Sample | Expected loss | Computed loss | Max loss error | Max gradient error | Tolerance | Result | Backend | Time (ms) |",
    );
    lines.push("|---|---|---|---|---|---|---|---|---|");
    for (const result of rows) {
      const status =
        result.message === undefined ? result.status : `${result.status}: ${result.message}`;
      const values = [
        result.check.name,
        formatLoss(result.expectedLoss),
        formatLoss(result.computedLoss),
        formatError(result.lossError),
        formatError(result.gradientError),
        `${describeTolerance(result.check.tolerance)} vs ${result.check.expectedSource}`,
        status,
        result.backend,
        formatMilliseconds(result.ms),
      ];
      lines.push(`| ${values.map(cell).join(" | ")} |`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

/** Returns the results as JSON with full-precision values, for scripts and bug reports. */
export function resultsAsJson(results: readonly CheckResult[], backend: string): string {
  const { passed, total } = countPassed(results);
  const rows = results.map((result) => ({
    section: result.check.section,
    name: result.check.name,
    status: result.status,
    message: result.message ?? null,
    expectedLoss: result.expectedLoss ?? null,
    computedLoss: result.computedLoss ?? null,
    maxLossError: numberOrNull(result.lossError),
    maxGradientError: numberOrNull(result.gradientError),
    tolerance: result.check.tolerance,
    expectedSource: result.check.expectedSource,
    backend: result.backend,
    ms: result.ms ?? null,
    sample: result.check.sample,
  }));
  return JSON.stringify({ passed, total, backend, results: rows }, null, 2);
}

// JSON has no NaN. A NaN error means "not comparable", which null states better than 0.
function numberOrNull(value: number | undefined): number | null {
  return value === undefined || Number.isNaN(value) ? null : value;
}
