#!/usr/bin/env node
/**
 * Runs the ava suite in TAP mode, echoes it, and ends with one line
 * `N passed, N failed` (todo and skipped tests count as neither). Extra
 * arguments go to ava (e.g. a file or `--match`). Exit code 1 on any failure.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const child = spawn('npx', ['ava', '--tap', ...process.argv.slice(2)], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let passed = 0;
let failed = 0;
let skipped = 0;
const lines = createInterface({ input: child.stdout });
lines.on('line', (line) => {
  process.stdout.write(`${line}\n`);
  const m = /^(not ok|ok)\b[^#]*(#\s*(\w+))?/i.exec(line);
  if (!m) return;
  const directive = m[3]?.toLowerCase();
  if (directive === 'todo' || directive === 'skip') skipped += 1;
  else if (m[1] === 'ok') passed += 1;
  else failed += 1;
});
child.on('close', (code) => {
  if (code !== 0 && failed === 0) {
    process.stdout.write(
      `# ava exited with code ${code} without a failing test: counted as a failure\n`,
    );
    failed = 1;
  }
  const tail = skipped ? `, ${skipped} skipped` : '';
  process.stdout.write(`${passed} passed, ${failed} failed${tail}\n`);
  process.exit(failed > 0 ? 1 : 0);
});
