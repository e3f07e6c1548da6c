/**
 * The run protocol between the server and its run wrapper across versions: files written
 * before the protocol had versions (fixtures, byte for byte as that code wrote them) are read
 * by this version; files this version writes are read by that version's readers (a frozen
 * copy); files of a newer protocol are refused with a message that says so.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  approvalAnswerFile,
  approvalAnswerFileName,
  approvalRequestFile,
  approvalRequestFileName,
  parseApprovalFileName,
  readApprovalAnswer,
  readApprovalRequest,
} from "../../src/runner/protocol/approval-records.js";
import { exitMarkerFile, readExitMarkerNotice, readRunExit, runExitFile } from "../../src/runner/protocol/run-exit.js";
import { readRunSpec, runSpecFile } from "../../src/runner/protocol/run-spec.js";
import type { ProtocolRead } from "../../src/runner/protocol/versioned.js";
import {
  parseApprovalAnswerV0,
  parseApprovalRequestV0,
  parseRunExitV0,
  readSpecV0,
} from "../fixtures/run-protocol/v0-readers.js";

const V0 = path.join(import.meta.dirname, "../fixtures/run-protocol/v0");
const fixture = (name: string) => readFileSync(path.join(V0, name), "utf8");
const json = (name: string) => JSON.parse(fixture(name)) as Record<string, unknown>;

const REQUEST = "0.approval-ap_0123456789abcdef.json";
const ANSWER = "0.approval-ap_0123456789abcdef.answer.json";
const TIMEOUT_ANSWER = "0.approval-ap_fedcba9876543210.answer.json";
const requestFile = { run: 0, approvalId: "ap_0123456789abcdef" };

function value<T>(read: ProtocolRead<T>): T {
  if (!read.ok) throw new Error(read.problem);
  return read.value;
}
function problem<T>(read: ProtocolRead<T>): string {
  if (read.ok) throw new Error("read a file it should have refused");
  return read.problem;
}

/** Every reader, with a file of its kind from before versions. */
const kinds: Array<{ name: string; file: string; read: (text: string) => ProtocolRead<unknown> }> = [
  { name: "run spec", file: "spec.json", read: (t: string) => readRunSpec(t) },
  { name: "exit record", file: "exit.json", read: (t: string) => readRunExit(t) },
  { name: "approval request", file: REQUEST, read: (t: string) => readApprovalRequest(t, requestFile) },
  { name: "approval answer", file: ANSWER, read: (t: string) => readApprovalAnswer(t, "ap_0123456789abcdef") },
];

describe("files written before the run protocol had versions, read by this version", () => {
  it.each(kinds)("reads the $name as protocol 1, every field as it was", ({ file, read }) => {
    expect(value(read(fixture(file)))).toEqual(json(file));
  });

  it("reads an interrupted run's exit record and a timeout's denial", () => {
    expect(value(readRunExit(fixture("exit-interrupted.json")))).toEqual(json("exit-interrupted.json"));
    expect(value(readApprovalAnswer(fixture(TIMEOUT_ANSWER), "ap_fedcba9876543210"))).toEqual(json(TIMEOUT_ANSWER));
  });
});

describe("files this version writes, read by the readers from before versions", () => {
  it("the run spec, marked protocol 1, with every field the old wrapper used", () => {
    const spec = value(readRunSpec(fixture("spec.json")));
    const written = runSpecFile(spec);
    expect(JSON.parse(written)).toMatchObject({ protocol: 1 });
    expect(readSpecV0(written)).toEqual({ protocol: 1, ...json("spec.json") });
  });

  it("a spec naming the exit marker notice file, a field the old wrapper ignores", () => {
    const spec = {
      ...value(readRunSpec(fixture("spec.json"))),
      exitMarkerFile: "/home/dev/.claude-tasks/x/runs/0.exit-marker.json",
    };
    expect(readSpecV0(runSpecFile(spec))).toMatchObject({ protocol: 1, exitMarkerFile: spec.exitMarkerFile });
    expect(value(readRunSpec(runSpecFile(spec)))).toEqual(spec);
  });

  it("the exit record, with the marker position the old server ignores", () => {
    const written = runExitFile({ exit_code: 143, finished_at: 2.5, signal: "SIGTERM", error: "stopped", marker_end: 120 });
    expect(parseRunExitV0(written)).toEqual({
      protocol: 1,
      exit_code: 143,
      finished_at: 2.5,
      signal: "SIGTERM",
      error: "stopped",
      marker_end: 120,
    });
  });

  it("approval requests and answers (an old wrapper still waiting reads the new server's answer)", () => {
    const request = value(readApprovalRequest(fixture(REQUEST), requestFile));
    expect(parseApprovalRequestV0(approvalRequestFile(request))).toEqual({ protocol: 1, ...json(REQUEST) });
    const answer = value(readApprovalAnswer(fixture(ANSWER), requestFile.approvalId));
    expect(parseApprovalAnswerV0(approvalAnswerFile(answer))).toEqual({ protocol: 1, ...json(ANSWER) });
  });

  it("round-trips every kind through this version's own writer and reader", () => {
    const spec = value(readRunSpec(fixture("spec.json")));
    expect(value(readRunSpec(runSpecFile(spec)))).toEqual(spec);
    const exit = { exit_code: 0, finished_at: 1.5, marker_end: 42 };
    expect(value(readRunExit(runExitFile(exit)))).toEqual(exit);
    const request = value(readApprovalRequest(fixture(REQUEST), requestFile));
    expect(value(readApprovalRequest(approvalRequestFile(request), requestFile))).toEqual(request);
    const answer = value(readApprovalAnswer(fixture(ANSWER), "x"));
    expect(value(readApprovalAnswer(approvalAnswerFile(answer), "x"))).toEqual(answer);
    const notice = { exit_code: 3, marker_end: 512 };
    expect(value(readExitMarkerNotice(exitMarkerFile(notice)))).toEqual(notice);
    expect(problem(readExitMarkerNotice(JSON.stringify({ ...notice, protocol: 2 })))).toMatch(/uses run protocol 2/);
    expect(problem(readExitMarkerNotice(JSON.stringify({ exit_code: 3 })))).toMatch(/marker_end/);
  });
});

