// Debian's headless Chromium (/usr/bin/chromium, installed by apt-get) driven by playwright-core;
// no browser is downloaded. Shared by the page tests.
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
export const SKIP_REASON = `${CHROMIUM} is missing (apt-get install chromium); set CI=1 to make this a failure`;

/** Where the page tests leave their screenshots (outside the repository, overwritten each run). */
export const SCREENSHOTS = join(tmpdir(), 'entropic-demo-screenshots');

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, name);
}

/** Skips the test without Chromium, or fails it when CI is set. */
export function requireChromium(ctx: { skip: (note?: string) => void }): void {
  if (haveChromium) return;
  if (process.env.CI) throw new Error(`the browser test needs ${CHROMIUM}: apt-get install chromium`);
  ctx.skip(SKIP_REASON);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Collects page errors, console errors and any request that leaves 127.0.0.1 (the page must not
 * fetch anything from the network) into the returned list.
 */
export async function watchProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  await page.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => {
    problems.push(`network: ${route.request().url()}`);
    return route.abort();
  });
  return problems;
}
