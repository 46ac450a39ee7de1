#!/usr/bin/env -S node --max-semi-space-size=2 --heap-growing-percent=50
// Memory: a small young generation, and an old generation that grows by half of what is live
// (V8's default lets it grow to 2-3 times): each frame's short-lived objects reach the old space,
// and by default a full collection waited until it held ~50 MB of them. Together they keep the
// monitor near 100 MB RSS instead of 125-135 MB (bench/monitor-overhead.mjs).
// React and Ink run several times slower, and use far more memory, in development mode; the mode
// is read when they load, so it is set here, before anything else is imported.
process.env['NODE_ENV'] ??= 'production';
await import('./main.js');
