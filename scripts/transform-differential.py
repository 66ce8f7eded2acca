#!/usr/bin/env python3
"""Differential check of the transformers against `kubectl kustomize`.

Wraps every successful case of the conformance corpus in an overlay that
applies transformers (namespace, prefixes, labels, images, a plugin ...),
builds the overlay with kubectl and with rustomize, and reports the cases
whose outputs (or success/failure) differ. Nothing from the corpus is copied
into the repository: the cases are copied to a temporary directory.

Usage: scripts/transform-differential.py [VARIANT] [--bin PATH] [--cases DIR]
  VARIANT: a (namespace, affixes, commonLabels/Annotations), b (labels
  entries, images), c (NamespaceTransformer plugin, prefix); default a.
"""
import argparse
import json
import os
import shutil
import subprocess
import tempfile

WRAPS = {
    "a": "namespace: fuzz-ns\nnamePrefix: fz-\nnameSuffix: -zz\n"
         "commonLabels:\n  fuzz: yes-label\ncommonAnnotations:\n  fuzz/note: hello\n",
    "b": "labels:\n- pairs:\n    l1: v1\n  includeTemplates: true\n"
         "- pairs:\n    l2: v2\n  includeSelectors: true\n"
         "images:\n- name: nginx\n  newName: my/nginx\n  newTag: '9'\n"
         "- name: busybox\n  digest: sha256:abc\n",
    "c": "namePrefix: c-\ntransformers:\n- |-\n  apiVersion: builtin\n"
         "  kind: NamespaceTransformer\n  metadata:\n    name: n\n    namespace: cns\n"
         "  unsetOnly: true\n  setRoleBindingSubjects: allServiceAccounts\n"
         "  fieldSpecs:\n  - path: metadata/namespace\n    create: true\n",
}


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument("variant", nargs="?", default="a", choices=sorted(WRAPS))
    ap.add_argument("--bin", default=os.path.join(root, "target/release/examples/rustomize"))
    ap.add_argument("--cases", default="/work/shared/conformance/cases")
    args = ap.parse_args()
    same, diffs = 0, []
    with tempfile.TemporaryDirectory() as tmp:
        for case in sorted(os.listdir(args.cases)):
            meta = json.load(open(os.path.join(args.cases, case, "meta.json")))
            files = os.path.join(args.cases, case, "files")
            if meta["expect"] != "ok" or not os.path.isdir(files):
                continue
            work = os.path.join(tmp, case)
            shutil.copytree(files, work, symlinks=True)
            wrap = os.path.join(work, "__wrap")
            os.makedirs(wrap)
            rel = os.path.relpath(os.path.join(work, meta["build"]), wrap)
            with open(os.path.join(wrap, "kustomization.yaml"), "w") as f:
                f.write(f"resources:\n- {rel}\n" + WRAPS[args.variant])
            flags = meta.get("flags", [])
            k = subprocess.run(["kubectl", "kustomize", wrap] + flags, capture_output=True, text=True)
            r = subprocess.run([args.bin, "build", wrap] + flags, capture_output=True, text=True)
            if (k.returncode != 0 and r.returncode != 0) or (
                    k.returncode == 0 and r.returncode == 0 and k.stdout == r.stdout):
                same += 1
            else:
                diffs.append((case, k.returncode, r.returncode, r.stderr.strip()[:160]))
    print(f"same {same}  different {len(diffs)}")
    for d in diffs:
        print("DIFF", *d)


if __name__ == "__main__":
    main()
