/**
 * How the contract suite picks its target from the environment: nothing set
 * means the simulator, everything set means a real Asterisk, anything in
 * between is an error rather than a silent fall-back to the simulator.
 */
import test from 'ava';
import { targetFromEnv } from './target.ts';

const REAL = {
  CONTRACT_ARI_URL: 'http://asterisk:s%40cret@pbx.example:8088',
  CONTRACT_AMI_URL: 'ami://manager:pw@pbx.example:5039',
  CONTRACT_AGI_ORIGINATE: 'Local/8100@from-trunk',
};

test('no CONTRACT_* variable: the simulator', (t) => {
  t.is(targetFromEnv({}), undefined);
});

test('all three set: a real Asterisk, credentials and IVR DID taken from them', (t) => {
  t.deepEqual(targetFromEnv({ ...REAL, CONTRACT_AGI_PORT: '4600' }), {
    kind: 'asterisk',
    ari: {
      url: 'http://pbx.example:8088',
      user: 'asterisk',
      password: 's@cret',
      app: 'callwright',
    },
    ami: { host: 'pbx.example', port: 5039, username: 'manager', secret: 'pw' },
    agi: { host: '0.0.0.0', port: 4600 },
    trunkContext: 'from-trunk',
    ivrDid: '8100',
  });
});

test('an http.conf prefix in CONTRACT_ARI_URL is kept', (t) => {
  const url = 'http://a:b@pbx.example:8088/asterisk/';
  t.is(
    targetFromEnv({ ...REAL, CONTRACT_ARI_URL: url })?.ari.url,
    'http://pbx.example:8088/asterisk',
  );
});

test('some but not all set: an error naming what is missing', (t) => {
  const error = t.throws(() => targetFromEnv({ CONTRACT_ARI_URL: REAL.CONTRACT_ARI_URL }));
  t.regex(error?.message ?? '', /CONTRACT_AMI_URL, CONTRACT_AGI_ORIGINATE missing/);
});

test('URLs without credentials and originates that are not Local/<IVR DID>@ctx are refused', (t) => {
  t.throws(() => targetFromEnv({ ...REAL, CONTRACT_ARI_URL: 'http://pbx.example:8088' }), {
    message: /CONTRACT_ARI_URL must carry user:password@/,
  });
  t.throws(() => targetFromEnv({ ...REAL, CONTRACT_AGI_ORIGINATE: 'PJSIP/8100@trunk' }), {
    message: /Local\/<IVR DID>@<trunk context>/,
  });
});
