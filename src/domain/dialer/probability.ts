/**
 * The few probability tools pacing needs: the lognormal distribution (talk
 * and ring times are well described by it), and the distribution of a sum
 * of independent Bernoulli trials (Poisson-binomial), kept as an array of
 * probabilities by count.
 */

/** Error function (Abramowitz and Stegun 7.1.26, |error| < 1.5e-7). */
export function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-a * a);
  return sign * y;
}

/** A lognormal distribution by the mean and standard deviation of the log. */
export interface LogNormal {
  readonly mu: number;
  readonly sigma: number;
}

/** The lognormal with this mean and coefficient of variation. */
export function logNormalOf(mean: number, cv: number): LogNormal {
  const sigma2 = Math.log(1 + cv * cv);
  return { mu: Math.log(Math.max(mean, 1e-9)) - sigma2 / 2, sigma: Math.sqrt(sigma2) };
}

/** P(X <= x). */
export function logNormalCdf(d: LogNormal, x: number): number {
  if (x <= 0) return 0;
  if (d.sigma <= 0) return x >= Math.exp(d.mu) ? 1 : 0;
  return 0.5 * (1 + erf((Math.log(x) - d.mu) / (d.sigma * Math.SQRT2)));
}

/** Mean of the distribution. */
export const logNormalMean = (d: LogNormal): number => Math.exp(d.mu + (d.sigma * d.sigma) / 2);

/**
 * P(X <= age + h | X > age): the chance something that has lasted `age`
 * ends within `h` more.
 */
export function endsWithin(d: LogNormal, age: number, h: number): number {
  if (h <= 0) return 0;
  const before = logNormalCdf(d, age);
  const survived = 1 - before;
  if (survived <= 1e-12) return 1;
  return Math.min(1, Math.max(0, (logNormalCdf(d, age + h) - before) / survived));
}

/** Probabilities by count (index) of a sum of Bernoulli trials. */
export type CountDistribution = number[];

/** The distribution of 0 trials: surely 0. */
export const certainZero = (): CountDistribution => [1];

/** Adds one Bernoulli(p) trial to a count distribution. */
export function addTrial(dist: CountDistribution, p: number): CountDistribution {
  const out = new Array<number>(dist.length + 1).fill(0);
  for (const [k, q] of dist.entries()) {
    out[k] = (out[k] ?? 0) + q * (1 - p);
    out[k + 1] = (out[k + 1] ?? 0) + q * p;
  }
  // Drop a negligible tail so long sums stay short.
  while (out.length > 1 && (out[out.length - 1] ?? 0) < 1e-9) out.pop();
  return out;
}

/**
 * The distribution of a sum of independent Bernoulli trials. Certain
 * trials (p of 0 or 1) only shift it; the rest run through one in-place
 * dynamic programme, so a hundred agents cost a few thousand steps.
 */
export function sumOfTrials(ps: Iterable<number>): CountDistribution {
  let sure = 0;
  const open: number[] = [];
  for (const p of ps) {
    if (p >= 1 - 1e-12) sure += 1;
    else if (p > 1e-12) open.push(p);
  }
  const dist = new Float64Array(open.length + 1);
  dist[0] = 1;
  // Only the band within ~12 standard deviations of the mean carries mass worth keeping.
  let lo = 0;
  let hi = 0;
  let mean = 0;
  let variance = 0;
  for (const p of open) {
    mean += p;
    variance += p * (1 - p);
    const band = 12 * Math.sqrt(variance) + 4;
    const newHi = Math.min(hi + 1, Math.ceil(mean + band));
    for (let k = newHi; k > lo; k -= 1) dist[k] = (dist[k] ?? 0) * (1 - p) + (dist[k - 1] ?? 0) * p;
    dist[lo] = (dist[lo] ?? 0) * (1 - p);
    hi = newHi;
    const newLo = Math.max(lo, Math.floor(mean - band));
    for (let k = lo; k < newLo; k += 1) dist[k] = 0;
    lo = newLo;
  }
  let length = dist.length;
  while (length > 1 && (dist[length - 1] ?? 0) < 1e-12) length -= 1;
  const out = new Array<number>(sure + length).fill(0);
  for (let k = 0; k < length; k += 1) out[sure + k] = dist[k] ?? 0;
  return out;
}

/** E[(D - S)^+] for independent counts D and S. */
export function expectedExcess(demand: CountDistribution, supply: CountDistribution): number {
  let total = 0;
  for (const [d, pd] of demand.entries()) {
    if (pd === 0 || d === 0) continue;
    for (const [s, ps] of supply.entries()) {
      if (s >= d) break;
      total += pd * ps * (d - s);
    }
  }
  return total;
}

/** E[D]. */
export const meanOf = (dist: CountDistribution): number =>
  dist.reduce((sum, p, k) => sum + p * k, 0);
