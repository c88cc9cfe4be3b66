// Uploads one file with tus-js-client (in Node), as a browser or app would, and reports each step on stdout as one
// JSON line, for the tests and the bench to read:
//   {"event":"url","url":...}                        the upload's URL, once created
//   {"event":"request","method":"PATCH","offset":N}  each request as it is sent (HEAD, PATCH, POST)
//   {"event":"head","offset":N}                      the offset a HEAD answered
//   {"event":"progress","sent":N,"total":N}          bytes handed to the socket
//   {"event":"done","url":...,"seconds":N}           success; seconds from upload.start() (after Node and
//                                                    tus-js-client are loaded) to the last answer
//   {"event":"error","message":...}                  failure (exit code 1)
//
// node tus-upload.js <endpoint> <token> <file> <chunkBytes> [uploadUrl] [--override]
'use strict';
const fs = require('fs');
const tus = require('tus-js-client');

const [endpoint, token, file, chunk, resumeUrl, ...flags] = process.argv.slice(2);
const size = fs.statSync(file).size;
const say = (o) => process.stdout.write(JSON.stringify(o) + '\n');

const upload = new tus.Upload(fs.createReadStream(file), {
  endpoint,
  uploadUrl: resumeUrl && resumeUrl !== '-' ? resumeUrl : null,
  uploadSize: size,
  chunkSize: Number(chunk),
  headers: { token },
  metadata: { filename: require('path').basename(file), filetype: 'application/octet-stream' },
  overridePatchMethod: flags.includes('--override'),
  storeFingerprintForResuming: false,
  // Long enough to ride out a server restart (a killed JVM started again: 90 s in all), and tried every second, so
  // the client resumes within a second of the new server being up rather than up to 5 s later.
  retryDelays: [250, 500].concat(Array(90).fill(1000)),
  onUploadUrlAvailable: () => say({ event: 'url', url: upload.url }),
  onBeforeRequest: (req) => {
    const offset = req.getHeader('Upload-Offset');
    say({ event: 'request', method: req.getHeader('X-HTTP-Method-Override') || req.getMethod(),
      offset: offset === undefined ? null : Number(offset) });
  },
  onAfterResponse: (req, res) => {
    if (req.getMethod() === 'HEAD') {
      say({ event: 'head', status: res.getStatus(), offset: Number(res.getHeader('Upload-Offset')) });
    }
    if ((req.getHeader('X-HTTP-Method-Override') || req.getMethod()) === 'PATCH') {
      say({ event: 'patched', status: res.getStatus(), from: Number(req.getHeader('Upload-Offset')),
        to: Number(res.getHeader('Upload-Offset')) });
    }
    const media = res.getHeader('X-Media-Id');
    if (media) {
      say({ event: 'media', mediaId: media });
    }
  },
  onProgress: (sent, total) => say({ event: 'progress', sent, total }),
  onError: (error) => {
    say({ event: 'error', message: String(error) });
    process.exit(1);
  },
  onSuccess: () => say({ event: 'done', url: upload.url,
    seconds: Number(process.hrtime.bigint() - started) / 1e9 }),
});
const started = process.hrtime.bigint();
upload.start();
