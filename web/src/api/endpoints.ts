import { http } from './client';
import type {
  ChangePasswordRequest,
  CreateUserInput,
  DashboardOverview,
  Device,
  DeviceInput,
  IndustryClass,
  IssuedDeviceKey,
  Jurisdiction,
  LedgerEntry,
  LedgerVerification,
  LoginRequest,
  Me,
  Organisation,
  OrganisationInput,
  Paged,
  Site,
  SiteInput,
  SiteMapPoint,
  SystemInfo,
  UpdateUserInput,
  User,
} from './models';

export interface PageQuery {
  page?: number;
  pageSize?: number;
  q?: string;
}

const id = (value: string) => encodeURIComponent(value);

export const systemApi = {
  info: () => http.get<SystemInfo>('/api/system/info'),
};

export const authApi = {
  me: () => http.get<Me>('/api/auth/me'),
  login: (body: LoginRequest) => http.post<Me>('/api/auth/login', body),
  logout: () => http.post<void>('/api/auth/logout'),
  changePassword: (body: ChangePasswordRequest) => http.post<void>('/api/auth/change-password', body),
};

export const referenceApi = {
  jurisdictions: () => http.get<Jurisdiction[]>('/api/jurisdictions'),
  industryClasses: (q?: string) => http.get<IndustryClass[]>('/api/reference/industry-classes', { q }),
};

export interface OrganisationQuery extends PageQuery {
  type?: string;
  townId?: string;
}

export const organisationsApi = {
  list: (query: OrganisationQuery) => http.get<Paged<Organisation>>('/api/organisations', { ...query }),
  get: (orgId: string) => http.get<Organisation>(`/api/organisations/${id(orgId)}`),
  create: (body: OrganisationInput) => http.post<Organisation>('/api/organisations', body),
  update: (orgId: string, body: OrganisationInput) => http.put<Organisation>(`/api/organisations/${id(orgId)}`, body),
};

export interface SiteQuery extends PageQuery {
  organisationId?: string;
  townId?: string;
}

export const sitesApi = {
  list: (query: SiteQuery) => http.get<Paged<Site>>('/api/sites', { ...query }),
  get: (siteId: string) => http.get<Site>(`/api/sites/${id(siteId)}`),
  create: (body: SiteInput) => http.post<Site>('/api/sites', body),
  update: (siteId: string, body: SiteInput) => http.put<Site>(`/api/sites/${id(siteId)}`, body),
};

export interface UserQuery extends PageQuery {
  organisationId?: string;
}

export const usersApi = {
  list: (query: UserQuery) => http.get<Paged<User>>('/api/users', { ...query }),
  create: (body: CreateUserInput) => http.post<User>('/api/users', body),
  update: (userId: string, body: UpdateUserInput) => http.put<User>(`/api/users/${id(userId)}`, body),
  unlock: (userId: string) => http.post<void>(`/api/users/${id(userId)}/unlock`),
};

export const devicesApi = {
  list: (siteId?: string) => http.get<Device[]>('/api/devices', { siteId }),
  create: (body: DeviceInput) => http.post<Device>('/api/devices', body),
  issueKey: (deviceId: string) => http.post<IssuedDeviceKey>(`/api/devices/${id(deviceId)}/keys`),
  rotateKey: (deviceId: string, keyId: string) =>
    http.post<IssuedDeviceKey>(`/api/devices/${id(deviceId)}/keys/${id(keyId)}/rotate`),
  revokeKey: (deviceId: string, keyId: string) => http.delete(`/api/devices/${id(deviceId)}/keys/${id(keyId)}`),
};

export const dashboardApi = {
  overview: () => http.get<DashboardOverview>('/api/dashboard/overview'),
  siteMap: () => http.get<SiteMapPoint[]>('/api/dashboard/site-map'),
};

export const ledgerApi = {
  verify: () => http.get<LedgerVerification>('/api/ledger/verify'),
  entries: (query: PageQuery & { stream?: string }) => http.get<Paged<LedgerEntry>>('/api/ledger/entries', { ...query }),
};

export { http };
