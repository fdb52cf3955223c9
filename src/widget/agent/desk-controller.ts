/**
 * The agent widget's session: the GraphQL client for one server and token,
 * the agent's live feed folded into the desk state, the side data (today's
 * figures, follow-ups, transfer directory, queue choice), and every action
 * the agent takes. The element only renders what this holds.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { logIn } from '../lib/auth.ts';
import { CallwrightClient, GraphqlError } from '../lib/graphql-client.ts';
import * as api from './desk-api.ts';
import {
  type DeskEvent,
  type DeskState,
  EMPTY_DESK,
  type PendingWrapUp,
  stepDesk,
} from './desk-state.ts';
import type {
  CallCard,
  FollowUp,
  InboundPop,
  Me,
  StateChange,
  TodayFigures,
} from './desk-types.ts';
import { targetOf } from './targets.ts';
import type { WrapUpInput } from './views/wrap-up-view.ts';

/** What the controller tells its element besides re-rendering. */
export interface DeskHooks {
  /** A new call card (inbound pop, dialer pop): the `callwright:offer` event. */
  offer(card: CallCard): void;
  /** The agent's status changed: the `callwright:state` event. */
  state(desk: DeskState): void;
}

/** The session of one `<callwright-agent>`. */
export class DeskController implements ReactiveController {
  desk: DeskState = EMPTY_DESK;
  me: Me | null = null;
  /** A token is in hand (given by the page or from signing in). */
  signedIn = false;
  /** Signed in through the widget's form (so signing out ends that session). */
  ownSession = false;
  busy = false;
  error: string | null = null;
  /** Read out by screen readers (new call...). */
  announcement = '';
  figures: TodayFigures | null = null;
  followUps: FollowUp[] | null = null;
  directory: api.DirectoryEntry[] | null = null;
  queues: Array<{ id: string; name: string; member: boolean }> | null = null;

