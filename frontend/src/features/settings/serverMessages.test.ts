import { describe, expect, it } from 'vitest';
import { settingsMessage } from './serverMessages';

describe('settingsMessage', () => {
  it('says the settings API’s usual refusals in Chinese, keeping the values', () => {
    expect(settingsMessage("Code 'BJ01' is already used.", 'zh-CN')).toBe('“BJ01”已被使用。');
    expect(settingsMessage("Level 3 is already used by tier '金卡'.", 'zh-CN')).toBe('级别 3 已被等级“金卡”使用。');
    expect(settingsMessage('No store with id 99.', 'zh-CN')).toBe('找不到该记录（编号 99），或不在你的权限范围内。');
  });

  it('falls back to the shared table, and leaves English alone', () => {
    expect(settingsMessage('Must be at most 150.', 'zh-CN')).toBe('不能大于 150。');
    expect(settingsMessage("Code 'BJ01' is already used.", 'en')).toBe("Code 'BJ01' is already used.");
    expect(settingsMessage('Something new.', 'zh-CN')).toBe('Something new.');
  });
});
