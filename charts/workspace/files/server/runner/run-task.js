#!/usr/bin/env node
// GENERATED FILE - DO NOT EDIT. Bundled from packages/server/src by
// packages/deploy-tests/scripts/bundle-server.mjs; regenerate with
// `pnpm --filter @claude-task-api/deploy-tests bundle`. A test fails when it drifts.
import { createRequire as __ctaCreateRequire } from "node:module";
const require = __ctaCreateRequire(import.meta.url);
var x=Object.defineProperty;var r=(e,t)=>x(e,"name",{value:t,configurable:!0});import{spawn as E}from"node:child_process";import{closeSync as S,openSync as g,readFileSync as $,renameSync as I,statSync as h,unlinkSync as N,writeFileSync as v,writeSync as w}from"node:fs";import{constants as b}from"node:os";var u=process.argv[2];u||(process.stderr.write(`usage: run-task <spec.json>
`),process.exit(2));var o=JSON.parse($(u,"utf8"));N(u);var a=g(o.outputLog,"a",384),y=10,f=r(e=>{w(a,e),e.length>0&&(y=e[e.length-1]);try{process.stdout.write(e)}catch{}},"write");process.stdout.on("error",()=>{});function c(e){e.error&&f(Buffer.from(`claude-task-api: ${e.error}
`));let t=`${y===10?"":`
`}__CLAUDE_EXIT_CODE_${e.exit_code}__
`;w(a,t),S(a);let i=`${o.exitFile}.tmp`;v(i,JSON.stringify(e),{mode:384}),I(i,o.exitFile),process.exit(e.exit_code)}r(c,"finish");var d=r(()=>Date.now()/1e3,"now");function R(){try{return h(o.cwd).isDirectory()?void 0:`workdir ${o.cwd} is not a directory`}catch{return`workdir ${o.cwd} no longer exists`}}r(R,"cwdProblem");var l=R();l&&c({exit_code:127,finished_at:d(),error:l});var _=g(o.promptFile,"r"),[p,...T]=o.argv,s=E(p,T,{cwd:o.cwd,env:o.env,stdio:[_,"pipe","pipe"]});S(_);s.stdout?.on("data",f);s.stderr?.on("data",f);var n;for(let e of["SIGTERM","SIGHUP","SIGINT"])process.on(e,()=>{n||(n=e,s.kill("SIGTERM"),setTimeout(()=>s.kill("SIGKILL"),3e3).unref())});s.on("error",e=>{let t=e.code==="ENOENT"?`claude CLI not found at ${p}`:`could not start ${p}: ${e.message}`;c({exit_code:127,finished_at:d(),error:t})});var m=r(e=>128+(b.signals[e]??0),"signalCode");s.on("close",(e,t)=>{n&&c({exit_code:m(n),finished_at:d(),signal:n,error:`run interrupted by ${n} (its tmux session or the tmux server was stopped)`});let i=e??(t?m(t):1);c({exit_code:i,finished_at:d(),...t&&{signal:t}})});
