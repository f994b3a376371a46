import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/api/problem';
import { useServerForm } from './useServerForm';

vi.mock('element-plus', () => ({ ElMessage: { error: vi.fn() } }));

describe('useServerForm', () => {
  it('maps validation problems to form-item errors and clears them on the next submit', async () => {
    const form = useServerForm(['creditCode', 'name']);
    const problem = new ApiError(400, {
      title: 'One or more validation errors occurred.',
      errors: { CreditCode: ['校验码错误'], JurisdictionId: ['只有监管部门有辖区'] },
    });

    const failed = await form.submit(() => Promise.reject(problem));
    expect(failed.ok).toBe(false);
    expect(form.fieldErrors).toEqual({ creditCode: '校验码错误', jurisdictionId: '只有监管部门有辖区' });
    // A prompt for the marked fields plus the error the form has no item for.
    expect(form.formError.value).toBe('提交未通过校验，请按提示修改标红的字段。 只有监管部门有辖区');

    const ok = await form.submit(() => Promise.resolve(7));
    expect(ok).toEqual({ ok: true, value: 7 });
    expect(form.fieldErrors).toEqual({});
    expect(form.formError.value).toBeNull();
    expect(form.submitting.value).toBe(false);
  });

  it('toasts problems without field errors', async () => {
    const { ElMessage } = await import('element-plus');
    const form = useServerForm();
    await form.submit(() => Promise.reject(new ApiError(409, { title: 'Conflict', detail: '信用代码已存在' })));
    expect(ElMessage.error).toHaveBeenCalledWith('信用代码已存在');
  });
});
