import type { Component } from 'vue';
import type { RouteLocationRaw } from 'vue-router';
import type { Role } from '@/api/models';

/** One entry of the left navigation. Feature modules contribute theirs through `AppModule.nav`. */
export interface NavItem {
  key: string;
  labelKey: string;
  to: RouteLocationRaw;
  icon?: Component;
  /** Roles that see the entry; omitted means every signed-in user. */
  roles?: readonly Role[];
  /** Lower numbers first. */
  order: number;
}

export function isVisibleTo(item: Pick<NavItem, 'roles'>, roles: readonly string[]): boolean {
  return item.roles === undefined || item.roles.some((role) => roles.includes(role));
}

export function navFor(items: readonly NavItem[], roles: readonly string[]): NavItem[] {
  return items.filter((item) => isVisibleTo(item, roles)).sort((a, b) => a.order - b.order || a.key.localeCompare(b.key));
}
