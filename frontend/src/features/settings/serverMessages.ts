import { serverMessage } from '../../lib/serverMessages';

/**
 * The settings API's usual refusals in Chinese (the server writes English); anything not listed
 * falls back to the shared table, then to the server's own words.
 */
const ZH: [RegExp, string][] = [
  [/^(.+) '(.+)' is already used\.$/, '“$2”已被使用。'],
  [/^(.+) is already used\.$/, '已被使用。'],
  [/^(.+) is required\.$/, '请填写此项。'],
  [/^No (retail company|store|guide|tier|product|card product|user|API token) with id (.+)\.$/, '找不到该记录（编号 $2），或不在你的权限范围内。'],
  [/^Level (\d+) is already used by tier '(.+)'\.$/, '级别 $1 已被等级“$2”使用。'],
  [/^Level must be between 0 and 1000\.$/, '级别须在 0 到 1000 之间。'],
  [/^Between 1 and (\d+) days \(or none\)\.$/, '须在 1 到 $1 天之间（或留空）。'],
  [/^Must be a positive number of days\.$/, '天数须为正数。'],
  [/^A store manager needs at least one store\.$/, '店长至少需要一家门店。'],
  [/^A store manager's stores must belong to one company\.$/, '店长的门店须属于同一家公司。'],
  [/^A guide account needs its guide\.$/, '导购账号需要选择对应的导购。'],
  [/^An? .+ needs a company\.$/, '请选择公司。'],
  [/^Choose the company the store belongs to\.$/, '请选择门店所属公司。'],
  [/^Partners are systems: create an API token for them instead\.$/, '合作方是系统：请为其创建 API 令牌。'],
  [/^You cannot disable yourself\.$/, '不能停用自己。'],
  [/^(.+) is the last active admin and cannot be (.+)\.$/, '$1 是最后一位启用的管理员，不能执行此操作。'],
  [/^Enable the user before resetting their password\.$/, '请先启用该用户，再重置密码。'],
  [/^Usernames are 2 to 80 letters, digits or \. _ @ \+ - \(no spaces\)\.$/, '用户名为 2–80 个字母、数字或 . _ @ + -（不含空格）。'],
  [/^Password must be at least (\d+) characters\.$/, '密码至少 $1 个字符。'],
  [/^This link is invalid, already used or expired\. Ask for a new one\.$/, '该链接无效、已使用或已过期。请联系管理员获取新链接。'],
  [/^You may not grant the role (.+)\.$/, '你不能授予该角色。'],
  [/^Role (.+) cannot have scope '(.+)'\.$/, '该角色不能拥有权限“$2”。'],
  [/^Only punch cards have a number of uses\.$/, '只有次卡才有次数。'],
  [/^A punch card needs its number of uses\.$/, '次卡需要填写次数。'],
  [/^A punch card has no stored value\.$/, '次卡没有储值。'],
  [/^Cards are sold as card products, not products\.$/, '卡请在“卡产品”中创建。'],
  [/^(Only admins|You may not|Only admins and company admins).*$/, '你没有权限执行此操作。'],
];

export function settingsMessage(message: string, locale: string): string {
  if (locale === 'zh-CN') {
    for (const [re, zh] of ZH) if (re.test(message)) return message.replace(re, zh);
  }
  return serverMessage(message, locale);
}
