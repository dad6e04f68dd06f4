/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Age in full years today (store time zone); members without a birthday never match. A Feb 29 birthday adds a year on Feb 28 in years without Feb 29. */
export type AgeCondition = {
  /** Oldest age that matches (0–150). */
  max?: number | null | undefined;
  /** Youngest age that matches (0–150). */
  min?: number | null | undefined;
};

/** A new API token. */
export type ApiTokenCreateInput = {
  /** Partner and company-admin tokens: the company (a company admin: theirs). */
  companyId?: string | number | null | undefined;
  /** Days until it stops working (1-3650); null: never. */
  expiresInDays?: number | null | undefined;
  /** Guide tokens: the guide. */
  guideId?: string | number | null | undefined;
  /** What the token is for (1-80 characters). */
  name: string;
  /** The role it acts with (a company admin may only create partners). */
  role: Role;
  /** Scopes, e.g. events:write, orders:write, conversions:read, members:read; each must be grantable to the role. Left out: the role's defaults. */
  scopes?: Array<string> | null | undefined;
  /** Store-manager tokens: the stores. */
  storeIds?: Array<string | number> | null | undefined;
};

/** Who acted. */
export type AuditActorKind =
  /** Nobody signed in (a failed login, a set-password link). */
  | 'ANONYMOUS'
  /** Rapport itself (a job, the command line). */
  | 'SYSTEM'
  /** An API token. */
  | 'TOKEN'
  /** A person signed in to the admin. */
  | 'USER';

/** Birthday falls in a period around today (store time zone). A Feb 29 birthday is celebrated on Feb 28 in years without Feb 29 (so it counts as today on Feb 28 of such a year). Members without a birthday never match. */
export type BirthdayCondition = {
  /** For IN_DAYS (exactly this many days from today) and WITHIN_DAYS (today up to and including this many days ahead): 0–366. */
  days?: number | null | undefined;
  /** Which days count. */
  period: BirthdayPeriod;
};

/** Which days a birthday condition looks at (store time zone). */
export type BirthdayPeriod =
  /** Birthday is exactly `days` days from today. */
  | 'IN_DAYS'
  /** Birthday is in this calendar month. */
  | 'THIS_MONTH'
  /** Birthday is in this week, Monday to Sunday. */
  | 'THIS_WEEK'
  /** Birthday is today. */
  | 'TODAY'
  /** Birthday is today or in the next `days` days. */
  | 'WITHIN_DAYS';

/** Bought a product or a product of a category (a line not fully refunded). */
export type BoughtCondition = {
  /** Or any product of these categories. */
  categories?: Array<string> | null | undefined;
  /** Only in the last N days (today counting as one); leave out for ever. */
  days?: number | null | undefined;
  /** Any of these products. */
  productIds?: Array<string | number> | null | undefined;
};

/** Holds a card (of the given card products, if any) that has not expired yet and expires by the end of day today+N. */
export type CardExpiringCondition = {
  /** Card products. */
  cardProductIds?: Array<string | number> | null | undefined;
  /** Days, 0–3660. */
  withinDays: number;
};

/** What kind of card. */
export type CardKind =
  /** Punch card (次卡): a number of uses. */
  | 'PUNCH'
  /** Stored-value card (储值卡): a balance. */
  | 'STORED_VALUE';

/** A new card for sale. */
export type CardProductCreateInput = {
  /** Stored-value cards: value credited on purchase (yuan). Punch cards: none. */
  faceValue?: string | null | undefined;
  /** Global id of a tier the buyer is raised to, if any. */
  grantsTierId?: string | number | null | undefined;
  /** Stored value or punch card (fixed once created). */
  kind: CardKind;
  /** Card name. */
  name: string;
  /** Sale price (yuan, at least 0). */
  price: string;
  /** Punch cards: uses granted on purchase (1-10000); required for them. */
  totalUses?: number | null | undefined;
  /** Days a card is valid after purchase (1-36500); null: no expiry. */
  validityDays?: number | null | undefined;
};

/** Changes to a card product; they apply to future sales (issued cards keep theirs). Card products are never deleted: cards refer to them. */
export type CardProductUpdateInput = {
  /** Stored-value cards: new face value. Left out: unchanged. */
  faceValue?: string | null | undefined;
  /** Tier granted on purchase; null: none. Left out: unchanged. */
  grantsTierId?: string | number | null | undefined;
  /** New name. Left out: unchanged. */
  name?: string | null | undefined;
  /** New sale price. Left out: unchanged. */
  price?: string | null | undefined;
  /** Punch cards: new number of uses. Left out: unchanged. */
  totalUses?: number | null | undefined;
  /** New validity in days; null: no expiry. Left out: unchanged. */
  validityDays?: number | null | undefined;
};

/** An inclusive range of amounts in cents (分, 1 yuan = 100); give min, max or both. */
export type CentsRangeInput = {
  /** Highest amount in cents (inclusive). */
  max?: number | null | undefined;
  /** Lowest amount in cents (inclusive). */
  min?: number | null | undefined;
};

/** A channel messages go out on. */
export type Channel =
  /** Email over SMTP or an HTTP gateway. */
  | 'EMAIL'
  /** App push through a push gateway. */
  | 'PUSH'
  /** Text message through an SMS gateway. */
  | 'SMS'
  /** A signed HTTPS webhook. */
  | 'WEBHOOK'
  /** WeChat official-account template message. */
  | 'WECHAT'
  /** WeCom 1:1 message from a guide. */
  | 'WECOM';

/** Why a channel mutation refused its input. */
export type ChannelErrorCode =
  /** The company already has a provider for the channel. */
  | 'DUPLICATE'
  /** The value is not acceptable; see the message. */
  | 'INVALID'
  /** An id names nothing you can see (or manage). */
  | 'NOT_FOUND'
  /** A port or timeout outside its range. */
  | 'OUT_OF_RANGE'
  /** Not allowed for you. */
  | 'PERMISSION_DENIED'
  /** A value is missing (a URL, a host, a secret). */
  | 'REQUIRED'
  /** Too long. */
  | 'TOO_LONG';

/** Has an address on a channel (a phone, an official-account openid, a WeCom contact, an email address, a push token), consent or not: with `reachable`, who lacks only the consent. */
export type ChannelIdentityCondition = {
  /** The channel. */
  channel: ReachChannel;
};

/** The transport of a channel provider. */
export type ChannelProviderKind =
  /** A signed JSON POST (X-Rapport-Signature, Idempotency-Key). */
  | 'HTTP'
  /** An SMTP server (email only). */
  | 'SMTP';

/** A channel provider setting: created, or replaced for the same company and channel. */
export type ChannelProviderSetInput = {
  /** The channel. */
  channel: Channel;
  /** The owning company; null: HQ's (admins only), the fallback for every company. */
  companyId?: string | number | null | undefined;
  /** SMTP: server host. */
  host?: string;
  /** The transport (SMTP for email only). */
  kind: ChannelProviderKind;
  /** SMTP: server port, 1-65535 (default 25). */
  port?: number | null | undefined;
  /** HMAC key (HTTP) or SMTP password. Write-only: required on create for HTTP, omit to keep the stored one. */
  secret?: string | null | undefined;
  /** From address (email, required) or SMS sign name. */
  sender?: string;
  /** Seconds one attempt may take (0.5-60). */
  timeoutSeconds?: number;
  /** HTTP: https:// URL (http:// only for localhost/private). */
  url?: string;
  /** SMTP: implicit TLS. */
  useTls?: boolean;
  /** SMTP: login user; empty for no login. */
  username?: string;
};

/** A merchant-defined custom attribute. Give exactly one test: equals, contains, or a range (min/max). Members without the attribute never match. */
export type CustomAttributeCondition = {
  /** Text value contains this (case-sensitive). */
  contains?: string | null | undefined;
  /** Text value equals this; numbers compare as numbers ('3' matches 3 and 3.0), booleans as 'true' / 'false'. */
  equals?: string | null | undefined;
  /** Attribute name (no quotes or backslashes). */
  key: string;
  /** Numeric value is at most this. */
  max?: number | null | undefined;
  /** Numeric value is at least this. */
  min?: number | null | undefined;
};

/** Events of a type recorded for the member in the last N days (today counting as one), optionally only those whose payload property equals a text, number at least / at most K. Members with no such event have 0. */
export type EventCountCondition = {
  /** At least this many times. */
  atLeast?: number | null | undefined;
  /** At most this many times. */
  atMost?: number | null | undefined;
  /** Window in days, N ≥ 1. */
  days: number;
  /** … equal to this text (numbers and booleans as their JSON text). */
  equals?: string | null | undefined;
  /** Only events whose payload has this property … */
  property?: string | null | undefined;
  /** Event type, e.g. page.view. */
  type: string;
};

/** Why a fatigue setting was refused. */
export type FatigueErrorCode =
  /** The same channel and period is capped twice. */
  | 'DUPLICATE'
  /** The value is not acceptable; see the message. */
  | 'INVALID'
  /** No company with that id that you manage. */
  | 'NOT_FOUND'
  /** A number outside its documented range. */
  | 'OUT_OF_RANGE'
  /** Not allowed for you. */
  | 'PERMISSION_DENIED';

/** The span a fatigue cap counts over. */
export type FatiguePeriod =
  /** The calendar day in the store time zone. */
  | 'DAY'
  /** The calendar month in the store time zone. */
  | 'MONTH'
  /** The last `length` days (1-92). */
  | 'ROLLING_DAYS'
  /** The last `length` hours (1-744). */
  | 'ROLLING_HOURS'
  /** The calendar week, Monday to Sunday, store time zone. */
  | 'WEEK';

/** One fatigue cap. */
export type FatigueRuleInput = {
  /** The channel; null: all channels. */
  channel?: Channel | null | undefined;
  /** Rolling: hours (1-744) or days (1-92); calendar: 1. */
  length?: number;
  /** At most this many marketing messages in the period (0-1000). */
  maxSends: number;
  /** Calendar DAY/WEEK/MONTH (store time zone) or rolling. */
  period: FatiguePeriod;
};

/** Replace the caps of HQ or of one company. */
export type FatigueRulesSetInput = {
  /** The company; null: HQ's (admins) or your own company's (company admins). */
  companyId?: string | number | null | undefined;
  /** At most 20 caps. For a company, an empty list means: no caps of its own, HQ's apply. */
  rules: Array<FatigueRuleInput>;
};

/** First visit (first counted order) within the last N days, today counting as one. */
export type FirstVisitCondition = {
  /** N ≥ 1. */
  withinDays: number;
};

/** Member gender. */
export type Gender =
  /** Female (女). */
  | 'FEMALE'
  /** Male (男). */
  | 'MALE'
  /** Not known. */
  | 'UNKNOWN';

/** Gender is one of these. */
export type GenderCondition = {
  /** Genders that match. */
  in: Array<Gender>;
};

/** Owning shopping guide is one of these. */
export type GuideCondition = {
  /** Guide ids. */
  in: Array<string | number>;
};

/** A new shopping guide. */
export type GuideCreateInput = {
  /** Unique employee code (工号), used by CSV imports. */
  code: string;
  /** Guide's name (1-60 characters). */
  name: string;
  /** Work phone. */
  phone?: string;
  /** Global id of the store the guide works in. */
  storeId: string | number;
  /** WeCom (企业微信) user id, unique. */
  wecomUserId?: string | null | undefined;
};

/** Has an owning guide and has been the guide's WeCom friend for more than N days. */
export type GuideFriendCondition = {
  /** Friend since before the start of day today−N. Days, 0–3660. */
  moreThan: number;
};

