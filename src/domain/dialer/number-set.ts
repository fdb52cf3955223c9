/**
 * A set of phone-number keys (E.164 digits as a number, see `dncKey`) kept
 * in one Float64Array with open addressing. A JavaScript `Set<number>` of
 * numbers above 2^31 stores every key as a boxed double plus a hash entry,
 * about 50 bytes a key; this takes 8 bytes a slot, filled to 70%, so a
 * campaign's two million numbers or a large do-not-call list stay a few
 * tens of megabytes while a million-row import checks them.
 */

/** Slot value that marks an empty slot; no E.164 number has the value 0. */
const EMPTY = 0;
const MIN_CAPACITY = 1024;
/** Most keys per slot before the table grows. */
const LOAD = 0.7;

/** Multiplicative hash of the key's low and high 32 bits, scaled to the table (any size). */
function slotOf(key: number, capacity: number): number {
  const lo = key >>> 0;
  const hi = Math.floor(key / 4294967296) >>> 0;
  const h = Math.imul(lo ^ Math.imul(hi, 0x27d4eb2d), 0x9e3779b1) >>> 0;
  return Math.floor((h / 4294967296) * capacity);
}

const capacityFor = (count: number) => Math.max(MIN_CAPACITY, Math.ceil(count / LOAD) + 1);

/** A growable set of positive integer keys below 2^53. */
export class NumberSet implements Iterable<number> {
  private slots: Float64Array;
  private count = 0;

  constructor(expected = 0) {
    this.slots = new Float64Array(capacityFor(expected));
  }

  /** Keys held. */
  get size(): number {
    return this.count;
  }

  /** Makes room for `count` keys in all, so that reaching them needs no growth (no copy). */
  reserve(count: number): void {
    const capacity = capacityFor(count);
    if (capacity > this.slots.length) this.rehash(capacity);
  }

  /** True when `key` is in the set. */
  has(key: number): boolean {
    // 0 marks an empty slot (and NaN never matches): neither is any number's key.
    if (!(key > 0)) return false;
    const slots = this.slots;
    const capacity = slots.length;
    for (let i = slotOf(key, capacity); ; i = i + 1 === capacity ? 0 : i + 1) {
      const v = slots[i]!;
      if (v === key) return true;
      if (v === EMPTY) return false;
    }
  }

  /** Adds `key` (a positive integer; 0 and non-integers are ignored: no number has them). */
  add(key: number): this {
    if (!(key > 0) || !Number.isInteger(key)) return this;
    if (this.count + 1 > this.slots.length * LOAD) this.rehash(this.slots.length * 2);
    if (this.insert(this.slots, key)) this.count += 1;
    return this;
  }

  *[Symbol.iterator](): Iterator<number> {
    for (const v of this.slots) if (v !== EMPTY) yield v;
  }

  private insert(slots: Float64Array, key: number): boolean {
    const capacity = slots.length;
    for (let i = slotOf(key, capacity); ; i = i + 1 === capacity ? 0 : i + 1) {
      const v = slots[i]!;
      if (v === key) return false;
      if (v === EMPTY) {
        slots[i] = key;
        return true;
      }
    }
  }

  private rehash(capacity: number): void {
    const next = new Float64Array(capacity);
    for (const v of this.slots) if (v !== EMPTY) this.insert(next, v);
    this.slots = next;
  }
}
