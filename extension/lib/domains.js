// Host names and cookie domains, without a Public Suffix List: the host
// owns the PSL and computes registrable domains; the extension only needs
// to match domains and to walk a host name's parent domains.

/**
 * RFC 6265 §5.1.3: a host "domain-matches" a cookie domain when it is
 * identical to it, or ends with "." followed by it. The cookie's leading dot
 * (a `Domain` attribute) is dropped first.
 */
export function domainMatches(cookieDomain, host) {
  const domain = cookieDomain.replace(/^\./, '').toLowerCase();
  const candidate = host.toLowerCase();
  return candidate === domain || candidate.endsWith(`.${domain}`);
}

/**
 * A host name and its parent domains, most specific first, down to two
 * labels: `www.shop.example.co.uk` -> itself, `shop.example.co.uk`,
 * `example.co.uk`, `co.uk`. The registrable domain is one of them, whatever
 * the PSL says. An IP address or a single label is only itself.
 */
export function parentDomains(hostname) {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (/^[\d.]+$/.test(host) || host.includes(':') || host.startsWith('[')) return [host];
  const labels = host.split('.');
  if (labels.length === 1) return [host];
  return labels.slice(0, -1).map((_, i) => labels.slice(i).join('.'));
}
