/*
 * The preview's stand-in for acquireVsCodeApi, served as a script before the page's own. It
 * keeps the state in sessionStorage and copies with navigator.clipboard. It responds to "ready"
 * with cursor parameters: a demo, the `cursor` query parameter, or none for `?cursor=none`.
 * Every posted message is recorded in window.focalLossPreview.messages for tests to validate.
 */
export const VSCODE_API_STAND_IN = `(() => {
  "use strict";
  const STATE_KEY = "focalLoss.evaluateSample.state";
  const query = new URLSearchParams(location.search);
  const theme = query.get("theme") || "dark";
  const preview = { messages: [] };
  window.focalLossPreview = preview;
  document.body.classList.add("vscode-" + theme);

  const DEMO = {
    type: "cursorParameters",
    parameters: {
      loss: "softmax",
      alpha: 0.25,
      gamma: 2,
      reduction: "sum",
      ignoreIndex: -100,
      source: "nn.FocalLoss(alpha=0.25, gamma=2, reduction='sum')",
      callee: "nn.FocalLoss",
      line: 11,
      notes: [],
    },
    location: "preview demo (train.py:12)",
    note: null,
  };

  function cursorMessage() {
    const text = query.get("cursor");
    if (text === null) {
      return DEMO;
    }
    if (text === "none") {
      return { type: "cursorParameters", parameters: null, location: null, note: "The preview has no editor." };
    }
    return JSON.parse(text);
  }

  function reply(message) {
    window.postMessage(message, location.origin);
  }

  window.acquireVsCodeApi = () => ({
    postMessage(message) {
      preview.messages.push(message);
      if (message.type === "ready" || message.type === "readCursor") {
        reply(cursorMessage());
      } else if (message.type === "copy") {
        navigator.clipboard.writeText(message.text).then(
          () => reply({ type: "copyResult", format: message.format, error: null }),
          (error) => reply({ type: "copyResult", format: message.format, error: String(error) }),
        );
      }
    },
    getState() {
      const saved = sessionStorage.getItem(STATE_KEY);
      return saved === null ? undefined : JSON.parse(saved);
    },
    setState(state) {
      sessionStorage.setItem(STATE_KEY, JSON.stringify(state));
    },
  });
})();
`;
