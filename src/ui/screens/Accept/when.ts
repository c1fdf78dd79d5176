/** A moment as the acceptance screen and its minutes show it: dd/mm/yyyy hh:mm (Vietnamese order), or "—". */
export function when(ms: number | null): string {
  return ms === null
    ? '—'
    : new Date(ms).toLocaleString('vi-VN', {
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      });
}
