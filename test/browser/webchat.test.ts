/**
 * Browser test: Debian's Chromium, driven by playwright-core, loads the Web Chat page served by
 * the real server, sees the welcome, types "hjelp" and sees the answer. Saves a screenshot to
 * artifacts/ (git-ignored). Without Chromium the test is skipped locally and FAILS in CI
 * (.mocharc.cjs sets forbid-pending when CI is set; .ci/run installs Chromium).
 */
import { expect } from 'chai';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const artifacts = path.resolve(import.meta.dirname, '..', '..', 'artifacts', 'screenshots');

describe('Web Chat in a real browser', function () {
  this.timeout(60_000);
  let server: TestServer;
  let browser: Browser;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.warn(`Chromium not found at ${CHROMIUM}: install it (apt-get install chromium).`);
      this.skip();
    }
    server = await startTestServer();
    browser = await chromium.launch({
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
  });

  after(async function () {
    await browser?.close();
    await server?.close();
  });

  it('shows the welcome in Norwegian, answers "hjelp", and keeps the privacy note visible', async function () {
    const page = await browser.newPage({ locale: 'nb-NO', viewport: { width: 1000, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    const csp: string[] = [];
    page.on('console', (msg) => {
      if (/Content Security Policy|Content-Security-Policy/i.test(msg.text())) csp.push(msg.text());
    });
    await page.goto(server.url);
    expect(await page.title()).to.match(/Fagstøtte/);
    await page.getByText('Skriv aldri navn, fødselsnummer', { exact: false }).first().waitFor();
    await page.getByText('Hei! Jeg er', { exact: false }).first().waitFor({ timeout: 20_000 });
    await page.getByText('Hva vil du ha hjelp til?', { exact: false }).first().waitFor();
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'webchat-welcome.png') });

    const input = page.locator('[data-id="webchat-sendbox-input"]');
    await input.fill('hjelp');
    await input.press('Enter');
    await page
      .getByText('Slik bruker du Fagstøtte', { exact: false })
      .first()
      .waitFor({ timeout: 20_000 });

    await page.screenshot({ path: path.join(artifacts, 'webchat-hjelp.png') });
    expect(errors, errors.join('\n')).to.deep.equal([]);
    // The page's Content-Security-Policy lets Web Chat work and reports nothing.
    expect(csp, csp.join('\n')).to.deep.equal([]);
  });

  it('opens a flow from a suggested action button and leaves it with "avbryt"', async function () {
    const page = await browser.newPage({ locale: 'nb-NO', viewport: { width: 1000, height: 900 } });
    await page.goto(server.url);
    await page.getByText('Hei! Jeg er', { exact: false }).first().waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Søk i rutinene' }).last().click();
    await page.getByText('Hva lurer du på?', { exact: false }).first().waitFor({ timeout: 20_000 });
    const input = page.locator('[data-id="webchat-sendbox-input"]');
    await input.fill('avbryt');
    await input.press('Enter');
    await page
      .getByText('Greit, jeg har avbrutt', { exact: false })
      .first()
      .waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(artifacts, 'webchat-avbryt.png') });
  });

  for (const width of [1000, 420]) {
    it(`answers "Hvem har ansvaret?" for a 16-year-old readably at ${width} px, typed answers accepted`, async function () {
      const page = await browser.newPage({ locale: 'nb-NO', viewport: { width, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(err.message));
      await page.goto(server.url);
      await page.getByText('Hei! Jeg er', { exact: false }).first().waitFor({ timeout: 20_000 });
      const input = page.locator('[data-id="webchat-sendbox-input"]');
      const answers: [string, string][] = [
        ['Hvor gammel er pasienten', 'hun er 16 år'],
        ['utviklingshemming', 'nei'],
        ['autisme', 'nei'],
        ['ADHD', 'nei'],
        ['Hvor alvorlig?', 'moderat depresjon'],
        ['ruslidelse', 'alvorlig'],
        ['gravid', 'nei'],
        ['abstinens', 'nei'],
        ['akutt ruset', 'Flere ganger'],
      ];
      await input.fill('Hvem har ansvaret?');
      await input.press('Enter');
      for (const [prompt, reply] of answers) {
        await page.getByText(prompt, { exact: false }).last().waitFor({ timeout: 20_000 });
        await input.fill(reply);
        await input.press('Enter');
      }
      const answer = page.locator('.ac-adaptiveCard', { hasText: 'Hovedansvar' }).last();
      await answer.waitFor({ timeout: 20_000 });
      await answer.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      expect(await answer.innerText()).to.match(/Neste steg/);
      await page.screenshot({ path: path.join(artifacts, `responsibility-${width}.png`) });
      await answer.getByRole('button', { name: 'Hvorfor – med kilder' }).click();
      await page.getByText('punkt 5.1 Barn og unge', { exact: false }).last().waitFor();
      await page.screenshot({ path: path.join(artifacts, `responsibility-why-${width}.png`) });
      expect(errors, errors.join('\n')).to.deep.equal([]);
    });

    it(`shows the barn som pårørende checklist with the "nobody cares for the children" notice first at ${width} px`, async function () {
      const page = await browser.newPage({ locale: 'nb-NO', viewport: { width, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(err.message));
      await page.goto(server.url);
      await page.getByText('Hei! Jeg er', { exact: false }).first().waitFor({ timeout: 20_000 });
      const input = page.locator('[data-id="webchat-sendbox-input"]');
      const steps: [string, string][] = [
        ['Har pasienten barn', 'ja'],
        ['Hvor gamle', 'Vet ikke alderen'],
        ['Hvem tar seg av barna', 'Ingen – det er uavklart'],
        ['Hva vet barna', 'De vet om det'],
        ['alvorlig bekymring', 'Nei'],
      ];
      await input.fill('Barn som pårørende');
      await input.press('Enter');
      for (const [prompt, reply] of steps) {
        await page.getByText(prompt, { exact: false }).last().waitFor({ timeout: 20_000 });
        await input.fill(reply);
        await input.press('Enter');
      }
      const card = page.locator('.ac-adaptiveCard', { hasText: 'Tiltak internt' }).last();
      await card.waitFor({ timeout: 20_000 });
      await card.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      const text = (await card.textContent()) ?? '';
      expect(text).to.match(/barnevernstjenesten/);
      expect(text.indexOf('barnevernstjenesten')).to.be.lessThan(text.indexOf('Kartlegging'));
      // The card's top (the notice) below Web Chat's header: scroll it to the top, then back a little.
      await card.evaluate((el) => {
        el.scrollIntoView({ block: 'start' });
        let box: HTMLElement | null = el.parentElement;
        while (box && box.scrollHeight <= box.clientHeight) box = box.parentElement;
        if (box) box.scrollTop -= 40;
      });
      await page.screenshot({ path: path.join(artifacts, `barn-uten-omsorg-${width}.png`) });
      expect(errors, errors.join('\n')).to.deep.equal([]);
    });

    it(`shows the possible and the acute tier readably at ${width} px, sources one click away`, async function () {
      const page = await browser.newPage({ locale: 'nb-NO', viewport: { width, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(err.message));
      await page.goto(server.url);
      await page.getByText('Hei! Jeg er', { exact: false }).first().waitFor({ timeout: 20_000 });
      const input = page.locator('[data-id="webchat-sendbox-input"]');
      await input.fill('suicidal');
      await input.press('Enter');
      await page
        .getByText('Mulig selvmordsfare', { exact: false })
        .first()
        .waitFor({ timeout: 20_000 });
      await page.screenshot({ path: path.join(artifacts, `safety-possible-${width}.png`) });
      await page.getByRole('button', { name: 'Ja – akutt fare nå' }).last().click();
      await page
        .getByText('følg den akutte rutinen nå', { exact: false })
        .first()
        .waitFor({ timeout: 20_000 });
      await page.getByRole('button', { name: 'Vis kilder' }).last().click();
      await page.getByText('helsenorge', { exact: false }).first().waitFor({ timeout: 20_000 });
      await page.screenshot({
        path: path.join(artifacts, `safety-acute-${width}.png`),
        fullPage: true,
      });
      expect(errors, errors.join('\n')).to.deep.equal([]);
    });
  }

  it('tells the user to sign in, at the top, when the server requires it (DIRECT_LINE_SECRET set, no sign-in header)', async function () {
    const guarded = await startTestServer({ DIRECT_LINE_SECRET: 's'.repeat(40) });
    try {
      for (const width of [1000, 420]) {
        const page = await browser.newPage({ locale: 'nb-NO', viewport: { width, height: 600 } });
        await page.goto(guarded.url);
        const status = page.getByRole('status');
        await status.getByText('Nettpraten krever innlogging').waitFor({ timeout: 20_000 });
        const box = await status.boundingBox();
        expect(box?.y, 'the message is near the top, not below an empty chat').to.be.below(300);
        expect(await page.locator('#webchat').isVisible()).to.equal(false);
        await page.screenshot({ path: path.join(artifacts, `sign-in-required-${width}.png`) });
        await page.close();
      }
    } finally {
      await guarded.close();
    }
  });
});
