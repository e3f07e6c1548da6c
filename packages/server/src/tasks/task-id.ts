import { randomBytes } from "node:crypto";
import { parameters } from "@claude-task-api/sdk/contract";

/** `{unix seconds}-{8 hex}`, as the seed API made them (openapi.yaml's TaskId parameter). */
export const TASK_ID_PATTERN = new RegExp(parameters.TaskId.pattern);

export const newTaskId = () => `${Math.floor(Date.now() / 1000)}-${randomBytes(4).toString("hex")}`;

/** Task ids become directory names, so nothing else may ever reach path.join. */
export const isValidTaskId = (id: string) => TASK_ID_PATTERN.test(id);

export const tmuxSessionName = (taskId: string) => `claude-${taskId}`;