/** Changes to a guide. Guides are never deleted (members and history keep them): set `active: false` when they leave. */
export type GuideUpdateInput = {
  /** False deactivates the guide, true reactivates. Left out: unchanged. */
  active?: boolean | null | undefined;
  /** New employee code. Left out: unchanged. */
  code?: string | null | undefined;
  /** New name. Left out: unchanged. */
  name?: string | null | undefined;
  /** New phone. Left out: unchanged. */
  phone?: string | null | undefined;
  /** Move the guide to another store in your reach. Left out: unchanged. */
  storeId?: string | number | null | undefined;
  /** New WeCom user id; null or empty removes it. Left out: unchanged. */
  wecomUserId?: string | null | undefined;
};

/** Member (or not) of another segment, evaluated live with that segment's rule. References may not loop and may chain at most 5 deep. */
export type InSegmentCondition = {
  /** false: NOT a member of it. */
  isMember?: boolean;
  /** The other segment. */
  segmentId: string | number;
};

/** An inclusive range of whole numbers; give min, max or both. */
export type IntRangeInput = {
  /** Highest value that matches (inclusive). */
  max?: number | null | undefined;
  /** Lowest value that matches (inclusive). */
  min?: number | null | undefined;
};

/** Last purchase (fully refunded orders do not count). Members who never purchased never match: use neverPurchased for them. */
export type LastPurchaseCondition = {
  /** Last purchase within the last N days, today counting as one (N ≥ 1). */
  lessThanDaysAgo?: number | null | undefined;
  /** Last purchase before the start of day today−N. Days, 0–3660. */
  moreThanDaysAgo?: number | null | undefined;
};

/** What an order line sold. */
export type LineKind =
  /** A stored-value or punch card. */
  | 'CARD'
  /** Goods (商品). */
  | 'GOODS'
  /** A service (服务), e.g. eyelash extensions. */
  | 'SERVICE';

/** Admin credentials. */
export type LoginInput = {
  /** Password. */
  password: string;
  /** Username. */
  username: string;
};

/** Sort order of a member list. */
export type MemberSort = {
  /** Which way. */
  direction?: SortDirection;
  /** What to sort by. */
  field?: MemberSortField;
};

/** What to sort members by. */
export type MemberSortField =
  /** Last purchase that still counts. */
  | 'LAST_PURCHASE_AT'
  /** Name. */
  | 'NAME'
  /** Orders that still count. */
  | 'ORDER_COUNT'
  /** Points available. */
  | 'POINTS_BALANCE'
  /** Registration time. */
  | 'REGISTERED_AT'
  /** Net spend. */
  | 'TOTAL_SPEND';

/** Which messages: every filter given must hold. */
export type MessageFilter = {
  /** Only on this channel. */
  channel?: Channel | null | undefined;
  /** Only this member's (global id). */
  memberId?: string | number | null | undefined;
  /** Only these outcomes. */
  outcomes?: Array<MessageOutcome> | null | undefined;
  /** Only this sender's (a journey id). */
  senderId?: number | null | undefined;
  /** Only this kind of sender (journey …). */
  senderType?: string | null | undefined;
  /** Decided at or after. */
  since?: string | null | undefined;
  /** Decided before. */
  until?: string | null | undefined;
};

/** What became of a candidate message: the send gate's decision, then the provider's. */
export type MessageOutcome =
  /** A fatigue cap was full (see reason). */
  | 'CAPPED'
  /** Quiet hours or a full cap: decided again at dueAt. */
  | 'DEFERRED'
  /** A delivery receipt confirmed it. */
  | 'DELIVERED'
  /** The provider refused it or retries ran out. */
  | 'FAILED'
  /** In the sender's control group: deliberately not sent. */
  | 'HELD_OUT'
  /** Reachable, but without marketing consent on the channel. */
  | 'NO_CONSENT'
  /** Passed the gate; waiting for the relay. */
  | 'QUEUED'
  /** Inside quiet hours, and the sender skips rather than waits. */
  | 'QUIET_SKIPPED'
  /** The provider accepted it. */
  | 'SENT'
  /** No identity on any channel the sender listed. */
  | 'UNREACHABLE';

/** Messages sent to the member (status sent or delivered) in the last N days (today counting as one), of a channel and / or a sender if given, number at least / at most K. Members sent nothing have 0. */
export type MessageReceivedCondition = {
  /** At least this many messages. */
  atLeast?: number | null | undefined;
  /** At most this many messages. */
  atMost?: number | null | undefined;
  /** Only messages on this channel. */
  channel?: ReachChannel | null | undefined;
  /** Window in days, N ≥ 1. */
  days: number;
  /** Only messages from this sender (its id). */
  senderId?: number | null | undefined;
  /** Only messages from this kind of sender (journey, plan, guide). */
  senderType?: string | null | undefined;
};

/** Refund state of an order. */
export type OrderStatus =
  /** Paid, nothing refunded. */
  | 'PAID'
  /** Part of it refunded. */
  | 'PARTIALLY_REFUNDED'
  /** Fully refunded: it no longer counts in totals. */
  | 'REFUNDED';

/** Points expiring by the end of day today+N add up to at least Y (earned entries with an expiry in that window), and the balance is at least Y (spent points cannot expire). */
export type PointsExpiringCondition = {
  /** Y ≥ 1 points. */
  atLeast: number;
  /** Days, 0–3660. */
  withinDays: number;
};

/** A new good or service in the catalogue. */
export type ProductCreateInput = {
  /** Category segments filter on. */
  category: string;
  /** Goods or service (cards are card products). */
  kind: LineKind;
  /** Product name. */
  name: string;
  /** List price (yuan, at least 0, 2 decimals). */
  price: string;
  /** Unique stock-keeping unit. */
  sku: string;
};

/** Changes to a product. Products are never deleted: orders refer to them. */
export type ProductUpdateInput = {
  /** New category. Left out: unchanged. */
  category?: string | null | undefined;
  /** Goods or service. Left out: unchanged. */
  kind?: LineKind | null | undefined;
  /** New name. Left out: unchanged. */
  name?: string | null | undefined;
  /** New list price (yuan); past orders keep theirs. Left out: unchanged. */
  price?: string | null | undefined;
  /** New unique SKU. Left out: unchanged. */
  sku?: string | null | undefined;
};

/** Holds an unexpired punch card (of the given card products, if any) with at most (and at least) so many uses left. */
export type PunchRemainingCondition = {
  /** Remaining uses at least this. */
  atLeast?: number | null | undefined;
  /** Remaining uses at most this. */
  atMost: number;
  /** Card products. */
  cardProductIds?: Array<string | number> | null | undefined;
};

/** Orders and net spend in the last N days (today counting as one). Fully refunded orders do not count; spend is totals minus refunds. Members with no orders have 0 and 0. */
export type PurchasesCondition = {
  /** Window in days, N ≥ 1. */
  days: number;
  /** Orders in the window. */
  orderCount?: IntRangeInput | null | undefined;
  /** Net spend in the window, cents. */
  spend?: CentsRangeInput | null | undefined;
};

/** Replace the quiet hours of HQ or of one company. */
export type QuietHoursSetInput = {
  /** The company; null: HQ's (admins) or your own company's (company admins). */
  companyId?: string | number | null | undefined;
  /** At most 10 windows. For a company, an empty list means HQ's apply. */
  windows: Array<QuietWindowInput>;
};

/** One quiet-hour window. */
export type QuietWindowInput = {
  /** The channel; null: every channel. */
  channel?: Channel | null | undefined;
  /** HH:MM store time; before start wraps past midnight (21:00-08:00). */
  end: string;
  /** HH:MM store time. */
  start: string;
};

/** A channel members can be reached on. */
export type ReachChannel =
  /** Has an email address and consents to email. */
  | 'EMAIL'
  /** Has an app push token and consents to push. */
  | 'PUSH'
  /** Has a phone and consents to SMS. */
  | 'SMS'
  /** Has an official-account openid and follows the account. */
  | 'WECHAT'
  /** Is a WeCom external contact (friend of a guide). */
  | 'WECOM';

/** Can be reached on a channel: identity present and consent given. */
export type ReachableCondition = {
  /** The channel. */
  channel: ReachChannel;
};

/** What started a refresh. */
export type RefreshTrigger =
  /** The segment was created. */
  | 'CREATE'
  /** segmentRefresh. */
  | 'MANUAL'
  /** The nightly refresh (00:30 store time). */
  | 'NIGHTLY'
  /** Just before a plan ran. */
  | 'PLAN'
  /** Its rule changed. */
  | 'UPDATE';

/** Registration time (store-local calendar days). Every given bound must hold. */
export type RegisteredCondition = {
  /** Registered after this day ended. */
  after?: string | null | undefined;
  /** Registered before this day began. */
  before?: string | null | undefined;
  /** Registered within the last N days, today counting as one (N ≥ 1). */
  withinDays?: number | null | undefined;
};

/** A new retail company. */
export type RetailCompanyCreateInput = {
  /** Short unique code (1-40 characters, no spaces or commas). */
  code: string;
  /** Company name (1-120 characters). */
  name: string;
};

/** Changes to a retail company. */
export type RetailCompanyUpdateInput = {
  /** New unique code. Left out: unchanged. */
  code?: string | null | undefined;
  /** New name. Left out: unchanged. */
  name?: string | null | undefined;
};

/** RFM (recency, frequency, monetary) against the merchant's thresholds, for all purchases or one category (its thresholds if set, else the default ones). Every given part must hold. Members who never purchased have no recency label. */
export type RfmCondition = {
  /** Product category; leave out for all. */
  category?: string | null | undefined;
  /** Orders in the window high or low. */
  frequency?: RfmLevel | null | undefined;
  /** Net spend in the window high or low. */
  monetary?: RfmLevel | null | undefined;
  /** Recency label is one of these. */
  recency?: Array<RfmLabel> | null | undefined;
};

/** RFM recency label. */
export type RfmLabel =
  /** Last purchase within the active threshold (活跃). */
  | 'ACTIVE'
  /** Beyond the sleeping threshold (流失). */
  | 'LOST'
  /** Beyond active, within the sleeping threshold (沉睡). */
  | 'SLEEPING';

/** RFM frequency / monetary level against the merchant's threshold. */
export type RfmLevel =
  /** At or above the threshold. */
  | 'HIGH'
  /** Below the threshold (including none). */
  | 'LOW';

/** What a viewer may do. */
export type Role =
  /** Everything, everywhere. */
  | 'ADMIN'
  /** Members of their retail company. */
  | 'COMPANY_ADMIN'
  /** Their own customers. */
  | 'GUIDE'
  /** A system that pushes events and orders. */
  | 'PARTNER'
  /** Members of their stores. */
  | 'STORE_MANAGER';

/** A new custom segment. */
export type SegmentCreateInput = {
  /** What it is for. */
  description?: string | null | undefined;
  /** Name, 1–120 characters. */
  name: string;
  /** Who is in it. */
  rule: SegmentRuleInput;
};

/** Custom segments are built by operators; smart ones are the ready-made RFM groups. */
export type SegmentKind =
  /** Custom segment (自定义分群): an operator's rule. */
  | 'CUSTOM'
  /** Smart segment (智能分群): a ready-made RFM group. */
  | 'SMART';

