/**
 * Which sound files SAY DIGITS and SAY NUMBER play, in English
 * (main/say.c ast_say_digit_str_full / ast_say_number_full_en).
 */

/** `digits/4`, `digits/2`, `digits/star`... for each character. */
export function digitSounds(text: string): string[] {
  const out: string[] = [];
  for (const c of text) {
    if (c >= '0' && c <= '9') out.push(`digits/${c}`);
    else if (c === '*') out.push('digits/star');
    else if (c === '#') out.push('digits/pound');
    else if (c === '-') out.push('digits/minus');
  }
  return out;
}

/** `digits/1 digits/hundred digits/20 digits/3` for 123. */
export function numberSounds(num: number): string[] {
  if (num === 0) return ['digits/0'];
  const out: string[] = [];
  let n = num;
  if (n < 0) {
    out.push('digits/minus');
    n = -n;
  }
  if (n >= 1_000_000_000) return out; // "too big for me": nothing more is said
  if (n >= 1_000_000) {
    out.push(...numberSounds(Math.floor(n / 1_000_000)), 'digits/million');
    n %= 1_000_000;
  }
  if (n >= 1000) {
    out.push(...numberSounds(Math.floor(n / 1000)), 'digits/thousand');
    n %= 1000;
  }
  if (n >= 100) {
    out.push(`digits/${Math.floor(n / 100)}`, 'digits/hundred');
    n %= 100;
  }
  if (n >= 20) {
    out.push(`digits/${Math.floor(n / 10) * 10}`);
    n %= 10;
  }
  if (n > 0) out.push(`digits/${n}`);
  return out;
}
