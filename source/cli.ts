#!/usr/bin/env -S node --max-semi-space-size=8 --heap-growing-percent=50
// Memory and CPU (bench/monitor-overhead.mjs): an 8 MB young generation holds a whole frame's
// short-lived objects, so few of them are copied or promoted (2 MB: three times the scavenges,
// 4 MB: more full collections; both cost more CPU). The old generation grows by half of what is
// live instead of V8's 2-3 times, so full collections come sooner and RSS stays near 110 MB
// instead of 125-135 MB.
// React and Ink run several times slower, and use far more memory, in development mode; the mode
// is read when they load, so it is set here, before anything else is imported.
process.env['NODE_ENV'] ??= 'production';
await import('./main.js');
