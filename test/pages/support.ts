// The pages over app.request, as a browser without JavaScript uses them: a cookie jar,
// forms posted with the hidden fields the page gave (CSRF token, form key) and the
// Origin a browser sends; and a harness whose writes wake the projector, as npm start's do.
import { type AttributeValue, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { ApiDeps } from '../../shared/http/deps';
import { type Harness, harness } from '../http/support';

export const ORIGIN = 'http://localhost';
export const SESSION_SECRET = 'test-pages-session-secret-of-at-least-32-bytes';

export interface PagesHarness extends Harness {
  /** Moves the app's clock (sessions expire by it). */
  advance(ms: number): void;
  /** Waits until the views have caught up with everything written so far. */
  settle(): Promise<void>;
}

export async function pagesHarness(label: string, extra: Partial<ApiDeps> = {}): Promise<PagesHarness> {
  let offset = 0;
  let running: Promise<void> = Promise.resolve();
  let project: () => Promise<void> = async () => undefined;
  // Writes wake a projection in the background, as the local projector does; a failure
  // there reaches the test through settle(), never as an unhandled rejection.
  const wake = () => {
    running = running.then(project, project);
    running.catch(() => undefined);
  };
  const h = await harness(label, {
    pagesSessionSecret: SESSION_SECRET,
    clock: () => new Date(Date.now() + offset),
    onAppended: wake,
    ...extra,
  });
  project = () => h.project();
  const close = h.close.bind(h);
  return Object.assign(h, {
    /** Lets a projection still running finish before the tables go. */
    async close() {
      await running.catch(() => undefined);
      await close();
    },
    advance(ms: number) {
      offset += ms;
    },
    async settle() {
      wake();
      await running;
    },
  });
}

export interface Page {
  status: number;
  location: string | null;
  html: string;
  headers: Headers;
}

/** A browser without JavaScript: follows nothing by itself, keeps cookies, posts forms. */
export class PageClient {
  readonly cookies = new Map<string, string>();
  last: Page | null = null;

  constructor(
    private readonly h: Harness,
    private readonly origin = ORIGIN,
  ) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private async send(path: string, init: RequestInit): Promise<Page> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', this.cookieHeader());
    const response = await this.h.app.request(`${this.origin}${path}`, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const page = {
      status: response.status,
      location: response.headers.get('location'),
      html: await response.text(),
      headers: response.headers,
    };
    this.last = page;
    return page;
  }

  get(path: string): Promise<Page> {
    return this.send(path, { method: 'GET' });
  }

  /** GET, following redirects within the pages. */
  async open(path: string): Promise<Page> {
    let page = await this.get(path);
    for (let hops = 0; page.location && hops < 5; hops++) page = await this.get(page.location);
    return page;
  }

  post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Page> {
    return this.send(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: this.origin, ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  }

  postMultipart(path: string, form: FormData): Promise<Page> {
    return this.send(path, { method: 'POST', headers: { origin: this.origin }, body: form });
  }

  /** Submits the form of the last page whose action starts with `action`, its hidden fields included. */
  submit(action: string, fields: Record<string, string>): Promise<Page> {
    const form = formOf(this.last?.html ?? '', action);
    return this.post(form.action, { ...form.hidden, ...fields });
  }

  async signIn(token: string): Promise<Page> {
    await this.get('/sign-in');
    return this.submit('/sign-in', { key: token });
  }
}

const decode = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The first POST form whose action starts with `action`: its action and hidden fields. */
export function formOf(html: string, action: string): { action: string; hidden: Record<string, string> } {
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const target = decode(/action="([^"]*)"/.exec(match[1] ?? '')?.[1] ?? '');
    if (!target.startsWith(action) || !/method="post"/.test(match[1] ?? '')) continue;
    const hidden: Record<string, string> = {};
    for (const input of (match[2] ?? '').matchAll(/<input\b[^>]*type="hidden"[^>]*>/g)) {
      const name = /name="([^"]*)"/.exec(input[0])?.[1];
      const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
      if (name) hidden[name] = decode(value);
    }
    return { action: target, hidden };
  }
  throw new Error(`no form with action ${action} on the page`);
}

/** The page's text, tags stripped (for asserting what a reader sees). */
export function textOf(html: string): string {
  return decode(html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The value attribute of the input named `name` (or the content of the textarea). */
export function fieldValue(html: string, name: string): string | undefined {
  const input = new RegExp(`<input\\b[^>]*name="${name.replace(/\./g, '\\.')}"[^>]*>`).exec(html)?.[0];
  if (input) return decode(/value="([^"]*)"/.exec(input)?.[1] ?? '');
  const area = new RegExp(`<textarea\\b[^>]*name="${name.replace(/\./g, '\\.')}"[^>]*>([\\s\\S]*?)</textarea>`).exec(
    html,
  );
  return area ? decode(area[1] ?? '') : undefined;
}

/**
 * Alters one live view document of the plan's entries behind the system (its text becomes
 * «ПОДМЕНА»), as someone with access to the views table could; `restore` puts it back.
 */
export async function alterEntryView(
  h: Harness,
  planId: string,
): Promise<{ item: Record<string, AttributeValue>; restore: () => Promise<unknown> }> {
  const TableName = h.tables.names.views;
  const scan = await h.tables.client.send(
    new ScanCommand({
      TableName,
      FilterExpression: 'begins_with(pk, :p)',
      ExpressionAttributeValues: { ':p': { S: `g1#entries#${planId}#` } },
      ConsistentRead: true,
    }),
  );
  const item = scan.Items![0]!;
  const doc = JSON.parse(item.doc!.S!) as { text: string };
  await h.tables.client.send(
    new PutItemCommand({ TableName, Item: { ...item, doc: { S: JSON.stringify({ ...doc, text: 'ПОДМЕНА' }) } } }),
  );
  return { item, restore: () => h.tables.client.send(new PutItemCommand({ TableName, Item: item })) };
}
