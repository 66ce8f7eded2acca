#!/usr/bin/env python3
"""Generate Kustomize trees of several shapes, for scaling checks.

    benches/gen_shapes.py --n N --out DIR [--shapes wide,deep,...]

Writes DIR/<shape>/ for each shape; render DIR/<shape> (its top
kustomization.yaml is at the root of the shape's directory). Deterministic,
Python 3 standard library only. Shapes, for a size N:

  wide          one kustomization listing N Deployments + N/10 patches, half
                selecting by label selector, half by name regex
  deep          a chain of N/100 overlays (at most 120: rustomize, like
                kustomize, bounds nesting) over a 200-resource base, each adding
                a label, a patch, and every 10th level a namePrefix
  generators    N configMapGenerator + N/4 secretGenerator entries, with N/4
                Deployments referencing them (name references rewrite hashes)
  components    N Deployments + N/10 components, each adding a ConfigMap and a
                patch (a label and an annotation) on one Deployment
  replacements  N ConfigMaps + N Deployments, N replacements each copying a
                ConfigMap value into one Deployment
  vars          N Deployments + N/10 ConfigMaps, N/10 vars used in the
                Deployments' container args
  targets       N Deployments and N/10 Services + N/10 patches whose targets
                select by name prefix (`svc-12-.*`), name suffix (`.*-12-web`),
                `label in (...)`, kind and label; JSON and strategic-merge
"""

import argparse
import os

SHAPES = ["wide", "deep", "generators", "components", "replacements", "vars", "targets"]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def deployment(name, labels, extra_meta="", args=None, env_from=None, volumes=None):
    lab = "".join(f"\n    {k}: {v}" for k, v in labels.items())
    sel = "".join(f"\n      {k}: {v}" for k, v in labels.items())
    tl = "".join(f"\n        {k}: {v}" for k, v in labels.items())
    out = f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  labels:{lab}{extra_meta}
spec:
  replicas: 1
  selector:
    matchLabels:{sel}
  template:
    metadata:
      labels:{tl}
    spec:
      containers:
      - name: main
        image: registry.example.com/{name}:1.0.0
"""
    if args:
        out += "        args:\n" + "".join(f"        - {a}\n" for a in args)
    if env_from:
        out += "        envFrom:\n"
        for kind, ref in env_from:
            key = "configMapRef" if kind == "cm" else "secretRef"
            out += f"        - {key}:\n            name: {ref}\n"
    if volumes:
        out += "      volumes:\n"
        for i, (kind, ref) in enumerate(volumes):
            if kind == "cm":
                out += f"      - name: v{i}\n        configMap:\n          name: {ref}\n"
            else:
                out += f"      - name: v{i}\n        secret:\n          secretName: {ref}\n"
    return out


def configmap(name, data):
    d = "".join(f"\n  {k}: \"{v}\"" for k, v in data.items())
    return f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:{d}\n"


def gen_wide(n, out):
    res = []
    for i in range(n):
        name = f"svc-{i}"
        write(f"{out}/res/{name}.yaml",
              deployment(name, {"app": name, "tier": f"t{i % 10}"}))
        res.append(f"res/{name}.yaml")
    patches = []
    for j in range(max(1, n // 10)):
        i = (j * 7) % n
        if j % 2 == 0:
            target = f"    labelSelector: app=svc-{i}\n"
        else:
            # a regex naming two resources
            target = f"    name: svc-({i}|{(i + 1) % n})\n"
        patches.append(
            f"""- target:
    kind: Deployment
{target}  patch: |-
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: ignored
      annotations:
        patched-by: p{j}
""")
    k = "resources:\n" + "".join(f"- {r}\n" for r in res)
    k += "patches:\n" + "".join(patches)
    write(f"{out}/kustomization.yaml", k)


def gen_targets(n, out):
    res = []
    for i in range(n):
        name = f"svc-{i}-web"
        write(f"{out}/res/{name}.yaml",
              deployment(name, {"app": f"a{i}", "tier": f"t{i % 10}"}))
        res.append(f"res/{name}.yaml")
    for i in range(max(1, n // 10)):
        write(f"{out}/res/s{i}.yaml",
              f"apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-{i}-web\n"
              f"  labels:\n    app: a{i}\nspec:\n  ports:\n  - port: 80\n")
        res.append(f"res/s{i}.yaml")
    patches = []
    for j in range(max(1, n // 10)):
        i = (j * 7) % n
        target, body = [
            (f"    name: svc-{i}-.*\n",
             f"- op: add\n      path: /metadata/labels/p{j}\n      value: \"y\""),
            (f"    kind: Deployment\n    name: .*-{i}-web\n",
             f"- op: add\n      path: /metadata/annotations/p{j}\n      value: \"y\""),
            (f"    labelSelector: app in (a{i}, a{(i + 3) % n})\n",
             f"kind: Deployment\n    metadata:\n      name: x\n      annotations:\n        p{j}: \"y\""),
            (f"    kind: Service\n    labelSelector: app=a{i % max(1, n // 10)}\n",
             f"- op: replace\n      path: /spec/ports/0/port\n      value: {1000 + j}"),
        ][j % 4]
        patches.append(f"- target:\n{target}  patch: |-\n    {body}\n")
    k = "resources:\n" + "".join(f"- {r}\n" for r in res)
    k += "patches:\n" + "".join(patches)
    write(f"{out}/kustomization.yaml", k)


def gen_deep(n, out):
    depth = min(120, max(3, n // 100))
    base = f"{out}/l0"
    res = []
    for i in range(200):
        write(f"{base}/d{i}.yaml", deployment(f"d{i}", {"app": f"d{i}"}))
        res.append(f"d{i}.yaml")
    write(f"{base}/kustomization.yaml",
          "resources:\n" + "".join(f"- {r}\n" for r in res))
    for lvl in range(1, depth + 1):
        prev = "l0" if lvl == 1 else f"l{lvl - 1}"
        k = f"resources:\n- ../{prev}\n"
        if lvl % 10 == 0:
            k += f"namePrefix: p{lvl // 10}-\n"
        k += f"labels:\n- pairs:\n    l{lvl % 8}: v{lvl}\n"
        k += f"""patches:
