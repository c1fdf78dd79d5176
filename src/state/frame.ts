/**
 * Resolves once the browser has painted the current state (the next animation frame, then a task after it); at
 * once where there are no frames (Node, tests). For work that can wait until what the user asked for is on screen.
 */
export function afterPaint(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function') return Promise.resolve();
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
  });
}
