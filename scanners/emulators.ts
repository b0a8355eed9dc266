/**
 * The emulated providers: each scanner with a wire-level emulator (`scanners/<id>/emulator/`)
 * registers its `emulatedProvider` here (from `emulator/provider.ts`, which loads the servers only
 * when one is started), and `src/emulate` (start-emulators.ts, the estate generator) loops over
 * this list without naming a provider. A test asserts that every `scanners/<id>/emulator/` folder
 * is listed here, under the scanner's id.
 *
 * The order is part of the output: the generator builds the providers in it (so a spec gives the
 * same estate, byte for byte, and the last provider takes the rest of the credentials), and
 * start-emulators starts them in it (ports, sources, environment variables).
 */
import type { EmulatedProvider, EstateOf, RateLimitOf } from '../src/emulate/emulated-provider.js';
import { emulatedProvider as aws } from './aws/emulator/provider.js';
import { emulatedProvider as azure } from './azure/emulator/provider.js';
import { emulatedProvider as gcp } from './gcp/emulator/provider.js';
import { emulatedProvider as github } from './github/emulator/provider.js';
import { emulatedProvider as gitlab } from './gitlab/emulator/provider.js';
import { emulatedProvider as kubernetes } from './kubernetes/emulator/provider.js';
import { emulatedProvider as okta } from './okta/emulator/provider.js';

const LIST = [aws, github, gcp, azure, gitlab, okta, kubernetes] as const;

type Listed = (typeof LIST)[number];

/** The emulated providers, in the order they are built and started. */
export const EMULATED_PROVIDERS: readonly EmulatedProvider[] = LIST;

export type EmulatedProviderId = Listed['id'];

/** An emulated estate file: each provider's part under its id (people come from the HR file). */
export type Estate = { [P in Listed as P['id']]?: EstateOf<P> };

/** Per-provider rate limits the emulators enforce (none when absent; GitHub's default is 5,000/hour). */
export type EmulatorRateLimits = { [P in Listed as P['id']]?: RateLimitOf<P> };
