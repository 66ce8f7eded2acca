use super::*;
use serde_json::json;

fn p(s: &str) -> Vec<Value> {
    parse_documents(s, Path::new("t.yaml"), &ParseOptions::default())
        .unwrap_or_else(|e| panic!("parse failed for {s:?}: {e}"))
}

fn p1(s: &str) -> Value {
    let mut d = p(s);
    assert_eq!(d.len(), 1, "{s:?} gave {d:?}");
    d.remove(0)
}

fn perr(s: &str) -> (usize, usize, String) {
    match parse_documents(s, Path::new("t.yaml"), &ParseOptions::default()) {
        Err(Error::Yaml {
            line,
            column,
            message,
            ..
        }) => (line, column, message),
        Err(e) => (0, 0, e.to_string()),
        Ok(v) => panic!("expected error for {s:?}, got {v:?}"),
    }
}

#[test]
fn basic_mapping() {
    assert_eq!(
        p1("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    a: b\n"),
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "labels": {"a": "b"}}})
    );
}

#[test]
fn block_sequences() {
    assert_eq!(
        p1("a:\n- 1\n- - 2\n  - 3\n- k: v\n  k2: v2\n-\n- x\nb:\n    - i\n    -   j\n"),
        json!({"a": [1, [2, 3], {"k": "v", "k2": "v2"}, null, "x"], "b": ["i", "j"]})
    );
    assert_eq!(p1("- - - a\n"), json!([[["a"]]]));
    assert_eq!(p1("- a: 1\n  b:\n  - c\n"), json!([{"a": 1, "b": ["c"]}]));
}

#[test]
fn plain_scalars() {
    assert_eq!(
        p1("a: this is\n  a multi\n  line\n\n  plain\nb: x:y\nc: a#b\nd: -x\ne: ?y\nf: :z\n"),
        json!({"a": "this is a multi line\nplain", "b": "x:y", "c": "a#b", "d": "-x", "e": "?y", "f": ":z"})
    );
}

