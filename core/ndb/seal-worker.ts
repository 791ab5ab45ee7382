// Entry of the thread that seals and writes a PST's blocks while the writer goes on (write-thread.ts).
import { workerData } from 'node:worker_threads';
import { serveSeals, type SealShared } from './write-thread.js';

serveSeals(workerData as SealShared);
