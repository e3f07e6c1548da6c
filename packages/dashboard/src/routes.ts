/**
 * Every view has its own URL, in the hash (the server serves one page at /claude/ and at
 * /oauth/claude/, so the path cannot carry it). The table below is the whole map:
 *
 *   #/  or  #/tasks?q=&status=&label=&sort=&cursor=   the task list, filtered, sorted, paged
 *   #/tasks/{id}                                       one task
 *   #/schedules                                        schedules
 *   #/usage                                            spend per day and per label
 *   #/token                                            the bearer token and dashboard sessions
 *
 * A view another page adds (Usage, Tokens) is one more row in ROUTES.
 */
import type { TaskStatus } from "@claude-task-api/sdk";
import { schemas } from "@claude-task-api/sdk/contract";
import { useEffect, useState } from "preact/hooks";

/** The task list's state, as its URL keeps it (a view can be bookmarked). */
export interface ListFilter {
  q?: string;
  status?: TaskStatus;
  /** `key:value`, as the API's `label` takes it. */
  label?: string;
  sort?: "oldest" | "cost";
  /** Where the page starts (a `next_cursor`); absent on the first page. */
  cursor?: string;
}

export type Route =
  | { view: "tasks"; filter: ListFilter }
  | { view: "task"; id: string }
  | { view: "schedules" }
  | { view: "usage" }
  | { view: "token" };

const STATUSES: readonly string[] = schemas.TaskStatus.enum;
const SORTS = ["oldest", "cost"];

/** The list filter from a query string; unknown or malformed values are dropped, not trusted. */
function readFilter(query: URLSearchParams): ListFilter {
  const filter: ListFilter = {};
  const q = query.get("q")?.trim().slice(0, 200);
  if (q) filter.q = q;
  const status = query.get("status");
  if (status && STATUSES.includes(status)) filter.status = status as TaskStatus;
  const label = query.get("label");
  if (label && /^[^:,]+:[^,]*$/.test(label)) filter.label = label;
  const sort = query.get("sort");
  if (sort && SORTS.includes(sort)) filter.sort = sort as ListFilter["sort"];
  const cursor = query.get("cursor");
  if (cursor && cursor.length <= 512) filter.cursor = cursor;
  return filter;
}

/** Path pattern to route: the first match wins. */
const ROUTES: Array<[RegExp, (match: RegExpExecArray, query: URLSearchParams) => Route]> = [
  [/^\/(tasks)?$/, (_m, query) => ({ view: "tasks", filter: readFilter(query) })],
  [/^\/tasks\/([0-9]{1,12}-[0-9a-f]{8})$/, (m) => ({ view: "task", id: m[1] as string })],
  [/^\/schedules$/, () => ({ view: "schedules" })],
  [/^\/usage$/, () => ({ view: "usage" })],
  [/^\/token$/, () => ({ view: "token" })],
];

/** The route of a location hash; anything unknown is the task list. */
export function parseRoute(hash: string): Route {
  const [path = "", query = ""] = hash.replace(/^#/, "").split("?", 2);
  const params = new URLSearchParams(query);
  for (const [pattern, make] of ROUTES) {
    const match = pattern.exec(path || "/");
    if (match) return make(match, params);
  }
  return { view: "tasks", filter: {} };
}

/** The hash of a route (what links and buttons navigate to). */
export function routeHash(route: Route): string {
  if (route.view === "task") return `#/tasks/${route.id}`;
  if (route.view !== "tasks") return `#/${route.view}`;
  const query = new URLSearchParams(
    Object.entries(route.filter).filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1] !== ""),
  ).toString();
  return query ? `#/tasks?${query}` : "#/";
}

/** Goes to a route: a new history entry, or (`replace`, e.g. while typing a search) the same one. */
export function navigate(route: Route, replace = false): void {
  const hash = routeHash(route);
  if (hash === (location.hash || "#/")) return;
  if (replace) {
    history.replaceState(history.state, "", hash);
    dispatchEvent(new HashChangeEvent("hashchange"));
  } else location.hash = hash;
}

/** The list as last shown (its search, filter, sort and page), for a task's "All tasks" link. */
let lastList = "#/";
export const lastListHash = () => lastList;

function current(): Route {
  const route = parseRoute(location.hash);
  if (route.view === "tasks") lastList = routeHash(route);
  return route;
}

/** The current route, following the URL (links, back and forward, reloads). */
export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const onChange = () => setRoute(current());
    addEventListener("hashchange", onChange);
    return () => removeEventListener("hashchange", onChange);
  }, []);
  return route;
}
