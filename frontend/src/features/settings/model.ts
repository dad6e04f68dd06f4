/**
 * The settings area's rules that are not screens: who sees which tab and may change what, where a
 * server's userErrors land on a form, which fields an edit really changes, the reach a role takes,
 * the scopes a token may get and the one-time set-password link. Kept free of React so it is tested
 * on its own (model.test.ts).
 */
import type { Role } from '../../gql/graphql';
import { GRANTABLE_SCOPES, ROLE_SCOPES } from './scopes.generated';

export type SettingsTab = 'organisation' | 'catalogue' | 'channels' | 'fatigue' | 'users' | 'tokens' | 'audit';

export const TAB_ORDER: SettingsTab[] = ['organisation', 'catalogue', 'channels', 'fatigue', 'users', 'tokens', 'audit'];

/** What the viewer may see and do in Settings. It mirrors the API's rules so the screens disable what
 * the server would refuse; the server still decides (a refusal comes back as a userError). */
export interface SettingsAccess {
  tabs: SettingsTab[];
  companies: { create: boolean; edit: boolean };
  stores: { create: boolean; edit: boolean };
  guides: { create: boolean; edit: boolean };
  catalogue: { edit: boolean };
  /** Roles the viewer may give to users (empty: no user management). */
  userRoles: Role[];
  /** Roles the viewer may give to API tokens (empty: no token management). */
  tokenRoles: Role[];
}

const NOTHING: SettingsAccess = {
  tabs: [],
  companies: { create: false, edit: false },
  stores: { create: false, edit: false },
  guides: { create: false, edit: false },
  catalogue: { edit: false },
  userRoles: [],
  tokenRoles: [],
};

/**
 * - admin: everything;
 * - company admin: their company's stores and guides, the users of their company (company admins,
 *   store managers, guides) and their company's partner tokens; companies and the catalogue read-only;
 * - store manager: guides of their stores; the rest of the organisation and the catalogue read-only;
 * - guide: the organisation and catalogue read-only;
 * - partner (a system, never signed in to the admin): nothing.
 */
export function settingsAccess(role: Role): SettingsAccess {
  switch (role) {
    case 'ADMIN':
      return {
        tabs: [...TAB_ORDER],
        companies: { create: true, edit: true },
        stores: { create: true, edit: true },
        guides: { create: true, edit: true },
        catalogue: { edit: true },
        userRoles: ['ADMIN', 'COMPANY_ADMIN', 'STORE_MANAGER', 'GUIDE'],
        tokenRoles: ['PARTNER', 'STORE_MANAGER', 'COMPANY_ADMIN', 'GUIDE', 'ADMIN'],
      };
    case 'COMPANY_ADMIN':
      return {
        ...NOTHING,
        tabs: ['organisation', 'catalogue', 'channels', 'fatigue', 'users', 'tokens'],
        stores: { create: true, edit: true },
        guides: { create: true, edit: true },
        userRoles: ['COMPANY_ADMIN', 'STORE_MANAGER', 'GUIDE'],
        tokenRoles: ['PARTNER'],
      };
    case 'STORE_MANAGER':
      return { ...NOTHING, tabs: ['organisation', 'catalogue'], guides: { create: true, edit: true } };
    case 'GUIDE':
      return { ...NOTHING, tabs: ['organisation', 'catalogue'] };
    default:
      return NOTHING;
  }
}

// -- userErrors on form fields ---------------------------------------------------------------------

export interface ServerError {
  field: ReadonlyArray<string> | null;
  message: string;
}

export interface PlacedErrors {
  /** Errors per form field (the input's field name, e.g. `storeIds`), ready for `form.setFields`. */
  fields: { name: string; errors: string[] }[];
  /** Errors not tied to a field of this form (e.g. `["id"]`, or no field), for an alert. */
  general: string[];
}

/**
 * Where each userError goes: `["input", "name"]` on the form's `name` field,
 * `["input", "storeIds", "2"]` on `storeIds` (a list field shows its items' problems), anything else
 * (the record's id, a field this form does not show) in the general alert, so nothing is lost.
 */
export function placeUserErrors(
  errors: ReadonlyArray<ServerError>,
  formFields: ReadonlyArray<string>,
  translate: (message: string) => string = (m) => m,
): PlacedErrors {
  const byField = new Map<string, string[]>();
  const general: string[] = [];
  for (const e of errors) {
    const path = e.field ?? [];
    const name = path[0] === 'input' ? path[1] : undefined;
    const text = translate(e.message);
    if (name && formFields.includes(name)) {
      const list = byField.get(name) ?? [];
      if (!list.includes(text)) list.push(text);
      byField.set(name, list);
    } else if (!general.includes(text)) {
      general.push(text);
    }
  }
  return { fields: [...byField].map(([name, errs]) => ({ name, errors: errs })), general };
}

// -- edits send only what changed ------------------------------------------------------------------

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    const x = (Array.isArray(a) ? a : []) as unknown[];
    const y = (Array.isArray(b) ? b : []) as unknown[];
    return x.length === y.length && [...x].sort().join('\u0000') === [...y].sort().join('\u0000');
  }
  const norm = (v: unknown) => (v === undefined || v === '' ? null : v);
  const na = norm(a);
  const nb = norm(b);
  // money and numbers compare by value: "12.50" is 12.5
  if (na !== null && nb !== null && (typeof na === 'number' || typeof nb === 'number' || /^-?\d+(\.\d+)?$/.test(String(na)))) {
    const fa = Number(na);
    const fb = Number(nb);
    if (Number.isFinite(fa) && Number.isFinite(fb)) return fa === fb;
  }
  return na === nb;
}

