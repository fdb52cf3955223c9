/**
 * Inbound calls through FastAGI: the dialplan's AGI() reaches the configured
 * FastAGI target with the caller's environment, the script's commands act
 * on the simulated channel in simulated time, and the scripted caller's
 * digits reach GET DATA.
 */
import type { Server } from 'node:net';
import test from 'ava';
import { type ScriptConn, startScriptServer } from './agi-client-script-server.ts';
import { type SimHarness, startHarness } from './ari-server-harness.ts';

let h: SimHarness;
let server: Server;
const sessions: Array<(conn: ScriptConn) => Promise<void>> = [];

test.before(async () => {
  const s = await startScriptServer(async (conn) => {
    const script = sessions.shift();
    if (script) await script(conn);
    else conn.close();
  });
  server = s.server;
  // FastAGI commands take simulated time while the script waits on the socket: let time run by itself.
  h = await startHarness({ agiTarget: `127.0.0.1:${s.port}` }, true);
});
test.after.always(async () => {
  await h?.close();
  await new Promise((resolve) => server?.close(resolve));
});

test.serial(
  'an IVR DID runs the FastAGI script with the caller environment and digits',
  async (t) => {
    const obs = await h.events('observer', true);
    let env: string[] = [];
    const replies: Array<string | undefined> = [];
    const done = new Promise<void>((resolve) => {
      sessions.push(async (conn) => {
        env = await conn.readEnvironment();
        replies.push(await conn.command('ANSWER'));
        // The caller presses 3 and 1 one second after the answer; GET DATA collects them.
        replies.push(await conn.command('GET DATA hello-world 5000 2'));
        replies.push(await conn.command('SET VARIABLE CW_NEXT done'));
        replies.push(await conn.command('HANGUP'));
        await conn.closed;
        resolve();
      });
    });
    const { channelId, name } = h.sim.control.placeCall({
      from: '5557654',
      to: '8100',
      dtmf: [{ afterMs: 1000, digits: '31' }],
    });
    await done;
    const map = new Map(env.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]));
    t.is(map.get('agi_network_script'), 'ivr');
    t.is(map.get('agi_channel'), name);
    t.is(map.get('agi_uniqueid'), channelId);
    t.is(map.get('agi_callerid'), '5557654');
    t.is(map.get('agi_dnid'), '8100');
    t.is(map.get('agi_extension'), '8100');
    t.is(map.get('agi_context'), 'from-trunk');
    t.deepEqual(replies, ['200 result=0', '200 result=31', '200 result=1', '200 result=1']);
    const destroyed = await obs.next('ChannelDestroyed', channelId);
    t.is((destroyed.channel as { id: string }).id, channelId);
    const set = obs.events.find((e) => e.type === 'ChannelVarset' && e.variable === 'CW_NEXT');
    t.is(set?.value, 'done');
    await obs.close();
  },
);

test.serial(
  'a caller who hangs up during the script: HANGUP notice, AGISTATUS=HANGUP',
  async (t) => {
    const obs = await h.events('observer', true);
    let notice: string | undefined;
    const done = new Promise<void>((resolve) => {
      sessions.push(async (conn) => {
        await conn.readEnvironment();
        await conn.command('ANSWER');
        notice = await conn.readLine();
        conn.close();
        resolve();
      });
    });
    const { channelId } = h.sim.control.placeCall({ from: '5557655', to: '8101' });
    await obs.next('ChannelStateChange', channelId);
    t.is((await h.rest('POST', `/_sim/channels/${channelId}/hangup`)).status, 204);
    await done;
    t.is(notice, 'HANGUP');
    const status = await obs.waitFor(
      (e) => e.type === 'ChannelVarset' && e.variable === 'AGISTATUS',
    );
    t.is(status.value, 'HANGUP');
    await obs.next('ChannelDestroyed', channelId);
    await obs.close();
  },
);
