/**
 * `npm run asterisk:check`: the command around the check. Three uses:
 *
 *   (no option)                 check asterisk-conf/ and dialplan/ as shipped
 *   --rendered <dir>            check a configuration ready for Asterisk
 *                               (e.g. /etc/asterisk): no placeholder left
 *   --render-to <dir> [--trunk ip|registration]
 *                               fill the placeholders from the environment,
 *                               write the files to <dir>, then check them
 *
 * Exit status 0 when there is no error (warnings are printed), 1 otherwise,
 * 2 for a usage mistake.
 */
import { join } from 'node:path';
import { checkAsteriskConfig, formatProblems } from './asterisk-check.ts';
import { readConfDir, writeConfDir } from './conf-files.ts';
import { renderInstallation, TRUNK_VARIANTS, type TrunkMode } from './render.ts';

/** What the command reads from outside. */
export interface CheckCommandIo {
  /** The repository root (holds asterisk-conf/ and dialplan/). */
  readonly root: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** callwright's ARI_APP, ARI_USER and AMI_USER (its parsed configuration). */
  readonly callwright: { ARI_APP: string; ARI_USER: string; AMI_USER: string };
  readonly out: (line: string) => void;
}

type Parsed =
  | { kind: 'template' }
  | { kind: 'rendered'; dir: string }
  | { kind: 'render'; dir: string; trunk: TrunkMode }
  | { kind: 'usage'; message: string };

function parseArgs(args: readonly string[], env: CheckCommandIo['env']): Parsed {
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i < 0 ? undefined : (args[i + 1] ?? '');
  };
  const trunk = value('--trunk') ?? env.TRUNK_MODE ?? 'ip';
  if (!(trunk in TRUNK_VARIANTS))
    return { kind: 'usage', message: `--trunk must be ip or registration, not "${trunk}"` };
  const rendered = value('--rendered');
  const renderTo = value('--render-to');
  if (rendered === '' || renderTo === '')
    return { kind: 'usage', message: 'a directory must follow --rendered / --render-to' };
  if (rendered !== undefined && renderTo !== undefined)
    return { kind: 'usage', message: 'use --rendered or --render-to, not both' };
  if (rendered !== undefined) return { kind: 'rendered', dir: rendered };
  if (renderTo !== undefined) return { kind: 'render', dir: renderTo, trunk: trunk as TrunkMode };
  return { kind: 'template' };
}

/** Prints the findings and the summary line; returns the exit status. */
function report(
  io: CheckCommandIo,
  what: string,
  problems: ReturnType<typeof checkAsteriskConfig>,
): number {
  const errors = problems.filter((p) => p.severity === 'error').length;
  if (problems.length > 0) io.out(formatProblems(problems));
  io.out(`asterisk:check ${what}: ${errors} error(s), ${problems.length - errors} warning(s)`);
  return errors === 0 ? 0 : 1;
}

function checkRendered(io: CheckCommandIo, dir: string): number {
  const problems = checkAsteriskConfig({
    files: readConfDir(dir),
    mode: 'rendered',
    ariApp: io.callwright.ARI_APP,
    ariUser: io.callwright.ARI_USER,
    amiUser: io.callwright.AMI_USER,
  });
  return report(io, dir, problems);
}

/** Runs the command; returns the exit status. */
export function runCheckCommand(args: readonly string[], io: CheckCommandIo): number {
  const parsed = parseArgs(args, io.env);
  switch (parsed.kind) {
    case 'usage':
      io.out(`asterisk:check: ${parsed.message}`);
      return 2;
    case 'rendered':
      return checkRendered(io, parsed.dir);
    case 'render': {
      const { files, missing } = renderInstallation({
        conf: readConfDir(join(io.root, 'asterisk-conf')),
        dialplan: readConfDir(join(io.root, 'dialplan')),
        trunk: parsed.trunk,
        // The dialplan's Stasis application is callwright's, whatever else the environment says.
        env: { ...io.env, ARI_APP: io.callwright.ARI_APP },
      });
      if (missing.length > 0) {
        for (const m of missing)
          io.out(`${m.file}:${m.line}: error: \${${m.name}} has no value: set ${m.name}`);
        io.out(`asterisk:check: nothing written to ${parsed.dir}`);
        return 1;
      }
      writeConfDir(parsed.dir, files);
      io.out(`asterisk:check: wrote ${files.length} files to ${parsed.dir}`);
      return checkRendered(io, parsed.dir);
    }
    case 'template': {
      const dialplan = readConfDir(join(io.root, 'dialplan'));
      const problems = checkAsteriskConfig({
        files: [...readConfDir(join(io.root, 'asterisk-conf')), ...dialplan],
        dialplanFiles: dialplan.map((f) => f.name),
        mode: 'template',
        ariApp: io.callwright.ARI_APP,
      });
      return report(io, 'asterisk-conf/ + dialplan/', problems);
    }
  }
}
