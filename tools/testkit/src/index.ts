// Public API of @claude-task-api/testkit.

export { claudeBinary, scriptedClaudeEnv } from "./claude-env.js";
export { freePort } from "./harness/free-port.js";
export { assertFreshBuild, staleBuildProblem } from "./harness/fresh-build.js";
export { type SeedTask, seedTaskId, seedTasks } from "./harness/seed-tasks.js";
export { type LogLine, serverEntry, startTestServer, type TestServer, type TestServerOptions } from "./harness/test-server.js";
export {
  fakeTask,
  json,
  type LocalHandler,
  type LocalRequest,
  type LocalServer,
  startLocalServer,
  unusedUrl,
} from "./local-server.js";
export * from "./scripted-model/index.js";
export { waitFor } from "./wait-for.js";
