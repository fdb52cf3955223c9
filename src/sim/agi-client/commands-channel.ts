/**
 * ANSWER, HANGUP and CHANNEL STATUS (res_agi.c handle_answer,
 * handle_hangup, handle_channelstatus). Only the session's own channel can
 * be named; any other name answers `200 result=-1`, as for a channel that
 * does not exist.
 */
import { channelStateNumber } from '../ami/channel-state.ts';
import { type AgiCommand, USAGE } from './command-types.ts';
import { ok } from './responses.ts';

const answer: AgiCommand = {
  words: ['ANSWER'],
  deadOk: false,
  usage: 'Usage: ANSWER',
  async run({ ch, host }) {
    if (ch.state !== 'Up') await host.answer(ch);
    return { reply: ok(0) };
  },
};

const hangup: AgiCommand = {
  words: ['HANGUP'],
  deadOk: false,
  usage: 'Usage: HANGUP [<channelname>]',
  async run({ ch, host }, argv) {
    if (argv.length > 2) return USAGE;
    if (argv.length === 2 && argv[1] !== ch.name) return { reply: ok(-1) };
    await host.hangup(ch);
    return { reply: ok(1), hungUpByScript: true };
  },
};

const channelStatus: AgiCommand = {
  words: ['CHANNEL', 'STATUS'],
  deadOk: false,
  usage: 'Usage: CHANNEL STATUS [<channelname>]',
  async run({ ch }, argv) {
    if (argv.length > 3) return USAGE;
    if (argv.length === 3 && argv[2] !== ch.name) return { reply: ok(-1) };
    return { reply: ok(channelStateNumber(ch.state) ?? 0) };
  },
};

/** The commands of this file. */
export const CHANNEL_COMMANDS: AgiCommand[] = [answer, hangup, channelStatus];
