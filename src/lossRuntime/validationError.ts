/**
 * An invalid option, tensor or sample field. `field` names the option or sample field at fault,
 * such as `gamma`, `target` or `input[1][0]`, so that callers such as the webview can point at it.
 */
export class ValidationError extends Error {
  override readonly name = "ValidationError";

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
