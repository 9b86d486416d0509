// End-to-end harness: a real VS Code (code-server, installed by
// scripts/setup-e2e.sh) driven by Debian's chromium through playwright-core.
// Plain ESM, no build step. See /work/shared/docs/real-vscode.md for the recipe.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, mkdir, writeFile, cp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, homedir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CACHE = process.env.NETPOL_E2E_CACHE || join(homedir(), '.cache/netpol-e2e');
export const CODE_SERVER = join(CACHE, 'node_modules/code-server/out/node/entry.js');
export const VSCE = join(CACHE, 'node_modules/@vscode/vsce/vsce');
export const CHROMIUM = process.env.NETPOL_E2E_CHROMIUM || '/usr/bin/chromium';

// Prefer the repo's locked playwright-core; fall back to the cache's copy so the
// harness also works from a checkout that has not run `npm ci`.
function loadPlaywright() {
  for (const base of [REPO_ROOT, CACHE]) {
    try { return createRequire(join(base, 'package.json'))('playwright-core'); } catch { /* next */ }
  }
  throw new Error(`playwright-core not found; run scripts/setup-e2e.sh`);
}

export function assertInstalled() {
  if (!existsSync(CODE_SERVER)) throw new Error(`code-server missing at ${CODE_SERVER}; run scripts/setup-e2e.sh`);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing; run scripts/setup-e2e.sh`);
}

export const tempDir = (prefix = 'netpol-e2e-') => mkdtemp(join(tmpdir(), prefix));

// (a) user-data-dir whose settings keep dialogs (trust, welcome, updates) off the page.
export async function makeUserDataDir(extraSettings = {}, dir) {
  dir ??= await tempDir('netpol-ud-');
  await mkdir(join(dir, 'User'), { recursive: true });
  const settings = {
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
    // No "tips"/notification toasts covering the Problems panel in screenshots.
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    ...extraSettings,
  };
  await writeFile(join(dir, 'User/settings.json'), JSON.stringify(settings, null, 2));
  return dir;
}

// Runs code-server's CLI to completion; rejects with its output on failure.
function runCli(args, { logFile } = {}) {
  return new Promise((res, rej) => {
    const p = spawn(process.execPath, [CODE_SERVER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('error', rej);
    p.on('close', async (code) => {
      if (logFile) await writeFile(logFile, out, { flag: 'a' });
      code === 0 ? res(out) : rej(new Error(`code-server ${args.join(' ')} exited ${code}:\n${out}`));
    });
  });
}

// (b) install a .vsix into extensionsDir (created if missing).
export async function installVsix(vsix, { extensionsDir, userDataDir, logFile } = {}) {
  extensionsDir ??= await tempDir('netpol-ext-');
  userDataDir ??= await makeUserDataDir();
  const out = await runCli(['--extensions-dir', extensionsDir, '--user-data-dir', userDataDir,
    '--force', '--install-extension', resolve(vsix)], { logFile });
  // code-server prints failures but may still exit 0 ("Failed Installing Extensions").
  if (/fail/i.test(out)) throw new Error(`installing ${vsix} failed:\n${out}`);
  return { extensionsDir, userDataDir, output: out };
}

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitForHttp(url, timeoutMs, proc) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (proc.exitCode !== null) throw new Error(`code-server exited early (${proc.exitCode})`);
    try { if ((await fetch(url)).ok) return; } catch { /* not up yet */ }
    await sleep(200);
  }
  throw new Error(`code-server did not answer ${url} within ${timeoutMs} ms`);
}

// (c) start code-server in its own process group; stop() kills the whole group
// (code-server forks an extension host and file watchers that would outlive it).
export async function startCodeServer({ workspace, userDataDir, extensionsDir, logFile, port, timeoutMs = 60_000 }) {
  assertInstalled();
  port ??= await freePort();
  const confDir = await tempDir('netpol-cs-');
  const args = [CODE_SERVER, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened',
    // A private config file: otherwise code-server writes ~/.config/code-server/config.yaml.
    '--config', join(confDir, 'config.yaml'),
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  if (workspace) args.push(workspace);
  const log = logFile ? createWriteStream(logFile, { flags: 'a' }) : null;
  const proc = spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout.on('data', (d) => log?.write(d));
  proc.stderr.on('data', (d) => log?.write(d));
  const killGroup = (sig) => { try { process.kill(-proc.pid, sig); } catch { /* gone */ } };
  // Last resort if the test process dies without calling stop().
  const onExit = () => killGroup('SIGKILL');
  process.on('exit', onExit);
  const stop = async () => {
    process.off('exit', onExit);
    if (proc.exitCode === null && proc.signalCode === null) {
      const closed = new Promise((r) => proc.once('close', r));
      killGroup('SIGTERM');
      if (await Promise.race([closed.then(() => true), sleep(5000).then(() => false)]) === false) killGroup('SIGKILL');
    }
    killGroup('SIGKILL'); // stragglers (extension host, watchers) that ignored SIGTERM
    log?.end();
    await rm(confDir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  try { await waitForHttp(`${url}/healthz`, timeoutMs, proc); } catch (e) { await stop(); throw e; }
  return { port, url, pid: proc.pid, workspace, stop };
}

// (d) chromium from Debian; these flags avoid sandbox/GPU needs and any network.
export async function launchBrowser({ headless = true } = {}) {
  const { chromium } = loadPlaywright();
  return chromium.launch({
    executablePath: CHROMIUM, headless,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

// Browser console (which also carries the extension host's forwarded console,
// so mocha's reporter output lands here) -> log file, and optionally stdout.
// The workbench's log service logs ('%c INFO', 'color: #33f', ...message
// args), and the extension host's forwarded console.log (e.g. mocha's
// ('%s (%dms)', title, ms)) arrives as those message args: format each part.
const cleanConsole = (t) => t.replace(/%c\s*/g, '').replace(/^\s*(\w+) color: #[0-9a-f]{3,6} ?/i, '$1 ');
function formatArgs(vals) {
  if (typeof vals[0] === 'string' && vals[0].startsWith('%c') && vals.length >= 2) {
    return `${vals[0].slice(2).trim()} ${format(...vals.slice(2))}`;
  }
  return format(...vals);
}

function collectConsole(page, logFile, echo, onConsole) {
  const log = logFile ? createWriteStream(logFile, { flags: 'a' }) : null;
  const t0 = Date.now();
  const write = (line) => {
    log?.write(`${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s ${line}\n`);
    if (echo) console.log(line);
  };
  // m.text() leaves "%s"/"%d" unformatted (mocha's reporter uses them), so
  // format the arguments with util.format; a queue keeps the lines in order.
  let queue = Promise.resolve();
  page.on('console', (m) => {
    queue = queue.then(async () => {
      let text;
      try { text = formatArgs(await Promise.all(m.args().map((a) => a.jsonValue()))); } catch { text = cleanConsole(m.text()); }
      write(`[${m.type()}] ${text}`);
      onConsole?.(text, m.type());
    });
  });
  page.on('pageerror', (e) => write(`[pageerror] ${e.stack || e}`));
  page.on('close', () => log?.end());
}

// `vscode-remote://127.0.0.1:PORT/abs/path`: how the browser workbench names a
// path on the code-server machine.
export const remoteUri = (server, absPath) => `vscode-remote://127.0.0.1:${server.port}${resolve(absPath)}`;

export function workbenchUrl(server, workspace, payload) {
  let url = `${server.url}/?folder=${encodeURIComponent(resolve(workspace))}`;
  if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

// One context per browser, shared by all pages: its HTTP cache then keeps the
// ~15 MB workbench bundle between windows (each suite run opens a new window).
const contexts = new WeakMap();
// consoleLog: file to append the console to; echo: also print it; onConsole(text, type).
export async function newPage(browser, { consoleLog, echo = false, onConsole, viewport = { width: 1400, height: 900 } } = {}) {
  if (!contexts.has(browser)) contexts.set(browser, browser.newContext({ viewport }));
  const page = await (await contexts.get(browser)).newPage();
  collectConsole(page, consoleLog, echo, onConsole);
  return page;
}

// Opens the workbench on a folder and waits until it is drawn.
export async function openWorkbench(browser, server, workspace, opts = {}) {
  const page = await newPage(browser, opts);
  await page.goto(workbenchUrl(server, workspace));
  await page.waitForSelector('.monaco-workbench', { timeout: opts.timeoutMs ?? 60_000 });
  // The status bar is the last part laid out; after it, keybindings are live.
  await page.waitForSelector('.statusbar', { timeout: 30_000 });
  return page;
}

// (e) run an extension test suite inside code-server's real extension host.
// VS Code's web workbench calls window.codeAutomationExit(code) when the suite
// ends (0 pass, non-zero fail). Resolves with the exit code, or 124 on timeout.
export async function runExtensionTests(browser, server, {
  workspace, extensionDevelopmentPath, extensionTestsPath, consoleLog, echo = true, onConsole, timeoutMs = 120_000,
}) {
  const page = await newPage(browser, { consoleLog, echo, onConsole });
  try {
    let done;
    const exited = new Promise((r) => (done = r));
    await page.exposeFunction('codeAutomationExit', (code) => done(Number(code)));
    await page.goto(workbenchUrl(server, workspace, [
      ['extensionDevelopmentPath', remoteUri(server, extensionDevelopmentPath)],
      ['extensionTestsPath', remoteUri(server, extensionTestsPath)],
    ]));
    let timer;
    const timeout = new Promise((r) => (timer = setTimeout(() => r(124), timeoutMs)));
    const code = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    if (code === 124) console.error(`extension tests timed out after ${timeoutMs} ms`);
    return code;
  } finally {
    await page.close();
  }
}

// (f) UI driving. Keyboard shortcuts are the Linux defaults.
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
  await page.keyboard.press('Enter');
}

// Ctrl+P, type the (workspace-relative) path, Enter; waits for its editor tab
// to be the active one (a tab of the file may be open in the background).
// Tried again (three attempts in all): an Enter that lands while the list
// still shows recently opened files can open another file, or none; a
// webview that holds the focus swallows Ctrl+P.
export async function openFile(page, relPath) {
  const base = relPath.split('/').pop();
  for (let attempt = 1; ; attempt++) {
    await page.locator('.monaco-workbench').click({ position: { x: 5, y: 5 }, force: true }).catch(() => {});
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    try {
      await input.waitFor({ state: 'visible', timeout: attempt < 3 ? 5_000 : 30_000 });
    } catch (e) {
      if (attempt >= 3) throw e;
      // A webview with the focus (the connectivity view) keeps Ctrl+P: give it to a text editor, and again.
      await page.locator('.editor-instance .monaco-editor .view-lines').first().click({ force: true, timeout: 5_000 }).catch(() => {});
      continue;
    }
    await input.fill(relPath);
    // Wait for the file search to list the match before accepting it.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: base }).first().waitFor({ timeout: 15_000 });
    // Enter opens the focused row: wait until that is the file (not a recently opened one).
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: base }).first().waitFor({ timeout: 5_000 }).catch(() => {});
    await page.keyboard.press('Enter');
    try {
      await page.locator(`.tabs-container .tab.active[aria-label*="${base}"]`).first().waitFor({ timeout: attempt < 3 ? 5_000 : 15_000 });
      break;
    } catch (e) {
      if (attempt >= 3) throw e;
      await page.keyboard.press('Escape').catch(() => {});
    }
  }
  await page.locator('.editor-container .monaco-editor .view-lines').first().waitFor();
}

