// esbuild's text loader bundles these files' contents as a string (see scripts/build.mjs).
declare module "*.py" {
  const text: string;
  export default text;
}

// The TypeScript template and its JavaScript version, which scripts/build.mjs defines from
// templates/typescript/focalLoss.ts. Only the bundled entry points read it.
declare const __FUNCTION_TEMPLATES__: { typescript: string; javascript: string };
