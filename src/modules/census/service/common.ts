// What the census's use cases share: the staff member's area, audit records, the crypto contexts.
import type { Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor, type AuditEntry } from '../../../platform/audit/audit.js';
import type { Tx, Db } from '../../../platform/db/tx.js';
import { regionWithin } from '../../../platform/regions/regions.js';
import { findOrgById, getOrg } from '#modules/orgs';
import { censusErrors } from '../errors.js';

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
