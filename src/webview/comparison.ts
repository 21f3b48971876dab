import { flatten } from "./reference/nested";

/**
 * The tolerance of a float32 result against its float64 reference, element by element:
 * |computed - expected| <= rtol * (|expected| + floor * max|expected|) + atol.
 * The floor term scales the bound to the tensor for elements far below its largest, and atol
 * (the smallest normal float32) accepts results that underflow in float32.
 */
export interface Tolerance {
  rtol: number;
  floor: number;
  atol: number;
}

export const DEFAULT_TOLERANCE: Tolerance = {
  rtol: 1e-4,
  floor: 1e-3,
  atol: 1.1754943508222875e-38,
};

export interface Comparison {
  passed: boolean;
  /** Largest |computed - expected|, or NaN when the shapes differ. */
  maxError: number;
  /** The reason the values cannot be compared (shape or NaN), if there is one. */
  problem?: string;
}

/** Compares a computed nested array (or number) with its expected value under `tolerance`. */
export function compareValues(
  computed: unknown,
  expected: unknown,
  tolerance: Tolerance,
): Comparison {
  const actual = flatten(computed);
  const reference = flatten(expected);
  if (actual.shape.join(",") !== reference.shape.join(",")) {
    return {
      passed: false,
      maxError: Number.NaN,
      problem: `shape [${actual.shape.join(", ")}] differs from the expected [${reference.shape.join(", ")}]`,
    };
  }

  const scale = reference.values.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
  let maxError = 0;
  let passed = true;
  for (let i = 0; i < reference.values.length; i++) {
    const value = actual.values[i];
    if (!Number.isFinite(value)) {
      return { passed: false, maxError: Number.NaN, problem: `element ${i} is ${value}` };
    }
    const error = Math.abs(value - reference.values[i]);
    const bound =
      tolerance.rtol * (Math.abs(reference.values[i]) + tolerance.floor * scale) + tolerance.atol;
    maxError = Math.max(maxError, error);
    passed &&= error <= bound;
  }
  return { passed, maxError };
}

/** Describes a tolerance for a table cell, such as "rtol 1e-4". */
export function describeTolerance(tolerance: Tolerance): string {
  return `rtol ${tolerance.rtol.toExponential(0).replace("e-", "e−")}`;
}

/** States the comparison rule in words, for the text above the results. */
export function describeToleranceRule(tolerance: Tolerance): string {
  return (
    `A check passes when every element of the loss and of the gradient satisfies ` +
    `|computed − expected| ≤ ${tolerance.rtol} · (|expected| + ${tolerance.floor} · ` +
    "max |expected|), plus the smallest normal float32 for values that underflow."
  );
}