// Ctrl+Shift+M toggles the panel: only press it when the panel is not shown.
export async function openProblems(page) {
  if (!(await page.locator('.markers-panel').isVisible().catch(() => false))) {
    await page.keyboard.press('Control+Shift+M');
  }
  await page.locator('.markers-panel').waitFor({ state: 'visible' });
}

export const readProblems = (page) => page.locator('.markers-panel').innerText();

// Types into the Problems panel's filter box ('' clears it). A file name
// shows that file's group whole: the panel only renders the rows in view, so
// with the workspace's findings listed a file's rows may be scrolled away.
export async function filterProblems(page, text) {
  await openProblems(page);
  const input = page.locator('.viewpane-filter input').first();
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  // Leave the box: keys typed in it (Ctrl+P) would not reach the workbench.
  await input.evaluate((el) => el.blur());
  await sleep(500); // the panel filters after a short delay
}

// Filters the panel to `filter` and polls until `predicate(text)`: the filter
// box is filled again while the panel still lists other files (a fill made
// while the panel was being built can be dropped).
export async function waitForFilteredProblems(page, filter, predicate, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    await filterProblems(page, filter);
    try {
      return await waitForProblems(page, predicate, Math.min(8_000, Math.max(1_000, end - Date.now())));
    } catch (e) {
      last = e;
    }
  }
  throw last ?? new Error('Problems panel never matched');
}

