/**
 * The `initializationOptions` that the server reads. Editors other than VS Code may send
 * `settings` only, or nothing.
 */
export interface InitializationOptions {
  /**
   * Settings for clients that do not respond to `workspace/configuration`: the `focalLoss`
   * section's object, or an object wrapping it as `{ focalLoss: … }`.
   */
  settings?: unknown;
  /**
   * Client commands that a hover may link to, such as "focalLoss.evaluateSample". Markdown
   * `command:` links run only in VS Code, so other editors get no such link.
   */
  hoverCommands?: string[];
}

/** The client command that opens the "Evaluate Sample" panel. */
export const EVALUATE_SAMPLE_COMMAND = "focalLoss.evaluateSample";
