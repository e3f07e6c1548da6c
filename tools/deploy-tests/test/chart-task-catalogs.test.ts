// Secrets and MCP servers per task: taskApi.secrets.existingSecret mounted as SECRETS_DIR (apart
// from the server's own secrets), taskApi.mcpServers as the MCP_SERVERS_FILE catalog.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { baseValues, merge, render, repoRoot } from "./support/helm.js";

const TASK_SECRETS = "/etc/claude-task-api/task-secrets";
const MCP_DIR = "/etc/claude-task-api/mcp";
const everything = { command: "npx", args: ["-y", "@modelcontextprotocol/server-everything"] };

async function podOf(values: object) {
  const rendered = await render(merge(baseValues, values));
  const pod = rendered.get("Deployment").spec.template.spec;
  const container = pod.containers[0];
  const env = Object.fromEntries(container.env.map((e: { name: string; value?: string }) => [e.name, e.value]));
  return { rendered, pod, container, env };
}

describe("taskApi.secrets.existingSecret", () => {
  it("mounts every key of the Secret as a file in SECRETS_DIR, apart from the server's own secrets", async () => {
    const { pod, container, env, rendered } = await podOf({ taskApi: { secrets: { existingSecret: "alice-task-secrets" } } });
    expect(env.TASK_API_SECRETS_DIR).toBe(TASK_SECRETS);
    expect(pod.volumes).toContainEqual({ name: "task-secrets", secret: { secretName: "alice-task-secrets", defaultMode: 288 } });
    expect(container.volumeMounts).toContainEqual({ name: "task-secrets", mountPath: TASK_SECRETS, readOnly: true });
    // Files, never variables: nothing of the Secret in the pod's environment.
    expect(JSON.stringify(container.env)).not.toContain("alice-task-secrets");
    expect(rendered.objects.filter((o) => o.kind === "Secret")).toEqual([]);
  });

  it("mounts nothing and sets no SECRETS_DIR when unset, and refuses a name that is no Secret name", async () => {
    const { pod, env } = await podOf({});
    expect(env).not.toHaveProperty("TASK_API_SECRETS_DIR");
    expect(pod.volumes.map((v: { name: string }) => v.name)).not.toContain("task-secrets");
    await expect(podOf({ taskApi: { secrets: { existingSecret: "Not A Name" } } })).rejects.toThrow(/existingSecret/);
  });
});

describe("taskApi.mcpServers", () => {
  it("renders the catalog in claude's format into a ConfigMap mounted as MCP_SERVERS_FILE", async () => {
    const { pod, container, env, rendered } = await podOf({ taskApi: { mcpServers: { everything } } });
    expect(env.TASK_API_MCP_SERVERS_FILE).toBe(`${MCP_DIR}/mcp.json`);
    const configMap = rendered.get("ConfigMap", "-mcp-servers");
    expect(JSON.parse(configMap.data?.["mcp.json"] ?? "")).toEqual({ mcpServers: { everything } });
    expect(pod.volumes).toContainEqual({ name: "mcp-servers", configMap: { name: configMap.metadata.name } });
    expect(container.volumeMounts).toContainEqual({ name: "mcp-servers", mountPath: MCP_DIR, readOnly: true });
  });

  it("renders no catalog when empty, and refuses a server name claude's tool names cannot carry", async () => {
    const { env, rendered } = await podOf({});
    expect(env).not.toHaveProperty("TASK_API_MCP_SERVERS_FILE");
    expect(rendered.find("ConfigMap", "-mcp-servers")).toBeUndefined();
    // helm names the key, not its place: 'two words' does not match pattern ...
    await expect(podOf({ taskApi: { mcpServers: { "two words": everything } } })).rejects.toThrow(/'two words' does not match/);
    await expect(podOf({ taskApi: { mcpServers: { everything: "npx" } } })).rejects.toThrow(/mcpServers/);
  });

  it("has the start-up script forward both settings to the server", async () => {
    const script = await readFile(path.join(repoRoot, "charts/workspace/files/server/start-task-api.sh"), "utf8");
    const forwarded = /for name in ([^;]+); do/.exec(script)?.[1]?.split(/[\s\\]+/) ?? [];
    expect(forwarded).toEqual(expect.arrayContaining(["SECRETS_DIR", "MCP_SERVERS_FILE"]));
  });
});
