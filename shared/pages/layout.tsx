// The page shell: language, title, the stylesheet and script (files, never inline),
// a skip link, the navigation of the signed-in role and the sign-out form.
import type { Child } from 'hono/jsx';
import type { ActorRole } from '../domain/actor';
import { ASSET_PATHS } from './assets';
import { ROLE_NAMES } from './format';

export interface Viewer {
  role: ActorRole;
  keyLabel: string;
  csrf: string;
}

const NAV: Record<string, Array<[string, string]>> = {
  agency: [
    ['/agency', 'Мои мероприятия'],
    ['/report', 'Отчёт'],
  ],
  coordinator: [
    ['/coordinator', 'Ход исполнения'],
    ['/coordinator/executors', 'Исполнители'],
    ['/coordinator/keys', 'Ключи доступа'],
    ['/coordinator/import', 'Импорт'],
    ['/coordinator/publications', 'Публикации'],
    ['/report', 'Отчёт'],
    ['/audit/events', 'Журнал'],
  ],
  auditor: [
    ['/audit/events', 'Журнал событий'],
    ['/audit/verify', 'Проверка'],
    ['/audit/plan', 'План на дату'],
    ['/audit/changes', 'Изменения'],
    ['/report', 'Отчёт'],
    ['/audit/export', 'Выгрузка'],
  ],
};

function Nav(props: { role: string; current: string }) {
  const links = NAV[props.role] ?? [];
  // The longest link that prefixes the path is the current section.
  const current = links
    .map(([href]) => href)
    .filter((href) => props.current === href || props.current.startsWith(`${href}/`))
    .sort((a, b) => b.length - a.length)[0];
  return (
    <nav class="main" aria-label="Разделы">
      <ul>
        {links.map(([href, label]) => (
          <li>
            <a href={href} aria-current={href === current ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function Layout(props: { title: string; path: string; viewer: Viewer | null; children?: Child }) {
  const { viewer } = props;
  return (
    <html lang="ru">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title} — Исполнение дорожной карты</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={ASSET_PATHS.css} />
        <script src={ASSET_PATHS.js} defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          Перейти к содержанию
        </a>
        <header class="top">
          <div class="brand">
            <a href="/">Исполнение дорожной карты</a>
          </div>
          {viewer && <Nav role={viewer.role} current={props.path} />}
          {viewer && (
            <form class="signout" method="post" action="/sign-out">
              <input type="hidden" name="_csrf" value={viewer.csrf} />
              <span class="who">
                {ROLE_NAMES[viewer.role] ?? viewer.role}: {viewer.keyLabel}
              </span>
              <button type="submit">Выйти</button>
            </form>
          )}
        </header>
        <main id="main" tabindex={-1}>
          <h1>{props.title}</h1>
          {props.children}
        </main>
        <footer class="bottom">
          <p>Журнал исполнения дорожной карты: каждое изменение — запись в неизменяемом журнале.</p>
        </footer>
      </body>
    </html>
  );
}
