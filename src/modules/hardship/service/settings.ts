// The threshold each union sets for its area (the local 低保 standard and the multiple of it that is
// the relative line) and how long a notice stays up. A union without its own takes the nearest above.
import { inArray } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { inTransaction, type Db } from '../../../platform/db/tx.js';
import { getOrg, type Org } from '#modules/orgs';
import { hardshipErrors } from '../errors.js';
import { checkThreshold, DEFAULT_THRESHOLD_MULTIPLES, type Threshold } from '../rules.js';
import { hardshipSettings } from '../schema.js';

export interface HardshipSettings extends Threshold {
  noticeDays: number;
  /** The share of filed families drawn each week for a call-back, in percent. */
  callbackSharePct: number;
  /** The union whose settings these are (the asked union's own, or the nearest above with some). */
  orgId: string;
}

export const DEFAULT_NOTICE_DAYS = 5;
export const DEFAULT_CALLBACK_SHARE_PCT = 10;

/** The settings that apply at a union, or null when neither it nor any union above has set them. */
export async function settingsFor(db: Db, org: Pick<Org, 'path'>): Promise<HardshipSettings | null> {
  const chain = org.path.split('/').filter(Boolean);
  const rows = await db.select().from(hardshipSettings).where(inArray(hardshipSettings.orgId, chain));
  const nearest = rows.sort((a, b) => chain.indexOf(b.orgId) - chain.indexOf(a.orgId))[0];
  if (!nearest) return null;
  return {
    orgId: nearest.orgId,
    minimumLivingFen: nearest.minimumLivingFen,
    relativeMultiple: nearest.relativeMultipleMilli / 1000,
    suddenBurdenMonths: nearest.suddenBurdenMonths,
    noticeDays: nearest.noticeDays,
    callbackSharePct: nearest.callbackSharePct,
  };
}

export async function requireSettings(db: Db, org: Org): Promise<HardshipSettings> {
  const found = await settingsFor(db, org);
  if (!found) throw hardshipErrors.thresholdMissing({ org: org.name });
  return found;
}

export interface SettingsInput {
  minimumLivingFen: number;
  relativeMultiple?: number;
  suddenBurdenMonths?: number;
  noticeDays?: number;
  callbackSharePct?: number;
}

export async function setSettings(db: Db, actor: Actor, scope: Scope, orgId: string, input: SettingsInput): Promise<HardshipSettings> {
  const threshold: Threshold = {
    minimumLivingFen: input.minimumLivingFen,
    relativeMultiple: input.relativeMultiple ?? DEFAULT_THRESHOLD_MULTIPLES.relativeMultiple,
    suddenBurdenMonths: input.suddenBurdenMonths ?? DEFAULT_THRESHOLD_MULTIPLES.suddenBurdenMonths,
  };
  const problems = checkThreshold(threshold);
  if (problems.length > 0) throw hardshipErrors.invalid({ count: problems.length }, { errors: problems });
  const noticeDays = input.noticeDays ?? DEFAULT_NOTICE_DAYS;
  const callbackSharePct = input.callbackSharePct ?? DEFAULT_CALLBACK_SHARE_PCT;
  return inTransaction(db, async (tx) => {
    const org = await getOrg(tx, scope, orgId);
    const values = {
      minimumLivingFen: threshold.minimumLivingFen,
      relativeMultipleMilli: Math.round(threshold.relativeMultiple * 1000),
      suddenBurdenMonths: threshold.suddenBurdenMonths,
      noticeDays,
      callbackSharePct,
      updatedAt: new Date(),
    };
    await tx
      .insert(hardshipSettings)
      .values({ orgId: org.id, ...values })
      .onConflictDoUpdate({ target: hardshipSettings.orgId, set: values });
    await recordAudit(tx, actor, {
      action: 'hardship.settings',
      targetType: 'org',
      targetId: org.id,
      orgId: org.id,
      orgPath: org.path,
      details: { ...threshold, noticeDays, callbackSharePct },
    });
    return { orgId: org.id, ...threshold, noticeDays, callbackSharePct };
  });
}
