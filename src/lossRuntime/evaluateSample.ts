import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "./backends";
import { checkSampleValues } from "./checkSampleValues";
import { sigmoidFocalLoss, softmaxFocalLoss } from "./focalLosses";
import { parseSample } from "./parseSample";
import { ValidationError } from "./validationError";

/** A number or a nested array of numbers, as tensor.arraySync() returns it. */
export type NestedNumbers = number | NestedNumbers[];

export interface SampleResult {
  /** A number, or per-element losses for reduction "none". */
  loss: NestedNumbers;
  /** d(sum of the loss output)/d(input), in the input's shape, when the sample requested it. */
  gradient?: NestedNumbers;
  /** The tfjs backend that computed the result. */
  backend: string;
  /** Wall time of the computation in milliseconds, excluding backend start-up. */
  ms: number;
}

// tfjs has one global backend, so evaluations run one at a time: otherwise a sample could switch
// the backend while another one is between selecting it and computing.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Validates a JSON sample, selects its backend and evaluates the focal loss (and its gradient
 * when requested). Rejects with ValidationError naming the field for an invalid sample, and with
 * field "backend" when the backend cannot start.
 */
export function evaluateSample(sample: unknown): Promise<SampleResult> {
  const result = queue.then(() => evaluateNow(sample));
  queue = result.catch(() => undefined);
  return result;
}

async function evaluateNow(sample: unknown): Promise<SampleResult> {
  const parsed = parseSample(sample);
  const targetDtype = checkSampleValues(parsed);
  try {
    await selectBackend(parsed.backend);
  } catch (error) {
    throw new ValidationError("backend", (error as Error).message);
  }

  const start = performance.now();
  const lossFunction = parsed.loss === "sigmoid" ? sigmoidFocalLoss : softmaxFocalLoss;
  const { loss, gradient } = tf.tidy(() => {
    const input = tf.tensor(parsed.input.values, parsed.input.shape, "float32");
    const target = tf.tensor(parsed.target.values, parsed.target.shape, targetDtype);
    const computeLoss = (x: tf.Tensor): tf.Tensor => lossFunction(x, target, parsed.options);

    if (!parsed.gradient) {
      return { loss: computeLoss(input).arraySync(), gradient: undefined };
    }

    // One pass gives both: the loss output is kept out of the gradient's tidy scope and
    // disposed by hand once it is read.
    let output: tf.Tensor | undefined;
    const gradientTensor = tf.grad((x: tf.Tensor) => {
      output = tf.keep(computeLoss(x));
      return tf.sum(output);
    })(input);
    const lossValue = (output as tf.Tensor).arraySync();
    (output as tf.Tensor).dispose();
    return { loss: lossValue, gradient: gradientTensor.arraySync() };
  });
  const ms = performance.now() - start;

  return gradient === undefined
    ? { loss, backend: tf.getBackend(), ms }
    : { loss, gradient, backend: tf.getBackend(), ms };
}
