/**
 * Adapts the FastAGI client library (src/sim/agi-client/) to the core's
 * AgiRunner: AGI() URLs can be re-pointed at the configured FastAGI target
 * (tests run the FastAGI server on an ephemeral port while the dialplan
 * names 127.0.0.1:4573), and each command is reported as AGIExecStart/End.
 */
import { runFastAgi } from '../agi-client/session.ts';
import type { Dialplan } from '../dialplan/engine.ts';
import type { AgiRunner } from './app-host-impl.ts';
import type { EventBus } from './events.ts';
import { Channel } from './model.ts';

/** Replaces host:port of an `agi://` URL with `target` (`host:port`), if given. */
export function retarget(url: string, target: string | undefined): string {
  if (!target || !url.toLowerCase().startsWith('agi://')) return url;
  const rest = url.slice(6);
  const slash = rest.indexOf('/');
  return `agi://${target}${slash < 0 ? '' : rest.slice(slash)}`;
}

/** A FastAGI runner over the loaded dialplan. */
export function fastAgiRunner(
  dialplan: Dialplan,
  bus: EventBus,
  target: string | undefined,
): AgiRunner {
  return {
    async run(ch, host, url, args) {
      const core = ch instanceof Channel ? ch : undefined;
      const dnid = core?.extra.get('dnid');
      await runFastAgi({
        channel: ch,
        host,
        dialplan,
        url: retarget(url, target),
        args,
        extras: {
          dnid: typeof dnid === 'string' ? dnid : 'unknown',
          language: core?.language ?? 'en',
        },
        onExec: (e) => {
          if (!core) return;
          bus.emit({
            type: 'AgiExec',
            commandId: e.commandId,
            command: e.command,
            ...(e.phase === 'end'
              ? { end: { resultCode: e.resultCode ?? 200, result: e.result ?? '' } }
              : {}),
            channel: core.snapshot(),
          });
        },
      });
    },
  };
}
