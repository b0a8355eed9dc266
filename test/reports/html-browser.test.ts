/**
 * The done-when test of the html report: the demo's report.html, opened from file:// in headless
 * Chromium (Debian's `chromium`, driven by puppeteer-core), with JavaScript off. The rendered page
 * names every leaver of the JSON report of the same database, draws its charts with accessible
 * names, lists the OWASP NHI items, opens a finding's evidence on a click, and makes no request
 * but for the file itself. A full-page screenshot is kept as the CI artifact
 * (test-artifacts/html-report.png). Without chromium the test fails and says what to install.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const ARTIFACTS = resolve('test-artifacts');
const SCREENSHOT = join(ARTIFACTS, 'html-report.png');
/** A busy two-core machine: launching the browser and laying out the page can take a while. */
const SLOW = 120_000;

/** Debian's chromium: the one on PATH, else its usual place; never a downloaded browser. */
function chromiumPath(): string {
  let found = '';
  try {
    found = execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    // not on PATH
  }
  if (found) return found;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  throw new Error(
    "chromium is not installed: the html report test opens the page in Debian's chromium. Install it with `apt-get install chromium` (.ci/run does) and run the test again.",
  );
}

/** The element's text as rendered (innerText: what a reader sees, hidden parts left out). */
function renderedText(page: Page, selector: string): Promise<string> {
  return page.$eval(
    selector,
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what is asserted
    (element) => (element as unknown as { innerText: string }).innerText,
  );
}

/** A page that records every request it makes and lets through only the file itself. */
async function recordingPage(
  browser: Browser,
  javaScript: boolean,
): Promise<{ page: Page; requests: string[] }> {
  const page = await browser.newPage();
  page.setDefaultTimeout(SLOW);
  await page.setViewport({ width: 1280, height: 900 });
  await page.setJavaScriptEnabled(javaScript);
  await page.setRequestInterception(true);
  const requests: string[] = [];
  page.on('request', (request) => {
    requests.push(request.url());
    if (request.url().startsWith('file:')) void request.continue();
    else void request.abort();
  });
  return { page, requests };
}

describe('the html report in a browser', () => {
  const dir = temporaryDirectory();
  let browser: Browser | undefined;
  let fileUrl: string;
  let leaverNames: string[];

  beforeAll(async () => {
    const executablePath = chromiumPath();
    const demo = await cli(['demo'], { cwd: dir.path });
    expect(demo.exitCode).toBe(0);
    const out = join(dir.path, 'nhiscan-demo');
    fileUrl = pathToFileURL(join(out, 'report.html')).href;
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    leaverNames = report.summary.leaversWithLiveCredentials.map((leaver: { name: string }) => leaver.name);
    expect(leaverNames).toHaveLength(7);
    browser = await puppeteer.launch({
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
      timeout: SLOW,
      protocolTimeout: SLOW,
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    dir.remove();
  });

  it('renders without JavaScript: leavers named, charts with accessible names, OWASP NHI items, evidence on click, no request', async () => {
    const { page, requests } = await recordingPage(browser!, false);
    await page.goto(fileUrl, { waitUntil: 'load', timeout: SLOW });

    const leavers = await renderedText(page, '#leavers');
    for (const name of leaverNames) expect(leavers).toContain(name);
    expect(leavers).toContain('7 leavers still hold live credentials');

    // Every chart the page draws is an image with a name (its <title>) and a description.
    const svgs = await page.$$('svg[role="img"]');
    const html = readFileSync(new URL(fileUrl), 'utf8');
    expect(svgs.length).toBe(html.match(/<svg [^>]*role="img"/g)!.length);
    expect(svgs.length).toBeGreaterThanOrEqual(14);
    const names: string[] = [];
    for (const svg of svgs) {
      const node = await page.accessibility.snapshot({ root: svg, interestingOnly: false });
      expect(['image', 'img']).toContain(node?.role);
      expect(node?.description ?? '').not.toBe('');
      if (node?.name) names.push(node.name);
    }
    expect(names).toHaveLength(svgs.length);
    expect(names).toContain('Each leaver from termination to disable');
    expect(names).toContain('Open findings by severity');

    const owasp = await renderedText(page, '#compliance-owasp-nhi');
    expect(owasp).toContain('OWASP Non-Human Identities Top 10 (2025)');
    for (const item of [
      'NHI1',
      'Improper Offboarding',
      'NHI5',
      'Overprivileged NHI',
      'NHI7',
      'Long-Lived Secrets',
    ])
      expect(owasp).toContain(item);

    // A finding's evidence is hidden until its summary is clicked; the browser opens it, no script.
    const evidence = '#finding-1 pre.evidence';
    const shownNow = `document.querySelector(${JSON.stringify(evidence)}).checkVisibility()`;
    expect(await page.evaluate(shownNow)).toBe(false);
    await page.click('#finding-1 > summary');
    await page.waitForFunction(shownNow);
    const shown = await renderedText(page, evidence);
    expect(shown).toContain('"employeeId": "E1031"');

    expect(requests).toEqual([fileUrl]);
    await page.close();
  });

  it('makes no request with JavaScript on either, and is kept as a full-page screenshot', async () => {
    const { page, requests } = await recordingPage(browser!, true);
    await page.goto(fileUrl, { waitUntil: 'load', timeout: SLOW });
    expect(await page.title()).toBe('nhiscan report: scan #1 as of 2026-11-26');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(readFileSync(SCREENSHOT).subarray(1, 4).toString()).toBe('PNG');
    expect(requests).toEqual([fileUrl]);
    await page.close();
  });
});
