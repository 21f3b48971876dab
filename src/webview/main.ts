// Entry point of dist/webview/webview.js, the browser bundle of the "Evaluate Sample" page.
import { setWasmDirectory } from "../lossRuntime";
import { EvaluatePage } from "./app";
import { disableWasmThreads } from "./backendChoice";
import { byId } from "./dom";
import { DEFAULT_STATE, validatePanelState, type PanelState } from "./panelState";
import "./styles.css";
import { getVsCodeApi, type VsCodeApi } from "./vscodeApi";

/** Returns the state saved before a reload, or the defaults when there is none or it is invalid. */
function restoreState(api: VsCodeApi): { state: PanelState; restored: boolean; problem?: string } {
  const saved = api.getState();
  if (saved === undefined || saved === null) {
    return { state: structuredClone(DEFAULT_STATE), restored: false };
  }
  try {
    return { state: validatePanelState(saved), restored: true };
  } catch (error) {
    const problem = (error as Error).message;
    return { state: structuredClone(DEFAULT_STATE), restored: false, problem };
  }
}

function main(): void {
  const root = byId("app");
  try {
    const api = getVsCodeApi();
    disableWasmThreads();
    // The extension (or the preview server) puts the folder of the .wasm files on the body.
    const wasmDirectory = document.body.dataset.wasmDirectory;
    if (wasmDirectory !== undefined && wasmDirectory !== "") {
      setWasmDirectory(wasmDirectory);
    }

    const { state, problem, restored } = restoreState(api);
    if (problem !== undefined) {
      api.postMessage({
        type: "log",
        level: "warning",
        message: `Discarded the saved panel state: ${problem}`,
      });
    } else if (restored) {
      const cursor = state.cursor?.location ?? "no call";
      api.postMessage({
        type: "log",
        level: "info",
        message: `Restored the page state: cursor at ${cursor}, shape (${state.shape.n}, ${state.shape.c}).`,
      });
    }
    new EvaluatePage(api, state).start(root);
  } catch (error) {
    root.removeAttribute("aria-busy");
    const message = document.createElement("p");
    message.setAttribute("role", "alert");
    message.textContent = `The page failed to start: ${(error as Error).message}`;
    root.append(message);
  }
}

main();
