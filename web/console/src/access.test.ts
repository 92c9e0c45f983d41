import { describe, expect, it } from 'vitest';
import { access, fromRoleChoices, NO_ACCESS, roleAtLeast, toRoleChoices, type Roles } from './access.ts';

describe(access.name, () => {
  it('grants nothing without a session', () => {
    expect(access(null)).toEqual(NO_ACCESS);
  });

  it('shows a module to a viewer but not its write actions', () => {
    const a = access({ roles: { orgs: 'viewer' } });
    expect(a.canViewOrgs).toBe(true);
    expect(a.canEditOrgs).toBe(false);
    expect(a.canViewStaff).toBe(false);
  });

  it('lets an operator edit organisations, and only a jobs admin run jobs (as the server requires)', () => {
    const a = access({ roles: { orgs: 'operator', jobs: 'operator' } });
    expect(a.canEditOrgs).toBe(true);
    expect(a.canRestructureOrgs).toBe(false);
    expect(access({ roles: { orgs: 'admin' } }).canRestructureOrgs).toBe(true);
    expect(a.canRunJobs).toBe(false);
    expect(access({ roles: { jobs: 'admin' } }).canRunJobs).toBe(true);
  });

  it('keeps staff accounts and partner keys for admins', () => {
    const reviewer = access({ roles: { staff: 'reviewer', partners: 'reviewer' } });
    expect(reviewer.canViewStaff).toBe(true);
    expect(reviewer.canEditStaff).toBe(false);
    expect(reviewer.canManageStaffSecurity).toBe(false);
    expect(reviewer.canEditPartners).toBe(false);
    const admin = access({ roles: { staff: 'admin', partners: 'admin' } });
    expect(admin.canEditStaff).toBe(true);
    expect(admin.canManageStaffSecurity).toBe(true);
    expect(admin.canEditPartners).toBe(true);
  });

  it('grants the members pages by role: viewer reads, operator edits, reviewer decides, admin sets review settings', () => {
    const viewer = access({ roles: { members: 'viewer' } });
    expect(viewer.canViewMembers).toBe(true);
    expect(viewer.canEditMembers).toBe(false);
    expect(viewer.canReviewMembers).toBe(false);
    expect(viewer.canAdminMembers).toBe(false);
    const operator = access({ roles: { members: 'operator' } });
    expect(operator.canEditMembers).toBe(true);
    expect(operator.canReviewMembers).toBe(false);
    const reviewer = access({ roles: { members: 'reviewer' } });
    expect(reviewer.canReviewMembers).toBe(true);
    expect(reviewer.canEditMembers).toBe(true);
    expect(reviewer.canAdminMembers).toBe(false);
    const admin = access({ roles: { members: 'admin' } });
    expect([admin.canViewMembers, admin.canEditMembers, admin.canReviewMembers, admin.canAdminMembers]).toEqual([true, true, true, true]);
  });

  it('does not grant the members pages through another module', () => {
    const a = access({ roles: { orgs: 'admin', staff: 'admin', audit: 'admin', partners: 'admin', jobs: 'admin' } });
    expect(a.canViewMembers).toBe(false);
    expect(a.canAdminMembers).toBe(false);
  });
});

describe('campaigns access', () => {
  it('lets a viewer read campaigns, an operator write and pause them, and only a reviewer approve, end and decide flags', () => {
    const viewer = access({ roles: { campaigns: 'viewer' } });
    expect([viewer.canViewCampaigns, viewer.canEditCampaigns, viewer.canReviewCampaigns]).toEqual([true, false, false]);
    const operator = access({ roles: { campaigns: 'operator' } });
    expect([operator.canViewCampaigns, operator.canEditCampaigns, operator.canReviewCampaigns]).toEqual([true, true, false]);
    const reviewer = access({ roles: { campaigns: 'reviewer' } });
    expect([reviewer.canViewCampaigns, reviewer.canEditCampaigns, reviewer.canReviewCampaigns]).toEqual([true, true, true]);
  });

  it('does not grant campaigns through the members role', () => {
    expect(access({ roles: { members: 'admin' } }).canViewCampaigns).toBe(false);
  });
});

