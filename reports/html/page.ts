/**
 * The page shell: one self-contained document. Its Content-Security-Policy forbids every load
 * (scripts, fonts, stylesheets, images, frames, connections) but its own inline `<style>`, so the
 * file reads the same offline, from a CI artifact, or anywhere it is opened; nothing needs script.
 */
import { count, Html, html } from './escape.js';
import { LIMITS } from './limits.js';
import { STYLES } from './styles.js';

const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

export interface PageShell {
  title: string;
  /** One line under the heading: the scan and when the page was made. */
  subtitle: string;
  toolVersion: string;
  generatedAt: string;
  /** The sections' ids and headings, in page order, for the navigation. */
  nav: readonly { id: string; title: string }[];
  body: Html;
}

function about(shell: PageShell): Html {
  return html`<footer id="about"><h2>About this page</h2>
<p>Written by nhiscan ${shell.toolVersion} at ${shell.generatedAt}. One self-contained file: no script, no external font, stylesheet or image, so it opens offline and as a CI artifact. Click a finding to see its evidence. It holds no secret material: credential ids, hints and fingerprints only.</p>
<p>On a large estate it lists at most ${count(LIMITS.findings)} findings (each evidence cut at ${count(LIMITS.evidenceCharacters)} characters), ${count(LIMITS.requests)} revocation requests, ${count(LIMITS.leavers)} leavers (${count(LIMITS.timelineRows)} on the timeline), ${count(LIMITS.sources)} sources (${count(LIMITS.problemsPerSource)} problems each) and the top ${count(LIMITS.owners)} owners; every cut says how many it left out. report.json holds everything.</p>
</footer>`;
}

export function renderPage(shell: PageShell): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="${`nhiscan ${shell.toolVersion}`}">
<title>${shell.title}</title>
<style>${new Html(STYLES)}</style>
</head>
<body>
<a class="skip" href="#main">Skip to the report</a>
<header><h1>${shell.title}</h1><p>${shell.subtitle}</p><nav aria-label="Sections"><ul>${shell.nav.map(
    (entry) => html`<li><a href="${`#${entry.id}`}">${entry.title}</a></li>`,
  )}<li><a href="#about">About this page</a></li></ul></nav></header>
<main id="main">
${shell.body}
</main>
${about(shell)}
</body>
</html>
`.markup;
}
