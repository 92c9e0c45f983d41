// What the census's use cases share: the staff member's area, audit records, the crypto contexts.
import { and, eq, isNull, type SQL } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor, type AuditEntry } from '../../../platform/audit/audit.js';
import type { Tx, Db } from '../../../platform/db/tx.js';
import { regionWithin } from '../../../platform/regions/regions.js';
import { findOrgById, getOrg } from '#modules/orgs';
import { censusErrors } from '../errors.js';
import { lists } from '../schema.js';

/** Encryption contexts of the census's own ciphertexts (its blind indexes use the roll's: personMatchIndexes). */
export const CONTEXT = {
  name: 'census.name',
  idNumber: 'census.id_number',
  phone: 'census.phone',
  phoneName: 'census.phone_name',
} as const;

/**
 * The area a staff member's census is: their union's region ('' for a national one). The census is
 * counted by where people work, so a union sees the people of its area, whoever sent their list.
 */
export async function areaOf(db: Db, scope: Scope): Promise<string> {
  return (await getOrg(db, scope, scope.orgId)).regionCode;
}

/** An area asked for (a drill-down, an upload's area): within the staff member's, or refused. */
export function requireWithinArea(region: string, area: string): string {
  if (!regionWithin(region, area)) throw censusErrors.areaOutsideScope({ region });
  return region;
}

export async function auditForOrg(tx: Tx, actor: Actor, orgId: string, entry: Omit<AuditEntry, 'orgId' | 'orgPath'>): Promise<void> {
  const org = await findOrgById(tx, orgId);
  await recordAudit(tx, actor, { ...entry, orgId, orgPath: org?.path ?? null });
}

/**
 * The lists a list of this source, area and trade replaces once counted: the source's completed one of
 * the same area and trade (none for a whole-file trade is the same as none). Counting uses it, and so
 * does the question asked before an upload, so the console warns of exactly the replacement that
 * happens.
 */
export function replacedBy(target: { sourceId: string; regionCode: string; trade: string | null }): SQL {
  return and(
    eq(lists.sourceId, target.sourceId),
    eq(lists.regionCode, target.regionCode),
    target.trade === null ? isNull(lists.trade) : eq(lists.trade, target.trade),
    eq(lists.status, 'completed'),
    isNull(lists.replacedAt),
  ) as SQL;
}