// Polls the Problems panel until `predicate(text)` is true (diagnostics are async).
export async function waitForProblems(page, predicate, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < end) {
    text = await readProblems(page).catch(() => '');
    if (predicate(text)) return text;
    await sleep(250);
  }
  throw new Error(`Problems panel never matched; last text:\n${text}`);
}

// Screen box of the nth occurrence of `token` in the visible editor. Monaco
// renders a line as spans, so we walk the text inside the DOM and measure that
// exact character range. `line` (a RegExp) counts only occurrences on editor
// lines whose whole text matches it (e.g. /^\s*- podSelector:/ skips comments).
export async function tokenBox(page, token, { occurrence = 0, line } = {}) {
  const box = await page.evaluate(([tok, nth, lineSrc, lineFlags]) => {
    const lineRe = lineSrc === null ? null : new RegExp(lineSrc, lineFlags);
    const editor = document.querySelector('.editor-container .monaco-editor .view-lines');
    if (!editor) return null;
    // Monaco uses U+00A0 for spaces; view-line elements are not in line order.
    const lines = [...editor.querySelectorAll('.view-line')]
      .filter((l) => !lineRe || lineRe.test(l.textContent.replace(/\u00a0/g, ' ')))
      .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
    let seen = 0;
    for (const l of lines) {
      const walker = document.createTreeWalker(l, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.textContent.replace(/\u00a0/g, ' ');
        let i = text.indexOf(tok);
        while (i >= 0) {
          if (seen++ === nth) {
            const r = document.createRange();
            r.setStart(n, i); r.setEnd(n, i + tok.length);
            const b = r.getBoundingClientRect();
            return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
          }
          i = text.indexOf(tok, i + 1);
        }
      }
    }
    return null;
  }, [token, occurrence, line ? line.source : null, line ? line.flags : '']);
  if (!box) throw new Error(`token ${JSON.stringify(token)}${line ? ` on a line matching ${line}` : ''} not visible in the editor`);
  return box;
}

