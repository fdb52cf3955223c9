/**
 * The agent widget in chromium, embedded in a CRM page of another origin
 * (AGT-1, AGT-2, AGT-6): an agent signs in through the widget and goes
 * ready; the simulator places a call from a known customer; the pop shows
 * the contact, company, returning caller, last call with its disposition
 * and notes, queue and wait, and the page gets `callwright:offer`; the
 * agent's simulated phone answers; the agent transfers the call to a
 * second agent, whose widget (token given by the page) shows the same
 * caller; both wrap up with a disposition chosen from the queue's codes
 * and the call record holds the last one; the agent puts the caller on
 * hold and back. Also: the widget used with the keyboard alone in a 360 px
 * panel, and click-to-dial, hang-up and wrap-up of the outbound call from
 * the widget (AGT-5). A screenshot of each step goes to
 * test-artifacts/browser/. The tests run one at a time: each drives its
 * own chromium.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import test from 'ava';
import { DID } from '../integration/acd-harness.ts';
import {
  givePasswords,
  launchBrowser,
  openCrmPage,
  PASSWORD,
  type Served,
  serve,
  snap,
  startCrm,
  textIn,
  waitText,
} from './browser-harness.ts';

const CALLER = '+33612345678';

/** A known customer of the line, with one earlier call. */
async function knownCaller(s: Served): Promise<void> {
  const line = (await s.acd.store.businessLines.getByName('Line'))!;
  await s.acd.services.contacts.create(s.admin, {
    businessLineId: line.id,
    name: 'Marie Laurent',
    company: 'Laurent SARL',
    phones: [{ e164: '06 12 34 56 78', label: 'mobile' }],
  });
  const t0 = Date.UTC(2026, 0, 5, 10, 0, 0);
  await s.acd.store.calls.upsertCall({
    linkedId: 'earlier.1',
    businessLineId: line.id,
    direction: 'inbound',
    ani: CALLER,
    dnis: DID,
    queueId: s.acd.queueId,
    agentId: s.acd.agents[1],
    startedAt: t0,
    answeredAt: t0 + 4000,
    endedAt: t0 + 90_000,
    hangupCause: 16,
    hangupBy: 'caller',
    disposition: 'order-placed',
    notes: 'wants the blue model',
  });
}

