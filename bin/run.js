#!/usr/bin/env node
// Columbus and the learner run on libuv's pool; size it to the machine unless the user chose.
import {availableParallelism} from 'node:os';

process.env.UV_THREADPOOL_SIZE ??= String(Math.max(4, availableParallelism()));

const {execute} = await import('@oclif/core');
await execute({dir: import.meta.url});
