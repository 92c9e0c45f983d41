// The console's station photos (src/modules/stations/routes/photos.ts): a station's gallery, its
// order and captions, and an inspection's evidence. Every type is the server's.
import { client } from '../../../../../shared/api-client.ts';
import type { ApiResponse } from '../../../../../shared/api-types.ts';
import { api } from '../../../../../shared/api.ts';

export type StationPhoto = ApiResponse<'/api/console/stations/{stationId}/photos', 'get'>['items'][number];
export type PhotoList = ApiResponse<'/api/console/stations/{stationId}/photos', 'get'>;

/** What an upload says beside the bytes: the file's own name (kept for downloads), a caption. */
export interface PhotoMeta {
  fileName?: string | undefined;
  caption?: string | undefined;
}

// The body of an upload is the photo itself, typed by the server from its bytes: always sent as
// application/octet-stream, whatever the browser thinks the file is.
const OCTETS = 'application/octet-stream';
const metaQuery = (meta: PhotoMeta) => ({ fileName: meta.fileName?.slice(0, 200), caption: meta.caption?.trim() || undefined });

export const photosApi = {
  list: (stationId: string) => client.get('/api/console/stations/{stationId}/photos', { params: { stationId } }),
  upload: (stationId: string, photo: Blob, meta: PhotoMeta) =>
    api.upload<StationPhoto>(`/api/console/stations/${encodeURIComponent(stationId)}/photos`, photo, OCTETS, metaQuery(meta)),
  uploadEvidence: (inspectionId: string, photo: Blob, meta: PhotoMeta) =>
    api.upload<StationPhoto>(`/api/console/station-inspections/${encodeURIComponent(inspectionId)}/photos`, photo, OCTETS, metaQuery(meta)),
  reorder: (stationId: string, photoIds: string[]) =>
    client.put('/api/console/stations/{stationId}/photos/order', { params: { stationId }, body: { photoIds } }),
  caption: (photoId: string, caption: string | null) =>
    client.patch('/api/console/station-photos/{photoId}', { params: { photoId }, body: { caption } }),
  remove: (photoId: string) => client.delete('/api/console/station-photos/{photoId}', { params: { photoId } }),
};
