/**
 * The `agi_*` block Asterisk writes when a FastAGI session opens: same keys,
 * same order, `key: value\n` lines, then one empty line
 * (res_agi.c launch_netscript() + setup_env(); captured in the lab as
 * transcripts/fastagi-session-1.txt).
 */
import type { DialplanChannel } from '../dialplan/app-host.ts';
import type { AgiUrl } from './url.ts';

/** Values that do not come from the channel itself. */
export interface AgiEnvironmentExtras {
  /** Asterisk version string; the lab ran 22.10.1. */
  version: string;
  language: string;
  /** Dialled number (agi_dnid), `unknown` when none. */
  dnid: string;
  rdnis: string;
  accountCode: string;
  /** Asterisk prints the pthread id of the channel's thread here. */
  threadId: string;
}

/** Defaults matching the lab capture. */
export const DEFAULT_EXTRAS: AgiEnvironmentExtras = {
  version: '22.10.1',
  language: 'en',
  dnid: 'unknown',
  rdnis: 'unknown',
  accountCode: '',
  threadId: '139871608133312',
};

/** The environment as ordered key/value pairs (agi_arg_N included). */
export function agiEnvironment(
  ch: DialplanChannel,
  url: AgiUrl,
  args: readonly string[],
  extras: AgiEnvironmentExtras,
): Array<[string, string]> {
  const slash = ch.name.indexOf('/');
  const pairs: Array<[string, string]> = [
    ['agi_network', 'yes'],
    ['agi_network_script', url.script],
    ['agi_request', url.request],
    ['agi_channel', ch.name],
    ['agi_language', extras.language],
    ['agi_type', slash < 0 ? ch.name : ch.name.slice(0, slash)],
    ['agi_uniqueid', ch.id],
    ['agi_version', extras.version],
    ['agi_callerid', ch.callerNumber || 'unknown'],
    ['agi_calleridname', ch.callerName || 'unknown'],
    ['agi_callingpres', '0'],
    ['agi_callingani2', '0'],
    ['agi_callington', '0'],
    ['agi_callingtns', '0'],
    ['agi_dnid', extras.dnid],
    ['agi_rdnis', extras.rdnis],
    ['agi_context', ch.context],
    ['agi_extension', ch.exten],
    ['agi_priority', String(ch.priority)],
    ['agi_enhanced', '0.0'],
    ['agi_accountcode', extras.accountCode],
    ['agi_threadid', extras.threadId],
  ];
  args.forEach((arg, i) => {
    pairs.push([`agi_arg_${i + 1}`, arg]);
  });
  return pairs;
}

/** The block as written on the socket, ending with the empty line. */
export function formatEnvironment(pairs: ReadonlyArray<[string, string]>): string {
  return `${pairs.map(([k, v]) => `${k}: ${v}\n`).join('')}\n`;
}
