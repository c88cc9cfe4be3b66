// A tus 1.0 server that keeps nothing but each upload's offset: what tus-js-client can reach on this machine when the
// server costs nothing (the bench's ceiling for the client). Creation, HEAD and PATCH only; no checks.
//
// node tus-null-server.js <port>     prints "ready" once listening on 127.0.0.1:<port>
'use strict';
const http = require('http');

const uploads = new Map();
let next = 0;
const tus = { 'Tus-Resumable': '1.0.0' };
http.createServer((req, res) => {
  if (req.method === 'POST') {
    const id = String(++next);
    uploads.set(id, { offset: 0, length: Number(req.headers['upload-length']) });
    req.resume();
    req.on('end', () => { res.writeHead(201, { ...tus, Location: '/files/' + id }); res.end(); });
    return;
  }
  const upload = uploads.get(req.url.split('/').pop());
  if (!upload) { res.writeHead(404, tus); res.end(); return; }
  if (req.method === 'HEAD') {
    res.writeHead(200, { ...tus, 'Upload-Offset': upload.offset, 'Upload-Length': upload.length });
    res.end();
    return;
  }
  if (req.method === 'PATCH') {
    req.on('data', (chunk) => { upload.offset += chunk.length; });
    req.on('end', () => { res.writeHead(204, { ...tus, 'Upload-Offset': upload.offset }); res.end(); });
    return;
  }
  res.writeHead(405, tus);
  res.end();
}).listen(Number(process.argv[2]), '127.0.0.1', () => process.stdout.write('ready\n'));
