/**
 * Named tokens (create, list, revoke) and the audit log: for the owner (the OAuth2 proxy, an
 * owner's dashboard session) or a token with the `admin` scope, as openapi.yaml's `security`
 * says. A token's value is in the create answer only; no answer here may sit in a cache.
 */
import { assertMayGrant } from "../../auth/token-limits.js";
import * as routes from "../../generated/routes.js";
import { namedTokenOf } from "../../http/auth.js";
import { createRouter } from "../../http/create-router.js";
import { resolveWorkdir } from "../../tasks/lifecycle/workdir.js";

export const namedTokensRouter = createRouter()
  .openapi(routes.createToken, async (c) => {
    const { namedTokens, workdirs } = c.get("services");
    const { expires_in_seconds, ...request } = c.req.valid("json");
    const root = (await workdirs()).workdir_root;
    // Stored as real paths inside WORKDIR_ROOT, as tasks' workdirs are, so the limit compares like with like.
    const dirs = request.workdirs && (await Promise.all(request.workdirs.map((dir) => resolveWorkdir(dir, root))));
    const spec = { ...request, scopes: [...new Set(request.scopes)], ...(dirs && { workdirs: [...new Set(dirs)] }) };
    assertMayGrant(namedTokenOf(c), spec);
    const { token, value } = await namedTokens.create({ ...spec, expires_in_seconds });
    c.header("Cache-Control", "no-store");
    return c.json({ ...token, token: value }, 201);
  })
  .openapi(routes.listTokens, (c) => {
    c.header("Cache-Control", "no-store");
    return c.json({ tokens: c.get("services").namedTokens.list() }, 200);
  })
  .openapi(routes.revokeToken, async (c) => {
    c.header("Cache-Control", "no-store");
    return c.json(await c.get("services").namedTokens.revoke(c.req.valid("param").token_id), 200);
  })
  .openapi(routes.listAudit, async (c) => {
    const { cursor, ...query } = c.req.valid("query");
    c.header("Cache-Control", "no-store");
    return c.json(
      await c.get("services").audit.list({ ...query, cursor: cursor === undefined ? undefined : Number(cursor) }),
      200,
    );
  });
