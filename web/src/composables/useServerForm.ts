import { reactive, ref } from 'vue';
import { ElMessage } from 'element-plus';
import { ApiError, problemMessage, type FieldErrors } from '@/api/problem';
import { errorText } from './useAsyncData';

/**
 * Runs a form submission and maps a server ProblemDetails onto Element Plus form-item errors
 * (`:error="fieldErrors.name"`); problems without field errors are shown as `formError` and a toast.
 */
export function useServerForm() {
  const fieldErrors = reactive<FieldErrors>({});
  const formError = ref<string | null>(null);
  const submitting = ref(false);

  function clear(): void {
    for (const key of Object.keys(fieldErrors)) delete fieldErrors[key];
    formError.value = null;
  }

  async function submit<T>(action: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
    clear();
    submitting.value = true;
    try {
      return { ok: true, value: await action() };
    } catch (error) {
      if (error instanceof ApiError) {
        const fields = error.fieldErrors;
        Object.assign(fieldErrors, fields);
        formError.value = problemMessage(error.problem);
        if (Object.keys(fields).length === 0) ElMessage.error(formError.value);
      } else {
        formError.value = errorText(error);
        ElMessage.error(formError.value);
      }
      return { ok: false };
    } finally {
      submitting.value = false;
    }
  }

  return { fieldErrors, formError, submitting, submit, clear };
}
