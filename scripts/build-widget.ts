/**
 * `npm run build:widget`: bundles src/widget/ (the agent widget and the
 * wallboard) into dist/widget/widget.js with vite. callwright serves that
 * file at /widget.js when it is newer than the sources; without it the
 * server bundles the sources itself at the first request, which needs vite
 * (a dev dependency): build here for images installed without dev
 * dependencies.
 */
import { stat } from 'node:fs/promises';
import { build } from 'vite';
import { WIDGET_SOURCES } from '../src/api/widget-bundle.ts';

await build({ configFile: WIDGET_SOURCES.configFile });
const { size } = await stat(WIDGET_SOURCES.builtFile);
process.stdout.write(`wrote ${WIDGET_SOURCES.builtFile} (${Math.round(size / 1024)} KiB)\n`);