test.serial(
  'an agent signs in, takes a call with its screen pop, transfers it, and both wrap up',
  async (t) => {
    const s = await serve();
    const browser = await launchBrowser();
    const crm = await startCrm();
    try {
      await knownCaller(s);
      await givePasswords(s);
      // The queue's own disposition codes replace the page's list in the wrap-up.
      const codes = ['sale', 'information', 'complaint'];
      await s.acd.store.queueSettings.put(s.acd.queueId, {
        wrapUp: { dispositions: codes, dispositionRequired: true },
      });
      // Agent 2001 signs in through the widget; agent 2002's page hands the widget a token.
      const pageA = await openCrmPage(browser.context, crm, s, 'agent-a', {
        'crm-url': 'https://crm.example/contacts?phone={ani}&id={contactId}',
      });
      const a = pageA.locator('callwright-agent');
      await a.getByLabel('User name').fill('agent-2001');
      await a.getByLabel('Password').fill(PASSWORD);
      await a.getByRole('button', { name: 'Sign in' }).click();
      await waitText(a, '.pill', 'Logged out');
      await waitText(a, 'header', 'Agent 2001');
      await snap(a, '01-signed-in');
      await a.getByRole('button', { name: 'Log in to queues' }).click();
      await waitText(a, '.pill', 'Available');
      await snap(a, '02-ready');

      const pageB = await openCrmPage(browser.context, crm, s, 'agent-b', {
        token: s.acd.tokens[1],
      });
      const b = pageB.locator('callwright-agent');
      await waitText(b, '.pill', 'Logged out');

      // A call from the known customer: only agent 2001 is ready.
      const { channelId: callId } = s.acd.sim.control.placeCall({ from: CALLER, to: DID });
      const popA = a.locator('section.pop');
      await waitText(popA, '.contact', 'Marie Laurent');
      t.is(await popA.getAttribute('data-call-id'), callId);
      t.is(await popA.locator('.number').textContent(), CALLER);
      t.is(await popA.locator('.company').textContent(), 'Laurent SARL');
      t.is(await popA.locator('.badge').textContent(), 'Returning caller');
      t.is(await popA.locator('.queue').textContent(), 'Sales');
      t.regex((await popA.locator('.wait').textContent()) ?? '', /^\d+:\d\d$/);
      const history = popA.locator('ol.history li');
      t.is(await history.count(), 1);
      t.regex(
        (await history.first().textContent()) ?? '',
        /order-placed[\s\S]*Agent 2002[\s\S]*wants the blue model/,
      );
      const line = (await s.acd.store.businessLines.getByName('Line'))!;
      const [contact] = await s.acd.store.contacts.findByPhone(line.id, CALLER);
      const contactGid = encodeURIComponent(encodeGlobalID('Contact', contact!.id));
      t.is(
        await popA.getByRole('link', { name: 'Open in CRM' }).getAttribute('href'),
        `https://crm.example/contacts?phone=%2B33612345678&id=${contactGid}`,
      );
      await snap(a, '03-screen-pop');
      // The host page got the call's data as a DOM event.
      await pageA.waitForFunction(
        () => (window as unknown as { offers: unknown[] }).offers.length > 0,
      );
      const offer = await pageA.evaluate(
        () => (window as unknown as { offers: Array<Record<string, unknown>> }).offers[0],
      );
      t.like(offer, {
        callId,
        number: CALLER,
        queueName: 'Sales',
        returning: true,
        contact: { name: 'Marie Laurent' },
      });

      // The simulated phone answers.
      await waitText(a, '.pill', 'On call');
      await snap(a, '04-on-call');

      // Hold: the caller hears music on hold; Resume brings it back.
      await a.getByRole('button', { name: 'Hold' }).click();
      await a.getByRole('button', { name: 'Resume' }).waitFor();
      t.true(s.acd.runtime.calls.held(callId));
      await snap(a, '04b-on-hold');
      await a.getByRole('button', { name: 'Resume' }).click();
      await a.getByRole('button', { name: 'Hold' }).waitFor();
      t.false(s.acd.runtime.calls.held(callId));

      // Agent 2002 becomes ready; agent 2001 transfers the call to it.
      await b.getByRole('button', { name: 'Log in to queues' }).click();
      await waitText(b, '.pill', 'Available');
      await a
        .getByLabel('Number, or agent / queue ID')
        .fill(encodeGlobalID('Agent', s.acd.agents[1]));
      await a.getByRole('button', { name: 'Transfer' }).click();
      const popB = b.locator('section.pop');
      await waitText(popB, '.contact', 'Marie Laurent');
      t.is(await popB.getAttribute('data-call-id'), callId);
      t.is(await popB.locator('.company').textContent(), 'Laurent SARL');
      t.is(await popB.locator('ol.history li').count(), 1);
      await waitText(b, '.pill', 'On call');
      await snap(b, '05-transferred-pop');

      // Agent 2001's part is over: its wrap-up waits for it.
      const wrapA = a.locator(`form.wrap-up[data-call-id="${callId}"]`);
      await wrapA.waitFor();
      t.deepEqual(await wrapA.getByLabel('Disposition').locator('option').allTextContents(), [
        'Choose…',
        ...codes,
      ]);
      await wrapA.getByLabel('Disposition').selectOption('information');
      await wrapA.getByLabel('Notes').fill('Passed to billing');
      await snap(a, '06-wrap-up-first-agent');
      await wrapA.getByRole('button', { name: 'Save wrap-up' }).click();
      await wrapA.waitFor({ state: 'detached' });

      // The caller hangs up; agent 2002 wraps up with a disposition and notes.
      s.acd.sim.control.remoteHangup(callId);
      const wrapB = b.locator(`form.wrap-up[data-call-id="${callId}"]`);
      await wrapB.waitFor();
      await wrapB.getByLabel('Disposition').selectOption('sale');
      await wrapB.getByLabel('Notes').fill('Ordered the blue model');
      await snap(b, '07-wrap-up');
      await wrapB.getByRole('button', { name: 'Save wrap-up' }).click();
      await wrapB.waitFor({ state: 'detached' });
      t.is(await textIn(b, '.error', /./).count(), 0);
      await snap(b, '08-done');

      const record = await s.acd.store.calls.getByLinkedId(callId);
      t.like(record, {
        agentId: s.acd.agents[1],
        transfers: 1,
        disposition: 'sale',
        notes: 'Ordered the blue model',
      });
    } finally {
      await browser.close();
      await crm.close();
      await s.close();
    }
  },
);

