/** The dashboard's URL map (src/routes.ts): each view and the list's state round-trip through the hash; junk is dropped. */
import { describe, expect, it } from "vitest";
import { parseRoute, type Route, routeHash } from "../src/routes.js";

describe("routes", () => {
  it("round-trips every view and the list's filter, sort and page", () => {
    const routes: Route[] = [
      { view: "tasks", filter: {} },
      {
        view: "tasks",
        filter: { q: "fix the login & go", status: "error", label: "team:web", sort: "cost", cursor: "eyJjIjoxfQ" },
      },
      { view: "task", id: "1764072000-a1b2c3d4" },
      { view: "schedules" },
      { view: "token" },
    ];
    for (const route of routes) expect(parseRoute(routeHash(route))).toEqual(route);
    expect(routeHash({ view: "tasks", filter: {} })).toBe("#/");
    expect(routeHash({ view: "tasks", filter: { q: "a b", status: "running" } })).toBe("#/tasks?q=a+b&status=running");
  });

  it("reads an empty or unknown hash as the task list, and drops values the API would refuse", () => {
    expect(parseRoute("")).toEqual({ view: "tasks", filter: {} });
    expect(parseRoute("#/nowhere")).toEqual({ view: "tasks", filter: {} });
    expect(parseRoute("#/tasks/not-an-id")).toEqual({ view: "tasks", filter: {} });
    const junk = parseRoute(`#/tasks?q=${"x".repeat(300)}&status=done&label=a:b,c:d&sort=cheapest&cursor=${"c".repeat(600)}`);
    expect(junk).toEqual({ view: "tasks", filter: { q: "x".repeat(200) } });
    expect(parseRoute("#/tasks?q=%20%20")).toEqual({ view: "tasks", filter: {} });
  });
});
