/**
 * The FastAGI entry of the IVR: `AGI(agi://<callwright>:4573/ivr/<target>)`
 * connects here. The target is a DID with a route, or a flow key; the
 * `agi_*` environment gives the caller's channel and numbers. The call then
 * runs in the IVR runtime over an {@link AgiIvrChannel}. A path that is not
 * `/ivr/...` is not ours: the session is closed at once and the dialplan's
 * fallback routing takes the call.
 */
import type { CallFacts } from '../../app/ivr/call-context.ts';
import type { IvrRuntime } from '../../app/ivr/ivr-runtime.ts';
import type { Logger } from '../../app/logger.ts';
import type { AgiEnvironment } from '../agi/agi-environment.ts';
import type { AgiSession } from '../agi/agi-server.ts';
import { AgiIvrChannel, type AgiIvrChannelOptions } from './agi-ivr-channel.ts';

/** `/ivr/<target>` -> target; null for any other path. */
export function ivrTarget(path: string): string | null {
  const match = /^\/ivr\/([^/]{1,64})\/?$/.exec(path);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
}

/** Asterisk writes `unknown` for an absent DNID; the extension is then the dialled number. */
function dialedOf(env: AgiEnvironment): string {
  return env.dnid !== '' && env.dnid !== 'unknown' ? env.dnid : env.extension;
}

/** The call facts of a session, or null when its path is not an IVR path. */
export function callFactsOf(env: AgiEnvironment): CallFacts | null {
  const target = ivrTarget(env.path);
  if (target === null) return null;
  return {
    channelId: env.uniqueid,
    channelName: env.channel,
    target,
    callerNumber: env.callerid === 'unknown' ? '' : env.callerid,
    dialedNumber: dialedOf(env),
  };
}

/** The `onSession` handler of the FastAGI server. */
export function ivrSessionHandler(deps: {
  runtime: IvrRuntime;
  channel: AgiIvrChannelOptions;
  logger: Logger;
}): (session: AgiSession) => Promise<void> {
  const log = deps.logger.child({ component: 'ivr-agi' });
  return async (session) => {
    const call = callFactsOf(session.env);
    if (call === null) {
      log.warn(
        { path: session.env.path },
        'agi path is not /ivr/<target>; leaving the call to the dialplan',
      );
      return;
    }
    await deps.runtime.runCall(call, new AgiIvrChannel(session, deps.channel));
  };
}