#[test]
fn quoted_scalars() {
    assert_eq!(
        p1(r#"a: 'it''s'
b: "q\"\\\x41\u00e9\U0001F600\N\_\L\P\0\a\b\e\f\r\v\t\ \	end"
c: "one
  two

  three\
  four"
d: 'x
  y'
"#),
        json!({
            "a": "it's",
            "b": "q\"\\Aé😀\u{85}\u{a0}\u{2028}\u{2029}\u{0}\u{7}\u{8}\u{1b}\u{c}\r\u{b}\t \tend",
            "c": "one two\nthreefour",
            "d": "x y"
        })
    );
}

#[test]
fn block_scalars() {
    assert_eq!(
        p1(
            "a: |\n  l1\n\n  l3\nb: |-\n  s\nc: |+\n  k\n\nd: |2\n    i\n   l\ne: >\n  f\n  g\n\n  p\nf: >-\n  x\ng: |\nh: x\n"
        ),
        json!({"a": "l1\n\nl3\n", "b": "s", "c": "k\n\n", "d": "  i\n l\n", "e": "f g\np\n", "f": "x", "g": "", "h": "x"})
    );
    // kubectl: go-yaml's folded-scalar emitter flaw adds a line break.
    assert_eq!(
        p1("e: >\n  folded\n  more\n    indented\n  back\n"),
        json!({"e": "folded more\n\n  indented\nback\n"})
    );
    assert_eq!(p1("x: |-\n  a\n  b"), json!({"x": "a\nb"}));
}

#[test]
fn flow_collections() {
    assert_eq!(
        p1(
            "a: [1, [2], {x: y}]\nb: {a: 1, b: [x, y],}\nc: [a,\n  b,\n  ]\nd: []\ne: {}\ng: [a: b, c]\nh: {a, b: , c: ~}\ni: [http://x/y, a:b]\n"
        ),
        json!({"a": [1, [2], {"x": "y"}], "b": {"a": 1, "b": ["x", "y"]}, "c": ["a", "b"],
               "d": [], "e": {}, "g": [{"a": "b"}, "c"], "h": {"a": "", "b": "", "c": null},
               "i": ["http://x/y", "a:b"]})
    );
    assert_eq!(p1("[a, {b: c}]"), json!(["a", {"b": "c"}]));
}

#[test]
fn comments_and_documents() {
    assert_eq!(p("# c\n---\na: 1 # x\n# y\n...\n"), vec![json!({"a": 1})]);
    assert_eq!(
        p("a: 1\n---\nb: 2\n--- # c\nc: 3\n---\n"),
        vec![json!({"a": 1}), json!({"b": 2}), json!({"c": 3})]
    );
    assert_eq!(p(""), Vec::<Value>::new());
    assert_eq!(p("# only\n"), Vec::<Value>::new());
    assert_eq!(p("---\n"), vec![Value::Null]);
    // kyaml splits documents textually: '---' must start a line after a newline.
    assert_eq!(p("---\na: 1\n"), vec![json!({"a": 1})]);
    assert_eq!(
        p("a: 1\r\n---\r\nb: 2\r\n"),
        vec![json!({"a": 1}), json!({"b": 2})]
    );
    // Only the first document of each piece counts.
    assert_eq!(p("a: 1\n...\nb: 2\n"), vec![json!({"a": 1})]);
}

#[test]
fn invalid_separator() {
    let (line, _, msg) = perr("a: 1\n--- b\nc: 2\n");
    assert_eq!(line, 2);
    assert!(msg.contains("invalid document separator: --- b"), "{msg}");
}

#[test]
fn tags_and_directives() {
    // kyaml splits before the `---`, so directives never reach a document.
    assert!(
        perr("%YAML 1.1\n---\na: 1\n")
            .2
            .contains("did not find expected <document start>")
    );
    let stream = |s: &str| parse_stream(s, Path::new("t"), &ParseOptions::default());
    assert_eq!(
        stream("%YAML 1.1\n%TAG !e! tag:e.com,2000:\n---\na: !e!foo 12\nb: !!str 12\nc: !!int \"12\"\nd: !!float 1\ne: !<tag:yaml.org,2002:str> 13\nf: ! 14\ng: !!binary aGVsbG8=\nh: !!null \"\"\ni: !foo 12\n").unwrap(),
        vec![json!({"a": "12", "b": "12", "c": 12, "d": 1.0, "e": "13", "f": 14, "g": "hello", "h": null, "i": "12"})]
    );
    assert!(p1("d: !!float 1\n")["d"].is_f64());
    let (_, _, msg) = perr("a: !!int x\n");
    assert!(msg.contains("cannot decode !!str `x` as a !!int"), "{msg}");
    let msg = stream("%YAML 1.2\n---\na: 1\n").unwrap_err().to_string();
    assert!(msg.contains("incompatible"), "{msg}");
}

#[test]
fn anchors_aliases_merges() {
    assert_eq!(
        p1(
            "a: &x hello\nb: *x\nc: &m {k: v, k2: v2}\nd: *m\ne:\n  <<: *m\n  k: own\nf:\n  <<: [*m, {k3: z, k: from2}]\n"
        ),
        json!({"a": "hello", "b": "hello", "c": {"k": "v", "k2": "v2"}, "d": {"k": "v", "k2": "v2"},
               "e": {"k": "own", "k2": "v2"}, "f": {"k": "v", "k2": "v2", "k3": "z"}})
    );
    let (line, col, msg) = perr("a: *nope\n");
    assert_eq!((line, col), (1, 4));
    assert!(msg.contains("unknown anchor 'nope'"), "{msg}");
    assert!(perr("a:\n  <<: 1\n").2.contains("map merge requires map"));
    // kubectl drops a quoted or !!str-tagged `<<` key (and merges nothing).
    assert_eq!(
        p1("a:\n  \"<<\": {x: y}\n  '<<': 1\n  c: d\nb: {!!str <<: {x: y}}\n"),
        json!({"a": {"c": "d"}, "b": {}})
    );
}

#[test]
fn explicit_keys() {
    assert_eq!(
        p1("? a\n: b\n? c\nd: e\n"),
        json!({"a": "b", "c": null, "d": "e"})
    );
}

#[test]
fn keys() {
    // Top level: non-string keys keep their source text.
    assert_eq!(
        p1("1: a\ntrue: b\n0x10: c\n2001-12-14: d\n.inf: e\n!foo bar: f\n!!binary aGVsbG8=: g\n"),
        json!({"1": "a", "true": "b", "0x10": "c", "2001-12-14": "d", ".inf": "e", "bar": "f", "hello": "g"})
    );
    // Nested: Go cannot marshal map[interface{}]interface{}.
    assert!(perr("a:\n  1: x\n").2.contains("non-string key"));
    assert!(perr("a: {true: x}\n").2.contains("non-string key"));
    assert!(
        perr("[a, b]: x\n")
            .2
            .contains("cannot unmarshal !!seq into string")
    );
    assert!(perr("~: x\n").2.contains("already defined"));
    // Quoted keys are strings everywhere.
    assert_eq!(p1("a:\n  \"1\": x\n"), json!({"a": {"1": "x"}}));
}

#[test]
fn duplicate_keys() {
    let (line, col, msg) = perr("a: 1\nb: 2\na: 3\n");
    assert_eq!((line, col), (3, 1));
    assert_eq!(msg, "mapping key \"a\" already defined at line 1");
    let (line, _, msg) = perr("x:\n  a: 1\n  \"a\": 2\n");
    assert_eq!(line, 3);
    assert!(msg.contains("already defined at line 2"), "{msg}");
}

#[test]
fn unrepresentable_values() {
    assert_eq!(perr("a: .nan\n").2, "json: unsupported value: NaN");
    assert_eq!(perr("a: [-.inf]\n").2, "json: unsupported value: -Inf");
    assert!(
        perr("a: 2001-12-14T21:59:43+24:00\n")
            .2
            .contains("timezone hour")
    );
}

#[test]
fn syntax_errors_have_positions() {
    let (line, col, msg) = perr("a: b: c\n");
    assert_eq!((line, col), (1, 5));
    assert_eq!(msg, "mapping values are not allowed in this context");
    let (line, _, msg) = perr("a: 1\nb\n");
    assert_eq!(line, 2);
    assert!(msg.contains("could not find expected ':'"), "{msg}");
    let (line, _, msg) = perr("a: [1, 2\n");
    assert!(line >= 1, "{msg}");
    let (line, _, msg) = perr("a:\n  b: 1\n c: 2\n");
    assert_eq!(line, 3, "{msg}");
    let (line, col, msg) = perr("a: \"x\\qy\"\n");
    assert_eq!((line, col), (1, 4));
    assert!(msg.contains("unknown escape"), "{msg}");
    let (line, col, _) = perr("a: 1\nb: \u{1}\n");
    assert_eq!((line, col), (2, 4));
    // Errors in later documents carry the right line.
    let (line, _, _) = perr("a: 1\n---\nb: 2\nc: d: e\n");
    assert_eq!(line, 4);
}

#[test]
fn depth_limit() {
    // Run on a thread with a large stack: debug builds use big frames.
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(depth_limit_inner)
        .unwrap()
        .join()
        .unwrap();
}

fn depth_limit_inner() {
    let deep = "[".repeat(100_000);
    match parse_documents(&deep, Path::new("t"), &ParseOptions::default()) {
        Err(Error::Limit { .. }) => {}
        other => panic!("{other:?}"),
    }
    let mut s = String::new();
    for i in 0..300 {
        s.push_str(&" ".repeat(i));
        s.push_str("a:\n");
    }
    assert!(matches!(
        parse_documents(&s, Path::new("t"), &ParseOptions::default()),
        Err(Error::Limit { .. })
    ));
    let opts = ParseOptions {
        max_depth: 1000,
        ..Default::default()
    };
    assert!(parse_documents(&s, Path::new("t"), &opts).is_ok());
}

#[test]
fn alias_limit() {
    let mut s = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 0..12 {
        let prev = if i == 0 {
            "a".to_string()
        } else {
            format!("l{}", i - 1)
        };
        s.push_str(&format!("l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    match parse_documents(&s, Path::new("t"), &ParseOptions::default()) {
        Err(Error::Limit { message, .. }) => assert!(message.contains("aliases")),
        other => panic!("{:?}", other.map(|v| v.len())),
    }
}

#[test]
fn never_panics_on_prefixes() {
    let docs = [
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c # x\n  labels: {a: b, 'c': \"d\\u00e9\"}\ndata:\n  k: |\n    v\n  l: >-\n    w\n  m: [1, 2.5, &x ~, *x]\n  ? n\n  : !!str o\n---\n- - a\n  - b: c\n- \"é😀\\\n  x\"\n...\n%YAML 1.1\n---\n'q''r': s\n",
        "a:\t\tb\n\t- c\n{[\n-\t\n? - : \"\\U0010FFFF\\x\n'é\n",
    ];
    for d in docs {
        let mut idx: Vec<usize> = d.char_indices().map(|(i, _)| i).collect();
        idx.push(d.len());
        for &i in &idx {
            let _ = parse_documents(&d[..i], Path::new("t"), &ParseOptions::default());
            let _ = parse_stream(&d[..i], Path::new("t"), &ParseOptions::default());
            let _ = parse_documents(&d[i..], Path::new("t"), &ParseOptions::default());
        }
    }
}

#[test]
fn garbage_never_panics() {
    // A small deterministic generator of YAML-ish noise.
    let alphabet: Vec<char> = " \n\t-?:,[]{}#&*!|>'\"%@`ab1.~\\xué\r".chars().collect();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..3000 {
        // (Step the generator here too: a zero length must not freeze it.)
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let len = (state % 40) as usize;
        let mut s = String::new();
        for _ in 0..len {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            s.push(alphabet[(state % alphabet.len() as u64) as usize]);
        }
        let _ = parse_documents(&s, Path::new("t"), &ParseOptions::default());
        let _ = parse_stream(&s, Path::new("t"), &ParseOptions::default());
    }
}

#[test]
fn parse_stream_all_documents() {
    assert_eq!(
        parse_stream(
            "a: 1\n--- b\n...\n--- [c]\n",
            Path::new("t"),
            &ParseOptions::default()
        )
        .unwrap(),
        vec![json!({"a": 1}), json!("b"), json!(["c"])]
    );
}

/// CPU time of this thread in ns (Linux), for throughput checks on a busy machine.
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

#[test]
#[ignore]
fn phase_timing() {
    let mut s = String::new();
    let mut i = 0;
    while s.len() < 4 << 20 {
        s.push_str(&format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-{i}\n  labels:\n    app: web\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.25\n        args: [\"--port\", \"8080\"]\n        env:\n        - {{name: A, value: \"1\"}}\n---\n"));
        i += 1;
    }
    for _ in 0..3 {
        let t = cpu_ns();
        let mut sc = crate::yaml::scanner::Scanner::new(&s);
        let mut n = 0;
        while let Ok(tok) = sc.next_token() {
            n += 1;
            if tok.tok == crate::yaml::scanner::Tok::StreamEnd {
                break;
            }
        }
        let scan = cpu_ns() - t;
        let t = cpu_ns();
        let docs = parse_documents(&s, Path::new("x"), &ParseOptions::default()).unwrap();
        let full = cpu_ns() - t;
        let t = cpu_ns();
        drop(docs);
        let dropt = cpu_ns() - t;
        println!(
            "{n} tokens; scan {:.1} MB/s, full {:.1} MB/s, drop {} ms",
            s.len() as f64 / scan as f64 * 1e3,
            s.len() as f64 / full as f64 * 1e3,
            dropt / 1_000_000
        );
    }
}

// ---- Fast path: it must agree with the general path everywhere ----

/// Documents in the shapes the fast path takes, plus some it must refuse.
const FAST_DOCS: &[&str] = &[
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    app.kubernetes.io/name: web\n  annotations:\n    description: \"A web server, number 1\"\n    note: 'it''s'\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: web}\n  template:\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.25\n        args: [\"--port\", \"8080\", '--verbose', -v, 1e3, ~]\n        ports:\n        - containerPort: 8080\n          protocol: TCP\n        resources:\n          limits: {cpu: 500m, memory: 128Mi}\n          requests: {}\n        env: []\n",
    "---\napiVersion: v1\nkind: ConfigMap\ndata:\n  config.yaml: |\n    server:\n      port: 8080\n\n    # a comment inside a block scalar\n  folded: >\n    a\n    b\n\n      c\n  keep: |+\n    x\n\n  strip: |-\n    y\n  enabled: \"true\"\n  ratio: 0.5\n  when: 2001-12-14t21:59:43.10-05:00\n  octal: 0o17\n  hex: 0x1F\n  big: 18446744073709551615\n  neg: -12\n  nul: null\n  tilde: ~\n  yes: yes\n  t: True\n",
    "# leading comment\n- a\n- b # trailing\n-\n- c: 1\n  d:\n  - x\n  - y\n  e: {}\n- \"k\": v\n  'q': w\n- [a, [b, {c: d}], {\"e\":1}]\n",
    "key with spaces: value with spaces\n\"quoted key\" : x\nmulti: line\n  plain scalar\n\n  with blank\nurl: http://example.com:8080/a#b\nempty:\nlast: end",
    "a:\n  b:\n    c:\n      d: [1, 2]\n  e: f\ng:\n- h\n- i:\n    j: k\n",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  labels:\n    l: 1.50\n  annotations:\n    a: 1.50\n    b: 0x1F\n    c: True\n    d: 2001-12-14\n    e:\n    f: ~\n    g: null\n    h: .inf\n    i: \"1.50\"\n    j: plain text\n    k: |\n      1.50\n    l: 12\n    m:\n      n: 1.50\n  other:\n    annotations:\n      x: 1.50\ndata:\n  d: 1.50\nspec:\n  template:\n    metadata:\n      annotations:\n        t: 1.50\n",
    "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n    annotations:\n      a: 1.50\n      b:\n      c: ~\n  data:\n    d: 1.50\n-\n  metadata:\n    annotations:\n      x: 0x1F\nmetadata:\n  annotations:\n    top: True\n",
    "metadata: {name: f, annotations: {a: 1.50, b: , c: ~}}\n",
    "metadata:\n  annotations: {a: 1.50, b: }\n",
    "metadata:\n  annotations:\n    a: &x 1.50\n    b: *x\n    c: !!float 0x1F\n    d: !!str 1.50\n    e: !custom 1.50\n",
    "items: [{metadata: {annotations: {a: 1.50}}}]\n",
    "dup: 1\ndup: 2\n",
    "- - nested\n",
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "<<: {a: 1}\nb: 2\n",
    "'<<': 1\n",
    "1: a\n",
    "null: a\n",
    "a: .nan\n",
    "a:\n  b: 1\n c: 2\n",
    "a: b: c\n",
    "a: 'x' y\n",
    "labels:\n- pairs: {env: yes, on: off, \"y\": n}\n  includeSelectors: Yes\nnamespace: no\nimages:\n- {name: a, newTag: 2001-12-14}\n- name: b\n  newTag: 1.10\nyes: ON\n",
    "a: [b\n  , c]\n",
    "a: {b: , c}\n",
    "a: [b: c]\n",
    "a:\n- b\n- c\nd: e\n",
    "- a\n  - b\n",
    "a: b\n  # deeper comment\n  c\n",
    "a:\tb\n",
    "\ta: b\n",
    "a: b\r\nc: d\r\n",
    "\u{feff}a: b\n",
    "a: b\n...\nc: d\n",
    "a: \"b\\u00e9\\n\"\nc: \"multi\n  line\"\n",
    "  indented: root\n  second: key\n",
    "? complex\n: key\n",
    "a: |2\n    x\n",
    "a: |\n  x\n b: 1\n",
    "k: v # c\n#c2\n  # c3\nk2: v2",
    "a: {b :c, d : e, f:g}\nh: [i :j, k]\nl: m :n\n",
    "- o :p\n- {q :r}\n",
    "a: b\t c \t\nd: e #f\ng: h\n  \n\n  # x\ni: j\n",
    "- a\n  b\n- c\n\n   d\n",
];

fn both(s: &str) -> (String, String, String, String) {
    let show = |r: Result<Vec<(Value, Vec<String>)>>| match r {
        Ok(v) => serde_json::to_string(&v).unwrap_or_default(),
        Err(e) => format!("error: {e}"),
    };
    let showk = |r: Result<Value>| match r {
        Ok(v) => serde_json::to_string(&v).unwrap_or_default(),
        Err(e) => format!("error: {e}"),
    };
    let o = ParseOptions {
        max_depth: 12,
        max_alias_expansion: 1000,
        annotation_text: AnnotationText::Resolve,
    };
    let p = Path::new("t.yaml");
    let modes = [
        AnnotationText::Resolve,
        AnnotationText::Resource,
        AnnotationText::List,
        AnnotationText::Patch,
    ];
    let (mut fast, mut general) = (String::new(), String::new());
    for annotation_text in modes {
        let o = ParseOptions {
            annotation_text,
            ..o
        };
        fast.push_str(&show(documents_typed(s, p, &o, true)));
        general.push_str(&show(documents_typed(s, p, &o, false)));
    }
    // Kustomization files resolve annotations whatever the options say.
    let ok = ParseOptions {
        annotation_text: AnnotationText::Resource,
        ..o
    };
    (
        fast,
        general,
        showk(kustomization(s, p, &ok, Resolve::Fast)),
        showk(kustomization(s, p, &o, Resolve::Slow)),
    )
}

#[test]
fn fast_path_agrees_with_general_path() {
    for d in FAST_DOCS {
        let (a, b, c, e) = both(d);
        assert_eq!(a, b, "documents differ for {d:?}");
        assert_eq!(c, e, "kustomization differs for {d:?}");
    }
}

#[test]
fn fast_path_agrees_on_mutations() {
    // Deterministic mutations of the documents above: insertions of
    // YAML-significant text, deletions, truncations, duplications.
    const INSERTS: &[&str] = &[
        "\t",
        " ",
        "  ",
        "\n",
        "\n\n",
        ":",
        ": ",
        "#",
        " #",
        "\"",
        "'",
        "-",
        "- ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&a ",
        "*a",
        "!!str ",
        "---\n",
        "...\n",
        "? ",
        "|",
        ">\n",
        "\\",
        "\r",
        "~",
        "0x1F",
        "é",
        "\u{feff}",
        "''",
        "<<: ",
        "a: b",
        "\n  ",
        "\n- ",
        "\n  - ",
        "1: ",
        "yes",
        "y: ",
        "Off",
        "2001-12-14",
        "1.5: ",
    ];
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut rnd = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n.max(1) as u64) as usize
    };
    for d in FAST_DOCS {
        for _ in 0..150 {
            let mut s: Vec<char> = d.chars().collect();
            for _ in 0..1 + rnd(3) {
                let pos = rnd(s.len() + 1);
                match rnd(4) {
                    0 | 1 => {
                        let ins = INSERTS[rnd(INSERTS.len())];
                        for (k, ch) in ins.chars().enumerate() {
                            s.insert(pos + k, ch);
                        }
                    }
                    2 => {
                        let end = (pos + 1 + rnd(8)).min(s.len());
                        s.drain(pos.min(end)..end);
                    }
                    _ => {
                        let end = (pos + rnd(30)).min(s.len());
                        let seg: Vec<char> = s[pos.min(end)..end].to_vec();
                        for (k, ch) in seg.into_iter().enumerate() {
                            s.insert(end + k, ch);
                        }
                    }
                }
            }
            let s: String = s.into_iter().collect();
            let (a, b, c, e) = both(&s);
            assert_eq!(a, b, "documents differ for {s:?}");
            assert_eq!(c, e, "kustomization differs for {s:?}");
        }
    }
}

#[test]
fn kustomizations_resolve_yaml11_scalars_on_both_paths() {
    let o = ParseOptions::default();
    let p = Path::new("kustomization.yaml");
    let text = "namespace: no\nlabels:\n- pairs: {env: yes, n: \"on\"}\n  includeSelectors: Y\nimages:\n- name: a\n  newTag: 2001-12-14\n  newName: ~\nreplicas:\n- {name: r, count: 0x10}\n";
    // The flow key `n` is the boolean false (its text is made by the
    // general path, which the fast path leaves it to).
    let mut want = json!({
        "namespace": false,
        "labels": [{"pairs": {"env": true, "false": "on"}, "includeSelectors": true}],
        "images": [{"name": "a", "newTag": "2001-12-14", "newName": null}],
        "replicas": [{"name": "r", "count": 16}],
    });
    assert_eq!(kustomization(text, p, &o, Resolve::Fast).unwrap(), want);
    assert_eq!(kustomization(text, p, &o, Resolve::Slow).unwrap(), want);
    // The everyday shape (string keys) stays on the fast path.
    let plain = text.replace("n: \"on\"", "k: \"on\"");
    want["labels"][0]["pairs"] = json!({"env": true, "k": "on"});
    let mut sc = Scanner::new(&plain);
    assert_eq!(fast::document_yaml11(&mut sc, 256), Some(want.clone()));
    assert_eq!(kustomization(&plain, p, &o, Resolve::Slow).unwrap(), want);
    // Keys: booleans, numbers and timestamps become their JSON text.
    let v = parse_kustomization("{yes: 1, 0x10: 2, 1.50: 3, 2001-12-14: 4, Off: 5}\n", p, &o);
    assert_eq!(
        v.unwrap(),
        json!({"true": 1, "16": 2, "1.5": 3, "2001-12-14": 4, "false": 5})
    );
    // go-yaml v2 merges only a plain `<<`; a quoted or `!!str` one is a key.
    let v = parse_kustomization(
        "a: {\"<<\": {x: 1}, !!str <<: 2}\nb:\n  <<: {z: 3}\n",
        p,
        &o,
    );
    assert_eq!(v.unwrap(), json!({"a": {"<<": 2}, "b": {"z": 3}}));
}

#[test]
fn fast_path_takes_the_common_shapes() {
    // The fast path must actually handle these (else it silently costs a
    // second parse): the first five documents above.
    for d in &FAST_DOCS[..5] {
        for (_, piece) in split_documents(d, Path::new("t")).unwrap() {
            let mut sc = Scanner::new(piece);
            let v = fast::document(&mut sc, 256, AnnotationText::Resolve, &mut Vec::new());
            assert!(v.is_some(), "fast path refused {piece:?}");
            for mode in [
                AnnotationText::Resource,
                AnnotationText::List,
                AnnotationText::Patch,
            ] {
                let mut sc = Scanner::new(piece);
                let v = fast::document(&mut sc, 256, mode, &mut Vec::new());
                assert!(v.is_some(), "fast path refused {piece:?} ({mode:?})");
            }
        }
    }
    // And refuses what it must leave to the general path.
    for d in [
        "a: &x 1\n",
        "a: !!str 1\n",
        "dup: 1\ndup: 2\n",
        "1: a\n",
        "a: .nan\n",
    ] {
        let mut sc = Scanner::new(d);
        let mode = AnnotationText::Resolve;
        assert!(
            fast::document(&mut sc, 256, mode, &mut Vec::new()).is_none(),
            "{d:?}"
        );
    }
}

/// kyaml's split, written the plain way (byte by byte), as the reference
/// for [`split_documents`].
fn split_reference(s: &str) -> std::result::Result<Vec<(usize, &str)>, (usize, String)> {
    let mut out = Vec::new();
    if s.is_empty() {
        return Ok(out);
    }
    let b = s.as_bytes();
    let (mut prev, mut prev_line, mut line, mut i) = (0, 0, 0, 0);
    while i < b.len() {
        if b[i] != b'\n' {
            i += 1;
            continue;
        }
        if b.get(i + 1..i + 4) == Some(b"---") {
            let sep_start = i + 4;
            if let Some(rel) = b[sep_start..].iter().position(|&c| c == b'\n') {
                let sep_end = sep_start + rel;
                let rest = s[sep_start..sep_end].trim();
                if !rest.is_empty() && !rest.starts_with('#') {
                    return Err((line + 2, s[i + 1..sep_end].trim().to_string()));
                }
                out.push((prev_line, &s[prev..=i]));
                prev = sep_end + 1;
                line += 2;
                prev_line = line;
                i = sep_end + 1;
                continue;
            }
        }
        line += 1;
        i += 1;
    }
    out.push((prev_line, &s[prev..]));
    Ok(out)
}

#[test]
fn split_documents_matches_reference() {
    let pieces = [
        "a: 1",
        "\n",
        "---",
        "--- # c",
        "---x",
        "--- x",
        "...",
        "-",
        "é",
        " ",
        "#",
        "\n---\n",
        "\n-",
        "\n--",
        "key: value",
        "0123456789abcdef",
    ];
    let mut state: u64 = 0x1234_5678_9ABC_DEF1;
    let mut long = 0;
    for _ in 0..20000 {
        let mut s = String::new();
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        for _ in 0..(state % 40) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            s.push_str(pieces[(state % pieces.len() as u64) as usize]);
        }
        let got = match split_documents(&s, Path::new("t")) {
            Ok(v) => Ok(v),
            Err(Error::Yaml { line, message, .. }) => Err((
                line,
                message
                    .trim_start_matches("invalid document separator: ")
                    .to_string(),
            )),
            Err(e) => panic!("{e}"),
        };
        assert_eq!(got, split_reference(&s), "input {s:?}");
        long += usize::from(s.len() > 64);
    }
    assert!(long > 5000);
}

