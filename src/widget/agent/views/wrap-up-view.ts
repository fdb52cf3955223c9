/**
 * Wrap-up (AGT-6): for each call the agent finished, a disposition code
 * (the campaign's codes for a dialer call, the queue's for a queue call
 * that has some, else the page's list; optional when the queue does not
 * require one), notes,
 * and optionally a follow-up call booked through the queue's callbacks.
 * The form stays until saved or skipped, even when the queue's wrap-up
 * time has made the agent available again.
 */
import { html, nothing } from 'lit';
import type { PendingWrapUp } from '../desk-state.ts';

/** What the agent entered. */
export interface WrapUpInput {
  disposition: string;
  notes: string | null;
  followUpAt: Date | null;
}

/** What the wrap-up view needs from the element. */
export interface WrapUpProps {
  pending: PendingWrapUp[];
  dispositions: string[];
  busy: boolean;
  save(wrapUp: PendingWrapUp, input: WrapUpInput): void;
  skip(wrapUp: PendingWrapUp): void;
}

function inputOf(form: HTMLFormElement): WrapUpInput {
  const data = new FormData(form);
  const notes = String(data.get('notes') ?? '').trim();
  const followUp = String(data.get('followUp') ?? '');
  return {
    disposition: String(data.get('disposition') ?? ''),
    notes: notes === '' ? null : notes,
    followUpAt: followUp === '' ? null : new Date(followUp),
  };
}

function form(props: WrapUpProps, w: PendingWrapUp, index: number) {
  const { card } = w;
  const codes = card.dispositions.length > 0 ? card.dispositions : props.dispositions;
  const name = card.contact?.name ?? card.record?.name;
  const number = card.number || 'withheld number';
  const who = name ? `${name} · ${number}` : number;
  const id = (name: string) => `${name}-${index}`;
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    props.save(w, inputOf(event.target as HTMLFormElement));
  };
  const canFollowUp = card.queueId !== null && card.number !== '' && card.direction === 'inbound';
  return html`<form class="wrap-up" data-call-id=${w.callId} aria-labelledby=${id('wrap-title')} @submit=${submit}>
    <h3 id=${id('wrap-title')}>${who}</h3>
    <label for=${id('disposition')}>Disposition</label>
    <select id=${id('disposition')} name="disposition" ?required=${card.dispositionRequired}>
      <option value="">${card.dispositionRequired ? 'Choose…' : 'None'}</option>
      ${codes.map((c) => html`<option value=${c}>${c}</option>`)}
    </select>
    <label for=${id('notes')}>Notes</label>
    <textarea id=${id('notes')} name="notes" maxlength="4000"></textarea>
    ${
      canFollowUp
        ? html`<label for=${id('follow-up')}>Follow-up call (optional)</label>
          <input id=${id('follow-up')} name="followUp" type="datetime-local" />`
        : nothing
    }
    <div class="row" style="margin-top:8px">
      <button type="submit" class="primary" ?disabled=${props.busy}>Save wrap-up</button>
      <button type="button" ?disabled=${props.busy} @click=${() => props.skip(w)}>Skip</button>
    </div>
  </form>`;
}

/** The wrap-up section; nothing when no wrap-up is pending. */
export function wrapUpView(props: WrapUpProps) {
  if (props.pending.length === 0) return nothing;
  return html`<section aria-labelledby="wrap-up-title">
    <h2 id="wrap-up-title">Wrap-up</h2>
    ${props.pending.map((w, i) => form(props, w, i))}
  </section>`;
}