describe("files of a newer protocol, or none at all", () => {
  it.each(kinds)("refuses a $name of protocol 2, saying a newer version wrote it", ({ file, read }) => {
    const newer = JSON.stringify({ ...json(file), protocol: 2, something_new: { a: 1 } });
    expect(problem(read(newer))).toMatch(/uses run protocol 2, newer than this claude-task-api understands \(1\)/);
  });

  it("ignores fields it does not know within its own version (room for additions)", () => {
    const exit = JSON.stringify({ protocol: 1, exit_code: 0, finished_at: 1, budget: { spent_usd: 0.5 } });
    expect(value(readRunExit(exit))).toEqual({ exit_code: 0, finished_at: 1 });
    const spec = JSON.stringify({ ...json("spec.json"), protocol: 1, control: { steer: true } });
    expect(value(readRunSpec(spec))).toEqual(json("spec.json"));
  });

  it("names what is wrong with a file it cannot understand", () => {
    expect(problem(readRunExit("{"))).toBe("the run's exit record is not JSON");
    expect(problem(readRunExit("[]"))).toBe("the run's exit record is not a JSON object");
    expect(problem(readRunExit('{"protocol":0,"exit_code":0,"finished_at":1}'))).toMatch(/no valid protocol version \(0\)/);
    expect(problem(readRunExit('{"protocol":"1","exit_code":0,"finished_at":1}'))).toMatch(/no valid protocol version \("1"\)/);
    expect(problem(readRunExit('{"exit_code":-1,"finished_at":1}'))).toMatch(/^the run's exit record is not valid: exit_code: /);
    expect(problem(readRunExit('{"exit_code":0}'))).toMatch(/not valid: finished_at: /);
    expect(problem(readRunSpec(JSON.stringify({ ...json("spec.json"), env: { A: 1 } })))).toMatch(/not valid: env\.A: /);
    const answer = { decision: "allow", answered_at: 2, by: "client" };
    expect(problem(readApprovalAnswer(JSON.stringify({ ...answer, decision: "maybe" }), "ap_1"))).toMatch(
      /^the answer to approval ap_1 is not valid: decision: /,
    );
    expect(problem(readApprovalAnswer(JSON.stringify({ ...answer, updated_input: "x" }), "ap_1"))).toMatch(/updated_input/);
    expect(problem(readApprovalAnswer(JSON.stringify({ ...answer, by: "someone" }), "ap_1"))).toMatch(/by: /);
  });

  it("refuses an approval request whose id has path characters, or that names another approval than its file", () => {
    const request = json(REQUEST);
    expect(problem(readApprovalRequest(JSON.stringify({ ...request, approval_id: "../x" }), requestFile))).toMatch(/approval_id/);
    expect(problem(readApprovalRequest(JSON.stringify({ ...request, input: [] }), requestFile))).toMatch(/input/);
    expect(problem(readApprovalRequest(fixture(REQUEST), { run: 1, approvalId: "ap_0123456789abcdef" }))).toMatch(
      /names another run or approval than its file/,
    );
  });
});

describe("approval file names", () => {
  it("names request and answer files per run and reads the names back", () => {
    expect(approvalRequestFileName(2, "ap_1a")).toBe("2.approval-ap_1a.json");
    expect(approvalAnswerFileName(2, "ap_1a")).toBe("2.approval-ap_1a.answer.json");
    expect(parseApprovalFileName("2.approval-ap_1a.json")).toEqual({ run: 2, approvalId: "ap_1a", answer: false });
    expect(parseApprovalFileName("2.approval-ap_1a.answer.json")).toEqual({ run: 2, approvalId: "ap_1a", answer: true });
    expect(parseApprovalFileName(REQUEST)).toEqual({ ...requestFile, answer: false });
  });

  it("ignores every other name: exit records, temp files, ids with path characters", () => {
    for (const name of [
      "0.exit.json",
      ".2.approval-ap_1a.json.abc.tmp",
      "2.approval-../x.json",
      "02.approval-a.json",
      "2.approval-.json",
    ]) {
      expect(parseApprovalFileName(name)).toBeUndefined();
    }
  });
});
