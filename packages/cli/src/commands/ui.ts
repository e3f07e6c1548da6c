/**
 * `ui`: a one-time sign-in link for the web dashboard (like Jupyter's token URL). The server
 * mints it for the bearer token; the browser trades it for a session cookie, once. Sessions
 * opened this way can do what the token can, but cannot see or replace the token itself.
 */
import { spawn } from "node:child_process";
import type { paths } from "@claude-task-api/sdk";
import type { Command } from "commander";
import { type ActionWrapper, withExamples } from "../command-kit.js";
import { CliError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";

type DashboardLink = paths["/api/claude/dashboard/links"]["post"]["responses"][200]["content"]["application/json"];

const OPENERS: Record<string, string> = { darwin: "open", win32: "explorer" };

/** Hands the URL to the desktop's browser; a pod has none, so failing to is not an error. */
function openInBrowser(url: string): void {
  const child = spawn(OPENERS[process.platform] ?? "xdg-open", [url], { stdio: "ignore", detached: true });
  child.on("error", () => undefined);
  child.unref();
}

export function registerUi(program: Command, action: ActionWrapper): void {
  const command = program
    .command("ui")
    .description("print (or --open) a one-time sign-in link for the web dashboard")
    .option("--open", "also open it in this machine's browser")
    .action(
      action(async (ctx, cmd) => {
        const { url, token } = ctx.settings();
        if (!token) throw new CliError("no token: set CLAUDE_API_TOKEN or --token (see: claude-tasks token)", ExitCode.Auth);
        const base = url.value.replace(/\/+$/, "");
        let res: Response;
        try {
          res = await fetch(`${base}/api/claude/dashboard/links`, {
            method: "POST",
            headers: { authorization: `Bearer ${token.value}` },
            signal: AbortSignal.timeout(30_000),
          });
        } catch (err) {
          throw new CliError(`cannot reach ${base}: ${(err as Error).message}`, ExitCode.Connection);
        }
        const body = (await res.json().catch(() => undefined)) as (DashboardLink & { error?: string }) | undefined;
        if (res.status === 401) throw new CliError(`${base} rejected the token: ${body?.error ?? "401"}`, ExitCode.Auth);
        if (!res.ok || !body?.url) {
          throw new CliError(`${base} answered ${res.status}: ${body?.error ?? "no link"}`, ExitCode.Failure);
        }
        const link = `${base}${body.url}`;
        if (ctx.options.json) ctx.printJson({ url: link, expires_at: body.expires_at });
        else ctx.print(link);
        ctx.note("Open it once in your browser; it signs that browser in to the dashboard at /claude/.");
        if ((cmd.opts() as { open?: boolean }).open) openInBrowser(link);
        return undefined;
      }),
    );
  withExamples(command, ["claude-tasks ui", "claude-tasks ui --open"]);
}
