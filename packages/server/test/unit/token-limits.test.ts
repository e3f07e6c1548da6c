/** A named token's limits: workdirs, secrets and MCP servers it may ask for, scopes it may grant. */
import { describe, expect, it } from "vitest";
import type { NamedToken } from "../../src/auth/named-tokens.js";
import { assertMayGrant, assertTokenMayUse, maySeeTask } from "../../src/auth/token-limits.js";

const token = (limits: Partial<NamedToken>): NamedToken => ({
  id: "tok_0123456789abcdef",
  name: "t",
  scopes: ["tasks:read", "tasks:write"],
  created_at: 0,
  ...limits,
});

describe("assertTokenMayUse", () => {
  it("lets an unlimited token or the owner (undefined) ask for anything", () => {
    expect(() => assertTokenMayUse(undefined, { workdir: "/x", secrets: ["A"], mcp_servers: ["m"] })).not.toThrow();
    expect(() => assertTokenMayUse(token({}), { workdir: "/x", secrets: ["A"], mcp_servers: ["m"] })).not.toThrow();
  });

  it("refuses a workdir outside the token's, including a sibling sharing a prefix", () => {
    const limited = token({ workdirs: ["/root/team-a"] });
    expect(() => assertTokenMayUse(limited, { workdir: "/root/team-a/repo" })).not.toThrow();
    expect(() => assertTokenMayUse(limited, { workdir: "/root/team-a" })).not.toThrow();
    expect(() => assertTokenMayUse(limited, { workdir: "/root/team-ab" })).toThrow(/only under \/root\/team-a/);
    expect(() => assertTokenMayUse(limited, { workdir: "/root" })).toThrow(
      expect.objectContaining({ code: "insufficient_scope" }),
    );
  });

  it("refuses secrets and MCP servers outside the token's lists, naming them", () => {
    const limited = token({ secrets: ["GITHUB_TOKEN"], mcp_servers: ["github"] });
    expect(() => assertTokenMayUse(limited, { secrets: ["GITHUB_TOKEN"], mcp_servers: ["github"] })).not.toThrow();
    expect(() => assertTokenMayUse(limited, {})).not.toThrow();
    expect(() => assertTokenMayUse(limited, { secrets: ["GITHUB_TOKEN", "AWS_KEY"] })).toThrow("may not use secrets AWS_KEY");
    expect(() => assertTokenMayUse(limited, { mcp_servers: ["slack"] })).toThrow("may not use mcp_servers slack");
  });
});

describe("maySeeTask", () => {
  it("judges a worktree task by its repository, others by their workdir", () => {
    const limited = token({ workdirs: ["/root/a"] });
    expect(maySeeTask(limited, { workdir: "/root/a/x" })).toBe(true);
    expect(maySeeTask(limited, { workdir: "/root/b" })).toBe(false);
    const worktree = { path: "/tasks/1/wt", branch: "b", base_commit: "c", repository: "/root/a/repo" };
    expect(maySeeTask(limited, { workdir: "/tasks/1/wt", worktree })).toBe(true);
    expect(maySeeTask(undefined, { workdir: "/anywhere" })).toBe(true);
  });
});

describe("assertMayGrant", () => {
  it("grants only the creator's scopes and keeps its limits", () => {
    const admin = token({ scopes: ["admin", "tasks:read"], secrets: ["A"], workdirs: ["/root/a"] });
    expect(() => assertMayGrant(admin, { scopes: ["tasks:read"], secrets: ["A"], workdirs: ["/root/a/b"] })).not.toThrow();
    expect(() => assertMayGrant(admin, { scopes: ["tasks:purge"], secrets: ["A"], workdirs: ["/root/a"] })).toThrow(
      "lacks the scope tasks:purge",
    );
    expect(() => assertMayGrant(admin, { scopes: ["tasks:read"], workdirs: ["/root/a"] })).toThrow("limited to secrets A");
    expect(() => assertMayGrant(admin, { scopes: ["tasks:read"], secrets: ["A"], workdirs: ["/root"] })).toThrow(
      "limited to workdirs",
    );
    expect(() => assertMayGrant(undefined, { scopes: ["admin"] })).not.toThrow();
  });
});
