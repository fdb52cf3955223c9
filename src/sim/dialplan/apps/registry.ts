/**
 * The applications the simulated Asterisk has. Names match
 * case-insensitively, as pbx_findapp() does.
 */
import { BASIC_APPS } from './basic.ts';
import { EXTERNAL_APPS } from './external.ts';
import { FLOW_APPS } from './flow.ts';
import { MEDIA_APPS } from './media.ts';
import type { DialplanApp } from './types.ts';

const APPS = new Map<string, { name: string; run: DialplanApp }>(
  Object.entries({ ...BASIC_APPS, ...FLOW_APPS, ...MEDIA_APPS, ...EXTERNAL_APPS }).map(
    ([name, run]) => [name.toLowerCase(), { name, run }],
  ),
);

/** The application called `name` (any case), or undefined. */
export function findApp(name: string): { name: string; run: DialplanApp } | undefined {
  return APPS.get(name.toLowerCase());
}
