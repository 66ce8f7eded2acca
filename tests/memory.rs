//! Memory guards, measured with a counting allocator: parsed values are
//! stored at their size (no growth slack kept for the whole build), so are
//! the maps labels and annotations add to, and a build written with
//! `build_to_writer` peaks close to the size of its resources (no copies of
//! them, no whole output text).
//!
//! One test function: the allocator counts every thread of the process.

use rustomize::fs::MemFs;
use rustomize::yaml::{ParseOptions, parse_documents};
use rustomize::{Kustomizer, Value};
use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(now, Relaxed);
}

// SAFETY: every call is forwarded to the system allocator unchanged; only
// counters are updated besides.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            grew(l.size());
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        LIVE.fetch_sub(l.size(), Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, l, new) };
        if !q.is_null() {
            if new >= l.size() {
                grew(new - l.size());
            } else {
                LIVE.fetch_sub(l.size() - new, Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// A deep copy where every map and vector has exactly its length as capacity.
fn exact(v: &Value) -> Value {
    match v {
        Value::Array(a) => {
            let mut out = Vec::with_capacity(a.len());
            out.extend(a.iter().map(exact));
            Value::Array(out)
        }
        Value::Object(m) => {
            let mut out = rustomize::resource::Map::with_capacity(m.len());
            for (k, v) in m {
                out.insert(k.as_str().to_owned(), exact(v));
            }
            Value::Object(out)
        }
        Value::String(s) => Value::String(s.as_str().to_owned()),
        other => other.clone(),
    }
}

fn service(i: usize) -> String {
    format!(
        "apiVersion: apps/v1
kind: Deployment
metadata:
  name: svc-{i}
  labels:
    app: svc-{i}
    tier: backend
    team: t{t}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: svc-{i}
  template:
    metadata:
      labels:
        app: svc-{i}
    spec:
      serviceAccountName: svc-{i}
      containers:
      - name: main
        image: registry.example.com/svc-{i}:1.0.{i}
        args: [--port, \"8080\", --verbose]
        ports:
        - containerPort: 8080
          name: http
        env:
        - name: MODE
          value: production
        - name: LIMITS
          value: '{{\"cpu\": 1}}'
        envFrom:
        - configMapRef:
            name: svc-{i}-config
        resources: {{limits: {{cpu: 500m, memory: 256Mi}}}}
---
apiVersion: v1
kind: Service
metadata:
  name: svc-{i}
spec:
  selector:
    app: svc-{i}
  ports:
  - port: 80
    targetPort: http
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: svc-{i}-config
data:
  key: value
  other: \"1\"
",
        t = i % 7
    )
}

fn live() -> usize {
    LIVE.load(Relaxed)
}

#[test]
fn values_are_stored_at_their_size_and_builds_peak_near_their_resources() {
    // 1. Parsing keeps no growth slack: the parsed values take no more
    // memory than an exact copy of them.
    let text: String = (0..300).map(service).collect::<Vec<_>>().join("---\n");
    let before = live();
    let docs = parse_documents(&text, Path::new("t.yaml"), &ParseOptions::default()).unwrap();
    let parsed = live() - before;
    let before = live();
    let copy: Vec<Value> = docs.iter().map(exact).collect();
    let exact_size = live() - before;
    assert_eq!(copy, docs);
    assert!(
        parsed * 100 <= exact_size * 102,
        "parsed values take {parsed} bytes, an exact copy {exact_size}"
    );
    drop((copy, docs));

    // 2. A build written with build_to_writer: the peak above what was live
    // before stays within a margin of what the resources themselves take.
    let mut fs = MemFs::new();
    let mut top = String::from(
        "namePrefix: prod-\nnamespace: production\nlabels:\n- pairs:\n    env: production\n  includeTemplates: true\ncommonAnnotations:\n  owner: platform\n  env: production\nresources:\n",
    );
    for i in 0..200 {
        top.push_str(&format!("- ../base/svc-{i}\n"));
        fs.add(
            format!("/r/base/svc-{i}/kustomization.yaml"),
            "resources:\n- r.yaml\npatches:\n- path: p.yaml\n",
        );
        fs.add(format!("/r/base/svc-{i}/r.yaml"), service(i));
        fs.add(
            format!("/r/base/svc-{i}/p.yaml"),
            format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc-{i}\nspec:\n  template:\n    spec:\n      containers:\n      - name: main\n        env:\n        - name: EXTRA\n          value: \"{i}\"\n"
            ),
        );
    }
    fs.add("/r/overlay/kustomization.yaml", top);
    let k = Kustomizer::new(fs);
    let before = live();
    let rm = k.build("/r/overlay").unwrap();
    let resources = live() - before;
    // 3. Transformers that add entries (labels, annotations) leave maps close
    // to their size: the built objects take little more than exact copies.
    let mut objects: Vec<Value> = rm
        .into_vec()
        .into_iter()
        .map(|r| Value::Object(r.obj))
        .collect();
    let before = live();
    let copy: Vec<Value> = objects.iter().map(exact).collect();
    let exact_size = live() - before;
    drop(copy);
    let before = live();
    objects.iter_mut().for_each(|v| *v = Value::Null);
    let built = before - live();
    // 2% here; 11% when fields created on the way (metadata/annotations)
    // grow their parent by IndexMap's doubling, 19% when labels do too.
    assert!(
        built * 100 <= exact_size * 106,
        "the built objects take {built} bytes, exact copies {exact_size}"
    );
    drop(objects);
    let mut out = std::io::sink();
    let before = live();
    PEAK.store(before, Relaxed);
    k.build_to_writer("/r/overlay", &mut out).unwrap();
    let peak = PEAK.load(Relaxed) - before;
    assert!(
        peak * 100 <= resources * 110,
        "build_to_writer peaked at {peak} bytes above the start; the resources take {resources}"
    );
}
