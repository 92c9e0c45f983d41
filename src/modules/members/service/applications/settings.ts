// A union's review settings: auto-approval and the review deadline (SLA).
import { eq } from 'drizzle-orm';
import type { Scope } from '../../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../../platform/audit/audit.js';
import type { Platform } from '../../../../platform/context.js';
import { inTransaction, type Db } from '../../../../platform/db/tx.js';
import { getOrg, type Org } from '#modules/orgs';
import { notifyChange } from '../../../../platform/cache/changes.js';
import { cachedMemberRead } from '../../cache.js';
import { unionSettings } from '../../schema.js';

export interface UnionSettings {
  orgId: string;
  autoApprove: boolean;
  reviewSlaHours: number;
}

export async function getUnionSettings(db: Db, orgId: string, defaultSlaHours: number): Promise<UnionSettings> {
  const settings = await cachedMemberRead(
    db,
    `settings:${orgId}`,
    async () => {
      const [row] = await db.select().from(unionSettings).where(eq(unionSettings.orgId, orgId)).limit(1);
      return { orgId, autoApprove: row?.autoApprove ?? false, reviewSlaHours: row?.reviewSlaHours ?? defaultSlaHours };
    },
    (value) => `settings:${value.orgId}`,
  );
  return settings ?? { orgId, autoApprove: false, reviewSlaHours: defaultSlaHours };
}

export async function updateUnionSettings(
  db: Db,
  actor: Actor,
  scope: Scope,
  orgId: string,
  input: { autoApprove: boolean; reviewSlaHours: number },
): Promise<UnionSettings> {
  return inTransaction(db, async (tx) => {
    const org: Org = await getOrg(tx, scope, orgId);
    await tx
      .insert(unionSettings)
      .values({ orgId: org.id, ...input, updatedBy: actor.name })
      .onConflictDoUpdate({ target: unionSettings.orgId, set: { ...input, updatedBy: actor.name, updatedAt: new Date() } });
    await notifyChange(tx, 'members', `settings:${org.id}`);
    await recordAudit(tx, actor, {
      action: 'members.settings',
      targetType: 'org',
      targetId: org.id,
      orgId: org.id,
      orgPath: org.path,
      details: input,
    });
    return { orgId: org.id, ...input };
  });
}

export async function readUnionSettings(db: Db, p: Platform, scope: Scope, orgId: string): Promise<UnionSettings> {
  const org = await getOrg(db, scope, orgId);
  return getUnionSettings(db, org.id, p.config.memberReviewSlaHours);
}
