/**
 * The server explains bad input in English. For the messages operators meet most while building
 * rules, say the same in Chinese; anything else is shown as the server wrote it.
 */
const ZH: [RegExp, string][] = [
  [/^This field is required\.$/, '请填写此项。'],
  [/^Must be a whole number\.$/, '必须是整数。'],
  [/^Must be a finite number\.$/, '必须是数字。'],
  [/^Must not be negative\.$/, '不能为负数。'],
  [/^Must be at least (-?[\d.]+)\.$/, '不能小于 $1。'],
  [/^Must be at most (-?[\d.]+)\.$/, '不能大于 $1。'],
  [/^Must not be empty\.$/, '不能为空。'],
  [/^At most (\d+) characters\.$/, '最多 $1 个字符。'],
  [/^Give at least one value\.$/, '请至少选择一个。'],
  [/^At most (\d+) values\.$/, '最多 $1 个值。'],
  [/^Not a valid id\.$/, '编号无效。'],
  [/^Must be a date, YYYY-MM-DD\.$/, '日期格式应为 YYYY-MM-DD。'],
  [/^Unknown condition '(.+)'\.$/, '未知的条件“$1”。'],
  [/^Rules nest at most (\d+) groups deep\.$/, '条件组最多嵌套 $1 层。'],
  [/^A group has at most (\d+) rules\.$/, '一个条件组最多 $1 条规则。'],
  [/^A rule has at most (\d+) conditions\.$/, '一条规则最多 $1 个条件。'],
  [/^'(all|any)' needs a non-empty list of rules\.$/, '条件组不能为空。'],
  [/^(\w+) must not be greater than (\w+)\.$/, '最小值不能大于最大值。'],
  [/^At most (\d+) days ahead\.$/, '最多 $1 天。'],
  [/^period (\w+) needs days\.$/, '请填写天数。'],
  [/^Give .+ or both\.$/, '请至少填写一个值。'],
  [/^Give .+ or a combination\.$/, '请至少填写一个值。'],
  [/^Give exactly one test: equals, contains, or a range \(min and\/or max\)\.$/, '请只选择一种比较：等于、包含或范围。'],
];

export function serverMessage(message: string, locale: string): string {
  if (locale !== 'zh-CN') return message;
  for (const [re, zh] of ZH) if (re.test(message)) return message.replace(re, zh);
  return message;
}
