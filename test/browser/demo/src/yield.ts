/** Lets the page repaint between units of work: work queued on the GPU keeps running meanwhile. */
export const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
