// A station's photos: the console's gallery (upload, order, caption, delete, the bytes for staff in
// scope) and what the H5 shows anyone of an open station. The upload's body is the photo itself, read
// as a stream straight into the file store; its type is told from its bytes, never from its name.
import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { scopeOf } from '../../../platform/access/access.js';
import { BINARY_UPLOAD, binaryBody, sendStoredFile } from '../../../platform/files/serve.js';
import { FileStore } from '../../../platform/files/store.js';
import { actorOf, requireStaff } from '../../../platform/http/guard.js';
import { fileResponse, NoContent } from '../../../platform/http/openapi.js';
import { IdParams, LineText } from '../../../platform/http/zod.js';
import { stationInspectionErrors } from '../errors.js';
import {
  addInspectionPhoto,
  addStationPhoto,
  captionStationPhoto,
  deleteStationPhoto,
  getPhoto,
  getPublicStationPhoto,
  listPublicStationPhotos,
  listStationPhotos,
  reorderStationPhotos,
  type StationPhoto,
} from '../service/photos.js';
import { open, staff, type StationsApp } from './access.js';

/** The body of an upload: the photo's bytes, whatever they claim to be (the store sniffs them). */
export const PHOTO_UPLOAD = BINARY_UPLOAD;

const Caption = LineText(0, 60);

export const PhotoUploadQuery = z.strictObject({
  /** The file's name on the uploader's machine: kept (its stem) to name downloads, never to tell its type. */
  fileName: LineText(1, 200).optional(),
  caption: Caption.optional(),
});

export const PhotoResponse = z.object({
  id: z.string(),
  stationId: z.string(),
  caption: z.string().nullable(),
  position: z.number(),
  inspectionId: z.string().nullable(),
  contentType: z.string(),
  bytes: z.number(),
  name: z.string(),
  /** Where the console reads its bytes. */
  url: z.string(),
  createdAt: z.date(),
});

export const toPhotoResponse = (photo: StationPhoto): z.infer<typeof PhotoResponse> => ({
  id: photo.id,
  stationId: photo.stationId,
  caption: photo.caption,
  position: photo.position,
  inspectionId: photo.inspectionId,
  contentType: photo.contentType,
  bytes: photo.bytes,
  name: photo.name,
  url: `/api/console/station-photos/${photo.id}`,
  createdAt: photo.createdAt,
});

const PublicPhotoResponse = z.object({ id: z.string(), caption: z.string().nullable(), url: z.string() });

/** The upload's stream; any other body (JSON, say) is not a photo. */
export const photoBody = (req: Pick<FastifyRequest, 'body'>): Readable => binaryBody(req, () => stationInspectionErrors.photoTypeRefused());

