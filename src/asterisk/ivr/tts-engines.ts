/**
 * Pluggable text-to-speech (IVR-6): a flow names its engine (`ttsEngine`),
 * and each engine is a way to speak text on the Asterisk side, usually a
 * dialplan application run with AGI `EXEC`. Engines are passed to the
 * FastAGI adapter at start-up; an engine the flow names but the install
 * lacks makes the say node take its error branch (the caller hears the
 * rest of the flow, not silence).
 */
import type { AgiCommands } from '../agi/agi-commands.ts';
import type { AgiResponse } from '../agi/agi-response.ts';

/** One way of speaking text on a channel. */
export interface TtsEngine {
  /** Speaks `text` in `language`; resolves with the EXEC reply (`result=-2`: no such application). */
  speak(agi: AgiCommands, text: string, language: string): Promise<AgiResponse>;
}

/** Engines by the name flows use. */
export type TtsEngines = ReadonlyMap<string, TtsEngine>;

/**
 * Dialplan applications split their data on `,` and `|` and read `"`
 * specially; none of them matters to speech, so they become spaces.
 */
export const speakable = (text: string): string => text.replace(/[,|"\\]/g, ' ').trim();

/** An engine that runs dialplan application `app` with the arguments `args` builds. */
export function dialplanTts(
  app: string,
  args: (text: string, language: string) => readonly string[],
): TtsEngine {
  return { speak: (agi, text, language) => agi.exec(app, args(speakable(text), language)) };
}

/**
 * Engines known out of the box: `flite` (app_flite: `Flite(text)`) and
 * `espeak` (app_espeak: `Espeak(text,intkeys,language)`). Both are
 * third-party Asterisk modules that must be loaded on the PBX.
 */
export const BUILTIN_TTS_ENGINES: TtsEngines = new Map<string, TtsEngine>([
  ['flite', dialplanTts('Flite', (text) => [text])],
  ['espeak', dialplanTts('Espeak', (text, language) => [text, '', language])],
]);
