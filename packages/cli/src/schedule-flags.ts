/** Validators for the schedule command's values: openapi.yaml's enums and patterns, from the SDK's contract. */
import { parameters, schemas } from "@claude-task-api/sdk/contract";
import { InvalidArgumentError } from "commander";

const schedule = schemas.CreateScheduleRequest.properties;
const scheduleId = new RegExp(parameters.ScheduleId.pattern);

export type OverlapPolicy = (typeof schedule.overlap.enum)[number];
export type CatchUpPolicy = (typeof schedule.catch_up.enum)[number];

export function parseScheduleId(value: string): string {
  if (!scheduleId.test(value)) throw new InvalidArgumentError("expected a schedule id like sch-0123456789abcdef.");
  return value;
}

export function parseOverlap(value: string): OverlapPolicy {
  const found = schedule.overlap.enum.find((v) => v === value);
  if (!found) throw new InvalidArgumentError(`expected ${schedule.overlap.enum.join(", ")}.`);
  return found;
}

export function parseCatchUp(value: string): CatchUpPolicy {
  const found = schedule.catch_up.enum.find((v) => v === value);
  if (!found) throw new InvalidArgumentError(`expected ${schedule.catch_up.enum.join(" or ")}.`);
  return found;
}

/** The expression as typed; the server checks it (with croner) and names what is wrong. */
export function parseCron(value: string): string {
  if (value.trim() === "" || value.length > schedule.cron.maxLength) {
    throw new InvalidArgumentError(`expected a cron expression of 1-${schedule.cron.maxLength} characters.`);
  }
  return value;
}

export function parseScheduleName(value: string): string {
  if (!new RegExp(schedule.name.pattern).test(value) || value.trim() === "" || value.length > schedule.name.maxLength) {
    throw new InvalidArgumentError(`expected 1-${schedule.name.maxLength} characters without control characters.`);
  }
  return value;
}