describe('census access', () => {
  it('lets a viewer read the coverage dashboard and the lists, and an operator upload lists and add sources', () => {
    const viewer = access({ roles: { census: 'viewer' } });
    expect([viewer.canViewCensus, viewer.canEditCensus]).toEqual([true, false]);
    const operator = access({ roles: { census: 'operator' } });
    expect([operator.canViewCensus, operator.canEditCensus]).toEqual([true, true]);
    const admin = access({ roles: { census: 'admin' } });
    expect([admin.canViewCensus, admin.canEditCensus]).toEqual([true, true]);
  });

  it('does not grant the census through the members or orgs roles', () => {
    const a = access({ roles: { members: 'admin', orgs: 'admin', campaigns: 'admin' } });
    expect([a.canViewCensus, a.canEditCensus]).toEqual([false, false]);
  });

  it('lists the census among the modules the staff form grants, keeping it when saved', () => {
    expect(toRoleChoices({ census: 'operator' }).census).toBe('operator');
    expect(fromRoleChoices({ ...toRoleChoices({}), census: 'viewer' })).toEqual({ census: 'viewer' });
  });
});

describe('funds access', () => {
  it('lets a viewer read funds and statements, an operator move money, a reviewer reverse and an admin set funds up', () => {
    const flags = (role: 'viewer' | 'operator' | 'reviewer' | 'admin') => {
      const a = access({ roles: { funds: role } });
      return [a.canViewFunds, a.canEditFunds, a.canReviewFunds, a.canAdminFunds];
    };
    expect(flags('viewer')).toEqual([true, false, false, false]);
    expect(flags('operator')).toEqual([true, true, false, false]);
    expect(flags('reviewer')).toEqual([true, true, true, false]);
    expect(flags('admin')).toEqual([true, true, true, true]);
  });

  it('does not grant funds through another module, and lists funds among the roles the staff form grants', () => {
    const a = access({ roles: { members: 'admin', orgs: 'admin', stations: 'admin' } });
    expect([a.canViewFunds, a.canEditFunds, a.canReviewFunds, a.canAdminFunds]).toEqual([false, false, false, false]);
    expect(toRoleChoices({ funds: 'reviewer' }).funds).toBe('reviewer');
    expect(fromRoleChoices({ ...toRoleChoices({}), funds: 'operator' })).toEqual({ funds: 'operator' });
  });
});

describe('hardship access', () => {
  it('lets a viewer read files, an operator register and visit, a reviewer decide and an admin set the threshold', () => {
    const flags = (role: 'viewer' | 'operator' | 'reviewer' | 'admin') => {
      const a = access({ roles: { hardship: role } });
      return [a.canViewHardship, a.canEditHardship, a.canReviewHardship, a.canAdminHardship];
    };
    expect(flags('viewer')).toEqual([true, false, false, false]);
    expect(flags('operator')).toEqual([true, true, false, false]);
    expect(flags('reviewer')).toEqual([true, true, true, false]);
    expect(flags('admin')).toEqual([true, true, true, true]);
  });

  it('does not grant hardship through another module, and lists it among the roles the staff form grants', () => {
    const a = access({ roles: { members: 'admin', funds: 'admin' } });
    expect([a.canViewHardship, a.canEditHardship, a.canReviewHardship, a.canAdminHardship]).toEqual([false, false, false, false]);
    expect(toRoleChoices({ hardship: 'reviewer' }).hardship).toBe('reviewer');
    expect(fromRoleChoices({ ...toRoleChoices({}), hardship: 'operator' })).toEqual({ hardship: 'operator' });
  });
});

describe(roleAtLeast.name, () => {
  it('orders viewer < operator < reviewer < admin', () => {
    expect(roleAtLeast('admin', 'viewer')).toBe(true);
    expect(roleAtLeast('reviewer', 'operator')).toBe(true);
    expect(roleAtLeast('operator', 'reviewer')).toBe(false);
    expect(roleAtLeast(undefined, 'viewer')).toBe(false);
  });
});

describe(fromRoleChoices.name, () => {
  it('keeps the roles of modules the console does not list, so saving the form takes none away', () => {
    const kept = { members: 'reviewer', notices: 'admin' } as unknown as Roles;
    const chosen = { ...toRoleChoices({}), orgs: 'viewer' as const, members: 'none' as const };
    expect(fromRoleChoices(chosen, kept)).toEqual({ orgs: 'viewer', notices: 'admin' });
    expect(fromRoleChoices(chosen)).toEqual({ orgs: 'viewer' });
  });
});
