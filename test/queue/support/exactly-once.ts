/**
 * What the executor crash tests check after every run, on either engine: each leaver key got
 * exactly one UpdateAccessKey(Inactive) and one DeleteAccessKey, and the active owner's key was
 * never touched (the emulator saw every request, so its log and its estate both say so).
 */
import { expect } from 'vitest';
import type { AwsEmulator } from '../../../scanners/aws/emulator/index.js';
import { type KeyOwner, providerWrites } from './aws-queue-fixture.js';

export function expectEachKeyRevokedOnce(
  emulator: AwsEmulator,
  leavers: readonly KeyOwner[],
  active: KeyOwner,
  where: string,
): void {
  const byKey = (a: unknown[], b: unknown[]) => JSON.stringify(a).localeCompare(JSON.stringify(b));
  expect(providerWrites(emulator).sort(byKey), `${where}: provider mutations`).toEqual(
    leavers
      .flatMap((leaver) => [
        ['UpdateAccessKey', leaver.key, 'Inactive'],
        ['DeleteAccessKey', leaver.key, undefined],
      ])
      .sort(byKey),
  );
  expect(
    emulator.estate.accounts[0]!.users.map((user) => [
      user.name,
      (user.accessKeys ?? []).map((key) => `${key.id}:${key.status}`),
    ]),
    `${where}: the estate`,
  ).toEqual([...leavers.map((leaver) => [leaver.user, []]), [active.user, [`${active.key}:Active`]]]);
}
