/**
 * STREAM FILE, GET DATA, WAIT FOR DIGIT, SAY DIGITS, SAY NUMBER, SAY DATE
 * and RECORD FILE (res_agi.c, main/app.c ast_app_getdata_full,
 * main/say.c). A pressed digit is reported as its character code
 * (`1` -> 49); `endpos` counts 8 kHz samples.
 */
import { ChannelHungUp } from '../dialplan/app-host.ts';
import {
  type AgiCommand,
  type AgiCommandContext,
  type AgiOutcome,
  USAGE,
} from './command-types.ts';
import { ok } from './responses.ts';
import { digitSounds, numberSounds } from './say.ts';

/** AST_DIGIT_ANY. */
const ANY_DIGIT = '0123456789*#';
/** pbx default response (first digit) and digit timeouts, used when GET DATA gives none. */
const DEFAULT_FIRST_DIGIT_MS = 10_000;
const DEFAULT_NEXT_DIGIT_MS = 5_000;

const samples = (ms: number): number => Math.floor(ms * 8);
const code = (digit: string | undefined): number => (digit === undefined ? 0 : digit.charCodeAt(0));

/** Strict integer parse (sscanf %d would stop at junk; junk here means bad usage). */
function int(text: string | undefined): number | undefined {
  return text !== undefined && /^-?\d+$/.test(text.trim()) ? Number(text) : undefined;
}

/** Plays each existing sound; a digit from `escapeDigits` stops and is returned. */
async function playAll(
  ctx: AgiCommandContext,
  sounds: string[],
  escapeDigits: string,
): Promise<string | undefined> {
  for (const sound of sounds) {
    if (ctx.host.soundDurationMs(sound) === undefined) continue;
    const digit = await ctx.host.play(
      ctx.ch,
      sound,
      escapeDigits === '' ? undefined : escapeDigits,
    );
    if (digit !== undefined) return digit;
  }
  return undefined;
}

const streamFile: AgiCommand = {
  words: ['STREAM', 'FILE'],
  deadOk: false,
  usage: 'Usage: STREAM FILE <filename> <escape_digits> [<sample offset>]',
  async run({ ch, host }, argv) {
    if (argv.length !== 4 && argv.length !== 5) return USAGE;
    const offset = argv.length === 5 ? int(argv[4]) : 0;
    if (offset === undefined) return USAGE;
    const length = host.soundDurationMs(argv[2] as string);
    if (length === undefined) return { reply: ok(-1, undefined, `endpos=${offset}`) };
    const started = host.now();
    try {
      const escapeDigits = argv[3] as string;
      const digit = await host.play(
        ch,
        argv[2] as string,
        escapeDigits === '' ? undefined : escapeDigits,
      );
      const played = digit === undefined ? length : host.now() - started;
      return {
        reply: ok(
          code(digit),
          undefined,
          `endpos=${Math.min(samples(length), offset + samples(played))}`,
        ),
      };
    } catch (e) {
      if (!(e instanceof ChannelHungUp)) throw e;
      return {
        reply: ok(-1, undefined, `endpos=${offset + samples(host.now() - started)}`),
        failed: true,
      };
    }
  },
};

/** ast_readstring_full(): '#' ends, `max` digits end, a quiet `timeout` ends with (timeout). */
async function collectDigits(
  ctx: AgiCommandContext,
  first: string | undefined,
  max: number,
  timeouts: [number, number],
) {
  let digits = '';
  let d = first ?? (await ctx.host.readDigit(ctx.ch, timeouts[0]));
  for (;;) {
    if (d === undefined) return ok(digits, 'timeout');
    if (d === '#') return ok(digits);
    digits += d;
    if (digits.length >= max) return ok(digits);
    d = await ctx.host.readDigit(ctx.ch, timeouts[1]);
  }
}

const getData: AgiCommand = {
  words: ['GET', 'DATA'],
  deadOk: false,
  usage: 'Usage: GET DATA <file to be streamed> [<timeout>] [<maxdigits>]',
  async run(ctx, argv): Promise<AgiOutcome> {
    if (argv.length < 3 || argv.length > 5) return USAGE;
    const timeout = int(argv[3]) ?? 0;
    const max = int(argv[4]) ?? 1024;
    const timeouts: [number, number] =
      timeout > 0
        ? [timeout, timeout]
        : timeout < 0
          ? [-1, -1]
          : [DEFAULT_FIRST_DIGIT_MS, DEFAULT_NEXT_DIGIT_MS];
    try {
      const first = await playAll(ctx, (argv[2] as string).split('&'), ANY_DIGIT);
      return { reply: await collectDigits(ctx, first, max, timeouts) };
    } catch (e) {
      if (!(e instanceof ChannelHungUp)) throw e;
      return { reply: ok(-1), failed: true };
    }
  },
};

