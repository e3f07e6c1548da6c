/**
 * One webhook POST that connects only to an address the address policy accepted. The name is
 * resolved once, by the socket's own `lookup`, and every address it resolves to is checked
 * before the socket connects to one of them: the address checked is the address used, so a
 * name that answers differently to a second query (DNS rebinding) gets nowhere. The URL's
 * host stays in the Host header and in TLS's servername, so receivers and certificates see the
 * name as usual. Redirects are not followed (a 3xx is the attempt's status).
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { type AddressPolicy, addressRefusal } from "./address-policy.js";

/** A delivery the policy refused: retrying will not help until the configuration changes. */
export class AddressRefusedError extends Error {
  override name = "AddressRefusedError";
}

/** Resolves a name to all its addresses (dns.lookup: the OS resolver, /etc/hosts included). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
  );

export interface PinnedPostOptions {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  policy: AddressPolicy;
  /** Tests pass their own; the default asks the OS. */
  resolve?: Resolver;
}

/** A socket lookup that answers only with addresses the policy accepts, all of them checked. */
function vettedLookup(policy: AddressPolicy, resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const refusals = addresses.map((a) => addressRefusal(a.address, policy)).filter((r) => r !== undefined);
        // One bad answer refuses the name: a resolver that mixes a public address with a
        // private one is either misconfigured or trying to steer us.
        if (refusals.length > 0 || addresses.length === 0) {
          const reason = refusals[0] ?? "it resolves to no address";
          return callback(new AddressRefusedError(`refused: ${hostname} resolves to ${reason}`), "", 0);
        }
        const wanted =
          options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, wanted);
        const first = wanted[0];
        if (!first)
          return callback(
            Object.assign(new Error(`${hostname} has no IPv${options.family} address`), { code: "ENOTFOUND" }),
            "",
            0,
          );
        callback(null, first.address, first.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, "", 0),
    );
  };
}

/** POSTs `body` to `url` and answers the response status; throws AddressRefusedError or the network error. */
export function pinnedPost(url: URL, options: PinnedPostOptions): Promise<number> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // The socket does not look up an IP literal: check it here (the URL parser has already
  // turned forms like 2130706433 or 0x7f.1 into dotted decimal).
  if (isIP(host)) {
    const refusal = addressRefusal(host, options.policy);
    if (refusal) return Promise.reject(new AddressRefusedError(`refused: ${refusal}`));
  }
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  const signal = AbortSignal.timeout(options.timeoutMs);
  return new Promise<number>((resolve, reject) => {
    const req = send(url, {
      method: "POST",
      headers: { ...options.headers, "content-length": String(Buffer.byteLength(options.body)) },
      lookup: vettedLookup(options.policy, options.resolve ?? systemResolver),
      signal,
      // A fresh connection per attempt: a pooled socket would skip the lookup and its check.
      agent: false,
    });
    req.on("response", (res) => {
      resolve(res.statusCode ?? 0);
      res.destroy();
    });
    req.on("error", (err) => reject(signal.aborted ? signal.reason : err));
    req.end(options.body);
  });
}
