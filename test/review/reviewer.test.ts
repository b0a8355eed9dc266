/**
 * Who the review screen records as the reviewer: `--as`, then NHISCAN_USER, then git's user.email
 * (then the OS user). `nhiscan review` takes it from resolveActor, as the queue commands do; git is
 * pointed at a config file of the test's own, so the machine's settings play no part.
 */
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveActor } from '../../src/cli/actor.js';
import type { CliIo } from '../../src/cli/io.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

describe('the reviewer', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  const gitConfig = () => join(dir.path, 'gitconfig');
  const io = (env: NodeJS.ProcessEnv): CliIo => ({
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    env,
    cwd: dir.path,
    now: () => new Date('2026-11-26T12:00:00Z'),
    signal: new AbortController().signal,
  });

  beforeEach(() => {
    dir = temporaryDirectory();
    writeFileSync(gitConfig(), '[user]\n\temail = git-user@acme.example\n');
    vi.stubEnv('GIT_CONFIG_GLOBAL', gitConfig());
    vi.stubEnv('GIT_CONFIG_NOSYSTEM', '1');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    dir.remove();
  });

  it('is --as first', () => {
    expect(resolveActor(io({ NHISCAN_USER: 'env-user@acme.example' }), ' lead@acme.example ')).toBe(
      'lead@acme.example',
    );
  });

  it('is NHISCAN_USER without --as (or with an empty one)', () => {
    expect(resolveActor(io({ NHISCAN_USER: 'env-user@acme.example' }), undefined)).toBe(
      'env-user@acme.example',
    );
    expect(resolveActor(io({ NHISCAN_USER: 'env-user@acme.example' }), '  ')).toBe('env-user@acme.example');
  });

  it("is git's user.email without either", () => {
    expect(resolveActor(io({}), undefined)).toBe('git-user@acme.example');
    expect(resolveActor(io({ NHISCAN_USER: ' ' }), undefined)).toBe('git-user@acme.example');
  });

  it('is the OS user when git has no user.email', () => {
    writeFileSync(gitConfig(), '');
    expect(resolveActor(io({}), undefined)).toBe(userInfo().username);
  });
});
