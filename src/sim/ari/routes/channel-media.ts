/**
 * /ari/channels/{id}: play, record, snoop, dtmf, moh, variables. Messages
 * follow res/ari/resource_channels.c; the captured exchanges are in
 * transcripts/ari-rest-round2.jsonl (play -> 201 `queued`, record -> 201
 * `recording`, snoop -> 200 with a `Snoop/<id>-00000000` channel).
 */
import type { Channel } from '../../core/model.ts';
import { splitArgs } from '../../core/originate.ts';
import { type AriDeps, controllable, findControl, isResponse } from '../context.ts';
import { type AriResponse, created, error, noContent, ok } from '../http.ts';
import { channelJson, liveRecordingJson, playbackJson } from '../json.ts';
import type { Params } from '../params.ts';
import type { AriRequest, Router } from '../router.ts';

/** Shared by channel and bridge play. */
export function startPlayback(
  d: AriDeps,
  target: string,
  language: string,
  p: Params,
  id?: string,
): AriResponse {
  const media = p.list('media');
  if (media.length === 0) return error(400, 'media parameter is required');
  if ((p.int('skipms') ?? 0) < 0) return error(400, 'skipms cannot be negative');
  if ((p.int('offsetms') ?? 0) < 0) return error(400, 'offsetms cannot be negative');
  const playbackId = id ?? p.str('playbackId');
  if (playbackId && d.core.playbacks.has(playbackId)) {
    return error(500, 'Failed to queue media for playback');
  }
  const snap = d.core.playbacks.play(
    target,
    media,
    p.str('lang') || language,
    playbackId,
    p.int('skipms') ?? 3000,
  );
  return created(playbackJson(snap), `/playbacks/${snap.id}`);
}

/** Shared by channel and bridge record. */
export function startRecording(d: AriDeps, target: string, p: Params): AriResponse {
  const maxDuration = p.int('maxDurationSeconds') ?? 0;
  if (maxDuration < 0) return error(400, 'max_duration_seconds cannot be negative');
  if ((p.int('maxSilenceSeconds') ?? 0) < 0)
    return error(400, 'max_silence_seconds cannot be negative');
  const terminateOn = p.str('terminateOn') ?? 'none';
  if (!['none', 'any', '*', '#'].includes(terminateOn)) return error(400, 'terminateOn invalid');
  const ifExists = p.str('ifExists') ?? 'fail';
  if (!['fail', 'overwrite', 'append'].includes(ifExists)) return error(400, 'ifExists invalid');
  const name = p.str('name') ?? '';
  const r = d.core.recordings.start(target, {
    name,
    format: p.str('format') ?? '',
    maxDurationSeconds: maxDuration,
    ifExists: ifExists as 'fail' | 'overwrite' | 'append',
    terminateOn: terminateOn as 'none' | 'any' | '*' | '#',
  });
  if ('error' in r) {
    if (r.error === 'unknown-format')
      return error(422, 'specified format is unknown on this system');
    if (r.error === 'invalid-name') return error(400, 'Recording name invalid');
    return error(409, `Recording '${name}' already exists and can not be overwritten`);
  }
  return created(liveRecordingJson(r.rec), `/recordings/live/${encodeURIComponent(name)}`);
}

function play(d: AriDeps, r: AriRequest): AriResponse {
  const ch = controllable(d.core, r.pathParams.channelId ?? '');
  if (isResponse(ch)) return ch;
  return startPlayback(d, `channel:${ch.id}`, ch.language, r.params, r.pathParams.playbackId);
}

function record(d: AriDeps, r: AriRequest): AriResponse {
  const ch = findControl(d.core, r.pathParams.channelId ?? '');
  if (isResponse(ch)) return ch;
  return startRecording(d, `channel:${ch.id}`, r.params);
}

/** DTMF toward the far end: a Local half's peer receives it; a SIP far end is not modelled. */
function dtmf(d: AriDeps, r: AriRequest): AriResponse {
  const ch = controllable(d.core, r.pathParams.channelId ?? '');
  if (isResponse(ch)) return ch;
  const digits = r.params.str('dtmf');
  if (!digits) return error(400, 'DTMF is required');
  const peer = ch.localPeer;
  if (peer && !peer.destroyed) {
    const before = r.params.int('before') ?? 0;
    const between = r.params.int('between') ?? 100;
    d.core.scheduler.after(before, () => void d.core.dtmf.press(peer, digits, between));
  }
  return noContent();
}

function moh(d: AriDeps, r: AriRequest, start: boolean): AriResponse {
  const ch = controllable(d.core, r.pathParams.channelId ?? '');
  if (isResponse(ch)) return ch;
  const bus = d.core.bus;
  if (start)
    bus.emit({
      type: 'MusicOnHoldStart',
      mohClass: r.params.str('mohClass') || 'default',
      channel: ch.snapshot(),
    });
  else bus.emit({ type: 'MusicOnHoldStop', channel: ch.snapshot() });
  return noContent();
}

