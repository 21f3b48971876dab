/*
 * exp and log1p for the restricted arguments of the fused kernels, in forms that V8 inlines.
 * Math.exp and Math.log1p (V8 in Node 20) are calls that cost about 10 to 13 ns each inside the
 * sigmoid kernel's loop, which made them most of its time. The functions here stay within a
 * relative error of 1e-11 of Math.exp and 1e-13 of Math.log1p (test/lossRuntime/fastMath.test.ts
 * checks this), far below the float32 rounding of the kernels' outputs.
 */

// 1,024 steps per unit keep the remainder r below 1/1024, so the series below stop at degree 3
// and 4. At 64 steps they needed degree 6 and 7, and the sigmoid kernel ran about 20% slower.
// The tables take 1.5 MiB, but logits within ±8 touch only their first 8,193 entries.
const STEPS_PER_UNIT = 1024;
const TABLE_LIMIT = 64;
const STEP = 1 / STEPS_PER_UNIT;

// On the steps k / 1024 for k / 1024 in [0, 64], with E = exp(-k / 1024):
// EXP_TABLE[k] = E, LOG1P_EXP_TABLE[k] = log1p(E) and SHARE_TABLE[k] = E / (1 + E).
const EXP_TABLE = new Float64Array(STEPS_PER_UNIT * TABLE_LIMIT + 1);
const LOG1P_EXP_TABLE = new Float64Array(EXP_TABLE.length);
const SHARE_TABLE = new Float64Array(EXP_TABLE.length);
for (let k = 0; k < EXP_TABLE.length; k++) {
  const e = Math.exp(-k / STEPS_PER_UNIT);
  EXP_TABLE[k] = e;
  LOG1P_EXP_TABLE[k] = Math.log1p(e);
  SHARE_TABLE[k] = e / (1 + e);
}

/**
 * Computes exp(-m) for m >= 0 as exp(-k / 1024) from a table times exp(-r) with
 * r = m - k / 1024 in [0, 1/1024), whose Taylor series to degree 3 is within 4e-14 relative.
 * Falls back to Math.exp for m >= 64, where exp(-m) < 2e-28.
 */
export function expOfNegated(m: number): number {
  if (!(m < TABLE_LIMIT)) {
    return Math.exp(-m);
  }
  const k = (m * STEPS_PER_UNIT) | 0;
  // Exact: k * STEP = k / 1024 is within a factor of 2 of m, so the subtraction does not round.
  const r = m - k * STEP;
  return EXP_TABLE[k] * (1 - r * (1 - r * (1 / 2 - r * (1 / 6))));
}

/** The pair e = exp(-m) and log1p(e), from which the kernels build sigmoid and log-sigmoid of ±m. */
export interface ExpAndLog1p {
  exp: number;
  log1pExp: number;
}

/**
 * Computes e = exp(-m) and log1p(e) for m >= 0. With E = exp(-k / 1024) from a table,
 * d = exp(-r) - 1 for r = m - k / 1024 in [0, 1/1024), and s = E d / (1 + E) in (-0.0005, 0]:
 *   e = E (1 + d),   log1p(e) = log1p(E) + log1p(s).
 * Both series need no division. For m >= 64, e < 2e-28 and log1p(e) rounds to e.
 *
 * V8 removes the returned object once it inlines the call into a loop. In the sigmoid kernel this
 * ran about 4% slower than arithmetic written into the loop, and 10% faster than results written
 * to a shared Float64Array.
 */
export function expAndLog1pOfNegated(m: number): ExpAndLog1p {
  if (!(m < TABLE_LIMIT)) {
    const e = Math.exp(-m);
    return { exp: e, log1pExp: e };
  }
  const k = (m * STEPS_PER_UNIT) | 0;
  const r = m - k * STEP;
  // exp(-r) - 1 to degree 4, within 1e-17 absolute for r < 1/1024, without the cancellation of 1.
  const d = -r * (1 - r * (1 / 2 - r * (1 / 6 - r * (1 / 24))));
  const s = SHARE_TABLE[k] * d;
  return {
    exp: EXP_TABLE[k] + EXP_TABLE[k] * d,
    log1pExp: LOG1P_EXP_TABLE[k] + s * (1 - s * (1 / 2 - s * (1 / 3 - s * (1 / 4)))),
  };
}

/**
 * Computes base^exponent, with the usual focal loss exponents 1 and 2 as multiplications, which
 * cost far less than Math.pow.
 */
export function power(base: number, exponent: number): number {
  if (exponent === 2) {
    return base * base;
  }
  if (exponent === 1) {
    return base;
  }
  return Math.pow(base, exponent);
}
