// @pad-gpu/core/node: everything in the browser entry plus Node-only file access.
export * from './index.js';
