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
});