/** A segment rule: exactly one field per node. Groups (all / any / not) nest at most 8 deep with at most 50 rules per group and 100 conditions per rule. Relative dates use the store time zone; 'within the last N days' counts today as one day. */
export type SegmentRuleInput =
  {   /** Age range. */
  age: AgeCondition; all?: never; any?: never; birthday?: never; bought?: never; cardExpiring?: never; channelIdentity?: never; customAttribute?: never; eventCount?: never; firstVisit?: never; gender?: never; guide?: never; guideFriendDays?: never; homeStore?: never; inSegment?: never; lastPurchase?: never; messageReceived?: never; neverPurchased?: never; noGuide?: never; not?: never; pointsBalance?: never; pointsExpiring?: never; punchRemaining?: never; purchases?: never; reachable?: never; registered?: never; rfm?: never; serviceCompleted?: never; source?: never; storedValueBalance?: never; tags?: never; tier?: never; totalSpend?: never; }
  |  { age?: never;   /** Every rule holds. */
  all: Array<SegmentRuleInput>; any?: never; birthday?: never; bought?: never; cardExpiring?: never; channelIdentity?: never; customAttribute?: never; eventCount?: never; firstVisit?: never; gender?: never; guide?: never; guideFriendDays?: never; homeStore?: never; inSegment?: never; lastPurchase?: never; messageReceived?: never; neverPurchased?: never; noGuide?: never; not?: never; pointsBalance?: never; pointsExpiring?: never; punchRemaining?: never; purchases?: never; reachable?: never; registered?: never; rfm?: never; serviceCompleted?: never; source?: never; storedValueBalance?: never; tags?: never; tier?: never; totalSpend?: never; }
  |  { age?: never; all?: never;   /** At least one holds. */
  any: Array<SegmentRuleInput>; birthday?: never; bought?: never; cardExpiring?: never; channelIdentity?: never; customAttribute?: never; eventCount?: never; firstVisit?: never; gender?: never; guide?: never; guideFriendDays?: never; homeStore?: never; inSegment?: never; lastPurchase?: never; messageReceived?: never; neverPurchased?: never; noGuide?: never; not?: never; pointsBalance?: never; pointsExpiring?: never; punchRemaining?: never; purchases?: never; reachable?: never; registered?: never; rfm?: never; serviceCompleted?: never; source?: never; storedValueBalance?: never; tags?: never; tier?: never; totalSpend?: never; }
  |  { age?: never; all?: never; any?: never;   /** Birthday period. */
  birthday: BirthdayCondition; bought?: never; cardExpiring?: never; channelIdentity?: never; customAttribute?: never; eventCount?: never; firstVisit?: never; gender?: never; guide?: never; guideFriendDays?: never; homeStore?: never; inSegment?: never; lastPurchase?: never; messageReceived?: never; neverPurchased?: never; noGuide?: never; not?: never; pointsBalance?: never; pointsExpiring?: never; punchRemaining?: never; purchases?: never; reachable?: never; registered?: never; rfm?: never; serviceCompleted?: never; source?: never; storedValueBalance?: never; tags?: never; tier?: never; totalSpend?: never; }
  |  { age?: never; all?: never; any?: never; birthday?: never;   /** Bought a product or category. */
  bought: BoughtCondition; cardExpiring?: never; channelIdentity?: never; customAttribute?: never; eventCount?: never; firstVisit?: never; gender?: never; guide?: never; guideFriendDays?: never; homeStore?: never; inSegment?: never; lastPurchase?: never; messageReceived?: never; neverPurchased?: never; noGuide?: never; not?: never; pointsBalance?: never; pointsExpiring?: never; punchRemaining?: never; purchases?: never; reachable?: never; registered?: never; rfm?: never; serviceCompleted?: never; source?: never; storedValueBalance?: never; tags?: never; tier?: never; totalSpend?: never; }
  |  { age?: never; all?: never; any?: never; birthday?: never; bought?: never;   /** A card expires soon. */
  cardExpiring: CardExpiringCondition; channelIdentity?: never; customAttribute?: never; eventCount?: never; firstVisit?: never; gender?: never; guide?: never; guideFriendDays?: never; homeStore?: never; inSegment?: never; lastPurchase?: never; messageReceived?: never; neverPurchased?: never; noGuide?: never; not?: never; pointsBalance?: never; pointsExpiring?: never; punchRemaining?: never; purchases?: never; reachable?: never; registered?: never; rfm?: never; serviceCompleted?: never; source?: never; storedValueBalance?: never; tags?: never; tier?: never; totalSpend?: never; }
  |  { age?: never; all?: never; any?: never; birthday?: never; bought?: never; cardExpiring?: never;   /** Has an address on a channel, whatever the consent. */
  channelIdentity: ChannelIdentityCondition; customAttribute?: never; eventCount?: never; firstVisit?: never; gender?: never; guide?: never; guideFriendDays?: never; homeStore?: never; inSegment?: never; lastPurchase?: never; messageReceived?: never; neverPurchased?: never; noGuide?: never; not?: never; pointsBalance?: never; pointsExpiring?: never; punchRemaining?: never; purchases?: never; reachable?: never; registered?: never; rfm?: never; serviceCompleted?: never; source?: never; storedValueBalance?: never; tags?: never; tier?: never; totalSpend?: never; }
  |  { age?: never; all?: never; any?: never; birthday?: never; bought?: never; cardExpiring?: never; channelIdentity?: never;   /** Custom attribute. */
  customAttribute: CustomAttributeCondition; eventCount?: never; firstVisit?: never; gender?: never; guide?: never; guideFriendDays?: never; homeStore?: never; inSegment?: never; lastPurchase?: never; messageReceived?: never; neverPurchased?: never; noGuide?: never; not?: never; pointsBalance?: never; pointsExpiring?: never; punchRemaining?: never; purchases?: never; reachable?: never; registered?: never; rfm?: never; serviceCompleted?: never; source?: never; storedValueBalance?: never; tags?: never; tier?: never; totalSpend?: never; }
  |  { age?: never; all?: never; any?: never; birthday?: never; bought?: never; cardExpiring?: never; channelIdentity?: never; customAttribute?: never;   /** Did an event N times in a window. */
  eventCount: EventCountCondition; firstVisit?: never; gender?: never; guide?: never; guideFriendDays?: never; homeStore?: never; inSegment?: never; lastPurchase?: never; messageReceived?: never; neverPurchased?: never; noGuide?: never; not?: never; pointsBalance?: never; pointsExpiring?: never; punchRemaining?: never; purchases?: never; reachable?: never; registered?: never; rfm?: never; serviceCompleted?: never; source?: never; storedValueBalance?: never; tags?: never; tier?: never; totalSpend?: never; }
  |  { age?: never; all?: never; any?: never; birthday?: never; bought?: never; cardExpiring?: never; channelIdentity?: never; customAttribute?: never; eventCount?: never;   /** First visit recently. */
  firstVisit: FirstVisitCondition; gender?: never; guide?: never; guideFriendDays?: never; homeStore?: never; inSegment?: never; lastPurchase?: never; messageReceived?: never; neverPurchased?: never; noGuide?: never; not?: never; pointsBalance?: never; pointsExpiring?: never; punchRemaining?: never; purchases?: never; reachable?: never; registered?: never; rfm?: never; serviceCompleted?: never; source?: never; storedValueBalance?: never; tags?: never; tier?: never; totalSpend?: never; }
  |  { age?: never; all?: never; any?: never; birthday?: never; bought?: never; cardExpiring?: never; channelIdentity?: never; customAttribute?: never; eventCount?: never; firstVisit?: never;   /** Gender. */
  gender: GenderCondition; guide?: never; guideFriendDays?: never; homeStore?: never; inSegment?: never; lastPurchase?: never; messageReceived?: never; neverPurchased?: never; noGuide?: never; not?: never; pointsBalance?: never; pointsExpiring?: never; punchRemaining?: never; purchases?: never; reachable?: never; registered?: never; rfm?: never; serviceCompleted?: never; source?: never; storedValueBalance?: never; tags?: never; tier?: never; totalSpend?: never; }
  |  { age?: never; all?: never; any?: never; birthday?: never; bought?: never; cardExpiring?: never; channelIdentity?: never; customAttribute?: never; eventCount?: never; firstVisit?: never; gender?: never;   /** Owning guide. */
  guide: GuideCondition; guideFriendDays?: never; homeStore?: never; inSegment?: never; lastPurchase?: never; messageReceived?: never; neverPurchased?: never; noGuide?: never; not?: never; pointsBalance?: never; pointsExpiring?: never; punchRemaining?: never; purchases?: never; reachable?: never; registered?: never; rfm?: never; serviceCompleted?: never; source?: never; storedValueBalance?: never; tags?: never; tier?: never; totalSpend?: never; }
  |  { age?: never; all?: never; any?: never; birthday?: never; bought?: never; cardExpiring?: never; channelIdentity?: never; customAttribute?: never; eventCount?: never; firstVisit?: never; gender?: never; guide?: never;   /** Friend of their guide for more than N days. */
  guideFriendDays: GuideFriendCondition; homeStore?: never; inSegment?: never; lastPurchase?: never; messageReceived?: never; neverPurchased?: never; noGuide?: never; not?: never; pointsBalance?: never; pointsExpiring?: never; punchRemaining?: never; purchases?: never; reachable?: never; registered?: never; rfm?: never; serviceCompleted?: never; source?: never; storedValueBalance?: never; tags?: never; tier?: never; totalSpend?: never; }
  |  { age?: never; all?: never; any?: never; birthday?: never; bought?: never; cardExpiring?: never; channelIdentity?: never; customAttribute?: never; eventCount?: never; firstVisit?: never; gender?: never; guide?: never; guideFriendDays?: never;   /** Home store. */
  homeStore: StoreCondition; inSegment?: never; lastPurchase?: never; messageReceived?: never; neverPurchased?: never; noGuide?: never; not?: never; pointsBalance?: never; pointsExpiring?: never; punchRemaining?: never; purchases?: never; reachable?: never; registered?: never; rfm?: never; serviceCompleted?: never; source?: never; storedValueBalance?: never; tags?: never; tier?: never; totalSpend?: never; }
  |  { age?: never; all?: never; any?: never; birthday?: never; bought?: never; cardExpiring?: never; channelIdentity?: never; customAttribute?: never; eventCount?: never; firstVisit?: never; gender?: never; guide?: never; guideFriendDays?: never; homeStore?: never;   /** Member of another segment. */
  inSegment: InSegmentCondition; lastPurchase?: never; messageReceived?: never; neverPurchased?: never; noGuide?: never; not?: never; pointsBalance?: never; pointsExpiring?: never; punchRemaining?: never; purchases?: never; reachable?: never; registered?: never; rfm?: never; serviceCompleted?: never; source?: never; storedValueBalance?: never; tags?: never; tier?: never; totalSpend?: never; }
  |  { age?: never; all?: never; any?: never; birthday?: never; bought?: never; cardExpiring?: never; channelIdentity?: never; customAttribute?: never; eventCount?: never; firstVisit?: never; gender?: never; guide?: never; guideFriendDays?: never; homeStore?: never; inSegment?: never;   /** Last purchase age. */
  lastPurchase: LastPurchaseCondition; messageReceived?: never; neverPurchased?: never; noGuide?: never; not?: never; pointsBalance?: never; pointsExpiring?: never; punchRemaining?: never; purchases?: never; reachable?: never; registered?: never; rfm?: never; serviceCompleted?: never; source?: never; storedValueBalance?: never; tags?: never; tier?: never; totalSpend?: never; }
  |  { age?: never; all?: never; any?: never; birthday?: never; bought?: never; cardExpiring?: never; channelIdentity?: never; customAttribute?: never; eventCount?: never; firstVisit?: never; gender?: never; guide?: never; guideFriendDays?: never; homeStore?: never; inSegment?: never; lastPurchase?: never;   /** Received messages in a window. */
  messageReceived: MessageReceivedCondition; neverPurchased?: never; noGuide?: never; not?: never; pointsBalance?: never; pointsExpiring?: never; punchRemaining?: never; purchases?: never; reachable?: never; registered?: never; rfm?: never; serviceCompleted?: never; source?: never; storedValueBalance?: never; tags?: never; tier?: never; totalSpend?: never; }
  |  { age?: never; all?: never; any?: never; birthday?: never; bought?: never; cardExpiring?: never; channelIdentity?: never; customAttribute?: never; eventCount?: never; firstVisit?: never; gender?: never; guide?: never; guideFriendDays?: never; homeStore?: never; inSegment?: never; lastPurchase?: never; messageReceived?: never;   /** true: no counted purchase ever. false: at least one. */
  neverPurchased: boolean; noGuide?: never; not?: never; pointsBalance?: never; pointsExpiring?: never; punchRemaining?: never; purchases?: never; reachable?: never; registered?: never; rfm?: never; serviceCompleted?: never; source?: never; storedValueBalance?: never; tags?: never; tier?: never; totalSpend?: never; }
  |  { age?: never; all?: never; any?: never; birthday?: never; bought?: never; cardExpiring?: never; channelIdentity?: never; customAttribute?: never; eventCount?: never; firstVisit?: never; gender?: never; guide?: never; guideFriendDays?: never; homeStore?: never; inSegment?: never; lastPurchase?: never; messageReceived?: never; neverPurchased?: never;   /** true: has no owning guide. false: has one. */
  noGuide: boolean; not?: never; pointsBalance?: never; pointsExpiring?: never; punchRemaining?: never; purchases?: never; reachable?: never; registered?: never; rfm?: never; serviceCompleted?: never; source?: never; storedValueBalance?: never; tags?: never; tier?: never; totalSpend?: never; }
  |  { age?: never; all?: never; any?: never; birthday?: never; bought?: never; cardExpiring?: never; channelIdentity?: never; customAttribute?: never; eventCount?: never; firstVisit?: never; gender?: never; guide?: never; guideFriendDays?: never; homeStore?: never; inSegment?: never; lastPurchase?: never; messageReceived?: never; neverPurchased?: never; noGuide?: never;   /** The rule does not hold. */
  not: SegmentRuleInput; pointsBalance?: never; pointsExpiring?: never; punchRemaining?: never; purchases?: never; reachable?: never; registered?: never; rfm?: never; serviceCompleted?: never; source?: never; storedValueBalance?: never; tags?: never; tier?: never; totalSpend?: never; }
  |  { age?: never; all?: never; any?: never; birthday?: never; bought?: never; cardExpiring?: never; channelIdentity?: never; customAttribute?: never; eventCount?: never; firstVisit?: never; gender?: never; guide?: never; guideFriendDays?: never; homeStore?: never; inSegment?: never; lastPurchase?: never; messageReceived?: never; neverPurchased?: never; noGuide?: never; not?: never;   /** Points balance. */
  pointsBalance: IntRangeInput; pointsExpiring?: never; punchRemaining?: never; purchases?: never; reachable?: never; registered?: never; rfm?: never; serviceCompleted?: never; source?: never; storedValueBalance?: never; tags?: never; tier?: never; totalSpend?: never; }
  |  { age?: never; all?: never; any?: never; birthday?: never; bought?: never; cardExpiring?: never; channelIdentity?: never; customAttribute?: never; eventCount?: never; firstVisit?: never; gender?: never; guide?: never; guideFriendDays?: never; homeStore?: never; inSegment?: never; lastPurchase?: never; messageReceived?: never; neverPurchased?: never; noGuide?: never; not?: never; pointsBalance?: never;   /** Points expiring soon. */
  pointsExpiring: PointsExpiringCondition; punchRemaining?: never; purchases?: never; reachable?: never; registered?: never; rfm?: never; serviceCompleted?: never; source?: never; storedValueBalance?: never; tags?: never; tier?: never; totalSpend?: never; }
  |  { age?: never; all?: never; any?: never; birthday?: never; bought?: never; cardExpiring?: never; channelIdentity?: never; customAttribute?: never; eventCount?: never; firstVisit?: never; gender?: never; guide?: never; guideFriendDays?: never; homeStore?: never; inSegment?: never; lastPurchase?: never; messageReceived?: never; neverPurchased?: never; noGuide?: never; not?: never; pointsBalance?: never; pointsExpiring?: never;   /** Punch-card uses left. */
  punchRemaining: PunchRemainingCondition; purchases?: never; reachable?: never; registered?: never; rfm?: never; serviceCompleted?: never; source?: never; storedValueBalance?: never; tags?: never; tier?: never; totalSpend?: never; }
  |  { age?: never; all?: never; any?: never; birthday?: never; bought?: never; cardExpiring?: never; channelIdentity?: never; customAttribute?: never; eventCount?: never; firstVisit?: never; gender?: never; guide?: never; guideFriendDays?: never; homeStore?: never; inSegment?: never; lastPurchase?: never; messageReceived?: never; neverPurchased?: never; noGuide?: never; not?: never; pointsBalance?: never; pointsExpiring?: never; punchRemaining?: never;   /** Orders / spend in a window. */
  purchases: PurchasesCondition; reachable?: never; registered?: never; rfm?: never; serviceCompleted?: never; source?: never; storedValueBalance?: never; tags?: never; tier?: never; totalSpend?: never; }
  |  { age?: never; all?: never; any?: never; birthday?: never; bought?: never; cardExpiring?: never; channelIdentity?: never; customAttribute?: never; eventCount?: never; firstVisit?: never; gender?: never; guide?: never; guideFriendDays?: never; homeStore?: never; inSegment?: never; lastPurchase?: never; messageReceived?: never; neverPurchased?: never; noGuide?: never; not?: never; pointsBalance?: never; pointsExpiring?: never; punchRemaining?: never; purchases?: never;   /** Reachable on a channel. */
  reachable: ReachableCondition; registered?: never; rfm?: never; serviceCompleted?: never; source?: never; storedValueBalance?: never; tags?: never; tier?: never; totalSpend?: never; }
  |  { age?: never; all?: never; any?: never; birthday?: never; bought?: never; cardExpiring?: never; channelIdentity?: never; customAttribute?: never; eventCount?: never; firstVisit?: never; gender?: never; guide?: never; guideFriendDays?: never; homeStore?: never; inSegment?: never; lastPurchase?: never; messageReceived?: never; neverPurchased?: never; noGuide?: never; not?: never; pointsBalance?: never; pointsExpiring?: never; punchRemaining?: never; purchases?: never; reachable?: never;   /** Registration time. */
  registered: RegisteredCondition; rfm?: never; serviceCompleted?: never; source?: never; storedValueBalance?: never; tags?: never; tier?: never; totalSpend?: never; }
  |  { age?: never; all?: never; any?: never; birthday?: never; bought?: never; cardExpiring?: never; channelIdentity?: never; customAttribute?: never; eventCount?: never; firstVisit?: never; gender?: never; guide?: never; guideFriendDays?: never; homeStore?: never; inSegment?: never; lastPurchase?: never; messageReceived?: never; neverPurchased?: never; noGuide?: never; not?: never; pointsBalance?: never; pointsExpiring?: never; punchRemaining?: never; purchases?: never; reachable?: never; registered?: never;   /** RFM smart condition. */
  rfm: RfmCondition; serviceCompleted?: never; source?: never; storedValueBalance?: never; tags?: never; tier?: never; totalSpend?: never; }
  |  { age?: never; all?: never; any?: never; birthday?: never; bought?: never; cardExpiring?: never; channelIdentity?: never; customAttribute?: never; eventCount?: never; firstVisit?: never; gender?: never; guide?: never; guideFriendDays?: never; homeStore?: never; inSegment?: never; lastPurchase?: never; messageReceived?: never; neverPurchased?: never; noGuide?: never; not?: never; pointsBalance?: never; pointsExpiring?: never; punchRemaining?: never; purchases?: never; reachable?: never; registered?: never; rfm?: never;   /** Service completed. */
  serviceCompleted: ServiceCompletedCondition; source?: never; storedValueBalance?: never; tags?: never; tier?: never; totalSpend?: never; }
  |  { age?: never; all?: never; any?: never; birthday?: never; bought?: never; cardExpiring?: never; channelIdentity?: never; customAttribute?: never; eventCount?: never; firstVisit?: never; gender?: never; guide?: never; guideFriendDays?: never; homeStore?: never; inSegment?: never; lastPurchase?: never; messageReceived?: never; neverPurchased?: never; noGuide?: never; not?: never; pointsBalance?: never; pointsExpiring?: never; punchRemaining?: never; purchases?: never; reachable?: never; registered?: never; rfm?: never; serviceCompleted?: never;   /** Registration source. */
  source: SourceCondition; storedValueBalance?: never; tags?: never; tier?: never; totalSpend?: never; }
  |  { age?: never; all?: never; any?: never; birthday?: never; bought?: never; cardExpiring?: never; channelIdentity?: never; customAttribute?: never; eventCount?: never; firstVisit?: never; gender?: never; guide?: never; guideFriendDays?: never; homeStore?: never; inSegment?: never; lastPurchase?: never; messageReceived?: never; neverPurchased?: never; noGuide?: never; not?: never; pointsBalance?: never; pointsExpiring?: never; punchRemaining?: never; purchases?: never; reachable?: never; registered?: never; rfm?: never; serviceCompleted?: never; source?: never;   /** Stored-value balance. */
  storedValueBalance: StoredValueCondition; tags?: never; tier?: never; totalSpend?: never; }
  |  { age?: never; all?: never; any?: never; birthday?: never; bought?: never; cardExpiring?: never; channelIdentity?: never; customAttribute?: never; eventCount?: never; firstVisit?: never; gender?: never; guide?: never; guideFriendDays?: never; homeStore?: never; inSegment?: never; lastPurchase?: never; messageReceived?: never; neverPurchased?: never; noGuide?: never; not?: never; pointsBalance?: never; pointsExpiring?: never; punchRemaining?: never; purchases?: never; reachable?: never; registered?: never; rfm?: never; serviceCompleted?: never; source?: never; storedValueBalance?: never;   /** Tags. */
  tags: TagsCondition; tier?: never; totalSpend?: never; }
  |  { age?: never; all?: never; any?: never; birthday?: never; bought?: never; cardExpiring?: never; channelIdentity?: never; customAttribute?: never; eventCount?: never; firstVisit?: never; gender?: never; guide?: never; guideFriendDays?: never; homeStore?: never; inSegment?: never; lastPurchase?: never; messageReceived?: never; neverPurchased?: never; noGuide?: never; not?: never; pointsBalance?: never; pointsExpiring?: never; punchRemaining?: never; purchases?: never; reachable?: never; registered?: never; rfm?: never; serviceCompleted?: never; source?: never; storedValueBalance?: never; tags?: never;   /** Tier. */
  tier: TierCondition; totalSpend?: never; }
  |  { age?: never; all?: never; any?: never; birthday?: never; bought?: never; cardExpiring?: never; channelIdentity?: never; customAttribute?: never; eventCount?: never; firstVisit?: never; gender?: never; guide?: never; guideFriendDays?: never; homeStore?: never; inSegment?: never; lastPurchase?: never; messageReceived?: never; neverPurchased?: never; noGuide?: never; not?: never; pointsBalance?: never; pointsExpiring?: never; punchRemaining?: never; purchases?: never; reachable?: never; registered?: never; rfm?: never; serviceCompleted?: never; source?: never; storedValueBalance?: never; tags?: never; tier?: never;   /** Lifetime net spend, cents. */
  totalSpend: CentsRangeInput; };