// Hovers the mouse over a token (see tokenBox for the options).
export async function hoverAt(page, token, opts = {}) {
  const box = await tokenBox(page, token, opts);
  await page.mouse.move(box.x - 40, box.y); // move in from the side so a hover is triggered
  await page.mouse.move(box.x, box.y, { steps: 5 });
  return box;
}

// Ctrl+G: moves the cursor to a (1-based) line and scrolls it into view, so
// that tokenBox can find tokens on it even when the Problems panel is open.
export async function goToLine(page, line) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
  await page.locator('.editor-container .monaco-editor .view-lines').first().waitFor();
}

// Double-clicks a word in the editor (selecting it) so that typing replaces it.
// Waits until the word stays put: code lenses arriving after the file opened
// (the workload lens needs the connectivity matrix) push the lines down.
export async function selectWord(page, token, opts = {}) {
  let box = await tokenBox(page, token, opts);
  for (let i = 0; i < 10; i++) {
    await sleep(400);
    const again = await tokenBox(page, token, opts);
    if (again.x === box.x && again.y === box.y) break;
    box = again;
  }
  await page.mouse.dblclick(box.x, box.y);
  return box;
}

// Text of the visible editor (only the lines Monaco has rendered).
export const editorText = (page) => page.evaluate(() => {
  const lines = [...document.querySelectorAll('.editor-container .monaco-editor .view-lines .view-line')]
    .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
  return lines.map((l) => l.textContent.replace(/\u00a0/g, ' ')).join('\n');
});

