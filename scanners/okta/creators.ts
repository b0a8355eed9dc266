/**
 * Looks up the creators of API tokens, once each per listing: the user (GET /api/v1/users/{id}:
 * profile.email, profile.login, status) and their admin roles (GET /api/v1/users/{id}/roles). A
 * user Okta no longer has (404) is `null`: the token then has no owner signal. Any other failure
 * is thrown, so the caller marks the part partial rather than list tokens with owners missing.
 */
import type { Client, RoleType } from '@okta/okta-sdk-nodejs';
import { isNotFound } from './errors.js';
import { listAll } from './paginate.js';
import type { Creator } from './transform.js';

export interface Cursor {
  /** The call in progress, named for a partial mark. */
  operation: string;
}

export class Creators {
  private readonly known = new Map<string, Creator | null>();

  constructor(
    private readonly client: Client,
    private readonly signal: AbortSignal,
    private readonly cursor: Cursor,
  ) {}

  async of(userId: string): Promise<Creator | null> {
    if (this.known.has(userId)) return this.known.get(userId) ?? null;
    const creator = await this.lookUp(userId);
    this.known.set(userId, creator);
    return creator;
  }

  private async lookUp(userId: string): Promise<Creator | null> {
    this.cursor.operation = `get user ${userId}`;
    let user: Awaited<ReturnType<Client['userApi']['getUser']>>;
    try {
      user = await this.client.userApi.getUser({ userId });
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
    this.cursor.operation = `list roles of user ${userId}`;
    const roles = await listAll(
      await this.client.roleAssignmentApi.listAssignedRolesForUser({ userId }),
      this.signal,
    );
    return {
      id: user.id ?? userId,
      login: user.profile?.login,
      email: user.profile?.email,
      status: user.status,
      roles: roles.map((role) => role.type as RoleType),
    };
  }
}
