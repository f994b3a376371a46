// Provisional types transcribed from team/API-CONTRACT.md; replaced by aliases of the generated schema.
export const ROLES = [
  'PlatformAdmin',
  'Regulator',
  'EnterpriseAdmin',
  'EnterpriseStaff',
  'CollectorDispatcher',
  'Driver',
  'DisposalOperator',
] as const;
export type Role = (typeof ROLES)[number];

export const ORGANISATION_TYPES = ['Enterprise', 'Collector', 'DisposalFacility', 'Regulator', 'Operator'] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface DemoAccount {
  userName: string;
  password: string;
  role: string;
  organisationName: string;
}

export interface SystemInfo {
  product: string;
  version: string;
  isDemo: boolean;
  districtName: string;
  demoAccounts: DemoAccount[] | null;
}

export interface Me {
  userId: string;
  userName: string;
  displayName: string;
  organisationId: string;
  organisationName: string;
  organisationType: string;
  roles: string[];
  jurisdictionId: string | null;
  mustChangePassword: boolean;
}

export interface LoginRequest {
  userName: string;
  password: string;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

export interface Jurisdiction {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  level: string;
  latitude: number;
  longitude: number;
  parentId: string | null;
  children: Jurisdiction[];
}

export interface IndustryClass {
  code: string;
  name: string;
  nameEn: string;
  level: string;
}

export interface Organisation {
  id: string;
  name: string;
  type: string;
  creditCode: string;
  townId: string | null;
  townName: string | null;
  jurisdictionId: string | null;
  contactName: string | null;
  contactPhone: string | null;
  isDemo: boolean;
  siteCount: number;
  createdAt: string;
}

export interface OrganisationInput {
  name: string;
  type: string;
  creditCode: string;
  townId: string | null;
  /** Only for regulators: the district or town they supervise. */
  jurisdictionId: string | null;
  contactName: string | null;
  contactPhone: string | null;
}

export interface Site {
  id: string;
  organisationId: string;
  organisationName: string;
  name: string;
  address: string;
  townId: string | null;
  townName: string | null;
  latitude: number;
  longitude: number;
  industryClassCode: string | null;
  industryClassName: string | null;
}

export interface SiteInput {
  organisationId: string;
  name: string;
  address: string;
  townId: string | null;
  latitude: number;
  longitude: number;
  industryClassCode: string | null;
}

export interface User {
  id: string;
  userName: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  organisationId: string;
  organisationName: string;
  roles: string[];
  isActive: boolean;
  lockedOutUntil: string | null;
}

export interface CreateUserInput {
  userName: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  organisationId: string;
  roles: string[];
  password: string;
}

export interface UpdateUserInput {
  displayName: string;
  email: string | null;
  phone: string | null;
  roles: string[];
  isActive: boolean;
}

export interface DeviceKeySummary {
  keyId: string;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface Device {
  id: string;
  siteId: string;
  siteName: string | null;
  organisationId: string;
  name: string;
  kind: string;
  createdAt: string;
  keys: DeviceKeySummary[];
}

export interface DeviceInput {
  siteId: string;
  name: string;
  kind: string;
}

export interface IssuedDeviceKey {
  keyId: string;
  key: string;
  prefix: string;
  createdAt: string;
}

export interface DashboardOverview {
  isDemo: boolean;
  districtName: string;
  kpis: {
    enterprises: number;
    sites: number;
    collectors: number;
    disposalFacilities: number;
    towns: number;
    users: number;
  };
  byTown: { townId: string; townName: string; enterprises: number; sites: number }[];
  byIndustry: { code: string; name: string; enterprises: number }[];
}

export interface SiteMapPoint {
  siteId: string;
  name: string;
  organisationId: string;
  organisationName: string;
  organisationType: string;
  townName: string | null;
  latitude: number;
  longitude: number;
  industryClassCode: string | null;
}

export interface LedgerVerification {
  ok: boolean;
  streamsChecked: number;
  entriesChecked: number;
  firstBroken: { stream: string; sequence: number; entryId: string; reason: string } | null;
}

export interface LedgerEntry {
  stream: string;
  sequence: number;
  type: string;
  occurredAt: string;
  actor: string;
  payload: string;
  hash: string;
  previousHash: string | null;
}
