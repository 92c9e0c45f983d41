// The console's stations API (src/modules/stations/routes/console.ts and transfer.ts): the list of the
// subtree's stations, one station, its placing, editing and status, and station lists in and out of
// Excel. Every type is the server's, generated from its OpenAPI document.
import { client } from '../../../../shared/api-client.ts';
import type { ApiBody, ApiQuery, ApiResponse } from '../../../../shared/api-types.ts';
import { api, withQuery } from '../../../../shared/api.ts';
import { readHead, uploadType } from '../../components/import/read-head.ts';

const S = '/api/console/stations' as const;

export type Station = ApiResponse<'/api/console/stations/{stationId}', 'get'>;
export type StationPage = ApiResponse<'/api/console/stations', 'get'>;
export type StationQuery = ApiQuery<'/api/console/stations', 'get'>;
export type StationBody = ApiBody<'/api/console/stations', 'post'>;
export type StationStatus = Station['status'];
export type StationKind = Station['kind'];
export type Amenity = Station['amenities'][number];
export type OpeningHours = Station['hours'];
export type ExportQuery = ApiQuery<'/api/console/stations/export.xlsx', 'get'>;
export type StationImportPreview = ApiResponse<'/api/console/stations/import/preview', 'post'>;
export type StationImportField = StationImportPreview['fields'][number]['key'];
export type StationImportMapping = StationImportPreview['mapping'];
export type StationImportResult = ApiResponse<'/api/console/stations/import', 'post'>;

/** The filters of the list (and of the export, which takes the same). */
export type StationFilters = Omit<StationQuery, 'cursor' | 'limit'>;

export const stationsApi = {
  list: (filters: StationFilters, cursor: string | undefined, limit = 50) =>
    client.get(S, { query: { ...filters, limit, ...(cursor ? { cursor } : {}) } }),
  get: (stationId: string) => client.get(`${S}/{stationId}`, { params: { stationId } }),
  create: (body: StationBody) => client.post(S, { body }),
  update: (stationId: string, body: StationBody) => client.put(`${S}/{stationId}`, { params: { stationId }, body }),
  changeStatus: (stationId: string, status: StationStatus, reason: string) =>
    client.post(`${S}/{stationId}/status`, { params: { stationId }, body: { status, reason } }),
  /** The export's address: a plain download, filtered as the list is. */
  exportUrl: (filters: ExportQuery) => withQuery(`${S}/export.xlsx`, filters),
  templateUrl: `${S}/import/template.xlsx`,
  // The bodies are the file itself, not JSON: sent through the untyped upload, their answers typed.
  previewImport: (file: File) => {
    const head = readHead(file);
    return api.upload<StationImportPreview>(`${S}/import/preview`, head.body, head.contentType, { truncated: String(head.truncated) });
  },
  importFile: (file: File, options: { orgId: string | undefined; mapping: StationImportMapping }) =>
    api.upload<StationImportResult>(`${S}/import`, file, uploadType(file), {
      fileName: file.name,
      orgId: options.orgId,
      mapping: JSON.stringify(options.mapping),
    }),
};
