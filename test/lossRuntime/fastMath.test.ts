// The fused kernels' exp and log1p against Math.exp and Math.log1p, on dense grids that include
// the table steps and the ends of their ranges.
import assert from "node:assert/strict";
import { test } from "node:test";
import { expAndLog1pOfNegated, expOfNegated } from "../../src/lossRuntime/fastMath";
import { SeededRandom } from "./helpers/random";

function relativeError(actual: number, expected: number): number {
  return expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
}

test("expOfNegated within 1e-11 relative", () => {
  const random = new SeededRandom(3);
  const points = [0, 1e-300, 1e-12, 1 / 1024, 63.999999, 64, 64.5, 700, 745, 746, 1e30, Infinity];
  for (let k = 0; k <= 1024 * 80; k++) {
    points.push(k / 1024, k / 1024 + 1e-9, k / 1024 + random.next() / 1024);
  }
  for (let i = 0; i < 100_000; i++) {
    points.push(random.uniform(0, 80));
  }

  for (const m of points) {
    const expected = Math.exp(-m);
    const actual = expOfNegated(m);
    // Below 1e-300 float64 loses relative precision to subnormals; those values only need to
    // be tiny and non-negative.
    if (expected < 1e-300) {
      assert.ok(actual >= 0, `expOfNegated(${m}) = ${actual} is negative`);
      assert.ok(actual < 1e-300, `expOfNegated(${m}) = ${actual}, Math.exp = ${expected}`);
      continue;
    }
    const error = relativeError(actual, expected);
    assert.ok(
      error <= 1e-11,
      `expOfNegated(${m}) = ${actual}, Math.exp = ${expected}, error ${error}`,
    );
  }
});

test("expAndLog1pOfNegated within 1e-11 and 1e-13", () => {
  const random = new SeededRandom(4);
  const points = [0, 1e-300, 1e-12, 1 / 1024, 0.5, 63.999999, 64, 64.5, 700, 746, Infinity];
  for (let k = 0; k <= 1024 * 70; k++) {
    points.push(k / 1024, k / 1024 + 1e-9, k / 1024 + random.next() / 1024);
  }
  for (let i = 0; i < 100_000; i++) {
    points.push(random.uniform(0, 70));
  }

  for (const m of points) {
    const { exp: expPart, log1pExp: log1pPart } = expAndLog1pOfNegated(m);
    const e = Math.exp(-m);
    const log1pE = Math.log1p(e);
    // Below 1e-300 float64 loses relative precision to subnormals; those values only need to
    // be tiny and non-negative.
    if (e < 1e-300) {
      assert.ok(expPart >= 0, `exp part at ${m} is negative: ${expPart}`);
      assert.ok(expPart < 1e-300, `exp part at ${m} is not tiny: ${expPart}`);
      assert.ok(log1pPart >= 0, `log1p part at ${m} is negative: ${log1pPart}`);
      assert.ok(log1pPart < 1e-300, `log1p part at ${m} is not tiny: ${log1pPart}`);
      continue;
    }
    const expError = relativeError(expPart, e);
    assert.ok(expError <= 1e-11, `exp(-${m}) = ${expPart}, Math.exp = ${e}, error ${expError}`);
    const logError = relativeError(log1pPart, log1pE);
    assert.ok(
      logError <= 1e-13,
      `log1p(exp(-${m})) = ${log1pPart}, Math.log1p = ${log1pE}, error ${logError}`,
    );
  }
});
