import type { BackendName } from "../lossRuntime";
import { BACKEND_LABELS, BACKEND_PREFERENCE } from "./backendChoice";
import { h } from "./dom";
import type { CopyFormat } from "./messages";

export interface ToolbarEvents {
  runOn(backend: BackendName): void;
  copy(format: CopyFormat): void;
}

/**
 * The page header: the summary line, the backend in use, the backend and copy buttons, and a
 * polite live region that announces copies and errors to screen readers.
 */
export class Toolbar {
  readonly element: HTMLElement;
  readonly summary = h("p", { class: "summary", "data-testid": "summary", "data-state": "idle" });
  readonly backendStatus = h("p", { class: "backend-status", "data-testid": "backend" });
  readonly status = h("p", { class: "status", role: "status", "data-testid": "status" });
  private readonly backendButtons = new Map<BackendName, HTMLButtonElement>();
  private readonly copyButtons: HTMLButtonElement[] = [];
  private busy = false;

  constructor(events: ToolbarEvents) {
    for (const backend of BACKEND_PREFERENCE) {
      const button = h(
        "button",
        { type: "button", "data-backend": backend, "aria-pressed": "false" },
        [`Run on ${BACKEND_LABELS[backend]}`],
      );
      button.addEventListener("click", () => this.busy || events.runOn(backend));
      this.backendButtons.set(backend, button);
    }
    for (const [format, label] of [
      ["markdown", "Copy as Markdown"],
      ["json", "Copy as JSON"],
    ] as const) {
      const button = h("button", { type: "button", class: "secondary", "data-copy": format }, [
        label,
      ]);
      button.addEventListener("click", () => this.busy || events.copy(format));
      this.copyButtons.push(button);
    }

    this.element = h("header", {}, [
      h("h1", {}, ["Focal Loss: Evaluate Sample"]),
      this.summary,
      this.backendStatus,
      h("div", { class: "actions", role: "group", "aria-label": "Backend" }, [
        ...this.backendButtons.values(),
      ]),
      h("div", { class: "actions", role: "group", "aria-label": "Copy results" }, this.copyButtons),
      this.status,
    ]);
  }

  /**
   * Marks the buttons inactive while a run is in progress, and marks the backend that ran last.
   * aria-disabled, unlike the disabled property, keeps a focused button focused, so keyboard
   * users do not lose their place.
   */
  setBusy(busy: boolean, backend: BackendName | null): void {
    this.busy = busy;
    for (const [name, button] of this.backendButtons) {
      button.setAttribute("aria-disabled", String(busy));
      button.setAttribute("aria-pressed", String(name === backend));
    }
    for (const button of this.copyButtons) {
      button.setAttribute("aria-disabled", String(busy));
    }
  }

  /** Announces a message in the live region. */
  announce(message: string): void {
    this.status.textContent = message;
  }
}
