import { dashboardApi } from '@/api/endpoints';
import { useAsyncData } from './useAsyncData';

export function useDashboard() {
  const overview = useAsyncData(() => dashboardApi.overview());
  const siteMap = useAsyncData(() => dashboardApi.siteMap());
  const reload = () => Promise.all([overview.reload(), siteMap.reload()]).then(() => undefined);
  return { overview, siteMap, reload };
}
