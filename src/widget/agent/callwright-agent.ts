/**
 * `<callwright-agent>`: the agent's screen-pop widget, embedded in any CRM
 * page with one script tag and one element:
 *
 *   <script type="module" src="https://callwright.example/widget.js"></script>
 *   <callwright-agent token="..." crm-url="https://crm.example/find?phone={ani}"></callwright-agent>
 *
 * Attributes: `server` (callwright's base URL; default: where widget.js was
 * loaded from), `token` (an API key or session token; without one the
 * widget asks for a user name and password), `crm-url` (link template:
 * {ani} {dnis} {callId} {contactId} {queue}), `dispositions` and
 * `pause-reasons` (comma-separated lists). Events, bubbling out of the
 * shadow root: `callwright:offer` (detail: the call's data, when a call
 * rings the agent) and `callwright:state` (detail: status, since, callId).
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { crmUrl, listOf } from '../lib/format.ts';
import { OWN_SERVER } from '../lib/own-server.ts';
import { Ticker } from '../lib/ticker.ts';
import { agentStyles } from './agent-styles.ts';
import { DeskController } from './desk-controller.ts';
import type { DeskState } from './desk-state.ts';
import type { CallCard } from './desk-types.ts';
import { dialView, inCallView } from './views/call-view.ts';
import { DEFAULT_DISPOSITIONS, DEFAULT_PAUSE_REASONS } from './views/labels.ts';
import { loginView } from './views/login-view.ts';
import { popView } from './views/pop-view.ts';
import { queuesView } from './views/queues-view.ts';
import { statusView } from './views/status-view.ts';
import { todayView } from './views/today-view.ts';
import { wrapUpView } from './views/wrap-up-view.ts';

/** The detail of `callwright:offer`. */
export type OfferDetail = CallCard & { crmUrl: string | null };

/** The agent widget element. */
export class CallwrightAgent extends LitElement {
  static override styles = agentStyles;
  static override properties = {
    server: { type: String },
    token: { type: String },
    crmUrl: { type: String, attribute: 'crm-url' },
    dispositions: { type: String },
    pauseReasons: { type: String, attribute: 'pause-reasons' },
  };

  declare server: string | undefined;
  declare token: string | undefined;
  declare crmUrl: string | undefined;
  declare dispositions: string | undefined;
  declare pauseReasons: string | undefined;

  readonly #ticker = new Ticker(this);
  readonly #desk = new DeskController(this, {
    offer: (card) => this.#emit('callwright:offer', this.#offerDetail(card)),
    state: (desk) => this.#emitState(desk),
  });
  /** The server and token the session was opened with. */
  #session: string | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    // Moved back into a page: the session closed on removal opens again.
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#session = null;
  }

  protected override willUpdate(_changed: PropertyValues): void {
    const server = this.server || OWN_SERVER;
    const token = this.token || null;
    const session = `${server}\n${token ?? ''}`;
    if (session !== this.#session) {
      this.#session = session;
      this.#desk.connect(server, token);
    }
  }

  #offerDetail(card: CallCard): OfferDetail {
    const url = crmUrl(this.crmUrl, {
      ani: card.number,
      dnis: card.dnis,
      callId: card.callId,
      contactId: card.contact?.id ?? null,
      queue: card.queueName ?? '',
    });
    return { ...card, crmUrl: url };
  }

  #emitState(desk: DeskState): void {
    this.#emit('callwright:state', { status: desk.status, since: desk.since, callId: desk.callId });
  }

  #emit(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  #header() {
    const desk = this.#desk;
    const agent = desk.me?.agent;
    const who = agent ? `${agent.name ?? ''} · ${agent.extension ?? ''}` : 'callwright';
    return html`<header>
      <span class="who">${who}</span>
      ${
        desk.signedIn && desk.ownSession
          ? html`<button @click=${() => desk.signOut()}>Sign out</button>`
          : nothing
      }
    </header>`;
  }

  #callTitle(status: DeskState['status'], card: CallCard): string {
    if (status === 'ON_CALL') return card.direction === 'outbound' ? 'Outbound call' : 'On call';
    return card.direction === 'outbound' ? 'Outbound call' : 'Incoming call';
  }

  #body() {
    const desk = this.#desk;
    if (!desk.signedIn) return loginView(desk.busy, (u, p) => void desk.logIn(u, p));
    const state = desk.desk;
    const onCall = state.status === 'ON_CALL';
    const callProps = {
      desk: state,
      busy: desk.busy,
      directory: desk.directory,
      transfer: desk.transfer,
      conference: desk.conference,
      endConsultation: desk.endConsultation,
      hangup: desk.hangup,
      hold: desk.hold,
      dial: desk.dial,
    };
    return html`${statusView({
      desk: state,
      now: this.#ticker.now,
      busy: desk.busy,
      pauseReasons: listOf(this.pauseReasons).length
        ? listOf(this.pauseReasons)
        : DEFAULT_PAUSE_REASONS,
      act: desk.act,
      pause: desk.pause,
    })}
    ${state.card ? popView(state.card, this.#callTitle(state.status, state.card), this.crmUrl ?? null) : nothing}
    ${onCall ? inCallView(callProps) : nothing}
    ${wrapUpView({
      pending: state.wrapUps,
      dispositions: listOf(this.dispositions).length
        ? listOf(this.dispositions)
        : DEFAULT_DISPOSITIONS,
      busy: desk.busy,
      save: desk.saveWrapUp,
      skip: desk.skipWrapUp,
    })}
    ${state.status !== null && !onCall && state.status !== 'RINGING' ? dialView(callProps) : nothing}
    ${todayView(desk.figures, desk.followUps)}
    ${queuesView(desk.queues, desk.busy, desk.saveQueues)}`;
  }

  protected override render() {
    const desk = this.#desk;
    return html`${this.#header()}
      ${desk.error ? html`<div class="error" role="alert">${desk.error}</div>` : nothing}
      <div class="sr-only" aria-live="assertive">${desk.announcement}</div>
      ${this.#body()}`;
  }
}

if (!customElements.get('callwright-agent'))
  customElements.define('callwright-agent', CallwrightAgent);

declare global {
  interface HTMLElementTagNameMap {
    'callwright-agent': CallwrightAgent;
  }
}
