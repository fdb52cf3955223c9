/**
 * Picks what the contract suite talks to, from the environment alone:
 *
 * - nothing set: the PBX simulator, started in-process on ephemeral ports,
 *   running the project's own `dialplan/` with its AGI() calls pointed at our
 *   FastAGI server (also on an ephemeral port);
 * - `CONTRACT_ARI_URL`, `CONTRACT_AMI_URL` and `CONTRACT_AGI_ORIGINATE` all
 *   set: a real Asterisk with the project's `dialplan/` loaded, whose
 *   `CALLWRIGHT_AGI` global points at `<this host>:CONTRACT_AGI_PORT`.
 *
 * Setting only some of them is an error, never a silent fallback to the
 * simulator. The tests themselves never know which one they talk to: the
 * only behaviour that differs is how a caller is placed ({@link placeInbound}).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Registry } from 'prom-client';
import { type AgiSession, createAgiServer } from '../../src/asterisk/agi/agi-server.ts';
import { type AmiClient, createAmiClient } from '../../src/asterisk/ami/ami-client.ts';
import type { SoundTable } from '../../src/sim/media/sounds.ts';
import { type Simulator, startSimulator } from '../../src/sim/simulator.ts';
import { AgiSessions } from './agi-sessions.ts';

/** A step of a caller's DTMF script: wait `afterMs` (after the answer or the previous step), press `digits`. */
export interface DtmfStep {
  afterMs: number;
  digits: string;
}

/** An inbound call to place. */
export interface InboundCall {
  /** Caller number; tests use a unique one per call to find it again. */
  from: string;
  /** The DID dialled (context {@link ContractTarget.trunkContext}). */
  did: string;
  /** Digits the caller presses once answered. */
  dtmf?: DtmfStep[];
}

/** A placed call, seen from the caller's side. */
export interface PlacedCall {
  /** The caller hangs up. */
  hangup(): Promise<void>;
}

/** Where ARI, AMI and our FastAGI server are. */
export interface TargetSettings {
  kind: 'simulator' | 'asterisk';
  ari: { url: string; user: string; password: string; app: string };
  ami: { host: string; port: number; username: string; secret: string };
  /** Where our FastAGI server listens (port 0 for the simulator). */
  agi: { host: string; port: number };
  /** The dialplan context trunk calls arrive in. */
  trunkContext: string;
  /** A DID of the IVR (`_8X.`), as in `CONTRACT_AGI_ORIGINATE`. */
  ivrDid: string;
}

/** The running target of one test file. */
export interface ContractTarget extends TargetSettings {
  /** Sessions reaching our FastAGI server. */
  readonly agiSessions: AgiSessions;
  /** Places a call from the trunk to `did`, as a caller would. */
  placeInbound(call: InboundCall): Promise<PlacedCall>;
  /** What `agi_dnid` holds for such a call (a Local channel carries no dialed number). */
  expectedDnid(did: string): string;
  close(): Promise<void>;
}

const CONTRACT_VARS = ['CONTRACT_ARI_URL', 'CONTRACT_AMI_URL', 'CONTRACT_AGI_ORIGINATE'] as const;

/** Sound lengths for the simulator: short prompts keep the suite fast; tt-monkeys stays long enough to interrupt. */
const SHORT_SOUNDS: SoundTable = {
  'hello-world': 300,
  beep: 100,
  'tt-monkeys': 30_000,
  ...Object.fromEntries([...'0123456789'].map((d) => [`digits/${d}`, 100])),
};

const SIM_CREDENTIALS = { user: 'contract', password: 'contract-secret' };

function credentialsOf(url: URL, name: string): { user: string; password: string } {
  if (!url.username || !url.password) throw new Error(`${name} must carry user:password@`);
  return { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
}

/** Reads the target from the environment; `undefined` means the simulator. */
export function targetFromEnv(env: NodeJS.ProcessEnv = process.env): TargetSettings | undefined {
  const set = CONTRACT_VARS.filter((name) => env[name]);
  if (set.length === 0) return undefined;
  const missing = CONTRACT_VARS.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new Error(`contract target: ${set.join(', ')} set but ${missing.join(', ')} missing`);
  }
  const ariUrl = new URL(env.CONTRACT_ARI_URL as string);
  const ari = credentialsOf(ariUrl, 'CONTRACT_ARI_URL');
  const amiUrl = new URL(env.CONTRACT_AMI_URL as string);
  const ami = credentialsOf(amiUrl, 'CONTRACT_AMI_URL');
  const originate = /^Local\/(8\d+)@([^/]+)$/.exec(env.CONTRACT_AGI_ORIGINATE as string);
  if (!originate) {
    throw new Error('CONTRACT_AGI_ORIGINATE must look like Local/<IVR DID>@<trunk context>');
  }
  return {
    kind: 'asterisk',
    // Keeps an http.conf `prefix` (http://host:8088/asterisk), drops the credentials.
    ari: {
      url: `${ariUrl.origin}${ariUrl.pathname.replace(/\/+$/, '')}`,
      ...ari,
      app: env.CONTRACT_ARI_APP || 'callwright',
    },
    ami: {
      host: amiUrl.hostname,
      port: Number(amiUrl.port || 5038),
      username: ami.user,
      secret: ami.password,
    },
    agi: {
      host: env.CONTRACT_AGI_HOST || '0.0.0.0',
      port: Number(env.CONTRACT_AGI_PORT || 4573),
    },
    trunkContext: originate[2] as string,
    ivrDid: originate[1] as string,
  };
}

