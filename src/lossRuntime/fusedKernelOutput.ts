/** The result of one fused kernel pass, before reduction. */
export interface KernelOutput {
  /** Per-element losses in the shape of the "none" output, when requested. */
  losses: Float32Array | null;
  /** Sum of all losses, accumulated in float64. */
  total: number;
  /** Number of elements that the mean divides by: those not ignored. */
  count: number;
  /**
   * d(loss at the output element)/d(input element) in the input's layout, when requested.
   * The backward pass scales it by the upstream gradient in place.
   */
  gradient: Float32Array | null;
}
