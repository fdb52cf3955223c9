/**
 * A simulator core without sockets for behaviour tests: virtual clock, the
 * test dialplan, an active `callcenter` app (as if a WebSocket were
 * attached) and every core event recorded in order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '../../src/sim/core/clock.ts';
import { SimCore } from '../../src/sim/core/core.ts';
import { dialplanRunner } from '../../src/sim/core/dialplan-adapter.ts';
import type { CoreEvent } from '../../src/sim/core/events.ts';
import { Scheduler } from '../../src/sim/core/scheduler.ts';
import { createDialplan } from '../../src/sim/dialplan/engine.ts';

/** A core under test. */
export interface CoreUnderTest {
  core: SimCore;
  clock: VirtualClock;
  events: CoreEvent[];
  /** Events about one channel id (channel, peer or caller). */
  about(id: string): CoreEvent[];
  close(): void;
}

const DIALPLAN_DIR = new URL('../fixtures/sim/dialplan/', import.meta.url).pathname;

/** Builds a core with phones 1001-1003. */
export function makeCore(seed = 11): CoreUnderTest {
  const clock = new VirtualClock();
  const scheduler = new Scheduler(clock);
  const dir = mkdtempSync(join(tmpdir(), 'sim-core-'));
  const core = new SimCore({
    scheduler,
    seed,
    recordingsDir: dir,
    phones: ['1001', '1002', '1003'],
    log: () => {},
  });
  const dialplan = createDialplan(DIALPLAN_DIR);
  core.plug({ dialplan: (host) => dialplanRunner(dialplan, host) });
  core.apps.activate('callcenter', false);
  const events: CoreEvent[] = [];
  core.bus.on((e) => events.push(e));
  const about = (id: string) =>
    events.filter((e) => {
      const x = e as { channel?: { id: string }; peer?: { id: string }; caller?: { id: string } };
      return x.channel?.id === id || x.peer?.id === id || x.caller?.id === id;
    });
  return {
    core,
    clock,
    events,
    about,
    close() {
      core.shutdown();
      scheduler.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Dial statuses reported for a channel, in order. */
export function dialStatuses(events: readonly CoreEvent[], peerId: string): string[] {
  return events.flatMap((e) => (e.type === 'Dial' && e.peer.id === peerId ? [e.dialstatus] : []));
}