// ---- Annotation values as source text ----

fn pa(s: &str, mode: AnnotationText) -> Vec<(Value, Vec<String>)> {
    let o = ParseOptions {
        annotation_text: mode,
        ..Default::default()
    };
    let fast = documents_typed(s, Path::new("t.yaml"), &o, true)
        .unwrap_or_else(|e| panic!("parse failed for {s:?}: {e}"));
    let general = documents_typed(s, Path::new("t.yaml"), &o, false)
        .unwrap_or_else(|e| panic!("parse failed for {s:?}: {e}"));
    assert_eq!(fast, general, "fast and general paths differ for {s:?}");
    fast
}

const ANNOTATED: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  labels:\n    l: 1.50\n  annotations:\n    v1: 1.50\n    v2: 0x1F\n    v3: True\n    v4: 2001-12-14\n    v5: 1e3\n    v6: null\n    v7: ~\n    v8: 010\n    v9: +1\n    v10: .inf\n    v11: 1_000\n    v12: 0o17\n    v13: -0\n    v14: FALSE\n    v15: yes\n    v16: 12\n    v17: false\n    v18:\n    q: \"1.50\"\n    s: text\ndata:\n  d1: 1.50\n  d2: 0x1F\nspec:\n  template:\n    metadata:\n      annotations:\n        t: 1.50\n";

