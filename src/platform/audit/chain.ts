import { createHash, createHmac } from 'node:crypto';

// How one audit record is hashed into the chain (ADR 0003). Since the cut-over each record's hash is an
// HMAC-SHA-256 under an audit key held outside the database, so someone who can write the database but
// does not hold the key cannot re-hash a rewritten tail. Records from before the cut-over keep the
// plain SHA-256 links they were written with.

export interface ChainFields {
  seq: number;
  at: Date;
  actorKind: string;
  actorId: string | null;
  actorName: string | null;
  orgId: string | null;
  orgPath: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  reason: string | null;
  requestId: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

export interface AuditKey {
  id: string;
  key: Buffer;
}

/** The audit keys: the first signs, every one verifies (a record names the key it was hashed under). */
export class AuditKeyRing {
  readonly current: AuditKey;
  private readonly byId: ReadonlyMap<string, Buffer>;

  constructor(keys: readonly AuditKey[]) {
    const [first] = keys;
    if (!first) throw new Error('audit key ring: at least one key');
    this.current = first;
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  key(id: string): Buffer | undefined {
    return this.byId.get(id);
  }

  get ids(): string[] {
    return [...this.byId.keys()];
  }
}

let installed: AuditKeyRing | null = null;

/**
 * Makes `keys` the ring every audit record of this process is hashed under. Called at start-up from
 * the configuration (createPlatform), like the logger: records are appended in every module's use
 * cases, and threading the key through each of them would change every signature for one setting.
 */
export function installAuditKeys(keys: AuditKeyRing): void {
  installed = keys;
}

export function installedAuditKeys(): AuditKeyRing {
  // No silent fallback to a development key: a record hashed under a public key proves nothing.
  if (!installed) throw new Error('audit keys not installed: build the platform (createPlatform) before writing audit records');
  return installed;
}

// Every field in a fixed order, so editing any of them is detectable.
function canonicalFields(row: ChainFields): unknown[] {
  return [
    row.seq,
    row.at.toISOString(),
    row.actorKind,
    row.actorId,
    row.actorName,
    row.orgId,
    row.orgPath,
    row.action,
    row.targetType,
    row.targetId,
    row.reason,
    row.requestId,
    row.ip,
    row.details === null ? null : stableStringify(row.details),
  ];
}

/** The link of a record written before the cut-over: SHA-256 over the predecessor's hash and the fields. */
export function legacyAuditHash(prevHash: Buffer, row: ChainFields): Buffer {
  return createHash('sha256')
    .update(prevHash)
    .update(JSON.stringify(canonicalFields(row)))
    .digest();
}

// Domain separation: a record's MAC can never be taken for a checkpoint's, nor the other way round.
const RECORD_DOMAIN = 'gonghui/audit-record/v2\n';

/** The link of a keyed record: HMAC-SHA-256 over the predecessor's hash, the key id and the fields. */
export function keyedAuditHash(key: AuditKey, prevHash: Buffer, row: ChainFields): Buffer {
  return createHmac('sha256', key.key)
    .update(RECORD_DOMAIN)
    .update(prevHash)
    .update(JSON.stringify([key.id, ...canonicalFields(row)]))
    .digest();
}

export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}
