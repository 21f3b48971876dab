// Focal losses for TensorFlow.js and the JSON boundary that the webview and tools call.
export { sigmoidFocalLoss, softmaxFocalLoss } from "./focalLosses";
export { composedSigmoidFocalLoss } from "./composedSigmoidFocalLoss";
export { composedSoftmaxFocalLoss } from "./composedSoftmaxFocalLoss";
export type { Alpha, FocalLossOptions, Reduction, SoftmaxFocalLossOptions } from "./options";
export { ValidationError } from "./validationError";
export { evaluateSample, type NestedNumbers, type SampleResult } from "./evaluateSample";
export type { Sample } from "./parseSample";
export { BACKEND_NAMES, selectBackend, setWasmDirectory, type BackendName } from "./backends";
export { fusedSigmoidFocalLoss, fusedSoftmaxFocalLoss } from "./fusedFocalLosses";
