import { randomBytes } from "node:crypto";

/** `{unix seconds}-{8 hex}`, as the seed API made them. */
export const TASK_ID_PATTERN = /^[0-9]{1,12}-[0-9a-f]{8}$/;

export const newTaskId = () => `${Math.floor(Date.now() / 1000)}-${randomBytes(4).toString("hex")}`;

/** Task ids become directory names, so nothing else may ever reach path.join. */
export const isValidTaskId = (id: string) => TASK_ID_PATTERN.test(id);

export const tmuxSessionName = (taskId: string) => `claude-${taskId}`;
