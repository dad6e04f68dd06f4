/** SMS length as the gateway counts it, and the media limits a template enforces (the server checks too). */

// GSM 03.38 basic set; the extension characters below count twice
const GSM = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXT = new Set('^{}\\[~]|€');

export interface SmsInfo {
  encoding: 'GSM-7' | 'UCS-2';
  length: number;
  segments: number;
}

/** Characters and parts of an SMS text: GSM-7 160 in one part, 153 a part; else UCS-2 70 and 67. */
export function smsInfo(text: string): SmsInfo {
  const chars = Array.from(text);
  const gsm = chars.every((c) => GSM.has(c) || GSM_EXT.has(c));
  if (gsm) {
    const length = chars.reduce((n, c) => n + (GSM_EXT.has(c) ? 2 : 1), 0);
    return { encoding: 'GSM-7', length, segments: length === 0 ? 0 : length <= 160 ? 1 : Math.ceil(length / 153) };
  }
  // UCS-2 counts UTF-16 code units (an emoji is two)
  const length = text.length;
  return { encoding: 'UCS-2', length, segments: length <= 70 ? 1 : Math.ceil(length / 67) };
}

export const MAX_MEDIA = 9;
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif'];
const IMAGE_EXT = /\.(jpe?g|png|gif)$/i;
const VIDEO_EXT = /\.mp4$/i;
export const IMAGE_MAX_BYTES = 2 * 1024 * 1024;
export const VIDEO_MAX_BYTES = 10 * 1024 * 1024;

export type MediaProblem = 'tooMany' | 'type' | 'imageTooBig' | 'videoTooBig';

/** Why a picked file cannot be attached (null: it may be uploaded; the server then checks its content). */
export function mediaProblem(file: { name: string; type: string; size: number }, attached: number): MediaProblem | null {
  if (attached >= MAX_MEDIA) return 'tooMany';
  const image = IMAGE_TYPES.includes(file.type) || (!file.type && IMAGE_EXT.test(file.name));
  const video = file.type === 'video/mp4' || (!file.type && VIDEO_EXT.test(file.name));
  if (image) return file.size > IMAGE_MAX_BYTES ? 'imageTooBig' : null;
  if (video) return file.size > VIDEO_MAX_BYTES ? 'videoTooBig' : null;
  return 'type';
}
