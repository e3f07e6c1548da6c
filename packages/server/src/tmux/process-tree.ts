/**
 * Finds and signals a whole process tree through /proc. Killing only the tmux session would
 * leave children that claude started in their own process groups (its Bash tool) running.
 */
import { readdir, readFile } from "node:fs/promises";

async function parentPids(): Promise<Map<number, number>> {
  const parents = new Map<number, number>();
  const entries = await readdir("/proc").catch(() => [] as string[]);
  await Promise.all(
    entries
      .filter((e) => /^\d+$/.test(e))
      .map(async (e) => {
        const stat = await readFile(`/proc/${e}/stat`, "utf8").catch(() => undefined);
        if (!stat) return;
        // The command name may contain spaces and parentheses; fields resume after the last ')'.
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        parents.set(Number(e), Number(fields[1]));
      }),
  );
  return parents;
}

/** The pid and all its descendants, parents first. */
async function processTree(root: number): Promise<number[]> {
  const parents = await parentPids();
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  }
  return tree;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** SIGTERM to the whole tree, then SIGKILL to whatever is still alive after `graceMs`. */
export async function killProcessTree(root: number, graceMs = 1500): Promise<void> {
  const tree = await processTree(root);
  for (const pid of tree) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      // Already gone.
    }
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && tree.some(alive)) await new Promise((r) => setTimeout(r, 50));
  for (const pid of tree.filter(alive)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}
