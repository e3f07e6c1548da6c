// Stylesheets are imported for their side effect: the build (esbuild) gathers them into the
// page's one stylesheet. TypeScript 7 checks that a side-effect import resolves; this says it does.
declare module "*.css";
