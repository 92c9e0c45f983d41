import { api } from '../../../../shared/api.ts';
import type { FormationMode, OrgKind, Trade } from './rules.ts';

export type OrgStatus = 'active' | 'inactive';

export interface Org {
  id: string;
  parentId: string | null;
  path: string;
  depth: number;
  kind: OrgKind;
  name: string;
  regionCode: string;
  formationMode: FormationMode | null;
  trades: Trade[];
  uscc: string | null;
  status: OrgStatus;
  createdAt: string;
  updatedAt: string;
}

/** An org as the tree endpoint returns it: with the number of its direct children. */
export interface OrgNode extends Org {
  childCount: number;
}

/** What the console knows about an org: childCount only once a tree listing has told it. */
export type KnownOrg = Org & { childCount?: number };

export interface OrgMove {
  id: string;
  fromParentId: string | null;
  toParentId: string | null;
  reason: string;
  movedBy: string;
  movedAt: string;
}

export interface OrgDetail {
  org: Org;
  ancestors: Org[];
  moves: OrgMove[];
}

export interface CreateOrgBody {
  parentId: string;
  kind: OrgKind;
  name: string;
  regionCode: string;
  formationMode?: FormationMode;
  trades?: Trade[];
  uscc?: string;
}

export type UpdateOrgBody = Partial<Pick<CreateOrgBody, 'name' | 'regionCode' | 'trades'>> & {
  formationMode?: FormationMode | null;
  uscc?: string | null;
};

export type ImportMode = 'all_or_nothing' | 'valid_rows';

export interface ImportRowError {
  row: number;
  column?: string;
  field?: string;
  code: string;
  message: string;
}

export interface ImportResult {
  total: number;
  written: number;
  errors: ImportRowError[];
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const orgsApi = {
  tree: (parentId?: string) => api.get<{ items: OrgNode[] }>('/api/console/orgs/tree', parentId ? { parentId } : undefined),
  search: (query: { q?: string; kind?: OrgKind; status?: OrgStatus; limit?: number }) =>
    api.get<{ items: Org[] }>('/api/console/orgs', { limit: 50, ...query }),
  get: (orgId: string) => api.get<OrgDetail>(`/api/console/orgs/${encodeURIComponent(orgId)}`),
  create: (body: CreateOrgBody) => api.post<Org>('/api/console/orgs', body),
  update: (orgId: string, body: UpdateOrgBody) => api.patch<Org>(`/api/console/orgs/${encodeURIComponent(orgId)}`, body),
  move: (orgId: string, newParentId: string, reason: string) =>
    api.post<Org>(`/api/console/orgs/${encodeURIComponent(orgId)}/move`, { newParentId, reason }),
  deactivate: (orgId: string, reason: string) => api.post<Org>(`/api/console/orgs/${encodeURIComponent(orgId)}/deactivate`, { reason }),
  reactivate: (orgId: string, reason: string) => api.post<Org>(`/api/console/orgs/${encodeURIComponent(orgId)}/reactivate`, { reason }),
  import: (file: File, mode: ImportMode) =>
    api.upload<ImportResult>('/api/console/orgs/import', file, file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : XLSX_TYPE, { mode }),
  templateUrl: '/api/console/orgs/import-template',
};
