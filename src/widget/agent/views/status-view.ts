/**
 * The agent's own state: status, time in it, pause reason, and the
 * buttons that change it (log in, ready, pause with a reason, log out).
 */
import { html, nothing } from 'lit';
import { duration } from '../../lib/format.ts';
import type { AgentVerb } from '../desk-api.ts';
import type { DeskState } from '../desk-state.ts';
import { STATUS_LABEL } from './labels.ts';

/** What the status view needs from the element. */
export interface StatusProps {
  desk: DeskState;
  now: number;
  busy: boolean;
  pauseReasons: string[];
  act(verb: AgentVerb): void;
  pause(reason: string): void;
}

function onPause(props: StatusProps, event: SubmitEvent): void {
  event.preventDefault();
  const reason = new FormData(event.target as HTMLFormElement).get('reason');
  if (typeof reason === 'string' && reason !== '') props.pause(reason);
}

function controls(props: StatusProps) {
  const { status } = props.desk;
  if (status === null) return nothing;
  if (status === 'LOGGED_OUT') {
    return html`<button class="primary" ?disabled=${props.busy} @click=${() => props.act('agentLogin')}>
      Log in to queues
    </button>`;
  }
  const ready =
    status === 'PAUSED' || status === 'WRAP_UP'
      ? html`<button class="primary" ?disabled=${props.busy} @click=${() => props.act('agentReady')}>
          Ready
        </button>`
      : nothing;
  return html`${ready}
    <form class="row" @submit=${(e: SubmitEvent) => onPause(props, e)}>
      <label class="sr-only" for="pause-reason">Pause reason</label>
      <select id="pause-reason" name="reason">
        ${props.pauseReasons.map((r) => html`<option value=${r}>${r}</option>`)}
      </select>
      <button type="submit" ?disabled=${props.busy}>Pause</button>
    </form>
    <button ?disabled=${props.busy} @click=${() => props.act('agentLogout')}>Log out</button>`;
}

/** The status section. */
export function statusView(props: StatusProps) {
  const { status, since, reason } = props.desk;
  const label = status === null ? 'Connecting…' : STATUS_LABEL[status];
  const timer = since === null || status === null ? '' : duration(props.now - since);
  return html`<section aria-labelledby="status-title">
    <h2 id="status-title">My status</h2>
    <div class="status">
      <span class="pill" data-status=${status ?? ''} role="status">${label}</span>
      <span class="timer" aria-label="time in status">${timer}</span>
      ${status === 'PAUSED' && reason ? html`<span class="muted">(${reason})</span>` : nothing}
    </div>
    <div class="row">${controls(props)}</div>
  </section>`;
}
