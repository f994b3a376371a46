import { describe, expect, it } from 'vitest';
import { createAppI18n } from '@/i18n';
import { fieldLabel, localFieldErrors, localReasonsByPath, parseProblem, problemCode, problemText, type ProblemTranslator } from './problem';

function translator(locale: 'zh-CN' | 'en'): ProblemTranslator {
  const { t, te } = createAppI18n(locale).global;
  return { t: (key, named) => (named === undefined ? t(key) : t(key, named)), te: (key) => te(key) };
}
const zh = translator('zh-CN');
const en = translator('en');

const stopConfirmed = parseProblem(409, {
  status: 409,
  title: 'StopIsConfirmedOnce',
  detail: 'The pickup at Acme Plating was already confirmed at 2026-11-21T02:00:00Z.',
});

describe('problemText', () => {
  it('words a known rule violation by its name, in either language', () => {
    expect(problemText(stopConfirmed, zh)).toBe('该站点已确认过收运，不能重复确认。');
    expect(problemText(stopConfirmed, en)).toBe('This stop was already confirmed; it cannot be confirmed twice.');
  });

  it('prefers a code extension over the title', () => {
    const problem = parseProblem(409, { title: 'Something else', detail: 'x', code: 'ManifestCannotBeReceivedBeforeItIsShipped' });
    expect(problemCode(problem)).toBe('ManifestCannotBeReceivedBeforeItIsShipped');
    expect(problemText(problem, zh)).toBe('联单尚未起运，不能接收。');
  });

  it('falls back to the server text for a rule it does not know', () => {
    const problem = parseProblem(409, { title: 'SomeRuleAddedLater', detail: 'A rule the UI does not know yet.' });
    expect(problemText(problem, zh)).toBe('A rule the UI does not know yet.');
    expect(problemText(parseProblem(409, { title: 'Conflict', detail: '信用代码已存在' }), zh)).toBe('信用代码已存在');
  });

  it('words field errors by field name and reason code', () => {
    const problem = parseProblem(400, {
      title: 'The request is invalid.',
      errors: { weightKg: ['Must be more than 0 kg.'], securityCode: ["This is not the generator's security code for this pickup."] },
      fieldCodes: { weightKg: ['WeightInvalid'], securityCode: ['SecurityCodeWrong'] },
    });
    expect(problemText(problem, zh)).toBe('重量：须大于 0 千克、不超过上限，最多 3 位小数。；安全码：安全码不正确，请向产废单位核对。');
    expect(problemText(problem, en)).toBe(
      "Weight: More than 0 kg, within the limit, with at most 3 decimals.; Security code: This is not the generator's security code; check it with the generator.",
    );
    expect(localFieldErrors(problem, zh)).toEqual({ weightKg: '须大于 0 千克、不超过上限，最多 3 位小数。', securityCode: '安全码不正确，请向产废单位核对。' });
  });

  it("words the driver's loading refusals (site, permit, compatibility) and a plan overtaken by changes, in Chinese on the phone", () => {
    const refusal = (code: string) =>
      parseProblem(400, {
        title: 'The request is invalid.',
        errors: { containerCode: ['Server sentence in English.'] },
        fieldCodes: { containerCode: [code] },
      });
    expect(problemText(refusal('ContainerAtAnotherSite'), zh)).toBe('容器识别码：该容器存放在该单位的其他厂区，不属于本站点，请在其所在厂区的站点收运。');
    expect(problemText(refusal('CategoryNotOnVehiclePermit'), zh)).toBe('容器识别码：本车辆的危险废物运输许可不包含该容器的废物类别，不能装车。');
    expect(problemText(refusal('GroupNotCarriedByVehicle'), zh)).toBe('容器识别码：本车辆没有可装载该相容性类别废物的车厢，不能装车。');
    expect(problemText(refusal('CategoryNotOnVehiclePermit'), en)).toBe(
      "Container code: The vehicle's transport permit does not cover this container's waste category; it cannot be loaded.",
    );
    const clash = parseProblem(409, { title: 'IncompatibleWastesCannotShareAVehicle', detail: 'Container X (Combustible) is incompatible with Oxidiser already loaded.' });
    expect(problemText(clash, zh)).toBe('该容器与车上已装载的废物不相容，且没有可隔离的车厢，不能装车，请留待其他车次收运。');
    const overtaken = parseProblem(409, { title: 'DayChangedWhilePlanning', detail: 'The day changed while it was being planned.' });
    expect(problemText(overtaken, zh)).toBe('排线期间当天的收运申请、车次或车辆发生了变化，方案未保存，请重新排线。');
    expect(problemText(overtaken, en)).toBe(
      "The day's pickup requests, trips or vehicles changed while it was being planned; the plan was not saved. Plan the day again.",
    );
  });

  it('keeps the server reason when its code is unknown or missing, under the translated field name', () => {
    const problem = parseProblem(400, {
      errors: { weighedAt: ['A weighing cannot be dated in the future.'], mysteryField: ['Bad.'] },
      fieldCodes: { weighedAt: ['ReasonFromTheFuture'] },
    });
    expect(problemText(problem, zh)).toBe('称重时间：A weighing cannot be dated in the future.；Bad.');
  });

  it('names items of a list by their position', () => {
    expect(fieldLabel('lines[1].receivedKg', zh)).toBe('第 2 项接收重量');
    expect(fieldLabel('containers[0].containerId', en)).toBe('Container (item 1)');
    expect(fieldLabel('Idempotency-Key', zh)).toBe('请求标识');
    const problem = parseProblem(400, { errors: { 'lines[0].quantityKg': ['Bad weight.'] }, fieldCodes: { 'lines[0].quantityKg': ['WeightInvalid'] } });
    expect(localReasonsByPath(problem, en)).toEqual({ 'lines[0].quantityKg': 'More than 0 kg, within the limit, with at most 3 decimals.' });
  });

  it('keeps codes aligned with their messages (null where a message has none)', () => {
    const problem = parseProblem(400, {
      errors: { reason: ['Something custom.', 'This field is required.'] },
      fieldCodes: { reason: [null, 'Required'] },
    });
    expect(problemText(problem, zh)).toBe('原因：Something custom. 必填。');
  });

  it('ignores malformed codes', () => {
    const problem = parseProblem(400, { title: 'The request is invalid.', errors: { weightKg: ['Too heavy.'] }, fieldCodes: { weightKg: [42, 'not a code'] }, code: 'no spaces allowed' });
    expect(problemCode(problem)).toBeNull();
    expect(problemText(problem, en)).toBe('Weight: Too heavy.');
  });

  it('uses the detail when there is neither a known code nor field errors', () => {
    expect(problemText(parseProblem(500, { title: 'An unexpected error occurred.' }), zh)).toBe('An unexpected error occurred.');
  });
});
