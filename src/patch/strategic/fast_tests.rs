//! The single-key list shortcut ([`super::single_key_plan`]) against the
//! general algorithm: random resources and patches (lists keyed by name,
//! duplicates, missing and non-scalar keys, directives, nested lists) must
//! merge to the same result, or fail with the same error, either way.

use super::{merge_with, plan_by_hash, plan_by_scan, single_key_plan};
use crate::patch::schema::Schema;
use serde_json::{Map, Value, json};

/// xorshift64*: small and deterministic.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) % n as u64) as usize
    }
    fn chance(&mut self, pct: usize) -> bool {
        self.below(100) < pct
    }
}

/// A key value: mostly a few names (so that items match), sometimes a
/// number, a bool, an empty string, null or a map.
fn key_value(r: &mut Rng, odd: usize) -> Option<Value> {
    if r.chance(odd) {
        return match r.below(6) {
            0 => None,
            1 => Some(json!(7)),
            2 => Some(json!(true)),
            3 => Some(json!("")),
            4 => Some(Value::Null),
            _ => Some(json!({"x": 1})),
        };
    }
    Some(json!(["a", "b", "c", "d", "e", "7"][r.below(6)]))
}

fn env_item(r: &mut Rng, odd: usize, patch: bool) -> Value {
    let mut m = Map::new();
    if let Some(k) = key_value(r, odd) {
        m.insert("name".into(), k);
    }
    match r.below(4) {
        0 => {}
        1 => {
            m.insert("value".into(), json!(["x", "y"][r.below(2)]));
        }
        2 => {
            m.insert("valueFrom".into(), json!({"fieldRef": {"fieldPath": "p"}}));
        }
        _ => {
            m.insert("value".into(), Value::Null);
        }
    }
    if patch && r.chance(odd) {
        let d = ["delete", "replace", "merge"][r.below(3)];
        m.insert("$patch".into(), json!(d));
    }
    if r.chance(odd / 2) {
        return if r.chance(50) { Value::Null } else { json!({}) };
    }
    Value::Object(m)
}

fn list<F: FnMut(&mut Rng) -> Value>(r: &mut Rng, max: usize, mut f: F) -> Value {
    let n = r.below(max + 1);
    Value::Array((0..n).map(|_| f(r)).collect())
}

fn container(r: &mut Rng, odd: usize, patch: bool) -> Value {
    let mut m = Map::new();
    if let Some(k) = key_value(r, odd) {
        m.insert("name".into(), k);
    }
    if r.chance(70) {
        m.insert("image".into(), json!(["i:1", "i:2"][r.below(2)]));
    }
    if r.chance(70) {
        m.insert("env".into(), list(r, 5, |r| env_item(r, odd, patch)));
    }
    if r.chance(30) {
        m.insert(
            "ports".into(),
            list(r, 3, |r| {
                let port = [80, 53][r.below(2)];
                let protocol = ["TCP", "UDP"][r.below(2)];
                json!({"containerPort": port, "protocol": protocol})
            }),
        );
    }
    if r.chance(20) {
        m.insert("args".into(), json!(["x"]));
    }
    if patch && r.chance(odd) {
        let d = ["delete", "replace", "merge"][r.below(3)];
        m.insert("$patch".into(), json!(d));
    }
    Value::Object(m)
}

fn deployment(r: &mut Rng, odd: usize, patch: bool) -> Value {
    let mut containers = list(r, 4, |r| container(r, odd, patch));
    if patch && r.chance(odd) {
        if let Value::Array(a) = &mut containers {
            let d = ["delete", "replace", "merge"][r.below(3)];
            a.push(json!({"$patch": d}));
        }
    }
    let mut spec = Map::new();
    if !(patch && r.chance(20)) {
        spec.insert("containers".into(), containers);
    }
    if r.chance(40) {
        spec.insert(
            "volumes".into(),
            list(r, 3, |r| {
                let mut m = Map::new();
                if let Some(k) = key_value(r, odd) {
                    m.insert("name".into(), k);
                }
                m.insert("emptyDir".into(), json!({}));
                Value::Object(m)
            }),
        );
    }
    json!({
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "d", "finalizers": ["f", "g"]},
        "spec": {"template": {"spec": spec}}
    })
}

