/**
 * The Okta part of a generated estate: one org of API tokens and OpenID Connect service apps with
 * one or two client secrets each (sometimes a JSON Web Key too). What the okta scanner makes of
 * each credential, and so what is recorded in `context.facts`:
 * - API token: owner = its creating user, an Okta user whose `profile.email` is the HR email
 *   (`creator`); an unowned token's creator is a user Okta no longer has (404: no signal).
 *   Privileged when the creator holds SUPER_ADMIN or ORG_ADMIN (every creator is an admin; the
 *   others READ_ONLY_ADMIN). Last use = expiresAt − tokenWindow: a used token's expiry is its last
 *   use plus its window; a never-used one's is its creation plus the window, which the scanner
 *   reads as unknown (`lastUseUnknown`). Every token's expiry is after as-of (an expired token
 *   would be gone from Okta): none is inactive or expired;
 * - client secret / JSON Web Key: owner = the app's `profile.owner` (none when unowned), ACTIVE or
 *   INACTIVE, never privileged, last use unknown (Okta does not record it);
 * - department: none (the scanner reads none, so no mover-recertify here).
 */
import type { BuildContext } from '../../../../src/emulate/generate/context.js';
import { serialCode } from '../../../../src/emulate/generate/context.js';
import { PURPOSES } from '../../../../src/emulate/generate/names.js';
import { createdNotAfterLeaving, type Owner } from '../../../../src/emulate/generate/owners.js';
import { drawTimeline, MIDDAY, type Timeline } from '../../../../src/emulate/generate/timeline.js';
import { EMULATED_OKTA_HOST, type OktaAppEstate, type OktaEstate } from '../estate.js';

/** Okta's share of a generated estate's credentials. */
export const OKTA_SHARE = 0.04;
const DAY_MS = 86_400_000;
const ALNUM = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

class OrgBuilder {
  readonly estate: OktaEstate;
  private readonly users = new Map<number, { id: string; privileged: boolean }>();
  private serial = 0;

  constructor(private readonly context: BuildContext) {
    this.estate = {
      token: `generated-okta-token-not-real-${context.seed}`,
      users: [],
      apiTokens: [],
      apps: [],
    };
  }

  /** An Okta-shaped id: a 3-character prefix, random characters, then a serial (unique by construction). */
  id(prefix: string): string {
    const { random } = this.context;
    let middle = '';
    for (let index = 0; index < 9; index++) middle += ALNUM[random.int(0, ALNUM.length - 1)];
    return `${prefix}${middle}${serialCode(++this.serial, ALNUM, 8)}`;
  }

  /** The owner's Okta user, made on first use: an admin, privileged one time in four. */
  creatorOf(owner: Owner): { id: string; privileged: boolean } {
    const { entry } = owner;
    if (!entry) return { id: this.id('00u'), privileged: false };
    const known = this.users.get(entry.index);
    if (known) return known;
    const made = { id: this.id('00u'), privileged: this.context.random.chance(0.25) };
    this.users.set(entry.index, made);
    const [firstName, ...rest] = entry.person.name.split(' ');
    this.estate.users.push({
      user: {
        id: made.id,
        status: 'ACTIVE',
        created: this.context.calendar.ago(2000),
        profile: {
          login: entry.person.email,
          email: entry.person.email,
          firstName,
          lastName: rest.join(' '),
        },
      },
      roles: made.privileged
        ? [this.context.random.chance(0.5) ? 'SUPER_ADMIN' : 'ORG_ADMIN']
        : ['READ_ONLY_ADMIN'],
    });
    return made;
  }

  record(
    uid: string,
    kind: string,
    owner: Owner,
    timeline: Timeline,
    privileged: boolean,
    lastUseUnknown: boolean,
  ) {
    this.context.facts.push({
      uid,
      provider: 'okta',
      account: EMULATED_OKTA_HOST,
      kind,
      ownerClass: owner.ownerClass,
      owner: owner.entry,
      timeline,
      privileged,
      department: null,
      ...(lastUseUnknown ? { lastUseUnknown: true as const } : {}),
    });
  }
}

