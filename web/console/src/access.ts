// What the signed-in staff member may see and do in the console, derived from their roles only
// (ant-design-pro's access.ts). Pure: no I/O, no React. The server checks the same roles on every
// route; this only decides which menus and buttons to show.

import type { ApiResponse } from '../../shared/api-types.ts';

export const ROLES = ['viewer', 'operator', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The names roles are granted for, as the server's OpenAPI document lists them (its installed modules and the platform's). */
export type AccessModule = keyof ApiResponse<'/api/console/me', 'get'>['roles'];

/**
 * The modules whose roles the console grants, in the order it shows them: each is one the server
 * knows (checked against the generated types). A new module's roles appear here with its console pages.
 */
export const ACCESS_MODULES = [
  'orgs',
  'staff',
  'members',
  'campaigns',
  'census',
  'stations',
  'funds',
  'hardship',
  'mutual-aid',
  'partners',
  'audit',
  'jobs',
] as const satisfies readonly AccessModule[];

export type Roles = Partial<Record<AccessModule, Role>>;

export type RoleChoice = Role | 'none';
export type RoleChoices = Record<(typeof ACCESS_MODULES)[number], RoleChoice>;

export function toRoleChoices(roles: Roles): RoleChoices {
  return Object.fromEntries(ACCESS_MODULES.map((m) => [m, roles[m] ?? 'none'])) as RoleChoices;
}

/**
 * The roles the form chose, beside those `kept` holds for modules the console does not list (a newer
 * module's, granted from the command line): saving the form must not take those away.
 */
export function fromRoleChoices(choices: Partial<RoleChoices> | undefined, kept: Roles = {}): Roles {
  const listed: readonly string[] = ACCESS_MODULES;
  const roles: Roles = Object.fromEntries(Object.entries(kept).filter(([m]) => !listed.includes(m)));
  for (const m of ACCESS_MODULES) {
    const choice = choices?.[m];
    if (choice && choice !== 'none') roles[m] = choice;
  }
  return roles;
}

export interface AccessSubject {
  roles: Roles;
}

// Roles are ordered: an admin may do what a reviewer may, and so on down to viewer.
export function roleAtLeast(held: Role | undefined, needed: Role): boolean {
  if (!held) return false;
  return ROLES.indexOf(held) >= ROLES.indexOf(needed);
}

export interface Access {
  canViewOrgs: boolean;
  canEditOrgs: boolean;
  /** Move, deactivate and reactivate organisations (the server requires the orgs admin role). */
  canRestructureOrgs: boolean;
  canViewStaff: boolean;
  canEditStaff: boolean;
  /** Reset passwords and TOTP, unlock, force sign-out. */
  canManageStaffSecurity: boolean;
  canViewPartners: boolean;
  canEditPartners: boolean;
  canViewAudit: boolean;
  canViewJobs: boolean;
  canRunJobs: boolean;
  /** The roll, applications, transfers and statistics of the members module (read only). */
  canViewMembers: boolean;
  /** Approve, reject, re-place and merge applications; accept, release and reject transfers. */
  canReviewMembers: boolean;
  /** Change a member's status, start a transfer, import a roll. */
  canEditMembers: boolean;
  /** Per-union review settings (auto-approval, review deadline). */
  canAdminMembers: boolean;
  /** Campaigns, their statistics and the merchants' settlement (read only). */
  canViewCampaigns: boolean;
  /** Write and submit drafts, pause and resume (the server's campaigns operator). */
  canEditCampaigns: boolean;
  /** Approve, reject and end campaigns; decide flagged claims (the campaigns reviewer). */
  canReviewCampaigns: boolean;
  /** The coverage dashboard and the census lists (read only). */
  canViewCensus: boolean;
  /** Upload census lists and add their sources (the census operator). */
  canEditCensus: boolean;
  /** The rest stations of the subtree and their export (read only). */
  canViewStations: boolean;
  /** Place, edit, suspend, reopen and close stations; import station lists (the stations operator). */
  canEditStations: boolean;
  /** The funds of the subtree, their figures, statements and export (read only). */
  canViewFunds: boolean;
  /** Record money in from a source, allocate it down the tree, record payments (the funds operator). */
  canEditFunds: boolean;
  /** Reverse a line of the journal, with a reason (the funds reviewer). */
  canReviewFunds: boolean;
  /** Set up a fund and name its sources (the funds admin). */
  canAdminFunds: boolean;
  /** The hardship files of the subtree and their steps (read only). */
  canViewHardship: boolean;
  /** Register a file, record the home visit and the objections raised during its notice (the hardship operator). */
  canEditHardship: boolean;
  /** Review, publish the notice, settle objections, approve and reject (the hardship reviewer). */
  canReviewHardship: boolean;
  /** Set a union's threshold: the 低保 standard, the relative multiple, the notice days (the hardship admin). */
  canAdminHardship: boolean;
  /** Mutual-aid plans, claims, batches, reconciliation and the fund dashboard (read only). */
  canViewMutualAid: boolean;
  /** Upload a claim's scans, enrol a group from a list, draw a batch and its bank file, reconcile a day (the mutual-aid operator). */
  canEditMutualAid: boolean;
  /** Approve, ask for more and reject claims; the second review (the mutual-aid reviewer). */
  canReviewMutualAid: boolean;
  /** Set up a plan, pay a batch, pay a hospital its reconciled day (the mutual-aid admin). */
  canAdminMutualAid: boolean;
}

