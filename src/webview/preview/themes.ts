/*
 * Theme variables for the preview, which VS Code sets on its webviews itself. The colours are
 * close to VS Code's default Dark Modern, Light Modern and Dark High Contrast themes, so the
 * preview shows how the page reads in each. In VS Code the panel uses the user's theme.
 */
export type PreviewTheme = "dark" | "light" | "high-contrast";

const DARK = `
  color-scheme: dark;
  --vscode-font-family: system-ui, -apple-system, "Segoe UI", sans-serif;
  --vscode-editor-font-family: "DejaVu Sans Mono", monospace;
  --vscode-editor-foreground: #cccccc;
  --vscode-editor-background: #1f1f1f;
  --vscode-descriptionForeground: #9d9d9d;
  --vscode-panel-border: #3c3c3c;
  --vscode-focusBorder: #0078d4;
  --vscode-button-foreground: #ffffff;
  --vscode-button-background: #0078d4;
  --vscode-button-hoverBackground: #026ec1;
  --vscode-button-secondaryForeground: #cccccc;
  --vscode-button-secondaryBackground: #313131;
  --vscode-button-secondaryHoverBackground: #3c3c3c;
  --vscode-input-foreground: #cccccc;
  --vscode-input-background: #313131;
  --vscode-input-border: #3c3c3c;
  --vscode-textCodeBlock-background: #2b2b2b;
  --vscode-testing-iconPassed: #73c991;
  --vscode-testing-iconFailed: #f14c4c;
  --vscode-errorForeground: #f85149;
  --vscode-charts-blue: #3794ff;
  --vscode-charts-red: #f14c4c;
  --vscode-charts-green: #89d185;
  --vscode-charts-orange: #d18616;
  --vscode-charts-purple: #b180d7;
  --vscode-charts-yellow: #cca700;
`;

const LIGHT = `
  color-scheme: light;
  --vscode-font-family: system-ui, -apple-system, "Segoe UI", sans-serif;
  --vscode-editor-font-family: "DejaVu Sans Mono", monospace;
  --vscode-editor-foreground: #3b3b3b;
  --vscode-editor-background: #ffffff;
  --vscode-descriptionForeground: #5f5f5f;
  --vscode-panel-border: #e5e5e5;
  --vscode-focusBorder: #005fb8;
  --vscode-button-foreground: #ffffff;
  --vscode-button-background: #005fb8;
  --vscode-button-hoverBackground: #0258a8;
  --vscode-button-secondaryForeground: #3b3b3b;
  --vscode-button-secondaryBackground: #e5e5e5;
  --vscode-button-secondaryHoverBackground: #cccccc;
  --vscode-input-foreground: #3b3b3b;
  --vscode-input-background: #ffffff;
  --vscode-input-border: #cecece;
  --vscode-textCodeBlock-background: #f2f2f2;
  --vscode-testing-iconPassed: #388a34;
  --vscode-testing-iconFailed: #c72e0f;
  --vscode-errorForeground: #a1260d;
  --vscode-charts-blue: #1a85ff;
  --vscode-charts-red: #e51400;
  --vscode-charts-green: #388a34;
  --vscode-charts-orange: #d18616;
  --vscode-charts-purple: #652d90;
  --vscode-charts-yellow: #bf8803;
`;

const HIGH_CONTRAST = `
  color-scheme: dark;
  --vscode-font-family: system-ui, -apple-system, "Segoe UI", sans-serif;
  --vscode-editor-font-family: "DejaVu Sans Mono", monospace;
  --vscode-editor-foreground: #ffffff;
  --vscode-editor-background: #000000;
  --vscode-descriptionForeground: #ffffff;
  --vscode-panel-border: #6fc3df;
  --vscode-contrastBorder: #6fc3df;
  --vscode-contrastActiveBorder: #f38518;
  --vscode-focusBorder: #f38518;
  --vscode-button-foreground: #ffffff;
  --vscode-button-background: #000000;
  --vscode-button-border: #6fc3df;
  --vscode-button-secondaryForeground: #ffffff;
  --vscode-button-secondaryBackground: #000000;
  --vscode-input-foreground: #ffffff;
  --vscode-input-background: #000000;
  --vscode-input-border: #6fc3df;
  --vscode-textCodeBlock-background: #000000;
  --vscode-testing-iconPassed: #73c991;
  --vscode-testing-iconFailed: #f48771;
  --vscode-errorForeground: #f48771;
  --vscode-charts-blue: #3794ff;
  --vscode-charts-red: #f14c4c;
  --vscode-charts-green: #89d185;
  --vscode-charts-orange: #d18616;
  --vscode-charts-purple: #b180d7;
  --vscode-charts-yellow: #ffff00;
`;

export const PREVIEW_THEMES: Record<PreviewTheme, string> = {
  dark: `:root {${DARK}}\n`,
  light: `:root {${LIGHT}}\n`,
  "high-contrast": `:root {${HIGH_CONTRAST}}\n`,
};