/** Changes to a segment; fields left out keep their value. A new rule is re-materialised at once. */
export type SegmentUpdateInput = {
  /** New description. */
  description?: string | null | undefined;
  /** New name. */
  name?: string | null | undefined;
  /** New rule (custom segments only). */
  rule?: SegmentRuleInput | null | undefined;
};

/** A service was completed in the last N days (today counting as one). */
export type ServiceCompletedCondition = {
  /** N ≥ 1. */
  days: number;
  /** Only these services; leave out for any. */
  productIds?: Array<string | number> | null | undefined;
};

/** Why a settings mutation refused its input. */
export type SettingsErrorCode =
  /** Already used by another record (a code, a name…). */
  | 'DUPLICATE'
  /** The value is not acceptable; see the message. */
  | 'INVALID'
  /** An id names nothing you can see (or manage). */
  | 'NOT_FOUND'
  /** A number, amount or order (tier levels and thresholds) is outside its range. */
  | 'OUT_OF_RANGE'
  /** Not allowed for you. */
  | 'PERMISSION_DENIED'
  /** A value is missing. */
  | 'REQUIRED'
  /** Too long or too many. */
  | 'TOO_LONG';

/** Sort direction. */
export type SortDirection =
  /** Smallest / oldest first. */
  | 'ASC'
  /** Largest / newest first. */
  | 'DESC';

