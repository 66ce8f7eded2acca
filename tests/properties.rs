//! Property tests on random inputs from a small deterministic generator (no
//! extra dependencies; every run checks the same cases):
//!
//! * emitting a [`Value`] then parsing the text gives back the same value;
//! * rendering is deterministic (same tree twice → same bytes);
//! * the output of a render, re-rendered as plain resources, is unchanged.

use rustomize::fs::MemFs;
use rustomize::yaml::{ParseOptions, emit_document, parse_documents};
use rustomize::{Kustomizer, Value};
use serde_json::{Map, Number};
use std::path::Path;

/// xorshift64*: small, fast, deterministic.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// Pieces that stress the scalar styles: YAML 1.1 and 1.2 special words,
/// indicators, numbers-looking strings, whitespace, line breaks, non-ASCII.
///
/// Known exceptions, left out on purpose:
/// * U+2028/U+2029 in a string: written raw inside quotes, go-yaml (and so
///   this parser) reads them back as line breaks and folds what follows, as
///   Kustomize's own round trip does;
/// * a `<<` key: written plain, it reads back as a merge key (kubectl drops a
///   `"<<"` key on input, so kustomize never prints one);
/// * floats without a fractional part (`2.0` prints `2`, an integer).
const PIECES: &[&str] = &[
    "a",
    "b",
    "key",
    "name",
    "x",
    "0",
    "1",
    "012",
    "0x1F",
    "0o17",
    "1e3",
    "1.5",
    ".5",
    "-1",
    "+1",
    "1_000",
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "true",
    "False",
    "null",
    "~",
    "NULL",
    ".inf",
    "-.Inf",
    ".nan",
    "2001-12-14",
    "2001-12-14t21:59:43.10-05:00",
    "12:30:45",
    ":",
    ": ",
    " :",
    "#",
    " #",
    "# ",
    "-",
    "- ",
    "--",
    "---",
    "...",
    "?",
    "? ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&",
    "*",
    "!",
    "|",
    ">",
    "'",
    "\"",
    "%",
    "@",
    "`",
    " ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "\\",
    "é",
    "日本",
    "😀",
    "\u{a0}",
    "\u{feff}",
    "=",
    "+",
    "http://x",
    "a b",
    "a: b",
    "a #b",
    "  lead",
    "trail  ",
    "tab\there",
];

fn random_string(rng: &mut Rng) -> String {
    let n = rng.below(5);
    let mut s = String::new();
    for _ in 0..n {
        let piece: &&str = rng.pick(PIECES);
        s.push_str(piece);
    }
    if rng.below(20) == 0 {
        // A long line, to exercise folding.
        for i in 0..rng.below(40) {
            s.push_str(if i % 3 == 0 { "word " } else { "longerword" });
        }
    }
    s
}

/// Numbers that survive the emitter's normalisation: integers, and floats
/// with a fractional part (a float with none, `2.0`, is printed `2` and
/// comes back as an integer, as with Kustomize's JSON round trip).
fn random_number(rng: &mut Rng) -> Number {
    match rng.below(4) {
        0 => Number::from(rng.below(1000) as i64 - 500),
        1 => Number::from(rng.next_u64() as i64),
        2 => Number::from_f64(rng.below(100000) as f64 / 4.0 + 0.125).unwrap(),
        _ => {
            let f = f64::from_bits(rng.next_u64());
            if f.is_finite() && f.fract() != 0.0 {
                Number::from_f64(f).unwrap()
            } else {
                Number::from(7)
            }
        }
    }
}

pub fn random_value(rng: &mut Rng, depth: usize) -> Value {
    let k = if depth == 0 {
        rng.below(4)
    } else {
        rng.below(7)
    };
    match k {
        0 => Value::String(random_string(rng)),
        1 => Value::Number(random_number(rng)),
        2 => match rng.below(3) {
            0 => Value::Bool(true),
            1 => Value::Bool(false),
            _ => Value::Null,
        },
        3 => Value::String(random_string(rng)),
        4 | 5 => {
            let mut m = Map::new();
            for _ in 0..rng.below(5) {
                m.insert(random_string(rng), random_value(rng, depth - 1));
            }
            Value::Object(m)
        }
        _ => Value::Array(
            (0..rng.below(5))
                .map(|_| random_value(rng, depth - 1))
                .collect(),
        ),
    }
}

#[test]
fn emit_then_parse_round_trips() {
    let opts = ParseOptions::default();
    let mut failures = Vec::new();
    for seed in 0..3000u64 {
        let mut rng = Rng::new(seed);
        let v = random_value(&mut rng, 4);
        let mut text = String::new();
        emit_document(&v, &mut text);
        match parse_documents(&text, Path::new("gen.yaml"), &opts) {
            Ok(docs) if docs.len() == 1 && docs[0] == v => {}
            Ok(docs) => failures.push(format!(
                "seed {seed}: {v:?}\n--- emitted\n{text}--- parsed back\n{docs:?}"
            )),
            Err(e) => failures.push(format!("seed {seed}: {v}\n--- emitted\n{text}--- {e}")),
        }
        // Emitting is a pure function of the value.
        let mut again = String::new();
        emit_document(&v, &mut again);
        assert_eq!(text, again);
    }
    assert!(
        failures.is_empty(),
        "{} of 3000 failed; first:\n{}",
        failures.len(),
        failures[..failures.len().min(3)].join("\n\n")
    );
}

