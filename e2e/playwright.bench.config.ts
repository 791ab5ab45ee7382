import base from './playwright.config.js';

// The app's benchmarks (npm run bench:scroll): the specs' settings, over *.bench.ts.
export default { ...base, testMatch: '*.bench.ts' };