function snoop(d: AriDeps, r: AriRequest): AriResponse {
  const spy = r.params.str('spy') || 'none';
  const whisper = r.params.str('whisper') || 'none';
  const dirs = ['none', 'both', 'out', 'in'];
  if (!dirs.includes(spy)) return error(400, 'Invalid direction specified for spy');
  if (!dirs.includes(whisper)) return error(400, 'Invalid direction specified for whisper');
  if (spy === 'none' && whisper === 'none') {
    return error(400, 'Direction must be specified for at least spy or whisper');
  }
  const app = r.params.str('app');
  if (!app) return error(400, 'Application name is required');
  const target = d.core.channels.get(r.pathParams.channelId ?? '');
  if (!target || target.id !== r.pathParams.channelId)
    return error(404, 'Provided channel was not found');
  const snoopId = r.pathParams.snoopId ?? r.params.str('snoopId');
  if (snoopId && d.core.channels.has(snoopId))
    return error(500, 'Snoop channel could not be created');
  const c = d.core.channels;
  const ch: Channel = c.create({
    tech: 'Snoop',
    name: `Snoop/${target.id}-${d.core.ids.sequence('Snoop')}`,
    state: 'Up',
    context: 'default',
    exten: 's',
    ...(snoopId ? { id: snoopId } : {}),
  });
  ch.extra.set('spied', target.id);
  // What the snoop hears and where it speaks (res/stasis/snoop.c), shown by GET /_sim/channels.
  ch.extra.set('snoop', { of: target.id, spy, whisper });
  const snapshot = ch.snapshot();
  const args = splitArgs(r.params.str('appArgs'));
  c.step(ch, 'Stasis', [app, ...args].join(','));
  void d.core.originator.runStasis(ch, app, args);
  return ok(channelJson(snapshot));
}

function getVar(d: AriDeps, r: AriRequest): AriResponse {
  const name = r.params.str('variable');
  if (!name) return error(400, 'Variable name is required');
  const ch = d.core.channels.get(r.pathParams.channelId ?? '');
  if (!ch || ch.id !== r.pathParams.channelId) return error(404, 'Provided channel was not found');
  const value = d.core.pbx.getVariable(ch, name);
  if (value === undefined) {
    return name.endsWith(')')
      ? error(500, 'Unable to read provided function')
      : error(404, 'Provided variable was not found');
  }
  return ok({ value });
}

function setVar(d: AriDeps, r: AriRequest): AriResponse {
  const name = r.params.str('variable');
  if (!name) return error(400, 'Variable name is required');
  const ch = findControl(d.core, r.pathParams.channelId ?? '');
  if (isResponse(ch)) return ch;
  if (!d.core.pbx.setVariable(ch, name, r.params.str('value') ?? ''))
    return error(400, 'Failed to execute function');
  return noContent();
}

function getVars(d: AriDeps, r: AriRequest): AriResponse {
  const names = r.params.list('variables');
  if (names.length === 0) return error(400, 'Missing variables parameter.');
  const ch = d.core.channels.get(r.pathParams.channelId ?? '');
  if (!ch || ch.id !== r.pathParams.channelId) return error(404, 'Channel or variable not found');
  const variables: Record<string, string> = {};
  for (const n of names) variables[n] = d.core.pbx.getVariable(ch, n) ?? '';
  return ok({ variables });
}

function setVars(d: AriDeps, r: AriRequest): AriResponse {
  const vars = r.params.variables();
  if (!vars || vars === 'invalid') return error(400, 'Missing variables parameter.');
  const ch = findControl(d.core, r.pathParams.channelId ?? '');
  if (isResponse(ch)) return ch;
  for (const [k, v] of Object.entries(vars)) d.core.pbx.setVariable(ch, k, v);
  return noContent();
}

/** Registers the channel media and variable routes. */
export function channelMediaRoutes(router: Router, d: AriDeps): void {
  router
    .on('POST', '/channels/{channelId}/play', (r) => play(d, r))
    .on('POST', '/channels/{channelId}/play/{playbackId}', (r) => play(d, r))
    .on('POST', '/channels/{channelId}/record', (r) => record(d, r))
    .on('POST', '/channels/{channelId}/dtmf', (r) => dtmf(d, r))
    .on('POST', '/channels/{channelId}/moh', (r) => moh(d, r, true))
    .on('DELETE', '/channels/{channelId}/moh', (r) => moh(d, r, false))
    .on('POST', '/channels/{channelId}/snoop', (r) => snoop(d, r))
    .on('POST', '/channels/{channelId}/snoop/{snoopId}', (r) => snoop(d, r))
    .on('GET', '/channels/{channelId}/variable', (r) => getVar(d, r))
    .on('POST', '/channels/{channelId}/variable', (r) => setVar(d, r))
    .on('GET', '/channels/{channelId}/variables', (r) => getVars(d, r))
    .on('POST', '/channels/{channelId}/variables', (r) => setVars(d, r));
}
