/** The inventory CSV columns (DESIGN "Files users write"). */
export const REQUIRED_COLUMNS = ['provider', 'account', 'kind', 'credential_id'] as const;
export const OPTIONAL_COLUMNS = [
  'principal',
  'owner',
  'created_at',
  'last_used_at',
  'expires_at',
  'status',
  'privileged',
  'department',
] as const;
