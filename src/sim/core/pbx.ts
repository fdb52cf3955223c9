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
  /** True when context/exten has the priority (default 1). */
  exists(context: string, exten: string, priority?: number): boolean;
  /** A variable or `FUNC(args)` value (ARI/AMI getvar); undefined when unset. */
  getVariable(ch: DialplanChannel, name: string): string | undefined;
  /** Sets a variable or writes a function (ARI/AMI setvar); false when not writable. */
  setVariable(ch: DialplanChannel, name: string, value: string): boolean;
  /** Runs one application (AMI Originate with Application=). */
  exec(ch: DialplanChannel, app: string, data: string): Promise<number>;
}

/** Starts and finishes dialplan runs. */
export class Pbx {
  constructor(
    private readonly channels: Channels,
    private readonly runner: () => DialplanRunner | undefined,
    private readonly log: SimLog,
  ) {}

  /** True when the extension exists (false when no engine is plugged in). */
  exists(context: string, exten: string, priority = 1): boolean {
    return this.runner()?.exists(context, exten, priority) ?? false;
  }

  /**
   * Reads a variable: through the dialplan engine (functions such as
   * CHANNEL(name) included) or, without one, the channel's own variables.
   */
  getVariable(ch: Channel, name: string): string | undefined {
    const runner = this.runner();
    if (runner) return runner.getVariable(ch, name);
    if (name === 'CHANNEL(name)') return ch.name;
    return ch.vars.get(name);
  }

  /** Sets a variable (events included); false when the engine refuses it. */
  setVariable(ch: Channel, name: string, value: string): boolean {
    const runner = this.runner();
    if (runner) return runner.setVariable(ch, name, value);
    this.channels.setVar(ch, name, value);
    return true;
  }

  /** Runs one application on a channel, then hangs it up (AMI Originate Application=). */
  startApp(ch: Channel, app: string, data: string): void {
    ch.pbx = true;
    const runner = this.runner();
    const run = runner ? runner.exec(ch, app, data) : Promise.resolve(-1);
    void run
      .catch((err) =>
        this.log('warn', 'application failed', { channel: ch.name, app, err: String(err) }),
      )
      .then(() => this.channels.endPbx(ch));
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
      if (!ch.hungUp)
        this.log('warn', 'dialplan run failed', { channel: ch.name, err: String(err) });
    }
    this.channels.endPbx(ch);
  }
}
