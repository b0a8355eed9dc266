/**
 * The GitLab part of a generated estate: one self-managed instance read with an administrator's
 * token, a few top-level groups each with one subgroup and their projects. What the gitlab scanner
 * makes of each credential written:
 * - personal access token (account: the instance's host name, 127.0.0.1 for the emulator): owner
 *   the person whose user it is (email `owners-api`, SAML `extern_uid` = email for half of them,
 *   username = the person's plain HR alias `login`: all name the same person); never unowned;
 * - group and project access token: a bot user's, no owner (GitLab names no creator);
 * - deploy key: no owner, last use unknown (GitLab gives none: `lastUseUnknown`);
 * - department: none (the scanner reads none, so no mover-recertify here);
 * - privileged: scope `api` (PATs, access tokens, which then also hold Maintainer), `can_push`
 *   (deploy keys); the others hold `read_api`/`read_repository`, Reporter, no push;
 * - expired: past `expires_at` (a token then inactive). No revoked tokens, no deploy tokens (their
 *   API gives no creation date, which the truth's age rules need) and no CI/CD variables.
 */
import { accountCount, type BuildContext } from '../../../../src/emulate/generate/context.js';
import type { CredentialFacts } from '../../../../src/emulate/generate/facts.js';
import { PURPOSES } from '../../../../src/emulate/generate/names.js';
import { createdNotAfterLeaving } from '../../../../src/emulate/generate/owners.js';
import type { RosterEntry } from '../../../../src/emulate/generate/people.js';
import { drawTimeline, MIDDAY, type Timeline } from '../../../../src/emulate/generate/timeline.js';
import type { GitlabEstate, GitlabGroupEstate, GitlabProjectEstate, GitlabUser } from '../estate.js';

/** GitLab's share of a generated estate's credentials. */
export const GITLAB_SHARE = 0.06;
/** The account of instance-wide records the scanner gives the emulator (its host name). */
export const EMULATED_INSTANCE = '127.0.0.1';
const ORIGIN = 'https://gitlab.emulated';
const GROUP_NAMES = ['acme', 'acme-labs', 'acme-ops'] as const;
/**
 * Of the credentials: PATs, group access tokens, project access tokens, deploy keys. Only PATs have
 * an owner, so the unowned rest is kept small: the estate's unowned share stays near its target.
 */
const KIND_WEIGHTS = [0.8, 0.05, 0.1, 0.05];

class GitlabBuilder {
  readonly estate: GitlabEstate;
  private ids = { user: 1, token: 1000, group: 10, project: 100, key: 5000 };
  private readonly users = new Map<number, GitlabUser>();
  private readonly tops: GitlabGroupEstate[] = [];

  constructor(private readonly context: BuildContext) {
    const admin: GitlabUser = this.user('root', 'Administrator', 'admin@acme.example', false, null);
    this.estate = {
      token: `generated-gitlab-token-not-real-${context.seed}`,
      tokenUserId: admin.id,
      admin: true,
      users: [admin],
      personalAccessTokens: [],
      groups: [],
      projects: [],
    };
  }

  private user(username: string, name: string, email: string, bot: boolean, saml: string | null): GitlabUser {
    return {
      id: this.ids.user++,
      username,
      name,
      state: 'active',
      bot,
      email,
      identities: saml ? [{ provider: 'saml', extern_uid: saml, saml_provider_id: 1 }] : [],
      created_at: this.context.calendar.ago(1500),
      web_url: `${ORIGIN}/${username}`,
      avatar_url: null,
      public_email: null,
    };
  }

  /** The person's user, made on first use. */
  personUser(entry: RosterEntry): GitlabUser {
    let found = this.users.get(entry.index);
    if (!found) {
      const { person } = entry;
      found = this.user(
        person.aliases[0]!,
        person.name,
        person.email,
        false,
        this.context.random.chance(0.5) ? person.email : null,
      );
      this.users.set(entry.index, found);
      this.estate.users.push(found);
    }
    return found;
  }

  botUser(holder: string): GitlabUser {
    const id = this.ids.user;
    const bot = this.user(
      `${holder.replaceAll('/', '_')}_bot_${id}`,
      `${holder} bot`,
      `bot${id}@noreply.gitlab.emulated`,
      true,
      null,
    );
    this.estate.users.push(bot);
    return bot;
  }

  group(path: string, parent: GitlabGroupEstate | null): GitlabGroupEstate {
    const fullPath = parent ? `${parent.group.full_path}/${path}` : path;
    const entry: GitlabGroupEstate = {
      group: {
        id: this.ids.group++,
        name: path,
        path,
        full_path: fullPath,
        full_name: fullPath.replaceAll('/', ' / '),
        web_url: `${ORIGIN}/groups/${fullPath}`,
        created_at: this.context.calendar.ago(1600),
        visibility: 'private',
        parent_id: parent ? parent.group.id : null,
      },
      accessTokens: [],
      deployTokens: [],
    };
    this.estate.groups.push(entry);
    if (!parent) this.tops.push(entry);
    return entry;
  }

  project(namespace: GitlabGroupEstate): GitlabProjectEstate {
    const path = `${this.context.random.pick(PURPOSES)}-${this.ids.project}`;
    const { group } = namespace;
    const entry: GitlabProjectEstate = {
      project: {
        id: this.ids.project++,
        name: path,
        path,
        path_with_namespace: `${group.full_path}/${path}`,
        name_with_namespace: `${group.full_name} / ${path}`,
        web_url: `${ORIGIN}/${group.full_path}/${path}`,
        created_at: this.context.calendar.ago(1500),
        namespace: {
          id: group.id,
          name: group.name,
          path: group.path,
          kind: 'group',
          full_path: group.full_path,
        },
      },
      accessTokens: [],
      deployTokens: [],
      deployKeys: [],
      variables: [],
      members: [],
    };
    this.estate.projects.push(entry);
    return entry;
  }

