/** Where a server started with RESPONSE_CHECK_FILE puts what the response check found. */
import { appendFileSync } from "node:fs";
import type { Logger } from "../../util/logger.js";
import type { ViolationReport } from "./response-check.js";

/**
 * One JSON line per violation, written at once (the test harness reads the file when it stops
 * the server, also after a kill -9), and an error line in the log beside the request's own.
 */
export const recordViolations =
  (file: string, log: Logger): ViolationReport =>
  (violation) => {
    log.error("response breaks openapi.yaml", { ...violation });
    appendFileSync(file, `${JSON.stringify(violation)}\n`, { mode: 0o600 });
  };
