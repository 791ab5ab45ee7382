// Entry of the core's helper threads (thread-entry.ts): each serves the one role it was started in.
import { workerData } from 'node:worker_threads';
import type { ThreadJob } from './thread-entry.js';
import { serveSeals, type SealShared } from './ndb/write-thread.js';
import { serveFingerprints } from './verify-thread.js';
import { serveHash } from './file-hash.js';
import { leaveHeapToHost } from './heap-growth.js';

leaveHeapToHost();
const job = workerData as ThreadJob;
if (job.role === 'seal') serveSeals(job.data as SealShared);
else if (job.role === 'hash') serveHash(job.data as string);
else serveFingerprints();
