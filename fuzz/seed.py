#!/usr/bin/env python3
"""Seed the fuzz corpora from the repository's fixtures (run from fuzz/)."""
import os, pathlib, hashlib

root = pathlib.Path('..').resolve()
yamls = sorted(p for p in (root / 'fixtures').rglob('*.yaml'))

def put(target, data):
    d = pathlib.Path('corpus') / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)

for p in yamls:
    put('yaml_parse_emit', p.read_bytes())
docs = [p.read_bytes() for p in yamls if b'kind:' in p.read_bytes()][:40]
for i, a in enumerate(docs):
    b = docs[(i * 7 + 3) % len(docs)]
    put('strategic_merge', a + b'\0' + b)
    put('json6902', a + b'\0' + b'- op: add\n  path: /metadata/labels/x\n  value: y\n- op: remove\n  path: /spec\n')
    put('json6902', a + b'\0' + b'[{"op":"replace","path":"/metadata/name","value":"n"},{"op":"move","from":"/kind","path":"/k"}]')
# Whole trees: each kustomization's directory becomes /t, with its siblings
# (bases are usually siblings or cousins) under their own names.
for k in sorted((root / 'fixtures').rglob('kustomization.yaml')):
    top = k.parent.parent.parent if k.parent.parent.name in ('overlays', 'base') else k.parent.parent
    parts = []
    for f in sorted(top.rglob('*')):
        if f.is_file() and f.stat().st_size < 20000:
            rel = os.path.relpath(f, top)
            mine = os.path.relpath(k.parent, top)
            if rel.startswith(mine + '/'):
                rel = 't/' + rel[len(mine) + 1:]
            parts.append(rel.encode() + b'\n' + f.read_bytes())
    put('build_memfs', b'\0'.join(parts))
