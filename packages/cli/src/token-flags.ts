/** Validators for `token create` and `audit`: openapi.yaml's enums and limits, from the SDK's contract. */
import type { TokenScope } from "@claude-task-api/sdk";
import { schemas } from "@claude-task-api/sdk/contract";
import { InvalidArgumentError } from "commander";

const request = schemas.CreateTokenRequest.properties;
const SCOPES = schemas.TokenScope.enum;
const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** --scope, repeatable or comma-separated. */
export function collectScope(value: string, previous: TokenScope[] | undefined): TokenScope[] {
  const scopes = [...(previous ?? [])];
  for (const part of value.split(",")) {
    const found = SCOPES.find((scope) => scope === part.trim());
    if (!found) throw new InvalidArgumentError(`expected one or more of ${SCOPES.join(", ")}.`);
    scopes.push(found);
  }
  return scopes;
}

/** --expires-in: seconds, or a number with s, m, h or d (e.g. 30d). */
export function parseExpiresIn(value: string): number {
  const match = /^([0-9]{1,9})([smhd]?)$/.exec(value.trim());
  const seconds = match ? Number(match[1]) * (UNITS[match[2] || "s"] as number) : Number.NaN;
  const { minimum, maximum } = request.expires_in_seconds;
  if (!(seconds >= minimum && seconds <= maximum)) {
    throw new InvalidArgumentError(`expected a duration like 3600, 12h or 30d (${minimum} s to ${maximum / 86_400} days).`);
  }
  return seconds;
}

export function parseTokenName(value: string): string {
  if (!new RegExp(request.name.pattern).test(value) || value.trim() === "" || value.length > request.name.maxLength) {
    throw new InvalidArgumentError(`expected 1-${request.name.maxLength} characters without control characters.`);
  }
  return value;
}

export function parseTokenId(value: string): string {
  if (!/^tok_[0-9a-f]{16}$/.test(value)) throw new InvalidArgumentError("expected a token id like tok_0123456789abcdef.");
  return value;
}

/** A repeatable string flag (--workdir, --secret, --mcp-server). */
export const collectString = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];
