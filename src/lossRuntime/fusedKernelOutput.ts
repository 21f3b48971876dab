/** The float64 results of one fused kernel pass, besides the buffers that it fills. */
export interface KernelOutput {
  /** Sum of all losses, accumulated in float64. */
  total: number;
  /** Number of elements that the mean divides by: those not ignored. */
  count: number;
}

/** Output buffers that a fused kernel fills, each only when given. */
export interface KernelBuffers {
  /** Per-element losses in the shape of the "none" output; every element is written. */
  losses: Float32Array | null;
  /**
   * d(loss at the output element)/d(input element) in the input's layout, times the kernel's
   * gradientScale; every element is written.
   */
  gradient: Float32Array | null;
}
