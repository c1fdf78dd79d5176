import type { Action } from 'svelte/action';

/** One observer for every node (a 2,000-page grid must not make 2,000 of them). */
let observer: IntersectionObserver | null = null;
const callbacks = new WeakMap<Element, () => void>();

function shared(): IntersectionObserver {
  observer ??= new IntersectionObserver(
    (seen) => {
      for (const s of seen) {
        if (!s.isIntersecting) continue;
        observer?.unobserve(s.target);
        callbacks.get(s.target)?.();
        callbacks.delete(s.target);
      }
    },
    { rootMargin: '400px' },
  );
  return observer;
}

/** `use:visible={fn}`: calls `fn` once, when the node comes near the viewport (lazy thumbnails). */
export const visible: Action<Element, () => void> = (node, fn) => {
  callbacks.set(node, fn);
  shared().observe(node);
  return {
    update: (next) => callbacks.set(node, next),
    destroy: () => {
      callbacks.delete(node);
      observer?.unobserve(node);
    },
  };
};
