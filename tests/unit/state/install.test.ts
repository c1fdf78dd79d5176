/** InstallState: a new version never reloads the page by itself; "Tải lại" saves first, then switches. */
import { describe, expect, it } from 'vitest';
import { InstallState } from '../../../src/state/install.svelte';

function harness(opts: { saveFails?: boolean; activateFails?: boolean } = {}) {
  const calls: string[] = [];
  const install = new InstallState({
    save: () => {
      calls.push('save');
      return opts.saveFails ? Promise.reject(new Error('quota')) : Promise.resolve();
    },
    activate: () => {
      calls.push('activate');
      return opts.activateFails ? Promise.reject(new Error('gone')) : Promise.resolve();
    },
    reload: () => calls.push('reload'),
  });
  return { install, calls };
}

describe('InstallState', () => {
  it('is offline-ready only when told, and shows the prompt on a waiting version', () => {
    const { install, calls } = harness();
    expect(install.offline).toBe('installing');
    install.offlineReady();
    expect(install.offline).toBe('ready');
    expect(install.updateReady).toBe(false);
    install.needRefresh();
    expect(install.updateReady).toBe(true);
    expect(calls).toEqual([]);
  });

  it('"Tải lại": saves, then lets the new version take over, then reloads once it controls', async () => {
    const { install, calls } = harness();
    install.needRefresh();
    await install.update();
    expect(calls).toEqual(['save', 'activate']);
    expect(install.updating).toBe(true);
    install.controllerChanged(true);
    expect(calls).toEqual(['save', 'activate', 'reload']);
  });

  it('reloads after "Tải lại" even on a page loaded without the service worker (hard reload)', async () => {
    const { install, calls } = harness();
    install.needRefresh();
    await install.update();
    install.controllerChanged(false);
    expect(calls).toEqual(['save', 'activate', 'reload']);
  });

  it('does nothing when the first version takes control of the page that installed it', () => {
    const { install, calls } = harness();
    install.controllerChanged(false);
    expect(install.updateReady).toBe(false);
    expect(calls).toEqual([]);
  });

  it('does not switch when the save fails, and says why', async () => {
    const { install, calls } = harness({ saveFails: true });
    install.needRefresh();
    await install.update();
    expect(calls).toEqual(['save']);
    expect(install.updating).toBe(false);
    expect(install.updateReady).toBe(true);
    expect(install.error).toContain('Chưa lưu xong');
  });

  it('keeps asking when another tab switched to the new version; "Tải lại" then saves and reloads', async () => {
    const { install, calls } = harness();
    install.needRefresh();
    install.controllerChanged(true);
    expect(calls).toEqual([]);
    expect(install.updateReady).toBe(true);
    await install.update();
    expect(calls).toEqual(['save', 'reload']);
  });

  it('reports a failed switch and lets the operator try again', async () => {
    const { install, calls } = harness({ activateFails: true });
    install.needRefresh();
    await install.update();
    expect(install.error).toContain('gone');
    expect(install.updating).toBe(false);
    await install.update();
    expect(calls).toEqual(['save', 'activate', 'save', 'activate']);
  });
});
