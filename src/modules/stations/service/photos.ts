// A station's photos (its sign, the inside, the amenities) in the order the union shows them, and the
// photos an inspection keeps as evidence. The bytes go to the platform's file store first, outside any
// transaction; the rows (stored_file, station_photo) and the audit record in one transaction after. A
// refusal or a rollback in between leaves bytes no row names, which the store's sweep deletes.
import type { Readable } from 'node:stream';
import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { inTransaction, type Db, type Tx } from '../../../platform/db/tx.js';
import { storedFiles } from '../../../platform/files/schema.js';
import {
  deleteStoredFile,
  FileRefusedError,
  PHOTO_TYPES,
  recordStoredFile,
  refusalError,
  type FileStore,
  type PutResult,
  type StoredContentType,
} from '../../../platform/files/store.js';
import { t } from '../../../platform/i18n/i18n.js';
import { stationErrors, stationInspectionErrors } from '../errors.js';
import { stationInspections, stationPhotos, stations } from '../schema.js';
import { getStation, inScope } from './read.js';

export interface StationPhoto {
  id: string;
  stationId: string;
  caption: string | null;
  position: number;
  /** The inspection it is evidence of; null for the station's own. */
  inspectionId: string | null;
  contentType: string;
  bytes: number;
  name: string;
  sha256: string;
  createdAt: Date;
}

/** What `stored_file.purpose` says each kind of photo is for. */
export const PHOTO_PURPOSES = { station: 'stations.photo', evidence: 'stations.inspection_evidence' } as const;

const EXTENSIONS: Record<StoredContentType, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
  'application/pdf': '.pdf',
};

const photoColumns = {
  id: stationPhotos.id,
  stationId: stationPhotos.stationId,
  caption: stationPhotos.caption,
  position: stationPhotos.position,
  inspectionId: stationPhotos.inspectionId,
  contentType: storedFiles.contentType,
  bytes: storedFiles.bytes,
  name: storedFiles.name,
  sha256: storedFiles.sha256,
  createdAt: stationPhotos.createdAt,
};

/** The photos of `where`, with their files, in the union's order. */
export function selectPhotos(db: Db, where: SQL | undefined): Promise<StationPhoto[]> {
  return db
    .select(photoColumns)
    .from(stationPhotos)
    .innerJoin(storedFiles, eq(storedFiles.id, stationPhotos.fileId))
    .innerJoin(stations, eq(stations.id, stationPhotos.stationId))
    .where(where)
    .orderBy(asc(stationPhotos.position), asc(stationPhotos.id));
}

/** The bytes into the store, a refusal as this module's error. */
async function putPhoto(store: FileStore, body: Readable, maxBytes: number): Promise<PutResult> {
  try {
    return await store.put(body, { accept: PHOTO_TYPES, maxBytes });
  } catch (error) {
    if (!(error instanceof FileRefusedError)) throw error;
    throw refusalError(error, {
      tooLarge: stationInspectionErrors.photoTooLarge,
      typeRefused: stationInspectionErrors.photoTypeRefused,
      empty: stationInspectionErrors.photoEmpty,
    });
  }
}

/** The name a photo is kept and offered under: the one it came with, its extension the one its bytes say. */
function photoName(given: string | undefined, contentType: StoredContentType): string {
  const stem = (given ?? '').replace(/\.[A-Za-z0-9]{1,5}$/, '').trim() || t('stations.photo.default_name');
  return `${stem.slice(0, 100)}${EXTENSIONS[contentType]}`;
}

export interface PhotoUpload {
  body: Readable;
  /** The file's name on the uploader's machine (only the stem is kept). */
  fileName?: string | undefined;
  caption?: string | null | undefined;
  maxBytes: number;
}

