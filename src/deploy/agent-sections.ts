/**
 * The per-agent sections of pjsip_agents.conf, written from callwright's
 * agents: one endpoint, one auth and one aor per SIP phone, each inheriting
 * the templates of asterisk-conf/pjsip.conf. Phone passwords are derived
 * from one installation secret (HMAC-SHA256 of the phone's user name), so
 * writing the file again gives every phone the same password and nothing
 * has to be stored.
 */
import { createHmac } from 'node:crypto';
import type { Agent } from '../domain/directory/entities.ts';

/** The templates every agent section inherits (asterisk-conf/pjsip.conf). */
export const AGENT_TEMPLATES = Object.freeze({
  endpoint: 'agent-endpoint',
  auth: 'agent-auth',
  aor: 'agent-aor',
});

/** A phone the file gets sections for. */
export interface AgentPhone {
  /** The PJSIP endpoint name, and the phone's SIP user name: `1001` of `PJSIP/1001`. */
  readonly resource: string;
  readonly name: string;
  readonly extension: string;
}

/** `PJSIP/<resource>` with a plain resource; anything else is not a phone we configure. */
const PJSIP_PHONE = /^PJSIP\/([A-Za-z0-9_.+-]+)$/;

/** Splits agents into the SIP phones to write and the agents reached otherwise. */
export function agentPhones(agents: readonly Agent[]): { phones: AgentPhone[]; skipped: number } {
  const phones: AgentPhone[] = [];
  let skipped = 0;
  for (const a of agents) {
    const m = a.reach === 'sip' ? PJSIP_PHONE.exec(a.endpoint) : null;
    if (!m) {
      skipped++;
      continue;
    }
    phones.push({ resource: m[1] as string, name: a.name, extension: a.extension });
  }
  phones.sort((a, b) => a.resource.localeCompare(b.resource));
  return { phones, skipped };
}

/** The password of one phone: 24 URL-safe characters of HMAC-SHA256(secret, user name). */
export function phonePassword(secret: string, resource: string): string {
  return createHmac('sha256', secret).update(`pjsip:${resource}`).digest('base64url').slice(0, 24);
}

/**
 * A display name safe inside `callerid = "..." <...>`: no quotes, no
 * control characters, and `;` escaped (it would start a comment).
 */
function displayName(name: string): string {
  return name
    .replace(/[\p{Cc}"<>\\]/gu, '')
    .replace(/;/g, '\\;')
    .trim();
}

/** The text of pjsip_agents.conf. */
export function renderAgentSections(
  phones: readonly AgentPhone[],
  skipped: number,
  secret: string,
): string {
  const lines = [
    '; callwright: agent phones, written by `npm run asterisk:agents` from the agents',
    '; table. Do not edit by hand: add agents in callwright, then write this file',
    "; again and reload PJSIP (asterisk -rx 'module reload res_pjsip.so').",
    `; ${phones.length} SIP phone(s); ${skipped} agent(s) reached another way (external numbers).`,
  ];
  for (const p of phones) {
    lines.push(
      '',
      `[${p.resource}](${AGENT_TEMPLATES.endpoint})`,
      `auth = ${p.resource}`,
      `aors = ${p.resource}`,
      `callerid = "${displayName(p.name)}" <${p.extension}>`,
      `[${p.resource}](${AGENT_TEMPLATES.auth})`,
      `username = ${p.resource}`,
      `password = ${phonePassword(secret, p.resource)}`,
      `[${p.resource}](${AGENT_TEMPLATES.aor})`,
    );
  }
  return `${lines.join('\n')}\n`;
}
