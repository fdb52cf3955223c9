/**
 * GET VARIABLE, GET FULL VARIABLE, SET VARIABLE, VERBOSE, NOOP and EXEC
 * (res_agi.c). These are the commands res_agi allows on a dead channel, so
 * a script can still read variables after the caller hung up.
 */
import { type AgiCommand, USAGE } from './command-types.ts';
import { ok } from './responses.ts';

const getVariable: AgiCommand = {
  words: ['GET', 'VARIABLE'],
  deadOk: true,
  usage: 'Usage: GET VARIABLE <variablename>',
  async run({ ch, host, dialplan }, argv) {
    if (argv.length !== 3) return USAGE;
    const value = dialplan.getVariable(ch, host, argv[2] as string);
    // Set-but-empty still answers result=1 (), unset answers result=0.
    return { reply: value === undefined ? ok(0) : ok(1, value) };
  },
};

const getFullVariable: AgiCommand = {
  words: ['GET', 'FULL', 'VARIABLE'],
  deadOk: true,
  usage: 'Usage: GET FULL VARIABLE <variablename> [<channel name>]',
  async run({ ch, host, dialplan }, argv) {
    if (argv.length !== 4 && argv.length !== 5) return USAGE;
    if (argv.length === 5 && argv[4] !== ch.name) return { reply: ok(0) };
    return { reply: ok(1, dialplan.substitute(ch, host, argv[3] as string)) };
  },
};

const setVariable: AgiCommand = {
  words: ['SET', 'VARIABLE'],
  deadOk: true,
  usage: 'Usage: SET VARIABLE <variablename> <value>',
  async run({ ch, host, dialplan }, argv) {
    if (argv.length !== 4) return USAGE;
    dialplan.setVariable(ch, host, argv[2] as string, argv[3] as string);
    return { reply: ok(1) };
  },
};

const verbose: AgiCommand = {
  words: ['VERBOSE'],
  deadOk: true,
  usage: 'Usage: VERBOSE <message> <level>',
  async run({ ch, host }, argv) {
    if (argv.length < 2) return USAGE;
    host.log('info', argv[1] as string, { channel: ch.name, source: 'agi' });
    return { reply: ok(1) };
  },
};

const noop: AgiCommand = {
  words: ['NOOP'],
  deadOk: true,
  usage: 'Usage: NOOP',
  async run() {
    return { reply: ok(0) };
  },
};

const exec: AgiCommand = {
  words: ['EXEC'],
  deadOk: true,
  usage: 'Usage: EXEC <application> <options>',
  async run({ ch, host, dialplan }, argv) {
    if (argv.length < 2) return USAGE;
    // Only the first argument word is the application's data (quote it).
    const res = await dialplan.exec(ch, host, argv[1] as string, argv[2] ?? '');
    return { reply: ok(res) };
  },
};

/** The commands of this file. */
export const VARIABLE_COMMANDS: AgiCommand[] = [
  getVariable,
  getFullVariable,
  setVariable,
  verbose,
  noop,
  exec,
];
