import { ensureHelm } from "../scripts/fetch-helm.mjs";

export default async function setup(): Promise<void> {
  await ensureHelm();
}
