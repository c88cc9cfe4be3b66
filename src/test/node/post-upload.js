// POSTs one file as the raw body of one request with Node's own http client, streamed from the disk (as tus-js-client
// reads a file in Node), and reports on stdout one JSON line: {"status":N,"seconds":N,"body":...}. The bench's
// reference of the same client class as tus-js-client (curl is the other one).
//
// node post-upload.js <url> <token> <file>
'use strict';
const fs = require('fs');
const http = require('http');

const [url, token, file] = process.argv.slice(2);
const size = fs.statSync(file).size;
const started = process.hrtime.bigint();
const req = http.request(url, {
  method: 'POST',
  headers: { token, 'Content-Type': 'application/octet-stream', 'Content-Length': size },
}, (res) => {
  const chunks = [];
  res.on('data', (c) => chunks.push(c));
  res.on('end', () => {
    process.stdout.write(JSON.stringify({ status: res.statusCode,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
      body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }) + '\n');
    process.exit(res.statusCode === 201 || res.statusCode === 200 ? 0 : 1);
  });
});
req.on('error', (e) => { process.stdout.write(JSON.stringify({ error: String(e) }) + '\n'); process.exit(1); });
fs.createReadStream(file).pipe(req);
