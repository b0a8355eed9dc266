/** Finding an estate's groups, projects and users by id or full path, as GitLab's `:id` accepts both. */
import { notFound } from './answers.js';
import type { GitlabEstate, GitlabGroupEstate, GitlabProjectEstate, GitlabUser } from './estate.js';

const isId = (text: string) => /^\d+$/.test(text);

export function groupOf(estate: GitlabEstate, idOrPath: string): GitlabGroupEstate {
  const path = idOrPath.toLowerCase();
  const found = estate.groups.find((entry) =>
    isId(idOrPath) ? entry.group.id === Number(idOrPath) : entry.group.full_path.toLowerCase() === path,
  );
  if (!found) throw notFound('Group');
  return found;
}

export function projectOf(estate: GitlabEstate, idOrPath: string): GitlabProjectEstate {
  const path = idOrPath.toLowerCase();
  const found = estate.projects.find((entry) =>
    isId(idOrPath)
      ? entry.project.id === Number(idOrPath)
      : entry.project.path_with_namespace.toLowerCase() === path,
  );
  if (!found) throw notFound('Project');
  return found;
}

export function userOf(estate: GitlabEstate, id: string): GitlabUser {
  const found = isId(id) ? estate.users.find((user) => user.id === Number(id)) : undefined;
  if (!found) throw notFound('User');
  return found;
}

/** The group's subgroups at every depth. */
export function descendantsOf(estate: GitlabEstate, group: GitlabGroupEstate): GitlabGroupEstate[] {
  const prefix = `${group.group.full_path.toLowerCase()}/`;
  return estate.groups.filter((entry) => entry.group.full_path.toLowerCase().startsWith(prefix));
}

/** The group's projects, and with `include_subgroups=true` its subgroups' too. */
export function projectsIn(
  estate: GitlabEstate,
  group: GitlabGroupEstate,
  includeSubgroups: boolean,
): GitlabProjectEstate[] {
  const ids = new Set([group.group.id]);
  if (includeSubgroups) for (const entry of descendantsOf(estate, group)) ids.add(entry.group.id);
  return estate.projects.filter((entry) => ids.has(entry.project.namespace.id));
}

/** A whole number route parameter, or 404 (GitLab answers 404 for an id it cannot find). */
export function idParam(text: string | undefined, what: string): number {
  if (text === undefined || !isId(text)) throw notFound(what);
  return Number(text);
}
