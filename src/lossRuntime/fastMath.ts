/*
 * exp and log1p for the restricted arguments of the fused kernels, in forms that V8 inlines.
 * Math.exp and Math.log1p (V8 in Node 20) are calls that cost about 10 to 13 ns each inside the
 * sigmoid kernel's loop, which made them most of its time. The functions here stay within a
 * relative error of 1e-11 of Math.exp and 1e-13 of Math.log1p (test/lossRuntime/fastMath.test.ts
 * checks this), far below the float32 rounding of the kernels' outputs.
 */

const STEPS_PER_UNIT = 64;
const TABLE_LIMIT = 64;
const STEP = 1 / STEPS_PER_UNIT;

// EXP_TABLE[k] = exp(-k / 64) for k / 64 in [0, 64], 32 KiB, so it stays in the L1 cache.
const EXP_TABLE = new Float64Array(STEPS_PER_UNIT * TABLE_LIMIT + 1);
for (let k = 0; k < EXP_TABLE.length; k++) {
  EXP_TABLE[k] = Math.exp(-k / STEPS_PER_UNIT);
}

/**
 * Computes exp(-m) for m >= 0 as exp(-k / 64) from a table times exp(-r) with r = m - k / 64 in
 * [0, 1/64), whose Taylor series to degree 4 is within 8e-12 relative. Falls back to Math.exp
 * for m >= 64, where exp(-m) < 2e-28.
 */
export function expOfNegated(m: number): number {
  if (!(m < TABLE_LIMIT)) {
    return Math.exp(-m);
  }
  const k = (m * STEPS_PER_UNIT) | 0;
  // Exact: k * STEP = k / 64 is within a factor of 2 of m, so the subtraction does not round.
  const r = m - k * STEP;
  return EXP_TABLE[k] * (1 - r * (1 - r * (1 / 2 - r * (1 / 6 - r * (1 / 24)))));
}

// On the same steps as EXP_TABLE, with E = exp(-k / 64): LOG1P_EXP_TABLE[k] = log1p(E) and
// SHARE_TABLE[k] = E / (1 + E).
const LOG1P_EXP_TABLE = new Float64Array(EXP_TABLE.length);
const SHARE_TABLE = new Float64Array(EXP_TABLE.length);
for (let k = 0; k < EXP_TABLE.length; k++) {
  LOG1P_EXP_TABLE[k] = Math.log1p(EXP_TABLE[k]);
  SHARE_TABLE[k] = EXP_TABLE[k] / (1 + EXP_TABLE[k]);
}

/**
 * Computes e = exp(-m) and log1p(e) for m >= 0 into out[0] and out[1]. With E = exp(-k / 64)
 * from a table, d = exp(-r) - 1 for r = m - k / 64 in [0, 1/64), and s = E d / (1 + E), which
 * lies in (-0.008, 0]:
 *   e = E (1 + d),   log1p(e) = log1p(E) + log1p(s).
 * A degree-7 series of log1p(s) keeps the result within 1e-13 relative with no division: the
 * division and the longer series of a log1p over all of [0, 1] made that step the slowest of the
 * sigmoid kernel. For m >= 64, e < 2e-28 and log1p(e) rounds to e.
 */
export function expAndLog1pOfNegated(m: number, out: Float64Array): void {
  if (!(m < TABLE_LIMIT)) {
    const e = Math.exp(-m);
    out[0] = e;
    out[1] = e;
    return;
  }
  const k = (m * STEPS_PER_UNIT) | 0;
  const r = m - k * STEP;
  // exp(-r) - 1 to degree 6, within 1e-15 relative for r < 1/64, without the cancellation of 1.
  const d = -r * (1 - r * (1 / 2 - r * (1 / 6 - r * (1 / 24 - r * (1 / 120 - r * (1 / 720))))));
  const s = SHARE_TABLE[k] * d;
  out[0] = EXP_TABLE[k] + EXP_TABLE[k] * d;
  out[1] =
    LOG1P_EXP_TABLE[k] +
    s * (1 - s * (1 / 2 - s * (1 / 3 - s * (1 / 4 - s * (1 / 5 - s * (1 / 6 - s / 7))))));
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
