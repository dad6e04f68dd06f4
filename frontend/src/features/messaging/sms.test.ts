import { describe, expect, it } from 'vitest';
import { IMAGE_MAX_BYTES, MAX_MEDIA, VIDEO_MAX_BYTES, mediaProblem, smsInfo } from './sms';

describe('smsInfo', () => {
  it('counts GSM-7 texts in parts of 160, then 153', () => {
    expect(smsInfo('')).toEqual({ encoding: 'GSM-7', length: 0, segments: 0 });
    expect(smsInfo('a'.repeat(160))).toEqual({ encoding: 'GSM-7', length: 160, segments: 1 });
    expect(smsInfo('a'.repeat(161))).toEqual({ encoding: 'GSM-7', length: 161, segments: 2 });
    expect(smsInfo('a'.repeat(306)).segments).toBe(2);
    expect(smsInfo('a'.repeat(307)).segments).toBe(3);
  });
  it('counts an extension character twice', () => {
    expect(smsInfo('€').length).toBe(2);
  });
  it('switches to UCS-2 for Chinese: 70 in one part, then 67', () => {
    expect(smsInfo('您'.repeat(70))).toEqual({ encoding: 'UCS-2', length: 70, segments: 1 });
    expect(smsInfo('您'.repeat(71))).toEqual({ encoding: 'UCS-2', length: 71, segments: 2 });
    expect(smsInfo('您'.repeat(135)).segments).toBe(3);
  });
});

describe('mediaProblem', () => {
  const png = { name: 'a.png', type: 'image/png', size: 1000 };
  it('accepts images up to 2 MB and mp4 videos up to 10 MB', () => {
    expect(mediaProblem(png, 0)).toBeNull();
    expect(mediaProblem({ ...png, size: IMAGE_MAX_BYTES }, 8)).toBeNull();
    expect(mediaProblem({ name: 'v.mp4', type: 'video/mp4', size: VIDEO_MAX_BYTES }, 0)).toBeNull();
  });
  it('refuses what is too big, of another type, or a tenth file', () => {
    expect(mediaProblem({ ...png, size: IMAGE_MAX_BYTES + 1 }, 0)).toBe('imageTooBig');
    expect(mediaProblem({ name: 'v.mp4', type: 'video/mp4', size: VIDEO_MAX_BYTES + 1 }, 0)).toBe('videoTooBig');
    expect(mediaProblem({ name: 'a.webp', type: 'image/webp', size: 10 }, 0)).toBe('type');
    expect(mediaProblem(png, MAX_MEDIA)).toBe('tooMany');
  });
});
