/**
 * Whether claude has stored a conversation for a session id. `--resume` fails ("No
 * conversation found") when the first run was killed before claude saved anything, so such
 * a follow-up must start the session afresh with `--session-id` instead.
 */
import { access, readdir } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";

/** Claude's data directory for the environment the runs get. */
export const claudeConfigDir = (env: Record<string, string>) =>
  env.CLAUDE_CONFIG_DIR || path.join(env.HOME || homedir(), ".claude");

/** True when any project under claude's data dir holds `<sessionId>.jsonl`. */
export async function sessionExists(configDir: string, sessionId: string): Promise<boolean> {
  const projects = path.join(configDir, "projects");
  const dirs = await readdir(projects).catch(() => [] as string[]);
  const found = await Promise.all(
    dirs.map((d) =>
      access(path.join(projects, d, `${sessionId}.jsonl`)).then(
        () => true,
        () => false,
      ),
    ),
  );
  return found.includes(true);
}
