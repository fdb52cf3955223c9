/**
 * Checks of the files that switch Asterisk's interfaces on for callwright:
 * http.conf and ari.conf (ARI), manager.conf (AMI with least privilege),
 * cdr_manager.conf and cel.conf (record events on AMI), musiconhold.conf
 * (the `default` class), and modules.conf (what must load).
 */
import {
  AMI_ACTION_CLASSES,
  AMI_CLASSES,
  AMI_EVENT_CLASSES,
  ESSENTIAL_MODULES,
} from './asterisk-facts.ts';
import { type CheckProblem, error, fileAt, isTrue, warning } from './check-types.ts';
import type { ConfDocument, ConfSection } from './conf-reader.ts';
import { lastValue, valuesOf } from './conf-reader.ts';

const section = (doc: ConfDocument, name: string) => doc.sections.find((s) => s.name === name);

/** `[section] key` must be a "yes" value. */
function mustBeOn(doc: ConfDocument, name: string, key: string): CheckProblem[] {
  const s = section(doc, name);
  if (!s) return [error(fileAt(doc.file), `no [${name}] section`)];
  return isTrue(lastValue(s, key)) ? [] : [error(s, `[${name}] ${key} must be yes`)];
}

/** http.conf: the server is on and bound. */
export function checkHttp(doc: ConfDocument): CheckProblem[] {
  const problems = mustBeOn(doc, 'general', 'enabled');
  const general = section(doc, 'general');
  if (general && !lastValue(general, 'bindaddr')) {
    problems.push(error(general, 'no bindaddr: the HTTP server (and ARI) would not start'));
  }
  return problems;
}

/** ari.conf: on, with a user that may write (and, when given, the expected user). */
export function checkAri(doc: ConfDocument, expectedUser?: string): CheckProblem[] {
  const problems = mustBeOn(doc, 'general', 'enabled');
  const users = doc.sections.filter((s) => lastValue(s, 'type') === 'user');
  if (users.length === 0) problems.push(error(fileAt(doc.file), 'no ARI user (type = user)'));
  for (const u of users) {
    if (isTrue(lastValue(u, 'read_only')))
      problems.push(error(u, `ARI user ${u.name} is read_only: callwright needs write access`));
    if (!lastValue(u, 'password')) problems.push(error(u, `ARI user ${u.name} has no password`));
  }
  if (expectedUser !== undefined && !users.some((u) => u.name === expectedUser)) {
    problems.push(
      error(fileAt(doc.file), `no ARI user named ${expectedUser} (callwright's ARI_USER)`),
    );
  }
  return problems;
}

function classesOf(s: ConfSection, key: string): Set<string> {
  return new Set(
    valuesOf(s, key)
      .flatMap((e) => e.value.split(','))
      .map((c) => c.trim().toLowerCase())
      .filter((c) => c !== ''),
  );
}

function checkManagerUser(user: ConfSection): CheckProblem[] {
  const problems: CheckProblem[] = [];
  const read = classesOf(user, 'read');
  const write = classesOf(user, 'write');
  for (const c of [...read, ...write]) {
    if (!AMI_CLASSES.has(c)) problems.push(error(user, `unknown AMI class ${c}`));
  }
  const has = (set: Set<string>, c: string) => set.has(c) || set.has('all');
  const neededRead = new Set(AMI_EVENT_CLASSES.values());
  for (const c of neededRead) {
    if (!has(read, c))
      problems.push(error(user, `read lacks ${c}: callwright would miss ${eventsOf(c)}`));
  }
  const neededWrite = new Set<string>();
  for (const [action, classes] of AMI_ACTION_CLASSES) {
    if (classes.length === 0) continue;
    if (!classes.some((c) => has(write, c))) {
      problems.push(
        error(user, `write allows none of ${classes.join('/')}: ${action} would be refused`),
      );
    }
    const chosen = classes.find((c) => write.has(c));
    if (chosen) neededWrite.add(chosen);
  }
  if (read.has('all') || write.has('all')) {
    problems.push(warning(user, `${user.name} has class all: more than callwright needs`));
  }
  for (const c of read) {
    if (c !== 'all' && !neededRead.has(c))
      problems.push(warning(user, `read class ${c} is not needed by callwright`));
  }
  for (const c of write) {
    if (c !== 'all' && !neededWrite.has(c))
      problems.push(warning(user, `write class ${c} is not needed by callwright`));
  }
  if (!lastValue(user, 'secret')) problems.push(error(user, `AMI user ${user.name} has no secret`));
  return problems;
}

function eventsOf(c: string): string {
  return [...AMI_EVENT_CLASSES]
    .filter(([, cls]) => cls === c)
    .map(([e]) => e)
    .join(', ');
}

/** manager.conf: on, and every user (or the expected one) has exactly what callwright uses. */
export function checkManager(doc: ConfDocument, expectedUser?: string): CheckProblem[] {
  const problems = mustBeOn(doc, 'general', 'enabled');
  const users = doc.sections.filter((s) => s.name !== 'general' && !s.template);
  if (users.length === 0) problems.push(error(fileAt(doc.file), 'no AMI user'));
  if (expectedUser !== undefined && !users.some((u) => u.name === expectedUser)) {
    problems.push(
      error(fileAt(doc.file), `no AMI user named ${expectedUser} (callwright's AMI_USER)`),
    );
  }
  const checked = expectedUser === undefined ? users : users.filter((u) => u.name === expectedUser);
  for (const u of checked) problems.push(...checkManagerUser(u));
  return problems;
}

/** cdr_manager.conf and cel.conf: both feeds on. */
export function checkRecordFeeds(cdr: ConfDocument, cel: ConfDocument): CheckProblem[] {
  return [
    ...mustBeOn(cdr, 'general', 'enabled'),
    ...mustBeOn(cel, 'general', 'enable'),
    ...mustBeOn(cel, 'manager', 'enabled'),
  ];
}

/** musiconhold.conf: the `default` class callwright's holding bridges play. */
export function checkMusicOnHold(doc: ConfDocument): CheckProblem[] {
  return section(doc, 'default')
    ? []
    : [error(fileAt(doc.file), 'no [default] music-on-hold class')];
}

/**
 * modules.conf: what it requires or loads (returned for the dialplan check),
 * and problems when an essential module is missing or switched off.
 */
export function checkModules(doc: ConfDocument): { loaded: Set<string>; problems: CheckProblem[] } {
  const modules = section(doc, 'modules');
  if (!modules)
    return { loaded: new Set(), problems: [error(fileAt(doc.file), 'no [modules] section')] };
  const loaded = new Set<string>();
  for (const key of ['require', 'preload-require', 'load', 'preload']) {
    for (const e of valuesOf(modules, key)) loaded.add(e.value.trim());
  }
  const problems: CheckProblem[] = [];
  for (const e of valuesOf(modules, 'noload')) {
    if (loaded.has(e.value.trim()))
      problems.push(error(e, `${e.value.trim()} is both loaded and noload`));
  }
  for (const m of ESSENTIAL_MODULES) {
    if (!loaded.has(m)) problems.push(error(modules, `${m} must be required: callwright needs it`));
  }
  return { loaded, problems };
}