/** Registration source is one of these (e.g. 小程序, 门店, 大众点评). */
export type SourceCondition = {
  /** Sources that match. */
  in: Array<string>;
};

/** Home store is one of these. */
export type StoreCondition = {
  /** Store ids. */
  in: Array<string | number>;
};

/** A new store. */
export type StoreCreateInput = {
  /** City the store is in. */
  city?: string;
  /** Unique store code, used by CSV imports (1-40 characters). */
  code: string;
  /** Global id of the company the store belongs to; a company admin may leave it out (theirs). */
  companyId?: string | number | null | undefined;
  /** Store name (1-120 characters). */
  name: string;
};

/** Changes to a store. A store never moves to another company. */
export type StoreUpdateInput = {
  /** New city. Left out: unchanged. */
  city?: string | null | undefined;
  /** New unique code. Left out: unchanged. */
  code?: string | null | undefined;
  /** New name. Left out: unchanged. */
  name?: string | null | undefined;
};

/** Holds unexpired stored-value cards (of the given card products, if any) whose total balance is below and/or above an amount. Members without such a card never match. */
export type StoredValueCondition = {
  /** Total balance strictly above this, cents. */
  above?: number | null | undefined;
  /** Total balance strictly below this, cents. */
  below?: number | null | undefined;
  /** Card products. */
  cardProductIds?: Array<string | number> | null | undefined;
};

/** How a list of tags must match. */
export type TagMatch =
  /** Carries every tag. */
  | 'ALL'
  /** Carries at least one of the tags. */
  | 'ANY'
  /** Carries none of the tags. */
  | 'NONE';

/** Tags the member carries. */
export type TagsCondition = {
  /** ANY, ALL or NONE of the tags. */
  match: TagMatch;
  /** The tags. */
  tags: Array<string>;
};

/** The channel a template is written for. */
export type TemplateChannel =
  /** Any channel: rendered for the one a send picks. */
  | 'ANY'
  /** Email: subject, HTML and plain-text parts. */
  | 'EMAIL'
  /** App push notification. */
  | 'PUSH'
  /** SMS: plain text, counted in segments. */
  | 'SMS'
  /** WeChat official-account template message. */
  | 'WECHAT'
  /** WeCom 1:1 message from the guide. */
  | 'WECOM';

/** A new template. Parameters are checked on save: an unknown one is refused at its offset. */
export type TemplateCreateInput = {
  /** Channel, or ANY. */
  channel?: TemplateChannel;
  /** TemplateMedia ids in display order, at most 9. */
  mediaIds?: Array<string | number> | null | undefined;
  /** Name (at most 120 characters). */
  name: string;
  /** Query parameter for the guide's code (default 'guide'). */
  posterGuideParam?: string | null | undefined;
  /** Mini-program page path of a poster. */
  posterPage?: string | null | undefined;
  /** Email subject; may hold {parameters}. */
  subject?: string | null | undefined;
  /** Text with {parameters}; {{ and }} are literal braces. */
  text?: string;
};

/** Why a template mutation refused its input. */
export type TemplateErrorCode =
  /** Already exists. */
  | 'DUPLICATE'
  /** The value is not acceptable; see the message. */
  | 'INVALID'
  /** An id names nothing (or something deleted). */
  | 'NOT_FOUND'
  /** A number is outside its allowed range. */
  | 'OUT_OF_RANGE'
  /** Not allowed for you. */
  | 'PERMISSION_DENIED'
  /** A value is missing. */
  | 'REQUIRED'
  /** Too long, too large or too many. */
  | 'TOO_LONG';

/** What a media file is. */
export type TemplateMediaKind =
  /** A JPEG, PNG or GIF image (at most 2 MB). */
  | 'IMAGE'
  /** An MP4 video (at most 10 MB). */
  | 'VIDEO';

/** Changes to a template; a field left out stays as it is. */
export type TemplateUpdateInput = {
  /** Channel, or ANY. */
  channel?: TemplateChannel | null | undefined;
  /** The whole media list in order (at most 9); [] removes all. */
  mediaIds?: Array<string | number> | null | undefined;
  /** Name. */
  name?: string | null | undefined;
  /** Guide code parameter. */
  posterGuideParam?: string | null | undefined;
  /** Poster page path; empty removes it. */
  posterPage?: string | null | undefined;
  /** Email subject. */
  subject?: string | null | undefined;
  /** Text with {parameters}. */
  text?: string | null | undefined;
};

/** Current tier is one of these. */
export type TierCondition = {
  /** Tier ids. */
  in: Array<string | number>;
};

/** A new member tier. */
export type TierCreateInput = {
  /** Unique rank 0-1000: higher is better. */
  level: number;
  /** Unique tier name, e.g. 金卡. */
  name: string;
  /** Cumulative net spend (yuan) that reaches the tier; must rise with the level. */
  threshold: string;
};

/** Changes to a tier. Members move when their totals are next recomputed. */
export type TierUpdateInput = {
  /** New unique level. Left out: unchanged. */
  level?: number | null | undefined;
  /** New unique name. Left out: unchanged. */
  name?: string | null | undefined;
  /** New threshold (yuan), ordered like levels. Left out: unchanged. */
  threshold?: string | null | undefined;
};

/** A person to invite to the admin. */
export type UserInviteInput = {
  /** Company admins: their company (a company admin inviting may leave it out). */
  companyId?: string | number | null | undefined;
  /** Name shown; defaults to the username. */
  displayName?: string | null | undefined;
  /** Guide accounts: the guide. */
  guideId?: string | number | null | undefined;
  /** Admin, company admin, store manager or guide (partners get API tokens, not users). */
  role: Role;
  /** Store managers: their stores (all in one company). */
  storeIds?: Array<string | number> | null | undefined;
  /** Sign-in name: 2-80 letters, digits or . _ @ + -, unique. */
  username: string;
};

/** Set a password with the one-time token of an invitation or a reset. */
export type UserPasswordSetInput = {
  /** The new password (8-256 characters). */
  password: string;
  /** The token from the set-password link. */
  token: string;
};

/** Changes to a user; the new rights apply from their next request. */
export type UserUpdateInput = {
  /** New company. Left out: unchanged. */
  companyId?: string | number | null | undefined;
  /** New display name. Left out: unchanged. */
  displayName?: string | null | undefined;
  /** New guide. Left out: unchanged. */
  guideId?: string | number | null | undefined;
  /** New role. Left out: unchanged. */
  role?: Role | null | undefined;
  /** New stores. Left out: unchanged. */
  storeIds?: Array<string | number> | null | undefined;
};

export type LoginMutationVariables = Exact<{
  input: LoginInput;
}>;


export type LoginMutation = { login: { viewer: { name: string, role: Role } | null, userErrors: Array<{ field: Array<string> | null, message: string }> } };

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { viewer: { name: string, role: Role, scopes: Array<string> } | null };

export type MemberQueryVariables = Exact<{
  id: string | number;
}>;


export type MemberQuery = { member: { id: string, name: string, phone: string | null, gender: Gender, birthday: string | null, registeredAt: string, source: string, guideFriendSince: string | null, tags: Array<string>, customAttributes: unknown, firstVisitAt: string | null, lastPurchaseAt: string | null, orderCount: number, totalSpend: string, pointsBalance: number, homeStore: { id: string, name: string } | null, guide: { id: string, name: string } | null, tier: { id: string, name: string } | null, channels: { sms: boolean, wechatOpenid: string | null, wechatSubscribed: boolean, wecomExternalId: string | null, email: string | null, emailConsent: boolean, push: boolean }, cards: Array<{ id: string, balance: string, remainingUses: number | null, issuedAt: string, expiresAt: string | null, expired: boolean, product: { id: string, name: string, kind: CardKind } }> } | null };

export type MemberOrdersQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type MemberOrdersQuery = { member: { id: string, orders: { totalCount: number, nodes: Array<{ id: string, orderedAt: string, total: string, refunded: string, net: string, status: OrderStatus, source: string, externalId: string | null, lines: Array<{ id: string, kind: LineKind, name: string, category: string, quantity: number, unitPrice: string, amount: string, refunded: string }> }> } } | null };

export type MemberPointsQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type MemberPointsQuery = { member: { id: string, points: { totalCount: number, nodes: Array<{ id: string, delta: number, reason: string, note: string, occurredAt: string, expiresAt: string | null }> } } | null };

export type MemberEventsQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type MemberEventsQuery = { member: { id: string, events: { totalCount: number, nodes: Array<{ id: string, type: string, occurredAt: string, source: string, payload: unknown }> } } | null };

export type MembersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  search?: string | null | undefined;
  storeIds?: Array<string | number> | string | number | null | undefined;
  guideIds?: Array<string | number> | string | number | null | undefined;
  tierIds?: Array<string | number> | string | number | null | undefined;
  tags?: Array<string> | string | null | undefined;
  sort?: MemberSort | null | undefined;
}>;


export type MembersQuery = { members: { totalCount: number, nodes: Array<{ id: string, name: string, phone: string | null, gender: Gender, registeredAt: string, tags: Array<string>, lastPurchaseAt: string | null, orderCount: number, totalSpend: string, homeStore: { id: string, name: string } | null, guide: { id: string, name: string } | null, tier: { id: string, name: string } | null }> } };

export type FilterOptionsQueryVariables = Exact<{ [key: string]: never; }>;


export type FilterOptionsQuery = { stores: Array<{ id: string, name: string }>, guides: Array<{ id: string, name: string, store: { id: string } }>, tiers: Array<{ id: string, name: string, level: number }>, tags: Array<{ tag: string, members: number }> };

export type ChannelProvidersQueryVariables = Exact<{ [key: string]: never; }>;


export type ChannelProvidersQuery = { channelProviders: Array<{ id: string, channel: Channel, kind: ChannelProviderKind, companyId: string | null, companyName: string | null, url: string, host: string, port: number | null, username: string, sender: string, useTls: boolean, timeoutSeconds: number, secretSet: boolean, receiptPath: string, updatedAt: string }> };

export type ChannelProviderSetMutationVariables = Exact<{
  input: ChannelProviderSetInput;
}>;


export type ChannelProviderSetMutation = { channelProviderSet: { channelProvider: { id: string, secretSet: boolean } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: ChannelErrorCode }> } };

export type ChannelProviderDeleteMutationVariables = Exact<{
  id: string | number;
}>;


export type ChannelProviderDeleteMutation = { channelProviderDelete: { deletedId: string | null, userErrors: Array<{ field: Array<string> | null, message: string, code: ChannelErrorCode }> } };

