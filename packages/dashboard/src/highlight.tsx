/**
 * Syntax highlighting of diff lines with speed-highlight's tokenizer (bundled, so it loads from
 * our own origin; under 1 KiB gzip a language), languages chosen by file extension: the few a
 * workspace sees most, each kept only for what it costs in the size-limited release. Tokens
 * become Preact elements: a file's text stays text nodes and never reaches innerHTML.
 */
import go from "@speed-highlight/core/languages/go.js";
import js from "@speed-highlight/core/languages/js.js";
import json from "@speed-highlight/core/languages/json.js";
import py from "@speed-highlight/core/languages/py.js";
import ts from "@speed-highlight/core/languages/ts.js";
import yaml from "@speed-highlight/core/languages/yaml.js";
import { type ShjLanguageData, type ShjToken, tokenizeWith } from "@speed-highlight/core/tokenize";
import type { ComponentChildren } from "preact";

/** Also the languages a grammar embeds by name (a template string's `js`); any other is left plain. */
const LANGUAGES: Record<string, ShjLanguageData> = { go, js, json, py, ts, yaml };

const BY_EXTENSION: Record<string, string> = {
  ts: "ts",
  tsx: "ts",
  mts: "ts",
  cts: "ts",
  js: "js",
  jsx: "js",
  mjs: "js",
  cjs: "js",
  json: "json",
  py: "py",
  go: "go",
  yaml: "yaml",
  yml: "yaml",
  // Their keywords, strings, comments and numbers read well enough as JavaScript's.
  c: "js",
  h: "js",
  cc: "js",
  cpp: "js",
  java: "js",
  cs: "js",
};

/** The language for a file's path, when one of ours fits. */
export function languageFor(path: string): ShjLanguageData | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
  const name = ext ? BY_EXTENSION[ext] : undefined;
  return name ? LANGUAGES[name] : undefined;
}

/** One line of code, highlighted when its language is known. */
export function Highlighted({ text, language }: { text: string; language: ShjLanguageData | undefined }) {
  if (!language) return <>{text}</>;
  const parts: ComponentChildren[] = [];
  // Token types are the tokenizer's fixed set (kwd, str, ...), never taken from the text.
  tokenizeWith(
    text,
    language,
    (str: string, type?: ShjToken) => {
      if (str) parts.push(type ? <span class={`shj-${type}`}>{str}</span> : str);
    },
    { languages: LANGUAGES },
  );
  return <>{parts}</>;
}
