/** Composition root: open the database, build the services and state, mount the app, restore the session. */
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { AppState } from './state/app.svelte';
import { BooksState } from './state/books.svelte';
import { createDemoBook } from './state/demo';
import { ImportState } from './state/import.svelte';
import { OcrQueue } from './state/ocr-queue.svelte';
import { SettingsState } from './state/settings.svelte';
import { Thumbs } from './state/thumbs.svelte';
import { AcceptanceState } from './state/acceptance.svelte';
import { AuditView } from './state/audit.svelte';
import { BookSession } from './state/book-session.svelte';
import { CheckState } from './state/check.svelte';
import { SecondKeyingState } from './state/second-keying.svelte';
import { ExportState } from './state/export.svelte';
import { ReportsState } from './state/reports.svelte';
import { pickSaveStream, pickSaveTarget } from './state/save-file';
import { PackagesState } from './state/packages.svelte';
import { ProvinceState } from './state/province.svelte';
import { UserSession } from './state/users.svelte';
import { WorkState } from './state/work.svelte';
import { EntryWriter } from './state/writer.svelte';
import { Finder } from './state/finder.svelte';
import { KeyingAssist } from './state/keying-assist';
import { InstallState } from './state/install.svelte';
import { registerServiceWorker } from './install/register';
import { openRepository, requestPersistence } from './storage';
import { ImportClient } from '../workers/import.client';
import { PrefillClient } from '../workers/prefill.client';
import { ExportClient } from '../workers/export.client';

const base = import.meta.env.BASE_URL;
const params = new URLSearchParams(location.search);

async function start(target: HTMLElement): Promise<void> {
  let app: AppState | null = null;
  const repo = await openRepository({
    onBlocked: () => {
      if (app) app.fatal = 'Hãy đóng các thẻ sohoa khác đang mở để cập nhật kho dữ liệu.';
    },
    onVersionChange: () => location.reload(),
  });
  const prefill = new PrefillClient();
  const importer = new ImportClient();
  const users = new UserSession(repo);
  const writer = new EntryWriter(repo, () => users.actor);
  const session = new BookSession(repo, writer);
  const work = new WorkState(repo, session, writer, () => users.actor);
  const finder = new Finder(session);
  work.useStepper(finder);
  // The edits so far are written as their author's before another person takes the desk.
  users.beforeSwitch = async () => {
    // A second keying's draft is stored before another person sits down (the screen shows it to its keyer only).
    await key2.saved();
    writer.closeEdit();
    await writer.flush();
  };
  const books = new BooksState(repo, writer);
  const ocr = new OcrQueue(repo, prefill, session, writer, {
    onPageDone: (pageId, _added, drafts) => {
      void work.pageRead(pageId, drafts).catch(work.report);
    },
  });
  session.onPagesChanged(async () => {
    ocr.refresh();
    await work.pagesChanged();
  });
  const imports = new ImportState(
    repo,
    importer,
    writer,
    (bookId) => session.reload(bookId),
    undefined,
    (busy) => ocr.setImporting(busy),
  );
  const settings = new SettingsState(repo, (n) => {
    void prefill.setWorkers(n);
    ocr.setConcurrency(Math.max(2, n));
  });
  const audit = new AuditView(repo);
  const check = new CheckState(repo, session, writer, () => users.actor);
  const key2 = new SecondKeyingState(repo, session, writer, () => users.actor);
  const acceptance = new AcceptanceState(repo, session, writer, () => users.current);
  const exporter = new ExportState(
    repo,
    session,
    writer,
    () => users.actor,
    new ExportClient(),
    pickSaveTarget,
    pickSaveStream,
  );
  // The installed app: a new version waits for "Tải lại", which saves every pending edit first.
  let activate = (): Promise<void> => Promise.resolve();
  const install = new InstallState({
    save: async () => {
      writer.closeEdit();
      await writer.flush();
    },
    activate: () => activate(),
    reload: () => location.reload(),
  });
  activate = registerServiceWorker(install);
  const reports = new ReportsState(repo, session, () => users.current, pickSaveTarget);
  const packages = new PackagesState(repo, writer, pickSaveStream, async (bookId) => {
    await books.load();
    if (session.book?.id !== bookId) return;
    // The open book changed underneath the desk: its pages, and the entries of the page on screen, read again
    // (the desk's copies would carry stale revisions).
    await session.reload(bookId);
    await work.open({ pageId: work.page?.id ?? null, entryId: work.entries[work.entryIndex]?.id ?? null });
  });
  const province = new ProvinceState(repo, writer);
  app = new AppState({
    repo,
    install,
    session,
    books,
    work,
    imports,
    ocr,
    settings,
    users,
    audit,
    finder,
    check,
    key2,
    acceptance,
    exporter,
    reports,
    packages,
    province,
    assist: new KeyingAssist(repo, () => session.book),
  });
  work.onFocusChange((pos) => {
    const i = work.pages.findIndex((p) => p.id === pos.pageId);
    if (i >= 0) ocr.setFocus(i);
  });
  const thumbs = new Thumbs(repo);
  mount(App, { target, props: { app, thumbs } });
  await users.load();
  await settings.load();
  await app.restore();
  // Sends to the province queued while offline (or cut by a reload) start again now and on every `online` event.
  province.attach();
  await province.load();

  // First start: a demo book with the shipped sample PDF, OCR running in the background (?demo=0 skips it).
  if (params.get('demo') !== '0' && app.books.rows.length === 0 && !(await repo.getSetting('demoMade'))) {
    await repo.putSetting('demoMade', true);
    const shell = app;
    await createDemoBook(books, imports, { url: `${base}demo/book-a.pdf`, fileName: 'book-a.pdf' }, (book) =>
      shell.openBook(book, 'work'),
    );
  }
  // Persistent storage: asked once the operator has data worth keeping.
  void requestPersistence();
  addEventListener('pagehide', () => {
    void work.flush().catch(() => undefined);
  });
}

const target = document.getElementById('app');
if (!target) throw new Error('#app missing from index.html');
start(target).catch((e: unknown) => {
  target.textContent = `Không khởi động được ứng dụng: ${e instanceof Error ? e.message : String(e)}`;
});
