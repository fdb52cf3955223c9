/**
 * During the call (AGT-2, AGT-3): transfer to an agent, a queue or a number,
 * blind or attended (then complete or cancel), add a party to a
 * conference, put the caller on hold and back, hang up. Outside a call:
 * click-to-dial (AGT-5).
 */
import { html, nothing } from 'lit';
import type { DirectoryEntry } from '../desk-api.ts';
import type { DeskState } from '../desk-state.ts';

/** What the call view needs from the element. */
export interface CallProps {
  desk: DeskState;
  busy: boolean;
  directory: DirectoryEntry[] | null;
  transfer(target: string, mode: 'BLIND' | 'ATTENDED'): void;
  conference(target: string): void;
  endConsultation(how: 'completeTransfer' | 'cancelTransfer'): void;
  hangup(): void;
  /** Puts the caller on hold (true) or brings it back (false). */
  hold(on: boolean): void;
  dial(number: string): void;
}

function field(form: HTMLFormElement, name: string): string {
  const value = new FormData(form).get(name);
  return typeof value === 'string' ? value : '';
}

/** The target: the directory's choice, or what was typed when "other" (or no directory). */
function targetIn(form: HTMLFormElement): string {
  const picked = field(form, 'pick');
  return picked !== '' && picked !== 'other' ? picked : field(form, 'target');
}

function targetFields(directory: DirectoryEntry[] | null) {
  const typed = html`<label for="target">${directory ? 'Or a number' : 'Number, or agent / queue ID'}</label>
    <input id="target" name="target" autocomplete="off" />`;
  if (directory === null || directory.length === 0) return typed;
  return html`<label for="pick">Transfer or add</label>
    <select id="pick" name="pick">
      <option value="other">Number below…</option>
      ${directory.map((d) => html`<option value=${`${d.kind}:${d.id}`}>${d.kind === 'queue' ? 'Queue' : 'Agent'}: ${d.label}</option>`)}
    </select>
    ${typed}`;
}

function onSubmit(props: CallProps, event: SubmitEvent): void {
  event.preventDefault();
  const form = event.target as HTMLFormElement;
  const target = targetIn(form);
  if (target === '') return;
  const action = (event.submitter as HTMLButtonElement | null)?.value;
  if (action === 'conference') props.conference(target);
  else props.transfer(target, field(form, 'mode') === 'ATTENDED' ? 'ATTENDED' : 'BLIND');
}

function consultation(props: CallProps) {
  return html`<p class="muted">Consulting the transfer target; the caller is on hold.</p>
    <div class="row">
      <button class="primary" ?disabled=${props.busy} @click=${() => props.endConsultation('completeTransfer')}>
        Complete transfer
      </button>
      <button ?disabled=${props.busy} @click=${() => props.endConsultation('cancelTransfer')}>
        Back to caller
      </button>
    </div>`;
}

/** Hold or resume: the caller hears music on hold meanwhile. */
function holdButton(props: CallProps) {
  const held = props.desk.held !== null && props.desk.held === props.desk.callId;
  return html`<button type="button" aria-pressed=${held ? 'true' : 'false'} ?disabled=${props.busy}
    @click=${() => props.hold(!held)}>${held ? 'Resume' : 'Hold'}</button>`;
}

/** Call controls while the agent is on a call. */
export function inCallView(props: CallProps) {
  return html`<section aria-labelledby="call-title">
    <h2 id="call-title">Call</h2>
    ${props.desk.consulting ? consultation(props) : nothing}
    ${
      props.desk.held !== null && props.desk.held === props.desk.callId
        ? html`<p class="muted held" role="status">The caller is on hold and hears music.</p>`
        : nothing
    }
    <form @submit=${(e: SubmitEvent) => onSubmit(props, e)}>
      ${targetFields(props.directory)}
      <fieldset class="row" style="margin-top:6px">
        <legend class="sr-only">Transfer mode</legend>
        <label><input type="radio" name="mode" value="BLIND" checked /> Blind</label>
        <label><input type="radio" name="mode" value="ATTENDED" /> Attended</label>
      </fieldset>
      <div class="row" style="margin-top:6px">
        <button type="submit" value="transfer" ?disabled=${props.busy}>Transfer</button>
        <button type="submit" value="conference" ?disabled=${props.busy}>Add to conference</button>
        ${holdButton(props)}
        <button type="button" class="danger" ?disabled=${props.busy} @click=${() => props.hangup()}>
          Hang up
        </button>
      </div>
    </form>
  </section>`;
}

/** Click-to-dial: the agent's phone rings first, then the number. */
export function dialView(props: CallProps) {
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const number = field(event.target as HTMLFormElement, 'number').trim();
    if (number !== '') props.dial(number);
  };
  return html`<section aria-labelledby="dial-title">
    <h2 id="dial-title">Call a number</h2>
    <form class="row" @submit=${submit}>
      <label class="sr-only" for="dial-number">Number to call</label>
      <input id="dial-number" name="number" type="tel" autocomplete="off" placeholder="06 12 34 56 78" />
      <button type="submit" ?disabled=${props.busy}>Call</button>
    </form>
  </section>`;
}
