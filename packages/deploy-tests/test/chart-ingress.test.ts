// The ingress annotations are the security boundary of the Task API: assert them exactly.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { baseValues, type K8sObject, merge, render } from "./support/helm.js";

const N = "nginx.ingress.kubernetes.io";

function paths(ingress: K8sObject): Array<{ path: string; pathType: string; port: string }> {
  return ingress.spec.rules.flatMap((rule: { host: string; http: { paths: unknown[] } }) =>
    // biome-ignore lint/suspicious/noExplicitAny: manifest shape
    rule.http.paths.map((p: any) => ({ path: p.path, pathType: p.pathType, port: p.backend.service.port.name })),
  );
}

describe("bearer route (ingress-claude-api.yaml)", () => {
  it("has exactly the documented annotations: rewrite, long timeouts, no buffering, no auth", async () => {
    const ingress = (await render(baseValues)).get("Ingress", "-claude-api");
    expect(ingress.metadata.annotations).toEqual({
      [`${N}/use-regex`]: "true",
      [`${N}/rewrite-target`]: "/api/claude/$1",
      [`${N}/proxy-read-timeout`]: "3600",
      [`${N}/proxy-send-timeout`]: "3600",
      [`${N}/proxy-buffering`]: "off",
      [`${N}/enable-global-auth`]: "false",
    });
    expect(paths(ingress)).toEqual([{ path: "/api/claude/(.*)", pathType: "ImplementationSpecific", port: "task-api" }]);
    expect(ingress.spec.rules[0].host).toBe("alice.dev.example.com");
    expect(ingress.spec.ingressClassName).toBe("nginx");
    expect(ingress.spec.tls).toEqual([{ hosts: ["alice.dev.example.com"], secretName: "ws-alice-tls" }]);
  });

  it("never takes an auth check or a snippet from the shared extra annotations", async () => {
    const values = merge(baseValues, {
      ingress: {
        annotations: {
          "cert-manager.io/cluster-issuer": "letsencrypt",
          [`${N}/auth-url`]: "https://sso.example.com/auth",
          [`${N}/server-snippet`]: "location /x {}",
        },
      },
    });
    const rendered = await render(values);
    const annotations = rendered.get("Ingress", "-claude-api").metadata.annotations ?? {};
    expect(annotations["cert-manager.io/cluster-issuer"]).toBe("letsencrypt");
    expect(Object.keys(annotations).filter((k) => k.startsWith(`${N}/auth-`) || k.endsWith("-snippet"))).toEqual([]);
    // The browser route keeps the proxy's auth-url whatever the extras say.
    expect(rendered.get("Ingress", "-oauth2").metadata.annotations?.[`${N}/auth-url`]).toBe("https://$host/oauth2/auth");
  });

  it("clears forged identity headers in nginx when the controller allows snippets", async () => {
    const values = merge(baseValues, { ingress: { claudeApi: { clearIdentityHeaders: true, timeoutSeconds: 7200 } } });
    const annotations = (await render(values)).get("Ingress", "-claude-api").metadata.annotations ?? {};
    expect(annotations[`${N}/configuration-snippet`]).toBe(
      'more_clear_input_headers "X-Auth-Request-*" "X-Forwarded-User" "X-Forwarded-Email";\n',
    );
    expect(annotations[`${N}/proxy-read-timeout`]).toBe("7200");
  });
});

