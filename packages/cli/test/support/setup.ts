/** Runs before every test file (vitest setupFiles), so each file cleans up after itself. */
import { afterAll } from "vitest";
import { removeHomes } from "./run-in-process.js";

afterAll(removeHomes);
