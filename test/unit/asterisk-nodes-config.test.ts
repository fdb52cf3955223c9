import test from 'ava';
import { asteriskNodes, parseAsteriskNodes } from '../../src/asterisk/nodes/node-config.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';

const defaults = { ariUser: 'cw', ariPassword: 'ari-pw', amiUser: 'cw-ami', amiSecret: 'ami-pw' };

test('two nodes with caps, credentials inherited from ARI_*/AMI_*', (t) => {
  const { nodes, problems } = parseAsteriskNodes(
    'pbx-a=http://10.0.0.11:8088,ami://10.0.0.11:5038,max=400; pbx-b=https://pbx-b.example:8089,ami://pbx-b.example',
    defaults,
  );
  t.deepEqual(problems, []);
  t.deepEqual(nodes, [
    {
      id: 'pbx-a',
      ari: { url: 'http://10.0.0.11:8088', user: 'cw', password: 'ari-pw' },
      ami: { host: '10.0.0.11', port: 5038, username: 'cw-ami', secret: 'ami-pw' },
      maxChannels: 400,
    },
    {
      id: 'pbx-b',
      ari: { url: 'https://pbx-b.example:8089', user: 'cw', password: 'ari-pw' },
      ami: { host: 'pbx-b.example', port: 5038, username: 'cw-ami', secret: 'ami-pw' },
      maxChannels: null,
    },
  ]);
});

test('credentials in a node URL override the defaults and leave the URL', (t) => {
  const { nodes } = parseAsteriskNodes(
    'a=http://other:p%40ss@10.0.0.1:8088/prefix,ami://amiuser:s3cret@10.0.0.1:15038',
    defaults,
  );
  t.deepEqual(nodes[0]?.ari, {
    url: 'http://10.0.0.1:8088/prefix',
    user: 'other',
    password: 'p@ss',
  });
  t.deepEqual(nodes[0]?.ami, {
    host: '10.0.0.1',
    port: 15038,
    username: 'amiuser',
    secret: 's3cret',
  });
});

const BAD: ReadonlyArray<[string, RegExp]> = [
  ['', /no node given/],
  ['http://10.0.0.1:8088,ami://10.0.0.1', /expected <id>=<ARI URL>/],
  ['A=http://x:8088,ami://x', /expected <id>=/],
  ['a=ftp://x,ami://x', /not an http\(s\) ARI URL/],
  ['a=http://x:8088,tcp://x:5038', /not an AMI URL/],
  ['a=http://x:8088', /not an AMI URL/],
  ['a=http://x:8088,ami://x,max=0', /unknown option "max=0"/],
  ['a=http://x:8088,ami://x,weight=2', /unknown option "weight=2"/],
  ['a=http://x:8088,ami://x;a=http://y:8088,ami://y', /node a is listed twice/],
];

for (const [text, expected] of BAD) {
  test(`ASTERISK_NODES "${text}" is refused`, (t) => {
    const { problems } = parseAsteriskNodes(text, defaults);
    t.true(
      problems.some((p) => expected.test(p)),
      problems.join(' | '),
    );
  });
}

test('loadConfig refuses a bad ASTERISK_NODES with the reason', (t) => {
  const error = t.throws(() => loadConfig({ ASTERISK_NODES: 'a=http://x:8088' }), {
    instanceOf: ConfigError,
  });
  t.regex(error?.message ?? '', /ASTERISK_NODES=.*node a: "" is not an AMI URL/);
});

test('without ASTERISK_NODES the one node comes from ARI_URL and AMI_HOST/AMI_PORT', (t) => {
  const config = loadConfig({ ARI_URL: 'http://pbx:8088', AMI_HOST: 'pbx', AMI_PORT: '15038' });
  t.deepEqual(asteriskNodes(config), [
    {
      id: 'default',
      ari: { url: 'http://pbx:8088', user: 'callwright', password: 'callwright' },
      ami: { host: 'pbx', port: 15038, username: 'callwright', secret: 'callwright' },
      maxChannels: null,
    },
  ]);
});

test('with ASTERISK_NODES the configured credentials fill in', (t) => {
  const config = loadConfig({
    ASTERISK_NODES: 'a=http://10.0.0.1:8088,ami://10.0.0.1;b=http://10.0.0.2:8088,ami://10.0.0.2',
    ARI_USER: 'me',
    AMI_SECRET: 'hush',
  });
  const nodes = asteriskNodes(config);
  t.deepEqual(
    nodes.map((n) => [n.id, n.ari.user, n.ami.secret, n.ami.port]),
    [
      ['a', 'me', 'hush', 5038],
      ['b', 'me', 'hush', 5038],
    ],
  );
});