export type FatiguePolicyQueryVariables = Exact<{ [key: string]: never; }>;


export type FatiguePolicyQuery = { fatiguePolicy: { inherited: boolean, quietHoursInherited: boolean, rules: Array<{ channel: Channel | null, period: FatiguePeriod, length: number, maxSends: number, description: string }>, quietHours: Array<{ channel: Channel | null, start: string, end: string }> } };

export type FatigueRulesSetMutationVariables = Exact<{
  input: FatigueRulesSetInput;
}>;


export type FatigueRulesSetMutation = { fatigueRulesSet: { policy: { inherited: boolean, rules: Array<{ channel: Channel | null, period: FatiguePeriod, length: number, maxSends: number, description: string }> } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: FatigueErrorCode }> } };

export type QuietHoursSetMutationVariables = Exact<{
  input: QuietHoursSetInput;
}>;


export type QuietHoursSetMutation = { quietHoursSet: { policy: { quietHoursInherited: boolean, quietHours: Array<{ channel: Channel | null, start: string, end: string }> } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: FatigueErrorCode }> } };

export type MessagesQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: MessageFilter | null | undefined;
}>;


export type MessagesQuery = { messages: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, senderType: string, senderId: number | null, channel: Channel, outcome: MessageOutcome, reason: string, text: string | null, decidedAt: string | null, member: { id: string, name: string } }> }, messageOutcomeCounts: Array<{ senderType: string, senderId: number | null, senderName: string | null, outcome: MessageOutcome, count: number }> };

export type TemplatesQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type TemplatesQuery = { templates: { totalCount: number, nodes: Array<{ id: string, name: string, channel: TemplateChannel, subject: string, text: string, updatedAt: string, smsLength: number, smsSegments: number, media: Array<{ id: string, filename: string, kind: TemplateMediaKind, url: string }> }> }, templateParameters: Array<{ name: string, description: string, descriptionZh: string, example: string }> };

export type TemplateCreateMutationVariables = Exact<{
  input: TemplateCreateInput;
}>;


export type TemplateCreateMutation = { templateCreate: { template: { id: string } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: TemplateErrorCode }> } };

export type TemplateUpdateMutationVariables = Exact<{
  id: string | number;
  input: TemplateUpdateInput;
}>;


export type TemplateUpdateMutation = { templateUpdate: { template: { id: string } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: TemplateErrorCode }> } };

export type PreviewMembersQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type PreviewMembersQuery = { members: { nodes: Array<{ id: string, name: string }> } };

export type TemplatePreviewQueryVariables = Exact<{
  templateId: string | number;
  memberId: string | number;
}>;


export type TemplatePreviewQuery = { templatePreview: { channel: TemplateChannel, subject: string | null, text: string, smsLength: number | null, smsSegments: number | null, smsEncoding: string | null, posterUrl: string | null, media: Array<{ id: string, url: string, kind: TemplateMediaKind, filename: string }> } | null };

export type MemberSegmentsQueryVariables = Exact<{
  id: string | number;
}>;


export type MemberSegmentsQuery = { member: { id: string, segments: Array<{ id: string, name: string, kind: SegmentKind, memberCount: number, lastRefreshedAt: string | null }> } | null };

export type SegmentQueryVariables = Exact<{
  id: string | number;
}>;


export type SegmentQuery = { segment: { id: string, name: string, description: string, kind: SegmentKind, rule: unknown, memberCount: number, lastRefreshedAt: string | null, lastRefreshMs: number | null, refreshSlow: boolean, createdAt: string, updatedAt: string, viewerCanChange: boolean, company: { id: string, name: string } | null, sizeHistory: Array<{ at: string, trigger: RefreshTrigger, memberCount: number, entered: number, exited: number, durationMs: number, slow: boolean }> } | null };

export type SegmentMembersQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SegmentMembersQuery = { segment: { id: string, members: { totalCount: number, nodes: Array<{ id: string, name: string, phone: string | null, lastPurchaseAt: string | null, totalSpend: string, tier: { name: string } | null, homeStore: { name: string } | null }> } } | null };

export type SegmentDeleteMutationVariables = Exact<{
  id: string | number;
}>;


export type SegmentDeleteMutation = { segmentDelete: { userErrors: Array<{ field: Array<string> | null, message: string }> } };

export type SegmentForEditQueryVariables = Exact<{
  id: string | number;
}>;


export type SegmentForEditQuery = { segment: { id: string, name: string, description: string, kind: SegmentKind, rule: unknown, memberCount: number } | null };

export type SegmentCreateMutationVariables = Exact<{
  input: SegmentCreateInput;
}>;


export type SegmentCreateMutation = { segmentCreate: { segment: { id: string } | null, userErrors: Array<{ field: Array<string> | null, message: string }> } };

export type SegmentUpdateMutationVariables = Exact<{
  id: string | number;
  input: SegmentUpdateInput;
}>;


export type SegmentUpdateMutation = { segmentUpdate: { segment: { id: string } | null, userErrors: Array<{ field: Array<string> | null, message: string }> } };

export type SegmentsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  search?: string | null | undefined;
  kind?: SegmentKind | null | undefined;
}>;


export type SegmentsQuery = { segments: { totalCount: number, nodes: Array<{ id: string, name: string, description: string, kind: SegmentKind, memberCount: number, lastRefreshedAt: string | null, lastRefreshMs: number | null, refreshSlow: boolean, updatedAt: string, viewerCanChange: boolean, company: { id: string, name: string } | null }> } };

export type EstimateAudienceQueryVariables = Exact<{
  rule: SegmentRuleInput;
  channels?: Array<ReachChannel> | ReachChannel | null | undefined;
}>;


export type EstimateAudienceQuery = { estimateAudience: { total: number | null, reachable: Array<{ channel: ReachChannel, count: number }>, userErrors: Array<{ field: Array<string> | null, message: string }> } };

export type AllMembersCountQueryVariables = Exact<{ [key: string]: never; }>;


export type AllMembersCountQuery = { members: { totalCount: number } };

export type RuleOptionsQueryVariables = Exact<{ [key: string]: never; }>;


export type RuleOptionsQuery = { stores: Array<{ id: string, name: string }>, guides: Array<{ id: string, name: string, store: { name: string } }>, tiers: Array<{ id: string, name: string, level: number }>, tags: Array<{ tag: string }>, segments: { nodes: Array<{ id: string, name: string }> } };

export type CatalogueOptionsQueryVariables = Exact<{ [key: string]: never; }>;


export type CatalogueOptionsQuery = { cardProducts: Array<{ id: string, name: string, kind: CardKind }>, products: Array<{ id: string, name: string, kind: LineKind, category: string }> };

export type SegmentRefreshMutationVariables = Exact<{
  id: string | number;
}>;


export type SegmentRefreshMutation = { segmentRefresh: { segment: { id: string, memberCount: number, lastRefreshedAt: string | null, lastRefreshMs: number | null, refreshSlow: boolean } | null, refresh: { memberCount: number, entered: number, exited: number, durationMs: number } | null, userErrors: Array<{ field: Array<string> | null, message: string }> } };

export type SettingsAuditQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  actionPrefix?: string | null | undefined;
  actorUserId?: string | number | null | undefined;
  actorTokenId?: string | number | null | undefined;
  since?: string | null | undefined;
  until?: string | null | undefined;
}>;


export type SettingsAuditQuery = { auditLog: { totalCount: number, nodes: Array<{ id: string, at: string, actorKind: AuditActorKind, actorName: string, actorUserId: string | null, actorTokenId: string | null, action: string, targetType: string, targetId: string | null, details: unknown, ip: string | null }> } | null };

export type SettingsAuditActorsQueryVariables = Exact<{ [key: string]: never; }>;


export type SettingsAuditActorsQuery = { users: { nodes: Array<{ id: string, username: string, displayName: string }> } | null, apiTokens: { nodes: Array<{ id: string, name: string, prefix: string }> } | null };

export type SettingsCatalogueQueryVariables = Exact<{ [key: string]: never; }>;


export type SettingsCatalogueQuery = { tiers: Array<{ id: string, name: string, level: number, threshold: string }>, products: Array<{ id: string, sku: string, name: string, kind: LineKind, category: string, price: string }>, cardProducts: Array<{ id: string, name: string, kind: CardKind, price: string, faceValue: string, totalUses: number | null, validityDays: number | null }> };

export type SettingsTierCreateMutationVariables = Exact<{
  input: TierCreateInput;
}>;


export type SettingsTierCreateMutation = { tierCreate: { tier: { id: string } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: SettingsErrorCode }> } };

export type SettingsTierUpdateMutationVariables = Exact<{
  id: string | number;
  input: TierUpdateInput;
}>;


export type SettingsTierUpdateMutation = { tierUpdate: { tier: { id: string, name: string, level: number, threshold: string } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: SettingsErrorCode }> } };

export type SettingsProductCreateMutationVariables = Exact<{
  input: ProductCreateInput;
}>;


export type SettingsProductCreateMutation = { productCreate: { product: { id: string } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: SettingsErrorCode }> } };

export type SettingsProductUpdateMutationVariables = Exact<{
  id: string | number;
  input: ProductUpdateInput;
}>;


export type SettingsProductUpdateMutation = { productUpdate: { product: { id: string, sku: string, name: string, kind: LineKind, category: string, price: string } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: SettingsErrorCode }> } };

export type SettingsCardProductCreateMutationVariables = Exact<{
  input: CardProductCreateInput;
}>;


export type SettingsCardProductCreateMutation = { cardProductCreate: { cardProduct: { id: string } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: SettingsErrorCode }> } };

export type SettingsCardProductUpdateMutationVariables = Exact<{
  id: string | number;
  input: CardProductUpdateInput;
}>;


export type SettingsCardProductUpdateMutation = { cardProductUpdate: { cardProduct: { id: string, name: string, price: string, faceValue: string, totalUses: number | null, validityDays: number | null } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: SettingsErrorCode }> } };

export type SettingsOrgQueryVariables = Exact<{ [key: string]: never; }>;


export type SettingsOrgQuery = { retailCompanies: Array<{ id: string, name: string, code: string }>, stores: Array<{ id: string, name: string, code: string, city: string, company: { id: string, name: string } }>, guides: Array<{ id: string, name: string, code: string, active: boolean, store: { id: string, name: string, company: { id: string, name: string } } }> };

export type SettingsCompanyCreateMutationVariables = Exact<{
  input: RetailCompanyCreateInput;
}>;


export type SettingsCompanyCreateMutation = { retailCompanyCreate: { retailCompany: { id: string } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: SettingsErrorCode }> } };

export type SettingsCompanyUpdateMutationVariables = Exact<{
  id: string | number;
  input: RetailCompanyUpdateInput;
}>;


export type SettingsCompanyUpdateMutation = { retailCompanyUpdate: { retailCompany: { id: string, name: string, code: string } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: SettingsErrorCode }> } };

export type SettingsStoreCreateMutationVariables = Exact<{
  input: StoreCreateInput;
}>;


export type SettingsStoreCreateMutation = { storeCreate: { store: { id: string } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: SettingsErrorCode }> } };

export type SettingsStoreUpdateMutationVariables = Exact<{
  id: string | number;
  input: StoreUpdateInput;
}>;


export type SettingsStoreUpdateMutation = { storeUpdate: { store: { id: string, name: string, code: string, city: string } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: SettingsErrorCode }> } };

export type SettingsGuideCreateMutationVariables = Exact<{
  input: GuideCreateInput;
}>;


export type SettingsGuideCreateMutation = { guideCreate: { guide: { id: string } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: SettingsErrorCode }> } };

