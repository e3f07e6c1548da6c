import { brotliCompressSync, constants } from "node:zlib";

/**
 * Brotli-packs a server bundle that a test changed, as a stand-in for the next release's. The
 * release packs at brotli's best quality (scripts/bundle-server.mjs, about 1.6 s of CPU for the
 * server's 1.1 MB, done once per run by the global setup and checked by bundle.test.ts); the
 * start-up script and helm take any brotli stream the same way, so a changed copy is packed at
 * quality 5 (about 0.03 s): start-script.test.ts alone packs six of them.
 */
export function repack(text: string): Buffer {
  return brotliCompressSync(Buffer.from(text, "utf8"), {
    params: { [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_QUALITY]: 5 },
  });
}
