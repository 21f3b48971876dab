/*
 * exp and log1p for the restricted arguments of the fused kernels, in forms that V8 inlines.
 * Math.exp and Math.log1p (V8 in Node 20) are calls that cost about 10 to 13 ns each inside the
 * sigmoid kernel's loop, which made them most of its time. Both functions here stay within a
 * relative error of 1e-11 of Math.exp and Math.log1p (test/lossRuntime/fastMath.test.ts checks
 * this), far below the float32 rounding of the kernels' outputs.
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

/**
 * Computes log(1 + e) for 0 <= e <= 1 as 2 atanh(s) with s = e / (2 + e), which needs no 1 + e
 * and so keeps full precision for tiny e. Above sqrt(2) - 1 it uses
 * log(1 + e) = ln 2 + 2 atanh((e - 1) / (e + 3)), so that |s| <= 0.1716 and the odd series of
 * atanh to s^15 is within 1e-13 relative. For subnormal e (below 1e-300) the result is only
 * known to lie in [0, e].
 */
export function log1pOfUnitInterval(e: number): number {
  let s: number;
  let offset: number;
  if (e > Math.SQRT2 - 1) {
    s = (e - 1) / (e + 3);
    offset = Math.LN2;
  } else {
    s = e / (2 + e);
    offset = 0;
  }
  const z = s * s;
  const series =
    1 +
    z *
      (1 / 3 +
        z * (1 / 5 + z * (1 / 7 + z * (1 / 9 + z * (1 / 11 + z * (1 / 13 + z * (1 / 15)))))));
  return offset + 2 * s * series;
}
