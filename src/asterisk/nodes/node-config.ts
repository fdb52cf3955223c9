/**
 * ASTERISK_NODES: the Asterisk nodes one callwright drives. Nodes are
 * separated by `;`, the fields of a node by `,`:
 *
 *   <id>=<ARI URL>,<AMI URL>[,max=<channels>]
 *
 *   ASTERISK_NODES="pbx-a=http://10.0.0.11:8088,ami://10.0.0.11:5038,max=400;
 *                   pbx-b=http://10.0.0.12:8088,ami://10.0.0.12:5038,max=400"
 *
 * Credentials in a URL (`http://user:pass@host:8088`, `ami://user:secret@host:5038`)
 * override ARI_USER/ARI_PASSWORD and AMI_USER/AMI_SECRET for that node.
 * `max` caps the channels callwright places on the node (calls it
 * originates go to the least-loaded node under its cap). Unset, callwright
 * drives the one Asterisk of ARI_URL and AMI_HOST/AMI_PORT.
 */

/** One node's endpoints, credentials filled in. */
export interface AsteriskNodeEndpoint {
  /** Short name used in logs, metrics and call records. */
  readonly id: string;
  readonly ari: { readonly url: string; readonly user: string; readonly password: string };
  readonly ami: {
    readonly host: string;
    readonly port: number;
    readonly username: string;
    readonly secret: string;
  };
  /** Channel cap for calls callwright places there; null: no cap. */
  readonly maxChannels: number | null;
}

/** What a node inherits when its URLs carry no credentials. */
export interface NodeDefaults {
  readonly ariUser: string;
  readonly ariPassword: string;
  readonly amiUser: string;
  readonly amiSecret: string;
}

const ID = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** Percent-decoded user and password of a URL, or the defaults. */
function credentials(url: URL, user: string, password: string): [string, string] {
  return [
    url.username === '' ? user : decodeURIComponent(url.username),
    url.password === '' ? password : decodeURIComponent(url.password),
  ];
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** One `<id>=<ari>,<ami>[,max=N]` entry, or the reason it is wrong. */
function parseNode(entry: string, defaults: NodeDefaults): AsteriskNodeEndpoint | string {
  const eq = entry.indexOf('=');
  const id = eq < 0 ? '' : entry.slice(0, eq).trim();
  if (!ID.test(id))
    return `"${entry}": expected <id>=<ARI URL>,<AMI URL>[,max=N] with an id of a-z, 0-9, _ and -`;
  const [ariText = '', amiText = '', ...rest] = entry
    .slice(eq + 1)
    .split(',')
    .map((f) => f.trim());
  const ari = parseUrl(ariText);
  if (!ari || !/^https?:$/.test(ari.protocol))
    return `node ${id}: "${ariText}" is not an http(s) ARI URL`;
  const ami = parseUrl(amiText);
  if (ami?.protocol !== 'ami:' || ami.hostname === '') {
    return `node ${id}: "${amiText}" is not an AMI URL (ami://host:5038)`;
  }
  let maxChannels: number | null = null;
  for (const option of rest) {
    const m = /^max=(\d{1,6})$/.exec(option);
    if (!m || Number(m[1]) < 1)
      return `node ${id}: unknown option "${option}" (expected max=<channels>)`;
    maxChannels = Number(m[1]);
  }
  const [ariUser, ariPassword] = credentials(ari, defaults.ariUser, defaults.ariPassword);
  const [amiUser, amiSecret] = credentials(ami, defaults.amiUser, defaults.amiSecret);
  ari.username = '';
  ari.password = '';
  return {
    id,
    ari: { url: ari.toString().replace(/\/$/, ''), user: ariUser, password: ariPassword },
    ami: {
      host: ami.hostname,
      port: Number(ami.port || 5038),
      username: amiUser,
      secret: amiSecret,
    },
    maxChannels,
  };
}

/** Parses ASTERISK_NODES; every problem is named (empty list: the value is good). */
export function parseAsteriskNodes(
  text: string,
  defaults: NodeDefaults,
): { nodes: AsteriskNodeEndpoint[]; problems: string[] } {
  const nodes: AsteriskNodeEndpoint[] = [];
  const problems: string[] = [];
  const entries = text
    .split(';')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  if (entries.length === 0) problems.push('no node given');
  for (const entry of entries) {
    const parsed = parseNode(entry, defaults);
    if (typeof parsed === 'string') problems.push(parsed);
    else if (nodes.some((n) => n.id === parsed.id))
      problems.push(`node ${parsed.id} is listed twice`);
    else nodes.push(parsed);
  }
  return { nodes, problems };
}

/** The configuration fields the node list is built from. */
export interface NodeSettings {
  readonly ASTERISK_NODES?: string | undefined;
  readonly ARI_URL: string;
  readonly ARI_USER: string;
  readonly ARI_PASSWORD: string;
  readonly AMI_HOST: string;
  readonly AMI_PORT: number;
  readonly AMI_USER: string;
  readonly AMI_SECRET: string;
}

/**
 * The nodes to drive: ASTERISK_NODES when set (already validated by
 * loadConfig), else the single node `default` of ARI_URL and AMI_HOST/AMI_PORT.
 */
export function asteriskNodes(config: NodeSettings): AsteriskNodeEndpoint[] {
  const defaults = {
    ariUser: config.ARI_USER,
    ariPassword: config.ARI_PASSWORD,
    amiUser: config.AMI_USER,
    amiSecret: config.AMI_SECRET,
  };
  if (config.ASTERISK_NODES !== undefined) {
    const { nodes, problems } = parseAsteriskNodes(config.ASTERISK_NODES, defaults);
    if (problems.length > 0) throw new Error(`ASTERISK_NODES: ${problems.join('; ')}`);
    return nodes;
  }
  return [
    {
      id: 'default',
      ari: { url: config.ARI_URL, user: config.ARI_USER, password: config.ARI_PASSWORD },
      ami: {
        host: config.AMI_HOST,
        port: config.AMI_PORT,
        username: config.AMI_USER,
        secret: config.AMI_SECRET,
      },
      maxChannels: null,
    },
  ];
}