export type AccessKey = keyof Access;

export const NO_ACCESS: Access = {
  canViewOrgs: false,
  canEditOrgs: false,
  canRestructureOrgs: false,
  canViewStaff: false,
  canEditStaff: false,
  canManageStaffSecurity: false,
  canViewPartners: false,
  canEditPartners: false,
  canViewAudit: false,
  canViewJobs: false,
  canRunJobs: false,
  canViewMembers: false,
  canReviewMembers: false,
  canEditMembers: false,
  canAdminMembers: false,
  canViewCampaigns: false,
  canEditCampaigns: false,
  canReviewCampaigns: false,
  canViewCensus: false,
  canEditCensus: false,
  canViewStations: false,
  canEditStations: false,
  canViewFunds: false,
  canEditFunds: false,
  canReviewFunds: false,
  canAdminFunds: false,
  canViewHardship: false,
  canEditHardship: false,
  canReviewHardship: false,
  canAdminHardship: false,
  canViewMutualAid: false,
  canEditMutualAid: false,
  canReviewMutualAid: false,
  canAdminMutualAid: false,
};

export function access(subject: AccessSubject | null | undefined): Access {
  if (!subject) return NO_ACCESS;
  const at = (module: AccessModule, role: Role) => roleAtLeast(subject.roles[module], role);
  return {
    canViewOrgs: at('orgs', 'viewer'),
    canEditOrgs: at('orgs', 'operator'),
    canRestructureOrgs: at('orgs', 'admin'),
    canViewStaff: at('staff', 'viewer'),
    canEditStaff: at('staff', 'admin'),
    canManageStaffSecurity: at('staff', 'admin'),
    canViewPartners: at('partners', 'viewer'),
    canEditPartners: at('partners', 'admin'),
    canViewAudit: at('audit', 'viewer'),
    canViewJobs: at('jobs', 'viewer'),
    canRunJobs: at('jobs', 'admin'),
    canViewMembers: at('members', 'viewer'),
    canReviewMembers: at('members', 'reviewer'),
    canEditMembers: at('members', 'operator'),
    canAdminMembers: at('members', 'admin'),
    canViewCampaigns: at('campaigns', 'viewer'),
    canEditCampaigns: at('campaigns', 'operator'),
    canReviewCampaigns: at('campaigns', 'reviewer'),
    canViewCensus: at('census', 'viewer'),
    canEditCensus: at('census', 'operator'),
    canViewStations: at('stations', 'viewer'),
    canEditStations: at('stations', 'operator'),
    canViewFunds: at('funds', 'viewer'),
    canEditFunds: at('funds', 'operator'),
    canReviewFunds: at('funds', 'reviewer'),
    canAdminFunds: at('funds', 'admin'),
    canViewHardship: at('hardship', 'viewer'),
    canEditHardship: at('hardship', 'operator'),
    canReviewHardship: at('hardship', 'reviewer'),
    canAdminHardship: at('hardship', 'admin'),
    canViewMutualAid: at('mutual-aid', 'viewer'),
    canEditMutualAid: at('mutual-aid', 'operator'),
    canReviewMutualAid: at('mutual-aid', 'reviewer'),
    canAdminMutualAid: at('mutual-aid', 'admin'),
  };
}
