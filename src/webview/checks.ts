import { evaluateSample, type BackendName } from "../lossRuntime";
import { compareValues, type Comparison, type Tolerance } from "./comparison";
import { float64Reference, type ReferenceSample } from "./reference/float64Reference";
import type { Nested } from "./reference/nested";

export type Section = "builtin" | "cursor" | "user";

/** One sample to evaluate and the values it must match. */
export interface Check {
  section: Section;
  name: string;
  description: string;
  /** An evaluateSample input; `gradient` and `backend` are set when it runs. */
  sample: Record<string, unknown>;
  /** Stored expected values; without them the float64 JavaScript reference computes them. */
  expected?: { loss: Nested; gradient: Nested };
  /** The source of the expected values, for the table. */
  expectedSource: string;
  tolerance: Tolerance;
}

export type CheckStatus = "pass" | "fail" | "error";

export interface CheckResult {
  check: Check;
  status: CheckStatus;
  expectedLoss?: Nested;
  computedLoss?: Nested;
  lossError?: number;
  gradientError?: number;
  /** Why the check failed or could not run: a comparison problem or the runtime's error. */
  message?: string;
  backend: BackendName;
  /** The runtime's computation time in milliseconds, excluding backend start-up. */
  ms?: number;
}

/**
 * Evaluates a check's sample with its gradient on `backend` and compares loss and gradient with
 * the expected values. A sample the runtime rejects yields status "error" with its message.
 */
export async function runCheck(check: Check, backend: BackendName): Promise<CheckResult> {
  let computed;
  try {
    computed = await evaluateSample({ ...check.sample, gradient: true, backend });
  } catch (error) {
    return { check, status: "error", backend, message: (error as Error).message };
  }

  const expected = check.expected ?? float64Reference(check.sample as unknown as ReferenceSample);
  const loss = compareValues(computed.loss, expected.loss, check.tolerance);
  const gradient = compareValues(computed.gradient, expected.gradient, check.tolerance);
  const problems = [...describeFailure("loss", loss), ...describeFailure("gradient", gradient)];
  return {
    check,
    status: loss.passed && gradient.passed ? "pass" : "fail",
    expectedLoss: expected.loss,
    computedLoss: computed.loss,
    lossError: loss.maxError,
    gradientError: gradient.maxError,
    message: problems.length > 0 ? problems.join("; ") : undefined,
    backend,
    ms: computed.ms,
  };
}

function describeFailure(label: string, comparison: Comparison): string[] {
  if (comparison.passed) {
    return [];
  }
  return [`${label}: ${comparison.problem ?? "an element is outside the tolerance"}`];
}

/** Counts the checks that passed, for the "N of M passed" summary. */
export function countPassed(results: readonly CheckResult[]): { passed: number; total: number } {
  return {
    passed: results.filter((result) => result.status === "pass").length,
    total: results.length,
  };
}
