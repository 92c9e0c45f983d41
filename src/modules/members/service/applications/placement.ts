// Placement: which union a worker joins, by 行业覆盖、区域兜底 (rules.ts).
import type { Db } from '../../../../platform/db/tx.js';
import { listPlacementCandidates, type Org, type Trade } from '#modules/orgs';
import { memberErrors } from '../../errors.js';
import { choosePlacement, enclosingRegions, type Placement } from '../../rules.js';

// ---------------------------------------------------------------------------------------------
// Placement.

export async function place(
  db: Db,
  person: { trade: Trade; workRegionCode: string; employerUscc: string | null },
): Promise<Placement & { org: Org }> {
  const candidates = await listPlacementCandidates(db, enclosingRegions(person.workRegionCode), person.employerUscc);
  const placement = choosePlacement(person, candidates);
  const org = placement ? candidates.find((c) => c.id === placement.orgId) : undefined;
  if (!placement || !org) throw memberErrors.noUnionForPlace();
  return { ...placement, org };
}

/** What the join form shows before submission: the union the worker would join, and why. */
export async function previewPlacement(
  db: Db,
  input: { trade: Trade; workRegionCode: string; employerUscc?: string | null | undefined },
): Promise<Placement> {
  const { org: _org, ...placement } = await place(db, {
    trade: input.trade,
    workRegionCode: input.workRegionCode,
    employerUscc: input.employerUscc ?? null,
  });
  return placement;
}