// Opens the quick fix menu (Ctrl+.) at the cursor and picks the entry whose
// text matches `title` (a RegExp); returns the list of offered titles.
// onMenu() runs while the menu is open (e.g. to take a screenshot).
export async function applyQuickFix(page, title, { timeoutMs = 20_000, onMenu } = {}) {
  const end = Date.now() + timeoutMs;
  let titles = [];
  while (Date.now() < end) {
    await page.keyboard.press('Control+.');
    const rows = page.locator('.action-widget .monaco-list-row');
    await rows.first().waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
    titles = (await rows.allInnerTexts().catch(() => [])).map((t) => t.trim()).filter(Boolean);
    if (titles.some((t) => title.test(t))) {
      await onMenu?.();
      // The menu lies under a pointer-blocking layer: choose with the keyboard.
      const focused = page.locator('.action-widget .monaco-list-row.focused');
      for (let n = 0; n <= titles.length; n++) {
        const label = (await focused.getAttribute('aria-label', { timeout: 2000 }).catch(() => null)) ?? '';
        if (title.test(label.trim())) {
          await page.keyboard.press('Enter');
          await page.locator('.action-widget').waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
          return titles;
        }
        await page.keyboard.press('ArrowDown');
      }
      throw new Error(`could not focus the quick fix ${title} in ${JSON.stringify(titles)}`);
    }
    // Code actions arrive from the server asynchronously: close and ask again.
    await page.keyboard.press('Escape');
    await sleep(500);
  }
  throw new Error(`no quick fix matching ${title}; offered: ${JSON.stringify(titles)}`);
}

// Shows an output channel (by its name) in the Output panel; returns its text.
export async function showOutputChannel(page, name) {
  await runCommand(page, 'Output: Show Output Channels');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator('.output-view .view-lines, .panel .output .view-lines').first().waitFor({ state: 'visible', timeout: 10_000 });
}

// Text of the Output panel's editor (rendered lines).
export const outputText = (page) => page.locator('.output-view .view-lines, .panel .output .view-lines').first().innerText();

// Text of the visible hover widget (waits for it and for its content to settle).
export async function readHover(page, timeoutMs = 15_000) {
  const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: /\S/ }).first();
  await hover.waitFor({ state: 'visible', timeout: timeoutMs });
  await sleep(300); // content can arrive in parts (providers answer in turn)
  return hover.innerText();
}

// Hover + read, retried: a hover shown before the extension activated (or its
// language server answered) stays empty, and Monaco does not ask again until
// the mouse moves, so move away and back until a hover matching `expect` shows.
export async function hoverText(page, token, { expect = /\S/, occurrence = 0, line, timeoutMs = 30_000 } = {}) {
  const end = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < end) {
    const box = await hoverAt(page, token, { occurrence, line });
    last = await readHover(page, 3000).catch(() => '');
    if (expect.test(last)) return last;
    await page.mouse.move(box.x, box.y + 300); // off the token: hides the hover
    await sleep(500);
  }
  throw new Error(`no hover matching ${expect} over ${JSON.stringify(token)}; last: ${JSON.stringify(last)}`);
}

export async function screenshot(page, dir, name) {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

// Copies a folder into a fresh temp dir (tests may edit files in it).
export async function copyToTemp(src, prefix = 'e2e-ws-') {
  const dir = await tempDir(prefix);
  await cp(src, dir, { recursive: true });
  return dir;
}

// One-stop setup: user data + extension install + server + browser.
// dispose() always closes the browser and kills the server's process group.
export async function startSession({ vsix, workspace, logDir, settings } = {}) {
  assertInstalled();
  logDir ??= await tempDir('netpol-logs-');
  await mkdir(logDir, { recursive: true });
  const userDataDir = await makeUserDataDir(settings);
  const extensionsDir = await tempDir('netpol-ext-');
  if (vsix) await installVsix(vsix, { extensionsDir, userDataDir, logFile: join(logDir, 'install.log') });
  const server = await startCodeServer({ workspace, userDataDir, extensionsDir, logFile: join(logDir, 'code-server.log') });
  let browser;
  try { browser = await launchBrowser(); } catch (e) { await server.stop(); throw e; }
  return {
    server, browser, userDataDir, extensionsDir, logDir, workspace,
    dispose: async () => {
      await browser.close().catch(() => {});
      await server.stop();
      for (const d of [userDataDir, extensionsDir]) await rm(d, { recursive: true, force: true });
    },
  };
}
