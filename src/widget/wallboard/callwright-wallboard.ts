/**
 * `<callwright-wallboard>`: the supervisors' wall screen (RPT-5), served by
 * callwright at /wallboard: live queues (waiting, longest wait, service
 * level and abandon rate today), agents by state with the time in it, the
 * calls of each quarter hour today, and an alert for every queue whose
 * service level is below its target. Everything updates without a reload.
 *
 * Attributes: `server` (default: where widget.js came from) and `token`
 * (a supervisor's, QA's or admin's API key or session token; the page's
 * `#token=...` fragment also works; without one a sign-in form shows).
 */
import { html, LitElement, nothing } from 'lit';
import { percent } from '../lib/format.ts';
import { OWN_SERVER } from '../lib/own-server.ts';
import { Ticker } from '../lib/ticker.ts';
import { BoardController } from './board-controller.ts';
import { alertsOf, callsPerQuarter, type QueueDay, queueDay } from './board-figures.ts';
import { boardStyles } from './board-styles.ts';
import { agentStates } from './views/agent-states.ts';
import { callsChart } from './views/calls-chart.ts';
import { queueTiles } from './views/queue-tiles.ts';

/** The token in the page's fragment (`#token=...`), which never reaches a server log. */
function tokenInFragment(): string | null {
  return new URLSearchParams(location.hash.slice(1)).get('token');
}

/** The wallboard element. */
export class CallwrightWallboard extends LitElement {
  static override styles = boardStyles;
  static override properties = {
    server: { type: String },
    token: { type: String },
  };

  declare server: string | undefined;
  declare token: string | undefined;

  readonly #ticker = new Ticker(this);
  readonly #board = new BoardController(this);
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

  protected override willUpdate(): void {
    const server = this.server || OWN_SERVER;
    const token = this.token || tokenInFragment();
    const session = `${server}\n${token ?? ''}`;
    if (session !== this.#session) {
      this.#session = session;
      this.#board.connect(server, token);
    }
  }

  #signIn() {
    const submit = (event: SubmitEvent) => {
      event.preventDefault();
      const data = new FormData(event.target as HTMLFormElement);
      void this.#board.logIn(
        String(data.get('username') ?? ''),
        String(data.get('password') ?? ''),
      );
    };
    return html`<form @submit=${submit}>
      <h2>Sign in</h2>
      <label for="username">User name</label><input id="username" name="username" required />
      <label for="password">Password</label>
      <input id="password" name="password" type="password" required />
      <p><button type="submit">Sign in</button></p>
    </form>`;
  }

  protected override render() {
    const board = this.#board;
    const now = this.#ticker.now;
    const clock = new Date(now).toLocaleTimeString(undefined, {
      hour: '2-digit',
      minute: '2-digit',
    });
    const header = html`<header><h1>Wallboard</h1><span class="clock">${clock}</span></header>
      ${board.error ? html`<p class="error" role="alert">${board.error}</p>` : nothing}`;
    if (!board.signedIn) return html`${header}${this.#signIn()}`;
    const queues = [...board.queues.values()].sort((a, b) =>
      a.queue.name.localeCompare(b.queue.name),
    );
    const calls = [...board.calls.values()];
    const days = new Map<string, QueueDay>(
      queues.map((f) => [f.queue.id, queueDay(calls, f.queue)]),
    );
    const alerts = alertsOf(
      queues.map((f) => f.queue),
      days,
    );
    return html`${header}
      ${
        alerts.length > 0
          ? html`<div class="alerts" role="alert">
            ${alerts.map(
              (a) => html`<p data-alert=${a.queueName}>
                ${a.queueName}: service level ${percent(a.serviceLevel)}, below its target of ${percent(a.target)}
              </p>`,
            )}
          </div>`
          : nothing
      }
      ${queueTiles(queues, days, now)} ${agentStates(board.agents, now, board.agentsReadAt)}
      ${callsChart(callsPerQuarter(calls, board.midnight, now))}`;
  }
}

if (!customElements.get('callwright-wallboard')) {
  customElements.define('callwright-wallboard', CallwrightWallboard);
}

declare global {
  interface HTMLElementTagNameMap {
    'callwright-wallboard': CallwrightWallboard;
  }
}