#[test]
fn shortcut_merges_as_the_general_algorithm() {
    let schema = Schema::builtin();
    let mut r = Rng(0x1234_5678_9abc_def1);
    let mut planned = 0;
    for case in 0..4000 {
        let odd = [0, 5, 20, 50][case % 4];
        let resource = deployment(&mut r, odd, false);
        let patch = deployment(&mut r, odd, true);
        let (mut fast, mut slow) = (resource.clone(), resource.clone());
        let a = merge_with(&mut fast, &patch, schema, true).map(|k| k.then_some(fast));
        let b = merge_with(&mut slow, &patch, schema, false).map(|k| k.then_some(slow));
        assert_eq!(a, b, "case {case}:\nresource {resource}\npatch {patch}");
        let containers = |v: &Value| {
            v.pointer("/spec/template/spec/containers")
                .and_then(Value::as_array)
                .cloned()
        };
        if let (Some(d), Some(o)) = (containers(&resource), containers(&patch)) {
            if single_key_plan(&d, &o, "name").is_some() {
                planned += 1;
            }
        }
    }
    // Both paths were exercised.
    assert!(planned > 1000, "{planned}");
    assert!(planned < 3500, "{planned}");
}

#[test]
fn plan_order_is_patch_items_then_the_resources_others() {
    let d = [
        json!({"name": "a"}),
        json!({"name": "b"}),
        json!({"name": "c"}),
    ];
    let o = [
        json!({"name": "c"}),
        json!({"name": "z"}),
        json!({"name": "a"}),
    ];
    assert_eq!(
        single_key_plan(&d, &o, "name"),
        Some(vec![
            (Some(2), Some(0)),
            (None, Some(1)),
            (Some(0), Some(2)),
            (Some(1), None)
        ])
    );
    // Duplicate, missing, empty or non-scalar keys: no shortcut.
    let dup = [json!({"name": "a"}), json!({"name": "a"})];
    assert_eq!(single_key_plan(&dup, &o, "name"), None);
    assert_eq!(single_key_plan(&d, &dup, "name"), None);
    for bad in [
        json!({}),
        json!({"name": ""}),
        json!({"name": {}}),
        json!(null),
        json!("a"),
    ] {
        assert_eq!(
            single_key_plan(std::slice::from_ref(&bad), &o, "name"),
            None
        );
        assert_eq!(single_key_plan(&d, &[bad], "name"), None);
    }
}

/// Short lists are planned by comparing keys, long ones with hash tables:
/// both give the same plan, or refuse the same lists.
#[test]
fn scan_and_hash_plans_agree() {
    let mut r = Rng(0x0bad_cafe_f00d_1234);
    let (mut planned, mut matched) = (0, 0);
    for case in 0..3000 {
        let odd = [0, 2, 10][case % 3];
        let pool = [100, 400, 2000][(case / 3) % 3];
        let item = |r: &mut Rng| {
            let name = if r.chance(odd) {
                key_value(r, 100)
            } else {
                Some(json!(format!("n{}", r.below(pool))))
            };
            match name {
                Some(n) => json!({"name": n}),
                None => json!({}),
            }
        };
        let (nd, no) = (r.below(40), r.below(40));
        let d: Vec<Value> = (0..nd).map(|_| item(&mut r)).collect();
        let o: Vec<Value> = (0..no).map(|_| item(&mut r)).collect();
        let scan = plan_by_scan(&d, &o, "name");
        assert_eq!(scan, plan_by_hash(&d, &o, "name"), "case {case}");
        assert_eq!(scan, single_key_plan(&d, &o, "name"));
        planned += usize::from(scan.is_some());
        matched +=
            usize::from(scan.is_some_and(|p| p.iter().any(|(d, o)| d.is_some() && o.is_some())));
    }
    assert!(planned > 300, "{planned}");
    assert!(matched > 100, "{matched}");
}
