import type { WebviewMessage } from "./messages";
import type { PanelState } from "./panelState";

/** The part of the webview API that VS Code injects as acquireVsCodeApi(). */
export interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: PanelState): void;
}

declare const acquireVsCodeApi: (() => VsCodeApi) | undefined;

/**
 * Returns the webview API. VS Code defines acquireVsCodeApi in its webviews, and
 * `npm run preview:webview` defines a stand-in; a page opened any other way throws.
 */
export function getVsCodeApi(): VsCodeApi {
  if (typeof acquireVsCodeApi !== "function") {
    throw new Error(
      "acquireVsCodeApi is not defined. Open this page with the command " +
        '"Focal Loss: Evaluate Sample" or with `npm run preview:webview`.',
    );
  }
  return acquireVsCodeApi();
}
