/**
 * The agent's day (AGT-7, DIAL-9): calls in and out, answered, talk time,
 * and the follow-up calls due in its queues.
 */
import { html, nothing } from 'lit';
import { dayTime, seconds } from '../../lib/format.ts';
import type { FollowUp, TodayFigures } from '../desk-types.ts';

/** The today section. */
export function todayView(figures: TodayFigures | null, followUps: FollowUp[] | null) {
  return html`<section aria-labelledby="today-title">
    <h2 id="today-title">Today</h2>
    ${
      figures
        ? html`<div class="figures">
          <div><strong data-figure="in">${figures.callsIn}</strong><span class="muted">in</span></div>
          <div><strong data-figure="out">${figures.callsOut}</strong><span class="muted">out</span></div>
          <div><strong data-figure="answered">${figures.answered}</strong><span class="muted">answered</span></div>
          <div><strong data-figure="talk">${seconds(Math.round(figures.talkS))}</strong><span class="muted">talk</span></div>
        </div>`
        : html`<p class="muted">No figures yet.</p>`
    }
    ${
      followUps && followUps.length > 0
        ? html`<h3 style="margin-top:10px">Follow-ups due</h3>
          <ul class="plain" aria-label="follow-ups due">
            ${followUps.map(
              (f) => html`<li>
                ${dayTime(f.dueAt)} · <strong>${f.contact?.name ?? f.number ?? '–'}</strong>
                <span class="muted">${f.queue?.name ?? ''}</span>
              </li>`,
            )}
          </ul>`
        : nothing
    }
  </section>`;
}
