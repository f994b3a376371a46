import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import IssuedKeyDialog from './IssuedKeyDialog.vue';
import { mountWithApp } from '@/test/mountApp';

afterEach(() => {
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

describe('IssuedKeyDialog', () => {
  it('shows the key once, warns that it is not stored, and copies it to the clipboard', async () => {
    const writeText = vi.fn(async () => undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const issued = { keyId: 'k1', key: 'gik_abc_SECRETSECRET', prefix: 'gik_abc', createdAt: '2026-11-21T08:00:00Z' };

    await mountWithApp(IssuedKeyDialog, { mount: { props: { modelValue: true, issued, deviceName: '1号暂存柜' } } });
    await flushPromises();

    const dialog = document.body.querySelector('[data-testid="issued-key-dialog"]');
    expect(dialog?.textContent).toContain('「1号暂存柜」的新密钥');
    expect(dialog?.textContent).toContain('密钥只显示这一次');
    expect(document.body.querySelector<HTMLInputElement>('input[data-testid="issued-key"]')?.value).toBe(issued.key);

    const copy = [...document.body.querySelectorAll('button')].find((b) => b.textContent?.includes('复制'));
    copy?.click();
    await flushPromises();

    expect(writeText).toHaveBeenCalledWith(issued.key);
  });
});
