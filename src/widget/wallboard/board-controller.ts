/**
 * The wallboard's session: live queue figures from the `queueStats` feed,
 * the agents' states re-read when a queue's members change, and the day's
 * call records re-read (at most once a second, and only from the earliest
 * call still in progress on) as calls change phase, so the board follows
 * the floor without a reload.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { logIn } from '../lib/auth.ts';
import { CallwrightClient, GraphqlError } from '../lib/graphql-client.ts';
import * as api from './board-api.ts';
import { type DayCall, localMidnight, rereadFrom } from './board-figures.ts';

/** Delay that gathers a burst of changes into one re-read. */
const AGENTS_DELAY_MS = 200;
const CALLS_DELAY_MS = 1000;

/** The session of one `<callwright-wallboard>`. */
export class BoardController implements ReactiveController {
  queues = new Map<string, api.LiveFigures>();
  agents: api.BoardAgent[] = [];
  /** Today's call records by id. */
  calls = new Map<string, DayCall>();
  midnight = localMidnight(Date.now());
  signedIn = false;
  error: string | null = null;
  /** When the agents were last read (the time in state of an agent unchanged since start-up). */
  agentsReadAt = Date.now();

  #server = '';
  #client: CallwrightClient | null = null;
  #stops: Array<() => void> = [];
  #timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#close();
  }

  /** (Re)connects to `server` with `token` (null: the sign-in form shows). */
  connect(server: string, token: string | null): void {
    this.#close();
    this.#server = server;
    this.signedIn = token !== null;
    this.queues = new Map();
    this.agents = [];
    this.calls = new Map();
    if (token !== null) void this.#start(new CallwrightClient(server, token));
    this.host.requestUpdate();
  }

  async logIn(username: string, password: string): Promise<void> {
    try {
      this.connect(
        this.#server,
        await logIn(new CallwrightClient(this.#server, null), username, password),
      );
    } catch (error) {
      this.#fail(error);
    }
  }

  async #start(client: CallwrightClient): Promise<void> {
    this.#client = client;
    this.error = null;
    try {
      const queues = await api.liveQueues(client);
      if (this.#client !== client) return;
      for (const figures of queues) this.queues.set(figures.queue.id, figures);
      this.#stops.push(
        api.followQueues(
          client,
          (f) => this.#onFigures(client, f),
          (e) => this.#fail(e),
        ),
        api.followCalls(
          client,
          () => this.#later('calls', CALLS_DELAY_MS, () => this.#readCalls(client)),
          (e) => this.#fail(e),
        ),
      );
      await Promise.all([this.#readAgents(client), this.#readCalls(client)]);
    } catch (error) {
      if (this.#client === client) this.#fail(error);
    }
  }

  #onFigures(client: CallwrightClient, figures: api.LiveFigures): void {
    this.queues.set(figures.queue.id, figures);
    this.host.requestUpdate();
    // Members changed status (or a caller came or went): the agent list follows.
    this.#later('agents', AGENTS_DELAY_MS, () => this.#readAgents(client));
  }

  async #readAgents(client: CallwrightClient): Promise<void> {
    const agents = await api.boardAgents(client);
    if (this.#client !== client) return;
    this.agents = agents;
    this.agentsReadAt = Date.now();
    this.host.requestUpdate();
  }

  async #readCalls(client: CallwrightClient): Promise<void> {
    const midnight = localMidnight(Date.now());
    // A new day starts from nothing; otherwise finished calls are kept as read.
    const known = midnight === this.midnight ? this.calls : new Map<string, DayCall>();
    const read = await api.dayCalls(client, rereadFrom(known.values(), midnight));
    if (this.#client !== client) return;
    const calls = new Map(known);
    for (const call of read) calls.set(call.id, call);
    this.midnight = midnight;
    this.calls = calls;
    this.host.requestUpdate();
  }

  /** Runs `work` after `delayMs`, once for all the changes meanwhile. */
  #later(key: string, delayMs: number, work: () => Promise<void>): void {
    if (this.#timers.has(key)) return;
    this.#timers.set(
      key,
      setTimeout(() => {
        this.#timers.delete(key);
        work().catch((error: unknown) => this.#fail(error));
      }, delayMs),
    );
  }

  #fail(error: unknown): void {
    this.error = error instanceof Error ? error.message : String(error);
    if (error instanceof GraphqlError && error.code === 'UNAUTHENTICATED') {
      this.connect(this.#server, null);
      this.error = 'Please sign in.';
    }
    this.host.requestUpdate();
  }

  #close(): void {
    for (const stop of this.#stops) stop();
    this.#stops = [];
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#client?.close();
    this.#client = null;
  }
}
