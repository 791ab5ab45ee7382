/**
 * Contacts and tasks show their main fields. A mailbox is generated for the run by the project's
 * synthetic generator (OST 2013+, Exchange-like tree); every contact and every task the app shows
 * must carry the values pffexport's Contact.txt / Task.txt of the same file have.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { synthesize } from '../core/synth/generate.js';
import { expect, test } from './app-test.js';
import { exportedItems, pffexportTree, shoot } from './fixtures.js';
import { next, openAndScan } from './steps.js';

type Fields = Record<string, string>;

/** pffexport's "Label:<tabs>value" lines of one item's text file. */
function pffFields(file: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of readFileSync(file, 'utf8').matchAll(/^([A-Z][\w %]*?):\t+(.+)$/gm)) out.set(m[1]!, m[2]!.trim());
  return out;
}

/** What the reading pane shows for each item of the open folder, in list order. */
async function shownFields(page: Page, region: string, count: number): Promise<Fields[]> {
  const all: Fields[] = [];
  for (let i = 0; i < count; i++) {
    await page.getByTestId('item-row').nth(i).click();
    const fields = page.getByRole('region', { name: region });
    await expect(fields).toBeVisible();
    all.push(
      await fields.locator('dl > div').evaluateAll((divs) =>
        Object.fromEntries(divs.map((d) => [d.querySelector('dt')?.textContent ?? '', d.querySelector('dd')?.textContent ?? ''])),
      ),
    );
  }
  return all;
}

const sortFields = (list: Fields[]) => list.map((f) => JSON.stringify(Object.entries(f).sort())).sort();

test('contacts and tasks of a generated mailbox show the fields pffexport reads', async ({ app, page, scratch }) => {
  const file = join(scratch, 'generated.ost');
  synthesize(file, { variant: 'ost2013', client: 'ost', encoding: 'none', seed: 'e2e-items', target: { items: 60 } });
  const truth = await pffexportTree(file);
  const folder = (name: string) => truth.folders.find((f) => f.path === `Root - Mailbox/IPM_SUBTREE/${name}`)!;
  const contacts = exportedItems(folder('Contacts').dir).map((m) => pffFields(join(m.dir, 'Contact.txt')));
  const tasks = exportedItems(folder('Tasks').dir).map((m) => pffFields(join(m.dir, 'Task.txt')));
  expect(contacts.length).toBeGreaterThan(0);
  expect(tasks.length).toBeGreaterThan(0);

  await openAndScan(app, file);
  await next(page);
  const tree = page.getByTestId('export-tree');

  // Contacts: the labels the app shows, from pffexport's Contact.txt lines.
  await tree.getByRole('treeitem', { name: /^Contacts,/ }).click();
  await expect(page.getByTestId('list-count')).toHaveText(`${contacts.length} ${contacts.length === 1 ? 'item' : 'items'}`);
  const contactLabels: [string, string][] = [
    ['Name', 'Display name'],
    ['Email', 'Email address 1'],
    ['Company', 'Company name'],
    ['Job title', 'Job title'],
    ['Business phone', 'Business phone number 1'],
    ['Mobile', 'Mobile phone number'],
    ['Home phone', 'Home phone number'],
  ];
  const expectedContacts = contacts.map((c) => Object.fromEntries(contactLabels.filter(([, pff]) => c.has(pff)).map(([label, pff]) => [label, c.get(pff)!])));
  expect(sortFields(await shownFields(page, 'Contact', contacts.length))).toEqual(sortFields(expectedContacts));
  await shoot(page, '3-preview-contact');

  // Tasks: dates as the app formats them, status by name, completion in per cent.
  const status = ['Not started', 'In progress', 'Complete', 'Waiting on someone else', 'Deferred'];
  const time = (pff: string) => Date.parse(pff.replace(/\.\d+ UTC$/, ' UTC'));
  const shownTime = (ms: number) => page.evaluate((t) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(t), ms);
  const expectedTasks: Fields[] = [];
  for (const t of tasks) {
    const f: Fields = {};
    if (t.has('Start date')) f['Start'] = await shownTime(time(t.get('Start date')!));
    if (t.has('Due date')) f['Due'] = await shownTime(time(t.get('Due date')!));
    if (t.has('Status')) f['Status'] = status[Number(t.get('Status'))]!;
    if (t.has('Percentage complete')) f['% complete'] = `${Math.round(Number(t.get('Percentage complete')) * 100)} %`;
    if (t.has('Owner')) f['Owner'] = t.get('Owner')!;
    expectedTasks.push(f);
  }
  await tree.getByRole('treeitem', { name: /^Tasks,/ }).click();
  await expect(page.getByTestId('list-count')).toHaveText(`${tasks.length} ${tasks.length === 1 ? 'item' : 'items'}`);
  expect(sortFields(await shownFields(page, 'Task', tasks.length))).toEqual(sortFields(expectedTasks));
  await shoot(page, '3-preview-task');
});
