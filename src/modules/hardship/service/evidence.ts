// A file's evidence (证明材料): the certificates behind the causes (诊断证明, 残疾证, 工伤认定书 …) that the
// worker uploads from the H5 or staff scan in, and the photos of the home visit. The bytes go to the
// platform's file store first, outside any transaction; the rows (stored_file, hardship_evidence) and the
// audit record in one transaction after — a refusal or a rollback in between leaves bytes no row names,
// which the store's sweep deletes. Reading a certificate is reading personal data: it is audited.
import type { Readable } from 'node:stream';
import { and, asc, eq, inArray } from 'drizzle-orm';
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
  type PutResult,
  type StoredContentType,
} from '../../../platform/files/store.js';
import { t } from '../../../platform/i18n/i18n.js';
import { findOrgById } from '#modules/orgs';
import { hardshipErrors } from '../errors.js';
import { hardshipEvidence, hardshipFiles, type EvidenceKind, type FileStatus } from '../schema.js';
import { phoneIndexOf } from './crypto.js';
import { fileRow } from './files.js';

export interface Evidence {
  id: string;
  fileId: string;
  kind: EvidenceKind;
  caption: string | null;
  uploadedBy: 'member' | 'staff';
  contentType: string;
  bytes: number;
  name: string;
  sha256: string;
  createdAt: Date;
}

export const EVIDENCE_PURPOSE = 'hardship.evidence';

/** While a worker may still add to their application: until it is decided. */
const OPEN_TO_WORKER: readonly FileStatus[] = ['applied', 'visited', 'reviewed', 'under_notice'];

const EXTENSIONS: Record<StoredContentType, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
  'application/pdf': '.pdf',
};

const columns = {
  id: hardshipEvidence.id,
  fileId: hardshipEvidence.fileId,
  kind: hardshipEvidence.kind,
  caption: hardshipEvidence.caption,
  uploadedBy: hardshipEvidence.uploadedBy,
  contentType: storedFiles.contentType,
  bytes: storedFiles.bytes,
  name: storedFiles.name,
  sha256: storedFiles.sha256,
  createdAt: hardshipEvidence.createdAt,
};

export interface EvidenceUpload {
  body: Readable;
  kind: EvidenceKind;
  fileName?: string | undefined;
  caption?: string | null | undefined;
  maxBytes: number;
}

/** The bytes into the store (a photo or a PDF, told by its bytes), a refusal as this module's error. */
async function putEvidence(store: FileStore, body: Readable, maxBytes: number): Promise<PutResult> {
  try {
    return await store.put(body, { accept: [...PHOTO_TYPES, ...DOCUMENT_TYPES], maxBytes });
  } catch (error) {
    if (!(error instanceof FileRefusedError)) throw error;
    throw refusalError(error, {
      tooLarge: hardshipErrors.evidenceTooLarge,
      typeRefused: hardshipErrors.evidenceTypeRefused,
      empty: hardshipErrors.evidenceEmpty,
    });
  }
}

function evidenceName(given: string | undefined, contentType: StoredContentType): string {
  const stem = (given ?? '').replace(/\.[A-Za-z0-9]{1,5}$/, '').trim() || t('hardship.evidence.default_name');
  return `${stem.slice(0, 100)}${EXTENSIONS[contentType]}`;
}

type Uploader = { kind: 'staff'; scope: Scope } | { kind: 'member'; phone: string };

/**
 * Adds evidence to a file: staff to a file of their subtree, a worker to their own file while it is
 * still being decided. The file is looked up before the body is read, so a stranger's upload is
 * refused without storing a byte.
 */