function addApiToken(builder: OrgBuilder, context: BuildContext): void {
  const { random, calendar } = context;
  const owner = context.owners.pick({ mover: 0, unowned: 0.03 });
  const creator = builder.creatorOf(owner);
  const timeline = drawTimeline(random, {
    canBeInactive: false,
    canExpire: false,
    expiry: 'never',
    minCreatedDaysAgo: createdNotAfterLeaving(owner),
  });
  const created = calendar.ago(timeline.createdDaysAgo, random.int(0, MIDDAY - 1));
  const used = timeline.lastUsedDaysAgo;
  const renewed = used === null ? created : calendar.ago(used, MIDDAY + random.int(0, MIDDAY - 1));
  // The window outlasts the time since the renewal: the token has not expired by as-of.
  const windowDays =
    (used ?? timeline.createdDaysAgo) <= 20 ? 30 : (used ?? timeline.createdDaysAgo) + random.int(10, 60);
  const id = builder.id('00T');
  builder.estate.apiTokens.push({
    id,
    name: `${random.pick(PURPOSES)}-token`,
    userId: creator.id,
    clientName: 'Okta API',
    created,
    expiresAt: new Date(Date.parse(renewed) + windowDays * DAY_MS).toISOString(),
    tokenWindow: `P${windowDays}D`,
  });
  builder.record(
    `okta:${EMULATED_OKTA_HOST}:api-token:${id}`,
    'api-token',
    owner,
    timeline,
    creator.privileged,
    used === null,
  );
}

/** One service app with `count` credentials: secrets first (Okta allows two), then a key. */
function addApp(builder: OrgBuilder, context: BuildContext, count: number): void {
  const { random, calendar } = context;
  const owner = context.owners.pick({ mover: 0, unowned: 0.03 });
  const appId = builder.id('0oa');
  const entry: OktaAppEstate = {
    app: {
      id: appId,
      name: 'oidc_client',
      label: `${random.pick(PURPOSES)}-service-${appId.slice(-5)}`,
      signOnMode: 'OPENID_CONNECT',
      status: 'ACTIVE',
      created: calendar.ago(1500),
      ...(owner.entry ? { profile: { owner: owner.entry.person.email } } : {}),
      credentials: { oauthClient: { client_id: appId, token_endpoint_auth_method: 'client_secret_basic' } },
      settings: { oauthClient: { application_type: 'service', grant_types: ['client_credentials'] } },
    },
    secrets: [],
    jwks: [],
  };
  for (let index = 0; index < count; index++) {
    const timeline = drawTimeline(random, {
      canBeInactive: true,
      canExpire: false,
      expiry: 'never',
      minCreatedDaysAgo: createdNotAfterLeaving(owner),
    });
    const created = calendar.ago(timeline.createdDaysAgo, random.int(0, MIDDAY - 1));
    const status = timeline.state === 'inactive' ? 'INACTIVE' : 'ACTIVE';
    const isKey = index === 2;
    const id = builder.id(isKey ? 'pks' : 'ocs');
    if (isKey)
      entry.jwks.push({
        id,
        kid: `kid-${id}`,
        kty: 'RSA',
        e: 'AQAB',
        n: 'emulated',
        status,
        created,
        lastUpdated: created,
      });
    else
      entry.secrets.push({
        id,
        status,
        created,
        lastUpdated: created,
        secret_hash: random.hex(22),
        client_secret: `generated-okta-client-secret-not-real-${id}`,
      });
    const kind = isKey ? 'client-jwk' : 'client-secret';
    builder.record(`okta:${EMULATED_OKTA_HOST}:${kind}:${appId}/${id}`, kind, owner, timeline, false, true);
  }
  builder.estate.apps.push(entry);
}

export function buildOktaEstate(context: BuildContext, credentials: number): OktaEstate {
  const builder = new OrgBuilder(context);
  for (let written = 0; written < credentials; ) {
    const left = credentials - written;
    if (context.random.chance(0.4)) {
      addApiToken(builder, context);
      written += 1;
      continue;
    }
    const count = Math.min(left, context.random.weighted([0.5, 0.35, 0.15]) + 1);
    addApp(builder, context, count);
    written += count;
  }
  return builder.estate;
}
