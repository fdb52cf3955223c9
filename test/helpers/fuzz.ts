/**
 * Seeded mutations of valid inputs for the fuzz tests: each case is a
 * real payload (a captured frame, a CSV row, a GraphQL operation) with a few
 * random edits (flipped, deleted, repeated or inserted characters, hostile
 * characters, cuts), so the inputs stay close enough to the real thing to
 * reach deep into the parsers. The same seed gives the same cases.
 */

/** mulberry32: a small, fast, seedable generator (uniform in [0, 1)). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE = [
  '\0',
  '\r',
  '\n',
  '\r\n\r\n',
  '"',
  "'",
  '\\',
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  '$',
  '#',
  '%',
  '\u00e9',
  '\ud83d\ude00',
  '\ud800',
  '\ufffd',
  '-1',
  '1e309',
  '9'.repeat(40),
  'null',
  'true',
  '__proto__',
  'constructor',
  ' '.repeat(64),
];

/** One random edit of `input`. */
function mutateOnce(input: string, rnd: () => number): string {
  const at = Math.floor(rnd() * (input.length + 1));
  const len = 1 + Math.floor(rnd() * 8);
  switch (Math.floor(rnd() * 7)) {
    case 0: // flip a character
      return `${input.slice(0, at)}${String.fromCharCode(Math.floor(rnd() * 0x7f))}${input.slice(at + 1)}`;
    case 1: // delete a span
      return input.slice(0, at) + input.slice(at + len);
    case 2: // repeat a span
      return input.slice(0, at + len) + input.slice(at, at + len) + input.slice(at + len);
    case 3: // insert a hostile token
      return input.slice(0, at) + HOSTILE[Math.floor(rnd() * HOSTILE.length)] + input.slice(at);
    case 4: // cut
      return input.slice(0, at);
    case 5: // a long run of one character
      return input.slice(0, at) + 'A'.repeat(Math.floor(rnd() * 5000)) + input.slice(at);
    default: // swap two halves
      return input.slice(at) + input.slice(0, at);
  }
}

/** `count` mutated copies of the seeds, 1 to 4 edits each. */
export function* mutations(seeds: readonly string[], count: number, seed: number) {
  const rnd = seeded(seed);
  for (let i = 0; i < count; i += 1) {
    let s = seeds[Math.floor(rnd() * seeds.length)]!;
    const edits = 1 + Math.floor(rnd() * 4);
    for (let e = 0; e < edits; e += 1) s = mutateOnce(s, rnd);
    yield s;
  }
}
