import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createApp } from '../../src/app.factory.js';
import { loadConfig, type Role } from '../../src/config/config.js';
import { dashboardRoot } from '../../src/dashboard/dashboard.js';
import { KEYS } from '../support/test-app.js';
import { type Seeded, seedOrganisation } from './dashboard.seed.js';

/**
 * The dashboard (issue 10) driven in headless Chromium — Debian's `chromium` package, through
 * playwright-core — against the real application on a real port, seeded through the API.
 * Screenshots of every page at 1280×800 go to test/artifacts/ (ignored by git).
 */

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = resolve('test/artifacts');
// As the machine notes say for Debian's Chromium here.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const skipReason = !existsSync(CHROMIUM)
  ? `${CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)`
  : !dashboardRoot()
    ? 'the dashboard is not built (npm run build writes dist/web)'
    : undefined;
if (skipReason) process.stderr.write(`test/e2e/dashboard.e2e.spec.ts skipped: ${skipReason}\n`);
const describeInChromium = skipReason ? describe.skip : describe;

/** `2026-11-25T16:10:18.704Z` → `2026-11-25T17:10:18` in Paris: what a French user types in the date picker. */
const parisLocal = (instant: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
    .format(new Date(instant))
    .replace(' ', 'T');

describeInChromium('The quality manager’s dashboard in headless Chromium', () => {
  let app: NestFastifyApplication;
  let dataDir: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let seeded: Seeded;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qualirec-e2e-'));
    app = await createApp({
      ...loadConfig({ QUALIREC_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
      apiKeys: Object.entries(KEYS).map(([role, key]) => ({ role: role as Role, name: `${role}-e2e`, key })),
    });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    seeded = await seedOrganisation(base, KEYS);
    mkdirSync(ARTIFACTS, { recursive: true });
    const { chromium } = await import('playwright-core');
    // A French browser, as the users' are: its date pickers read dd/mm/yyyy (with Debian's chromium-l10n; in English without it).
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, env: { ...process.env, LANGUAGE: 'fr' } });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR', timezoneId: 'Europe/Paris', acceptDownloads: true });
    page = await context.newPage();
    // A step that fails fails fast: everything here answers within a second.
    page.setDefaultTimeout(10_000);
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false });
  const heading = () => page.locator('h1');
  /** Every visible form control has a label, every table header a scope, and nothing overflows the width. */
  const checkPage = async () => {
    // In the page (the server's tsconfig has no DOM types, hence a string).
    const report = await page.evaluate<{ unlabelled: string[]; unscoped: number; overflow: number; lang: string }>(`({
      unlabelled: [...document.querySelectorAll('input, select, textarea')]
        .filter((e) => e.type !== 'hidden' && !e.labels?.length && !e.getAttribute('aria-label'))
        .map((e) => e.outerHTML),
      unscoped: [...document.querySelectorAll('table:not(.compact) th')].filter((th) => !th.getAttribute('scope')).length,
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      lang: document.documentElement.lang,
    })`);
    expect(report).toEqual({ unlabelled: [], unscoped: 0, overflow: 0, lang: report.lang });
    expect(['fr', 'en']).toContain(report.lang);
  };

  it('signs in with an API key, kept in sessionStorage only; a wrong key is refused', async () => {
    await page.goto(`${base}/`);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await heading().filter({ hasText: 'Connexion' }).waitFor();
    await shot('sign-in');

    await page.getByLabel('Clé d’API').fill('not-a-key-of-ours');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('alert').filter({ hasText: 'Cette clé n’est pas reconnue.' }).waitFor();
    // The browser logs the refused call (401) itself: expected here, and the only error allowed.
    expect(consoleErrors.every((e) => e.includes('401'))).toBe(true);
    consoleErrors.length = 0;

    await page.getByLabel('Clé d’API').fill(KEYS.auditor);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await heading().filter({ hasText: `Indicateurs qualité ${seeded.year}` }).waitFor();
    const storage = await page.evaluate<{ session: string | null; local: string }>(`({ session: sessionStorage.getItem('qualirec.apiKey'), local: JSON.stringify(localStorage) })`);
    expect(storage.session).toBe(KEYS.auditor);
    expect(storage.local).not.toContain(KEYS.auditor);
  });

  it('shows the eight indicators of the year against their targets, met or not met, each with a chart across years', async () => {
    const cards = page.locator('[data-indicator]');
    await page.locator('svg.line-chart').nth(7).waitFor();
    expect(await cards.count()).toBe(8);
    expect(await page.locator('[data-indicator="field_staff_meetings"]').getAttribute('data-status')).toBe('met');
    expect(await page.locator('[data-indicator="training_payroll_share"]').getAttribute('data-status')).toBe('not_met');
    expect(await page.locator('[data-indicator="field_staff_meetings"] .badge').innerText()).toContain('Atteint');
    expect(await page.locator('[data-indicator="training_payroll_share"] .badge').innerText()).toContain('Non atteint');
    expect(await page.locator('[data-indicator="training_payroll_share"]').innerText()).toMatch(/1,53\s%[\s\S]*Objectif ≥ 1,8\s%[\s\S]*5\s500\s€ sur 360\s000\s€/);
    // Two years on record for the payroll share: a point per year.
    expect(await page.locator('[data-indicator="training_payroll_share"] svg .point').count()).toBe(2);
    await checkPage();
    await shot('indicators');

    // Villeurbanne alone: 3 000 € of training on a 150 000 € payroll is 2 %, which meets 1.8 %.
    await page.getByLabel('Agence').fill('villeurbanne');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/agency=villeurbanne/);
    await page.locator('[data-indicator="training_payroll_share"][data-status="met"]').waitFor();
  });

  it('speaks English when asked, French by default', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await heading().filter({ hasText: `Quality indicators ${seeded.year}` }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('button', { name: 'Français' }).click();
    await heading().filter({ hasText: 'Indicateurs qualité' }).waitFor();
  });

  it('lists every alert grouped by kind, and opens one on its contract', async () => {
    await page.getByRole('link', { name: 'Alertes' }).click();
    await heading().filter({ hasText: 'Alertes' }).waitFor();
    // The agency filter follows the user from page to page: clear it to see every agency.
    await page.getByRole('link', { name: 'Effacer les filtres' }).click();
    const alerts = (await (await fetch(`${base}/alerts`, { headers: { authorization: `Bearer ${KEYS.quality}` } })).json()) as { alerts: { kind: string }[] };
    const kinds = [...new Set(alerts.alerts.map((a) => a.kind))];
    await page.locator(`[data-kind="${kinds[0]}"]`).waitFor();
    expect(await page.locator('[data-kind]').count()).toBe(kinds.length);
    expect(await page.locator('section[data-kind] tbody tr').count()).toBe(alerts.alerts.length);
    await checkPage();
    await shot('alerts');

    await page.locator('[data-kind="contract_not_validated"]').getByRole('link', { name: 'Contrat k-durand' }).click();
    await page.waitForURL(/#\/contracts\/k-durand$/);
    await heading().filter({ hasText: 'Contrat k-durand' }).waitFor();
    expect(await page.getByTestId('record-status').innerText()).toBe('Rédigé');
    await shot('contract');

    await page.goBack();
    await page.locator('[data-kind="replacement_without_proposal"]').getByRole('link', { name: 'Client c-bernard' }).click();
    await heading().filter({ hasText: 'Dossier client c-bernard' }).waitFor();
  });

  it('filters contracts, complaints and actions', async () => {
    await page.getByRole('link', { name: 'Contrats' }).click();
    await heading().filter({ hasText: 'Contrats' }).waitFor();
    await page.locator('tbody tr').nth(2).waitFor();
    await page.getByLabel('Statut').selectOption('signed');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/status=signed/);
    await page.locator('tbody tr', { hasText: 'k-martin' }).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(1);
    await checkPage();
    await shot('contracts');

    await page.getByRole('link', { name: 'Réclamations' }).click();
    await page.locator('tbody tr', { hasText: 'cp-1' }).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(2);
    await checkPage();
    await shot('complaints');

    await page.getByRole('link', { name: 'Actions' }).click();
    await page.locator('tbody tr', { hasText: 'a-1' }).waitFor();
    expect(await page.locator('tbody tr', { hasText: 'a-1' }).innerText()).toContain('en retard');
    await checkPage();
    await shot('actions');
  });

  it('shows the surveys, the benchmark across agencies, and results by theme with the representativeness warning', async () => {
    await page.getByRole('link', { name: 'Enquêtes' }).click();
    await page.locator('tbody tr', { hasText: 'sv-villeurbanne' }).waitFor();
    await page.locator('svg.bar-chart').waitFor();
    // Three themes, two agencies: six bars, Villeurbanne's drawn pale (not representative).
    expect(await page.locator('svg.bar-chart .bar').count()).toBe(6);
    expect(await page.locator('svg.bar-chart .bar.faded').count()).toBe(3);
    await checkPage();
    await shot('surveys');

    await page.getByRole('link', { name: 'sv-villeurbanne' }).click();
    await heading().filter({ hasText: 'sv-villeurbanne' }).waitFor();
    const warning = await page.getByTestId('representativeness').innerText();
    expect(warning).toContain('résultats non représentatifs');
    expect(warning).toContain('8 réponse(s)');
    expect(await page.getByRole('table', { name: 'Résultats par thème' }).locator('tbody tr').count()).toBe(3);
    await checkPage();
    await shot('survey-results');
  });

  it('opens a client’s timeline with who and when, shows the log verified, and exports it as ndjson', async () => {
    await page.getByRole('link', { name: 'Clients' }).click();
    await page.locator('tbody tr', { hasText: 'c-martin' }).waitFor();
    await shot('clients');
    await page.getByRole('link', { name: 'Client c-martin' }).click();
    await heading().filter({ hasText: 'Dossier client c-martin' }).waitFor();

    const history = (await (await fetch(`${base}/clients/${seeded.clientId}/history`, { headers: { authorization: `Bearer ${KEYS.auditor}` } })).json()) as { events: unknown[] };
    await page.locator('.timeline .event').nth(history.events.length - 1).waitFor();
    expect(await page.locator('.timeline .event').count()).toBe(history.events.length);
    const signed = page.locator('.timeline .event[data-type="ContractSigned"]');
    expect(await signed.innerText()).toMatch(/Contrat signé[\s\S]*Date métier[\s\S]*Enregistré le[\s\S]*Qui[\s\S]*integration-e2e \(intégration\)/);
    await page.getByTestId('verification').locator('[data-verified="ok"]').waitFor();
    expect(await page.getByTestId('verification').innerText()).toContain('Journal intègre');
    await checkPage();
    await shot('client-file');
    await page.getByRole('link', { name: 'Audit du dossier' }).click();
    await page.evaluate(`document.getElementById('audit-title').scrollIntoView()`);
    await shot('client-timeline');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exporter l’historique (ndjson)' }).click()]);
    expect(download.suggestedFilename()).toBe(`client-${seeded.clientId}-history.ndjson`);
    const lines = readFileSync((await download.path())!, 'utf8').split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(history.events.length);
    expect(JSON.parse(lines[0]).metadata.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('picks an instant and shows the file as it was then: the contract validated, its later signature not yet on file', async () => {
    // The current file: the contract is signed.
    expect(await page.locator('#current-title').locator('..').locator('tbody tr', { hasText: 'k-martin' }).innerText()).toContain('Signé');

    await page.getByLabel('Instant', { exact: true }).fill(parisLocal(seeded.betweenValidationAndSignature));
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.waitForURL(/at=/);
    const asOf = page.getByTestId('state-view');
    await asOf.waitFor();
    const row = asOf.locator('tbody tr', { hasText: 'k-martin' });
    expect(await row.innerText()).toContain('Validé');
    expect(await row.innerText()).not.toContain('Signé');
    expect(await page.locator('.timeline .event.later[data-type="ContractSigned"]').count()).toBe(1);
    await checkPage();
    await page.evaluate(`document.getElementById('audit-title').scrollIntoView()`);
    await shot('client-as-of');

    // From the timeline: the file as it was right after the signature.
    await page.locator('.timeline .event[data-type="ContractSigned"]').getByRole('button').click();
    await asOf.locator('tbody tr', { hasText: 'k-martin' }).filter({ hasText: 'Signé' }).waitFor();
    expect(await page.locator('.timeline .event.later[data-type="ContractSigned"]').count()).toBe(0);
  });

  it('shows a quality key the client file, and tells it the log is the auditors’', async () => {
    const quality = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const other = await quality.newPage();
    other.setDefaultTimeout(10_000);
    const errors: string[] = [];
    other.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await other.goto(`${base}/#/clients/${seeded.clientId}`);
    await other.getByLabel('Clé d’API').fill(KEYS.quality);
    await other.getByRole('button', { name: 'Se connecter' }).click();
    await other.locator('#current-title').waitFor();
    await other.getByText('réservés aux clés de rôle auditeur').waitFor();
    expect(await other.locator('.timeline').count()).toBe(0);
    // The one refused call (403 on the history), logged by the browser; not asked again in the session.
    expect(errors).toEqual([expect.stringContaining('403')]);
    await other.reload();
    await other.locator('#current-title').waitFor();
    await other.getByText('réservés aux clés de rôle auditeur').waitFor();
    expect(errors).toHaveLength(1);
    await quality.close();
  });

  it('fits a tablet', async () => {
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.getByRole('link', { name: 'Indicateurs' }).click();
    await page.locator('svg.line-chart').nth(7).waitFor();
    await checkPage();
    await page.screenshot({ path: join(ARTIFACTS, 'tablet-indicators.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('logged no error in the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
