// esbuild's text loader bundles these files' contents as a string (see scripts/build.mjs).
declare module "*.py" {
  const text: string;
  export default text;
}