/** The text of what has focus inside the widget's shadow root. */
function focusedText(page: import('playwright-core').Page): Promise<string> {
  return page.evaluate(() => {
    const root = document.querySelector('callwright-agent')?.shadowRoot;
    return root?.activeElement?.textContent?.trim() ?? '';
  });
}

test.serial(
  'keyboard only, in a 360 px panel: sign in, go ready, pause with a reason',
  async (t) => {
    const s = await serve();
    const browser = await launchBrowser();
    const crm = await startCrm();
    try {
      await givePasswords(s);
      const page = await openCrmPage(browser.context, crm, s, 'keyboard', {});
      const widget = page.locator('callwright-agent');
      await widget.getByLabel('User name').waitFor();
      await page.keyboard.press('Tab');
      await page.keyboard.type('agent-2001');
      await page.keyboard.press('Tab');
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press('Enter');
      await waitText(widget, '.pill', 'Logged out');
      // Tab through the widget to its "Log in to queues" button.
      const seen: string[] = [];
      for (let i = 0; i < 10 && !seen.includes('Log in to queues'); i += 1) {
        await page.keyboard.press('Tab');
        seen.push(await focusedText(page));
      }
      t.true(seen.includes('Log in to queues'), `focus went through ${JSON.stringify(seen)}`);
      await page.keyboard.press('Enter');
      await waitText(widget, '.pill', 'Available');
      // The pause reason is a select: arrow keys choose, Tab reaches Pause, Enter pauses.
      await widget.getByLabel('Pause reason').focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Tab');
      t.is(await focusedText(page), 'Pause');
      await page.keyboard.press('Enter');
      await waitText(widget, '.pill', 'Paused');
      await waitText(widget, '.status', '(lunch)');
      const box = await widget.boundingBox();
      t.true(box !== null && box.width <= 360, `widget is ${box?.width} px wide`);
      const overflowing = await page.evaluate(() => {
        const root = document.querySelector('callwright-agent')!.shadowRoot!;
        return [...root.querySelectorAll('section')].filter((el) => el.scrollWidth > el.clientWidth)
          .length;
      });
      t.is(overflowing, 0);
    } finally {
      await browser.close();
      await crm.close();
      await s.close();
    }
  },
);

test.serial(
  'click-to-dial from the widget, hang up from the widget, wrap up the outbound call',
  async (t) => {
    const s = await serve();
    const browser = await launchBrowser();
    const crm = await startCrm();
    try {
      s.acd.sim.control.setCallees([
        {
          pattern: '.*',
          kind: 'human',
          answerAfterS: { kind: 'fixed', value: 0.2 },
          talkS: { kind: 'fixed', value: 3600 },
        },
      ]);
      const page = await openCrmPage(browser.context, crm, s, 'dial', { token: s.acd.tokens[0] });
      const widget = page.locator('callwright-agent');
      await widget.getByRole('button', { name: 'Log in to queues' }).click();
      await waitText(widget, '.pill', 'Available');
      await widget.getByLabel('Number to call').fill('01 55 50 00 30');
      await widget.getByRole('button', { name: 'Call', exact: true }).click();
      await waitText(widget, '.pill', 'On call');
      const card = widget.locator('section.pop');
      await waitText(card, 'h2', 'Outbound call');
      t.is(await card.locator('.number').textContent(), '01 55 50 00 30');
      const callId = (await card.getAttribute('data-call-id'))!;
      await snap(widget, '09-click-to-dial');
      await widget.getByRole('button', { name: 'Hang up' }).click();
      const wrapUp = widget.locator(`form.wrap-up[data-call-id="${callId}"]`);
      await wrapUp.waitFor();
      await wrapUp.getByLabel('Disposition').selectOption('follow-up');
      await wrapUp.getByRole('button', { name: 'Save wrap-up' }).click();
      await wrapUp.waitFor({ state: 'detached' });
      t.like(await s.acd.store.calls.getByLinkedId(callId), {
        direction: 'outbound',
        dnis: '+33155500030',
        hangupBy: 'agent',
        disposition: 'follow-up',
      });
    } finally {
      await browser.close();
      await crm.close();
      await s.close();
    }
  },
);
