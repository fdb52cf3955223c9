/** One tile per queue: waiting, longest wait, service level and abandon rate today. */
import { html } from 'lit';
import { percent, seconds } from '../../lib/format.ts';
import type { LiveFigures } from '../board-api.ts';
import type { QueueDay } from '../board-figures.ts';

/** The longest wait now: the figure's, plus the time since it was taken while callers wait. */
function longestWait(f: LiveFigures, now: number): number | null {
  if (f.longestWaitS === null || f.waiting === 0) return null;
  return f.longestWaitS + Math.max(0, Math.floor((now - f.at) / 1000));
}

const countOf = (f: LiveFigures, status: string) =>
  f.agentsByStatus.find((s) => s.status === status)?.count ?? 0;

/** The queues section. */
export function queueTiles(
  queues: LiveFigures[],
  days: ReadonlyMap<string, QueueDay>,
  now: number,
) {
  return html`<h2 id="queues-title">Queues</h2>
    <div class="queues" role="list" aria-labelledby="queues-title">
      ${queues.map((f) => {
        const day = days.get(f.queue.id);
        const target = f.queue.serviceLevelTarget;
        const below = day?.serviceLevel != null && target !== null && day.serviceLevel < target;
        return html`<article class="queue ${below ? 'below' : ''}" role="listitem" data-queue=${f.queue.name}>
          <h3>${f.queue.name}</h3>
          <div class="figures">
            <div class="figure"><strong data-figure="waiting">${f.waiting}</strong><span>waiting</span></div>
            <div class="figure">
              <strong data-figure="longest">${seconds(longestWait(f, now))}</strong><span>longest wait</span>
            </div>
            <div class="figure">
              <strong data-figure="sl">${percent(day?.serviceLevel)}</strong>
              <span>SL today${target !== null ? ` (target ${percent(target)})` : ''}</span>
            </div>
            <div class="figure">
              <strong data-figure="abandon">${percent(day?.abandonRate)}</strong><span>abandoned today</span>
            </div>
          </div>
          <p>${countOf(f, 'AVAILABLE')} available · ${countOf(f, 'ON_CALL')} on call · ${countOf(f, 'PAUSED')} paused</p>
        </article>`;
      })}
    </div>`;
}
