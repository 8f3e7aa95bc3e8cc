/**
 * Helpers for driving the Web Chat page in Chromium: send a message and wait for the bot's whole
 * answer, walk a flow, find anything cut off horizontally, and run axe-core on the page.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.js';

/** Debian's Chromium (CHROMIUM_PATH to override). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Launches Chromium headless as the tests use it (no sandbox, no GPU, no background traffic), or
 * skips the calling suite when it is not installed (in CI, forbid-pending turns that into a
 * failure; .ci/run installs it).
 */
/** Chromium and the real server for a browser suite, closed together. */
export interface BrowserRun {
  readonly browser: Browser;
  readonly server: TestServer;
  close(): Promise<void>;
}

/**
 * Starts Chromium (skipping the calling suite locally without it; failing in CI) and the real
 * server, and makes sure the screenshot folder exists. Call it in `before`, close it in `after`.
 */
export async function startBrowserRun(suite: Mocha.Context): Promise<BrowserRun> {
  const browser = await launchChromium(suite);
  mkdirSync(ARTIFACTS, { recursive: true });
  const server = await startTestServer();
  return {
    browser,
    server,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Where the browser tests save their screenshots (git-ignored). */
export const ARTIFACTS = path.resolve(import.meta.dirname, '..', '..', 'artifacts', 'screenshots');

export async function launchChromium(suite: Mocha.Context): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    console.warn(`Chromium not found at ${CHROMIUM}: install it (apt-get install chromium).`);
    suite.skip();
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-quic',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

const ACTIVITY = '.webchat__basic-transcript__transcript .webchat__basic-transcript__activity';
const FROM_USER = '.webchat__stacked-layout--from-user';

/** The text of every bot activity after the user's last message (cards included). */
export function lastReplies(page: Page): Promise<string> {
  return page.evaluate(
    ({ activity, fromUser }) => {
      const all = [...document.querySelectorAll<HTMLElement>(activity)];
      let i = all.length - 1;
      while (i >= 0 && !all[i]?.querySelector(fromUser)) i--;
      return all
        .slice(i + 1)
        .map((a) => a.innerText)
        .join('\n');
    },
    { activity: ACTIVITY, fromUser: FROM_USER },
  );
}

/** Waits until no new activity has appeared for a while (the embedded Direct Line polls). */
async function settle(page: Page): Promise<void> {
  const activities = page.locator(ACTIVITY);
  let previous = -1;
  let count = await activities.count();
  while (count !== previous) {
    previous = count;
    await page.waitForTimeout(700);
    count = await activities.count();
  }
}

/** Types `text` in the send box, sends it, and returns the bot's answer once it has arrived. */
export async function send(page: Page, text: string): Promise<string> {
  const before = await page.locator(ACTIVITY).count();
  const input = page.locator('[data-id="webchat-sendbox-input"]');
  await input.fill(text);
  await input.press('Enter');
  await page.waitForFunction(
    ({ activity, n }) => document.querySelectorAll(activity).length >= n + 2,
    { activity: ACTIVITY, n: before },
    { timeout: 20_000 },
  );
  await settle(page);
  return lastReplies(page);
}

/**
 * Clicks a button in the transcript and returns the bot's answers since the user's last message
 * once nothing new arrives (a card's button may post a message, or open content in the card).
 */
export async function click(page: Page, name: RegExp): Promise<string> {
  await page.locator(ACTIVITY).getByRole('button', { name }).last().click();
  await page.waitForTimeout(700);
  await settle(page);
  return lastReplies(page);
}

/**
 * Clicks an answer button (or a card's submit button) in the transcript and returns the text of
 * the activities that came after it only: a click on a card posts no bubble of the user's, so
 * lastReplies would also return the answers to the clicks before it.
 */
export async function clickForReply(page: Page, name: RegExp): Promise<string> {
  const before = await page.locator(ACTIVITY).count();
  await page.locator(ACTIVITY).getByRole('button', { name }).last().click();
  await page.waitForFunction(
    ({ activity, n }) => document.querySelectorAll(activity).length > n,
    { activity: ACTIVITY, n: before },
    { timeout: 20_000 },
  );
  await settle(page);
  return page.evaluate(
    ({ activity, n }) =>
      [...document.querySelectorAll<HTMLElement>(activity)]
        .slice(n)
        .map((a) => a.innerText)
        .join('\n'),
    { activity: ACTIVITY, n: before },
  );
}

/** A flow through the bot: what to type first, and how to answer each question it may ask. */
export interface Flow {
  readonly name: string;
  readonly first: string;
  /** Answers in order (when the questions are fixed) … */
  readonly answers?: readonly string[];
  /** … or by question: the first rule whose pattern matches the bot's last answer is typed. */
  readonly rules?: readonly (readonly [RegExp, string])[];
  /** The answer the flow must reach. */
  readonly done: RegExp;
}

/** Walks `flow` and returns the bot's final answer; fails with the question it could not answer. */
export async function walk(page: Page, flow: Flow): Promise<string> {
  let reply = await send(page, flow.first);
  for (const answer of flow.answers ?? []) reply = await send(page, answer);
  for (let turn = 0; flow.rules && !flow.done.test(reply) && turn < 20; turn++) {
    const rule = flow.rules.find(([pattern]) => pattern.test(reply));
    if (!rule) throw new Error(`${flow.name}: no answer for the question:\n${reply}`);
    reply = await send(page, rule[1]);
  }
  return reply;
}

/**
 * Everything on screen that is cut off horizontally: every visible element in the transcript and
 * the suggested actions that clips or scrolls its content and whose content is wider than its box
 * (scrollWidth > clientWidth: clipped, an ellipsis or a scroll bar), and every bubble, card or
 * card button that reaches past the transcript's edge.
 */
export function overflowing(page: Page): Promise<string[]> {
  // No named functions inside: tsx would wrap them in a helper the page does not have.
  return page.evaluate(() => {
    const found: string[] = [];
    const roots = document.querySelectorAll(
      '.webchat__basic-transcript__transcript, .webchat__suggested-actions',
    );
    const transcript = document.querySelector('.webchat__basic-transcript__transcript');
    const edge = transcript?.getBoundingClientRect().right ?? window.innerWidth;
    const boxes = new Set(
      document.querySelectorAll('.webchat__bubble, .ac-adaptiveCard, .copy-text, .ac-pushButton'),
    );
    for (const root of roots) {
      for (const el of [root, ...root.querySelectorAll('*')]) {
        if (!(el instanceof HTMLElement) || el.clientWidth <= 1 || !el.checkVisibility()) continue;
        const name = `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} «${(el.textContent ?? '').trim().slice(0, 60)}»`;
        // Content wider than a box that clips or scrolls it is cut off (overflow: visible content,
        // like an Adaptive Card's show card bleeding into its parent's padding, is not).
        const clips = getComputedStyle(el).overflowX !== 'visible';
        if (clips && el.scrollWidth > el.clientWidth + 1) {
          found.push(`${name}: ${el.scrollWidth} px of content in ${el.clientWidth} px`);
        }
        const right = el.getBoundingClientRect().right;
        if (boxes.has(el) && right > edge + 1) {
          found.push(`${name}: right edge at ${right} px, past the transcript's ${edge} px`);
        }
      }
    }
    return found;
  });
}

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** axe-core's serious and critical violations on the page (WCAG 2.1 A and AA rules). */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's CSP does not apply to it.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (...a: unknown[]) => Promise<unknown> } }).axe;
    const result = (await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })) as {
      violations: {
        id: string;
        impact: string;
        help: string;
        nodes: { target: string[]; failureSummary?: string; html?: string }[];
      }[];
    };
    // Each node with axe's own reason (for colour contrast: both colours and the ratio) and the
    // start of its text, so a failure in CI can be understood from the log alone.
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes
        .slice(0, 3)
        .map(
          (n) =>
            `${n.target.join(' ')} [${(n.failureSummary ?? '').replace(/\s+/g, ' ').trim()}] «${(n.html ?? '').replace(/<[^>]*>/g, '').slice(0, 80)}»`,
        ),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.targets.join(', ')})`);
}

/**
 * Card text whose colour is below `min`:1 against `background` (CSS colour). axe-core measures
 * contrast against whatever it finds behind the text at that moment, which depends on scrolling
 * (the privacy banner, a grey show card); this checks every card text colour against the most
 * tinted light background on the page, so a borderline colour fails every time, not now and then.
 */
export function lowContrastCardText(page: Page, background: string, min = 4.5): Promise<string[]> {
  // No named functions inside: tsx would wrap them in a helper the page does not have.
  return page.evaluate(
    ({ background, min }) => {
      const texts = [
        ...document.querySelectorAll<HTMLElement>('.ac-textBlock, .ac-textRun'),
      ].filter((el) => el.checkVisibility() && (el.textContent ?? '').trim() !== '');
      const colours = [background, ...texts.map((el) => getComputedStyle(el).color)];
      const probe = document.createElement('span');
      document.body.append(probe);
      // Relative luminance (WCAG 2.1) of each colour, the background first.
      const luminances = colours.map((css) => {
        probe.style.color = css;
        const [r = 0, g = 0, b = 0] = (getComputedStyle(probe).color.match(/[\d.]+/g) ?? [])
          .slice(0, 3)
          .map((v) => {
            const c = Number(v) / 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
          });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      });
      probe.remove();
      const bg = luminances[0] ?? 1;
      const found = new Set<string>();
      texts.forEach((el, i) => {
        const fg = luminances[i + 1] ?? 0;
        const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
        if (ratio < min) {
          found.add(
            `${colours[i + 1]} (${ratio.toFixed(2)}:1) «${(el.textContent ?? '').trim().slice(0, 50)}»`,
          );
        }
      });
      return [...found];
    },
    { background, min },
  );
}