#[test]
fn annotation_values_keep_their_text_in_resources() {
    let docs = pa(ANNOTATED, AnnotationText::Resource);
    let (v, typed) = &docs[0];
    let a = &v["metadata"]["annotations"];
    let texts = [
        ("v1", "1.50"),
        ("v2", "0x1F"),
        ("v3", "True"),
        ("v4", "2001-12-14"),
        ("v5", "1e3"),
        ("v6", "null"),
        ("v7", "~"),
        ("v8", "010"),
        ("v9", "+1"),
        ("v10", ".inf"),
        ("v11", "1_000"),
        ("v12", "0o17"),
        ("v13", "-0"),
        ("v14", "FALSE"),
        ("v15", "yes"),
        ("v16", "12"),
        ("v17", "false"),
        ("v18", ""),
        ("q", "1.50"),
        ("s", "text"),
    ];
    for (k, t) in texts {
        assert_eq!(a[k], json!(t), "{k}");
    }
    // Plain scalars that are not strings in YAML are the typed ones.
    let want: Vec<String> = texts
        .iter()
        .filter(|(k, _)| !matches!(*k, "q" | "s" | "v15"))
        .map(|(k, _)| k.to_string())
        .collect();
    assert_eq!(typed, &want);
    // Labels, data and nested annotations resolve as everywhere.
    assert_eq!(v["metadata"]["labels"]["l"], json!(1.5));
    assert_eq!(v["data"], json!({"d1": 1.5, "d2": 31}));
    assert_eq!(
        v["spec"]["template"]["metadata"]["annotations"]["t"],
        json!(1.5)
    );
}

