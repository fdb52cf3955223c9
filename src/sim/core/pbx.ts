/**
 * Running channels through the dialplan. The dialplan engine is a library
 * (src/sim/dialplan/) reached through {@link DialplanRunner}; this file owns
 * the bookkeeping around a run: the channel is "in a PBX" while it runs, and
 * when the run ends the channel is hung up (soft request, then destroyed),
 * as Asterisk does when ast_pbx_run returns.
 */
import type { DialplanChannel } from '../dialplan/app-host.ts';
import type { Channels } from './channels.ts';
import type { Channel } from './model.ts';
import type { SimLog } from './sim-log.ts';

/** What the core needs from a dialplan engine. */
export interface DialplanRunner {
  /** Runs from the channel's context/exten/priority; resolves when the dialplan ends. */
  run(ch: DialplanChannel): Promise<void>;
  /** True when context/exten exists (Local channels and originates check this). */
  exists(context: string, exten: string, callerNumber?: string): boolean;
}

/** Starts and finishes dialplan runs. */
export class Pbx {
  constructor(
    private readonly channels: Channels,
    private readonly runner: () => DialplanRunner | undefined,
    private readonly log: SimLog,
  ) {}

  /** True when the extension exists (false when no engine is plugged in). */
  exists(context: string, exten: string, callerNumber?: string): boolean {
    return this.runner()?.exists(context, exten, callerNumber) ?? false;
  }

  /** Starts the dialplan on a channel at its current location (fire and forget). */
  start(ch: Channel): void {
    ch.pbx = true;
    void this.run(ch);
  }

  private async run(ch: Channel): Promise<void> {
    const runner = this.runner();
    try {
      if (!runner) {
        this.log('error', 'no dialplan engine: hanging up', { channel: ch.name });
      } else {
        await runner.run(ch);
      }
    } catch (err) {
      if (!ch.hungUp) this.log('warn', 'dialplan run failed', { channel: ch.name, err: String(err) });
    }
    this.channels.endPbx(ch);
  }
}
