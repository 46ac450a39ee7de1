#!/usr/bin/env -S node --max-semi-space-size=2
// The small young generation keeps the monitor near 100 MB RSS instead of 130 MB (measured with
// bench/monitor-overhead.mjs); collections are a little more frequent but stay short.
// React and Ink run several times slower, and use far more memory, in development mode; the mode
// is read when they load, so it is set here, before anything else is imported.
process.env['NODE_ENV'] ??= 'production';
await import('./main.js');
