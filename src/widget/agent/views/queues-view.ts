/**
 * Choosing the queues the agent takes calls from, shown only to tokens
 * that may change memberships (supervisors, admins working as an agent):
 * the agent role reads no queues, so for agents the section stays hidden.
 */
import { html, nothing } from 'lit';

/** The queue choice, for tokens that may change the agent's memberships. */
export function queuesView(
  queues: Array<{ id: string; name: string; member: boolean }> | null,
  busy: boolean,
  save: (queueIds: string[]) => void,
) {
  if (queues === null || queues.length === 0) return nothing;
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    save(new FormData(event.target as HTMLFormElement).getAll('queue').map(String));
  };
  return html`<section aria-labelledby="queues-title">
    <h2 id="queues-title">My queues</h2>
    <form @submit=${submit}>
      <fieldset>
        <legend class="sr-only">Queues to take calls from</legend>
        ${queues.map(
          (q) =>
            html`<label><input type="checkbox" name="queue" value=${q.id} ?checked=${q.member} /> ${q.name}</label>`,
        )}
      </fieldset>
      <button type="submit" ?disabled=${busy} style="margin-top:6px">Save queues</button>
    </form>
  </section>`;
}
