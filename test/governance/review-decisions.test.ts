/**
 * The review screen decides through the same governance as the CLI (issue 19): a candidate owner's
 * approval and rejection typed on screen are refused with the reason on the status line and a
 * `decision.refused` audit record, and the request is unchanged; an ambiguous reviewer name is
 * refused the same way; a second approval by the same person under another spelling is refused.
 */
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import React from 'react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ReviewApp } from '../../src/review/app.js';
import { type Db, openDatabase } from '../../src/store/index.js';
import { appProps } from '../review/fixture.js';
import { CREDENTIAL, governedEstate } from './support/governed-estate.js';

const ENTER = '\r';
const flat = (frame: string | undefined) => frame!.replace(/ *\n */g, ' ');
const eventually = (check: () => void) => vi.waitFor(check, { timeout: 3000, interval: 20 });

async function type(stdin: { write(data: string): void }, ...keys: string[]) {
  for (const key of keys) {
    stdin.write(key);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
}

describe('review screen decisions', () => {
  let estate: Awaited<ReturnType<typeof governedEstate>>;
  let db: Db;
  beforeAll(async () => {
    estate = await governedEstate();
    db = openDatabase(join(estate.dir.path, 'nhiscan.db'));
  }, 60_000);
  afterAll(() => {
    db.close();
    estate.dir.remove();
  });

  const open = async (reviewer: string, search: string) => {
    const screen = render(
      React.createElement(
        ReviewApp,
        appProps(db, { reviewer, baselineFile: join(estate.dir.path, '.nhiscan-baseline.yaml') }),
      ),
    );
    await eventually(() => expect(screen.lastFrame()).toContain('─'));
    await type(screen.stdin, '/', search, ENTER);
    await eventually(() =>
      expect(flat(screen.lastFrame())).toContain(`credential  jenkins/ci api-token ${search}`),
    );
    return screen;
  };

  it("refuses a candidate owner's approval and rejection typed on screen", async () => {
    const screen = await open('dan@acme.example', 'shared');
    const shared = estate.requestOf(CREDENTIAL.shared);
    const refusal = `refused: Dan Diaz (E4) is named as an owner of credential ${CREDENTIAL.shared} (declared signal) and cannot`;
    await type(screen.stdin, 'a', 'fine by me', ENTER);
    await eventually(() =>
      expect(flat(screen.lastFrame())).toContain(`${refusal} approve its revocation; ask someone else`),
    );
    await type(screen.stdin, 'x', 'keep it', ENTER);
    await eventually(() =>
      expect(flat(screen.lastFrame())).toContain(`${refusal} reject its revocation; ask someone else`),
    );
    screen.unmount();
    expect(estate.requestOf(CREDENTIAL.shared).state).toBe('pending-approval');
    expect(estate.refusals().slice(-2)).toEqual([
      ['dan@acme.example', `request:${shared.id}`, 'owner', expect.stringContaining('cannot approve')],
      ['dan@acme.example', `request:${shared.id}`, 'owner', expect.stringContaining('cannot reject')],
    ]);
  });

  it('refuses an ambiguous reviewer, and the same person approving twice under another spelling', async () => {
    let screen = await open('Sam Smith', 'mover-priv');
    await type(screen.stdin, 'a', 'ok', ENTER);
    await eventually(() =>
      expect(flat(screen.lastFrame())).toContain(
        'refused: Sam Smith names 2 people in HR (E5, E6): give an email or an employee id',
      ),
    );
    screen.unmount();

    screen = await open('alice@acme.example', 'mover-priv');
    await type(screen.stdin, 'a', 'old department', ENTER);
    await eventually(() => expect(flat(screen.lastFrame())).toContain('approvals 1/2'));
    screen.unmount();
    screen = await open('Alice Archer', 'mover-priv');
    await type(screen.stdin, 'a', 'again', ENTER);
    await eventually(() =>
      expect(flat(screen.lastFrame())).toContain('refused: Alice Archer (E1) already approved request'),
    );
    screen.unmount();
    expect(estate.requestOf(CREDENTIAL.mover).state).toBe('pending-approval');
    expect(
      estate
        .refusals()
        .slice(-2)
        .map(([actor, , refusal]) => [actor, refusal]),
    ).toEqual([
      ['Sam Smith', 'actor-ambiguous'],
      ['Alice Archer', 'same-approver'],
    ]);
  });
});
