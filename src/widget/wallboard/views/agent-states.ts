/** Agents grouped by state, each with the time it has been in it. */
import { html } from 'lit';
import { duration } from '../../lib/format.ts';
import type { BoardAgent } from '../board-api.ts';

/** Columns shown, in order, with the statuses each holds (logged-out agents are left off the wall). */
const SHOWN: Array<[string, string, string[]]> = [
  ['AVAILABLE', 'Available', ['AVAILABLE']],
  ['RINGING', 'Ringing', ['RESERVED', 'RINGING']],
  ['ON_CALL', 'On call', ['ON_CALL']],
  ['WRAP_UP', 'Wrap-up', ['WRAP_UP']],
  ['PAUSED', 'Paused', ['PAUSED']],
];

/** The agents section; `readAt` stands in for the start of a state unchanged since start-up. */
export function agentStates(agents: BoardAgent[], now: number, readAt: number) {
  return html`<h2>Agents</h2>
    <div class="states">
      ${SHOWN.map(([status, label, statuses]) => {
        const inState = agents.filter((a) => statuses.includes(a.status));
        return html`<section class="state" data-status=${status} aria-label=${label}>
          <h3>${label} <span>${inState.length}</span></h3>
          <ul>
            ${inState.map(
              (a) => html`<li data-agent=${a.name}>
                <span>${a.name}${a.reason && status === 'PAUSED' ? ` (${a.reason})` : ''}</span>
                <time>${duration(now - (a.since ?? readAt))}</time>
              </li>`,
            )}
          </ul>
        </section>`;
      })}
    </div>`;
}
