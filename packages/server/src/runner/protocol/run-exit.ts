/**
 * How a run ended, as the wrapper tells it: the exit marker notice, written just before the
 * marker line (runs/{n}.exit-marker.json), and the exit record, written once the marker is on
 * disk (runs/{n}.exit.json). A tool can append a line that looks like a marker to output.log;
 * only the line ending where these say is the run's exit.
 */
import * as z from "zod/mini";
import { type ProtocolRead, protocolFile, readProtocolFile } from "./versioned.js";

export const runExitSchema = z.object({
  /** 0-255; 128 + n means "killed by signal n". */
  exit_code: z.int().check(z.minimum(0), z.maximum(255)),
  /** Unix seconds, fractional. */
  finished_at: z.number(),
  signal: z.optional(z.string()),
  /** Set when claude could not be started at all, or the run was interrupted. */
  error: z.optional(z.string()),
  /**
   * output.log's size just after this run's exit marker line. A tool can append a line that
   * looks like a marker to the log; only the line ending here is the run's exit. Absent from
   * records of wrappers older than the field.
   */
  marker_end: z.optional(z.int().check(z.minimum(0))),
  /** True when an interrupt without a prompt ended the run (the run's state is then `interrupted`). */
  interrupted: z.optional(z.boolean()),
});
export type RunExit = z.infer<typeof runExitSchema>;

/** Reads an exit record: the record, or why it cannot be understood. */
export const readRunExit = (text: string): ProtocolRead<RunExit> =>
  readProtocolFile(runExitSchema, "the run's exit record", text);

export const runExitFile = (exit: RunExit): string => protocolFile(exit);

/** Where the run's exit marker line will end in output.log, and its code: written just before the line. */
export const exitMarkerSchema = z.object({
  exit_code: z.int().check(z.minimum(0), z.maximum(255)),
  marker_end: z.int().check(z.minimum(0)),
});
export type ExitMarkerNotice = z.infer<typeof exitMarkerSchema>;

export const readExitMarkerNotice = (text: string): ProtocolRead<ExitMarkerNotice> =>
  readProtocolFile(exitMarkerSchema, "the run's exit marker notice", text);

export const exitMarkerFile = (notice: ExitMarkerNotice): string => protocolFile(notice);
