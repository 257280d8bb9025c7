// autocannon setupRequest, loaded by its worker thread with require() (so plain CommonJS).
// Each request carries the next of the user tokens in LARKCAL_BENCH_TOKENS, because one
// identity may hold only 1000 calendars (SUBSCRIPTION_LIMIT, Feishu's 191005). The header
// name must match the defaults' exactly, or both are sent and the server reads the first.
'use strict';
const tokens = (process.env.LARKCAL_BENCH_TOKENS || '').split(',').filter(Boolean);
let next = 0;
module.exports = function rotateToken(request) {
  const token = tokens[next++ % tokens.length];
  return { ...request, headers: { ...request.headers, Authorization: `Bearer ${token}` } };
};