export function registerPhotoRoutes(app: StationsApp): void {
  const p = app.platform;
  const db = p.db;
  const store = FileStore.of(p.config);

  app.get(
    '/api/console/stations/:stationId/photos',
    {
      config: staff('viewer'),
      schema: {
        tags: ['stations'],
        operationId: 'listStationPhotos',
        summary: '驿站照片（按展示顺序；不含检查记录的佐证照片）',
        params: IdParams('stationId'),
        response: { 200: z.object({ items: z.array(PhotoResponse), limitBytes: z.number() }) },
      },
    },
    async (req) => ({
      items: (await listStationPhotos(db, scopeOf(requireStaff(req)), req.params.stationId)).map(toPhotoResponse),
      limitBytes: p.config.photoLimitBytes,
    }),
  );

  app.post(
    '/api/console/stations/:stationId/photos',
    {
      config: { ...staff('operator'), ...PHOTO_UPLOAD, problems: [413, 415] },
      schema: {
        tags: ['stations'],
        operationId: 'uploadStationPhoto',
        summary: '上传驿站照片（请求体为照片文件本身，Content-Type: application/octet-stream；JPEG、PNG、WebP，按文件内容识别）',
        params: IdParams('stationId'),
        querystring: PhotoUploadQuery,
        response: { 201: PhotoResponse },
      },
    },
    async (req, reply) => {
      const scope = scopeOf(requireStaff(req));
      const photo = await addStationPhoto(db, store, actorOf(req), scope, req.params.stationId, {
        // Read only once the station is found in scope (addStationPhoto looks first).
        get body() {
          return photoBody(req);
        },
        fileName: req.query.fileName,
        caption: req.query.caption,
        maxBytes: p.config.photoLimitBytes,
      });
      return reply.code(201).send(toPhotoResponse(photo));
    },
  );

  app.put(
    '/api/console/stations/:stationId/photos/order',
    {
      config: staff('operator'),
      schema: {
        tags: ['stations'],
        operationId: 'reorderStationPhotos',
        summary: '调整驿站照片的展示顺序（须列出全部照片）',
        params: IdParams('stationId'),
        body: z.strictObject({ photoIds: z.array(z.uuid()).max(200) }),
        response: { 200: z.object({ items: z.array(PhotoResponse) }) },
      },
    },
    async (req) => ({
      items: (await reorderStationPhotos(db, actorOf(req), scopeOf(requireStaff(req)), req.params.stationId, req.body.photoIds)).map(
        toPhotoResponse,
      ),
    }),
  );

  app.get(
    '/api/console/station-photos/:photoId',
    {
      config: staff('viewer'),
      schema: {
        tags: ['stations'],
        operationId: 'getStationPhotoFile',
        summary: '驿站照片文件（含检查佐证照片；内容不变，可长期缓存）',
        params: IdParams('photoId'),
        response: { 200: fileResponse('image/*', '照片') },
      },
    },
    async (req, reply) => sendStoredFile(req, reply, store, await getPhoto(db, scopeOf(requireStaff(req)), req.params.photoId), 'private'),
  );

  app.patch(
    '/api/console/station-photos/:photoId',
    {
      config: { ...staff('operator'), problems: [409] },
      schema: {
        tags: ['stations'],
        operationId: 'captionStationPhoto',
        summary: '修改驿站照片的说明',
        params: IdParams('photoId'),
        body: z.strictObject({ caption: Caption.nullable() }),
        response: { 200: PhotoResponse },
      },
    },
    async (req) =>
      toPhotoResponse(await captionStationPhoto(db, actorOf(req), scopeOf(requireStaff(req)), req.params.photoId, req.body.caption)),
  );

  app.delete(
    '/api/console/station-photos/:photoId',
    {
      config: { ...staff('operator'), problems: [409] },
      schema: {
        tags: ['stations'],
        operationId: 'deleteStationPhoto',
        summary: '删除驿站照片（检查记录的佐证照片不能删除）',
        params: IdParams('photoId'),
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      await deleteStationPhoto(db, actorOf(req), scopeOf(requireStaff(req)), req.params.photoId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/console/station-inspections/:inspectionId/photos',
    {
      config: { ...staff('operator'), ...PHOTO_UPLOAD, problems: [413, 415] },
      schema: {
        tags: ['stations'],
        operationId: 'uploadInspectionPhoto',
        summary: '上传检查佐证照片（请求体为照片文件本身，Content-Type: application/octet-stream）',
        params: IdParams('inspectionId'),
        querystring: PhotoUploadQuery,
        response: { 201: PhotoResponse },
      },
    },
    async (req, reply) => {
      const photo = await addInspectionPhoto(db, store, actorOf(req), scopeOf(requireStaff(req)), req.params.inspectionId, {
        get body() {
          return photoBody(req);
        },
        fileName: req.query.fileName,
        caption: req.query.caption,
        maxBytes: p.config.photoLimitBytes,
      });
      return reply.code(201).send(toPhotoResponse(photo));
    },
  );

  // ---------------------------------------------------------------------------------------------
  // The H5: anyone may see an open station's own photos (a rider choosing where to stop need not sign in).

  app.get(
    '/api/member/stations/:stationId/photos',
    {
      config: open,
      schema: {
        tags: ['stations'],
        operationId: 'listPublicStationPhotos',
        summary: '开放中驿站的照片（按展示顺序）',
        params: IdParams('stationId'),
        response: { 200: z.object({ items: z.array(PublicPhotoResponse) }) },
      },
    },
    async (req, reply) => {
      const photos = await listPublicStationPhotos(db, req.params.stationId);
      // A short while (and only for an answer, never a 404): a photo added or taken down shows within
      // minutes, and a busy map does not ask each time.
      reply.header('cache-control', 'public, max-age=300');
      return { items: photos.map((photo) => ({ id: photo.id, caption: photo.caption, url: `/api/member/station-photos/${photo.id}` })) };
    },
  );

  app.get(
    '/api/member/station-photos/:photoId',
    {
      config: open,
      schema: {
        tags: ['stations'],
        operationId: 'getPublicStationPhotoFile',
        summary: '开放中驿站的照片文件（内容不变，可长期缓存）',
        params: IdParams('photoId'),
        response: { 200: fileResponse('image/*', '照片') },
      },
    },
    async (req, reply) => sendStoredFile(req, reply, store, await getPublicStationPhoto(db, req.params.photoId), 'public'),
  );
}
