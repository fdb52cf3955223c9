/**
 * The narrow interfaces the ACD runtime needs from the outside world: call
 * control on the PBX, timers, and metrics. `src/asterisk/acd` implements
 * call control on ARI; `main.ts` passes real timers and a prom-client
 * backed metrics object; unit tests pass fakes. Nothing here names an ARI
 * resource or event: the runtime speaks of calls, offers and holds.
 */

/**
 * What a call-control operation came to. `gone`: the channel or bridge no
 * longer exists (the caller hung up while we acted), an expected race and
 * never an exception. `failed`: the PBX refused or could not be reached.
 */
export type ControlOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'gone' | 'failed'; readonly detail: string };

/** An offer to ring one agent for one call. */
export interface OfferRequest {
  /** Id the new agent leg gets, chosen by the runtime so events can be matched at once. */
  readonly channelId: string;
  /** The call's id (its caller channel), carried so the answered leg names its call. */
  readonly callId: string;
  readonly agentId: string;
  /** Dial string of the agent's phone, e.g. `PJSIP/1001`. */
  readonly endpoint: string;
  /** Shown on the agent's phone: the caller's number (ANI). */
  readonly callerNumber: string;
  /** Seconds the PBX rings before giving up by itself (a backstop to the ACD's own ring timer). */
  readonly timeoutS: number;
  /** The caller's channel: the agent leg joins its call (same linked id). */
  readonly originatorChannelId: string;
}

/** Where a leg of in-call control rings: an agent's phone, or a number through the outbound trunk. */
export type LegTarget =
  | { readonly kind: 'phone'; readonly endpoint: string }
  | { readonly kind: 'external'; readonly number: string };

/**
 * A leg rung for in-call control (transfer target, conference party,
 * supervisor's phone, both sides of click-to-dial). Like an offer, its
 * ringing and failure come back as `offer-ringing` / `offer-failed`; once
 * answered it enters our application and comes back as `leg-answered`.
 */
export interface LegRequest {
  /** Id the new leg gets, chosen by the runtime. */
  readonly channelId: string;
  /** The call the leg belongs to (carried so the answered leg names it). */
  readonly callId: string;
  readonly target: LegTarget;
  /** Caller ID the called party sees; empty parts are left to the PBX. */
  readonly callerName: string;
  readonly callerNumber: string;
  /** Seconds the PBX rings before giving up (cause 19). */
  readonly timeoutS: number;
  /** A channel of the call, so the new leg shares its linked id; null for a new call. */
  readonly originatorChannelId: string | null;
}

/** Audio directions of a snoop, seen from the snooped channel (ARI `spy` / `whisper`). */
export type SnoopDirection = 'none' | 'in' | 'out' | 'both';

/** A snoop channel on a leg, for supervisor listen / whisper / barge (AGT-4). */
export interface SnoopRequest {
  /** Id the snoop channel gets. */
  readonly snoopId: string;
  /** The call it belongs to; the snoop channel comes back as `leg-answered` once in our application. */
  readonly callId: string;
  /** The channel listened to (the agent's leg). */
  readonly channelId: string;
  /** What the snoop hears: `both` is the whole conversation. */
  readonly spy: SnoopDirection;
  /** Where what the snoop says goes: `out` to the agent only, `both` to agent and caller. */
  readonly whisper: SnoopDirection;
}

/** Call control on the PBX, one small operation per method. */
export interface CallControl {
  /** Answers a channel that is ringing in our application. */
  answer(channelId: string): Promise<ControlOutcome>;
  /** Puts a channel into holding bridge `holdId` (created on first use) with music on hold. */
  startHold(holdId: string, channelId: string): Promise<ControlOutcome>;
  /** Stops the music of holding bridge `holdId`. */
  stopHold(holdId: string): Promise<ControlOutcome>;
  /**
   * Plays music on hold to one channel where it is (an agent's hold: the
   * caller stays in the call's bridge and hears music instead of the agent).
   */
  startMusic(channelId: string): Promise<ControlOutcome>;
  /** Stops the music `startMusic` started on a channel. */
  stopMusic(channelId: string): Promise<ControlOutcome>;
  /** Rings an agent; the answered leg comes back as an `offer-answered` event. */
  originateOffer(offer: OfferRequest): Promise<ControlOutcome>;
  /** Creates mixing bridge `bridgeId` and puts the channels in it (moving them out of any hold). */
  connect(bridgeId: string, channelIds: readonly string[]): Promise<ControlOutcome>;
  /** Records a bridge into `name` (the call's recording). */
  record(bridgeId: string, name: string): Promise<ControlOutcome>;
  /** Hangs a channel up with a Q.850 cause. */
  hangup(channelId: string, cause: number): Promise<ControlOutcome>;
  /** Destroys a bridge (holding or mixing) once the call is over. */
  destroyBridge(bridgeId: string): Promise<ControlOutcome>;
  /** Rings a leg for in-call control (see {@link LegRequest}). */
  originateLeg(leg: LegRequest): Promise<ControlOutcome>;
  /** Creates a snoop channel on a leg (see {@link SnoopRequest}). */
  snoop(request: SnoopRequest): Promise<ControlOutcome>;
  /** Whether an agent's phone can be rung now (a SIP phone must be registered). */
  reachable(endpoint: string): Promise<boolean>;
  /** Plays media (`sound:queue-thereare`, ...) to one channel, even while it is in a holding bridge. */
  play(channelId: string, playbackId: string, media: readonly string[]): Promise<ControlOutcome>;
  /**
   * Hands a caller to IVR flow `flowId`: the channel leaves our application
   * for the dialplan's IVR context, which runs the flow over FastAGI.
   */
  toIvr(channelId: string, flowId: string): Promise<ControlOutcome>;
  /**
   * Plays media to one channel and resolves once it has finished, or the
   * channel left (`gone`): a last word before the ACD hangs the caller up.
   */
  playToEnd(
    channelId: string,
    playbackId: string,
    media: readonly string[],
  ): Promise<ControlOutcome>;
}

/** One-shot timers by key; setting a key again replaces its timer. */
export interface Timers {
  /** Calls `fire` at (or just after) `at`, epoch ms. */
  set(key: string, at: number, fire: () => void): void;
  cancel(key: string): void;
  /** Cancels every timer (shutdown). */
  clear(): void;
}

/** Live figures the metrics read when scraped. */
export interface AcdGauges {
  /** Callers waiting (queued or ringing an agent), by queue id. */
  readonly waitingByQueue: ReadonlyMap<string, number>;
  /** Agents by status (logged-in ones and those known to the runtime). */
  readonly agentsByStatus: ReadonlyMap<string, number>;
}

/** What the ACD counts; names and labels are the implementation's business. */
export interface AcdMetrics {
  offered(queueId: string): void;
  answered(queueId: string): void;
  abandoned(queueId: string): void;
  /** Registers the reader of the live gauges. */
  observe(read: () => AcdGauges): void;
}
