/**
 * Headers for every text/plain answer (a task's log, its diff, the metrics). That text is written
 * by a model, a tool or a repository; without nosniff a browser may guess it is HTML or script
 * and run it on this origin, where the token and the dashboard live.
 */
export const PLAIN_TEXT_HEADERS = { "X-Content-Type-Options": "nosniff" } as const;
