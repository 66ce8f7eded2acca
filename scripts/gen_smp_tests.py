#!/usr/bin/env python3
"""Generate src/patch/strategic/tests.rs: strategic-merge unit tests whose
expected results come from `kubectl kustomize` (Kustomize v5.5.0).

Each case is a resource and a patch (same apiVersion/kind/name, applied
through `patches:` without a target). Run from the repository root:

    python3 scripts/gen_smp_tests.py > src/patch/strategic/tests.rs
"""
import json, os, subprocess, sys, tempfile
import yaml

DEP = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}}
def dep(spec=None, **meta):
    r = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d", **meta}}
    if spec is not None:
        r["spec"] = spec
    return r
def pod(podspec):
    return dep({"template": {"spec": podspec}})
def crd(spec):
    return {"apiVersion": "ex.com/v1", "kind": "Foo", "metadata": {"name": "f"}, "spec": spec}
def svc(spec):
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": spec}

C = lambda name, **kw: {"name": name, **kw}

CASES = [
    ("maps_merge_recursively_scalars_replaced",
     dep({"replicas": 1, "selector": {"matchLabels": {"a": "1"}}}, labels={"x": "1", "y": "2"}),
     dep({"replicas": 3, "selector": {"matchLabels": {"b": "2"}}}, labels={"y": "3"})),
    ("explicit_null_deletes_fields",
     dep({"replicas": 1, "paused": True, "strategy": {"type": "Recreate"}}, labels={"x": "1", "y": "2"}),
     dep({"replicas": None, "strategy": None}, labels={"x": None})),
    ("null_in_patch_for_missing_field_adds_nothing",
     dep({"replicas": 1}),
     dep({"paused": None, "template": None})),
    ("null_in_resource_is_kept",
     dep({"replicas": None, "paused": None}),
     dep({"minReadySeconds": 5})),
    ("containers_merge_by_name_patch_items_first",
     pod({"containers": [C("a", image="a:1"), C("b", image="b:1", args=["x"])]}),
     pod({"containers": [C("b", image="b:2"), C("c", image="c:1")]})),
    ("list_without_strategy_replaced",
     pod({"containers": [C("a", image="a", args=["1", "2"], command=["sh"])]}),
     pod({"containers": [C("a", args=["3"])]})),
    ("custom_kind_lists_replaced_maps_merged",
     crd({"list": [{"name": "a", "v": 1}, {"name": "b"}], "m": {"x": 1}}),
     crd({"list": [{"name": "a", "v": 2}], "m": {"y": 2}})),
    ("container_ports_two_keys_missing_protocol_matches",
     pod({"containers": [C("a", ports=[{"containerPort": 80, "protocol": "TCP", "name": "http"}, {"containerPort": 53, "protocol": "UDP"}])]}),
     pod({"containers": [C("a", ports=[{"containerPort": 80, "name": "web"}, {"containerPort": 53, "protocol": "TCP"}])]})),
    ("service_ports_port_and_protocol",
     svc({"ports": [{"port": 80, "targetPort": 8080}, {"port": 443, "protocol": "TCP"}]}),
     svc({"ports": [{"port": 80, "name": "http"}, {"port": 8443}]})),
    ("finalizers_merge_as_set",
     dep({"replicas": 1}, finalizers=["a", "b"]),
     dep(None, finalizers=["c", "a"])),
    ("patch_delete_on_map",
     pod({"securityContext": {"runAsUser": 1}, "containers": [C("a")]}),
     pod({"securityContext": {"$patch": "delete"}})),
    ("patch_replace_on_map",
     dep({"selector": {"matchLabels": {"a": "1", "b": "2"}}}),
     dep({"selector": {"matchLabels": {"c": "3", "$patch": "replace"}}})),
    ("patch_merge_on_map_is_plain_merge",
     dep({"selector": {"matchLabels": {"a": "1"}}}),
     dep({"selector": {"matchLabels": {"c": "3", "$patch": "merge"}}})),
    ("patch_delete_on_list_item",
     pod({"containers": [C("a"), C("b"), C("c")]}),
     pod({"containers": [{"name": "b", "$patch": "delete"}, {"name": "zz", "$patch": "delete"}]})),
    ("list_directive_replace",
     pod({"containers": [C("a"), C("b")]}),
     pod({"containers": [{"$patch": "replace"}, C("c", image="c")]})),
    ("list_directive_delete",
     pod({"containers": [C("a")], "volumes": [{"name": "v", "emptyDir": {}}]}),
     pod({"volumes": [{"$patch": "delete"}]})),
    ("list_directive_merge_is_elided",
     pod({"containers": [C("a")]}),
     pod({"containers": [{"$patch": "merge"}, C("b")]})),
    ("patch_replace_on_matching_list_item_keeps_item",
     pod({"containers": [C("a", image="a", env=[{"name": "X", "value": "1"}])]}),
     pod({"containers": [{"name": "a", "image": "new", "$patch": "replace"}]})),
    ("untouched_lists_are_normalised",
     pod({"containers": [C("a", env=[{"name": "X", "value": "1"}, {"name": "Y", "value": "2"}, {"name": "X", "value": "3"}])]}),
     pod({"hostname": "h"})),
    ("new_list_from_patch_applies_its_directives",
     pod({"hostname": "h"}),
     pod({"containers": [C("a", image="1"), {"name": "b", "$patch": "delete"}, C("a", image="2")]})),
    ("new_map_from_patch_applies_nested_directives",
     dep({"replicas": 1}),
     dep({"template": {"spec": {"securityContext": {"$patch": "delete"}, "hostname": "h"}, "metadata": {"labels": {"a": "b"}, "$patch": "replace"}}})),
    ("set_element_order_and_retain_keys_are_plain_fields",
     pod({"containers": [C("a"), C("b")]}),
     pod({"$setElementOrder/containers": [{"name": "b"}, {"name": "a"}], "$retainKeys": ["containers"]})),
    ("delete_from_primitive_list_is_a_plain_field",
     dep({"replicas": 1}, finalizers=["a", "b"]),
     dep(None, **{"$deleteFromPrimitiveList/finalizers": ["a"]})),
    ("whole_resource_delete",
     dep({"replicas": 1}),
     {**DEP, "$patch": "delete"}),
    ("resource_item_without_key_collapses_list",
     pod({"containers": [C("a"), C("b"), {"image": "noname"}]}),
     pod({"containers": [C("b", image="b2")]})),
    ("patch_item_without_key",
     pod({"containers": [C("a"), C("b")]}),
     pod({"containers": [{"image": "x"}]})),
    ("empty_list_in_patch_for_merge_list",
     pod({"containers": [C("a")]}),
     pod({"containers": []})),
    ("volumes_merge_retain_keys_by_name",
     pod({"volumes": [{"name": "v", "emptyDir": {}}, {"name": "w", "configMap": {"name": "c"}}]}),
     pod({"volumes": [{"name": "v", "emptyDir": None, "secret": {"secretName": "s"}}]})),
    ("embedded_object_with_own_kind_merges_by_its_schema",
     crd({"template": {"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"template": {"spec": {"containers": [C("a", image="a")]}}}}}),
     crd({"template": {"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"template": {"spec": {"containers": [C("b", image="b")]}}}}})),
    ("unknown_patch_directive_is_an_error",
     dep({"selector": {"matchLabels": {"a": "1"}}}),
     dep({"selector": {"$patch": "frobnicate"}})),
    ("kind_mismatch_is_an_error",
     dep({"selector": {"matchLabels": {"a": "1"}}}),
     dep({"selector": "oops"})),
    ("scalar_list_items_and_numbers",
     pod({"containers": [C("a", ports=[{"containerPort": 8080}])], "imagePullSecrets": [{"name": "x"}]}),
     pod({"containers": [C("a", ports=[{"containerPort": 8080, "protocol": "UDP"}])], "imagePullSecrets": [{"name": "y"}]})),
    ("init_containers_and_volume_mounts",
     pod({"initContainers": [C("i", volumeMounts=[{"mountPath": "/a", "name": "v"}])]}),
     pod({"initContainers": [C("i", volumeMounts=[{"mountPath": "/b", "name": "w"}, {"mountPath": "/a", "readOnly": True}])]})),
    ("patch_delete_with_two_keys",
     pod({"containers": [C("a", ports=[{"containerPort": 80, "protocol": "TCP"}, {"containerPort": 81}])]}),
     pod({"containers": [C("a", ports=[{"containerPort": 80, "protocol": "TCP", "$patch": "delete"}])]})),
]


def run(resource, patch):
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "r.yaml"), "w") as f:
            yaml.safe_dump(resource, f)
        with open(os.path.join(d, "p.yaml"), "w") as f:
            yaml.safe_dump(patch, f)
        with open(os.path.join(d, "kustomization.yaml"), "w") as f:
            f.write("resources:\n- r.yaml\npatches:\n- path: p.yaml\n")
        p = subprocess.run(["kubectl", "kustomize", d], capture_output=True, text=True)
        if p.returncode != 0:
            msg = p.stderr.split("err=", 1)[-1].strip().lstrip('<"').strip()
            return "error", msg.splitlines()[0].rstrip('"')
        docs = [x for x in yaml.safe_load_all(p.stdout) if x is not None]
        return "ok", (docs[0] if docs else None)


def rust_json(v):
    return "json!(" + json.dumps(v) + ")"


def main():
    out = []
    w = out.append
    w("// @generated by scripts/gen_smp_tests.py: inputs are ours, expected results")
    w("// come from `kubectl kustomize` (Kustomize v5.5.0). Regenerate with")
    w("//     python3 scripts/gen_smp_tests.py > src/patch/strategic/tests.rs")
    w("")
    w("use super::merge;")
    w("use crate::patch::schema::Schema;")
    w("use serde_json::{Value, json};")
    w("")
    w("fn apply(resource: Value, patch: Value) -> Result<Option<Value>, String> {")
    w("    let mut r = resource;")
    w("    let keep = merge(&mut r, &patch, Schema::builtin())?;")
    w("    Ok(keep.then_some(r))")
    w("}")
    for name, res, patch in CASES:
        status, result = run(res, patch)
        w("")
        w("#[test]")
        w(f"fn {name}() {{")
        w(f"    let resource = {rust_json(res)};")
        w(f"    let patch = {rust_json(patch)};")
        if status == "error":
            w(f"    // kubectl: {result}")
            w("    assert!(apply(resource, patch).is_err());")
        elif result is None:
            w("    assert_eq!(apply(resource, patch).unwrap(), None);")
        else:
            w(f"    let expected = {rust_json(result)};")
            w("    assert_eq!(apply(resource, patch).unwrap(), Some(expected));")
        w("}")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
