import { describe, expect, it } from 'vitest';
import { moduleNav } from '@/modules';
import { navFor, type NavItem } from './registry';

const keysFor = (roles: string[]) => navFor(moduleNav, roles).map((item) => item.key);

describe('role-aware navigation', () => {
  it('gives a regulator the dashboard and read-only supervision pages', () => {
    expect(keysFor(['Regulator'])).toEqual(['home', 'organisations', 'waste-command', 'waste-manifests', 'waste-evaluation', 'waste-catalogue', 'sites', 'telemetry', 'carbon-supervision', 'carbon', 'carbon-charts', 'carbon-libraries', 'ledger']);
  });

  it('gives the platform admin every administration page', () => {
    expect(keysFor(['PlatformAdmin'])).toEqual(['home', 'organisations', 'waste-command', 'waste-manifests', 'waste-evaluation', 'waste-opening-hours', 'waste-catalogue', 'sites', 'users', 'devices', 'telemetry', 'carbon-supervision', 'carbon', 'carbon-charts', 'carbon-libraries', 'ledger']);
  });

  it('gives an enterprise admin their own organisation, sites, users and devices', () => {
    expect(keysFor(['EnterpriseAdmin'])).toEqual(['home', 'my-organisation', 'waste-enterprise', 'waste-plans', 'waste-opening-hours', 'waste-catalogue', 'sites', 'users', 'devices', 'telemetry', 'carbon', 'carbon-activities', 'carbon-charts', 'carbon-libraries']);
  });

  it('gives a driver home, their organisation and today\'s pickups', () => {
    expect(keysFor(['Driver'])).toEqual(['home', 'my-organisation', 'waste-driver']);
  });

  it('gives a collector dispatcher the waste command centre, dispatch, the transfer warehouse and manifests', () => {
    expect(keysFor(['CollectorDispatcher'])).toEqual(['home', 'my-organisation', 'waste-command', 'waste-dispatch', 'waste-warehouse', 'waste-manifests']);
  });

  it('gives a disposal operator receiving and disposal', () => {
    expect(keysFor(['DisposalOperator'])).toEqual(['home', 'my-organisation', 'waste-disposal']);
  });

  it('unions the entries of several roles without duplicates', () => {
    expect(keysFor(['EnterpriseStaff', 'EnterpriseAdmin'])).toEqual(['home', 'my-organisation', 'waste-enterprise', 'waste-plans', 'waste-opening-hours', 'waste-catalogue', 'sites', 'users', 'devices', 'telemetry', 'carbon', 'carbon-activities', 'carbon-charts', 'carbon-libraries']);
  });

  it('orders by `order`, so a later module can slot entries in between', () => {
    const extra: NavItem = { key: 'waste', labelKey: 'nav.waste', to: '/waste', order: 15, roles: ['Regulator'] };
    expect(navFor([...moduleNav, extra], ['Regulator']).map((i) => i.key)).toEqual(['home', 'organisations', 'waste-command', 'waste', 'waste-manifests', 'waste-evaluation', 'waste-catalogue', 'sites', 'telemetry', 'carbon-supervision', 'carbon', 'carbon-charts', 'carbon-libraries', 'ledger']);
  });

  it('shows nothing role-restricted to a user without roles', () => {
    expect(keysFor([])).toEqual(['home']);
  });
});
