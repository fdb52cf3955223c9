/**
 * `agi://host[:port][/script[?query]]` as res_agi's launch_netscript() reads
 * it: the port defaults to 4573, and everything after the first `/` that
 * follows the host (query included) is `agi_network_script`.
 */

/** FastAGI's registered port. */
export const DEFAULT_AGI_PORT = 4573;

/** A parsed FastAGI URL. */
export interface AgiUrl {
  host: string;
  port: number;
  /** Sent as agi_network_script, e.g. `ivr/8100?lang=en`. */
  script: string;
  /** The URL as given, sent as agi_request. */
  request: string;
}

/** Parses a FastAGI URL; undefined when it is not `agi://...` or the port is bad. */
export function parseAgiUrl(url: string): AgiUrl | undefined {
  if (!url.toLowerCase().startsWith('agi://')) return undefined;
  const rest = url.slice('agi://'.length);
  const slash = rest.indexOf('/');
  const hostPort = slash < 0 ? rest : rest.slice(0, slash);
  const script = slash < 0 ? '' : rest.slice(slash + 1);
  const colon = hostPort.lastIndexOf(':');
  const host = colon < 0 ? hostPort : hostPort.slice(0, colon);
  const port = colon < 0 ? DEFAULT_AGI_PORT : Number(hostPort.slice(colon + 1));
  if (host === '' || !Number.isInteger(port) || port <= 0 || port > 65535) return undefined;
  return { host, port, script, request: url };
}
