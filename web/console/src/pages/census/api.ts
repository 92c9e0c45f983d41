// The console's census API (src/modules/census/routes): the lists' sources, the lists themselves
// (preview, upload, progress, error report) and the coverage dashboard. Every type is the server's,
// generated from its OpenAPI document.
import { client, pathWith } from '../../../../shared/api-client.ts';
import type { paths } from '../../../../shared/api-schema.ts';
import type { ApiBody, ApiQuery, ApiResponse } from '../../../../shared/api-types.ts';
import { api, withQuery } from '../../../../shared/api.ts';
import type { Trade } from '../../../../shared/trades.ts';
import { readHead, uploadType } from '../../components/import/read-head.ts';
import type { ColumnMapping } from '../../components/import/rules.ts';

const C = '/api/console/census' as const;
type Get<P extends keyof paths> = ApiResponse<P, 'get'>;

export type CensusSource = Get<'/api/console/census/sources'>['items'][number];
export type SourceKind = CensusSource['kind'];
export type SourceBody = ApiBody<'/api/console/census/sources', 'post'>;

export type CensusList = Get<'/api/console/census/lists/{listId}'>;
export type ListPage = Get<'/api/console/census/lists'>;
export type ListStatus = CensusList['status'];
export type ListMode = CensusList['mode'];
export type ListPreview = ApiResponse<'/api/console/census/lists/preview', 'post'>;
/** The counted list an upload would replace (same source, area and trade). */
export type ReplacedList = NonNullable<Get<'/api/console/census/lists/replaced'>['replaced']>;
export type CensusField = ListPreview['fields'][number]['key'];
/** Field → the file's header that fills it. */
export type CensusMapping = ColumnMapping<CensusField>;

export type Coverage = Get<'/api/console/census/coverage'>;
export type CoverageFigures = Coverage['totals'];
export type CoverageRow = Coverage['children'][number];
export type TrendPoint = Coverage['trend'][number];
export type FormationCount = Coverage['formation'][number];

// The choices the console offers, in its order; `satisfies` keeps them the server's values.
export const SOURCE_KINDS = [
  'market_regulation',
  'tax',
  'hr',
  'civil_affairs',
  'housing',
  'association',
  'platform',
  'union',
  'other',
] as const satisfies readonly SourceKind[];
export const LIST_MODES = ['valid_rows', 'all_or_nothing'] as const satisfies readonly ListMode[];

/** What a list says about all of its rows, besides the file. */
export interface ListUpload {
  sourceId: string;
  /** A county (6 digits) or township (9) within the staff member's area. */
  regionCode: string;
  /** The trade of rows that name none (or of the whole list). */
  trade: Trade | undefined;
  mode: ListMode;
  mapping: CensusMapping;
}

export interface CoverageQuery {
  region?: string | undefined;
  trade?: Trade | undefined;
}

const coverageQuery = (query: CoverageQuery): ApiQuery<'/api/console/census/coverage', 'get'> => ({
  ...(query.region ? { region: query.region } : {}),
  ...(query.trade ? { trade: query.trade } : {}),
});

export const censusApi = {
  sources: () => client.get(`${C}/sources`),
  createSource: (body: SourceBody) => client.post(`${C}/sources`, { body }),

  // Lists: the body is the file itself, so these go through the untyped upload, their answers typed.
  previewList: (file: File, sourceId: string | undefined) => {
    const head = readHead(file);
    return api.upload<ListPreview>(`${C}/lists/preview`, head.body, head.contentType, { truncated: String(head.truncated), sourceId });
  },
  uploadList: (file: File, upload: ListUpload) =>
    api.upload<ApiResponse<'/api/console/census/lists', 'post'>>(`${C}/lists`, file, uploadType(file), {
      sourceId: upload.sourceId,
      regionCode: upload.regionCode,
      trade: upload.trade,
      mode: upload.mode,
      fileName: file.name,
      mapping: JSON.stringify(upload.mapping),
    }),
  /** The list counting an upload of this source, area and trade would replace; `replaced` is null when none. */
  replacedList: (upload: Pick<ListUpload, 'sourceId' | 'regionCode' | 'trade'>) =>
    client.get(`${C}/lists/replaced`, {
      query: { sourceId: upload.sourceId, regionCode: upload.regionCode, ...(upload.trade ? { trade: upload.trade } : {}) },
    }),
  /** A page of the lists uploaded in the staff member's subtree, newest first, and the largest file the server takes. */
  lists: (cursor: string | undefined, limit = 20) => client.get(`${C}/lists`, { query: { limit, ...(cursor ? { cursor } : {}) } }),
  list: (listId: string) => client.get(`${C}/lists/{listId}`, { params: { listId } }),
  listErrorsUrl: (listId: string) => pathWith(`${C}/lists/{listId}/errors.csv`, { listId }),

  coverage: (query: CoverageQuery) => client.get(`${C}/coverage`, { query: coverageQuery(query) }),
  /** The dashboard's tables as a workbook (children, then trades); a plain download link. */
  coverageExportUrl: (query: CoverageQuery) => withQuery(`${C}/coverage.xlsx`, coverageQuery(query)),
};
