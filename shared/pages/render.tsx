// Turns a page into a response: the doctype, the shell with the viewer's navigation,
// a status. Pages are personal: never cached.
import type { Child } from 'hono/jsx';
import type { PageContext } from './env';
import { Layout, type Viewer } from './layout';

export function viewerOf(c: PageContext): Viewer | null {
  const actor = c.get('actor');
  return actor ? { role: actor.role, keyLabel: c.get('keyLabel'), csrf: c.get('csrf') } : null;
}

export async function page(c: PageContext, title: string, body: Child, status = 200): Promise<Response> {
  const html = await (
    <Layout title={title} path={c.req.path} viewer={viewerOf(c)}>
      {body}
    </Layout>
  ).toString();
  c.header('cache-control', 'no-store');
  return c.html(`<!DOCTYPE html>\n${html}`, status as 200);
}

/** After a write: the page that shows its result (Post/Redirect/Get, so a reload never writes twice). */
export function seeOther(c: PageContext, location: string): Response {
  c.header('cache-control', 'no-store');
  return c.redirect(location, 303);
}
