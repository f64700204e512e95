// Shared set-up of the browser tests: where Chromium is, the skip line when it is not, one
// browser per test file, a page that records console errors and any request leaving
// file:// URLs, and a report file opened in it.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where the browser tests write their pages and screenshots. */
export const OUT = resolve('test-results');

export const CHROMIUM = process.env.BATCH_HTTP_CHROMIUM || '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run'];

/** False when Chromium is there; else prints one clear skip line and returns the reason for the tests. */
export function browserSkip(): false | string {
  if (existsSync(CHROMIUM)) return false;
  process.stdout.write(
    `# SKIPPED browser tests: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set BATCH_HTTP_CHROMIUM); the HTML report and the webview page were NOT checked in a browser\n`,
  );
  return `no Chromium at ${CHROMIUM}`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

export interface WatchedPage {
  page: Page;
  /** Console errors and warnings, and uncaught exceptions. */
  errors: string[];
  /** Requests to anything but file:// URLs (aborted). */
  foreign: string[];
}

export async function watchedPage(browser: Browser, viewport = { width: 1280, height: 1000 }): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  const foreign: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  return { page, errors, foreign };
}

/**
 * The Chromium of one test file: launched before its tests (after making test-results/)
 * unless `skip`, closed after them. Call it at the top of the file; it returns a getter.
 */
export function chromiumForFile(skip: false | string): () => Browser {
  let browser: Browser | undefined;
  before(async () => {
    if (skip) return;
    mkdirSync(OUT, { recursive: true });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  return () => {
    assert.ok(browser, 'Chromium was launched');
    return browser;
  };
}

/** Opens a report HTML file and waits until it is ready with a bar drawn (or just ready, for an `empty` report). */
export async function openReportPage(page: Page, file: string, empty = false): Promise<void> {
  await page.goto(pathToFileURL(file).href);
  await page.waitForFunction((none) => window.__batchHttpReport?.ready === true && (none || window.__batchHttpReport.drawnBars() > 0), empty, { timeout: 20_000 });
}
