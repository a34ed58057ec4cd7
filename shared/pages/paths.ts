// The paths the pages answer, apart from the pages themselves: the API mounts the pages
// on exactly these before it has loaded them (./lazy.ts). /v1, /health and /docs are not among them.
export const SECTIONS = ['/agency', '/coordinator', '/audit', '/report'];
export const SIGNED_IN_PATHS = ['/', '/sign-out', ...SECTIONS.flatMap((s) => [s, `${s}/*`])];
export const PAGE_PATHS = ['/sign-in', ...SIGNED_IN_PATHS];
/** The stylesheet and the script. */
export const ASSET_ROUTE = '/assets/:file';