const waitForDigit: AgiCommand = {
  words: ['WAIT', 'FOR', 'DIGIT'],
  deadOk: false,
  usage: 'Usage: WAIT FOR DIGIT <timeout>',
  async run({ ch, host }, argv) {
    const timeout = int(argv[3]);
    if (argv.length !== 4 || timeout === undefined) return USAGE;
    return { reply: ok(code(await host.readDigit(ch, timeout))) };
  },
};

const sayDigits: AgiCommand = {
  words: ['SAY', 'DIGITS'],
  deadOk: false,
  usage: 'Usage: SAY DIGITS <number> <escape_digits>',
  async run(ctx, argv) {
    if (argv.length !== 4) return USAGE;
    return {
      reply: ok(code(await playAll(ctx, digitSounds(argv[2] as string), argv[3] as string))),
    };
  },
};

const sayNumber: AgiCommand = {
  words: ['SAY', 'NUMBER'],
  deadOk: false,
  usage: 'Usage: SAY NUMBER <number> <escape_digits> [<gender>]',
  async run(ctx, argv) {
    const num = int(argv[2]);
    if (argv.length < 4 || argv.length > 5 || num === undefined) return USAGE;
    return { reply: ok(code(await playAll(ctx, numberSounds(num), argv[3] as string))) };
  },
};

/**
 * Waits for an escape digit or the timeout. The simulated audio is silence
 * (a caller "speaks" until a key, the time limit or the hang-up); the
 * host stores the file when it lies in Asterisk's recording directory.
 */
async function record(
  ctx: AgiCommandContext,
  escapeDigits: string,
  timeoutMs: number,
): Promise<{ reply: string; ms: number }> {
  const started = ctx.host.now();
  const elapsed = () => ctx.host.now() - started;
  const done = (reply: string) => ({ reply, ms: elapsed() });
  const endpos = () => `endpos=${samples(elapsed())}`;
  try {
    for (;;) {
      const left = timeoutMs < 0 ? -1 : timeoutMs - elapsed();
      if (timeoutMs >= 0 && left <= 0) return done(ok(0, 'timeout', endpos()));
      const d = await ctx.host.readDigit(ctx.ch, left);
      if (d === undefined) return done(ok(0, 'timeout', endpos()));
      if (escapeDigits.includes(d)) return done(ok(code(d), 'dtmf', endpos()));
    }
  } catch (e) {
    if (!(e instanceof ChannelHungUp)) throw e;
    return done(ok(-1, 'hangup', endpos()));
  }
}

const recordFile: AgiCommand = {
  words: ['RECORD', 'FILE'],
  deadOk: false,
  usage:
    'Usage: RECORD FILE <filename> <format> <escape_digits> <timeout> [<offset samples>] [BEEP] [s=<silence>]',
  async run(ctx, argv) {
    const timeout = int(argv[5]);
    if (argv.length < 6 || timeout === undefined) return USAGE;
    if (argv.slice(6).some((a) => a.toLowerCase() === 'beep')) await playAll(ctx, ['beep'], '');
    const { reply, ms } = await record(ctx, argv[4] as string, timeout);
    // Asterisk keeps what was recorded even when the caller hung up.
    ctx.host.saveRecording?.(ctx.ch, argv[2] as string, argv[3] as string, ms);
    return { reply, failed: reply.startsWith('200 result=-1') };
  },
};

/** main/say.c ast_say_date_en: weekday, month, day of month (the server's zone; UTC here). */
export function dateSounds(epochSeconds: number): string[] {
  const d = new Date(epochSeconds * 1000);
  return [
    `digits/day-${d.getUTCDay()}`,
    `digits/mon-${d.getUTCMonth()}`,
    ...numberSounds(d.getUTCDate()),
  ];
}

const sayDate: AgiCommand = {
  words: ['SAY', 'DATE'],
  deadOk: false,
  usage: 'Usage: SAY DATE <date> <escape_digits>',
  async run(ctx, argv) {
    const when = int(argv[2]);
    if (argv.length !== 4 || when === undefined) return USAGE;
    return { reply: ok(code(await playAll(ctx, dateSounds(when), argv[3] as string))) };
  },
};

/** The commands of this file. */
export const MEDIA_COMMANDS: AgiCommand[] = [
  streamFile,
  getData,
  waitForDigit,
  sayDigits,
  sayNumber,
  sayDate,
  recordFile,
];
