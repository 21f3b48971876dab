// Tensors created on one backend and used after switching to the other. This file runs in its own
// process, so the wasm heap starts at its initial size and copying the inputs onto it must grow it.
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { test } from "node:test";
import { sigmoidFocalLoss, softmaxFocalLoss } from "../../src/lossRuntime";
import { withoutLeaks } from "./helpers/assertions";
import { useTestBackend } from "./helpers/backends";

// 5,000,000 float32 values are 20 MB per tensor, more than the wasm backend's initial heap.
const ROWS = 1_250_000;
const CLASSES = 4;

// At logit 0, p = 1/2 for every class, so each element's focal term is known in closed form.
const LOG_2 = Math.log(2);

test("cpu tensors on wasm grow the heap", async () => {
  await useTestBackend("cpu");
  const logits = tf.zeros([ROWS, CLASSES]);
  const probabilities = tf.ones([ROWS, CLASSES]);
  const labels = tf.zeros([ROWS], "int32");
  await useTestBackend("wasm");

  const [sigmoidSum, gradientAtFirst] = withoutLeaks(() =>
    tf.tidy(() => {
      const loss = (x: tf.Tensor) => sigmoidFocalLoss(x, probabilities, { reduction: "sum" });
      const { value, grad } = tf.valueAndGrad(loss)(logits);
      return [value.dataSync()[0], grad.dataSync()[0]];
    }),
  );
  // alpha 0.25 * ce log 2 * (1 - p_t)^2 = 1/4, per element.
  const expectedSum = ROWS * CLASSES * 0.25 * LOG_2 * 0.25;
  assert.ok(
    Math.abs(sigmoidSum - expectedSum) <= 1e-6 * expectedSum,
    `sigmoid sum ${sigmoidSum}, expected ${expectedSum}`,
  );
  // d/dx at x = 0, t = 1: alpha (1 - p)^2 ((p - 1) - 2 ce p) = 0.25 * 0.25 * (-0.5 - log 2).
  const expectedGradient = 0.25 * 0.25 * (-0.5 - LOG_2);
  assert.ok(
    Math.abs(gradientAtFirst - expectedGradient) <= 1e-6,
    `sigmoid gradient ${gradientAtFirst}, expected ${expectedGradient}`,
  );

  const softmaxMean = withoutLeaks(() =>
    tf.tidy(() => softmaxFocalLoss(logits, labels).dataSync()[0]),
  );
  // p_t = 1/4 for four equal logits: -(3/4)^2 log(1/4).
  const expectedMean = 0.5625 * Math.log(4);
  assert.ok(
    Math.abs(softmaxMean - expectedMean) <= 1e-6,
    `softmax mean ${softmaxMean}, expected ${expectedMean}`,
  );
  tf.dispose([logits, probabilities, labels]);
});
