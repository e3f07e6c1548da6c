/**
 * The app's router: Hono's own (RegExpRouter, else TrieRouter) with the request frame
 * (request-frame.ts) put in front of whatever each request matched, instead of `app.use("*")`.
 * Hono runs a request that matched one handler by calling it, and any other through its async
 * compose (an async call and a promise per layer); a `use("*")` layer would put every request
 * on that path. Here, a request that matched one handler (an operation: create-router.ts fuses
 * its checks with it) gets that handler fused with the frame; one that matched several layers (a
 * door's prefix, a body limit, Hono's validators) or none (an unknown path) gets the frame as its
 * first layer. Either way the frame runs exactly once, first.
 */

import type { Result, Router } from "hono/router";
import { RegExpRouter } from "hono/router/reg-exp-router";
import { SmartRouter } from "hono/router/smart-router";
import { TrieRouter } from "hono/router/trie-router";
import type { H, RouterRoute } from "hono/types";
import type { RequestFrame } from "./request-frame.js";

type Route = [H, RouterRoute];
export type AppRouter = Router<Route>;

const NO_PARAMS = Object.freeze({});

export class FramingRouter implements AppRouter {
  readonly name = "FramingRouter";
  private readonly routes: AppRouter = new SmartRouter<Route>({ routers: [new RegExpRouter(), new TrieRouter()] });
  /** Each route's handler fused with the frame, made once per route. */
  private readonly framed = new WeakMap<Route, Route>();
  private readonly frameFirst: Route;

  constructor(private readonly frame: RequestFrame) {
    this.frameFirst = [frame.middleware, { basePath: "/", path: "/*", method: "ALL", handler: frame.middleware }];
  }

  add(method: string, path: string, route: Route): void {
    this.routes.add(method, path, route);
  }

  match(method: string, path: string): Result<Route> {
    const result = this.routes.match(method, path);
    const [matched] = result;
    const lone = matched.length === 1 ? matched[0] : undefined;
    const layers = lone ? [[this.withFrame(lone[0]), lone[1]]] : [[this.frameFirst, NO_PARAMS], ...matched];
    return (result.length === 1 ? [layers] : [layers, result[1]]) as Result<Route>;
  }

  private withFrame(route: Route): Route {
    let framed = this.framed.get(route);
    if (!framed) {
      framed = [this.frame.around(route[0]), route[1]];
      this.framed.set(route, framed);
    }
    return framed;
  }
}
