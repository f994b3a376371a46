import { http } from '@/api/client';
import type { components } from '@/api/schema';
import type { CorrectionBody } from './corrections';

type Schemas = components['schemas'];

/** A proposed correction with each party's agreement (generated from the host's OpenAPI document). */
export type Correction = Schemas['CorrectionResponse'];

const base = (manifestId: string) => `/api/waste/manifests/${encodeURIComponent(manifestId)}/corrections`;

export const correctionsApi = {
  list: (manifestId: string) => http.get<Correction[]>(base(manifestId)),
  propose: (manifestId: string, body: CorrectionBody) => http.post<Correction>(base(manifestId), body),
  agree: (manifestId: string, correctionId: string) => http.post<Correction>(`${base(manifestId)}/${encodeURIComponent(correctionId)}/agree`),
};
