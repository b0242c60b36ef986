// Loaded with `node --import` by the hardening tests when they run as root (CI and this sandbox),
// where chmod does not stop anything: every fs call on a path under one of PRAXI_TEST_EACCES's
// prefixes (':'-separated) fails with EACCES, exactly as it would for an unprivileged user.
import fs from 'node:fs';
import {syncBuiltinESMExports} from 'node:module';

const prefixes = (process.env.PRAXI_TEST_EACCES ?? '').split(':').filter(Boolean);
const denied = (p) => typeof p === 'string' || p instanceof URL || Buffer.isBuffer(p)
  ? prefixes.some((x) => String(p instanceof URL ? p.pathname : p).startsWith(x)) : false;
const eacces = (syscall, p) => Object.assign(new Error(`EACCES: permission denied, ${syscall} '${p}'`), {code: 'EACCES', errno: -13, syscall, path: String(p)});

for (const name of ['open', 'readFile', 'mkdir', 'opendir', 'readdir', 'writeFile', 'rename', 'stat', 'lstat']) {
  const orig = fs.promises[name];
  fs.promises[name] = function (p, ...rest) {
    return denied(p) ? Promise.reject(eacces(name, p)) : orig.call(this, p, ...rest);
  };
  const origSync = fs[`${name}Sync`];
  if (origSync) {
    fs[`${name}Sync`] = function (p, ...rest) {
      if (denied(p)) throw eacces(name, p);
      return origSync.call(this, p, ...rest);
    };
  }
}
syncBuiltinESMExports();