/**
 * The update input of an edit form: only the fields whose value differs from the record's (strings
 * trimmed; a cleared optional field is sent as null, which the API reads as "remove"). An edit that
 * changes nothing sends nothing.
 */
export function changedFields<T extends object>(
  initial: Partial<Record<keyof T, unknown>> | object,
  values: T,
  fields: ReadonlyArray<keyof T>,
): Partial<T> {
  const out: Partial<T> = {};
  const before = initial as Partial<Record<keyof T, unknown>>;
  for (const key of fields) {
    let v = values[key] as unknown;
    if (typeof v === 'string') v = v.trim();
    if (!same(before[key], v)) (out as Record<keyof T, unknown>)[key] = v === undefined || v === '' ? null : v;
  }
  return out;
}

/** Trimmed text; empty becomes undefined (left out of a create input, so the API's default applies). */
export function text(v: string | null | undefined): string | undefined {
  const s = (v ?? '').trim();
  return s ? s : undefined;
}

/** A money amount for the API's Decimal (yuan, at most 2 decimals) from a form value. */
export function money(v: string | number | null | undefined): string | null {
  if (v === null || v === undefined || v === '') return null;
  const s = String(v).trim();
  return s === '' ? null : s;
}

// -- reach and scopes ------------------------------------------------------------------------------

export interface ReachValues {
  companyId?: string | null;
  storeIds?: string[] | null;
  guideId?: string | null;
}

/** Which organisation picker a role uses: company-wide roles a company, store managers stores,
 * guides their guide, admins none. */
export function reachKind(role: Role | null | undefined): 'company' | 'stores' | 'guide' | 'none' {
  if (role === 'COMPANY_ADMIN' || role === 'PARTNER') return 'company';
  if (role === 'STORE_MANAGER') return 'stores';
  if (role === 'GUIDE') return 'guide';
  return 'none';
}

/** The reach part of an input: only what the role uses; the other pickers' leftovers are dropped. */
export function reachInput(role: Role, values: ReachValues): ReachValues {
  switch (reachKind(role)) {
    case 'company':
      return values.companyId ? { companyId: values.companyId } : {};
    case 'stores':
      return { storeIds: values.storeIds ?? [] };
    case 'guide':
      return values.guideId ? { guideId: values.guideId } : {};
    default:
      return {};
  }
}

export { ROLE_SCOPES };

/** Scopes a token of the role may be given: its defaults, and for partners members:read on request. */
export function grantableScopes(role: Role): string[] {
  return [...GRANTABLE_SCOPES[role]];
}

/** The scopes to send: none when they are exactly the role's defaults (the API applies them), else
 * the chosen ones that the role may have, in the catalogue's order. */
export function scopesInput(role: Role, chosen: ReadonlyArray<string>): string[] | undefined {
  const allowed = grantableScopes(role).filter((s) => chosen.includes(s));
  const defaults = ROLE_SCOPES[role];
  if (allowed.length === defaults.length && defaults.every((s) => allowed.includes(s))) return undefined;
  return allowed;
}

// -- the one-time set-password link ----------------------------------------------------------------

/**
 * The link an invitee (or a user whose password was reset) opens: `/set-password#<token>`. The
 * token travels in the fragment, which browsers never send to a server, so it stays out of access
 * logs, proxies and Referer headers.
 */
export function setPasswordLink(origin: string, token: string): string {
  return `${origin.replace(/\/$/, '')}/set-password#${encodeURIComponent(token)}`;
}

/** The token of a set-password link from `location.hash` (also accepts `#token=…`). */
export function tokenFromHash(hash: string): string {
  let raw = hash.startsWith('#') ? hash.slice(1) : hash;
  if (raw.startsWith('token=')) raw = raw.slice('token='.length);
  try {
    return decodeURIComponent(raw).trim();
  } catch {
    return raw.trim();
  }
}

// -- audit log filters -----------------------------------------------------------------------------

/** Action families the audit log filter offers (`actionPrefix`), as the API names them. */
export const AUDIT_ACTIONS = [
  'login.',
  'user.',
  'token.',
  'company.',
  'store.',
  'guide.',
  'tier.',
  'product.',
  'card_product.',
  'member.import',
  'member.export',
] as const;

export interface AuditFilters {
  action?: string | null;
  /** `user:<global id>` or `token:<global id>` */
  actor?: string | null;
  /** ISO instants; `until` is exclusive */
  since?: string | null;
  until?: string | null;
}

export interface AuditVariables {
  actionPrefix?: string;
  actorUserId?: string;
  actorTokenId?: string;
  since?: string;
  until?: string;
}

export function auditVariables(f: AuditFilters): AuditVariables {
  const out: AuditVariables = {};
  if (f.action?.trim()) out.actionPrefix = f.action.trim();
  if (f.actor?.startsWith('user:')) out.actorUserId = f.actor.slice(5);
  else if (f.actor?.startsWith('token:')) out.actorTokenId = f.actor.slice(6);
  if (f.since) out.since = f.since;
  if (f.until) out.until = f.until;
  return out;
}

/** The record number inside a Relay global id (`base64("Store:12")` → "12"), for showing; the id
 * itself when it is not one. */
export function idNumber(globalId: string): string {
  try {
    const raw = atob(globalId);
    const m = /^[A-Za-z]+:(\d+)$/.exec(raw);
    return m ? m[1] : globalId;
  } catch {
    return globalId;
  }
}
