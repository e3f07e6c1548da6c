/**
 * Which IP addresses a webhook may connect to. A callback makes the pod send a request where
 * a token holder says, and every attempt's status is stored on the task, so without this the
 * API is a scanner of the pod's own network (loopback services, the cluster, the cloud's
 * metadata endpoint). Only public unicast addresses pass by default; the operator may open
 * loopback and private ranges (in-cluster receivers, tests) but never the metadata endpoints
 * or special-purpose ranges (unspecified, multicast, broadcast, reserved, ...).
 *
 * Addresses are checked in numeric form, after the name was resolved, and IPv6 forms that
 * carry an IPv4 address (::ffff:a.b.c.d, NAT64, 6to4, IPv4-compatible) are judged by the IPv4
 * address inside them, since that is where the kernel or a translator sends the packets.
 */
import ipaddr from "ipaddr.js";

/** Cloud metadata endpoints: credentials live there, no webhook receiver ever does. */
const METADATA_ADDRESSES = new Set([
  // The same list as the chart's networkPolicy.egress.blockedCidrs (a test keeps them equal).
  "169.254.169.254", // AWS, GCP, Azure, Oracle, OpenStack, ...
  "169.254.170.2", // AWS ECS task credentials
  "169.254.170.23", // AWS EKS Pod Identity credentials
  "100.100.100.200", // Alibaba Cloud
  "192.0.0.192", // Oracle Cloud (older instances)
  "fd00:ec2::254", // AWS over IPv6
  "fd00:ec2::23", // AWS EKS Pod Identity over IPv6
  "fd20:ce::254", // GCP over IPv6
]);

/** Ranges the operator may open with WEBHOOK_ALLOW_PRIVATE_ADDRESSES (ipaddr.js range names). */
const PRIVATE_RANGES: Record<string, string> = {
  loopback: "a loopback address",
  private: "a private address",
  uniqueLocal: "a private address",
  linkLocal: "a link-local address",
  carrierGradeNat: "a shared (CGNAT) address",
};

export interface AddressPolicy {
  /** Opens loopback, private, link-local and CGNAT ranges (never metadata endpoints). */
  allowPrivateAddresses: boolean;
}

/** Why a webhook may not connect to `address`, or undefined when it may. */
export function addressRefusal(address: string, policy: AddressPolicy): string | undefined {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  const parsed = ipaddr.parse(address);
  const effective = embeddedIPv4(parsed) ?? parsed;
  const shown = effective === parsed ? parsed.toString() : `${parsed.toString()} (${effective.toString()})`;
  if (METADATA_ADDRESSES.has(effective.toString()) || METADATA_ADDRESSES.has(parsed.toString())) {
    return `${shown} is a cloud metadata address`;
  }
  const range = effective.range();
  if (range === "unicast") return undefined;
  const privateKind = PRIVATE_RANGES[range];
  if (privateKind) {
    return policy.allowPrivateAddresses
      ? undefined
      : `${shown} is ${privateKind} (set WEBHOOK_ALLOW_PRIVATE_ADDRESSES=true to allow)`;
  }
  return `${shown} is a special-purpose address (${range})`;
}

const NAT64_WELL_KNOWN = ipaddr.parseCIDR("64:ff9b::/96");
const IPV4_COMPATIBLE = ipaddr.parseCIDR("::/96");

/** The IPv4 address an IPv6 address carries and is delivered to, if it is such a form. */
function embeddedIPv4(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | undefined {
  if (address.kind() !== "ipv6") return undefined;
  const v6 = address as ipaddr.IPv6;
  const bytes = v6.toByteArray();
  const v4At = (offset: number) => new ipaddr.IPv4(bytes.slice(offset, offset + 4));
  const range = v6.range();
  if (range === "ipv4Mapped" || range === "rfc6145" || v6.match(NAT64_WELL_KNOWN)) return v4At(12);
  if (range === "6to4") return v4At(2);
  // ::/128 and ::1 keep their own meaning (unspecified, loopback); the rest of ::/96 is the
  // deprecated IPv4-compatible form.
  if (v6.match(IPV4_COMPATIBLE) && range !== "unspecified" && range !== "loopback") return v4At(12);
  return undefined;
}
