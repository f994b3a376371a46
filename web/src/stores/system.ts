import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { systemApi } from '@/api/endpoints';
import type { SystemInfo } from '@/api/models';

export const useSystemStore = defineStore('system', () => {
  const info = ref<SystemInfo | null>(null);
  const error = ref<unknown>(null);
  let pending: Promise<void> | null = null;

  const isDemo = computed(() => info.value?.isDemo === true);
  const demoAccounts = computed(() => (isDemo.value ? (info.value?.demoAccounts ?? []) : []));

  function load(): Promise<void> {
    pending ??= systemApi
      .info()
      .then((value) => {
        info.value = value;
        error.value = null;
      })
      .catch((reason: unknown) => {
        error.value = reason;
        pending = null;
      });
    return pending;
  }

  return { info, error, isDemo, demoAccounts, load };
});