/**
 * Starts (or connects to) the target. Only pass `agi: true` in one test
 * file: against a real Asterisk every file would bind the same port.
 */
export async function openContractTarget(options: { agi?: boolean } = {}): Promise<ContractTarget> {
  const settings = targetFromEnv();
  const wantAgi = options.agi === true || settings === undefined;
  const agiSessions = new AgiSessions();
  const agi = wantAgi
    ? await createAgiServer({
        host: settings?.agi.host ?? '127.0.0.1',
        port: settings?.agi.port ?? 0,
        logger: pino({ level: 'silent' }),
        registry: new Registry(),
        commandTimeoutMs: 30_000,
        onSession: (session: AgiSession) => agiSessions.accept(session),
      })
    : undefined;
  const closeAgi = async () => {
    agiSessions.close();
    await agi?.close();
  };
  if (settings) return asteriskTarget(settings, agiSessions, closeAgi);
  return simulatorTarget(agi?.port ?? 0, agiSessions, closeAgi);
}

async function simulatorTarget(
  agiPort: number,
  agiSessions: AgiSessions,
  closeAgi: () => Promise<void>,
): Promise<ContractTarget> {
  const recordingsDir = mkdtempSync(join(tmpdir(), 'contract-rec-'));
  const sim: Simulator = await startSimulator({
    ariPort: 0,
    amiPort: 0,
    ariUser: SIM_CREDENTIALS.user,
    ariPassword: SIM_CREDENTIALS.password,
    amiUsers: { [SIM_CREDENTIALS.user]: SIM_CREDENTIALS.password },
    agiTarget: `127.0.0.1:${agiPort}`,
    dialplanDir: new URL('../../dialplan/', import.meta.url).pathname,
    recordingsDir,
    sounds: SHORT_SOUNDS,
  });
  return {
    kind: 'simulator',
    ari: { url: sim.ariUrl, ...SIM_CREDENTIALS, app: 'callwright' },
    ami: {
      host: '127.0.0.1',
      port: sim.amiPort,
      username: SIM_CREDENTIALS.user,
      secret: SIM_CREDENTIALS.password,
    },
    agi: { host: '127.0.0.1', port: agiPort },
    trunkContext: 'from-trunk',
    ivrDid: '8100',
    agiSessions,
    async placeInbound(call) {
      const { channelId } = sim.control.placeCall({
        from: call.from,
        to: call.did,
        ...(call.dtmf ? { dtmf: call.dtmf } : {}),
      });
      return {
        hangup: async () => {
          sim.control.remoteHangup(channelId);
        },
      };
    },
    expectedDnid: (did) => did,
    async close() {
      await closeAgi();
      await sim.close();
      rmSync(recordingsDir, { recursive: true, force: true });
    },
  };
}

function asteriskTarget(
  settings: TargetSettings,
  agiSessions: AgiSessions,
  closeAgi: () => Promise<void>,
): ContractTarget {
  let caller: AmiClient | undefined;
  const callerSide = () => {
    caller ??= createAmiClient({
      ...settings.ami,
      logger: pino({ level: 'silent' }),
      registry: new Registry(),
    });
    return caller;
  };
  return {
    ...settings,
    agiSessions,
    placeInbound: async (call) => placeLocalCall(callerSide(), settings.trunkContext, call),
    // core_local.c copies the (empty) dialed party of ;1 to ;2: res_agi prints "unknown".
    expectedDnid: () => 'unknown',
    async close() {
      await closeAgi();
      await caller?.close();
    },
  };
}

/**
 * A caller on a real Asterisk: `Local/<did>@<context>` whose `;2` half runs
 * the trunk dialplan while `;1` just waits (the Wait application, present in
 * every Asterisk). Its DTMF goes out of `;1` (PlayDTMF), which a Local
 * channel hands to `;2` as received digits.
 */
async function placeLocalCall(
  ami: AmiClient,
  context: string,
  call: InboundCall,
): Promise<PlacedCall> {
  await ami.whenConnected();
  const answered = ami.originate(
    {
      Channel: `Local/${call.did}@${context}`,
      Application: 'Wait',
      Data: '120',
      CallerID: `"${call.from}" <${call.from}>`,
    },
    { timeoutMs: 120_000 },
  );
  const pressDigits = async (response: { response: string; channel: string }) => {
    if (response.response !== 'Success') return;
    for (const step of call.dtmf ?? []) {
      // The caller's own pace, not a synchronisation: real callers type after a pause.
      await new Promise((resolve) => setTimeout(resolve, step.afterMs));
      for (const digit of step.digits) {
        await ami.action('PlayDTMF', { Channel: response.channel, Digit: digit, Duration: 100 });
      }
    }
  };
  answered.then(pressDigits).catch(() => {});
  return {
    async hangup() {
      const response = await answered;
      await ami.action('Hangup', { Channel: response.channel }).catch(() => {});
    },
  };
}