#[test]
fn annotation_values_resolve_by_default() {
    let docs = pa(
        ANNOTATED.replace("    v10: .inf\n", "").as_str(),
        AnnotationText::Resolve,
    );
    let (v, typed) = &docs[0];
    assert!(typed.is_empty());
    assert_eq!(v["metadata"]["annotations"]["v1"], json!(1.5));
    assert_eq!(v["metadata"]["annotations"]["v18"], Value::Null);
    // `.inf` is an error unless kept as text.
    assert!(parse_documents(ANNOTATED, Path::new("t"), &ParseOptions::default()).is_err());
}

#[test]
fn patch_annotations_keep_nulls() {
    let s = "metadata:\n  annotations:\n    a: 1.50\n    b: ~\n    c: null\n    d:\n    e: True\n";
    let docs = pa(s, AnnotationText::Patch);
    let a = &docs[0].0["metadata"]["annotations"];
    assert_eq!(
        a,
        &json!({"a": "1.50", "b": null, "c": null, "d": null, "e": "True"})
    );
    let docs = pa(
        "metadata: {annotations: {a: 1.50, b: }}\n",
        AnnotationText::Patch,
    );
    assert_eq!(
        docs[0].0["metadata"]["annotations"],
        json!({"a": "1.50", "b": null})
    );
}

