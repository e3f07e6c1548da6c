/**
 * The run spec: what the server hands the run wrapper for one run (runs/{n}.spec.json, mode
 * 0600, removed by the wrapper once read since it holds the environment).
 */
import * as z from "zod/mini";
import { type ProtocolRead, protocolFile, readProtocolFile } from "./versioned.js";

const path = z.string().check(z.minLength(1));

export const runSpecSchema = z.object({
  /** The claude command line: binary first. The prompt is not in it; it arrives on stdin. */
  argv: z.array(z.string()).check(z.minLength(1)),
  cwd: path,
  /** The complete environment for claude, captured from the server at start-up. */
  env: z.record(z.string(), z.string()),
  promptFile: path,
  outputLog: path,
  exitFile: path,
  /** Where to say, just before the exit marker line, where it will end (absent from servers before it). */
  exitMarkerFile: z.optional(path),
  /** Where the wrapper writes its pid as it starts: proof the run began, and who to wait for. */
  pidFile: path,
  /**
   * Set for a run with `approvals`: claude then reads the prompt as a stream-json message and
   * asks on stdout before using a tool (`--permission-prompt-tool stdio`); the wrapper keeps
   * the requests and answers in `runsDir` (approval-records.ts).
   */
  approvals: z.optional(
    z.object({
      run: z.int().check(z.minimum(0)),
      runsDir: path,
      /** Deny a request nobody answered within this many seconds; absent: wait as long as the run lives. */
      timeoutSeconds: z.optional(z.number().check(z.positive())),
    }),
  ),
  /**
   * The operator's secrets this run gets as environment variables: names only, the wrapper
   * reads each value from `dir` itself (runner/run-secrets.ts), so no value is ever in a spec.
   */
  secrets: z.optional(z.object({ dir: path, names: z.array(z.string().check(z.minLength(1))) })),
  /**
   * Set for runs that take steers and interrupts (inbox-records.ts): claude reads its prompt as
   * a stream-json message, and the wrapper keeps its stdin open for the run's inbox.
   */
  inbox: z.optional(z.object({ run: z.int().check(z.minimum(0)), runsDir: path })),
  // Later additions go here as optional fields; the version rises only for a change this
  // wrapper would misread.
});
export type RunSpec = z.infer<typeof runSpecSchema>;

/** Reads a run spec: the spec, or why this wrapper cannot run it. */
export const readRunSpec = (text: string): ProtocolRead<RunSpec> => readProtocolFile(runSpecSchema, "the run spec", text);

export const runSpecFile = (spec: RunSpec): string => protocolFile(spec);
