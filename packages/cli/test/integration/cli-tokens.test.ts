/** `token create|list|revoke` and `audit` as a subprocess against the REAL server; bare `token` is unchanged. */
import { startTestServer, type TestServer } from "@claude-task-api/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BinaryResult, runBinary } from "../support/run-binary.js";

let server: TestServer;
let env: Record<string, string>;
const cli = (...argv: string[]) => runBinary(argv, env);

beforeAll(async () => {
  server = await startTestServer();
  env = { CLAUDE_TASKS_URL: server.url, CLAUDE_API_TOKEN: server.token, NO_COLOR: "1", COLUMNS: "250" };
});
afterAll(() => server?.stop());

function expectOk(result: BinaryResult, code = 0): void {
  if (result.code !== code)
    throw new Error(`exit ${result.code}, expected ${code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
}

describe("tokens and the audit log from the CLI", () => {
  it("creates a scoped token, lists it, is refused beyond its scope, revokes it, and shows the trail", async () => {
    const created = await cli("token", "create", "--name", "ci", "--scope", "tasks:read", "--expires-in", "1d");
    expectOk(created);
    const value = created.stdout.trim();
    expect(value).toMatch(/^ctn_[A-Za-z0-9_-]{43}$/);
    const id = /(tok_[0-9a-f]{16})/.exec(created.stderr)?.[1] as string;
    expect(created.stderr).toContain("not shown again");

    const listed = await cli("token", "list");
    expectOk(listed);
    expect(listed.stdout).toMatch(/ID\s+NAME\s+SCOPES\s+STATE\s+EXPIRES\s+LAST USED\s+LIMITS/);
    expect(listed.stdout).toMatch(new RegExp(`${id}\\s+ci\\s+tasks:read\\s+active`));
    expect(listed.stdout).not.toContain(value);

    const asReader = (...argv: string[]) => runBinary(argv, { ...env, CLAUDE_API_TOKEN: value });
    expectOk(await asReader("list"));
    const refused = await asReader("run", "-w", server.workdirRoot, "@reply no");
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stderr).toContain("This token lacks the scope tasks:write");

    expectOk(await cli("token", "revoke", id));
    const revoked = await asReader("list");
    expect(revoked.code).toBe(3);
    expect(revoked.stderr).toContain("revoked");

    const audit = await cli("audit", "--limit", "3");
    expectOk(audit);
    expect(audit.stdout).toMatch(/TIME\s+ACTOR\s+ACTION\s+TASK\s+STATUS\s+REASON\s+FROM/);
    expect(audit.stdout).toMatch(/token tok_[0-9a-f]{16} \(ci\)\s+refused\s+-\s+401\s+token_revoked/);
    expect(audit.stdout).toMatch(/owner_token\s+revokeToken/);
    const json = await cli("audit", "--action", "createToken", "--json");
    expectOk(json);
    expect(JSON.parse(json.stdout).entries).toHaveLength(1);
  });

  it("refuses bad flags with one line and exit 2", async () => {
    const scope = await cli("token", "create", "--name", "x", "--scope", "tasks:all");
    expect(scope.code).toBe(2);
    expect(scope.stderr).toContain("expected one or more of tasks:read, tasks:write, approvals:write, tasks:purge, admin");
    const id = await cli("token", "revoke", "nope");
    expect(id.code).toBe(2);
    expect((await cli("token", "create", "--name", "x", "--scope", "admin", "--expires-in", "soon")).code).toBe(2);
  });
});
