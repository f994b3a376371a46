import { api, http } from './client';
import type { operations } from './schema';
import type {
  ChangePasswordRequest,
  Device,
  CreateUserRequest,
  LoginRequest,
  RegisterDeviceRequest,
  RegisterOrganisationRequest,
  SiteRequest,
  UpdateOrganisationRequest,
  UpdateUserRequest,
} from './models';

type QueryOf<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>;

export type OrganisationQuery = QueryOf<'ListOrganisations'>;
export type SiteQuery = QueryOf<'ListSites'>;
export type UserQuery = QueryOf<'ListUsers'>;
export type LedgerEntriesQuery = QueryOf<'ListLedgerEntries'>;

export const systemApi = {
  info: () => api.get('/api/system/info'),
};

export const authApi = {
  me: () => api.get('/api/auth/me'),
  login: (body: LoginRequest) => api.post('/api/auth/login', { body }),
  logout: () => api.post('/api/auth/logout'),
  changePassword: (body: ChangePasswordRequest) => api.post('/api/auth/change-password', { body }),
};

export const referenceApi = {
  jurisdictions: () => api.get('/api/jurisdictions'),
  industryClasses: (q?: string) => api.get('/api/reference/industry-classes', { query: { q } }),
};

export const organisationsApi = {
  list: (query: OrganisationQuery) => api.get('/api/organisations', { query }),
  get: (id: string) => api.get('/api/organisations/{id}', { path: { id } }),
  create: (body: RegisterOrganisationRequest) => api.post('/api/organisations', { body }),
  update: (id: string, body: UpdateOrganisationRequest) => api.put('/api/organisations/{id}', { path: { id }, body }),
};

export const sitesApi = {
  list: (query: SiteQuery) => api.get('/api/sites', { query }),
  get: (id: string) => api.get('/api/sites/{id}', { path: { id } }),
  create: (body: SiteRequest) => api.post('/api/sites', { body }),
  update: (id: string, body: SiteRequest) => api.put('/api/sites/{id}', { path: { id }, body }),
};

export const usersApi = {
  list: (query: UserQuery) => api.get('/api/users', { query }),
  create: (body: CreateUserRequest) => api.post('/api/users', { body }),
  update: (id: string, body: UpdateUserRequest) => api.put('/api/users/{id}', { path: { id }, body }),
  unlock: (id: string) => api.post('/api/users/{id}/unlock', { path: { id } }),
};

export const devicesApi = {
  list: (siteId?: string) => api.get('/api/devices', { query: { siteId } }),
  // Untyped path for now: the document's body schema for this operation is Telemetry's (name collision).
  create: (body: RegisterDeviceRequest) => http.post<Device>('/api/devices', body),
  issueKey: (id: string) => api.post('/api/devices/{id}/keys', { path: { id } }),
  rotateKey: (id: string, keyId: string) => api.post('/api/devices/{id}/keys/{keyId}/rotate', { path: { id, keyId } }),
  revokeKey: (id: string, keyId: string) => api.delete('/api/devices/{id}/keys/{keyId}', { path: { id, keyId } }),
};

export const dashboardApi = {
  overview: () => api.get('/api/dashboard/overview'),
  siteMap: () => api.get('/api/dashboard/site-map'),
};

export const ledgerApi = {
  verify: () => api.get('/api/ledger/verify'),
  entries: (query: LedgerEntriesQuery) => api.get('/api/ledger/entries', { query }),
};

export { http };
