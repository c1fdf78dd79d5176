import type { Action } from 'svelte/action';

/** `use:modal={open}` on a `<dialog>`: shown as a modal while `open` is true, closed otherwise. */
export const modal: Action<HTMLDialogElement, boolean> = (node, open) => {
  const sync = (show: boolean): void => {
    if (show && !node.open) node.showModal();
    if (!show && node.open) node.close();
  };
  sync(open);
  return { update: sync };
};
