/**
 * The deployment check behind `npm run asterisk:check`: reads a set of
 * Asterisk configuration files (our asterisk-conf/ templates plus dialplan/,
 * or a rendered /etc/asterisk) and reports every reference that does not
 * resolve, every application whose module is not loaded, an ARI application
 * name that differs from callwright's, AMI classes that are too few (or too
 * many), and placeholders that are unknown (templates) or left unfilled
 * (rendered files). Pure: the script does the reading and printing.
 */
import { checkDialplan } from './check-dialplan.ts';
import { checkPjsip } from './check-pjsip.ts';
import {
  checkAri,
  checkHttp,
  checkManager,
  checkModules,
  checkMusicOnHold,
  checkRecordFeeds,
} from './check-services.ts';
import { type CheckProblem, error, fileAt, warning } from './check-types.ts';
import type { ConfDocument } from './conf-reader.ts';
import { type ConfFile, ConfSet } from './conf-set.ts';
import { summariseDialplan } from './dialplan-reader.ts';
import { PLACEHOLDERS, placeholdersIn, TRUNK_FILE, TRUNK_VARIANTS } from './render.ts';

export type { CheckProblem } from './check-types.ts';

/** What is checked, and against what. */
export interface AsteriskCheckInput {
  /** Every file, by its name in the configuration directory. */
  readonly files: readonly ConfFile[];
  /**
   * `template`: our asterisk-conf/ and dialplan/ as shipped (placeholders
   * expected, each must be a known one). `rendered`: files ready for
   * /etc/asterisk (no placeholder may be left).
   */
  readonly mode: 'template' | 'rendered';
  /** Names of the files that come from dialplan/ (template mode): each must be reachable from extensions.conf. */
  readonly dialplanFiles?: readonly string[];
  /** callwright's ARI_APP. */
  readonly ariApp: string;
  /** callwright's ARI_USER / AMI_USER, checked in rendered mode. */
  readonly ariUser?: string;
  readonly amiUser?: string;
}

/** The files callwright's Asterisk needs (extensions.conf includes the rest of the dialplan). */
export const REQUIRED_FILES = [
  'extensions.conf',
  'http.conf',
  'ari.conf',
  'manager.conf',
  'pjsip.conf',
  'modules.conf',
  'cdr_manager.conf',
  'cel.conf',
  'musiconhold.conf',
] as const;

function checkPlaceholders(input: AsteriskCheckInput, set: ConfSet, dialplan: Set<string>) {
  const problems: CheckProblem[] = [];
  for (const name of set.names()) {
    if (dialplan.has(name)) continue;
    for (const use of placeholdersIn(set.text(name) ?? '')) {
      const at = { file: name, line: use.line };
      const known = use.name in PLACEHOLDERS;
      // Rendered: only our own names count; stock files (func_odbc.conf...) use ${ARG1} legitimately.
      if (input.mode === 'rendered') {
        if (known) problems.push(error(at, `placeholder \${${use.name}} left unfilled`));
      } else if (!known) {
        problems.push(
          error(
            at,
            `unknown placeholder \${${use.name}}: add it to PLACEHOLDERS (src/deploy/render.ts) or fix the name`,
          ),
        );
      }
    }
  }
  return problems;
}

/** Loads one root file with its includes, collecting read problems. */
function loadAll(set: ConfSet, root: string, problems: CheckProblem[]): ConfDocument[] {
  const { docs, problems: read } = set.load(root);
  problems.push(...read.map((p) => error(p, p.message)));
  return docs;
}

/**
 * pjsip.conf with its includes. The shipped templates carry both trunk
 * variants, which pjsip.conf does not include (the installation copies one
 * to pjsip_trunk.conf): each is checked as if it were that file.
 */
function pjsipProblems(
  input: AsteriskCheckInput,
  set: ConfSet,
  contexts: ReadonlySet<string>,
  problems: CheckProblem[],
): CheckProblem[] {
  const base = loadAll(set, 'pjsip.conf', problems);
  const variants = Object.values(TRUNK_VARIANTS).filter((v) => set.has(v));
  if (input.mode === 'template' && variants.length > 0) {
    return variants.flatMap((v) => checkPjsip([...base, ...loadAll(set, v, problems)], contexts));
  }
  const trunk = set.has(TRUNK_FILE)
    ? []
    : [warning(fileAt(TRUNK_FILE), 'no trunk: copy one of the trunk variants to this name')];
  return [...trunk, ...checkPjsip(base, contexts)];
}

/** One entry per distinct finding (checks that run per trunk variant repeat the shared ones). */
function distinct(problems: readonly CheckProblem[]): CheckProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.severity}|${p.file}|${p.line}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Runs every check; an empty list (or warnings only) means the files are good. */
export function checkAsteriskConfig(input: AsteriskCheckInput): CheckProblem[] {
  const set = new ConfSet(input.files);
  const problems: CheckProblem[] = [];
  const missing = REQUIRED_FILES.filter((f) => !set.has(f));
  problems.push(...missing.map((f) => error(fileAt(f), 'file missing')));
  if (missing.length > 0) return problems;

  const dialplanDocs = loadAll(set, 'extensions.conf', problems);
  const dialplanNames = new Set(dialplanDocs.map((d) => d.file));
  for (const name of input.dialplanFiles ?? []) {
    if (!dialplanNames.has(name)) {
      problems.push(
        error(fileAt(name), 'not #included from extensions.conf: Asterisk would never read it'),
      );
    }
  }
  const dialplan = summariseDialplan(dialplanDocs);
  const doc = (name: string) => loadAll(set, name, problems)[0] as ConfDocument;
  const modules = checkModules(doc('modules.conf'));
  problems.push(
    ...modules.problems,
    ...checkDialplan({ dialplan, loadedModules: modules.loaded, ariApp: input.ariApp }),
    ...pjsipProblems(input, set, new Set(dialplan.contexts.keys()), problems),
    ...checkHttp(doc('http.conf')),
    ...checkAri(doc('ari.conf'), input.mode === 'rendered' ? input.ariUser : undefined),
    ...checkManager(doc('manager.conf'), input.mode === 'rendered' ? input.amiUser : undefined),
    ...checkRecordFeeds(doc('cdr_manager.conf'), doc('cel.conf')),
    ...checkMusicOnHold(doc('musiconhold.conf')),
    ...checkPlaceholders(input, set, dialplanNames),
  );
  return distinct(problems);
}

/** `file:line: error: message`, one per line, errors first. */
export function formatProblems(problems: readonly CheckProblem[]): string {
  const rank = (p: CheckProblem) => (p.severity === 'error' ? 0 : 1);
  return [...problems]
    .sort((a, b) => rank(a) - rank(b) || a.file.localeCompare(b.file) || a.line - b.line)
    .map((p) => `${p.file}${p.line > 0 ? `:${p.line}` : ''}: ${p.severity}: ${p.message}`)
    .join('\n');
}
