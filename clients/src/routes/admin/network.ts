import type { AdminOrganizationFieldsFragment, OrganizationKind } from '../../gql/graphql';

export type AdminOrganization = AdminOrganizationFieldsFragment;

/** Children by parent id (null: the tops of the viewer's subtrees), in code order. */
export function childrenByParent(organizations: AdminOrganization[]): Map<string | null, AdminOrganization[]> {
  const known = new Set(organizations.map((org) => org.id));
  const byParent = new Map<string | null, AdminOrganization[]>();
  for (const org of [...organizations].sort((a, b) => a.code.localeCompare(b.code))) {
    const parentId = org.parent && known.has(org.parent.id) ? org.parent.id : null;
    byParent.set(parentId, [...(byParent.get(parentId) ?? []), org]);
  }
  return byParent;
}

/** Depth first, parents before their children. */
function inTreeOrder(organizations: AdminOrganization[]): AdminOrganization[] {
  const byParent = childrenByParent(organizations);
  const ordered: AdminOrganization[] = [];
  const visit = (parentId: string | null) => {
    for (const org of byParent.get(parentId) ?? []) {
      ordered.push(org);
      visit(org.id);
    }
  };
  visit(null);
  return ordered;
}

/** The organization and everything below it. */
export function subtreeIds(organizations: AdminOrganization[], rootId: string): Set<string> {
  const ids = new Set([rootId]);
  for (const org of inTreeOrder(organizations)) if (org.parent && ids.has(org.parent.id)) ids.add(org.id);
  return ids;
}

/** What may sit below a kind (the API's placement rule): countries below HQ, dealers below a country or dealer. */
export function childKinds(parent: OrganizationKind): OrganizationKind[] {
  return parent === 'HQ' ? ['COUNTRY'] : ['DEALER'];
}

/** Where `moved` may go: an active organization the viewer administers, outside its subtree, not its parent now. */
export function allowedParents(organizations: AdminOrganization[], moved: AdminOrganization): AdminOrganization[] {
  const own = subtreeIds(organizations, moved.id);
  return inTreeOrder(organizations).filter(
    (org) =>
      org.viewerCanAdminister &&
      org.active &&
      !own.has(org.id) &&
      org.id !== moved.parent?.id &&
      childKinds(org.kind).includes(moved.kind),
  );
}
