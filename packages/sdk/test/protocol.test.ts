import { describe, expect, it } from "vitest";
import {
  approvalAnswerFileName,
  approvalRequestFileName,
  formatExitMarker,
  parseApprovalAnswer,
  parseApprovalFileName,
  parseApprovalRequest,
  parseExitMarker,
  parseRunExit,
} from "../src/protocol.js";

describe("run protocol: exit marker", () => {
  it("round-trips every exit status", () => {
    for (const code of [0, 1, 2, 127, 137, 255]) expect(parseExitMarker(formatExitMarker(code))).toBe(code);
    expect(formatExitMarker(3)).toBe("__CLAUDE_EXIT_CODE_3__");
  });

  it("counts a marker only as a whole line", () => {
    expect(parseExitMarker("__CLAUDE_EXIT_CODE_0__\r")).toBe(0);
    for (const line of [
      "echo __CLAUDE_EXIT_CODE_0__",
      "__CLAUDE_EXIT_CODE_0__ trailing",
      " __CLAUDE_EXIT_CODE_0__",
      '{"type":"assistant","text":"__CLAUDE_EXIT_CODE_0__"}',
      "__CLAUDE_EXIT_CODE_0__\n",
    ]) {
      expect(parseExitMarker(line), line).toBeUndefined();
    }
  });

  it("refuses codes no process can exit with", () => {
    for (const line of [
      "__CLAUDE_EXIT_CODE_-1__",
      "__CLAUDE_EXIT_CODE_256__",
      "__CLAUDE_EXIT_CODE_007__",
      "__CLAUDE_EXIT_CODE___",
    ]) {
      expect(parseExitMarker(line), line).toBeUndefined();
    }
    expect(() => formatExitMarker(-1)).toThrow(RangeError);
    expect(() => formatExitMarker(1.5)).toThrow(RangeError);
  });
});

describe("run protocol: exit record", () => {
  it("reads a complete record and refuses partial or foreign ones", () => {
    expect(parseRunExit('{"exit_code":0,"finished_at":1.5}')).toEqual({ exit_code: 0, finished_at: 1.5 });
    expect(parseRunExit('{"exit_code":143,"finished_at":2,"signal":"SIGTERM","error":"x"}')?.signal).toBe("SIGTERM");
    expect(parseRunExit('{"exit_code":0,"finished')).toBeUndefined();
    expect(parseRunExit('{"exit_code":-1,"finished_at":1}')).toBeUndefined();
    expect(parseRunExit('{"exit_code":0}')).toBeUndefined();
    expect(parseRunExit("null")).toBeUndefined();
  });
});

describe("run protocol: approval files", () => {
  it("names request and answer files per run and reads the names back", () => {
    expect(approvalRequestFileName(2, "ap_1a")).toBe("2.approval-ap_1a.json");
    expect(approvalAnswerFileName(2, "ap_1a")).toBe("2.approval-ap_1a.answer.json");
    expect(parseApprovalFileName("2.approval-ap_1a.json")).toEqual({ run: 2, approvalId: "ap_1a", answer: false });
    expect(parseApprovalFileName("2.approval-ap_1a.answer.json")).toEqual({ run: 2, approvalId: "ap_1a", answer: true });
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

  it("reads requests and answers, and refuses partial or foreign ones", () => {
    const request = { type: "approval", approval_id: "ap_1", run: 0, tool: "Bash", input: { command: "ls" }, requested_at: 1 };
    expect(parseApprovalRequest(JSON.stringify(request))).toEqual(request);
    expect(parseApprovalRequest(JSON.stringify({ ...request, approval_id: "../x" }))).toBeUndefined();
    expect(parseApprovalRequest(JSON.stringify({ ...request, input: [] }))).toBeUndefined();
    expect(parseApprovalRequest('{"type":"approval","appro')).toBeUndefined();
    const answer = { decision: "allow", answered_at: 2, by: "client" };
    expect(parseApprovalAnswer(JSON.stringify(answer))).toEqual(answer);
    expect(parseApprovalAnswer(JSON.stringify({ ...answer, decision: "maybe" }))).toBeUndefined();
    expect(parseApprovalAnswer(JSON.stringify({ ...answer, by: "someone" }))).toBeUndefined();
    expect(parseApprovalAnswer(JSON.stringify({ ...answer, updated_input: "x" }))).toBeUndefined();
  });
});
