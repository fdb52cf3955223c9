/**
 * Stored recordings on disk, as ARI's /recordings/stored sees them: every
 * file under the recordings directory is `{name, format}` where name is the
 * path without extension (subdirectories included) and format the extension.
 * Synchronous file I/O keeps RecordingFinished after the file exists.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { wavDurationMs } from './wav.ts';

/** A stored recording (ARI StoredRecording). */
export interface StoredRecording {
  name: string;
  format: string;
}

/** Reads and writes recording files under one directory. */
export class RecordingStore {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
    mkdirSync(this.dir, { recursive: true });
  }

  /** True when the name stays inside the directory (no `..`, not absolute). */
  validName(name: string): boolean {
    if (!name || name.startsWith('/') || name.includes('\0')) return false;
    const full = resolve(this.dir, name);
    return full === this.dir || full.startsWith(this.dir + sep);
  }

  /** Every stored recording, sorted by name. */
  list(): StoredRecording[] {
    const out: StoredRecording[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.isFile()) out.push(this.fromPath(p));
      }
    };
    if (existsSync(this.dir)) walk(this.dir);
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The stored recording with this name, if any (first format found). */
  find(name: string): StoredRecording | undefined {
    if (!this.validName(name)) return undefined;
    return this.list().find((r) => r.name === name);
  }

  /** Path of a recording file. */
  pathOf(name: string, format: string): string {
    return join(this.dir, `${name}.${format}`);
  }

  /** File contents, or undefined when missing. */
  read(name: string): { rec: StoredRecording; bytes: Buffer } | undefined {
    const rec = this.find(name);
    if (!rec) return undefined;
    return { rec, bytes: readFileSync(this.pathOf(rec.name, rec.format)) };
  }

  /** Writes (or replaces) a recording file. */
  write(name: string, format: string, bytes: Buffer): void {
    const p = this.pathOf(name, format);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, bytes);
  }

  /** Existing bytes for append, if the file exists. */
  existing(name: string, format: string): Buffer | undefined {
    const p = this.pathOf(name, format);
    return existsSync(p) ? readFileSync(p) : undefined;
  }

  /** Deletes a recording; false when missing. */
  delete(name: string): boolean {
    const rec = this.find(name);
    if (!rec) return false;
    rmSync(this.pathOf(rec.name, rec.format), { force: true });
    return true;
  }

  /** Copies a recording to a new name. */
  copy(from: StoredRecording, to: string): StoredRecording {
    const dest = this.pathOf(to, from.format);
    mkdirSync(dirname(dest), { recursive: true });
    copyFileSync(this.pathOf(from.name, from.format), dest);
    return { name: to, format: from.format };
  }

  /** Length in ms of a stored WAV recording (for `recording:` playbacks). */
  durationMs(name: string): number | undefined {
    const r = this.read(name);
    return r && r.rec.format === 'wav' ? wavDurationMs(r.bytes) : undefined;
  }

  private fromPath(p: string): StoredRecording {
    const rel = relative(this.dir, p).split(sep).join('/');
    const dot = rel.lastIndexOf('.');
    return dot > 0
      ? { name: rel.slice(0, dot), format: rel.slice(dot + 1) }
      : { name: rel, format: '' };
  }
}
