/**
 * What a dialplan application is to the engine: an async function of the
 * channel and its (already substituted) data that says where to go next.
 */
import type { AppHost, DialplanChannel } from '../app-host.ts';
import type { DialplanConfig } from '../model.ts';
import type { Scope } from '../substitute.ts';

/** Everything an application may use. */
export interface AppContext {
  ch: DialplanChannel;
  host: AppHost;
  config: DialplanConfig;
  scope: Scope;
}

/**
 * - `next`: continue at priority + 1 (an app returning 0),
 * - `goto`: continue exactly there (Goto, GotoIf),
 * - `hangup`: the app returned -1; the engine hangs the channel up with
 *   `cause` (Busy: 17, Congestion: 34) unless it is already gone.
 */
export type AppResult =
  | { kind: 'next' }
  | { kind: 'goto'; context: string; exten: string; priority: number }
  | { kind: 'hangup'; cause?: number };

/** A dialplan application. */
export type DialplanApp = (ctx: AppContext, data: string) => Promise<AppResult>;

/** Shorthands. */
export const NEXT: AppResult = { kind: 'next' };
export const HANGUP: AppResult = { kind: 'hangup' };
