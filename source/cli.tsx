#!/usr/bin/env node
// React and Ink pick their production builds from NODE_ENV when first loaded,
// so it is set before anything else is imported: the development builds cost
// start-up time and memory and add checks on every render.
process.env['NODE_ENV'] ??= 'production';
await import('./main.js');
