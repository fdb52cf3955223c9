/**
 * Reads headers out of an AMI message and records what is missing or not a
 * number, so one bad event becomes a counted reject instead of a throw or a
 * half-filled object.
 */
import type { AmiBridge, AmiChannel } from './ami-event-types.ts';
import type { AmiMessage } from './ami-message.ts';

/** A problem found while reading an event's fields. */
export interface FieldProblem {
  readonly kind: 'missing_field' | 'invalid_field';
  readonly key: string;
}

/** Collects required/optional header reads over one message. */
export class FieldReader {
  readonly problems: FieldProblem[] = [];

  constructor(
    private readonly message: AmiMessage,
    private readonly prefix = '',
  ) {}

  /** A header that must be present (it may be empty). */
  req(key: string): string {
    const value = this.message.get(this.prefix + key);
    if (value === undefined) {
      this.problems.push({ kind: 'missing_field', key: this.prefix + key });
      return '';
    }
    return value;
  }

  /** A header we pass along when present; '' when absent. */
  opt(key: string): string {
    return this.message.get(this.prefix + key) ?? '';
  }

  /** A required integer header. */
  int(key: string): number {
    const text = this.req(key);
    return this.toInt(key, text) ?? 0;
  }

  /** An optional integer header: undefined when absent. */
  optInt(key: string): number | undefined {
    const text = this.message.get(this.prefix + key);
    return text === undefined ? undefined : this.toInt(key, text);
  }

  /** True when the message has `key` (with this reader's prefix). */
  has(key: string): boolean {
    return this.message.has(this.prefix + key);
  }

  private toInt(key: string, text: string): number | undefined {
    if (/^-?\d+$/.test(text)) return Number.parseInt(text, 10);
    if (!this.problems.some((p) => p.key === this.prefix + key)) {
      this.problems.push({ kind: 'invalid_field', key: this.prefix + key });
    }
    return undefined;
  }
}

/**
 * The channel snapshot. Channel, ChannelState, Uniqueid and Linkedid are what
 * the call model keys on, so they are required; the rest default to ''.
 */
export function readChannel(f: FieldReader): AmiChannel {
  return {
    channel: f.req('Channel'),
    channelState: f.int('ChannelState'),
    channelStateDesc: f.opt('ChannelStateDesc'),
    callerIdNum: f.opt('CallerIDNum'),
    callerIdName: f.opt('CallerIDName'),
    connectedLineNum: f.opt('ConnectedLineNum'),
    connectedLineName: f.opt('ConnectedLineName'),
    language: f.opt('Language'),
    accountCode: f.opt('AccountCode'),
    context: f.opt('Context'),
    exten: f.opt('Exten'),
    priority: f.opt('Priority'),
    uniqueid: f.req('Uniqueid'),
    linkedid: f.req('Linkedid'),
  };
}

/** The bridge snapshot; BridgeUniqueid is required. */
export function readBridge(f: FieldReader): AmiBridge {
  return {
    bridgeUniqueid: f.req('BridgeUniqueid'),
    bridgeType: f.opt('BridgeType'),
    bridgeTechnology: f.opt('BridgeTechnology'),
    bridgeCreator: f.opt('BridgeCreator'),
    bridgeName: f.opt('BridgeName'),
    bridgeNumChannels: f.optInt('BridgeNumChannels') ?? 0,
  };
}
