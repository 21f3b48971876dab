// The fused kernels' exp and log1p against Math.exp and Math.log1p, on dense grids that include
// the table steps, the branch points and the ends of their ranges.
import assert from "node:assert/strict";
import { test } from "node:test";
import { expOfNegated, log1pOfUnitInterval } from "../../src/lossRuntime/fastMath";
import { SeededRandom } from "./helpers/random";

function relativeError(actual: number, expected: number): number {
  return expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
}

test("expOfNegated within 1e-11 relative", () => {
  const random = new SeededRandom(3);
  const points = [0, 1e-300, 1e-12, 1 / 64, 63.999999, 64, 64.5, 700, 745, 746, 1e30, Infinity];
  for (let k = 0; k <= 64 * 80; k++) {
    points.push(k / 64, k / 64 + 1e-9, k / 64 + random.next() / 64);
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

test("log1pOfUnitInterval within 1e-13 relative", () => {
  const random = new SeededRandom(4);
  const points = [0, 5e-324, 1e-300, 1e-20, 1e-8, Math.SQRT2 - 1, Math.SQRT2 - 1 + 1e-16, 1];
  for (let i = 0; i <= 200_000; i++) {
    points.push(i / 200_000, Math.pow(10, -random.uniform(0, 300)));
  }

  for (const e of points) {
    const expected = Math.log1p(e);
    const actual = log1pOfUnitInterval(e);
    // Subnormal inputs lose relative precision in e / (2 + e); they only need to stay tiny.
    if (e < 1e-300) {
      assert.ok(actual >= 0, `log1pOfUnitInterval(${e}) = ${actual} is negative`);
      assert.ok(actual <= e, `log1pOfUnitInterval(${e}) = ${actual} exceeds e`);
      continue;
    }
    const error = relativeError(actual, expected);
    assert.ok(
      error <= 1e-13,
      `log1pOfUnitInterval(${e}) = ${actual}, Math.log1p = ${expected}, error ${error}`,
    );
  }
});
