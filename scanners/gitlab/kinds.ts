/** The credential kinds the gitlab plugin lists. */
export const PAT_KIND = 'personal-access-token';
export const GROUP_TOKEN_KIND = 'group-access-token';
export const PROJECT_TOKEN_KIND = 'project-access-token';
export const DEPLOY_TOKEN_KIND = 'deploy-token';
export const DEPLOY_KEY_KIND = 'deploy-key';
export const VARIABLE_KIND = 'ci-variable';

export const GITLAB_CREDENTIAL_KINDS = [
  PAT_KIND,
  GROUP_TOKEN_KIND,
  PROJECT_TOKEN_KIND,
  DEPLOY_TOKEN_KIND,
  DEPLOY_KEY_KIND,
  VARIABLE_KIND,
] as const;

export type GitlabKind = (typeof GITLAB_CREDENTIAL_KINDS)[number];
