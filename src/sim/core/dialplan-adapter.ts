/**
 * Adapts the dialplan engine library (src/sim/dialplan/engine.ts) to the
 * core's {@link DialplanRunner}: runs start at the channel's current
 * location, and variable access goes through the engine so dialplan
 * functions (`CHANNEL(name)`, `CALLERID(num)`) work from ARI and AMI too.
 */
import type { AppHost } from '../dialplan/app-host.ts';
import type { Dialplan } from '../dialplan/engine.ts';
import type { DialplanRunner } from './pbx.ts';

/** Wraps a loaded dialplan for the core. */
export function dialplanRunner(dialplan: Dialplan, host: AppHost): DialplanRunner {
  return {
    run: (ch) => dialplan.run(ch, host, ch.context, ch.exten, ch.priority),
    exists: (context, exten, priority) => dialplan.hasExtension(context, exten, priority ?? 1),
    getVariable: (ch, name) => dialplan.getVariable(ch, host, name),
    setVariable: (ch, name, value) => dialplan.setVariable(ch, host, name, value),
    exec: (ch, app, data) => dialplan.exec(ch, host, app, data),
  };
}
