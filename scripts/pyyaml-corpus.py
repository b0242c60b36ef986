#!/usr/bin/env python3
"""PyYAML-shaped Praxi changesets, written by PyYAML itself (python3-yaml).

Strings carry what real recorded paths carry and what makes PyYAML quote, escape or fold: non-ASCII
(escaped as \\xXX / \\uXXXX / \\UXXXXXXXX unless allow_unicode), spaces, quotes, backslashes, control
characters, YAML-looking words, long lines (folded at `width`). Each document is dumped with
yaml.dump or yaml.safe_dump and a random mix of the common options (default_flow_style, width,
allow_unicode, indent, explicit_start/end, sort_keys).

  pyyaml-corpus.py docs N SEED   JSON list of documents on stdout (test corpora)
  pyyaml-corpus.py dump          JSON lines {"file", "data"} on stdin: each data dumped into its file
                                 with yaml.dump(default_flow_style=False), like Praxi's recorder
"""
import json
import os
import random
import sys

import yaml

WORDS = ['usr', 'share', 'doc', 'lib', 'python3', 'dist-packages', 'static', 'locale', 'LC_MESSAGES',
         'site', 'test', 'node_modules', 'include', 'x86_64-linux-gnu', 'var', 'www', 'etc', 'opt']
ODD = ['\u00e9', '\u00fc', '\u2297', '\u4e2d\u6587', '\U0001F600', '\u00a0', '\x85', '\u2028', ' ', '  ', "'",
       '"', '\\', '\t', '\n', '\r', '\x1b', '\x00', ':', '#', ',', '[', ']', '{', '}', '?', '-', '&', '*', '!',
       '|', '>', '%', '@', '`', '~']
SPECIAL = ['yes', 'no', 'null', '~', '', '1.5', '0x1F', '0o17', '12:30', '2001-01-01', '.inf', '-', '- a',
           '---', '...', '8242:2', '000:32', '=', '<<']


def path(rnd, odd_rate):
    parts = []
    for _ in range(rnd.randint(1, 7)):
        w = rnd.choice(WORDS)
        if rnd.random() < odd_rate:
            i = rnd.randint(0, len(w))
            w = w[:i] + rnd.choice(ODD) + w[i:]
        parts.append(w)
    p = '/' + '/'.join(parts) + rnd.choice(['', '.txt', '.py', '.gz', '.mo', ' (copy)'])
    if rnd.random() < 0.05:
        p = p + '/' + 'x' * rnd.randint(60, 200)  # past the width: folded
    if rnd.random() < 0.05:
        p = p + ' ' + ' '.join(rnd.choice(WORDS) for _ in range(rnd.randint(8, 30)))
    return rnd.choice(['644 ', '000 ', '755 ', '']) + p


def entry(rnd):
    r = rnd.random()
    if r < 0.05:
        return rnd.choice(SPECIAL)
    if r < 0.15:
        return ''.join(rnd.choice(ODD + WORDS) for _ in range(rnd.randint(1, 40)))
    return path(rnd, 0.3)


def options(rnd):
    opts = {}
    if rnd.random() < 0.5:
        opts['default_flow_style'] = rnd.choice([False, None, True])
    if rnd.random() < 0.4:
        opts['width'] = rnd.choice([20, 40, 60, 80, 120, 4096])
    if rnd.random() < 0.4:
        opts['allow_unicode'] = True
    if rnd.random() < 0.3:
        opts['indent'] = rnd.choice([2, 4, 8])
    if rnd.random() < 0.3:
        opts['explicit_start'] = True
    if rnd.random() < 0.1:
        opts['explicit_end'] = True
    if rnd.random() < 0.3:
        opts['sort_keys'] = False
    return opts


def changeset(rnd, n, multi):
    d = {'changes': [entry(rnd) for _ in range(n)]}
    if multi:
        d['labels'] = [rnd.choice(WORDS) + rnd.choice(['', '==1.0', '.2']) for _ in range(rnd.randint(1, 4))]
    else:
        d['label'] = rnd.choice([rnd.choice(WORDS), entry(rnd)])
    if rnd.random() < 0.7:
        d['open_time'] = round(1.5e9 + rnd.random() * 1e8, rnd.choice([0, 3, 7]))
        d['close_time'] = d['open_time'] + 30
    if rnd.random() < 0.2:
        d['id'] = rnd.choice(['25860', 'abc', entry(rnd)])
    return d


def docs(n, seed):
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        dump = rnd.choice([yaml.dump, yaml.safe_dump])
        out.append(dump(changeset(rnd, rnd.randint(1, 12), rnd.random() < 0.3), **options(rnd)))
    return out


if __name__ == '__main__':
    if sys.argv[1] == 'docs':
        json.dump(docs(int(sys.argv[2]), int(sys.argv[3])), sys.stdout, ensure_ascii=True, indent=0)
    elif sys.argv[1] == 'dump':
        # JSON lines {"file", "data"} on stdin -> yaml.dump(data, default_flow_style=False) into file,
        # as Praxi's recorder wrote changesets (bench/realshape.bench.js).
        for line in sys.stdin:
            job = json.loads(line)
            with open(job['file'], 'w', encoding='utf-8') as f:
                yaml.dump(job['data'], f, default_flow_style=False)
    else:
        sys.exit(__doc__)
