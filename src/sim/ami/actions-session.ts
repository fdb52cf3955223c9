/**
 * Login, Logoff, Ping and Events (manager.c action_login, action_logoff,
 * action_ping, action_events).
 */
import type { ActionEnv, ActionHandler, ActionResult } from './action-types.ts';
import { header } from './codec.ts';
import { amiTimestamp } from './event-fields.ts';
import { fullyBootedEvent, successfulAuthEvent } from './events.ts';
import { EVENT_FLAGS, stringsToMask } from './permissions.ts';
import { ack, actionIdField, error, response, successWith } from './responses.ts';

/** Plain Username/Secret check; user names match case-insensitively (strcasecmp). */
function authenticate({ msg, server }: ActionEnv): string | undefined {
  const username = header(msg, 'Username');
  if (username === '') return undefined;
  const entry = Object.entries(server.users).find(
    ([u]) => u.toLowerCase() === username.toLowerCase(),
  );
  return entry && entry[1] === header(msg, 'Secret') ? username : undefined;
}

const login: ActionHandler = async (env): Promise<ActionResult> => {
  const { msg, session, server } = env;
  if (session.authenticated) {
    session.send(ack(msg, 'Already authenticated'));
    return 'keep';
  }
  const username = authenticate(env);
  if (username === undefined) {
    await new Promise((resolve) => setTimeout(resolve, server.authFailDelayMs));
    session.send(error(msg, 'Authentication failed'));
    server.logger.info({ username: header(msg, 'Username') }, 'AMI login failed');
    return 'close';
  }
  session.authenticated = true;
  session.username = username;
  const mask = stringsToMask(header(msg, 'Events'));
  if (mask >= 0) session.eventMask = mask;
  session.send(ack(msg, 'Authentication accepted'));
  const system = EVENT_FLAGS.system as number;
  if ((session.eventMask & system) !== 0) {
    const uptime = Math.floor((server.now() - server.startedAtMs) / 1000);
    session.send(fullyBootedEvent(uptime, uptime));
  }
  server.broadcast(
    successfulAuthEvent(server.now(), {
      accountId: username,
      sessionId: session.sessionId,
      localAddress: session.localAddress,
      remoteAddress: session.remoteAddress,
      sessionTvMs: server.now(),
    }),
  );
  return 'keep';
};

const logoff: ActionHandler = ({ msg, session }) => {
  session.send(response(msg, 'Goodbye', 'Thanks for all the fish.'));
  return 'close';
};

const ping: ActionHandler = ({ msg, session, server }) => {
  session.send(
    successWith(msg, [
      ['Ping', 'Pong'],
      ['Timestamp', amiTimestamp(server.now())],
    ]),
  );
  return 'keep';
};

const events: ActionHandler = ({ msg, session }) => {
  const mask = stringsToMask(header(msg, 'EventMask'));
  if (mask < 0) {
    session.send(error(msg, 'Invalid event mask'));
    return 'keep';
  }
  session.eventMask = mask;
  session.send([
    ['Response', 'Success'],
    ...actionIdField(msg),
    ['Events', mask > 0 ? 'On' : 'Off'],
  ]);
  return 'keep';
};

/** The actions of this file, by lower-case name. */
export const SESSION_ACTIONS: Record<string, ActionHandler> = { login, logoff, ping, events };
