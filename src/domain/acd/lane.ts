/**
 * A lane: the waiting calls of one priority class in one queue, kept sorted
 * by (waitingSince, id). Arrivals almost always append; a call coming back
 * after a failed offer slots in at its old place by binary search, so the
 * head of a lane is always the longest-waiting call of its class.
 */

/** What a lane sorts on. */
export interface LaneItem {
  readonly id: string;
  readonly waitingSince: number;
}

const before = (a: LaneItem, b: LaneItem): boolean =>
  a.waitingSince < b.waitingSince || (a.waitingSince === b.waitingSince && a.id < b.id);

/** Index of the first item not before `item`. */
function lowerBound(lane: readonly LaneItem[], item: LaneItem): number {
  let lo = 0;
  let hi = lane.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(lane[mid]!, item)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Inserts `item` at its sorted place. */
export function laneInsert<T extends LaneItem>(lane: T[], item: T): void {
  const last = lane[lane.length - 1];
  if (last === undefined || before(last, item)) {
    lane.push(item);
    return;
  }
  lane.splice(lowerBound(lane, item), 0, item);
}

/** Removes the item with `item`'s id and sort key; false when absent. */
export function laneRemove<T extends LaneItem>(lane: T[], item: LaneItem): boolean {
  const at = lowerBound(lane, item);
  if (lane[at]?.id !== item.id) return false;
  lane.splice(at, 1);
  return true;
}

/** 0-based index of `item` in the lane, or -1. */
export function laneIndex(lane: readonly LaneItem[], item: LaneItem): number {
  const at = lowerBound(lane, item);
  return lane[at]?.id === item.id ? at : -1;
}
