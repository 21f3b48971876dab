// The JSON boundary: results agree with the tensor functions on every backend, and invalid
// samples are rejected with a ValidationError that names the field.
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { evaluateSample, softmaxFocalLoss, ValidationError } from "../../src/lossRuntime";
import { assertAllClose } from "./helpers/assertions";
import { TEST_BACKENDS, useTestBackend } from "./helpers/backends";

const SOFTMAX_SAMPLE = {
  loss: "softmax",
  input: [
    [2, 0.5, -1],
    [0.1, 0.2, 3],
  ],
  target: [1, 2],
};

async function assertInvalid(sample: unknown, field: string, pattern: RegExp): Promise<void> {
  await assert.rejects(evaluateSample(sample), (error: unknown) => {
    assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${String(error)}`);
    assert.equal(error.field, field);
    assert.match(error.message, pattern);
    return true;
  });
}

for (const backend of TEST_BACKENDS) {
  describe(`evaluateSample on ${backend}`, () => {
    before(() => useTestBackend(backend));

    test("softmax loss and gradient", async () => {
      const before = tf.memory().numTensors;
      const result = await evaluateSample({ ...SOFTMAX_SAMPLE, gradient: true, backend });
      assert.equal(tf.memory().numTensors, before, "evaluateSample leaked tensors");

      assert.equal(result.backend, backend);
      assert.ok(result.ms >= 0, `ms is ${result.ms}`);
      assert.equal(typeof result.loss, "number");
      assertAllClose([result.loss as number], [0.59276], "loss", { rtol: 3e-5 });

      const expectedGradient = tf.tidy(() => {
        const target = tf.tensor1d([1, 2], "int32");
        const lossOf = (x: tf.Tensor) => softmaxFocalLoss(x, target);
        return tf.grad(lossOf)(tf.tensor2d(SOFTMAX_SAMPLE.input)).arraySync() as number[][];
      });
      const gradient = result.gradient as number[][];
      assert.equal(gradient.length, 2);
      assert.equal(gradient[0].length, 3);
      assertAllClose(gradient.flat(), expectedGradient.flat(), "gradient", { rtol: 1e-6 });
    });

    test("reduction none returns nested losses", async () => {
      const softmax = await evaluateSample({ ...SOFTMAX_SAMPLE, reduction: "none", backend });
      assert.ok(Array.isArray(softmax.loss));
      assert.equal((softmax.loss as number[]).length, 2);
      assert.equal(softmax.gradient, undefined);

      // The sigmoid default reduction is "none", as in torchvision.
      const sigmoid = await evaluateSample({
        loss: "sigmoid",
        input: [[[-100, -100, 100, 100]]],
        target: [[[0, 1, 0, 1]]],
        gamma: 0.5,
        gradient: true,
        backend,
      });
      const losses = sigmoid.loss as number[][][];
      assert.deepEqual([losses.length, losses[0].length, losses[0][0].length], [1, 1, 4]);
      assertAllClose((sigmoid.gradient as number[][][]).flat(2), [0, -0.25, 0.75, 0], "gradient");
    });

    test("ignoreIndex mean over valid pixels", async () => {
      const input = [
        [0.9, 0.1],
        [0.4, 0.6],
        [0.3, 0.7],
        [0.8, 0.2],
      ].map((row) => row.map(Math.log));
      const result = await evaluateSample({
        loss: "softmax",
        input,
        target: [0, 1, 255, 255],
        ignoreIndex: 255,
        backend,
      });
      assertAllClose([result.loss as number], [0.041393], "loss", { rtol: 1e-5 });
    });

    test("probabilities with fromLogits false", async () => {
      const result = await evaluateSample({
        loss: "sigmoid",
        input: [
          [0.9, 0.8],
          [0.7, 0.2],
        ],
        target: [
          [1, 0],
          [1, 0],
        ],
        fromLogits: false,
        alpha: null,
        reduction: "mean",
        backend,
      });
      assert.ok(Math.abs((result.loss as number) - 0.268) < 5e-4, `loss is ${result.loss}`);
    });
  });
}

describe("evaluateSample validation", () => {
  before(() => useTestBackend("cpu"));

  test("rejects samples that are not objects", async () => {
    await assertInvalid(null, "sample", /must be a JSON object/);
    await assertInvalid([1, 2], "sample", /got an array/);
    await assertInvalid("softmax", "sample", /got string "softmax"/);
  });

  test("rejects unknown and missing fields", async () => {
    await assertInvalid({ ...SOFTMAX_SAMPLE, labels: [1] }, "labels", /Unknown field "labels"/);
    await assertInvalid({ loss: "softmax", target: [0] }, "input", /input is missing/);
    await assertInvalid({ loss: "softmax", input: [[1, 2]] }, "target", /target is missing/);
    await assertInvalid(
      { input: [[1, 2]], target: [0] },
      "loss",
      /loss is missing\. Set it to "sigmoid" or "softmax"\./,
    );
  });

  test("rejects wrong field types", async () => {
    await assertInvalid({ ...SOFTMAX_SAMPLE, loss: "focal" }, "loss", /got string "focal"/);
    await assertInvalid(
      { ...SOFTMAX_SAMPLE, gamma: "2" },
      "gamma",
      /gamma must be a number, got string "2"/,
    );
    await assertInvalid({ ...SOFTMAX_SAMPLE, gradient: "yes" }, "gradient", /must be a boolean/);
    await assertInvalid(
      { ...SOFTMAX_SAMPLE, fromLogits: "false" },
      "fromLogits",
      /must be a boolean/,
    );
    await assertInvalid(
      { ...SOFTMAX_SAMPLE, ignoreIndex: "255" },
      "ignoreIndex",
      /must be a number/,
    );
    await assertInvalid({ ...SOFTMAX_SAMPLE, reduction: 3 }, "reduction", /got number 3/);
    await assertInvalid(
      { ...SOFTMAX_SAMPLE, alpha: "0.25" },
      "alpha",
      /null, a number or an array/,
    );
    await assertInvalid({ ...SOFTMAX_SAMPLE, alpha: [1, "x", 1] }, "alpha", /got an array/);
    await assertInvalid(
      { ...SOFTMAX_SAMPLE, backend: "gpu" },
      "backend",
      /"cpu", "wasm" or "webgl", got string "gpu"/,
    );
    await assertInvalid(
      { ...SOFTMAX_SAMPLE, input: "[[1, 2]]" },
      "input",
      /nested array of numbers/,
    );
    await assertInvalid(
      { ...SOFTMAX_SAMPLE, input: [[1, "2", 3]] },
      "input[0][1]",
      /must be a number, got string "2"/,
    );
  });

  test("rejects ragged and empty arrays", async () => {
    await assertInvalid(
      {
        ...SOFTMAX_SAMPLE,
        input: [
          [1, 2, 3],
          [1, 2],
        ],
      },
      "input[1]",
      /has 2 elements.*has 3.*ragged/,
    );
    await assertInvalid(
      { ...SOFTMAX_SAMPLE, input: [[1, 2, 3], 4] },
      "input[1]",
      /is number 4 where an array of 3 elements/,
    );
    await assertInvalid(
      {
        ...SOFTMAX_SAMPLE,
        input: [
          [1, [2], 3],
          [1, 2, 3],
        ],
      },
      "input[0][1]",
      /nests deeper/,
    );
    await assertInvalid({ ...SOFTMAX_SAMPLE, input: [] }, "input", /empty array/);
    await assertInvalid({ ...SOFTMAX_SAMPLE, target: [[], []] }, "target", /empty array/);
  });

  test("rejects NaN, infinities and float32 overflow", async () => {
    await assertInvalid(
      {
        ...SOFTMAX_SAMPLE,
        input: [
          [2, NaN, -1],
          [0, 0, 0],
        ],
      },
      "input[0][1]",
      /input\[0\]\[1\] is NaN/,
    );
    await assertInvalid(
      {
        ...SOFTMAX_SAMPLE,
        input: [
          [2, 0, -1],
          [0, Infinity, 0],
        ],
      },
      "input[1][1]",
      /Infinity, outside the float32 range/,
    );
    await assertInvalid(
      {
        ...SOFTMAX_SAMPLE,
        input: [
          [2, 0, -1e39],
          [0, 0, 0],
        ],
      },
      "input[0][2]",
      /float32 range/,
    );
    await assertInvalid({ ...SOFTMAX_SAMPLE, target: [NaN, 1] }, "target[0]", /is NaN/);
  });

  test("rejects a one-class softmax", async () => {
    await assertInvalid(
      { loss: "softmax", input: [[5], [-3]], target: [0, 0] },
      "input",
      /1 class along axis 1, but a softmax focal loss needs C >= 2/,
    );
  });

  test("rejects logits whose differences overflow", async () => {
    // Both are inside float32's range, but their difference is not.
    await assertInvalid(
      {
        ...SOFTMAX_SAMPLE,
        input: [
          [2, 0, -1],
          [3e38, 0, -3e38],
        ],
      },
      "input[1][0]",
      /input\[1\]\[0\] is 3e\+38\. Logits must lie within ±1\.7e\+38/,
    );
  });

  test("rejects shape mismatches", async () => {
    await assertInvalid(
      { ...SOFTMAX_SAMPLE, target: [1, 2, 0] },
      "target",
      /target shape \[3\] does not match input shape \[2, 3\].*class indices of shape \[2\]/,
    );
    await assertInvalid(
      { ...SOFTMAX_SAMPLE, input: [1, 2, 3] },
      "input",
      /\(N, C, \.\.\.\).*got \[3\]/,
    );
    await assertInvalid(
      { loss: "sigmoid", input: [[1, 2]], target: [1, 0] },
      "target",
      /target shape \[2\] does not match input shape \[1, 2\]/,
    );
  });

  test("rejects invalid target values", async () => {
    await assertInvalid(
      { ...SOFTMAX_SAMPLE, target: [1, 3] },
      "target[1]",
      /target\[1\] is 3, outside the class range \[0, 3\) and not ignoreIndex \(-100\)/,
    );
    await assertInvalid(
      { ...SOFTMAX_SAMPLE, target: [1, -1] },
      "target[1]",
      /is -1, outside the class range/,
    );
    await assertInvalid({ ...SOFTMAX_SAMPLE, target: [0.5, 1] }, "target[0]", /must be integers/);
    await assertInvalid(
      { loss: "sigmoid", input: [[1, 2]], target: [[1, 2]] },
      "target[0][1]",
      /is 2, outside \[0, 1\]/,
    );
    await assertInvalid(
      {
        ...SOFTMAX_SAMPLE,
        target: [
          [0, 1, -0.5],
          [1, 0, 0],
        ],
      },
      "target[0][2]",
      /outside \[0, 1\]/,
    );
  });

  test("rejects invalid probabilities", async () => {
    await assertInvalid(
      { ...SOFTMAX_SAMPLE, fromLogits: false },
      "input[0][0]",
      /is 2, but fromLogits is false/,
    );
    await assertInvalid(
      {
        ...SOFTMAX_SAMPLE,
        input: [
          [0, 0, 0],
          [0.2, 0.3, 0.5],
        ],
        fromLogits: false,
      },
      "input",
      /input\[0\]\[0\] sum to 0/,
    );
  });

  test("rejects invalid options", async () => {
    await assertInvalid(
      { ...SOFTMAX_SAMPLE, gamma: -1 },
      "gamma",
      /gamma must be a finite number >= 0, got -1/,
    );
    await assertInvalid(
      { ...SOFTMAX_SAMPLE, alpha: [1, 2] },
      "alpha",
      /2 weights but the input has 3 classes/,
    );
    await assertInvalid(
      { ...SOFTMAX_SAMPLE, ignoreIndex: 0.5 },
      "ignoreIndex",
      /must be an integer/,
    );
    // An ignoreIndex that is not an integer is reported before the target that it fails to match.
    await assertInvalid(
      { loss: "softmax", input: [[1, 2, 3]], target: [-100], ignoreIndex: 1.5 },
      "ignoreIndex",
      /must be an integer, got 1.5/,
    );
    await assertInvalid(
      { loss: "sigmoid", input: [[1]], target: [[1]], ignoreIndex: 255 },
      "ignoreIndex",
      /only to loss "softmax"/,
    );
  });

  test("rejects webgl in Node", async () => {
    await assertInvalid(
      { ...SOFTMAX_SAMPLE, backend: "webgl" },
      "backend",
      /The webgl backend is not registered.*Use cpu or wasm/,
    );
  });

  test("serialises samples on different backends", async () => {
    const requested = ["cpu", "wasm", "cpu", "wasm", "cpu"] as const;
    const results = await Promise.all(
      requested.map((backend) => evaluateSample({ ...SOFTMAX_SAMPLE, backend })),
    );
    assert.deepEqual(
      results.map((result) => result.backend),
      [...requested],
    );
  });
});