  nextToken = () => this.ids.token++;
  nextKey = () => this.ids.key++;
  /** The top-level group an entry is in: itself, or the one its full path starts with, `/` included. */
  topOf = (entry: GitlabGroupEstate) =>
    this.tops.find(
      (top) =>
        entry.group.full_path === top.group.full_path ||
        entry.group.full_path.startsWith(`${top.group.full_path}/`),
    )!;
}

interface Dates {
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  active: boolean;
}

function datesOf(context: BuildContext, timeline: Timeline): Dates {
  const { calendar, random } = context;
  return {
    created_at: calendar.ago(timeline.createdDaysAgo, random.int(0, MIDDAY - 1)),
    last_used_at:
      timeline.lastUsedDaysAgo === null
        ? null
        : calendar.ago(timeline.lastUsedDaysAgo, random.int(MIDDAY, 86_399)),
    expires_at: timeline.expiresInDays === null ? null : calendar.date(timeline.expiresInDays),
    active: timeline.state === 'active',
  };
}

export function buildGitlabEstate(context: BuildContext, credentials: number): GitlabEstate {
  const { random } = context;
  const builder = new GitlabBuilder(context);
  const tops = GROUP_NAMES.slice(0, accountCount(credentials, 30, { min: 1, max: GROUP_NAMES.length }));
  const namespaces = tops.flatMap((name) => {
    const top = builder.group(name, null);
    return [top, builder.group('platform', top)];
  });
  const projects = namespaces.map((namespace) => builder.project(namespace));
  const fact = (
    uid: string,
    account: string,
    kind: string,
    owner: RosterEntry | null,
    extra: Partial<CredentialFacts> & { timeline: Timeline; privileged: boolean },
  ) =>
    context.facts.push({
      uid,
      provider: 'gitlab',
      account,
      kind,
      ownerClass: owner ? 'employee' : 'unowned',
      owner,
      department: null,
      ...extra,
    });
  for (let written = 0; written < credentials; written++) {
    const kind = random.weighted(KIND_WEIGHTS);
    const privileged = random.chance(0.08);
    if (kind === 0) {
      const owner = context.owners.pick({ mover: 0, unowned: 0 });
      const timeline = drawTimeline(random, {
        canBeInactive: false,
        canExpire: true,
        expiry: 'sometimes',
        minCreatedDaysAgo: createdNotAfterLeaving(owner),
      });
      const user = builder.personUser(owner.entry!);
      const id = builder.nextToken();
      const dates = datesOf(context, timeline);
      builder.estate.personalAccessTokens.push({
        id,
        name: `${random.pick(PURPOSES)}-${id}`,
        revoked: false,
        scopes: privileged ? ['api'] : ['read_api'],
        user_id: user.id,
        ...dates,
      });
      fact(
        `gitlab:${EMULATED_INSTANCE}:personal-access-token:${id}`,
        EMULATED_INSTANCE,
        'personal-access-token',
        owner.entry,
        { ownerClass: owner.ownerClass, timeline, privileged },
      );
      continue;
    }
    if (kind === 1 || kind === 2) {
      const holder = kind === 1 ? random.pick(namespaces) : random.pick(projects);
      const path = 'group' in holder ? holder.group.full_path : holder.project.path_with_namespace;
      const top = builder.topOf(
        'group' in holder
          ? holder
          : namespaces.find((entry) => entry.group.id === holder.project.namespace.id)!,
      );
      const timeline = drawTimeline(random, { canBeInactive: false, canExpire: true, expiry: 'always' });
      const id = builder.nextToken();
      const bot = builder.botUser(path);
      holder.accessTokens.push({
        id,
        name: `${random.pick(PURPOSES)}-${id}`,
        revoked: false,
        scopes: privileged ? ['api'] : ['read_repository'],
        user_id: bot.id,
        access_level: privileged ? 40 : 20,
        ...datesOf(context, timeline),
      });
      const kindName = kind === 1 ? 'group-access-token' : 'project-access-token';
      fact(`gitlab:${top.group.full_path}:${kindName}:${id}`, top.group.full_path, kindName, null, {
        timeline,
        privileged,
      });
      continue;
    }
    const project = random.pick(projects);
    const top = builder.topOf(namespaces.find((entry) => entry.group.id === project.project.namespace.id)!);
    const timeline = drawTimeline(random, { canBeInactive: false, canExpire: true, expiry: 'sometimes' });
    const dates = datesOf(context, timeline);
    const id = builder.nextKey();
    const fingerprint = `SHA256:${random.base64(32)}`;
    project.deployKeys.push({
      id,
      title: `${random.pick(PURPOSES)}-deploy-${id}`,
      key: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5${random.base64(32)} deploy`,
      created_at: dates.created_at,
      expires_at:
        timeline.expiresInDays === null ? null : context.calendar.timestamp(timeline.expiresInDays, MIDDAY),
      can_push: privileged,
      fingerprint: '',
      fingerprint_sha256: fingerprint,
    });
    fact(
      `gitlab:${top.group.full_path}:deploy-key:${project.project.id}/${id}`,
      top.group.full_path,
      'deploy-key',
      null,
      { timeline, privileged, lastUseUnknown: true },
    );
  }
  return builder.estate;
}
