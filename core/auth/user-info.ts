/**
 * Who a request comes from, as Kubernetes' user.Info: a name and the groups
 * authorization decides on. Names and groups are Kubernetes' own, so RBAC
 * rules written for a real cluster read the same here later.
 */
export interface UserInfo {
  name: string;
  uid?: string;
  groups: string[];
}

/** every authenticated user is in it (the group authenticator of kube-apiserver adds it) */
export const SYSTEM_AUTHENTICATED = 'system:authenticated';
/** cluster-admin: may do anything */
export const SYSTEM_MASTERS = 'system:masters';
/** nodes authenticated by their client certificate (O=system:nodes) */
export const SYSTEM_NODES = 'system:nodes';
/** bootstrap tokens: may only ask for a node certificate */
export const SYSTEM_BOOTSTRAPPERS = 'system:bootstrappers';

/** the user of the admin token in DIR/admin-token */
export const ADMIN_USER = 'kubernel-admin';
/** a node's user is `system:node:<node name>` */
export const NODE_USER_PREFIX = 'system:node:';
/** a bootstrap token's user is `system:bootstrap:<token id>` */
export const BOOTSTRAP_USER_PREFIX = 'system:bootstrap:';

/** The user as authorization sees it: with system:authenticated, each group once, in first-seen order. */
export function authenticatedUser(name: string, groups: readonly string[], uid?: string): UserInfo {
  const user: UserInfo = { name, groups: [...new Set([...groups, SYSTEM_AUTHENTICATED])] };
  if (uid !== undefined && uid !== '') user.uid = uid;
  return user;
}

export function inGroup(user: UserInfo, group: string): boolean {
  return user.groups.includes(group);
}
