/**
 * `doctor`: everything a task needs, checked from the person's side, one line per check with
 * what to do when it fails: settings, the server reachable, its clock, the token, versions, and
 * the server's own readiness checks (tmux, claude, credentials, permission mode). Exit 1 when
 * any check fails. This is the seed document's troubleshooting section, as a command.
 */
import { createClient, TaskApiError } from "@claude-task-api/sdk";
import type { Command } from "commander";
import { type ActionWrapper, withExamples } from "../command-kit.js";
import type { Settings } from "../config/settings.js";
import type { CommandContext } from "../context.js";
import { describeError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { safeView } from "../render/safe-text.js";
import { VERSION } from "../version.js";

/** One line of the report: `fix` says what to do, and is set exactly when the check failed. */
export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

const TIMEOUT_MS = 5_000;
/** Beyond this, relative times lie and webhook signatures (5 minutes' tolerance) start to fail. */
const MAX_SKEW_SECONDS = 30;

export function registerDoctor(program: Command, action: ActionWrapper): void {
  const command = program
    .command("doctor")
    .description("check settings, server, token, versions, clock and the server's readiness; one line each, exit 1 on a failure")
    .action(
      action(async (ctx) => {
        const checks = await runChecks(ctx);
        if (ctx.options.json) ctx.printJson({ ok: checks.every((check) => check.ok), checks });
        else {
          const width = Math.max(...checks.map((check) => check.name.length));
          // Details quote the server and the tools it ran (their versions, their errors).
          for (const check of safeView(checks)) {
            const mark = check.ok ? ctx.out.green("✓") : ctx.out.red("✗");
            const fix = check.fix ? ` ${ctx.out.dim("→")} ${check.fix}` : "";
            ctx.print(`${mark} ${check.name.padEnd(width)}  ${check.detail}${fix}`);
          }
        }
        return checks.every((check) => check.ok) ? ExitCode.Ok : ExitCode.Failure;
      }),
    );
  withExamples(command, [
    "claude-tasks doctor",
    "claude-tasks --profile alice doctor --json | jq '.checks[] | select(.ok | not)'",
  ]);
}

async function runChecks(ctx: CommandContext): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  let settings: Settings;
  try {
    settings = ctx.settings();
  } catch (error) {
    const { message } = describeError(error, { url: "the server", tokenSource: undefined });
    return [{ name: "settings", ok: false, detail: message, fix: 'fix the config file, or see "claude-tasks config --help"' }];
  }
  const { url, token, configFile, profile } = settings;
  checks.push({
    name: "settings",
    ok: configFile.looseMode === undefined,
    detail: `url ${url.value} (${url.source})${profile ? `, profile ${profile.value}` : ""}`,
    ...(configFile.looseMode && { fix: `chmod 600 ${configFile.path} (it holds tokens and is mode ${configFile.looseMode})` }),
  });

  // Reachability, latency and the server's clock, from one plain request.
  const started = Date.now();
  let response: Response;
  try {
    response = await fetch(`${url.value}/healthz`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    checks.push({
      name: "server",
      ok: false,
      detail: `cannot reach ${url.value} (${cause})`,
      fix: "start it (npm start, or check the pod), or fix --url / CLAUDE_TASKS_URL / the profile",
    });
    checks.push({ name: "cli", ok: true, detail: `claude-tasks ${VERSION}` });
    return checks;
  }
  const latency = Date.now() - started;
  checks.push(
    response.ok
      ? { name: "server", ok: true, detail: `${url.value} answers (${latency} ms)` }
      : {
          name: "server",
          ok: false,
          detail: `${url.value}/healthz answered ${response.status}`,
          fix: "is --url the task API's host (not a proxy or another service)?",
        },
  );
  const serverDate = Date.parse(response.headers.get("date") ?? "");
  if (!Number.isNaN(serverDate)) {
    // The Date header has whole seconds; half the round trip is when the server wrote it.
    const skew = Math.round((started + latency / 2 - serverDate) / 1000);
    checks.push(
      Math.abs(skew) <= MAX_SKEW_SECONDS
        ? { name: "clock", ok: true, detail: `within ${Math.max(1, Math.abs(skew))} s of the server's` }
        : {
            name: "clock",
            ok: false,
            detail: `${Math.abs(skew)} s ${skew > 0 ? "ahead of" : "behind"} the server's`,
            fix: "sync this machine's clock (timedatectl set-ntp true); webhook signatures allow 300 s",
          },
    );
  }

  const client = createClient({ baseUrl: url.value, token: token?.value, timeoutMs: TIMEOUT_MS, retries: 0 });
  if (!token) {
    checks.push({
      name: "token",
      ok: false,
      detail: "none found (flag, CLAUDE_API_TOKEN, profile, or the pod's token file)",
      fix: 'get it with "claude-tasks token" (inside the pod) and save it with "claude-tasks login"',
    });
  } else {
    try {
      await client.tasks.list({ limit: 1 });
      checks.push({ name: "token", ok: true, detail: `accepted (from ${token.source})` });
    } catch (error) {
      const { message } = describeError(error, { url: url.value, tokenSource: token.source });
      checks.push({ name: "token", ok: false, detail: message, fix: 'save the current token with "claude-tasks login"' });
    }
  }

  const apiVersion = await fetch(`${url.value}/api/claude/openapi.json`, { signal: AbortSignal.timeout(TIMEOUT_MS) })
    .then((r) => (r.ok ? (r.json() as Promise<{ info?: { version?: string } }>) : undefined))
    .then((doc) => doc?.info?.version)
    .catch(() => undefined);
  checks.push({
    name: "versions",
    ok: true,
    detail: `claude-tasks ${VERSION} · server API ${apiVersion ?? "unknown"}`,
  });

  try {
    const ready = await client.ready();
    for (const [name, result] of Object.entries(ready.checks)) {
      const ok = result.startsWith("ok");
      // The server's message already says what to do; it is the fix.
      checks.push({
        name: `server ${name}`,
        ok,
        detail: ok ? result.replace(/^ok \((.*)\)$/, "$1") : "not usable",
        ...(!ok && { fix: result }),
      });
    }
  } catch (error) {
    const detail = error instanceof TaskApiError ? error.message : String(error);
    checks.push({ name: "server ready", ok: false, detail, fix: "check the server's log" });
  }
  return checks;
}
