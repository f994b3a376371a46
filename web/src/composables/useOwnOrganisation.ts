import { organisationsApi } from '@/api/endpoints';
import { useAuthStore } from '@/stores/auth';
import { useAsyncData } from './useAsyncData';

export function useOwnOrganisation() {
  const auth = useAuthStore();
  return useAsyncData(async () => {
    const id = auth.me?.organisationId;
    return id ? organisationsApi.get(id) : null;
  });
}