- target:
    kind: Deployment
    labelSelector: app=d{lvl % 200}
  patch: |-
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: ignored
      annotations:
        a{lvl % 4}: v{lvl}
"""
        write(f"{out}/l{lvl}/kustomization.yaml", k)
    # the shape's root points at the top of the chain
    write(f"{out}/kustomization.yaml", f"resources:\n- l{depth}\n")


def gen_generators(n, out):
    k = "configMapGenerator:\n"
    for i in range(n):
        k += f"- name: cm-{i}\n  literals:\n  - key=value-{i}\n  - other={i * 31 % 97}\n"
    k += "secretGenerator:\n"
    for i in range(max(1, n // 4)):
        k += f"- name: sec-{i}\n  literals:\n  - password=pw-{i}\n"
    k += "resources:\n"
    for d in range(max(1, n // 4)):
        refs_cm = [("cm", f"cm-{(d * 4 + t) % n}") for t in range(4)]
        refs = refs_cm + [("sec", f"sec-{d}")]
        write(f"{out}/res/dep-{d}.yaml",
              deployment(f"dep-{d}", {"app": f"dep-{d}"}, env_from=refs[:2], volumes=refs[2:]))
        k += f"- res/dep-{d}.yaml\n"
    write(f"{out}/kustomization.yaml", k)


def gen_components(n, out):
    k = "resources:\n"
    for i in range(n):
        write(f"{out}/base/svc-{i}.yaml", deployment(f"svc-{i}", {"app": f"svc-{i}"}))
        k += f"- base/svc-{i}.yaml\n"
    k += "components:\n"
    for c in range(max(1, n // 10)):
        t = (c * 3) % n
        write(f"{out}/components/c{c}/cm.yaml", configmap(f"comp-{c}", {"c": c}))
        write(f"{out}/components/c{c}/kustomization.yaml", f"""apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
resources:
- cm.yaml
patches:
- target:
    kind: Deployment
    name: svc-{t}
  patch: |-
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: ignored
      labels:
        comp-{c % 5}: "on"
      annotations:
        component: c{c}
""")
        k += f"- components/c{c}\n"
    write(f"{out}/kustomization.yaml", k)


def gen_replacements(n, out):
    k = "resources:\n"
    for i in range(n):
        write(f"{out}/res/cm-{i}.yaml", configmap(f"src-{i}", {"value": f"v-{i}"}))
        write(f"{out}/res/dep-{i}.yaml",
              deployment(f"dep-{i}", {"app": f"dep-{i}"}, extra_meta="\n  annotations:\n    copied: placeholder"))
        k += f"- res/cm-{i}.yaml\n- res/dep-{i}.yaml\n"
    k += "replacements:\n"
    for i in range(n):
        t = (i * 13) % n
        k += f"""- source:
    kind: ConfigMap
    name: src-{i}
    fieldPath: data.value
  targets:
  - select:
      kind: Deployment
      name: dep-{t}
    fieldPaths:
    - metadata.annotations.copied
    - spec.template.spec.containers.[name=main].env.[name=FROM].value
    options:
      create: true
"""
    write(f"{out}/kustomization.yaml", k)


def gen_vars(n, out):
    nv = max(1, n // 10)
    k = "resources:\n"
    for v in range(nv):
        write(f"{out}/res/cm-{v}.yaml", configmap(f"cfg-{v}", {"host": f"host-{v}.example"}))
        k += f"- res/cm-{v}.yaml\n"
    for i in range(n):
        v = i % nv
        write(f"{out}/res/dep-{i}.yaml",
              deployment(f"dep-{i}", {"app": f"dep-{i}"},
                         args=[f"--host=$(HOST_{v})", f"--peer=$(HOST_{(v + 1) % nv})"]))
        k += f"- res/dep-{i}.yaml\n"
    k += "vars:\n"
    for v in range(nv):
        k += f"""- name: HOST_{v}
  objref:
    apiVersion: v1
    kind: ConfigMap
    name: cfg-{v}
  fieldref:
    fieldpath: data.host
"""
    write(f"{out}/kustomization.yaml", k)


GEN = {
    "wide": gen_wide,
    "deep": gen_deep,
    "generators": gen_generators,
    "components": gen_components,
    "replacements": gen_replacements,
    "vars": gen_vars,
    "targets": gen_targets,
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--shapes", default=",".join(SHAPES))
    a = ap.parse_args()
    for s in a.shapes.split(","):
        if s not in GEN:
            ap.error(f"unknown shape {s!r}; known: {', '.join(SHAPES)}")
        GEN[s](a.n, os.path.join(a.out, s))
        print(os.path.join(a.out, s))


if __name__ == "__main__":
    main()