async function addPhoto(
  db: Db,
  store: FileStore,
  actor: Actor,
  scope: Scope,
  target: { stationId: string; inspectionId: string | null },
  upload: PhotoUpload,
): Promise<StationPhoto> {
  const put = await putPhoto(store, upload.body, upload.maxBytes);
  const id = await inTransaction(db, async (tx) => {
    // Locked: two uploads at once take the next two places, not the same one.
    const station = await getStation(tx, scope, target.stationId, { forUpdate: true });
    const file = await recordStoredFile(tx, {
      ...put,
      name: photoName(upload.fileName, put.contentType),
      purpose: target.inspectionId ? PHOTO_PURPOSES.evidence : PHOTO_PURPOSES.station,
      orgId: station.orgId,
      createdBy: actor.kind === 'staff' ? actor.id : null,
    });
    const sameSet = target.inspectionId ? eq(stationPhotos.inspectionId, target.inspectionId) : isNull(stationPhotos.inspectionId);
    const [last] = await tx
      .select({ next: sql<number>`coalesce(max(${stationPhotos.position}) + 1, 0)`.mapWith(Number) })
      .from(stationPhotos)
      .where(and(eq(stationPhotos.stationId, station.id), sameSet));
    const [photo] = await tx
      .insert(stationPhotos)
      .values({
        stationId: station.id,
        fileId: file.id,
        caption: upload.caption?.trim() || null,
        position: last?.next ?? 0,
        inspectionId: target.inspectionId,
      })
      .returning({ id: stationPhotos.id });
    if (!photo) throw new Error('station_photo insert returned nothing');
    await recordAudit(tx, actor, {
      action: target.inspectionId ? 'stations.inspection_photo_added' : 'stations.photo_added',
      targetType: 'station',
      targetId: station.id,
      orgId: station.orgId,
      details: { photoId: photo.id, inspectionId: target.inspectionId, sha256: put.sha256, bytes: put.bytes, contentType: put.contentType },
    });
    return photo.id;
  });
  return getPhoto(db, scope, id);
}

/**
 * Adds a photo to a station's gallery, at its end. The station is looked up in the staff member's
 * subtree before a byte of the upload is read: a sibling district gets 404 and writes nothing.
 */
export async function addStationPhoto(
  db: Db,
  store: FileStore,
  actor: Actor,
  scope: Scope,
  stationId: string,
  upload: PhotoUpload,
): Promise<StationPhoto> {
  await getStation(db, scope, stationId);
  return addPhoto(db, store, actor, scope, { stationId, inspectionId: null }, upload);
}

/** Adds a photo as evidence of an inspection (taken on the visit, sent with the record or after it). */
export async function addInspectionPhoto(
  db: Db,
  store: FileStore,
  actor: Actor,
  scope: Scope,
  inspectionId: string,
  upload: PhotoUpload,
): Promise<StationPhoto> {
  const [inspection] = await db
    .select({ stationId: stationInspections.stationId })
    .from(stationInspections)
    .innerJoin(stations, eq(stations.id, stationInspections.stationId))
    .where(and(eq(stationInspections.id, inspectionId), inScope(scope)))
    .limit(1);
  if (!inspection) throw stationInspectionErrors.inspectionNotFound();
  return addPhoto(db, store, actor, scope, { stationId: inspection.stationId, inspectionId }, upload);
}

/** One photo of a station in the staff member's subtree (its own or evidence); 404 for any other. */
export async function getPhoto(db: Db, scope: Scope, photoId: string): Promise<StationPhoto> {
  const [photo] = await selectPhotos(db, and(eq(stationPhotos.id, photoId), inScope(scope)));
  if (!photo) throw stationInspectionErrors.photoNotFound();
  return photo;
}

/** A station's own photos (not inspections' evidence), in the union's order. */
export async function listStationPhotos(db: Db, scope: Scope, stationId: string): Promise<StationPhoto[]> {
  await getStation(db, scope, stationId);
  return selectPhotos(db, and(eq(stationPhotos.stationId, stationId), isNull(stationPhotos.inspectionId)));
}

