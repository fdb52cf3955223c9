/**
 * A set of `.conf` files as Asterisk sees them in /etc/asterisk: one name
 * space, where `#include name` means the file of that name beside it. Reads
 * a root file and everything it includes, in the order Asterisk would.
 */
import { type ConfDocument, type ConfLocation, readConf } from './conf-reader.ts';

/** One file by name (relative to the configuration directory) and text. */
export interface ConfFile {
  readonly name: string;
  readonly text: string;
}

/** A problem found while reading (syntax, missing include, include loop). */
export interface ReadProblem extends ConfLocation {
  readonly message: string;
}

/** The files of one configuration directory, each read once. */
export class ConfSet {
  private readonly docs = new Map<string, ConfDocument>();
  private readonly texts: ReadonlyMap<string, string>;

  constructor(files: readonly ConfFile[]) {
    this.texts = new Map(files.map((f) => [f.name, f.text]));
  }

  /** True when a file of that name is in the set. */
  has(name: string): boolean {
    return this.texts.has(name);
  }

  /** Every file name in the set. */
  names(): string[] {
    return [...this.texts.keys()];
  }

  /** The text of a file. */
  text(name: string): string | undefined {
    return this.texts.get(name);
  }

  /** The read document of one file (without its includes). */
  doc(name: string): ConfDocument | undefined {
    const cached = this.docs.get(name);
    if (cached) return cached;
    const text = this.texts.get(name);
    if (text === undefined) return undefined;
    const doc = readConf(name, text);
    this.docs.set(name, doc);
    return doc;
  }

  /**
   * `root` and every file it includes, depth first in include order. A
   * missing `#include` (not `#tryinclude`) and an include loop are problems;
   * so are the syntax errors of every file read.
   */
  load(root: string): { docs: ConfDocument[]; problems: ReadProblem[] } {
    const docs: ConfDocument[] = [];
    const problems: ReadProblem[] = [];
    const visit = (name: string, stack: string[]) => {
      const doc = this.doc(name);
      if (!doc) return;
      docs.push(doc);
      problems.push(...doc.errors);
      for (const inc of doc.includes) {
        const target = baseName(inc.target);
        if (stack.includes(target)) {
          problems.push({ ...inc, message: `#include ${inc.target}: include loop` });
        } else if (this.has(target)) {
          visit(target, [...stack, target]);
        } else if (!inc.optional) {
          problems.push({ ...inc, message: `#include ${inc.target}: no such file` });
        }
      }
    };
    visit(root, [root]);
    return { docs, problems };
  }
}

/** `/etc/asterisk/x.conf` and `x.conf` name the same file of the set. */
export function baseName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? path : path.slice(slash + 1);
}
