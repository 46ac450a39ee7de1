#!/usr/bin/env -S node --max-semi-space-size=8 --heap-growing-percent=50 --interrupt-budget=1081344
// Memory and CPU (bench/monitor-overhead.mjs): an 8 MB young generation holds a whole frame's
// short-lived objects, so few of them are copied or promoted (2 MB: three times the scavenges,
// 4 MB: more full collections; both cost more CPU). The old generation grows by half of what is
// live instead of V8's 2-3 times, so full collections come sooner and RSS stays near 110 MB
// instead of 125-135 MB.
// JIT: V8 optimizes a function once it has run about 66 KB of bytecode. Drawing code runs once a
// second, so for minutes V8 kept compiling (and recompiling) functions that barely matter; 16 times
// that budget leaves them to the baseline compiler, while the hot loops (the load engine: the same
// events/s with and without it, bench/load-engine.mjs) still get optimized within milliseconds.
// React and Ink run several times slower, and use far more memory, in development mode; the mode
// is read when they load, so it is set here, before anything else is imported.
process.env['NODE_ENV'] ??= 'production';
await import('./main.js');
