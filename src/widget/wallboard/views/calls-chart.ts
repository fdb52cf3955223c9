/** Calls per quarter hour since midnight, as an SVG bar chart with an hour axis. */
import { html, svg } from 'lit';

const WIDTH = 960;
const HEIGHT = 180;
const AXIS = 18;

/** The chart section; `counts[i]` is the quarter hour starting i × 15 minutes after midnight. */
export function callsChart(counts: number[]) {
  const slots = 96;
  const max = Math.max(1, ...counts);
  const barWidth = WIDTH / slots;
  const total = counts.reduce((a, b) => a + b, 0);
  const bars = counts.map((count, i) => {
    const h = ((HEIGHT - AXIS - 6) * count) / max;
    return svg`<rect x=${i * barWidth + 1} y=${HEIGHT - AXIS - h} width=${barWidth - 2} height=${h}>
      <title>${String(Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')} – ${count} calls</title>
    </rect>`;
  });
  const hours = Array.from({ length: 12 }, (_, k) => k * 2).map(
    (hour) =>
      svg`<text x=${hour * 4 * barWidth + 2} y=${HEIGHT - 4}>${String(hour).padStart(2, '0')}h</text>`,
  );
  return html`<h2 id="chart-title">Calls per 15 minutes today <span data-figure="calls-today">${total}</span></h2>
    <svg viewBox="0 0 ${WIDTH} ${HEIGHT}" preserveAspectRatio="none" role="img" aria-labelledby="chart-title">
      ${bars} ${hours}
    </svg>`;
}