/** Puts a station's photos in the order given, which must hold each of them once. */
export async function reorderStationPhotos(
  db: Db,
  actor: Actor,
  scope: Scope,
  stationId: string,
  photoIds: string[],
): Promise<StationPhoto[]> {
  await inTransaction(db, async (tx) => {
    const station = await getStation(tx, scope, stationId, { forUpdate: true });
    const current = await tx
      .select({ id: stationPhotos.id })
      .from(stationPhotos)
      .where(and(eq(stationPhotos.stationId, stationId), isNull(stationPhotos.inspectionId)));
    const given = new Set(photoIds);
    if (given.size !== photoIds.length || given.size !== current.length || current.some((p) => !given.has(p.id))) {
      throw stationInspectionErrors.photoOrderInvalid();
    }
    for (const [position, id] of photoIds.entries()) {
      await tx.update(stationPhotos).set({ position }).where(eq(stationPhotos.id, id));
    }
    await recordAudit(tx, actor, {
      action: 'stations.photos_reordered',
      targetType: 'station',
      targetId: stationId,
      orgId: station.orgId,
      details: { photoIds },
    });
  });
  return listStationPhotos(db, scope, stationId);
}

async function lockPhoto(
  tx: Tx,
  scope: Scope,
  photoId: string,
): Promise<{ id: string; stationId: string; orgId: string; fileId: string; inspectionId: string | null }> {
  const [photo] = await tx
    .select({
      id: stationPhotos.id,
      stationId: stationPhotos.stationId,
      orgId: stations.orgId,
      fileId: stationPhotos.fileId,
      inspectionId: stationPhotos.inspectionId,
    })
    .from(stationPhotos)
    .innerJoin(stations, eq(stations.id, stationPhotos.stationId))
    .where(and(eq(stationPhotos.id, photoId), inScope(scope)))
    .for('update', { of: stationPhotos })
    .limit(1);
  if (!photo) throw stationInspectionErrors.photoNotFound();
  return photo;
}

/** Changes what a photo's caption says (a station's own photo; evidence stays as recorded). */
export async function captionStationPhoto(
  db: Db,
  actor: Actor,
  scope: Scope,
  photoId: string,
  caption: string | null,
): Promise<StationPhoto> {
  await inTransaction(db, async (tx) => {
    const photo = await lockPhoto(tx, scope, photoId);
    if (photo.inspectionId) throw stationInspectionErrors.evidencePhotoLocked();
    const text = caption?.trim() || null;
    await tx.update(stationPhotos).set({ caption: text }).where(eq(stationPhotos.id, photoId));
    await recordAudit(tx, actor, {
      action: 'stations.photo_captioned',
      targetType: 'station',
      targetId: photo.stationId,
      orgId: photo.orgId,
      details: { photoId, caption: text },
    });
  });
  return getPhoto(db, scope, photoId);
}

/**
 * Takes a photo off a station: its row and its file's row go; the bytes stay while another row names
 * the same hash, and go with the store's next sweep when none does. An inspection's evidence stays.
 */
export async function deleteStationPhoto(db: Db, actor: Actor, scope: Scope, photoId: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const photo = await lockPhoto(tx, scope, photoId);
    if (photo.inspectionId) throw stationInspectionErrors.evidencePhotoLocked();
    await tx.delete(stationPhotos).where(eq(stationPhotos.id, photoId));
    await deleteStoredFile(tx, photo.fileId);
    await recordAudit(tx, actor, {
      action: 'stations.photo_deleted',
      targetType: 'station',
      targetId: photo.stationId,
      orgId: photo.orgId,
      details: { photoId },
    });
  });
}

// ---------------------------------------------------------------------------------------------
// What anyone sees in the H5: the own photos of an open station.

const openStation = eq(stations.status, 'open');

/** The photos of an open station, for anyone (a rider choosing where to stop); 404 when it is not open. */
export async function listPublicStationPhotos(db: Db, stationId: string): Promise<StationPhoto[]> {
  const [station] = await db
    .select({ id: stations.id })
    .from(stations)
    .where(and(eq(stations.id, stationId), openStation))
    .limit(1);
  if (!station) throw stationErrors.notFound();
  return selectPhotos(db, and(eq(stationPhotos.stationId, stationId), isNull(stationPhotos.inspectionId)));
}

/** One photo of an open station's own, for anyone; an inspection's evidence never. */
export async function getPublicStationPhoto(db: Db, photoId: string): Promise<StationPhoto> {
  const [photo] = await selectPhotos(db, and(eq(stationPhotos.id, photoId), isNull(stationPhotos.inspectionId), openStation));
  if (!photo) throw stationInspectionErrors.photoNotFound();
  return photo;
}
