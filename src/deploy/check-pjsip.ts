/**
 * pjsip.conf checks (with everything it includes): every template a section
 * inherits from exists, every endpoint's `context` is a dialplan context, and
 * every transport, aor and auth a section names is defined with that type.
 */

import { type CheckProblem, error } from './check-types.ts';
import type { ConfDocument, ConfSection } from './conf-reader.ts';
import { inheritedValue } from './conf-reader.ts';

/** Options naming other sections, by the section type they must have. */
const REFERENCES: ReadonlyArray<{ key: string; type: string; list: boolean }> = [
  { key: 'transport', type: 'transport', list: false },
  { key: 'aors', type: 'aor', list: true },
  { key: 'auth', type: 'auth', list: true },
  { key: 'outbound_auth', type: 'auth', list: true },
  { key: 'endpoint', type: 'endpoint', list: false },
];

/** Which section types may carry which reference (e.g. `endpoint` on identify and registration). */
const APPLIES_TO: Readonly<Record<string, readonly string[]>> = {
  transport: ['endpoint', 'registration'],
  aors: ['endpoint'],
  auth: ['endpoint'],
  outbound_auth: ['endpoint', 'registration', 'aor'],
  endpoint: ['identify', 'registration'],
};

interface Index {
  /** Templates (and plain sections) by name, for inheritance. */
  byName: (name: string) => ConfSection | undefined;
  /** `name|type` of every concrete section. */
  typed: Set<string>;
}

function index(sections: readonly ConfSection[]): Index {
  const templates = new Map<string, ConfSection>();
  const plain = new Map<string, ConfSection>();
  for (const s of sections) {
    if (s.template) templates.set(s.name, s);
    else if (!plain.has(s.name)) plain.set(s.name, s);
  }
  const byName = (name: string) => templates.get(name) ?? plain.get(name);
  const typed = new Set<string>();
  for (const s of sections) {
    if (s.template) continue;
    const type = inheritedValue(s, 'type', byName);
    if (type) typed.add(`${s.name}|${type}`);
  }
  return { byName, typed };
}

function checkSection(s: ConfSection, idx: Index, contexts: ReadonlySet<string>): CheckProblem[] {
  const problems: CheckProblem[] = [];
  for (const parent of s.parents) {
    if (!idx.byName(parent))
      problems.push(error(s, `[${s.name}] inherits from ${parent}: no such section`));
  }
  const type = inheritedValue(s, 'type', idx.byName);
  if (!type) {
    if (!s.template && s.name !== 'global') problems.push(error(s, `[${s.name}] has no type`));
    return problems;
  }
  const context = inheritedValue(s, 'context', idx.byName);
  if (type === 'endpoint' && context !== undefined && !contexts.has(context)) {
    problems.push(error(s, `[${s.name}] context = ${context}: no such dialplan context`));
  }
  if (type === 'endpoint' && context === undefined && !s.template) {
    problems.push(error(s, `[${s.name}] endpoint has no context: its calls would enter [default]`));
  }
  if (s.template) return problems;
  for (const ref of REFERENCES) {
    if (!(APPLIES_TO[ref.key] ?? []).includes(type)) continue;
    const value = inheritedValue(s, ref.key, idx.byName);
    if (value === undefined || value === '') continue;
    const names = ref.list ? value.split(',').map((v) => v.trim()) : [value];
    for (const name of names) {
      if (!idx.typed.has(`${name}|${ref.type}`)) {
        problems.push(error(s, `[${s.name}] ${ref.key} = ${name}: no section of type ${ref.type}`));
      }
    }
  }
  return problems;
}

/** Every pjsip problem; `contexts` are the dialplan's. */
export function checkPjsip(
  docs: readonly ConfDocument[],
  contexts: ReadonlySet<string>,
): CheckProblem[] {
  const sections = docs.flatMap((d) => d.sections);
  const idx = index(sections);
  return sections.flatMap((s) => checkSection(s, idx, contexts));
}
