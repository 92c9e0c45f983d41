import { client } from '../../../../shared/api-client.ts';
import type { ApiResponse } from '../../../../shared/api-types.ts';

export type Job = ApiResponse<'/api/console/jobs', 'get'>['items'][number];
export type JobRun = ApiResponse<'/api/console/jobs/runs', 'get'>['items'][number];

export const jobsApi = {
  list: () => client.get('/api/console/jobs'),
  runs: (name: string) => client.get('/api/console/jobs/runs', { query: { name } }),
  run: (name: string) => client.post('/api/console/jobs/{name}/run', { params: { name } }),
};