export type SettingsGuideUpdateMutationVariables = Exact<{
  id: string | number;
  input: GuideUpdateInput;
}>;


export type SettingsGuideUpdateMutation = { guideUpdate: { guide: { id: string, name: string, code: string, active: boolean, store: { id: string, name: string } } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: SettingsErrorCode }> } };

export type UserPasswordSetMutationVariables = Exact<{
  input: UserPasswordSetInput;
}>;


export type UserPasswordSetMutation = { userPasswordSet: { username: string | null, userErrors: Array<{ field: Array<string> | null, message: string, code: SettingsErrorCode }> } };

export type SettingsTokensQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  includeRevoked: boolean;
}>;


export type SettingsTokensQuery = { apiTokens: { totalCount: number, nodes: Array<{ id: string, name: string, prefix: string, role: Role, scopes: Array<string>, createdAt: string, expiresAt: string | null, revokedAt: string | null, lastUsedAt: string | null, active: boolean, company: { id: string, name: string } | null, stores: Array<{ id: string, name: string }>, guide: { id: string, name: string } | null }> } | null };

export type SettingsTokenCreateMutationVariables = Exact<{
  input: ApiTokenCreateInput;
}>;


export type SettingsTokenCreateMutation = { apiTokenCreate: { secret: string | null, apiToken: { id: string, name: string, prefix: string, expiresAt: string | null } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: SettingsErrorCode }> } };

export type SettingsTokenRevokeMutationVariables = Exact<{
  id: string | number;
}>;


export type SettingsTokenRevokeMutation = { apiTokenRevoke: { apiToken: { id: string, revokedAt: string | null, active: boolean } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: SettingsErrorCode }> } };

export type SettingsUsersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  search?: string | null | undefined;
  role?: Role | null | undefined;
  active?: boolean | null | undefined;
}>;


export type SettingsUsersQuery = { users: { totalCount: number, nodes: Array<{ id: string, username: string, displayName: string, role: Role, active: boolean, passwordSet: boolean, createdAt: string, lastLoginAt: string | null, company: { id: string, name: string } | null, stores: Array<{ id: string, name: string }>, guide: { id: string, name: string } | null }> } | null };

export type SettingsUserInviteMutationVariables = Exact<{
  input: UserInviteInput;
}>;


export type SettingsUserInviteMutation = { userInvite: { setPasswordToken: string | null, setPasswordTokenExpiresAt: string | null, user: { id: string, username: string } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: SettingsErrorCode }> } };

export type SettingsUserUpdateMutationVariables = Exact<{
  id: string | number;
  input: UserUpdateInput;
}>;


export type SettingsUserUpdateMutation = { userUpdate: { user: { id: string } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: SettingsErrorCode }> } };

export type SettingsUserDisableMutationVariables = Exact<{
  id: string | number;
}>;


export type SettingsUserDisableMutation = { userDisable: { user: { id: string, active: boolean } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: SettingsErrorCode }> } };

export type SettingsUserEnableMutationVariables = Exact<{
  id: string | number;
}>;


export type SettingsUserEnableMutation = { userEnable: { user: { id: string, active: boolean } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: SettingsErrorCode }> } };

export type SettingsUserPasswordResetMutationVariables = Exact<{
  id: string | number;
}>;


export type SettingsUserPasswordResetMutation = { userPasswordReset: { setPasswordToken: string | null, setPasswordTokenExpiresAt: string | null, user: { id: string, username: string } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: SettingsErrorCode }> } };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { logout: { __typename: 'LogoutPayload' } };


