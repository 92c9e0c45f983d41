// Test factories for partners; only tests import this file (.dependency-cruiser.cjs, testing-is-for-tests).
import { systemActor } from '../../platform/audit/audit.js';
import type { Platform } from '../../platform/context.js';
import { createPartner, issuePartnerKey, type Partner, type PartnerKind } from './service.js';

let made = 0;

/** A partner of `org` (a merchant by default) with one key; the key's secret signs its requests. */
export async function newPartner(
  p: Platform,
  org: { id: string; path: string },
  overrides: { name?: string; kind?: PartnerKind; uscc?: string | null } = {},
): Promise<{ partner: Partner; key: { keyId: string; secret: string } }> {
  made += 1;
  const actor = systemActor('test');
  const scope = { orgId: org.id, path: org.path };
  const partner = await createPartner(p.db, p, actor, scope, {
    orgId: org.id,
    name: overrides.name ?? `测试合作方${made}`,
    kind: overrides.kind ?? 'merchant',
    uscc: overrides.uscc ?? null,
  });
  const key = await issuePartnerKey(p.db, p, actor, scope, partner.id, 'test');
  return { partner, key };
}
