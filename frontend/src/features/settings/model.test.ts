import { describe, expect, it } from 'vitest';
import {
  auditVariables,
  changedFields,
  idNumber,
  grantableScopes,
  placeUserErrors,
  reachInput,
  reachKind,
  scopesInput,
  setPasswordLink,
  settingsAccess,
  tokenFromHash,
} from './model';

describe('settingsAccess', () => {
  it('gives admins every tab and every action', () => {
    const a = settingsAccess('ADMIN');
    expect(a.tabs).toEqual(['organisation', 'catalogue', 'channels', 'fatigue', 'users', 'tokens', 'audit']);
    expect(a.companies.create && a.catalogue.edit).toBe(true);
    expect(a.userRoles).toContain('ADMIN');
  });

  it('lets a company admin manage stores, guides, their users and partner tokens, never the audit log', () => {
    const a = settingsAccess('COMPANY_ADMIN');
    expect(a.tabs).not.toContain('audit');
    expect(a.companies.edit).toBe(false);
    expect(a.catalogue.edit).toBe(false);
    expect(a.stores.create).toBe(true);
    expect(a.userRoles).not.toContain('ADMIN');
    expect(a.tokenRoles).toEqual(['PARTNER']);
  });

  it('lets a store manager change guides only, and shows a guide a read-only organisation', () => {
    expect(settingsAccess('STORE_MANAGER').guides.create).toBe(true);
    expect(settingsAccess('STORE_MANAGER').stores.create).toBe(false);
    const g = settingsAccess('GUIDE');
    expect(g.tabs).toEqual(['organisation', 'catalogue']);
    expect(g.guides.edit || g.stores.edit || g.catalogue.edit).toBe(false);
    expect(settingsAccess('PARTNER').tabs).toEqual([]);
  });
});

describe('placeUserErrors', () => {
  it('puts input errors on their fields, list items on the list, the rest in general', () => {
    const placed = placeUserErrors(
      [
        { field: ['input', 'code'], message: 'Already used.' },
        { field: ['input', 'storeIds', '1'], message: 'No store with id 9.' },
        { field: ['input', 'storeIds', '2'], message: 'No store with id 10.' },
        { field: ['id'], message: 'No user with id 3.' },
        { field: null, message: 'Only admins may do this.' },
        { field: ['input', 'notOnThisForm'], message: 'Odd.' },
      ],
      ['code', 'storeIds', 'name'],
    );
    expect(placed.fields).toEqual([
      { name: 'code', errors: ['Already used.'] },
      { name: 'storeIds', errors: ['No store with id 9.', 'No store with id 10.'] },
    ]);
    expect(placed.general).toEqual(['No user with id 3.', 'Only admins may do this.', 'Odd.']);
  });

  it('translates messages and drops duplicates', () => {
    const placed = placeUserErrors(
      [
        { field: ['input', 'name'], message: 'This field is required.' },
        { field: ['input', 'name'], message: 'This field is required.' },
      ],
      ['name'],
      (m) => `zh:${m}`,
    );
    expect(placed.fields).toEqual([{ name: 'name', errors: ['zh:This field is required.'] }]);
  });
});

describe('changedFields', () => {
  it('sends only what differs, trimmed, and a cleared field as null', () => {
    const initial = { name: 'Store A', code: 'SA', city: 'Shanghai', price: '12.50', validityDays: 30 };
    const values = { name: ' Store A ', code: 'SB', city: '', price: '12.5', validityDays: 30 };
    expect(changedFields(initial, values, ['name', 'code', 'city', 'price', 'validityDays'])).toEqual({ code: 'SB', city: null });
  });

  it('compares lists as sets and numbers by value', () => {
    expect(changedFields({ storeIds: ['a', 'b'] }, { storeIds: ['b', 'a'] }, ['storeIds'])).toEqual({});
    expect(changedFields({ storeIds: ['a'] }, { storeIds: ['a', 'b'] }, ['storeIds'])).toEqual({ storeIds: ['a', 'b'] });
    expect(changedFields({ level: 1 }, { level: 2 }, ['level'])).toEqual({ level: 2 });
    expect(changedFields({ validityDays: null }, { validityDays: undefined }, ['validityDays'])).toEqual({});
    expect(changedFields({ active: true }, { active: false }, ['active'])).toEqual({ active: false });
  });
});

describe('reach and scopes', () => {
  it('keeps only the picker the role uses', () => {
    const all = { companyId: 'C', storeIds: ['S1', 'S2'], guideId: 'G' };
    expect(reachKind('ADMIN')).toBe('none');
    expect(reachInput('ADMIN', all)).toEqual({});
    expect(reachInput('COMPANY_ADMIN', all)).toEqual({ companyId: 'C' });
    expect(reachInput('PARTNER', all)).toEqual({ companyId: 'C' });
    expect(reachInput('STORE_MANAGER', all)).toEqual({ storeIds: ['S1', 'S2'] });
    expect(reachInput('GUIDE', all)).toEqual({ guideId: 'G' });
    expect(reachInput('COMPANY_ADMIN', {})).toEqual({});
  });

  it('offers members:read to partners only on request and sends defaults as nothing', () => {
    expect(grantableScopes('PARTNER')).toContain('members:read');
    expect(scopesInput('PARTNER', ['conversions:read', 'orders:write', 'events:write'])).toBeUndefined();
    expect(scopesInput('PARTNER', ['events:write'])).toEqual(['events:write']);
    // in the catalogue's order (api/core/viewer.py SCOPES), whatever order they were ticked in
    expect(scopesInput('PARTNER', ['conversions:read', 'events:write', 'orders:write', 'members:read'])).toEqual([
      'members:read',
      'orders:write',
      'events:write',
      'conversions:read',
    ]);
    // a scope the role may not have is never sent
    expect(scopesInput('GUIDE', ['tokens:write', 'members:read'])).toEqual(['members:read']);
  });
});

describe('set-password link', () => {
  it('carries the token in the fragment and reads it back', () => {
    const link = setPasswordLink('https://crm.example.com/', 'rpw_a+b/c=');
    expect(link).toBe('https://crm.example.com/set-password#rpw_a%2Bb%2Fc%3D');
    expect(tokenFromHash(new URL(link).hash)).toBe('rpw_a+b/c=');
    expect(tokenFromHash('#token=rpw_x')).toBe('rpw_x');
    expect(tokenFromHash('')).toBe('');
  });
});

describe('auditVariables', () => {
  it('maps the actor to a user or token id and leaves out empty filters', () => {
    expect(auditVariables({ action: ' user. ', actor: 'user:VXNlcjox', since: '2025-01-01T00:00:00.000Z', until: null })).toEqual({
      actionPrefix: 'user.',
      actorUserId: 'VXNlcjox',
      since: '2025-01-01T00:00:00.000Z',
    });
    expect(auditVariables({ actor: 'token:QXBpVG9rZW46Mg==' })).toEqual({ actorTokenId: 'QXBpVG9rZW46Mg==' });
    expect(auditVariables({ action: '', actor: null })).toEqual({});
  });
});

describe('idNumber', () => {
  it('shows the record number of a global id and leaves anything else alone', () => {
    expect(idNumber(btoa('Store:12'))).toBe('12');
    expect(idNumber('42')).toBe('42');
    expect(idNumber('not base64!')).toBe('not base64!');
  });
});
