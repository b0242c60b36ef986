#!/usr/bin/env python3
"""Regenerates native/fuzz/corpus/ from the shared vectors (../shared) and hand-written edge cases.

Run from the repository root: python3 native/fuzz/seed-corpus.py [SHARED_DIR]
The committed corpus stays small (< 2 MB); libFuzzer grows its own working copy under build-fuzz/.
"""
import hashlib
import json
import os
import sys

root = os.path.dirname(os.path.abspath(__file__))
shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, '..', '..', '..', 'shared')
corpus = os.path.join(root, 'corpus')


def put(target, data, name=None):
    d = os.path.join(corpus, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode('utf-8', 'surrogateescape')
    name = name or hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)


def read(path):
    with open(path, 'rb') as f:
        return f.read()


# VW text parser: 2 header bytes (label type | flags, bits-1) + lines.
vwdata = os.path.join(shared, 'vectors', 'vw', 'data')
kinds = {'mc': 1, 'cs': 2, 'ml': 3, 'reg': 0, 'single_reg': 0, 'single': 1, 'tagtest': 0}
for f in sorted(os.listdir(vwdata)):
    stem = f.rsplit('.', 1)[0]
    kind = kinds.get(stem, kinds.get(stem.split('_')[0], 0))
    body = read(os.path.join(vwdata, f))[:4096]
    put('vw_text_parser', bytes([kind | 16, 17]) + body, 'shared-' + stem)
for i, line in enumerate([
        b'1 2 3 tag|ns a:1 b:-2.5e3 c\n', b"'tag |a x:nan y:inf z:1e40\n", b'1:0.5 2 3:2 | a b\n',
        b'1,2,3 | a b c\n', b'| \xff\xfe :1 ::2 a:b:c\n', b'-1 0.5 |f a |g b |h:2 c\n',
        b'\xef\xbb\xbf1 | bom\r\n', b'4294967296 | big\n', b'1e99999 | x\n', b'| ' + b'a' * 300 + b'\n']):
    put('vw_text_parser', bytes([i & 0x1f, 17]) + line, 'edge-%02d' % i)

# VW model loader: every model vw 9.11.2 wrote in the shared vectors.
for sub in ('out_std', 'out_simd'):
    d = os.path.join(shared, 'vectors', 'vw', sub)
    for f in sorted(os.listdir(d)):
        if f.endswith('.vw'):
            put('vw_model_load', read(os.path.join(d, f)), sub + '-' + f)
put('vw_model_load', b'\x06\x00\x00\x008.0.0\x00', 'edge-version8')
put('vw_model_load', b'', 'edge-empty')

# Changeset YAML fast path: real Praxi changesets (smallest few of each split) + edge cases.
ds = os.path.join(shared, 'data', 'debian-sample')
for split in ('sl/train', 'sl/test', 'ml/train', 'ml/test'):
    d = os.path.join(ds, split)
    files = sorted((os.path.getsize(os.path.join(d, f)), f) for f in os.listdir(d) if f.endswith('.yaml'))
    for _, f in files[:6]:
        put('changeset_yaml', read(os.path.join(d, f)), split.replace('/', '-') + '-' + f)
for i, text in enumerate([
        "changes:\n- '000 /var/lib/apt/extended_states.IJKc5E'\n- 644 /usr/share/doc/x/changelog.gz\n"
        "close_time: 1504183734.5927892\nlabel: emacs-nox\nopen_time: 1504183697.509579\n",
        "labels:\n- 'a'\n- b==1.0\nid: '25860'\nchanges:\n  - x\n  - y\n",
        "\ufeffchanges:\r\n- \"double\"\r\n- 'it''s'\r\nlabel: ~\r\n",
        "changes: [a, b]\n", "changes:\n- a # comment\n- b: c\n", "changes:\n- é/ü/日本\n- \U0001F600\n",
        "changes:\n- x\nopen_time: 1234567890123456\n", "changes:\n-\n", "changes:\n- a\n  b\n",
        "changes:\n- '\tab'\n", "label: x\nlabel: y\nchanges:\n- a\n"]):
    put('changeset_yaml', text, 'edge-%02d' % i)
# What PyYAML writes (escapes, folding, flow style, markers): the first small documents of the
# committed corpus that scripts/pyyaml-corpus.py generated with real PyYAML.
with open(os.path.join(root, '..', '..', 'test', 'changesets', 'pyyaml-changesets.json')) as f:
    pyyaml_docs = [d for d in json.load(f) if len(d) < 2048]
for i, text in enumerate(pyyaml_docs[:24]):
    put('changeset_yaml', text, 'pyyaml-%02d' % i)

# Columbus: 1 header byte (threshold-1 | filter) + changes joined by '\n'.
with open(os.path.join(shared, 'vectors', 'columbus', 'edge-cases.jsonl')) as f:
    for line in f:
        case = json.loads(line)
        head = (max(1, min(4, case['freq_threshold'])) - 1) | (4 if case['filter'] == 'praxi' else 0)
        body = '\n'.join(case['changes']).encode('utf-8', 'surrogatepass')
        if len(body) > 8192:  # keep seeds small: libFuzzer's max_len follows the largest seed
            continue
        put('columbus', bytes([head]) + body)
for split in ('sl/train', 'ml/train'):
    d = os.path.join(ds, split)
    files = sorted((os.path.getsize(os.path.join(d, f)), f) for f in os.listdir(d) if f.endswith('.yaml'))
    for _, f in files[:4]:
        changes = [l[2:].strip().strip("'") for l in read(os.path.join(d, f)).decode().splitlines()
                   if l.startswith('- ')][:200]
        put('columbus', bytes([1]) + '\n'.join(changes).encode(), split.replace('/', '-') + '-' + f)
put('columbus', bytes([0]) + b'/usr/\xc3\x28/bad\n/usr/ok\n/\xed\xa0\x80surrogate\n/\xf4\x90\x80\x80big', 'edge-invalid')
