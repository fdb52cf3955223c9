/**
 * Skill matching for calls and agents (ACD-1 skills-based routing): the
 * requirement of a call is its queue's skills merged with the call's own
 * (a language chosen in the IVR, say), relaxed as the caller keeps waiting.
 */
import type { RelaxationRule, SkillRequirement } from './acd.types.ts';

/** Merges queue and call requirements; a skill in both keeps the higher level. */
export function mergeRequirements(
  queue: readonly SkillRequirement[],
  call: readonly SkillRequirement[],
): readonly SkillRequirement[] {
  if (call.length === 0) return queue;
  const byId = new Map<string, number>();
  for (const r of [...queue, ...call]) {
    byId.set(r.skillId, Math.max(byId.get(r.skillId) ?? 1, r.minLevel));
  }
  return [...byId].map(([skillId, minLevel]) => ({ skillId, minLevel }));
}

/** The relaxation step in force after `waitS` seconds, or null (rules sorted by `afterS`). */
export function relaxationAt(
  rules: readonly RelaxationRule[],
  waitS: number,
): RelaxationRule | null {
  let found: RelaxationRule | null = null;
  for (const rule of rules) {
    if (rule.afterS > waitS) break;
    found = rule;
  }
  return found;
}

/**
 * Requirements after relaxation: each level moves by the step's delta and is
 * capped at its ceiling, but never below 1 (the skill itself stays required).
 */
export function relaxRequirements(
  reqs: readonly SkillRequirement[],
  rules: readonly RelaxationRule[],
  waitS: number,
): readonly SkillRequirement[] {
  const rule = relaxationAt(rules, waitS);
  if (rule === null) return reqs;
  const ceiling = rule.maxRequiredLevel ?? 10;
  return reqs.map((r) => ({
    skillId: r.skillId,
    minLevel: Math.max(1, Math.min(ceiling, r.minLevel + rule.minLevelDelta)),
  }));
}

/** True when an agent's skills meet every requirement. */
export function meetsRequirements(
  skills: ReadonlyMap<string, number>,
  reqs: readonly SkillRequirement[],
): boolean {
  for (const r of reqs) {
    const level = skills.get(r.skillId);
    if (level === undefined || level < r.minLevel) return false;
  }
  return true;
}

/**
 * Skills-based score of an agent for a call: the sum of the agent's levels
 * on the required skills. Higher is better; a queue with no requirements
 * scores everyone 0 and the tie-break (longest idle) decides.
 */
export function skillScore(
  skills: ReadonlyMap<string, number>,
  reqs: readonly SkillRequirement[],
): number {
  let score = 0;
  for (const r of reqs) score += skills.get(r.skillId) ?? 0;
  return score;
}

/** Times (epoch ms) at which relaxation widens the agents a call waiting since `since` can reach. */
export function relaxationTimes(rules: readonly RelaxationRule[], since: number): number[] {
  return rules.filter((r) => r.afterS > 0).map((r) => since + r.afterS * 1000);
}
