/**
 * The stored forms of the ACD's routing data, as the store and the API
 * see them: one DID route row, one VIP caller of a business line. Plain
 * data; times are epoch ms UTC.
 */
import type { RouteTarget } from './routing.ts';

/** One row of the DID routing table (ACD-8). */
export interface DidRouteRecord {
  id: string;
  businessLineId: string;
  /** As the dialplan passes it (`${EXTEN}`), or a prefix ending in `*`. */
  did: string;
  /** Only calls arriving on this trunk (endpoint name); null for any trunk. */
  trunk: string | null;
  target: RouteTarget;
  createdAt: number;
  updatedAt: number;
}

/** A VIP caller of a business line, optionally with dedicated agents (ACD-2, ACD-4). */
export interface VipCaller {
  id: string;
  businessLineId: string;
  /** E.164, or a prefix ending in `*` for a whole number block. */
  number: string;
  /** Who this is, for people reading the list. */
  label: string;
  /** Agents who get this caller first, in order. */
  dedicatedAgentIds: string[];
  createdAt: number;
  updatedAt: number;
}

/** True for a DID or DID prefix as stored: digits with an optional leading `+`, optionally `*`. */
export const isDidPattern = (did: string): boolean => /^\+?[0-9]{1,20}\*?$|^\*$/.test(did);

/** True for a trunk (endpoint) name Asterisk accepts in a channel name. */
export const isTrunkName = (trunk: string): boolean => /^[A-Za-z0-9_.-]{1,64}$/.test(trunk);
