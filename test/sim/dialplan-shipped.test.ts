import { fileURLToPath } from 'node:url';
import test from 'ava';
import { findApp } from '../../src/sim/dialplan/apps/registry.ts';
import { createDialplan } from '../../src/sim/dialplan/engine.ts';
import { gotoContexts } from '../../src/sim/dialplan/validate.ts';
import { FakeChannel, FakeHost, type FakeScript } from './dialplan-fake-host.ts';

const dir = fileURLToPath(new URL('../../dialplan/', import.meta.url));
const dialplan = createDialplan(dir);

test('the shipped dialplan parses and defines the contexts callwright relies on', (t) => {
  t.deepEqual([...dialplan.config.contexts.keys()].sort(), [
    'agents',
    'callwright-dialer',
    'callwright-dialer-queue',
    'callwright-ivr',
    'from-trunk',
  ]);
  t.is(dialplan.config.globals.get('ARI_APP'), 'callwright');
  t.is(dialplan.config.globals.get('CALLWRIGHT_AGI'), '127.0.0.1:4573');
});

test('every context the shipped dialplan references exists and every application is known', (t) => {
  const { contexts } = dialplan.config;
  for (const ctx of contexts.values()) {
    for (const inc of ctx.includes) t.true(contexts.has(inc.name), `include ${inc.name}`);
    for (const ext of ctx.extensions.values()) {
      for (const step of ext.steps.values()) {
        t.truthy(findApp(step.app), `${step.app} at ${step.file}:${step.line}`);
        for (const target of gotoContexts(step)) t.true(contexts.has(target), `goto ${target}`);
      }
    }
  }
});

async function call(context: string, exten: string, script: Partial<FakeScript> = {}) {
  const host = new FakeHost(script);
  const ch = new FakeChannel();
  await dialplan.run(ch, host, context, exten);
  return { host, ch };
}

test('an inbound DID goes to Stasis(callwright,inbound,<DID>)', async (t) => {
  const { host } = await call('from-trunk', '2125550100');
  t.deepEqual(host.calls, ['stasis(callwright,inbound,2125550100)', 'hangup']);
});

test('an IVR number runs the FastAGI script, then the queue it chose, with the VIP flag', async (t) => {
  const agi = async (c: FakeChannel) => {
    c.vars.set('AGISTATUS', 'SUCCESS');
    c.vars.set('CW_NEXT', 'queue');
    c.vars.set('CW_QUEUE', 'support');
    c.vars.set('CW_PRIORITY', 'vip');
  };
  const { host } = await call('from-trunk', '8100', { agi: agi as FakeScript['agi'] });
  t.deepEqual(host.calls, [
    'agi(agi://127.0.0.1:4573/ivr/8100)',
    'stasis(callwright,queue,support,vip)',
    'hangup',
  ]);
});

test('an IVR number the script sent to a phone is dialled', async (t) => {
  const agi = async (c: FakeChannel) => {
    c.vars.set('AGISTATUS', 'SUCCESS');
    c.vars.set('CW_NEXT', 'dial');
    c.vars.set('CW_DIAL', 'PJSIP/1001');
    c.vars.set('CW_DIAL_TIMEOUT', '30');
  };
  const { host } = await call('from-trunk', '8100', {
    agi: agi as FakeScript['agi'],
    dialStatus: 'NOANSWER',
  });
  t.deepEqual(host.calls, ['agi(agi://127.0.0.1:4573/ivr/8100)', 'dial(PJSIP/1001,30,)', 'hangup']);
});

test('an IVR call the script could not decide falls back to the inbound routing', async (t) => {
  const agi = async (c: FakeChannel) => {
    c.vars.set('AGISTATUS', 'FAILURE');
  };
  const { host } = await call('from-trunk', '8100', { agi: agi as FakeScript['agi'] });
  t.deepEqual(host.calls, [
    'agi(agi://127.0.0.1:4573/ivr/8100)',
    'stasis(callwright,inbound,8100)',
    'hangup',
  ]);
});

test('a dialer leg runs AMD and hands the verdict to Stasis', async (t) => {
  const { host } = await call('callwright-dialer', '2125550100', {
    amd: { status: 'MACHINE', cause: 'LONGGREETING-2000-1500' },
  });
  t.deepEqual(host.calls, ['amd', 'stasis(callwright,dialer,MACHINE)', 'hangup']);
});

test('agents dial each other for 30 s', async (t) => {
  const { host } = await call('agents', '1002', { dialStatus: 'NOANSWER' });
  t.deepEqual(host.calls, ['dial(PJSIP/1002,30,)', 'hangup']);
  t.true(dialplan.hasExtension('agents', '2002'), 'every four-digit extension is an agent');
  t.false(dialplan.hasExtension('agents', '0123'));
  t.false(dialplan.hasExtension('agents', '12345'));
});