#[test]
fn list_items_keep_their_text_only_in_list_mode() {
    let s = "kind: List\nitems:\n- kind: ConfigMap\n  metadata:\n    annotations:\n      a: 1.50\n      b:\n";
    let docs = pa(s, AnnotationText::List);
    let a = &docs[0].0["items"][0]["metadata"]["annotations"];
    assert_eq!(a, &json!({"a": "1.50", "b": ""}));
    // Items are not top-level: not reported as typed.
    assert!(docs[0].1.is_empty());
    let docs = pa(s, AnnotationText::Resource);
    let a = &docs[0].0["items"][0]["metadata"]["annotations"];
    assert_eq!(a, &json!({"a": 1.5, "b": null}));
}

#[test]
fn annotation_text_in_flow_tagged_and_aliased_values() {
    let s = "metadata: {annotations: {a: 1.50, b: , c: ~}}\n---\nmetadata:\n  annotations:\n    a: &x 1.50\n    b: *x\n    c: !!float 0x1F\n    d: !!str 1.50\n    e: [1.50]\n    f: {g: 1.50}\n";
    let docs = pa(s, AnnotationText::Resource);
    assert_eq!(
        docs[0].0["metadata"]["annotations"],
        json!({"a": "1.50", "b": "", "c": "~"})
    );
    assert_eq!(docs[0].1, ["a", "b", "c"]);
    let a = &docs[1].0["metadata"]["annotations"];
    assert_eq!(a["a"], json!("1.50"));
    assert_eq!(a["b"], json!("1.50"));
    assert_eq!(a["c"], json!("0x1F"));
    assert_eq!(a["d"], json!("1.50"));
    assert_eq!(a["e"], json!([1.5]));
    assert_eq!(a["f"], json!({"g": 1.5}));
    assert_eq!(docs[1].1, ["a", "b", "c"]);
}

