import { computed, reactive, ref } from 'vue';
import { ElMessage } from 'element-plus';
import { ApiError, localFieldErrors, problemText, type FieldErrors } from '@/api/problem';
import { i18n } from '@/i18n';
import { appTranslator, errorText } from './useAsyncData';

/**
 * Runs a form submission and maps a server ProblemDetails onto Element Plus form-item errors
 * (`:error="fieldErrors.name"`). `formError` is the message for the whole form: a prompt to fix the marked
 * fields, followed by any field errors the form has no item for (`fields` lists the ones it shows);
 * problems without field errors (409, 423, ...) show their detail and a toast.
 */
export function useServerForm(fields: readonly string[] = []) {
  const fieldErrors = reactive<FieldErrors>({});
  const problem = ref<string | null>(null);
  const submitting = ref(false);

  const unmatched = computed(() =>
    fields.length === 0 ? [] : Object.entries(fieldErrors).filter(([field]) => !fields.includes(field)).map(([, message]) => message),
  );
  const formError = computed(() => {
    if (problem.value === null) return null;
    if (Object.keys(fieldErrors).length === 0) return problem.value;
    return [i18n.global.t('validation.fixFields'), ...unmatched.value].join(' ');
  });

  function clear(): void {
    for (const key of Object.keys(fieldErrors)) delete fieldErrors[key];
    problem.value = null;
  }

  async function submit<T>(action: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
    clear();
    submitting.value = true;
    try {
      return { ok: true, value: await action() };
    } catch (error) {
      if (error instanceof ApiError) {
        const mapped = localFieldErrors(error.problem, appTranslator);
        Object.assign(fieldErrors, mapped);
        problem.value = problemText(error.problem, appTranslator);
        if (Object.keys(mapped).length === 0) ElMessage.error(problem.value);
      } else {
        problem.value = errorText(error);
        ElMessage.error(problem.value);
      }
      return { ok: false };
    } finally {
      submitting.value = false;
    }
  }

  return { fieldErrors, formError, submitting, submit, clear };
}
