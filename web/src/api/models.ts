// Types of the API, taken from the host's OpenAPI document (schema.d.ts is generated; see `npm run gen:api`).
import type { components } from './schema';

type Schemas = components['schemas'];

export const ROLES = [
  'PlatformAdmin',
  'Regulator',
  'EnterpriseAdmin',
  'EnterpriseStaff',
  'CollectorDispatcher',
  'Driver',
  'DisposalOperator',
] as const;
/** Role names; the document types roles as plain strings, the host defines exactly these. */
export type Role = (typeof ROLES)[number];

export type OrganisationType = Schemas['OrganisationType'];
export const ORGANISATION_TYPES = [
  'Enterprise',
  'Collector',
  'DisposalFacility',
  'Regulator',
  'Operator',
] as const satisfies readonly OrganisationType[];

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type SystemInfo = Schemas['SystemInfoResponse'];
export type DemoAccount = Schemas['DemoAccountResponse'];
export type Me = Schemas['MeResponse'];
export type LoginRequest = Schemas['LoginRequest'];
export type ChangePasswordRequest = Schemas['ChangePasswordRequest'];
export type Jurisdiction = Schemas['JurisdictionResponse'];
export type IndustryClass = Schemas['IndustryClassResponse'];
export type Organisation = Schemas['OrganisationResponse'];
export type RegisterOrganisationRequest = Schemas['RegisterOrganisationRequest'];
export type UpdateOrganisationRequest = Schemas['UpdateOrganisationRequest'];
export type Site = Schemas['SiteResponse'];
export type SiteRequest = Schemas['SiteRequest'];
export type User = Schemas['UserResponse'];
export type CreateUserRequest = Schemas['CreateUserRequest'];
export type UpdateUserRequest = Schemas['UpdateUserRequest'];
export type Device = Schemas['DeviceResponse'];
export type DeviceKeySummary = Schemas['DeviceKeyResponse'];
/**
 * Body of POST /api/devices. Written out because the document currently names two different types
 * `RegisterDeviceRequest` (Platform's and Telemetry's) and both operations point at Telemetry's; switch back to
 * the generated schema once the names are distinct (see /work/team/WEB-NOTES.md).
 */
export interface RegisterDeviceRequest {
  siteId: string | null;
  name: string | null;
  kind: string | null;
}
export type IssuedDeviceKey = Schemas['IssuedDeviceKeyResponse'];
export type DashboardOverview = Schemas['DashboardOverviewResponse'];
export type SiteMapPoint = Schemas['SiteMapPoint'];
export type LedgerVerification = Schemas['LedgerVerificationResponse'];
export type LedgerEntry = Schemas['LedgerEntryResponse'];
