/**
 * The in-call control part of the ACD's call-control port on ARI: ringing
 * a leg (an agent's phone, or a number through the outbound trunk) into
 * our application, and snoop channels for supervisors. Like offers, legs
 * are added to the shared `offers` set before the originate is sent: their
 * first events can arrive before the REST answer, and an unanswered leg's
 * end is read from its ChannelDestroyed (see acd-events.ts).
 */
import type { LegRequest, LegTarget, SnoopRequest } from '../../app/acd/ports.ts';
import type { AriClient } from '../ari/client.ts';
import { legAppArgs } from './acd-events.ts';

/** The dial string of a leg: the phone's own, or `PJSIP/<number>@<trunk>` for a number. */
export function dialStringOf(target: LegTarget, trunk: string): string {
  return target.kind === 'phone' ? target.endpoint : `PJSIP/${target.number}@${trunk}`;
}

/** `"Sales" <+33170000001>`, or just the number, or undefined when there is nothing to show. */
function callerIdOf(name: string, number: string): string | undefined {
  if (number === '') return undefined;
  return name === '' ? `<${number}>` : `"${name.replaceAll('"', '')}" <${number}>`;
}

/**
 * Originates one leg into `app`. An originator that has just hung up makes
 * Asterisk refuse with 400 "Provided originator channel was not found": the
 * leg then fails like any leg the PBX refuses, and the caller's own hangup
 * ends the call.
 */
export function originateLeg(ari: AriClient, app: string, trunk: string, leg: LegRequest) {
  const callerId = callerIdOf(leg.callerName, leg.callerNumber);
  return ari.channels.originate({
    endpoint: dialStringOf(leg.target, trunk),
    app,
    appArgs: legAppArgs(leg.callId),
    channelId: leg.channelId,
    timeout: leg.timeoutS,
    ...(leg.originatorChannelId === null ? {} : { originator: leg.originatorChannelId }),
    ...(callerId === undefined ? {} : { callerId }),
  });
}

/**
 * Creates a snoop channel on a leg (ARI POST /channels/{id}/snoop). The
 * snoop channel enters `app` on its own thread in Asterisk (res/stasis/
 * snoop.c), so it is only usable once its StasisStart arrives.
 */
export function snoop(ari: AriClient, app: string, request: SnoopRequest) {
  return ari.channels.snoop(request.channelId, {
    app,
    appArgs: legAppArgs(request.callId),
    snoopId: request.snoopId,
    spy: request.spy,
    whisper: request.whisper,
  });
}