export const LoginDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Login"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LoginInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"login"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<LoginMutation, LoginMutationVariables>;
export const ViewerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}}]}}]}}]} as unknown as DocumentNode<ViewerQuery, ViewerQueryVariables>;
export const MemberDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Member"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"member"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"gender"}},{"kind":"Field","name":{"kind":"Name","value":"birthday"}},{"kind":"Field","name":{"kind":"Name","value":"registeredAt"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"homeStore"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"guide"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"guideFriendSince"}},{"kind":"Field","name":{"kind":"Name","value":"tier"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tags"}},{"kind":"Field","name":{"kind":"Name","value":"customAttributes"}},{"kind":"Field","name":{"kind":"Name","value":"channels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sms"}},{"kind":"Field","name":{"kind":"Name","value":"wechatOpenid"}},{"kind":"Field","name":{"kind":"Name","value":"wechatSubscribed"}},{"kind":"Field","name":{"kind":"Name","value":"wecomExternalId"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"emailConsent"}},{"kind":"Field","name":{"kind":"Name","value":"push"}}]}},{"kind":"Field","name":{"kind":"Name","value":"firstVisitAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastPurchaseAt"}},{"kind":"Field","name":{"kind":"Name","value":"orderCount"}},{"kind":"Field","name":{"kind":"Name","value":"totalSpend"}},{"kind":"Field","name":{"kind":"Name","value":"pointsBalance"}},{"kind":"Field","name":{"kind":"Name","value":"cards"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"balance"}},{"kind":"Field","name":{"kind":"Name","value":"remainingUses"}},{"kind":"Field","name":{"kind":"Name","value":"issuedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"expired"}},{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]}}]}}]} as unknown as DocumentNode<MemberQuery, MemberQueryVariables>;
export const MemberOrdersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MemberOrders"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"member"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"orders"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"orderedAt"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"refunded"}},{"kind":"Field","name":{"kind":"Name","value":"net"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"unitPrice"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"refunded"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<MemberOrdersQuery, MemberOrdersQueryVariables>;
export const MemberPointsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MemberPoints"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"member"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"points"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"delta"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]}}]}}]} as unknown as DocumentNode<MemberPointsQuery, MemberPointsQueryVariables>;
export const MemberEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MemberEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"member"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"events"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"payload"}}]}}]}}]}}]}}]} as unknown as DocumentNode<MemberEventsQuery, MemberEventsQueryVariables>;
export const MembersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Members"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"search"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"storeIds"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"guideIds"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tierIds"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tags"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sort"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"MemberSort"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"members"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"search"}}},{"kind":"Argument","name":{"kind":"Name","value":"storeIds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"storeIds"}}},{"kind":"Argument","name":{"kind":"Name","value":"guideIds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"guideIds"}}},{"kind":"Argument","name":{"kind":"Name","value":"tierIds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tierIds"}}},{"kind":"Argument","name":{"kind":"Name","value":"tags"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tags"}}},{"kind":"Argument","name":{"kind":"Name","value":"sort"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sort"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"gender"}},{"kind":"Field","name":{"kind":"Name","value":"registeredAt"}},{"kind":"Field","name":{"kind":"Name","value":"homeStore"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"guide"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tier"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tags"}},{"kind":"Field","name":{"kind":"Name","value":"lastPurchaseAt"}},{"kind":"Field","name":{"kind":"Name","value":"orderCount"}},{"kind":"Field","name":{"kind":"Name","value":"totalSpend"}}]}}]}}]}}]} as unknown as DocumentNode<MembersQuery, MembersQueryVariables>;
export const FilterOptionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FilterOptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stores"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"guides"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"store"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"tiers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"level"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tag"}},{"kind":"Field","name":{"kind":"Name","value":"members"}}]}}]}}]} as unknown as DocumentNode<FilterOptionsQuery, FilterOptionsQueryVariables>;
export const ChannelProvidersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ChannelProviders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"channelProviders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"companyId"}},{"kind":"Field","name":{"kind":"Name","value":"companyName"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"port"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"sender"}},{"kind":"Field","name":{"kind":"Name","value":"useTls"}},{"kind":"Field","name":{"kind":"Name","value":"timeoutSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"secretSet"}},{"kind":"Field","name":{"kind":"Name","value":"receiptPath"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]}}]} as unknown as DocumentNode<ChannelProvidersQuery, ChannelProvidersQueryVariables>;
export const ChannelProviderSetDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ChannelProviderSet"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ChannelProviderSetInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"channelProviderSet"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"channelProvider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"secretSet"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<ChannelProviderSetMutation, ChannelProviderSetMutationVariables>;
export const ChannelProviderDeleteDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ChannelProviderDelete"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"channelProviderDelete"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedId"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<ChannelProviderDeleteMutation, ChannelProviderDeleteMutationVariables>;
export const FatiguePolicyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FatiguePolicy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fatiguePolicy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inherited"}},{"kind":"Field","name":{"kind":"Name","value":"quietHoursInherited"}},{"kind":"Field","name":{"kind":"Name","value":"rules"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"period"}},{"kind":"Field","name":{"kind":"Name","value":"length"}},{"kind":"Field","name":{"kind":"Name","value":"maxSends"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}},{"kind":"Field","name":{"kind":"Name","value":"quietHours"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}}]}}]}}]}}]} as unknown as DocumentNode<FatiguePolicyQuery, FatiguePolicyQueryVariables>;
export const FatigueRulesSetDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"FatigueRulesSet"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"FatigueRulesSetInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fatigueRulesSet"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"policy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inherited"}},{"kind":"Field","name":{"kind":"Name","value":"rules"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"period"}},{"kind":"Field","name":{"kind":"Name","value":"length"}},{"kind":"Field","name":{"kind":"Name","value":"maxSends"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<FatigueRulesSetMutation, FatigueRulesSetMutationVariables>;
export const QuietHoursSetDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"QuietHoursSet"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"QuietHoursSetInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quietHoursSet"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"policy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quietHoursInherited"}},{"kind":"Field","name":{"kind":"Name","value":"quietHours"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<QuietHoursSetMutation, QuietHoursSetMutationVariables>;
export const MessagesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Messages"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"MessageFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"messages"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"senderType"}},{"kind":"Field","name":{"kind":"Name","value":"senderId"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"member"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"messageOutcomeCounts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"senderType"}},{"kind":"Field","name":{"kind":"Name","value":"senderId"}},{"kind":"Field","name":{"kind":"Name","value":"senderName"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}}]} as unknown as DocumentNode<MessagesQuery, MessagesQueryVariables>;
export const TemplatesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Templates"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"templates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"smsLength"}},{"kind":"Field","name":{"kind":"Name","value":"smsSegments"}},{"kind":"Field","name":{"kind":"Name","value":"media"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"filename"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"templateParameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"descriptionZh"}},{"kind":"Field","name":{"kind":"Name","value":"example"}}]}}]}}]} as unknown as DocumentNode<TemplatesQuery, TemplatesQueryVariables>;
export const TemplateCreateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TemplateCreate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TemplateCreateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"templateCreate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"template"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<TemplateCreateMutation, TemplateCreateMutationVariables>;
export const TemplateUpdateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TemplateUpdate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TemplateUpdateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"templateUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"template"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<TemplateUpdateMutation, TemplateUpdateMutationVariables>;
export const PreviewMembersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PreviewMembers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"members"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<PreviewMembersQuery, PreviewMembersQueryVariables>;
export const TemplatePreviewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TemplatePreview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"templateId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"memberId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"templatePreview"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"templateId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"templateId"}}},{"kind":"Argument","name":{"kind":"Name","value":"memberId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"memberId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"smsLength"}},{"kind":"Field","name":{"kind":"Name","value":"smsSegments"}},{"kind":"Field","name":{"kind":"Name","value":"smsEncoding"}},{"kind":"Field","name":{"kind":"Name","value":"posterUrl"}},{"kind":"Field","name":{"kind":"Name","value":"media"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"filename"}}]}}]}}]}}]} as unknown as DocumentNode<TemplatePreviewQuery, TemplatePreviewQueryVariables>;
export const MemberSegmentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MemberSegments"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"member"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"segments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"memberCount"}},{"kind":"Field","name":{"kind":"Name","value":"lastRefreshedAt"}}]}}]}}]}}]} as unknown as DocumentNode<MemberSegmentsQuery, MemberSegmentsQueryVariables>;
export const SegmentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Segment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"segment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"memberCount"}},{"kind":"Field","name":{"kind":"Name","value":"lastRefreshedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRefreshMs"}},{"kind":"Field","name":{"kind":"Name","value":"refreshSlow"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"company"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"viewerCanChange"}},{"kind":"Field","name":{"kind":"Name","value":"sizeHistory"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"IntValue","value":"60"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"memberCount"}},{"kind":"Field","name":{"kind":"Name","value":"entered"}},{"kind":"Field","name":{"kind":"Name","value":"exited"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"slow"}}]}}]}}]}}]} as unknown as DocumentNode<SegmentQuery, SegmentQueryVariables>;
export const SegmentMembersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SegmentMembers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"segment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"members"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"tier"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"homeStore"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lastPurchaseAt"}},{"kind":"Field","name":{"kind":"Name","value":"totalSpend"}}]}}]}}]}}]}}]} as unknown as DocumentNode<SegmentMembersQuery, SegmentMembersQueryVariables>;
export const SegmentDeleteDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SegmentDelete"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"segmentDelete"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<SegmentDeleteMutation, SegmentDeleteMutationVariables>;
export const SegmentForEditDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SegmentForEdit"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"segment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"memberCount"}}]}}]}}]} as unknown as DocumentNode<SegmentForEditQuery, SegmentForEditQueryVariables>;
export const SegmentCreateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SegmentCreate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SegmentCreateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"segmentCreate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"segment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<SegmentCreateMutation, SegmentCreateMutationVariables>;
export const SegmentUpdateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SegmentUpdate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SegmentUpdateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"segmentUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"segment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<SegmentUpdateMutation, SegmentUpdateMutationVariables>;
export const SegmentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Segments"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"search"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"kind"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SegmentKind"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"segments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"search"}}},{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kind"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"memberCount"}},{"kind":"Field","name":{"kind":"Name","value":"lastRefreshedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRefreshMs"}},{"kind":"Field","name":{"kind":"Name","value":"refreshSlow"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"company"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"viewerCanChange"}}]}}]}}]}}]} as unknown as DocumentNode<SegmentsQuery, SegmentsQueryVariables>;
export const EstimateAudienceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"EstimateAudience"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"rule"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SegmentRuleInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"channels"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReachChannel"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"estimateAudience"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"rule"},"value":{"kind":"Variable","name":{"kind":"Name","value":"rule"}}},{"kind":"Argument","name":{"kind":"Name","value":"channels"},"value":{"kind":"Variable","name":{"kind":"Name","value":"channels"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"reachable"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<EstimateAudienceQuery, EstimateAudienceQueryVariables>;
export const AllMembersCountDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AllMembersCount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"members"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"0"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}}]}}]} as unknown as DocumentNode<AllMembersCountQuery, AllMembersCountQueryVariables>;
export const RuleOptionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RuleOptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stores"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"guides"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"store"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"tiers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"level"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tag"}}]}},{"kind":"Field","name":{"kind":"Name","value":"segments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<RuleOptionsQuery, RuleOptionsQueryVariables>;
export const CatalogueOptionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CatalogueOptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cardProducts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}},{"kind":"Field","name":{"kind":"Name","value":"products"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"category"}}]}}]}}]} as unknown as DocumentNode<CatalogueOptionsQuery, CatalogueOptionsQueryVariables>;
export const SegmentRefreshDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SegmentRefresh"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"segmentRefresh"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"segment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"memberCount"}},{"kind":"Field","name":{"kind":"Name","value":"lastRefreshedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRefreshMs"}},{"kind":"Field","name":{"kind":"Name","value":"refreshSlow"}}]}},{"kind":"Field","name":{"kind":"Name","value":"refresh"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"memberCount"}},{"kind":"Field","name":{"kind":"Name","value":"entered"}},{"kind":"Field","name":{"kind":"Name","value":"exited"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<SegmentRefreshMutation, SegmentRefreshMutationVariables>;
export const SettingsAuditDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SettingsAudit"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"actionPrefix"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"actorUserId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"actorTokenId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"until"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditLog"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"actionPrefix"},"value":{"kind":"Variable","name":{"kind":"Name","value":"actionPrefix"}}},{"kind":"Argument","name":{"kind":"Name","value":"actorUserId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"actorUserId"}}},{"kind":"Argument","name":{"kind":"Name","value":"actorTokenId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"actorTokenId"}}},{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}},{"kind":"Argument","name":{"kind":"Name","value":"until"},"value":{"kind":"Variable","name":{"kind":"Name","value":"until"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"actorKind"}},{"kind":"Field","name":{"kind":"Name","value":"actorName"}},{"kind":"Field","name":{"kind":"Name","value":"actorUserId"}},{"kind":"Field","name":{"kind":"Name","value":"actorTokenId"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"targetType"}},{"kind":"Field","name":{"kind":"Name","value":"targetId"}},{"kind":"Field","name":{"kind":"Name","value":"details"}},{"kind":"Field","name":{"kind":"Name","value":"ip"}}]}}]}}]}}]} as unknown as DocumentNode<SettingsAuditQuery, SettingsAuditQueryVariables>;
export const SettingsAuditActorsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SettingsAuditActors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"users"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"apiTokens"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}}]}}]}}]}}]} as unknown as DocumentNode<SettingsAuditActorsQuery, SettingsAuditActorsQueryVariables>;
export const SettingsCatalogueDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SettingsCatalogue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tiers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}}]}},{"kind":"Field","name":{"kind":"Name","value":"products"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"price"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cardProducts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"price"}},{"kind":"Field","name":{"kind":"Name","value":"faceValue"}},{"kind":"Field","name":{"kind":"Name","value":"totalUses"}},{"kind":"Field","name":{"kind":"Name","value":"validityDays"}}]}}]}}]} as unknown as DocumentNode<SettingsCatalogueQuery, SettingsCatalogueQueryVariables>;
export const SettingsTierCreateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SettingsTierCreate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TierCreateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tierCreate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tier"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<SettingsTierCreateMutation, SettingsTierCreateMutationVariables>;
export const SettingsTierUpdateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SettingsTierUpdate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TierUpdateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tierUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tier"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<SettingsTierUpdateMutation, SettingsTierUpdateMutationVariables>;
export const SettingsProductCreateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SettingsProductCreate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ProductCreateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"productCreate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<SettingsProductCreateMutation, SettingsProductCreateMutationVariables>;
export const SettingsProductUpdateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SettingsProductUpdate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ProductUpdateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"productUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"price"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<SettingsProductUpdateMutation, SettingsProductUpdateMutationVariables>;
export const SettingsCardProductCreateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SettingsCardProductCreate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CardProductCreateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cardProductCreate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cardProduct"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<SettingsCardProductCreateMutation, SettingsCardProductCreateMutationVariables>;
export const SettingsCardProductUpdateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SettingsCardProductUpdate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CardProductUpdateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cardProductUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cardProduct"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"price"}},{"kind":"Field","name":{"kind":"Name","value":"faceValue"}},{"kind":"Field","name":{"kind":"Name","value":"totalUses"}},{"kind":"Field","name":{"kind":"Name","value":"validityDays"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<SettingsCardProductUpdateMutation, SettingsCardProductUpdateMutationVariables>;
export const SettingsOrgDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SettingsOrg"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retailCompanies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stores"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"city"}},{"kind":"Field","name":{"kind":"Name","value":"company"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"guides"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"store"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"company"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<SettingsOrgQuery, SettingsOrgQueryVariables>;
export const SettingsCompanyCreateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SettingsCompanyCreate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RetailCompanyCreateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retailCompanyCreate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retailCompany"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<SettingsCompanyCreateMutation, SettingsCompanyCreateMutationVariables>;
export const SettingsCompanyUpdateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SettingsCompanyUpdate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RetailCompanyUpdateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retailCompanyUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retailCompany"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<SettingsCompanyUpdateMutation, SettingsCompanyUpdateMutationVariables>;
export const SettingsStoreCreateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SettingsStoreCreate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StoreCreateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"storeCreate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"store"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<SettingsStoreCreateMutation, SettingsStoreCreateMutationVariables>;
export const SettingsStoreUpdateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SettingsStoreUpdate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StoreUpdateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"storeUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"store"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"city"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<SettingsStoreUpdateMutation, SettingsStoreUpdateMutationVariables>;
export const SettingsGuideCreateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SettingsGuideCreate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"GuideCreateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"guideCreate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"guide"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<SettingsGuideCreateMutation, SettingsGuideCreateMutationVariables>;
export const SettingsGuideUpdateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SettingsGuideUpdate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"GuideUpdateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"guideUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"guide"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"store"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<SettingsGuideUpdateMutation, SettingsGuideUpdateMutationVariables>;
export const UserPasswordSetDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UserPasswordSet"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UserPasswordSetInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userPasswordSet"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<UserPasswordSetMutation, UserPasswordSetMutationVariables>;
export const SettingsTokensDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SettingsTokens"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"includeRevoked"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"apiTokens"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"includeRevoked"},"value":{"kind":"Variable","name":{"kind":"Name","value":"includeRevoked"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"company"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stores"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"guide"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<SettingsTokensQuery, SettingsTokensQueryVariables>;
export const SettingsTokenCreateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SettingsTokenCreate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ApiTokenCreateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"apiTokenCreate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"apiToken"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"secret"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<SettingsTokenCreateMutation, SettingsTokenCreateMutationVariables>;
export const SettingsTokenRevokeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SettingsTokenRevoke"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"apiTokenRevoke"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"apiToken"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}},{"kind":"Field","name":{"kind":"Name","value":"active"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<SettingsTokenRevokeMutation, SettingsTokenRevokeMutationVariables>;
export const SettingsUsersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SettingsUsers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"search"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"role"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Role"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"active"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"users"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"search"}}},{"kind":"Argument","name":{"kind":"Name","value":"role"},"value":{"kind":"Variable","name":{"kind":"Name","value":"role"}}},{"kind":"Argument","name":{"kind":"Name","value":"active"},"value":{"kind":"Variable","name":{"kind":"Name","value":"active"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"passwordSet"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastLoginAt"}},{"kind":"Field","name":{"kind":"Name","value":"company"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stores"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"guide"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<SettingsUsersQuery, SettingsUsersQueryVariables>;
export const SettingsUserInviteDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SettingsUserInvite"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UserInviteInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userInvite"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}}]}},{"kind":"Field","name":{"kind":"Name","value":"setPasswordToken"}},{"kind":"Field","name":{"kind":"Name","value":"setPasswordTokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<SettingsUserInviteMutation, SettingsUserInviteMutationVariables>;
export const SettingsUserUpdateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SettingsUserUpdate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UserUpdateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<SettingsUserUpdateMutation, SettingsUserUpdateMutationVariables>;
export const SettingsUserDisableDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SettingsUserDisable"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userDisable"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"active"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<SettingsUserDisableMutation, SettingsUserDisableMutationVariables>;
export const SettingsUserEnableDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SettingsUserEnable"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userEnable"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"active"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<SettingsUserEnableMutation, SettingsUserEnableMutationVariables>;
export const SettingsUserPasswordResetDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SettingsUserPasswordReset"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userPasswordReset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}}]}},{"kind":"Field","name":{"kind":"Name","value":"setPasswordToken"}},{"kind":"Field","name":{"kind":"Name","value":"setPasswordTokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<SettingsUserPasswordResetMutation, SettingsUserPasswordResetMutationVariables>;
export const LogoutDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Logout"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"logout"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}}]}}]}}]} as unknown as DocumentNode<LogoutMutation, LogoutMutationVariables>;