/** Who is acting: `--by`/`--as`, else NHISCAN_USER, else git's user.email, else the OS user. */
import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import type { CliIo } from './io.js';

export function resolveActor(io: CliIo, given: string | undefined): string {
  if (given?.trim()) return given.trim();
  if (io.env.NHISCAN_USER?.trim()) return io.env.NHISCAN_USER.trim();
  try {
    const email = execFileSync('git', ['config', 'user.email'], {
      cwd: io.cwd,
      encoding: 'utf8',
      stdio: 'pipe',
    }).trim();
    if (email) return email;
  } catch {
    // no git, or no user.email: fall through
  }
  return userInfo().username;
}
