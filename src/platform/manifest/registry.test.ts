import { describe, expect, it } from 'vitest';
import { defineModule } from './manifest.js';
import { installedModules, installModules, moduleListProblems } from './registry.js';

describe(moduleListProblems.name, () => {
  it('accepts modules that keep to their own names', () => {
    const a = defineModule({
      name: 'campaigns',
      accessModules: ['campaigns'],
      messages: { 'errors.campaigns.sold_out': '已抢完', 'campaigns.title': '活动' },
    });
    const b = defineModule({ name: 'stations', accessModules: ['stations'], messages: { 'sms.station_order_accepted': '已接单' } });
    expect(moduleListProblems([a, b])).toEqual([]);
  });

  it('names a module listed twice, an access name two modules claim, and a message of another namespace', () => {
    const a = defineModule({ name: 'campaigns', accessModules: ['campaigns'] });
    const b = defineModule({ name: 'stations', accessModules: ['campaigns'], messages: { 'problems.members.x': '…' } });
    expect(moduleListProblems([a, b, a])).toEqual([
      'access module "campaigns" is declared by two modules',
      'module "stations" declares message "problems.members.x" of another namespace',
      'module "campaigns" is listed twice',
      'access module "campaigns" is declared by two modules',
    ]);
  });
});

describe(installModules.name, () => {
  it('refuses a second, different list in the same process, and takes the same list again', () => {
    const list = installedModules();
    expect(() => installModules(list)).not.toThrow();
    expect(() => installModules([...list, defineModule({ name: 'campaigns' })])).toThrow(/different module list/);
  });
});

describe(defineModule.name, () => {
  it('refuses a name that is not a kebab-case folder name', () => {
    expect(() => defineModule({ name: 'Mutual_Aid' })).toThrow(/kebab-case/);
    expect(defineModule({ name: 'mutual-aid' }).name).toBe('mutual-aid');
  });
});
