/**
 * /ari/asterisk (info, ping, global variables, modules), /ari/sounds and
 * /ari/mailboxes. /asterisk/info has the shape of
 * transcripts/ari-asterisk-info.json.
 */

import { ariTime } from '../../core/time-format.ts';
import { BUILTIN_SOUNDS } from '../../media/sounds.ts';
import type { AriDeps } from '../context.ts';
import { type AriResponse, error, noContent, ok } from '../http.ts';
import type { AriRequest, Router } from '../router.ts';

function info(d: AriDeps, r: AriRequest): AriResponse {
  const id = d.identity;
  const started = ariTime(d.core.startedAt);
  const all: Record<string, unknown> = {
    build: {
      os: 'Linux',
      kernel: id.kernel,
      machine: 'x86_64',
      options: 'OPTIONAL_API',
      date: id.buildDate,
      user: 'root',
    },
    system: { version: id.version, entity_id: id.entityId },
    config: { name: id.systemName, default_language: 'en', setid: { user: '', group: '' } },
    status: { startup_time: started, last_reload_time: started },
  };
  const only = r.params.list('only');
  if (only.length === 0) return ok(all);
  const out: Record<string, unknown> = {};
  for (const k of only) {
    if (!(k in all)) return error(400, `Unrecognized info section '${k}'`);
    out[k] = all[k];
  }
  return ok(out);
}

const MODULES = [
  'res_ari.so',
  'res_stasis.so',
  'chan_pjsip.so',
  'res_agi.so',
  'app_dial.so',
  'app_stasis.so',
];

/** Registers the system routes. */
export function asteriskRoutes(router: Router, d: AriDeps): void {
  router
    .on('GET', '/asterisk/info', (r) => info(d, r))
    .on('GET', '/asterisk/ping', () =>
      ok({
        asterisk_id: d.identity.entityId,
        ping: 'pong',
        timestamp: ariTime(d.core.scheduler.now()),
      }),
    )
    .on('GET', '/asterisk/variable', (r) => {
      const name = r.params.str('variable');
      if (!name) return error(400, 'Variable name is required');
      return ok({ value: d.globals.get(name) ?? '' });
    })
    .on('POST', '/asterisk/variable', (r) => {
      const name = r.params.str('variable');
      if (!name) return error(400, 'Variable name is required');
      d.globals.set(name, r.params.str('value') ?? '');
      return noContent();
    })
    .on('GET', '/asterisk/modules', () =>
      ok(
        MODULES.map((name) => ({
          name,
          description: name,
          use_count: 0,
          status: 'Running',
          support_level: 'core',
        })),
      ),
    )
    .on('GET', '/asterisk/modules/{moduleName}', (r) => {
      const name = r.pathParams.moduleName ?? '';
      if (!MODULES.includes(name))
        return error(404, 'Module could not be found in running modules');
      return ok({
        name,
        description: name,
        use_count: 0,
        status: 'Running',
        support_level: 'core',
      });
    })
    .on('GET', '/sounds', () =>
      ok(
        Object.keys(BUILTIN_SOUNDS).map((id) => ({
          id,
          text: id,
          formats: [{ language: 'en', format: 'gsm' }],
        })),
      ),
    )
    .on('GET', '/sounds/{soundId}', (r) => {
      const id = r.pathParams.soundId ?? '';
      if (BUILTIN_SOUNDS[id] === undefined) return error(404, 'Sound not found');
      return ok({ id, text: id, formats: [{ language: 'en', format: 'gsm' }] });
    })
    .on('GET', '/mailboxes', () => ok([]))
    .on('GET', '/mailboxes/{mailboxName}', () => error(404, 'Mailbox not found'));
}
