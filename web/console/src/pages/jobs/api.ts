import { api } from '../../../../shared/api.ts';

export interface Job {
  name: string;
  intervalSeconds: number;
  nextRunAt: string | null;
  lockedBy: string | null;
  lockedUntil: string | null;
  attempts: number;
  lastStartedAt: string | null;
  lastFinishedAt: string | null;
  lastStatus: string | null;
  lastError: string | null;
}

export interface JobRun {
  id: string;
  name: string;
  instance: string;
  attempt: number;
  startedAt: string;
  finishedAt: string | null;
  status: string;
  error: string | null;
  summary: unknown;
}

export const jobsApi = {
  list: () => api.get<{ items: Job[] }>('/api/console/jobs'),
  runs: (name: string) => api.get<{ items: JobRun[] }>('/api/console/jobs/runs', { name }),
  run: (name: string) => api.post<{ ran: boolean }>(`/api/console/jobs/${encodeURIComponent(name)}/run`),
};
