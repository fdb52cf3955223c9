import test from 'ava';
import {
  AmiFrameParser,
  type AmiParserOutput,
  splitHeader,
} from '../../src/asterisk/ami/ami-frame-parser.ts';
import type { AmiMessage } from '../../src/asterisk/ami/ami-message.ts';
import { amiFixture } from './ami-fake-peer.ts';

function messages(outputs: readonly AmiParserOutput[]): AmiMessage[] {
  return outputs.flatMap((o) => (o.kind === 'message' ? [o.message] : []));
}

function feedAll(parser: AmiFrameParser, chunks: readonly (string | Buffer)[]): AmiParserOutput[] {
  return chunks.flatMap((c) => parser.push(c));
}

test('the banner line is reported on its own, then the login response', (t) => {
  const out = new AmiFrameParser().push(amiFixture('login-success.txt'));
  t.deepEqual(out[0], { kind: 'banner', version: '11.0.0' });
  const [login, booted, auth] = messages(out);
  t.is(login?.response, 'Success');
  t.is(login?.get('Message'), 'Authentication accepted');
  t.is(booted?.event, 'FullyBooted');
  t.is(auth?.event, 'SuccessfulAuth');
  t.is(messages(out).length, 3);
});

test('a value containing ": " splits on the first ": " only', (t) => {
  const [msg] = messages(new AmiFrameParser().push(amiFixture('error-unknown-action.txt')));
  t.is(
    msg?.get('Message'),
    'Invalid/unknown command: NoSuchAction. Use Action: ListCommands to show available commands.',
  );
  t.deepEqual(splitHeader('Extra: {"a":"b: c"}'), ['Extra', '{"a":"b: c"}']);
});

test('empty values (AccountCode: ) are kept as empty strings', (t) => {
  const [msg] = messages(new AmiFrameParser().push(amiFixture('events/Newchannel.txt')));
  t.is(msg?.get('AccountCode'), '');
  t.deepEqual(splitHeader('AccountCode:'), ['AccountCode', '']);
});

test('a reply split byte by byte parses exactly like the whole reply', (t) => {
  const text = amiFixture('coreshowchannels-reply.txt');
  const whole = messages(new AmiFrameParser().push(text));
  const bytes = [...Buffer.from(text)].map((b) => Buffer.from([b]));
  const split = messages(feedAll(new AmiFrameParser(), bytes));
  t.is(whole.length, 6);
  t.deepEqual(
    split.map((m) => m.pairs),
    whole.map((m) => m.pairs),
  );
});

test('a multi-byte UTF-8 name cut in the middle of a character survives', (t) => {
  const frame = Buffer.from('Event: Newchannel\r\nCallerIDName: Jürgen Ölmann\r\n\r\n', 'utf8');
  const umlaut = frame.indexOf(0xc3);
  const out = feedAll(new AmiFrameParser(), [
    frame.subarray(0, umlaut + 1),
    frame.subarray(umlaut + 1),
  ]);
  t.is(messages(out)[0]?.get('CallerIDName'), 'Jürgen Ölmann');
});

test('LF-only framing is tolerated', (t) => {
  const lf = amiFixture('ping-reply.txt').replaceAll('\r\n', '\n');
  const [msg] = messages(new AmiFrameParser().push(lf));
  t.is(msg?.get('Ping'), 'Pong');
  t.is(msg?.get('Timestamp'), '1795424404.584108');
});

test('repeated keys are kept in order and getAll returns every value', (t) => {
  // Shape of a `Command` action reply (one Output header per console line).
  const text =
    'Response: Success\r\nActionID: c1\r\nMessage: Command output follows\r\n' +
    'Output: Name/username             Host\r\nOutput: 1001/1001                 127.0.0.1\r\n\r\n';
  const [msg] = messages(new AmiFrameParser().push(text));
  t.deepEqual(msg?.getAll('Output'), [
    'Name/username             Host',
    '1001/1001                 127.0.0.1',
  ]);
  t.is(msg?.get('output'), 'Name/username             Host');
  t.is(msg?.pairs.length, 5);
});

test('header lookups ignore case (CEL writes UniqueID, Newchannel Uniqueid)', (t) => {
  const [cel] = messages(new AmiFrameParser().push(amiFixture('events/CEL-HANGUP.txt')));
  t.is(cel?.get('Uniqueid'), '1795424182.2');
  t.is(cel?.get('LINKEDID'), '1795424182.2');
});

test('a line without "Key: Value" rejects its whole frame and parsing resumes', (t) => {
  const parser = new AmiFrameParser();
  const out = parser.push(
    `garbage without colon\r\nMore: x\r\n\r\n${amiFixture('ping-reply.txt')}`,
  );
  t.like(out[0], { kind: 'rejected', reason: 'malformed_line' });
  t.is(messages(out)[0]?.get('Ping'), 'Pong');
});

test('an over-long line is dropped as too_large without buffering it', (t) => {
  const parser = new AmiFrameParser({ maxLineLength: 100 });
  const out = feedAll(parser, [
    'Event: Big\r\nData: ',
    'x'.repeat(150),
    'x'.repeat(150),
    '\r\nOther: y\r\n\r\n',
    amiFixture('ping-reply.txt'),
  ]);
  t.like(out[0], { kind: 'rejected', reason: 'too_large' });
  t.is(messages(out).length, 1);
  t.is(messages(out)[0]?.get('Ping'), 'Pong');
});

test('a frame cut off by the end of the stream is reported as truncated', (t) => {
  const parser = new AmiFrameParser();
  const text = amiFixture('coreshowchannels-reply.txt');
  // Cut inside the second CoreShowChannel item: response + first item are whole.
  const secondItem = text.indexOf(
    'Event: CoreShowChannel\r\n',
    text.indexOf('Event: CoreShowChannel') + 1,
  );
  const out = parser.push(text.slice(0, secondItem + 40));
  t.is(messages(out).length, 2);
  t.like(parser.end()[0], { kind: 'rejected', reason: 'truncated' });
  t.deepEqual(new AmiFrameParser().end(), []);
});

test('blank lines between frames are not frames', (t) => {
  const out = new AmiFrameParser().push(`\r\n\r\n${amiFixture('ping-reply.txt')}\r\n\r\n`);
  t.is(out.length, 1);
});
