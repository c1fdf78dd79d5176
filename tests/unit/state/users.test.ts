/// <reference types="svelte" />
/** UserSession over the real Repository on fake-indexeddb: the first administrator, profiles, PIN checks. */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { UserSession } from '../../../src/state/users.svelte';
import { openRepository } from '../../../src/storage';

let n = 0;

describe('UserSession', () => {
  it('starts a fresh install with one administrator without a PIN, who creates an operator', async () => {
    const repo = await openRepository({ name: `users-test-${++n}` });
    const users = new UserSession(repo);
    await users.load();
    expect(users.users.map((u) => [u.name, u.role, u.pin])).toEqual([['Người quản trị', 'admin', null]]);
    expect(users.locked).toBe(false); // no PIN yet: the demo opens straight away
    expect(users.actor).toEqual({ userId: users.current?.id, role: 'admin' });
    expect(await users.create({ name: 'Lan', role: 'operator', pin: '2468', pin2: '2468' })).toEqual([]);
    expect(await users.create({ name: 'lan', role: 'operator', pin: '2468', pin2: '2468' })).toEqual([
      'Đã có người dùng trùng tên.',
    ]);
    const lan = users.users.find((u) => u.name === 'Lan');
    expect(await users.switchTo(lan?.id ?? '', '2468')).toBeNull();
    expect(users.actor?.role).toBe('operator');
    // An operator creates no profiles; the choice survives a restart.
    expect(await users.create({ name: 'Bình', role: 'checker', pin: '1357', pin2: '1357' })).toEqual([
      'Chỉ người quản trị được tạo người dùng.',
    ]);
    const again = new UserSession(repo);
    await again.load();
    expect(again.current?.name).toBe('Lan');
    expect(again.locked).toBe(true); // Lan has a PIN: asked again at start
    expect(await again.switchTo(again.current?.id ?? '', '2468')).toBeNull();
    expect(again.locked).toBe(false);
    repo.close();
  });

  it('makes each try wait longer after three wrong PINs', async () => {
    const repo = await openRepository({ name: `users-test-${++n}` });
    const users = new UserSession(repo);
    await users.load();
    await users.create({ name: 'Lan', role: 'operator', pin: '2468', pin2: '2468' });
    const lan = users.users.find((u) => u.name === 'Lan')?.id ?? '';
    const t = 1_000_000;
    for (let i = 0; i < 3; i++) expect(await users.switchTo(lan, '0000', t)).toBe('Mã PIN không đúng.');
    expect(await users.switchTo(lan, '2468', t + 1000)).toMatch(/thử lại sau 1 giây/);
    expect(await users.switchTo(lan, '2468', t + 2000)).toBeNull();
    repo.close();
  });
});