describe("browser route (ingress-oauth2.yaml)", () => {
  it("puts /oauth/ behind the OAuth2 proxy and passes on only the user and email headers", async () => {
    const ingress = (await render(baseValues)).get("Ingress", "-oauth2");
    expect(ingress.metadata.annotations).toEqual({
      [`${N}/auth-url`]: "https://$host/oauth2/auth",
      [`${N}/auth-signin`]: "https://$host/oauth2/start?rd=$escaped_request_uri",
      [`${N}/auth-response-headers`]: "x-auth-request-user,x-auth-request-email,x-auth-request-proxy-secret",
      [`${N}/proxy-read-timeout`]: "3600",
      [`${N}/proxy-send-timeout`]: "3600",
    });
    expect(paths(ingress)).toEqual([{ path: "/oauth/", pathType: "Prefix", port: "task-api" }]);
  });

  it("adds the workspace UI at / when workspace.port is set", async () => {
    const ingress = (await render(merge(baseValues, { workspace: { port: 8080 } }))).get("Ingress", "-oauth2");
    expect(paths(ingress)).toContainEqual({ path: "/", pathType: "Prefix", port: "workspace" });
  });
});

describe("routing as ingress-nginx sees it", () => {
  // Once one Ingress of a host uses rewrite-target, ingress-nginx turns every path of that host
  // into a case-insensitive regex anchored at the start, and tries the longest first. nginx
  // resolves dot segments before it matches. The OAuth2 proxy serves /oauth2 on the same host
  // from an Ingress of its own (README.md).
  async function router(values: object): Promise<(uri: string) => string | undefined> {
    const rendered = await render(values);
    const locations = rendered.objects
      .filter((o) => o.kind === "Ingress")
      .flatMap((o) => paths(o).map((p) => ({ path: p.path, ingress: o.metadata.name })))
      .concat([{ path: "/oauth2", ingress: "oauth2-proxy" }])
      .sort((a, b) => b.path.length - a.path.length);
    return (uri) => locations.find((l) => new RegExp(`^${l.path}`, "i").test(path.posix.normalize(uri)))?.ingress;
  }

  it("sends each URI to the intended Ingress", async () => {
    for (const values of [baseValues, merge(baseValues, { workspace: { port: 8080 } })]) {
      const route = await router(values);
      expect(route("/api/claude/tasks")).toBe("ws-alice-claude-api");
      expect(route("/API/Claude/tasks/1/output")).toBe("ws-alice-claude-api");
      expect(route("/oauth/api/claude/auth/token")).toBe("ws-alice-oauth2");
      // /oauth/ must not swallow the proxy's own /oauth2/... endpoints (a login loop).
      expect(route("/oauth2/start")).toBe("oauth2-proxy");
      expect(route("/oauth2/callback?code=x")).toBe("oauth2-proxy");
      // Dot segments cannot lead a bearer caller from /api/claude/ to the token endpoints.
      expect(route("/api/claude/../../oauth/api/claude/auth/token")).toBe("ws-alice-oauth2");
    }
  });
});

describe("basic auth", () => {
  it("serves only the workspace UI, behind the htpasswd Secret", async () => {
    const values = merge(baseValues, { workspace: { port: 8080 }, ingress: { auth: { type: "basic" } } });
    const rendered = await render(values);
    const ingress = rendered.get("Ingress", "-basic");
    expect(ingress.metadata.annotations).toEqual({
      [`${N}/auth-type`]: "basic",
      [`${N}/auth-secret`]: "ws-alice-basic-auth",
      [`${N}/auth-realm`]: "Workspace",
    });
    expect(paths(ingress)).toEqual([{ path: "/", pathType: "Prefix", port: "workspace" }]);
    expect(rendered.find("Ingress", "-claude-api")).toBeUndefined();
    expect(rendered.find("Ingress", "-oauth2")).toBeUndefined();
  });
});

describe("network policy", () => {
  it("admits only the ingress controller's namespace (and configured extras)", async () => {
    const extra = { podSelector: { matchLabels: { app: "ci-runner" } } };
    const policy = (await render(merge(baseValues, { networkPolicy: { extraFrom: [extra] } }))).get("NetworkPolicy");
    expect(policy.spec.podSelector.matchLabels).toEqual({ app: "ws-alice", "app.kubernetes.io/name": "workspace" });
    expect(policy.spec.policyTypes).toEqual(["Ingress"]);
    expect(policy.spec.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } }, extra] },
    ]);
  });
});
