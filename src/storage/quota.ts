/** Storage usage, quota and persistence (navigator.storage), for Settings. */

export interface StorageUsage {
  usage: number;
  quota: number;
  persisted: boolean;
}

/** Usage and quota of this origin; null where the browser does not say (e.g. insecure contexts). */
export async function storageUsage(): Promise<StorageUsage | null> {
  const s = navigator.storage as StorageManager | undefined;
  if (!s) return null;
  const { usage = 0, quota = 0 } = await s.estimate();
  return { usage, quota, persisted: await s.persisted() };
}

/** Asks the browser to keep our data under storage pressure; resolves to whether it is granted. */
export async function requestPersistence(): Promise<boolean> {
  const s = navigator.storage as StorageManager | undefined;
  if (!s) return false;
  try {
    return (await s.persisted()) || (await s.persist());
  } catch {
    return false;
  }
}
