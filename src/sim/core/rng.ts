/**
 * Seeded randomness: every random choice in the simulator (answer delays,
 * talk times, arrivals, ids) draws from one of these so a run is reproducible
 * from SIM_SEED.
 */

/** A seeded pseudo-random source. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
}

/** mulberry32: small, fast, good enough for simulation. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return {
    next(): number {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** Derives an independent stream from a seed and a label (e.g. per DID). */
export function deriveRng(seed: number, label: string): Rng {
  let h = (seed >>> 0) ^ 0x9e3779b9;
  for (let i = 0; i < label.length; i++) {
    h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  }
  return mulberry32(h);
}

/** Uniform in [min, max]. */
export function uniform(rng: Rng, min: number, max: number): number {
  return min + (max - min) * rng.next();
}

/** Exponential with the given mean (inter-arrival times of a Poisson process). */
export function exponential(rng: Rng, mean: number): number {
  return -Math.log(1 - rng.next()) * mean;
}

/** Log-normal with the given median and shape (talk times are right-skewed). */
export function logNormal(rng: Rng, median: number, sigma: number): number {
  const u1 = 1 - rng.next();
  const u2 = rng.next();
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return median * Math.exp(sigma * z);
}

/** A distribution as data, so control API callers can describe one in JSON. */
export type Distribution =
  | { kind: 'fixed'; value: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'exponential'; mean: number }
  | { kind: 'lognormal'; median: number; sigma: number };

/** Draws one value (never negative) from a {@link Distribution}. */
export function draw(rng: Rng, d: Distribution): number {
  switch (d.kind) {
    case 'fixed':
      return Math.max(0, d.value);
    case 'uniform':
      return Math.max(0, uniform(rng, d.min, d.max));
    case 'exponential':
      return Math.max(0, exponential(rng, d.mean));
    case 'lognormal':
      return Math.max(0, logNormal(rng, d.median, d.sigma));
  }
}

/** A v4-shaped UUID from the seeded source (bridge ids, protocol ids). */
export function uuidFrom(rng: Rng): string {
  const hex: string[] = [];
  for (let i = 0; i < 16; i++) {
    let b = Math.floor(rng.next() * 256);
    if (i === 6) b = (b & 0x0f) | 0x40;
    if (i === 8) b = (b & 0x3f) | 0x80;
    hex.push(b.toString(16).padStart(2, '0'));
  }
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