  #server = '';
  #client: CallwrightClient | null = null;
  #stopFeed: (() => void) | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly hooks: DeskHooks,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#close();
  }

  /** (Re)connects to `server` with `token` (null: the sign-in form shows). */
  connect(server: string, token: string | null): void {
    this.#close();
    this.#server = server;
    this.desk = EMPTY_DESK;
    this.me = null;
    this.signedIn = token !== null;
    this.ownSession = false;
    if (token !== null) void this.#start(token);
    this.host.requestUpdate();
  }

  async logIn(username: string, password: string): Promise<void> {
    await this.#run(async () => {
      const token = await logIn(new CallwrightClient(this.#server, null), username, password);
      this.connect(this.#server, token);
      this.ownSession = true;
    });
  }

  async signOut(): Promise<void> {
    const client = this.#client;
    if (this.ownSession && client) await client.request('mutation { logout }').catch(() => {});
    this.connect(this.#server, null);
  }

  act = (verb: api.AgentVerb) => this.#run((c) => api.agentAct(c, verb));
  pause = (reason: string) => this.#run((c) => api.agentPause(c, reason));
  hangup = () => this.#onCall((c, callId) => api.hangupCall(c, callId));

  hold = (on: boolean) =>
    this.#onCall(async (c, callId) => {
      await api.holdCall(c, callId, on);
      this.#step({ type: 'hold', callId, on });
    });

  transfer = (raw: string, mode: 'BLIND' | 'ATTENDED') =>
    this.#onCall(async (c, callId) => {
      const target = targetOf(raw);
      if (target === null) return;
      await api.transferCall(c, callId, target, mode);
      if (mode === 'ATTENDED') this.#step({ type: 'consulting', callId });
    });

  conference = (raw: string) =>
    this.#onCall(async (c, callId) => {
      const target = targetOf(raw);
      if (target !== null) await api.conferenceAdd(c, callId, target);
    });

  endConsultation = (how: 'completeTransfer' | 'cancelTransfer') =>
    this.#onCall(async (c, callId) => {
      await api.endConsultation(c, callId, how);
      this.#step({ type: 'consult-ended' });
    });

  dial = (number: string) =>
    this.#run(async (c) => {
      const placed = await api.originateCall(c, number);
      if (placed.callId) this.#step({ type: 'dialled', callId: placed.callId, number });
    });

  saveWrapUp = (w: PendingWrapUp, input: WrapUpInput) =>
    this.#run(async (c) => {
      const { card } = w;
      if (card.attemptId) {
        await api.setAttemptDisposition(c, card.attemptId, input.disposition, input.notes);
      } else {
        await api.setCallWrapUp(c, w.callId, input.disposition || null, input.notes);
      }
      if (input.followUpAt && card.queueId) {
        await api.scheduleFollowUp(c, card.queueId, card.number, input.followUpAt);
      }
      this.#step({ type: 'wrap-up-done', callId: w.callId });
      void this.#refreshDay();
    });

  skipWrapUp = (w: PendingWrapUp) => this.#step({ type: 'wrap-up-done', callId: w.callId });

  saveQueues = (queueIds: string[]) =>
    this.#run(async (c) => {
      const agentId = this.me?.agent?.id;
      if (!agentId) return;
      await api.setQueues(c, agentId, queueIds);
      this.queues = await api.queueChoices(c, agentId);
    });

  async #start(token: string): Promise<void> {
    const client = new CallwrightClient(this.#server, token);
    this.#client = client;
    try {
      this.me = await api.whoAmI(client);
    } catch (error) {
      if (this.#client === client) this.#fail(error);
      return;
    }
    if (this.#client !== client) return;
    if (!this.me.agent) {
      this.error = 'This user works as no agent.';
      this.host.requestUpdate();
      return;
    }
    this.#stopFeed = api.followAgent(
      client,
      (event) => this.#onFeed(event),
      (error) => this.#fail(error),
    );
    const agentId = this.me.agent.id;
    void this.#refreshDay();
    void api.directory(client).then((d) => this.#set(client, () => (this.directory = d)));
    void api.queueChoices(client, agentId).then((q) => this.#set(client, () => (this.queues = q)));
    this.host.requestUpdate();
  }

  #onFeed(event: StateChange | InboundPop): void {
    if (event.__typename === 'ScreenPop') {
      this.#step({ type: 'inbound-pop', pop: event });
      const card = this.desk.card;
      if (card) {
        const who = card.contact?.name ? `, ${card.contact.name}` : '';
        this.announcement = `Call from ${card.number || 'a withheld number'}${who}`;
        this.hooks.offer(card);
      }
      return;
    }
    const before = this.desk.status;
    this.#step({ type: 'state', change: event, receivedAt: Date.now() });
    this.hooks.state(this.desk);
    const { status, card, callId } = this.desk;
    if ((status === 'RINGING' || status === 'ON_CALL') && card === null && callId !== null) {
      void this.#lookForDialerCall();
    }
    if (before === 'ON_CALL' && status !== 'ON_CALL') void this.#refreshDay();
  }

  /** A call without an inbound pop may be the dialer's: its pop is asked for. */
  async #lookForDialerCall(): Promise<void> {
    const client = this.#client;
    if (!client) return;
    const pop = await api.outboundCall(client).catch(() => null);
    if (pop === null || this.#client !== client || this.desk.card !== null) return;
    this.#step({ type: 'outbound-pop', pop });
    if (this.desk.card) this.hooks.offer(this.desk.card);
  }

  async #refreshDay(): Promise<void> {
    const client = this.#client;
    const agentId = this.me?.agent?.id;
    if (!client || !agentId) return;
    const [figures, followUps] = await Promise.all([
      api.todayFigures(client).catch(() => null),
      api.followUps(client).catch(() => null),
    ]);
    this.#set(client, () => {
      this.figures = figures;
      this.followUps = followUps;
    });
  }

  #step(event: DeskEvent): void {
    this.desk = stepDesk(this.desk, event);
    this.host.requestUpdate();
  }

  /** Applies `change` unless the session changed meanwhile. */
  #set(client: CallwrightClient, change: () => void): void {
    if (this.#client !== client) return;
    change();
    this.host.requestUpdate();
  }

  #onCall(work: (client: CallwrightClient, callId: string) => Promise<unknown>) {
    const callId = this.desk.callId ?? this.desk.card?.callId;
    if (!callId) return Promise.resolve();
    return this.#run((client) => work(client, callId));
  }

  async #run(work: (client: CallwrightClient) => Promise<unknown>): Promise<void> {
    const client = this.#client ?? new CallwrightClient(this.#server, null);
    this.busy = true;
    this.error = null;
    this.host.requestUpdate();
    try {
      await work(client);
    } catch (error) {
      this.#fail(error);
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  #fail(error: unknown): void {
    this.error = error instanceof Error ? error.message : String(error);
    // A token the server no longer takes: back to the sign-in form.
    if (error instanceof GraphqlError && error.code === 'UNAUTHENTICATED') {
      this.connect(this.#server, null);
      this.error = 'Please sign in.';
    }
    this.host.requestUpdate();
  }

  #close(): void {
    this.#stopFeed?.();
    this.#stopFeed = null;
    this.#client?.close();
    this.#client = null;
  }
}