/// A random but valid kustomization tree: a base of ConfigMaps, Deployments
/// and Services with generators, and an overlay with transformers.
pub fn random_tree(rng: &mut Rng) -> MemFs {
    let mut fs = MemFs::new();
    let mut res = String::new();
    let n = 1 + rng.below(6);
    for i in 0..n {
        let labels = format!("app: a{}\n    tier: t{}", rng.below(3), rng.below(2));
        match rng.below(3) {
            0 => res.push_str(&format!(
                "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm{i}\n  labels:\n    {labels}\ndata:\n  k: {}\n",
                serde_json::to_string(&random_string(rng)).unwrap()
            )),
            1 => res.push_str(&format!(
                "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d{i}\n  labels:\n    {labels}\nspec:\n  replicas: {}\n  template:\n    spec:\n      containers:\n      - name: c\n        image: img{}:v1\n        envFrom:\n        - configMapRef:\n            name: gen\n",
                rng.below(5),
                rng.below(3)
            )),
            _ => res.push_str(&format!(
                "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s{i}\n  labels:\n    {labels}\nspec:\n  ports:\n  - port: {}\n",
                1 + rng.below(60000)
            )),
        }
    }
    fs.add("/base/res.yaml", res);
    fs.add(
        "/base/kustomization.yaml",
        format!(
            "resources:\n- res.yaml\nconfigMapGenerator:\n- name: gen\n  literals:\n  - k={}\n",
            rng.below(100)
        ),
    );
    let mut k = String::from("resources:\n- ../base\n");
    if rng.below(2) == 0 {
        k.push_str(&format!("namePrefix: p{}-\n", rng.below(9)));
    }
    if rng.below(2) == 0 {
        k.push_str("nameSuffix: -s\n");
    }
    if rng.below(2) == 0 {
        k.push_str(&format!("namespace: ns{}\n", rng.below(3)));
    }
    if rng.below(2) == 0 {
        k.push_str("labels:\n- pairs:\n    env: e\n  includeSelectors: true\n");
    }
    if rng.below(2) == 0 {
        k.push_str("commonAnnotations:\n  note: \"yes\"\n");
    }
    if rng.below(2) == 0 {
        k.push_str("images:\n- name: img1\n  newTag: v2\n");
    }
    if rng.below(2) == 0 {
        k.push_str("patches:\n- target:\n    kind: ConfigMap\n  patch: |-\n    - op: add\n      path: /data/patched\n      value: x\n");
    }
    if rng.below(2) == 0 {
        k.push_str("secretGenerator:\n- name: sec\n  literals:\n  - p=q\n");
    }
    fs.add("/overlay/kustomization.yaml", k);
    fs
}

fn fixture_outputs() -> Vec<(String, String)> {
    let k = Kustomizer::on_disk();
    let mut out = Vec::new();
    for e in std::fs::read_dir("fixtures/gitops/overlays").unwrap() {
        let dir = e.unwrap().path();
        let s = k.build_to_string(&dir).unwrap();
        out.push((dir.display().to_string(), s));
    }
    out.sort();
    assert!(out.len() >= 3);
    out
}

fn rerender(rendered: &str) -> String {
    let mut fs = MemFs::new();
    fs.add("/again/kustomization.yaml", "resources:\n- all.yaml\n");
    fs.add("/again/all.yaml", rendered);
    Kustomizer::new(fs).build_to_string("/again").unwrap()
}

#[test]
fn rendering_is_deterministic() {
    let first = fixture_outputs();
    assert_eq!(first, fixture_outputs());
    for seed in 0..40 {
        let fs = random_tree(&mut Rng::new(seed));
        let k = Kustomizer::new(fs.clone());
        let a = k.build_to_string("/overlay").unwrap();
        let b = Kustomizer::new(fs).build_to_string("/overlay").unwrap();
        assert_eq!(a, b, "seed {seed}");
        assert_eq!(a, k.build_to_string("/overlay").unwrap(), "seed {seed}");
    }
}

#[test]
fn rerendering_output_is_identity() {
    for (dir, out) in fixture_outputs() {
        assert_eq!(rerender(&out), out, "{dir}");
    }
    for seed in 0..40 {
        let fs = random_tree(&mut Rng::new(seed));
        let out = Kustomizer::new(fs).build_to_string("/overlay").unwrap();
        assert_eq!(rerender(&out), out, "seed {seed}");
    }
}