export async function addEvidence(
  p: Platform,
  store: FileStore,
  actor: Actor,
  who: Uploader,
  fileId: string,
  upload: EvidenceUpload,
): Promise<Evidence> {
  await uploadTarget(p, who, fileId);
  const put = await putEvidence(store, upload.body, upload.maxBytes);
  const id = await inTransaction(p.db, async (tx) => {
    const row = await uploadTarget(p, who, fileId, tx);
    const org = await findOrgById(tx, row.orgId);
    const file = await recordStoredFile(tx, {
      ...put,
      name: evidenceName(upload.fileName, put.contentType),
      purpose: EVIDENCE_PURPOSE,
      orgId: row.orgId,
      createdBy: actor.kind === 'staff' ? actor.id : null,
    });
    const [evidence] = await tx
      .insert(hardshipEvidence)
      .values({ fileId: row.id, storedFileId: file.id, kind: upload.kind, caption: upload.caption?.trim() || null, uploadedBy: who.kind })
      .returning({ id: hardshipEvidence.id });
    if (!evidence) throw new Error('hardship_evidence insert returned nothing');
    await recordAudit(tx, actor, {
      action: 'hardship.evidence_added',
      targetType: 'hardship_file',
      targetId: row.id,
      orgId: row.orgId,
      orgPath: org?.path ?? null,
      details: { evidenceId: evidence.id, kind: upload.kind, sha256: put.sha256, bytes: put.bytes, contentType: put.contentType },
    });
    return evidence.id;
  });
  const [added] = await p.db
    .select(columns)
    .from(hardshipEvidence)
    .innerJoin(storedFiles, eq(storedFiles.id, hardshipEvidence.storedFileId))
    .where(eq(hardshipEvidence.id, id));
  if (!added) throw new Error('hardship_evidence vanished after its insert');
  return added;
}

/** The file an upload goes to, or the refusal: out of scope, not the worker's, or decided already. */
async function uploadTarget(p: Platform, who: Uploader, fileId: string, db: Db = p.db) {
  if (who.kind === 'staff') return fileRow(db, who.scope, fileId, db !== p.db);
  const [row] = await db
    .select()
    .from(hardshipFiles)
    .where(and(eq(hardshipFiles.id, fileId), eq(hardshipFiles.applicantPhoneIndex, phoneIndexOf(p, who.phone))))
    .limit(1);
  if (!row) throw hardshipErrors.notFound();
  if (!OPEN_TO_WORKER.includes(row.status)) throw hardshipErrors.evidenceClosed({ status: t(`hardship.status.${row.status}`) });
  return row;
}

/** A file's evidence, oldest first. */
export async function listEvidence(db: Db, fileIds: readonly string[]): Promise<Evidence[]> {
  if (fileIds.length === 0) return [];
  return db
    .select(columns)
    .from(hardshipEvidence)
    .innerJoin(storedFiles, eq(storedFiles.id, hardshipEvidence.storedFileId))
    .where(inArray(hardshipEvidence.fileId, [...fileIds]))
    .orderBy(asc(hardshipEvidence.createdAt), asc(hardshipEvidence.id));
}

/** One piece of evidence for staff in scope; the reading is audited (a certificate is personal data). */
export async function readEvidence(p: Platform, actor: Actor, scope: Scope, evidenceId: string): Promise<Evidence> {
  const [evidence] = await p.db
    .select(columns)
    .from(hardshipEvidence)
    .innerJoin(storedFiles, eq(storedFiles.id, hardshipEvidence.storedFileId))
    .where(eq(hardshipEvidence.id, evidenceId));
  if (!evidence) throw hardshipErrors.evidenceNotFound();
  const row = await fileRow(p.db, scope, evidence.fileId).catch(() => {
    throw hardshipErrors.evidenceNotFound();
  });
  const org = await findOrgById(p.db, row.orgId);
  await inTransaction(p.db, (tx) =>
    recordAudit(tx, actor, {
      action: 'hardship.evidence_read',
      targetType: 'hardship_file',
      targetId: row.id,
      orgId: row.orgId,
      orgPath: org?.path ?? null,
      details: { evidenceId },
    }),
  );
  return evidence;
}
