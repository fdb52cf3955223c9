/**
 * The control API over HTTP, under /_sim/ on the ARI port with the ARI
 * credentials. Bodies are validated with zod; errors are `{message}` like
 * ARI's so one client helper handles both.
 */
import { z } from 'zod';
import { type AriResponse, error, noContent, ok } from '../ari/http.ts';
import type { SimControl } from './control-api.ts';

const distribution = z.union([
  z.object({ kind: z.literal('fixed'), value: z.number().nonnegative() }),
  z.object({
    kind: z.literal('uniform'),
    min: z.number().nonnegative(),
    max: z.number().nonnegative(),
  }),
  z.object({ kind: z.literal('exponential'), mean: z.number().positive() }),
  z.object({
    kind: z.literal('lognormal'),
    median: z.number().positive(),
    sigma: z.number().nonnegative(),
  }),
]);
const seconds = z.union([z.number().nonnegative(), distribution]);
const dtmfStep = z.object({
  afterMs: z.number().nonnegative(),
  digits: z.string().regex(/^[0-9*#A-D]+$/),
});
const ivr = z.array(z.object({ weight: z.number().nonnegative(), steps: z.array(dtmfStep) }));

const placeCall = z.object({
  from: z.string().min(1),
  fromName: z.string().optional(),
  to: z.string().min(1),
  dtmf: z.array(dtmfStep).optional(),
  patienceS: z.number().nonnegative().optional(),
  talkS: z.number().nonnegative().optional(),
});

const phone = z.object({
  registered: z.boolean().optional(),
  mode: z.enum(['answer', 'never', 'busy', 'dnd']).optional(),
  answerAfterS: seconds.optional(),
  hangupAfterS: seconds.optional(),
});

const regex = z.string().refine((p) => {
  try {
    new RegExp(p);
    return true;
  } catch {
    return false;
  }
}, 'a valid regular expression');

const rule = z.object({
  pattern: regex,
  kind: z.enum(['human', 'machine', 'busy', 'noanswer', 'invalid', 'fax', 'congestion']),
  answerAfterS: distribution.optional(),
  talkS: distribution.optional(),
});
const callees = z.union([z.array(rule), z.object({ rules: z.array(rule) })]);

const traffic = z.object({
  seed: z.number().int().optional(),
  dids: z
    .array(
      z.object({
        did: z.string().min(1),
        ratePerMinute: z.number().nonnegative(),
        ivr: ivr.optional(),
      }),
    )
    .optional(),
  ratePerMinute: z.record(z.string(), z.number().nonnegative()).optional(),
  patience: distribution.optional(),
  talk: distribution.optional(),
  ivr: ivr.optional(),
  callerPrefix: z
    .string()
    .regex(/^\+?[0-9]*$/)
    .optional(),
  maxCalls: z.number().int().positive().optional(),
});

function parse<T>(schema: z.ZodType<T>, body: unknown): T | AriResponse {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  const first = r.error.issues[0];
  return error(400, `${first?.path.join('.') || 'body'}: ${first?.message ?? 'invalid'}`);
}

const isErr = (x: unknown): x is AriResponse =>
  typeof x === 'object' && x !== null && 'status' in x && 'body' in x && !Array.isArray(x);

/** Builds the /_sim/ request handler. */
export function controlHandler(control: SimControl, defaultSeed: number) {
  return (method: string, url: URL, body: unknown): AriResponse | Promise<AriResponse> => {
    const path = url.pathname.replace(/^\/_sim/, '').replace(/\/$/, '');
    const key = `${method} ${path.replace(/^\/(phones|channels)\/[^/]+/, '/$1/{id}')}`;
    const id = decodeURIComponent(path.split('/')[2] ?? '');
    switch (key) {
      case 'POST /reset':
        control.reset();
        return noContent();
      case 'POST /calls': {
        const req = parse(placeCall, body);
        return isErr(req) ? req : { status: 201, body: control.placeCall(req) };
      }
      case 'GET /phones':
        return ok(control.phones());
      case 'PUT /phones/{id}': {
        const patch = parse(phone, body);
        return isErr(patch) ? patch : ok(control.setPhone(id, patch));
      }
      case 'POST /phones/{id}/dial': {
        const to = (body as { to?: unknown } | null)?.to;
        if (typeof to !== 'string' || !/^[0-9*#+]+$/.test(to)) {
          return error(400, 'to: expected the number or extension to dial');
        }
        const placed = control.dialFromPhone(id, to);
        return placed
          ? { status: 201, body: placed }
          : error(404, 'Phone not found or not registered');
      }
      case 'GET /callees':
        return ok(control.callees());
      case 'PUT /callees': {
        const rules = parse(callees, body);
        if (isErr(rules)) return rules;
        control.setCallees(Array.isArray(rules) ? rules : rules.rules);
        return ok(control.callees());
      }
      case 'POST /traffic/start':
        return startTraffic(control, body, defaultSeed);
      case 'POST /traffic/stop':
        return ok({ placed: control.stopTraffic().length });
      case 'GET /traffic':
        return ok({ calls: control.trafficHistory() });
      case 'GET /channels':
        return ok(control.channels());
      case 'POST /channels/{id}/dtmf': {
        const digits =
          typeof (body as { digits?: unknown })?.digits === 'string'
            ? (body as { digits: string }).digits
            : '';
        if (!/^[0-9*#A-D]+$/.test(digits)) return error(400, 'digits: expected DTMF digits');
        return control.pressDigits(id, digits) ? noContent() : error(404, 'Channel not found');
      }
      case 'POST /channels/{id}/hangup':
        return control.remoteHangup(id) ? noContent() : error(404, 'Channel not found');
      case 'GET /bridges':
        return ok(control.bridges());
      case 'GET /requests':
        return ok(control.requests());
      case 'POST /faults/ari-ws-drop':
        return ok({ dropped: control.dropAriWebSockets() });
      case 'POST /faults/ami-drop':
        return control.dropAmiSockets().then((dropped) => ok({ dropped }));
      default:
        return error(404, 'Not Found');
    }
  };
}

function startTraffic(control: SimControl, body: unknown, defaultSeed: number): AriResponse {
  const t = parse(traffic, body);
  if (isErr(t)) return t;
  const dids = [
    ...(t.dids ?? []),
    ...Object.entries(t.ratePerMinute ?? {}).map(([did, ratePerMinute]) => ({
      did,
      ratePerMinute,
    })),
  ];
  if (dids.length === 0) return error(400, 'dids: at least one DID with a rate is required');
  control.startTraffic({
    seed: t.seed ?? defaultSeed,
    dids,
    ...(t.patience ? { patience: t.patience } : {}),
    ...(t.talk ? { talk: t.talk } : {}),
    ...(t.ivr ? { ivr: t.ivr } : {}),
    ...(t.callerPrefix !== undefined ? { callerPrefix: t.callerPrefix } : {}),
    ...(t.maxCalls !== undefined ? { maxCalls: t.maxCalls } : {}),
  });
  return { status: 202, body: { started: true, dids: dids.map((d) => d.did) } };
}
