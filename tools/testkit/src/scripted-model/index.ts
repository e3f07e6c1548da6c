export { findTurn } from "./conversation.js";
export { directiveReplies } from "./directives.js";
export { startScriptedModel } from "./server.js";
export type * from "./types.js";
export { extractWorkingDirectory } from "./working-directory.js";
