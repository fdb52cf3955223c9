/**
 * A call the ACD records is indexed end to end: the PBX simulator writes
 * the bridge recording and reports RecordingFinished over ARI, the adapter
 * turns it into a finished recording, and the index links it to the call
 * (by the ACD's `call-<linkedid>` name), which then lists it. Waits are on
 * runtime events and ARI events.
 */
import test from 'ava';
import type { FinishedRecording } from '../../src/app/records/recordings-service.ts';
import { finishedRecordingOf } from '../../src/asterisk/records/ari-recording-events.ts';
import { type AcdUnderTest, DID, startAcd } from './acd-harness.ts';

let acd: AcdUnderTest | undefined;
test.after.always(async () => {
  await acd?.close();
});

test('the recording of an ACD call is indexed from RecordingFinished and listed with its call', async (t) => {
  const a = await startAcd({ phone: { answerAfterS: 0.1 } });
  acd = a;
  const indexed: Promise<FinishedRecording> = new Promise((resolve) => {
    a.ari.onEvent((event) => {
      const finished = finishedRecordingOf(event, Date.now());
      if (finished)
        void a.services.recordings.indexFinished(finished).then(() => resolve(finished));
    });
  });
  const [agent] = a.agents;
  await a.runtime.agentAction(agent, { type: 'login' });
  await a.runtime.agentAction(agent, { type: 'ready' });
  const mark = a.events.length;
  const { channelId } = a.sim.control.placeCall({ from: '+33612345678', to: DID, talkS: 1 });
  await a.waitFor('call closed', (e) => e.type === 'call-closed', mark);
  const finished = await indexed;
  t.is(finished.name, `call-${channelId}`);
  t.is(finished.format, 'wav');
  t.is(finished.targetUri, `bridge:cw-call-${channelId}`);

  const result = await a.gql(
    'query($f: CallFilter) { calls(filter: $f) { edges { node { linkedId recordings { name durationMs call { linkedId } } } } } }',
    { f: { number: '+33612345678' } },
  );
  t.falsy(result.errors);
  const [edge] = (result.data?.calls as { edges: Array<{ node: Record<string, unknown> }> }).edges;
  t.like(edge?.node, {
    linkedId: channelId,
    recordings: [{ name: `call-${channelId}`, call: { linkedId: channelId } }],
  });
  const [recording] = (edge?.node.recordings ?? []) as Array<{ durationMs: number }>;
  t.true(recording!.durationMs >= 0);
});
