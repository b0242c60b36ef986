#!/usr/bin/env python3
"""BASELINE ONLY (bench/realshape.bench.js): a faithful minimal re-implementation of the original
Python flow `praxi tag` replaces: read each changeset with PyYAML (yaml.load, the pure-Python
loader, as the original did) and run Columbus as /work/shared/spec/columbus.md describes it,
including the original's linear search in the children lists. Not praxi code; never shipped.

  columbus_pyyaml.py FILTER_LIST FILE...   prints {"files", "tags", "count_sum"} as JSON
"""
import json
import sys

import yaml

SKIP = {'usr', 'bin', 'proc', 'sys', 'etc', 'local', 'src', 'dev', 'home', 'root', 'lib', 'pkg', 'sbin',
        'share', 'cache'}


def columbus(changes, threshold, filtered):
    entries = {}  # prefix -> [count, children]; dicts keep creation order
    for change in changes:
        for token in change.split('/'):
            if token in SKIP or token == '':
                continue
            token = token.replace(':', '').replace('|', '')
            child = None
            while len(token) >= 3:
                entry = entries.get(token)
                if entry is None:
                    entry = entries[token] = [0, []]
                entry[0] += 1
                if child is not None and child not in entry[1]:
                    entry[1].append(child)
                child = token
                token = token[:-1]
    return [(t, e[0]) for t, e in entries.items() if len(e[1]) >= threshold and t not in filtered]


def main():
    with open(sys.argv[1], encoding='utf-8') as f:
        filtered = {line.rstrip('\n') for line in f if line.rstrip('\n')}
    tags = 0
    count_sum = 0
    for path in sys.argv[2:]:
        with open(path, encoding='utf-8') as f:
            data = yaml.load(f, Loader=yaml.Loader)
        for _, count in columbus(data['changes'], 2, filtered):
            tags += 1
            count_sum += count
    print(json.dumps({'files': len(sys.argv) - 2, 'tags': tags, 'count_sum': count_sum}))


if __name__ == '__main__':
    main()
