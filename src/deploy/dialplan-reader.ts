/**
 * The parts of an extensions.conf the deployment check needs: contexts, the
 * application of every priority with its arguments, `include =>` lines and
 * `[globals]`. Built on the generic reader, since extensions.conf is the same
 * `.conf` format (`exten =>`/`same =>` are entries of the context's section).
 */
import type { ConfDocument, ConfLocation } from './conf-reader.ts';

/** One priority's application call. */
export interface DialplanStep extends ConfLocation {
  readonly context: string;
  readonly app: string;
  /** Raw argument text between the parentheses. */
  readonly data: string;
}

/** What the check looks at. */
export interface DialplanSummary {
  /** Context name -> where it is defined (first occurrence). */
  readonly contexts: Map<string, ConfLocation>;
  readonly steps: DialplanStep[];
  readonly includes: Array<ConfLocation & { context: string; target: string }>;
  /** `[globals]` values, unsubstituted. */
  readonly globals: Map<string, string>;
  /** Where each global is set. */
  readonly globalLines: Map<string, ConfLocation>;
  readonly errors: Array<ConfLocation & { message: string }>;
}

/** Sections of extensions.conf that are settings, not contexts. */
const NOT_CONTEXTS = new Set(['general', 'globals']);

/**
 * Splits `pattern,priority,App(args)` (exten) or `priority,App(args)` (same)
 * into the application and its data. Priorities `hint` carry no application.
 */
function applicationOf(value: string, isSame: boolean): { app: string; data: string } | 'hint' {
  const fields = value.split(',');
  const skip = isSame ? 1 : 2;
  const priority = (fields[skip - 1] ?? '').trim();
  if (priority === 'hint') return 'hint';
  const rest = fields.slice(skip).join(',').trim();
  const open = rest.indexOf('(');
  if (open < 0) return { app: rest, data: '' };
  const close = rest.lastIndexOf(')');
  return {
    app: rest.slice(0, open).trim(),
    data: close > open ? rest.slice(open + 1, close) : rest.slice(open + 1),
  };
}

/** Summarises the dialplan documents (extensions.conf and what it includes). */
export function summariseDialplan(docs: readonly ConfDocument[]): DialplanSummary {
  const summary: DialplanSummary = {
    contexts: new Map(),
    steps: [],
    includes: [],
    globals: new Map(),
    globalLines: new Map(),
    errors: [],
  };
  for (const doc of docs) {
    for (const section of doc.sections) {
      if (section.name === 'globals') {
        for (const e of section.entries) {
          summary.globals.set(e.key, e.value.trim());
          summary.globalLines.set(e.key, { file: e.file, line: e.line });
        }
        continue;
      }
      if (NOT_CONTEXTS.has(section.name)) continue;
      if (!summary.contexts.has(section.name)) {
        summary.contexts.set(section.name, { file: section.file, line: section.line });
      }
      for (const e of section.entries) {
        const key = e.key.toLowerCase();
        if (key === 'include') {
          summary.includes.push({
            file: e.file,
            line: e.line,
            context: section.name,
            target: e.value.trim(),
          });
        } else if (key === 'exten' || key === 'same') {
          const step = applicationOf(e.value, key === 'same');
          if (step === 'hint') continue;
          if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(step.app)) {
            summary.errors.push({
              file: e.file,
              line: e.line,
              message: `bad application in: ${e.value.trim()}`,
            });
            continue;
          }
          summary.steps.push({ file: e.file, line: e.line, context: section.name, ...step });
        } else if (key !== 'ignorepat' && key !== 'switch') {
          summary.errors.push({
            file: e.file,
            line: e.line,
            message: `unknown line '${e.key}' in [${section.name}]`,
          });
        }
      }
    }
  }
  return summary;
}
