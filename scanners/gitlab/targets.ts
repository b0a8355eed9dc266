/**
 * What a listed credential names in GitLab, read back from its kind, `externalId` and attributes:
 * the token id and the group or project it belongs to. Anything else was not listed by this plugin.
 */
import type { Credential } from '../../src/core/model.js';
import {
  DEPLOY_KEY_KIND,
  DEPLOY_TOKEN_KIND,
  GROUP_TOKEN_KIND,
  PAT_KIND,
  PROJECT_TOKEN_KIND,
  VARIABLE_KIND,
} from './kinds.js';

export type Target =
  | { kind: 'personal-access-token'; tokenId: number; inventoryGroupId?: number }
  | { kind: 'group-access-token'; groupId: number; tokenId: number }
  | { kind: 'project-access-token'; projectId: number; tokenId: number }
  | { kind: 'deploy-token'; holder: 'group' | 'project'; holderId: number; tokenId: number }
  | { kind: 'deploy-key'; projectId: number; keyId: number }
  | { kind: 'ci-variable'; projectId: number; key: string; scope: string; projectPath: string };

const refused = (credential: Credential) =>
  new Error(`gitlab: ${credential.uid} is not a credential this plugin listed`);

function whole(text: string | undefined, credential: Credential): number {
  if (text === undefined || !/^\d+$/.test(text)) throw refused(credential);
  return Number(text);
}

export function targetOf(credential: Credential): Target {
  const attributes = credential.attributes ?? {};
  const id = credential.externalId;
  switch (credential.kind) {
    case PAT_KIND:
      return {
        kind: PAT_KIND,
        tokenId: whole(id, credential),
        // Listed from a group's credentials inventory: revoked through it.
        ...(attributes.group_id === undefined
          ? {}
          : { inventoryGroupId: whole(attributes.group_id, credential) }),
      };
    case GROUP_TOKEN_KIND:
      return {
        kind: GROUP_TOKEN_KIND,
        groupId: whole(attributes.group_id, credential),
        tokenId: whole(id, credential),
      };
    case PROJECT_TOKEN_KIND:
      return {
        kind: PROJECT_TOKEN_KIND,
        projectId: whole(attributes.project_id, credential),
        tokenId: whole(id, credential),
      };
    case DEPLOY_TOKEN_KIND: {
      const holder = attributes.group_id !== undefined ? 'group' : 'project';
      return {
        kind: DEPLOY_TOKEN_KIND,
        holder,
        holderId: whole(attributes[`${holder}_id`], credential),
        tokenId: whole(id, credential),
      };
    }
    case DEPLOY_KEY_KIND: {
      const [project, key, ...rest] = id.split('/');
      if (rest.length > 0) throw refused(credential);
      return { kind: DEPLOY_KEY_KIND, projectId: whole(project, credential), keyId: whole(key, credential) };
    }
    case VARIABLE_KIND: {
      const { key, environment_scope: scope, project_id: project, project_path: path } = attributes;
      if (key === undefined || scope === undefined || path === undefined) throw refused(credential);
      return { kind: VARIABLE_KIND, projectId: whole(project, credential), key, scope, projectPath: path };
    }
    default:
      throw refused(credential);
  }
}
