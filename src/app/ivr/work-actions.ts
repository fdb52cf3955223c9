/**
 * The actions the runtime carries out itself rather than on the channel:
 * a lookup node's HTTP request (timed, for the metrics) and storing a
 * recorded message in its mailbox.
 */
import type { Action, Input } from '../../domain/ivr/flow.step.ts';
import type { CallFacts, LoadedFlow } from './call-context.ts';
import type { IvrRuntimeDeps } from './ivr-runtime-types.ts';
import type { IvrStore } from './store-ports.ts';

/** Performs a lookup node's request. */
export async function lookup(
  deps: Pick<IvrRuntimeDeps, 'clock' | 'http' | 'metrics'>,
  request: Extract<Action, { type: 'lookup' }>['request'],
): Promise<Input> {
  const started = deps.clock.now();
  const input = await deps.http.request(request);
  const ok = input.type === 'lookup-result' && input.status >= 200 && input.status < 300;
  deps.metrics.lookup(ok ? 'ok' : 'error', (deps.clock.now() - started) / 1000);
  return input;
}

/** Stores a message in the mailbox the node names, in the flow's business line. */
export async function saveVoicemail(
  ivr: IvrStore,
  call: CallFacts,
  flow: LoadedFlow,
  message: Extract<Action, { type: 'save-voicemail' }>['message'],
): Promise<Input> {
  const line = flow.record.businessLineId;
  const box = await ivr.mailboxes.getByKey(line, message.mailboxId);
  if (box === undefined) {
    return { type: 'failed', reason: `MAILBOX_NOT_FOUND ${message.mailboxId}` };
  }
  await ivr.voicemails.create({
    mailboxId: box.id,
    businessLineId: line,
    channelId: call.channelId,
    callerNumber: message.callerNumber,
    callbackNumber: message.callbackNumber,
    recording: message.file,
    format: 'wav',
    durationS: message.durationS,
    flowKey: message.flowId,
    flowVersion: flow.version,
    nodeId: message.nodeId,
  });
  return { type: 'done' };
}
