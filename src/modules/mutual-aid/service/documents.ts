// A claim's documents: the invoice photos (发票), the discharge summary (出院小结), the diagnosis the
// member photographs in the H5 or staff scan in. The bytes go to the platform's file store first,
// outside any transaction, the rows and the audit record after; bytes no row names are swept. Reading
// a document is reading health data: audited.
import type { Readable } from 'node:stream';
import { asc, eq, inArray } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import type { Platform } from '../../../platform/context.js';
import { inTransaction, type Db } from '../../../platform/db/tx.js';
import { storedFiles } from '../../../platform/files/schema.js';
import {
  DOCUMENT_TYPES,
  FileRefusedError,
  PHOTO_TYPES,
  recordStoredFile,
  refusalError,
  type FileStore,
  type StoredContentType,
} from '../../../platform/files/store.js';
import { t } from '../../../platform/i18n/i18n.js';
import { mutualAidErrors } from '../errors.js';
import { mutualAidClaimDocuments, type ClaimStatus } from '../schema.js';
import { memberClaimForUpload, staffClaimRow } from './claims.js';

export const DOCUMENT_KINDS = ['invoice', 'discharge_summary', 'diagnosis', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const DOCUMENT_PURPOSE = 'mutual-aid.claim';

/** While documents may still be added: until the claim is decided. */
const OPEN: readonly ClaimStatus[] = ['submitted', 'more_info', 'second_review'];

const EXTENSIONS: Record<StoredContentType, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
  'application/pdf': '.pdf',
};

const KIND_NAMES: Record<DocumentKind, string> = {
  invoice: '发票',
  discharge_summary: '出院小结',
  diagnosis: '诊断证明',
  other: '其他材料',
};

export interface ClaimDocument {
  id: string;
  claimId: string;
  kind: DocumentKind;
  uploadedBy: 'member' | 'staff';
  contentType: string;
  bytes: number;
  name: string;
  sha256: string;
  createdAt: Date;
}

const columns = {
  id: mutualAidClaimDocuments.id,
  claimId: mutualAidClaimDocuments.claimId,
  kind: mutualAidClaimDocuments.kind,
  uploadedBy: mutualAidClaimDocuments.uploadedBy,
  contentType: storedFiles.contentType,
  bytes: storedFiles.bytes,
  name: storedFiles.name,
  sha256: storedFiles.sha256,
  createdAt: mutualAidClaimDocuments.createdAt,
};

type Uploader = { kind: 'staff'; scope: Scope } | { kind: 'member'; accountId: string };

async function target(db: Db, who: Uploader, claimId: string) {
  const claim = who.kind === 'staff' ? await staffClaimRow(db, who.scope, claimId) : await memberClaimForUpload(db, who.accountId, claimId);
  if (!OPEN.includes(claim.status)) throw mutualAidErrors.claimStepRefused({ status: t(`mutual-aid.claim_status.${claim.status}`) });
  return claim;
}

/** Adds a document to a claim still under review; a stranger's upload is refused before a byte is stored. */
export async function addClaimDocument(
  p: Platform,
  store: FileStore,
  actor: Actor,
  who: Uploader,
  claimId: string,
  upload: { body: () => Readable; kind: DocumentKind; fileName?: string | undefined; maxBytes: number },
): Promise<ClaimDocument> {
  await target(p.db, who, claimId);
  let put;
  try {
    put = await store.put(upload.body(), { accept: [...PHOTO_TYPES, ...DOCUMENT_TYPES], maxBytes: upload.maxBytes });
  } catch (error) {
    if (!(error instanceof FileRefusedError)) throw error;
    throw refusalError(error, {
      tooLarge: mutualAidErrors.documentTooLarge,
      typeRefused: mutualAidErrors.documentTypeRefused,
      empty: mutualAidErrors.documentEmpty,
    });
  }
  const stored = put;
  const id = await inTransaction(p.db, async (tx) => {
    const claim = await target(tx, who, claimId);
    const stem = (upload.fileName ?? '').replace(/\.[A-Za-z0-9]{1,5}$/, '').trim() || KIND_NAMES[upload.kind];
    const file = await recordStoredFile(tx, {
      ...stored,
      name: `${stem.slice(0, 100)}${EXTENSIONS[stored.contentType]}`,
      purpose: DOCUMENT_PURPOSE,
      orgId: claim.orgId,
      createdBy: actor.kind === 'staff' ? actor.id : null,
    });
    const [row] = await tx
      .insert(mutualAidClaimDocuments)
      .values({ claimId: claim.id, storedFileId: file.id, kind: upload.kind, uploadedBy: who.kind })
      .returning({ id: mutualAidClaimDocuments.id });
    if (!row) throw new Error('mutual_aid_claim_document insert returned nothing');
    await recordAudit(tx, actor, {
      action: 'mutual-aid.document.add',
      targetType: 'mutual_aid_claim',
      targetId: claim.id,
      orgId: claim.orgId,
      orgPath: claim.orgPath,
      details: { documentId: row.id, kind: upload.kind, sha256: stored.sha256, bytes: stored.bytes },
    });
    return row.id;
  });
  const [added] = await p.db
    .select(columns)
    .from(mutualAidClaimDocuments)
    .innerJoin(storedFiles, eq(storedFiles.id, mutualAidClaimDocuments.storedFileId))
    .where(eq(mutualAidClaimDocuments.id, id));
  if (!added) throw new Error('mutual_aid_claim_document vanished after its insert');
  return added;
}

export async function listClaimDocuments(db: Db, claimIds: readonly string[]): Promise<ClaimDocument[]> {
  if (claimIds.length === 0) return [];
  return db
    .select(columns)
    .from(mutualAidClaimDocuments)
    .innerJoin(storedFiles, eq(storedFiles.id, mutualAidClaimDocuments.storedFileId))
    .where(inArray(mutualAidClaimDocuments.claimId, [...claimIds]))
    .orderBy(asc(mutualAidClaimDocuments.createdAt), asc(mutualAidClaimDocuments.id));
}

/** One document for staff in scope of its claim; the reading is audited. */
export async function readClaimDocument(p: Platform, actor: Actor, scope: Scope, documentId: string): Promise<ClaimDocument> {
  const [doc] = await p.db
    .select(columns)
    .from(mutualAidClaimDocuments)
    .innerJoin(storedFiles, eq(storedFiles.id, mutualAidClaimDocuments.storedFileId))
    .where(eq(mutualAidClaimDocuments.id, documentId));
  if (!doc) throw mutualAidErrors.documentNotFound();
  const claim = await staffClaimRow(p.db, scope, doc.claimId).catch(() => {
    throw mutualAidErrors.documentNotFound();
  });
  await inTransaction(p.db, (tx) =>
    recordAudit(tx, actor, {
      action: 'mutual-aid.document.read',
      targetType: 'mutual_aid_claim',
      targetId: claim.id,
      orgId: claim.orgId,
      orgPath: claim.orgPath,
      details: { documentId },
    }),
  );
  return doc;
}
