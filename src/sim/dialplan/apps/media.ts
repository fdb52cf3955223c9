/**
 * Media applications: Playback (app_playback.c), MixMonitor
 * (app_mixmonitor.c), AMD (app_amd.c), with the variables each one sets,
 * and the text-to-speech applications Flite and Espeak.
 */
import { ChannelHungUp } from '../app-host.ts';
import { splitAppArgs } from '../args.ts';
import { setChannelVar } from '../vars.ts';
import { type DialplanApp, NEXT } from './types.ts';

const playback: DialplanApp = async ({ ch, host }, data) => {
  const [fileList = '', options = ''] = splitAppArgs(data);
  if (ch.state !== 'Up') {
    // `skip`: do nothing unless the line is up; otherwise Playback answers first.
    if (options.includes('skip')) {
      setChannelVar(ch, host, 'PLAYBACKSTATUS', 'SUCCESS');
      return NEXT;
    }
    if (!options.includes('noanswer')) await host.answer(ch);
  }
  let failed = false;
  for (const file of fileList.split('&').filter((f) => f !== '')) {
    if (host.soundDurationMs(file) === undefined) {
      // A missing file fails this file only; the next one still plays.
      host.log('warn', `Playback failed on ${ch.name} for ${data}`, { file });
      failed = true;
      continue;
    }
    try {
      await host.play(ch, file);
    } catch (e) {
      if (!(e instanceof ChannelHungUp)) throw e;
      failed = true;
      break;
    }
  }
  setChannelVar(ch, host, 'PLAYBACKSTATUS', failed ? 'FAILED' : 'SUCCESS');
  return NEXT;
};

const mixMonitor: DialplanApp = async ({ ch, host }, data) => {
  const [file = '', options = ''] = splitAppArgs(data);
  if (file === '') {
    host.log(
      'warn',
      'MixMonitor requires an argument (filename or ,t(filename) and/or r(filename)',
    );
    return NEXT;
  }
  await host.mixMonitor(ch, file, options);
  setChannelVar(ch, host, 'MIXMONITOR_FILENAME', file);
  return NEXT;
};

const amd: DialplanApp = async ({ ch, host }) => {
  const result = await host.amd(ch);
  setChannelVar(ch, host, 'AMDSTATUS', result.status);
  setChannelVar(ch, host, 'AMDCAUSE', result.cause);
  return NEXT;
};

/** Speech rate of simulated text-to-speech: about 14 characters a second. */
const TTS_MS_PER_CHAR = 70;

/**
 * Text-to-speech applications (app_flite `Flite(text)`, app_espeak
 * `Espeak(text,intkeys,language)`): the simulator only takes the time
 * speaking would take.
 */
const tts: DialplanApp = async ({ ch, host }, data) => {
  const [text = ''] = splitAppArgs(data);
  if (ch.state !== 'Up') await host.answer(ch);
  await host.wait(ch, (Math.max(1, text.length) * TTS_MS_PER_CHAR) / 1000);
  return NEXT;
};

/** The applications of this file, by name. */
export const MEDIA_APPS: Record<string, DialplanApp> = {
  Playback: playback,
  MixMonitor: mixMonitor,
  AMD: amd,
  Flite: tts,
  Espeak: tts,
};
