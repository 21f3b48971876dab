/** Packages that are one TensorFlow.js API under different names, mapped to `tfjs`. */
const TFJS_PACKAGES = new Set([
  "@tensorflow/tfjs",
  "@tensorflow/tfjs-core",
  "@tensorflow/tfjs-layers",
  "@tensorflow/tfjs-node",
  "@tensorflow/tfjs-node-gpu",
]);

/** Returns the canonical module path for an imported package name. */
export function canonicalPackage(source: string): string {
  return TFJS_PACKAGES.has(source) ? "tfjs" : source;
}

export function isTfjsPackage(source: string): boolean {
  return TFJS_PACKAGES.has(source);
}
