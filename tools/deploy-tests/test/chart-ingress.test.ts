// The ingress annotations are the security boundary of the Task API: assert them exactly.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { baseValues, type K8sObject, merge, render, repoRoot } from "./support/helm.js";

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
      [`${N}/proxy-body-size`]: "1048576",
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
      // No proxy secret: /oauth2/auth would answer it to every signed-in user.
      [`${N}/auth-response-headers`]: "x-auth-request-user,x-auth-request-email",
      [`${N}/proxy-read-timeout`]: "3600",
      [`${N}/proxy-send-timeout`]: "3600",
      [`${N}/proxy-body-size`]: "1048576",
    });
    expect(paths(ingress)).toEqual([{ path: "/oauth/", pathType: "Prefix", port: "task-api" }]);
  });

  it("sends the browser to the proxy over http when TLS is off, unless the URLs are given", async () => {
    const plain = (await render(merge(baseValues, { ingress: { tls: { enabled: false } } }))).get("Ingress", "-oauth2");
    expect(plain.metadata.annotations?.[`${N}/auth-url`]).toBe("http://$host/oauth2/auth");
    expect(plain.metadata.annotations?.[`${N}/auth-signin`]).toBe("http://$host/oauth2/start?rd=$escaped_request_uri");
    const own = merge(baseValues, { ingress: { auth: { oauth2: { authUrl: "https://sso.example.com/oauth2/auth" } } } });
    const given = (await render(own)).get("Ingress", "-oauth2");
    expect(given.metadata.annotations?.[`${N}/auth-url`]).toBe("https://sso.example.com/oauth2/auth");
  });

  it("adds the workspace UI at / when workspace.port is set", async () => {
    const ingress = (await render(merge(baseValues, { workspace: { port: 8080 } }))).get("Ingress", "-oauth2");
    expect(paths(ingress)).toContainEqual({ path: "/", pathType: "Prefix", port: "workspace" });
  });
});

describe("body size", () => {
  it("lets nginx pass bodies as large as the server accepts (taskApi.maxBodyBytes), on both Task API routes", async () => {
    const rendered = await render(merge(baseValues, { taskApi: { maxBodyBytes: 64 * 1024 * 1024 } }));
    for (const suffix of ["-claude-api", "-oauth2"]) {
      expect(rendered.get("Ingress", suffix).metadata.annotations?.[`${N}/proxy-body-size`], suffix).toBe("67108864");
    }
    const env = rendered.get("Deployment").spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: "TASK_API_MAX_BODY_BYTES", value: "67108864" });
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
  const controller = {
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } },
    podSelector: { matchLabels: { "app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/component": "controller" } },
  };

  it("admits only the ingress controller's pods (one peer: namespace and pod labels); extras reach the workspace UI alone", async () => {
    const extra = { podSelector: { matchLabels: { app: "ci-runner" } } };
    const values = merge(baseValues, { workspace: { port: 8080 }, networkPolicy: { extraFrom: [extra] } });
    const policy = (await render(values)).get("NetworkPolicy");
    expect(policy.spec.podSelector.matchLabels).toEqual({ app: "ws-alice", "app.kubernetes.io/name": "workspace" });
    // The policy is the oauth2 door's proof: nothing but the controller reaches the Task API's port.
    expect(policy.spec.ingress).toEqual([
      { from: [controller] },
      { from: [extra], ports: [{ port: "workspace", protocol: "TCP" }] },
    ]);
    // Without the oauth2 door nothing trusts identity headers: extras reach every port.
    const basic = (await render(merge(values, { ingress: { auth: { type: "basic" } } }))).get("NetworkPolicy");
    expect(basic.spec.ingress).toEqual([{ from: [controller, extra] }]);
  });

  it("blocks every cloud's metadata address for connections from the pod, and allows everything else", async () => {
    const policy = (await render(baseValues)).get("NetworkPolicy");
    expect(policy.spec.policyTypes).toEqual(["Ingress", "Egress"]);
    const v4 = ["169.254.169.254/32", "169.254.170.2/32", "169.254.170.23/32", "100.100.100.200/32", "192.0.0.192/32"];
    const v6 = ["fd00:ec2::254/128", "fd00:ec2::23/128", "fd20:ce::254/128"];
    expect(policy.spec.egress).toEqual([
      { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: v4 } }, { ipBlock: { cidr: "::/0", except: v6 } }] },
    ]);
    // The server refuses callbacks to the same addresses: one list, kept in two places.
    const source = await readFile(path.join(repoRoot, "packages/server/src/webhooks/address-policy.ts"), "utf8");
    const serverList = /METADATA_ADDRESSES = new Set\(\[([\s\S]*?)\]\)/.exec(source)?.[1] ?? "";
    const serverAddresses = [...serverList.matchAll(/"([0-9a-f:.]+)"/g)].map((m) => m[1]);
    expect(serverAddresses.sort()).toEqual([...v4, ...v6].map((cidr) => cidr.replace(/\/\d+$/, "")).sort());
    const open = (await render(merge(baseValues, { networkPolicy: { egress: { enabled: false } } }))).get("NetworkPolicy");
    expect(open.spec.policyTypes).toEqual(["Ingress"]);
    expect(open.spec.egress).toBeUndefined();
  });
});

