/**
 * The compiler a consumer of the SDK type-checks with: TypeScript 5, the workspace root's (the
 * packages themselves build with 7, whose declarations are the same). Most users still run 5,
 * and the published declarations must work there.
 */
import { createRequire } from "node:module";
import path from "node:path";

const fromRoot = createRequire(new URL("../../../package.json", import.meta.url));
export const consumerTsc = path.join(path.dirname(fromRoot.resolve("typescript/package.json")), "bin", "tsc");
