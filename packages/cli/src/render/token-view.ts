/** Named tokens and the audit log for people: tables, every server-sent string made safe first. */
import type { AuditEntry, NamedToken } from "@claude-task-api/sdk";
import type { CommandContext } from "../context.js";
import { safeView } from "./safe-text.js";
import { oneLine, renderTable } from "./table.js";
import { absoluteTime } from "./time.js";

const when = (seconds: number | undefined, none: string) => (seconds === undefined ? none : absoluteTime(seconds));

function state(t: NamedToken, now: number): string {
  if (t.revoked_at !== undefined) return "revoked";
  if (t.expires_at !== undefined && t.expires_at <= now) return "expired";
  return "active";
}

export function renderTokenList(ctx: CommandContext, tokens: NamedToken[], now = Date.now() / 1000): string {
  const rows = tokens.map((raw) => {
    const t = safeView(raw);
    const limits = [t.workdirs && `workdirs ${t.workdirs.join(",")}`, t.secrets && `secrets ${t.secrets.join(",")}`]
      .concat(t.mcp_servers ? [`mcp ${t.mcp_servers.join(",")}`] : [])
      .filter(Boolean)
      .join("; ");
    return [
      t.id,
      oneLine(t.name),
      t.scopes.join(","),
      state(t, now),
      when(t.expires_at, "never"),
      when(t.last_used_at, "-"),
      limits || "-",
    ];
  });
  return renderTable([["ID", "NAME", "SCOPES", "STATE", "EXPIRES", "LAST USED", "LIMITS"], ...rows], {
    maxWidth: ctx.io.stdout.columns,
  });
}

function actor(a: AuditEntry["actor"]): string {
  if (a.kind === "token") return `token ${a.token_id} (${oneLine(a.token_name ?? "")})`;
  if (a.kind === "proxy") return `proxy ${oneLine(a.user ?? "")}`;
  if (a.kind === "session") return a.owner ? "dashboard (owner)" : "dashboard (link)";
  return a.kind;
}

export function renderAudit(ctx: CommandContext, entries: AuditEntry[]): string {
  const rows = entries.map((raw) => {
    const e = safeView(raw);
    return [e.time, actor(e.actor), e.action, e.task_id ?? "-", String(e.status), e.reason ?? "-", e.remote_addr ?? "-"];
  });
  return renderTable([["TIME", "ACTOR", "ACTION", "TASK", "STATUS", "REASON", "FROM"], ...rows], {
    maxWidth: ctx.io.stdout.columns,
  });
}
