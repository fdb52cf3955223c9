/**
 * The wallboard at /wallboard in chromium (RPT-5), with a token in the
 * page's fragment: agents appear under their state as they change it; a
 * caller waiting shows in the queue's tile with a longest wait that keeps
 * counting; a caller hanging up before an agent answered makes today's
 * abandon rate 100 %; a call answered after the queue's service-level
 * threshold moves the agent under "On call", brings the service level to
 * 0 % and raises the alert; the chart counts both calls. No reload
 * anywhere: the board follows the feeds. A screenshot of each step goes to
 * test-artifacts/browser/.
 */
import test from 'ava';
import { DID } from '../integration/acd-harness.ts';
import { launchBrowser, serve, snap, waitText } from './browser-harness.ts';

async function agentDoes(s: Awaited<ReturnType<typeof serve>>, mutation: string): Promise<void> {
  const result = await s.acd.gql(
    `mutation { r: ${mutation} { __typename ... on Problem { code message } } }`,
    {},
    s.acd.tokens[0],
  );
  const r = result.data?.r as { __typename: string } | undefined;
  if (!r || r.__typename === 'Problem') throw new Error(`${mutation}: ${JSON.stringify(result)}`);
}

test.serial(
  'the wallboard follows agents and callers live and raises the service-level alert',
  async (t) => {
    const s = await serve();
    const browser = await launchBrowser();
    try {
      // A threshold of 1 s: a caller who waits a few seconds is answered late.
      await s.acd.services.queues.update(s.admin, s.acd.queueId, { serviceLevelS: 1 });
      const page = await browser.context.newPage();
      await page.goto(`${s.url}/wallboard#token=${encodeURIComponent(s.acd.adminKey)}`);
      const board = page.locator('callwright-wallboard');
      const sales = board.locator('article.queue[data-queue="Sales"]');
      await waitText(sales, '[data-figure="waiting"]', /^0$/);
      t.is(await sales.locator('[data-figure="sl"]').textContent(), '–');
      t.regex((await sales.textContent()) ?? '', /target 80%/);

      // An agent logs in and pauses: the board shows it under its state, with the reason.
      await agentDoes(s, 'agentLogin');
      await waitText(board.locator('section.state[data-status="AVAILABLE"]'), 'li', 'Agent 2001');
      await agentDoes(s, 'agentPause(reason: "lunch")');
      const paused = board.locator('section.state[data-status="PAUSED"]');
      await waitText(paused, 'li', 'Agent 2001 (lunch)');
      t.is(await board.locator('section.state[data-status="AVAILABLE"] li').count(), 0);

      // A caller waits: nobody is ready. It gives up: abandoned before an agent answered.
      const first = s.acd.sim.control.placeCall({ from: '+33612345678', to: DID });
      await waitText(sales, '[data-figure="waiting"]', /^1$/);
      t.regex((await sales.locator('[data-figure="longest"]').textContent()) ?? '', /^\d+:\d\d$/);
      await snap(page, '10-wallboard-waiting', true);
      s.acd.sim.control.remoteHangup(first.channelId);
      await waitText(sales, '[data-figure="waiting"]', /^0$/);
      await waitText(sales, '[data-figure="abandon"]', '100%');
      t.is(await sales.locator('[data-figure="sl"]').textContent(), '–', 'nothing answered yet');
      t.is(await board.locator('.alerts').count(), 0);

      // The next caller waits past the queue's 1 s threshold (the board's own wait counter says so),
      // then the agent is ready and answers: late.
      s.acd.sim.control.placeCall({ from: '+33698765432', to: DID });
      await waitText(sales, '[data-figure="longest"]', /^0:0[3-9]$/);
      await agentDoes(s, 'agentReady');
      await waitText(board.locator('section.state[data-status="ON_CALL"]'), 'li', 'Agent 2001');
      t.is(await board.locator('section.state[data-status="PAUSED"] li').count(), 0);
      await waitText(
        board,
        '.alerts [data-alert="Sales"]',
        /service level 0%, below its target of 80%/,
      );
      t.is(await sales.locator('[data-figure="sl"]').textContent(), '0%');
      t.is(await sales.locator('[data-figure="abandon"]').textContent(), '50%');
      await waitText(board, '[data-figure="calls-today"]', /^2$/);
      await snap(page, '11-wallboard-alert', true);
    } finally {
      await browser.close();
      await s.close();
    }
  },
);