describe("Gateway API (gateway.enabled)", () => {
  const gatewayValues = merge(baseValues, {
    ingress: { enabled: false, auth: { oauth2: { proxySecretName: "alice-proxy" } } },
    gateway: { enabled: true, parentRefs: [{ name: "shared", namespace: "gateway-system" }] },
  });

  it("routes /api/claude to the Task API with the bearer route's timeouts, identity headers removed", async () => {
    const rendered = await render(gatewayValues);
    expect(rendered.find("Ingress")).toBeUndefined();
    const route = rendered.get("HTTPRoute", "-claude-api");
    expect(route.spec.parentRefs).toEqual([{ name: "shared", namespace: "gateway-system" }]);
    expect(route.spec.hostnames).toEqual(["alice.dev.example.com"]);
    expect(route.spec.rules).toEqual([
      {
        matches: [{ path: { type: "PathPrefix", value: "/api/claude" } }],
        filters: [
          {
            type: "RequestHeaderModifier",
            requestHeaderModifier: {
              remove: ["X-Auth-Request-User", "X-Auth-Request-Email", "X-Forwarded-User", "X-Forwarded-Email"],
            },
          },
        ],
        backendRefs: [{ name: "ws-alice", port: 6080 }],
        timeouts: { request: "3600s", backendRequest: "3600s" },
      },
    ]);
  });

  it("puts /oauth (and the workspace UI) behind the oauth2-proxy Service", async () => {
    const values = merge(gatewayValues, { workspace: { port: 8080 }, gateway: { oauth2Proxy: { namespace: "auth" } } });
    const route = (await render(values)).get("HTTPRoute", "-oauth2");
    expect(route.spec.rules).toHaveLength(1);
    expect(route.spec.rules[0].matches.map((m: { path: { value: string } }) => m.path.value)).toEqual(["/oauth", "/oauth2", "/"]);
    expect(route.spec.rules[0].backendRefs).toEqual([{ name: "oauth2-proxy", namespace: "auth", port: 80 }]);
    // Never straight to the Task API: only the proxy may set the identity headers.
    const backends = route.spec.rules.flatMap((r: { backendRefs: Array<{ name: string }> }) => r.backendRefs.map((b) => b.name));
    expect(backends).not.toContain("ws-alice");
  });

  it("needs a Gateway to attach to, and no Ingresses beside it", async () => {
    await expect(render(merge(gatewayValues, { gateway: { parentRefs: [] } }))).rejects.toThrow("gateway.parentRefs");
    await expect(render(merge(gatewayValues, { ingress: { enabled: true } }))).rejects.toThrow("turn ingress.enabled off");
  });
});
