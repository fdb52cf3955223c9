/**
 * What every contract test file needs: the target (simulator or a real
 * Asterisk, see target.ts), our ARI client registered as the dialplan's
 * Stasis application with its event recorder, and helpers that drive calls
 * through OUR adapters only. Channels a test creates are hung up afterwards,
 * so a real Asterisk is left clean.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { Registry } from 'prom-client';
import { type AmiClient, createAmiClient } from '../../src/asterisk/ami/ami-client.ts';
import {
  type AriClient,
  type Channel,
  createAriClient,
  type StasisStartEvent,
} from '../../src/asterisk/ari/client.ts';
import { AriRecorder } from './ari-recorder.ts';
import { type ContractTarget, openContractTarget } from './target.ts';

/** Both halves of an originated Local channel, answered and in Stasis. */
export interface LocalPair {
  /** `;1`: entered Stasis with the originate's appArgs. */
  one: Channel;
  /** `;2`: ran the trunk dialplan into `Stasis(app,inbound,<did>)`. */
  two: Channel;
  startOne: StasisStartEvent;
  startTwo: StasisStartEvent;
  /** Recorder position before the originate. */
  from: number;
}

const silent = () => pino({ level: 'silent' });

/** A contract test file's connection to the target. */
export class ContractHarness {
  private readonly owned = new Set<string>();
  private counter = 0;
  /** Distinguishes this run's ids and numbers from other runs on a shared Asterisk. */
  private readonly run = randomBytes(3).toString('hex');
  private readonly amiClients: AmiClient[] = [];
  private readonly ariClients: AriClient[] = [];

  private constructor(
    readonly target: ContractTarget,
    readonly ari: AriClient,
    readonly events: AriRecorder,
    readonly registry: Registry,
  ) {}

  /** Opens the target and connects our ARI client as the dialplan's application. */
  static async open(options: { agi?: boolean } = {}): Promise<ContractHarness> {
    const target = await openContractTarget(options);
    const registry = new Registry();
    const ari = createAriClient({ ...target.ari, logger: silent(), registry });
    const harness = new ContractHarness(target, ari, new AriRecorder(ari), registry);
    harness.ariClients.push(ari);
    await ari.connect();
    return harness;
  }

  /** A fresh id such as `cw-1a2b3c-one-4`. */
  uniqueId(label: string): string {
    this.counter += 1;
    return `cw-${this.run}-${label}-${this.counter}`;
  }

  /** A fresh caller number (digits only). */
  callerNumber(): string {
    this.counter += 1;
    return `55${Number.parseInt(this.run, 16) % 10_000}${String(this.counter).padStart(4, '0')}`;
  }

  /** Remembers a channel to hang up when the test ends. */
  own(channelId: string): string {
    this.owned.add(channelId);
    return channelId;
  }

  /** Another ARI client (e.g. a subscribeAll observer), closed with the harness. */
  async extraAri(
    app: string,
    subscribeAll: boolean,
  ): Promise<{ ari: AriClient; events: AriRecorder }> {
    const ari = createAriClient({
      ...this.target.ari,
      app,
      subscribeAll,
      logger: silent(),
      registry: new Registry(),
    });
    this.ariClients.push(ari);
    const events = new AriRecorder(ari);
    await ari.connect();
    return { ari, events };
  }

  /** An AMI client logged in to the target, closed with the harness. */
  async ami(): Promise<AmiClient> {
    const ami = createAmiClient({ ...this.target.ami, logger: silent(), registry: this.registry });
    this.amiClients.push(ami);
    await ami.whenConnected();
    return ami;
  }

  /**
   * Frames our clients dropped at the edge, by reason, from
   * `callwright_ari_frames_rejected_total` or `callwright_ami_frames_rejected_total`.
   */
  async rejectedFrames(protocol: 'ari' | 'ami'): Promise<Record<string, number>> {
    const name = `callwright_${protocol}_frames_rejected_total`;
    const metric = this.registry.getSingleMetric(name);
    if (!metric) throw new Error(`${name} is not registered`);
    const { values } = await metric.get();
    return Object.fromEntries(values.map((v) => [String(v.labels.reason), v.value]));
  }

  /**
   * Originates `Local/<did>@<trunk context>` into our application, answers
   * `;2` on its StasisStart and waits for `;1` to enter Stasis too.
   */
  async originateLocal(did: string, appArgs: string): Promise<LocalPair> {
    const from = this.events.mark();
    const oneId = this.own(this.uniqueId('one'));
    const twoId = this.own(this.uniqueId('two'));
    await this.ari.channels.originate({
      endpoint: `Local/${did}@${this.target.trunkContext}`,
      app: this.target.ari.app,
      appArgs,
      channelId: oneId,
      otherChannelId: twoId,
    });
    const startTwo = await this.events.forChannel('StasisStart', twoId, from);
    await this.ari.channels.answer(twoId);
    const startOne = await this.events.forChannel('StasisStart', oneId, from);
    return { one: startOne.channel, two: startTwo.channel, startOne, startTwo, from };
  }

  /**
   * Sends a marker through the event stream and waits for it: every event
   * emitted before the call has been received when this resolves.
   */
  async flush(): Promise<void> {
    const device = `Stasis:${this.uniqueId('flush')}`;
    await this.ari.applications.subscribe(`deviceState:${device}`);
    const from = this.events.mark();
    await this.ari.deviceStates.update(device, 'INUSE');
    await this.events.waitFor('DeviceStateChanged', (e) => e.device_state.name === device, from);
    await this.ari.applications.unsubscribe(`deviceState:${device}`);
    await this.ari.deviceStates.delete(device);
  }

  /** Hangs up every channel the test created (already gone is fine). */
  async hangupOwned(): Promise<void> {
    const ids = [...this.owned];
    this.owned.clear();
    await Promise.all(ids.map((id) => this.ari.channels.hangup(id).catch(() => undefined)));
  }

  async close(): Promise<void> {
    await this.hangupOwned().catch(() => undefined);
    await Promise.all(this.ariClients.map((c) => c.close()));
    await Promise.all(this.amiClients.map((c) => c.close()));
    await this.target.close();
  }
}
