import { describe, expect, it } from 'vitest';
import { serverMessage } from './serverMessages';

describe('serverMessage', () => {
  it('says the rule validator’s usual messages in Chinese, with their numbers', () => {
    expect(serverMessage('Must be at most 150.', 'zh-CN')).toBe('不能大于 150。');
    expect(serverMessage("Unknown condition 'shoeSize'.", 'zh-CN')).toBe('未知的条件“shoeSize”。');
    expect(serverMessage('Give min, max or both.', 'zh-CN')).toBe('请至少填写一个值。');
  });
  it('leaves English and unknown messages as they are', () => {
    expect(serverMessage('Must be at most 150.', 'en')).toBe('Must be at most 150.');
    expect(serverMessage('Segments refer to each other in a loop.', 'zh-CN')).toBe('Segments refer to each other in a loop.');
  });
});