#[test]
fn fast_path_takes_flow_collections_without_annotations() {
    for d in [
        "metadata: {name: a, labels: {l: 1.50}}\n",
        "metadata:\n  annotations: {}\n",
        "metadata: {name: a, annotations: {}}\n",
        "kind: List\nitems: []\n",
    ] {
        for mode in [
            AnnotationText::Resource,
            AnnotationText::List,
            AnnotationText::Patch,
        ] {
            let mut sc = Scanner::new(d);
            let v = fast::document(&mut sc, 256, mode, &mut Vec::new());
            assert!(v.is_some(), "fast path refused {d:?} ({mode:?})");
            assert_eq!(pa(d, mode)[0].0, v.unwrap_or_default());
        }
    }
    for d in [
        "metadata: {annotations: {a: 1.50}}\n",
        "metadata:\n  annotations: {a: b}\n",
    ] {
        let mut sc = Scanner::new(d);
        let v = fast::document(&mut sc, 256, AnnotationText::Resource, &mut Vec::new());
        assert!(v.is_none(), "fast path took {d:?}");
    }
    let mut sc = Scanner::new("items: [{metadata: {annotations: {a: 1.50}}}]\n");
    assert!(fast::document(&mut sc, 256, AnnotationText::List, &mut Vec::new()).is_none());
}

#[test]
fn fast_path_takes_plain_annotations() {
    // Block annotations with plain values stay on the fast path.
    let mut sc = Scanner::new(ANNOTATED);
    let mut typed = Vec::new();
    let v = fast::document(&mut sc, 256, AnnotationText::Resource, &mut typed);
    assert_eq!(
        v.map(|v| v["metadata"]["annotations"]["v1"].clone()),
        Some(json!("1.50"))
    );
    assert_eq!(typed.len(), 17);
}
