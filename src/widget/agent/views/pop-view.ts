/**
 * The screen pop (AGT-1, DIAL-5): who calls (number as the server shows
 * it: masked when the campaign masks), the contact and company, new or
 * returning caller, the queue and the wait, the IVR path, the last calls
 * with their dispositions and notes, the CRM link, and for dialer calls
 * the campaign and its script.
 */
import { html, nothing } from 'lit';
import { crmUrl, dayTime, seconds } from '../../lib/format.ts';
import type { CallCard, PastCall } from '../desk-types.ts';

function history(calls: readonly PastCall[]) {
  if (calls.length === 0) return nothing;
  return html`<h3>Last calls</h3>
    <ol class="history" aria-label="last calls">
      ${calls.map(
        (c) => html`<li>
          <div>
            <span class="disposition">${c.disposition ?? 'no disposition'}</span>
            <span class="muted">· ${dayTime(c.startedAt)} · ${c.agentName ?? '–'} · ${c.queueName ?? '–'}</span>
          </div>
          ${c.notes ? html`<div class="muted">${c.notes}</div>` : nothing}
        </li>`,
      )}
    </ol>`;
}

function caller(card: CallCard) {
  if (card.direction === 'outbound') {
    const name = card.record?.name;
    return html`${name ? html`<div class="contact">${name}</div>` : nothing}
      ${card.campaign ? html`<div class="muted">Campaign ${card.campaign}</div>` : nothing}`;
  }
  const badge =
    card.returning === null
      ? nothing
      : card.returning
        ? html`<span class="badge returning">Returning caller</span>`
        : html`<span class="badge new">New caller</span>`;
  const contact = card.contact;
  return html`${badge}
    ${contact?.name ? html`<div class="contact">${contact.name}</div>` : nothing}
    ${contact?.company ? html`<div class="company">${contact.company}</div>` : nothing}
    ${contact?.notes ? html`<div class="notes" aria-label="contact notes">${contact.notes}</div>` : nothing}`;
}

function route(card: CallCard) {
  if (card.direction === 'outbound') return nothing;
  return html`<div class="muted">
      Queue <strong class="queue">${card.queueName ?? '–'}</strong> · waited
      <span class="wait">${seconds(card.waitS)}</span> · dialled ${card.dnis}
    </div>
    ${
      card.ivrPath.length > 0
        ? html`<div class="ivr muted" aria-label="IVR path">IVR: ${card.ivrPath.join(' › ')}</div>`
        : nothing
    }`;
}

/** The pop section of the call in hand; `title` says where the call stands. */
export function popView(card: CallCard, title: string, crmTemplate: string | null) {
  const link = crmUrl(crmTemplate, {
    ani: card.number,
    dnis: card.dnis,
    callId: card.callId,
    contactId: card.contact?.id ?? null,
    queue: card.queueName ?? '',
  });
  return html`<section class="pop" aria-labelledby="pop-title" data-call-id=${card.callId}>
    <h2 id="pop-title">${title}</h2>
    <div class="number" aria-label="caller number">${card.number || 'Number withheld'}</div>
    ${caller(card)} ${route(card)}
    ${
      link
        ? html`<p><a href=${link} target="_blank" rel="noopener noreferrer">Open in CRM</a></p>`
        : nothing
    }
    ${card.script ? html`<h3>Script</h3><div class="script">${card.script}</div>` : nothing}
    ${history(card.history)}
  </section>`;
}
