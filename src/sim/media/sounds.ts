/**
 * How long each prompt plays. Asterisk plays the file; the simulator only
 * needs its length, so a table of file -> milliseconds (the shape of a
 * `sounds.json`) with a default for anything unknown. The built-in entries
 * are the lengths of Asterisk's core English sounds (hello-world measured in
 * the capture: PlaybackStarted 08:58:33.259 -> PlaybackFinished 34.519).
 */

/** file (without `sound:` and extension) -> length in ms. */
export type SoundTable = Record<string, number>;

/**
 * `digits/0`..`digits/20`, the tens to `digits/90` and `digits/hundred`:
 * what Asterisk's say.c reads numbers with (queue positions and waits).
 */
const DIGITS: SoundTable = Object.fromEntries([
  ...Array.from({ length: 21 }, (_, n) => [`digits/${n}`, n < 10 ? 450 : 650]),
  ...[30, 40, 50, 60, 70, 80, 90].map((n) => [`digits/${n}`, 600]),
  ['digits/hundred', 550],
]);
/** Lengths of commonly used core sounds. */
export const BUILTIN_SOUNDS: SoundTable = {
  'hello-world': 1260,
  beep: 250,
  silence: 1000,
  'silence/1': 1000,
  'silence/2': 2000,
  'silence/5': 5000,
  'tt-monkeys': 3400,
  'tt-weasels': 4400,
  'vm-intro': 5600,
  'vm-goodbye': 1000,
  goodbye: 700,
  'queue-thankyou': 1900,
  'queue-callswaiting': 1300,
  'queue-holdtime': 1700,
  'queue-youarenext': 1000,
  'queue-thereare': 900,
  'queue-minutes': 700,
  'queue-seconds': 700,
  'queue-minute': 600,
  'queue-less-than': 800,
  'queue-reporthold': 1200,
  'queue-periodic-announce': 2600,
  'agent-pass': 1400,
  'pbx-invalid': 2300,
  'please-try-again': 1100,
  'thank-you-for-calling': 1300,
  welcome: 700,
  'custom/welcome': 3000,
  ...DIGITS,
};

/** Resolves media lengths from a table with a default. */
export class Sounds {
  private readonly table: SoundTable;

  /**
   * @param overrides file -> ms entries added to the built-in table
   * @param defaultMs length of files not in the table
   * @param strict when true, files not in the table do not exist (playback fails)
   */
  constructor(
    overrides: SoundTable = {},
    private readonly defaultMs = 2000,
    private readonly strict = false,
  ) {
    this.table = { ...BUILTIN_SOUNDS, ...overrides };
  }

  /** True when the file exists (always, unless the table is strict). */
  has(file: string): boolean {
    return (
      !this.strict || this.table[bareName(file)] !== undefined || this.table[file] !== undefined
    );
  }

  /** Length of a sound file name (`hello-world`, `en/hello-world.wav`). */
  lengthOf(file: string): number {
    return this.table[bareName(file)] ?? this.table[file] ?? this.defaultMs;
  }

  /**
   * Length of an ARI media URI: `sound:`, `digits:`/`number:`/`characters:`
   * (about 600 ms per spoken symbol), `tone:` (one second), `recording:` via
   * the given lookup, anything else the default.
   */
  lengthOfUri(uri: string, recordingMs: (name: string) => number | undefined): number {
    const colon = uri.indexOf(':');
    const scheme = colon < 0 ? 'sound' : uri.slice(0, colon);
    const rest = colon < 0 ? uri : uri.slice(colon + 1);
    switch (scheme) {
      case 'sound':
        return this.lengthOf(rest);
      case 'digits':
      case 'characters':
        return 600 * rest.length;
      case 'number':
        return 600 * Math.max(1, String(rest).replace(/\D/g, '').length);
      case 'tone':
        return 1000;
      case 'recording':
        return recordingMs(rest) ?? this.defaultMs;
      default:
        return this.defaultMs;
    }
  }
}

/** `en/hello-world.wav` -> `hello-world`. */
function bareName(file: string): string {
  return file
    .replace(/^[a-z]{2}(_[A-Z]{2})?\//, '')
    .replace(/\.(wav|gsm|ulaw|alaw|sln\d*|g722)$/, '');
}
