//! Stage 1 — load: find kustomization files, read resource files and
//! directories (recursively), enforce the load restriction, detect cycles.
//!
//! Resource files are split into documents and validated exactly as
//! Kustomize's `kio.ByteReader` and resource factory do (see
//! [`resources_from_str`]).

use crate::LoadRestrictor;
use crate::build::{self, Accumulated, Ctx, Level};
use crate::error::{Error, Result};
use crate::fs::{FileSystem, normalize};
use crate::kustomization::{KUSTOMIZATION_FILE_NAMES, Kustomization};
use crate::resmap::ResMap;
use crate::resource::{Map, Resource, Value};
use crate::yaml::{AnnotationText, ParseOptions, parse_kustomization};
use std::collections::VecDeque;
use std::num::NonZeroU32;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// Annotation that marks a resource as local configuration, dropped from the output.
pub const LOCAL_CONFIG_ANNOTATION: &str = "config.kubernetes.io/local-config";

/// Annotations Kustomize uses for bookkeeping and removes before printing
/// (`RemoveBuildAnnotations`), whoever set them (input files included).
pub const BUILD_ANNOTATIONS: [&str; 18] = [
    "internal.config.kubernetes.io/previousKinds",
    "internal.config.kubernetes.io/previousNames",
    "internal.config.kubernetes.io/prefixes",
    "internal.config.kubernetes.io/suffixes",
    "internal.config.kubernetes.io/previousNamespaces",
    "internal.config.kubernetes.io/allowNameChange",
    "internal.config.kubernetes.io/allowKindChange",
    "internal.config.kubernetes.io/refBy",
    "internal.config.kubernetes.io/generatorBehavior",
    "internal.config.kubernetes.io/needsHashSuffix",
    "internal.config.kubernetes.io/path",
    "internal.config.kubernetes.io/index",
    "internal.config.kubernetes.io/seqindent",
    "internal.config.kubernetes.io/id",
    "internal.config.kubernetes.io/annotations-migration-resource-id",
    "config.kubernetes.io/path",
    "config.kubernetes.io/index",
    "config.k8s.io/id",
];

/// Origin annotation, removed unless `buildMetadata: [originAnnotations]`.
pub const ORIGIN_ANNOTATION: &str = "config.kubernetes.io/origin";
/// Transformer annotation, removed unless `buildMetadata: [transformerAnnotations]`.
pub const TRANSFORMATIONS_ANNOTATION: &str = "alpha.config.kubernetes.io/transformations";

/// Canonical path of the directory to build.
pub(crate) fn canonical_root(fs: &dyn FileSystem, dir: &Path) -> Result<PathBuf> {
    let root = fs.canonicalize(dir).map_err(|source| {
        if source.kind() == std::io::ErrorKind::NotFound {
            Error::invalid(dir, "must build at directory: no such directory")
        } else {
            Error::Io {
                path: dir.to_path_buf(),
                source,
            }
        }
    })?;
    if !fs.is_dir(&root) {
        return Err(Error::invalid(
            dir,
            "must build at directory: file is not directory",
        ));
    }
    Ok(root)
}

/// Parser options from the build limits.
pub(crate) fn parse_options(ctx: &Ctx) -> ParseOptions {
    ParseOptions {
        max_depth: ctx.opts.limits.max_depth,
        max_alias_expansion: ctx.opts.limits.max_alias_expansion,
        annotation_text: AnnotationText::Resolve,
    }
}

/// Parser options for resource files: annotation values kept as the text
/// written (see [`AnnotationText`]).
pub(crate) fn resource_parse_options(ctx: &Ctx) -> ParseOptions {
    ParseOptions {
        annotation_text: AnnotationText::Resource,
        ..parse_options(ctx)
    }
}

/// Parser options for strategic-merge patch files: annotation values kept
/// as text, nulls (deletions) kept.
pub(crate) fn patch_parse_options(ctx: &Ctx) -> ParseOptions {
    ParseOptions {
        annotation_text: AnnotationText::Patch,
        ..parse_options(ctx)
    }
}

/// Read a whole file, bounded by the size limit.
fn read_limited(ctx: &Ctx, path: &Path) -> Result<Vec<u8>> {
    let max = ctx.opts.limits.max_file_bytes;
    let bytes = ctx.fs.read_at_most(path, max).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if bytes.len() > ctx.opts.limits.max_file_bytes {
        return Err(Error::Limit {
            path: path.to_path_buf(),
            message: format!(
                "file is larger than {} bytes",
                ctx.opts.limits.max_file_bytes
            ),
        });
    }
    Ok(bytes)
}

fn utf8(path: &Path, bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| Error::invalid(path, format!("not valid UTF-8: {e}")))
}

/// The kustomization file of `dir`: exactly one of the three names Kustomize
/// accepts must be present.
pub(crate) fn find_kustomization_file(fs: &dyn FileSystem, dir: &Path) -> Result<PathBuf> {
    let found: Vec<PathBuf> = KUSTOMIZATION_FILE_NAMES
        .iter()
        .map(|n| dir.join(n))
        .filter(|p| fs.is_file(p))
        .collect();
    match found.as_slice() {
        [] => Err(Error::MissingKustomization {
            dir: dir.to_path_buf(),
        }),
        [one] => Ok(one.clone()),
        _ => Err(Error::invalid(
            dir,
            "Found multiple kustomization files (kustomization.yaml, kustomization.yml, Kustomization)",
        )),
    }
}

/// Find, read and parse the kustomization file of `dir` (a canonical directory).
pub(crate) fn load_level(ctx: &Ctx, dir: &Path) -> Result<Level> {
    let loads = ctx.loads.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
    if loads > ctx.opts.limits.max_kustomizations {
        return Err(Error::Limit {
            path: dir.to_path_buf(),
            message: format!(
                "more than {} kustomizations loaded",
                ctx.opts.limits.max_kustomizations
            ),
        });
    }
    let file = find_kustomization_file(ctx.fs, dir)?;
    let text = utf8(&file, read_limited(ctx, &file)?)?;
    // Only the first document counts; repeated keys: the last wins.
    let first = parse_kustomization(&text, &file, &parse_options(ctx))?;
    let k = Kustomization::from_value(first, &file)?;
    ctx.warnings
        .borrow_mut()
        .extend(k.deprecation_warnings().into_iter().map(String::from));
    Ok(Level {
        dir: dir.to_path_buf(),
        file,
        k,
    })
}

/// Push `level` on the stack of kustomizations being accumulated. As in
/// Kustomize, a kustomization directory that equals or contains one already
/// on the stack is a cycle.
pub(crate) fn enter(ctx: &mut Ctx, level: &Level) -> Result<()> {
    if ctx.stack.iter().any(|d| d.starts_with(&level.dir)) {
        let mut chain = ctx.stack.clone();
        chain.push(level.dir.clone());
        return Err(Error::Cycle { chain });
    }
    if ctx.stack.len() >= ctx.opts.limits.max_kustomization_depth {
        return Err(Error::Limit {
            path: level.file.clone(),
            message: format!(
                "kustomizations nested deeper than {}",
                ctx.opts.limits.max_kustomization_depth
            ),
        });
    }
    ctx.stack.push(level.dir.clone());
    Ok(())
}

/// Reject fields rustomize does not support (helm, validators).
pub(crate) fn check_supported(level: &Level) -> Result<()> {
    let k = &level.k;
    let unsupported = |feature: &str| Error::Unsupported {
        path: level.file.clone(),
        feature: feature.to_string(),
    };
    if !k.helm_charts.is_empty() {
        return Err(unsupported("helmCharts (helm chart inflation)"));
    }
    if !k.helm_chart_inflation_generator.is_empty() {
        return Err(unsupported("helmChartInflationGenerator"));
    }
    if !k.validators.is_empty() {
        return Err(unsupported("validators (plugins)"));
    }
    Ok(())
}

/// `rel` (relative to `dir`, or absolute), lexically cleaned as Go's `filepath.Join` does.
fn resolve(dir: &Path, rel: &str) -> PathBuf {
    normalize(&dir.join(rel))
}

/// The canonical form of `path` (absolute and clean) for a build where `known`
/// is canonical: the components `path` shares with `known` are canonical
/// already, so only the ones after them are checked, one `lstat` each,
/// instead of resolving every component of the path again. Any symbolic link
/// among them (or a filesystem that cannot tell) falls back to
/// [`FileSystem::canonicalize`].
pub(crate) fn canonical_below(
    fs: &dyn FileSystem,
    known: &Path,
    path: &Path,
) -> std::io::Result<PathBuf> {
    let common = path
        .components()
        .zip(known.components())
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: PathBuf = path.components().take(common).collect();
    for c in path.components().skip(common) {
        out.push(c);
        if !matches!(c, Component::Normal(_)) || !fs.is_real_entry(&out) {
            return fs.canonicalize(path);
        }
    }
    Ok(out)
}

/// `path` relative to `base`, with `..` where needed (both absolute and clean).
fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let p: Vec<Component> = path.components().collect();
    let b: Vec<Component> = base.components().collect();
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &p[common..] {
        out.push(c.as_os_str());
    }
    out
}

/// Accumulate `resources` (and `bases`) of `level` into `acc`: each entry is
/// loaded (on several threads when the context allows, see
/// [`crate::parallel`]), then added in the order listed.
pub(crate) fn accumulate_resources(
    ctx: &mut Ctx,
    level: &Level,
    acc: &mut Accumulated,
) -> Result<()> {
    let paths: Vec<&str> = level.k.resource_paths().collect();
    if ctx.threads > 1 && paths.len() > 1 {
        return crate::parallel::accumulate_resources(ctx, level, acc, &paths);
    }
    accumulate_in_order(ctx, level, acc, &paths)
}

/// Load and add the entries of `paths` one after the other.
pub(crate) fn accumulate_in_order(
    ctx: &mut Ctx,
    level: &Level,
    acc: &mut Accumulated,
    paths: &[&str],
) -> Result<()> {
    for rel in paths {
        add_entry(acc, load_entry(ctx, level, rel)?)?;
    }
    Ok(())
}

/// One entry of `resources`, loaded but not yet added to its level.
pub(crate) enum Entry {
    /// The resources of a file, with the file's path.
    File(Vec<Resource>, PathBuf),
    /// What a kustomization directory accumulated, with its canonical path.
    Dir(Box<Accumulated>, PathBuf),
}

/// Add a loaded entry to `acc` (a duplicate resource id is an error).
pub(crate) fn add_entry(acc: &mut Accumulated, entry: Entry) -> Result<()> {
    match entry {
        Entry::File(resources, path) => {
            for r in resources {
                acc.resmap.append(r, &path)?;
            }
            Ok(())
        }
        Entry::Dir(child, dir) => acc.absorb(*child, &dir),
    }
}

/// Load one entry of `resources`: a resource file or a kustomization
/// directory (accumulated with everything below it). Depends on nothing
/// accumulated so far at this level.
pub(crate) fn load_entry(ctx: &mut Ctx, level: &Level, rel: &str) -> Result<Entry> {
    if rel.is_empty() {
        return Err(Error::invalid(&level.file, "empty entry in resources"));
    }
    if crate::remote::is_http_url(rel) {
        return load_url(ctx, level, rel);
    }
    let path = resolve(&level.dir, rel);
    if ctx.fs.is_file(&path) {
        let (path, bytes) = read_existing(ctx, level, path)?;
        let origin_root = crate::compose::build_metadata::origin_root(ctx);
        let source: Arc<str> = relative_to(&path, origin_root).to_string_lossy().into();
        let origin = repo_origin(ctx, &source);
        return file_entry(ctx, path, bytes, source, origin);
    }
    if let Some(spec) = crate::remote::RepoSpec::parse(rel) {
        crate::remote::require_enabled(ctx, level, "remote base", rel)?;
        return load_remote(ctx, level, rel, &spec);
    }
    if ctx.fs.is_dir(&path) {
        if Path::new(rel).is_absolute() {
            return Err(Error::invalid(
                &level.file,
                format!("resource directory '{rel}' cannot be absolute"),
            ));
        }
        let dir = canonical_below(ctx.fs, &level.dir, &path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        crate::remote::check_contained(ctx, level, rel, &dir)?;
        return load_base(ctx, level, rel, dir);
    }
    Err(Error::NotFound {
        path,
        referenced_by: level.file.clone(),
    })
}

/// The origin a file at `source` gets when its level lies in an annotated
/// remote base (its repository and ref, the path inside); none otherwise.
fn repo_origin(ctx: &Ctx, source: &str) -> Option<crate::resource::Origin> {
    ctx.repo
        .as_ref()
        .filter(|s| s.annotate)
        .map(|_| crate::resource::Origin {
            path: source.to_string(),
            ..crate::compose::build_metadata::remote_origin(ctx)
        })
}

/// The resources of the file `path` (its bytes read), with their source and origin.
fn file_entry(
    ctx: &Ctx,
    path: PathBuf,
    bytes: Vec<u8>,
    source: Arc<str>,
    origin: Option<crate::resource::Origin>,
) -> Result<Entry> {
    let text = utf8(&path, bytes)?;
    let chunks = resource_chunks(&text, &path, &resource_parse_options(ctx))?;
    let resources = resources_typed(chunks, &path)?
        .into_iter()
        .map(|(line, obj, typed)| {
            let mut r = Resource::new(obj, Some(source.clone()));
            r.line = NonZeroU32::new(line);
            r.origin = origin.clone();
            r.typed_annotations = typed.into_boxed_slice();
            r
        })
        .collect();
    Ok(Entry::File(resources, path))
}

/// An `http(s)://` entry of `resources`, as Kustomize loads it: the file at
/// the URL when it can be fetched (a 2xx answer) and parsed as resources;
/// otherwise, when the URL is a git URL, the remote base it names; otherwise
/// the fetch (or parse) error.
fn load_url(ctx: &mut Ctx, level: &Level, url: &str) -> Result<Entry> {
    crate::remote::require_enabled(ctx, level, "remote resource", url)?;
    let spec = crate::remote::RepoSpec::parse(url);
    let file_error = match fetch_url(ctx, level, url) {
        Ok(bytes) => {
            // Origins: inside the repository for a git URL, else the URL
            // joined to the level's directory (as Go's filepath.Join cleans it).
            let root = crate::compose::build_metadata::origin_root(ctx);
            let source: Arc<str> = relative_to(&resolve(&level.dir, url), root)
                .to_string_lossy()
                .into();
            let origin = match &spec {
                Some(spec) => Some(crate::resource::Origin {
                    path: spec.path.clone(),
                    repo: spec.clone_spec(),
                    ref_: spec.git_ref.clone(),
                    ..Default::default()
                }),
                None => repo_origin(ctx, &source),
            };
            match file_entry(ctx, PathBuf::from(url), bytes, source, origin) {
                Ok(entry) => return Ok(entry),
                Err(e) => Error::InRemote {
                    path: level.file.clone(),
                    url: url.to_string(),
                    source: Box::new(e),
                },
            }
        }
        Err(e) => e,
    };
    match spec {
        // As in Kustomize, a failed clone reports both attempts.
        Some(spec) => load_remote(ctx, level, url, &spec).map_err(|e| match e {
            Error::Remote { path, url, message } => {
                let as_file = match file_error {
                    Error::Remote { message, .. } => message,
                    Error::InRemote { source, .. } => source.to_string(),
                    other => other.to_string(),
                };
                Error::Remote {
                    path,
                    url,
                    message: format!("as a file: {as_file}; as a git repository: {message}"),
                }
            }
            other => other,
        }),
        None => Err(file_error),
    }
}

/// The body of the file at `url` (an `http(s)://` URL named by a field of
/// `level`'s kustomization), fetched over HTTP; the load restriction does
/// not apply (as in Kustomize). [`Error::Remote`] when it cannot be fetched.
pub(crate) fn fetch_url(ctx: &Ctx, level: &Level, url: &str) -> Result<Vec<u8>> {
    crate::remote::require_enabled(ctx, level, "remote file", url)?;
    crate::remote::http_get(url, ctx.opts.limits.max_file_bytes).map_err(|message| Error::Remote {
        path: level.file.clone(),
        url: url.to_string(),
        message,
    })
}

/// Load and accumulate the kustomization directory `dir` (canonical),
/// listed as `rel` in `level`'s resources.
fn load_base(ctx: &mut Ctx, level: &Level, rel: &str, dir: PathBuf) -> Result<Entry> {
    let child_level = load_level(ctx, &dir)?;
    if child_level.k.is_component() {
        return Err(Error::invalid(
            &level.file,
            format!("'{rel}' is a kind: Component; list it under components, not resources"),
        ));
    }
    let child = build::accumulate_loaded(ctx, &child_level)?;
    Ok(Entry::Dir(Box::new(child), dir))
}

/// A remote git base listed as `rel` in `level`'s resources.
fn load_remote(
    ctx: &mut Ctx,
    level: &Level,
    rel: &str,
    spec: &crate::remote::RepoSpec,
) -> Result<Entry> {
    crate::remote::in_checkout(ctx, level, rel, spec, |ctx, dir| {
        load_base(ctx, level, rel, dir)
    })
}

/// Read a file named (relative to `level.dir`, or absolute) by a field of
/// `level`'s kustomization, honouring the load restriction: unless the build
/// uses [`LoadRestrictor::None`], the file (symlinks resolved) must lie in or
/// below `level.dir`. An `http(s)://` URL is fetched instead ([`fetch_url`];
/// its path is the URL). Returns its (lexically cleaned) path and bytes. Every
/// stage reads files through this.
pub(crate) fn read_file(ctx: &Ctx, level: &Level, rel: &str) -> Result<(PathBuf, Vec<u8>)> {
    if crate::remote::is_http_url(rel) {
        return Ok((PathBuf::from(rel), fetch_url(ctx, level, rel)?));
    }
    let path = resolve(&level.dir, rel);
    if !ctx.fs.is_file(&path) {
        if ctx.fs.is_dir(&path) {
            return Err(Error::invalid(&path, "is a directory, expected a file"));
        }
        return Err(Error::NotFound {
            path,
            referenced_by: level.file.clone(),
        });
    }
    read_existing(ctx, level, path)
}

/// [`read_file`] for a `path` (resolved, clean) known to be a file.
fn read_existing(ctx: &Ctx, level: &Level, path: PathBuf) -> Result<(PathBuf, Vec<u8>)> {
    if ctx.opts.load_restrictor == LoadRestrictor::RootOnly || ctx.repo.is_some() {
        let real = canonical_below(ctx.fs, &level.dir, &path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        if !real.starts_with(&level.dir) {
            return Err(Error::LoadRestriction {
                path,
                root: level.dir.clone(),
                referenced_by: level.file.clone(),
            });
        }
    }
    let bytes = read_limited(ctx, &path)?;
    Ok((path, bytes))
}

/// The text of a scalar as Kustomize's YAML layer sees it ("" for null and collections).
pub(crate) fn scalar_text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// Null, `{}` and `[]` documents are skipped (kyaml `IsNilOrEmpty`).
fn is_nil_or_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Object(m) => m.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// Parse one chunk: its first document (kyaml decodes one per chunk), with
/// the annotations kept as text although typed (see
/// [`crate::yaml::parse::parse_documents_typed`]).
fn parse_chunk(
    chunk: &str,
    first_line: usize,
    path: &Path,
    opts: &ParseOptions,
) -> Result<(Value, Vec<String>)> {
    match crate::yaml::parse::parse_documents_typed(chunk, path, opts) {
        Ok(docs) => Ok(docs.into_iter().next().unwrap_or((Value::Null, Vec::new()))),
        Err(Error::Yaml {
            path,
            line,
            column,
            message,
        }) => Err(Error::Yaml {
            path,
            line: line + first_line,
            column,
            message,
        }),
        Err(e) => Err(e),
    }
}

/// Whether kyaml unwraps `doc` when it is the only document of its file:
/// a `kind: List` / `ResourceList` with `items` or `functionConfig`.
fn wraps_items(doc: &Value) -> bool {
    let kind = doc.get("kind").and_then(Value::as_str).unwrap_or("");
    (kind == "List" || kind == "ResourceList")
        && doc
            .as_object()
            .is_some_and(|m| m.contains_key("items") || m.contains_key("functionConfig"))
}

/// A single-document `kind: List` / `ResourceList` with `items` or
/// `functionConfig` is replaced by its items (kyaml's unwrapping).
fn unwrap_single(doc: Value, path: &Path) -> Result<Vec<Value>> {
    let kind = scalar_text(doc.get("kind"));
    if !wraps_items(&doc) {
        return Ok(vec![doc]);
    }
    match doc.get("items") {
        Some(Value::Array(items)) => Ok(items.clone()),
        Some(Value::Object(m)) if !m.is_empty() => Err(Error::invalid(
            path,
            format!("expected a sequence in {kind}/items"),
        )),
        _ => Ok(Vec::new()),
    }
}

/// kyaml's `GetValidatedMetadata`: a resource needs a kind, and a name
/// unless its kind ends in `List`. Returns `None` for documents to skip.
fn validate(doc: Value, path: &Path) -> Result<Option<Map>> {
    if is_nil_or_empty(&doc) {
        return Ok(None);
    }
    let Value::Object(obj) = doc else {
        return Err(Error::invalid(path, "missing Resource metadata"));
    };
    let present = |v: Option<&Value>| v.is_some_and(|v| !is_nil_or_empty(v));
    let md = obj.get("metadata").filter(|m| m.is_object());
    let has_meta = present(obj.get("apiVersion"))
        || present(obj.get("kind"))
        || md.is_some_and(|m| {
            ["name", "namespace", "labels", "annotations"]
                .iter()
                .any(|k| present(m.get(*k)))
        });
    if !has_meta {
        return Err(Error::invalid(path, "missing Resource metadata"));
    }
    let kind = scalar_text(obj.get("kind"));
    if kind.is_empty() {
        return Err(Error::invalid(
            path,
            format!("missing kind in object {}", describe(&obj)),
        ));
    }
    if !kind.ends_with("List") && scalar_text(md.and_then(|m| m.get("name"))).is_empty() {
        return Err(Error::invalid(
            path,
            format!("missing metadata.name in object {}", describe(&obj)),
        ));
    }
    Ok(Some(obj))
}

fn describe(obj: &Map) -> String {
    let md = obj.get("metadata");
    format!(
        "{{apiVersion: {}, kind: {}, name: {}}}",
        scalar_text(obj.get("apiVersion")),
        scalar_text(obj.get("kind")),
        scalar_text(md.and_then(|m| m.get("name")))
    )
}

/// The resources of a YAML stream, as Kustomize's resource factory reads a
/// resource file: documents split on `---` lines, empty and comment-only
/// documents skipped, each document validated (kind, and a name unless the
/// kind ends in `List`), and lists expanded: a file holding a single
/// `kind: List` yields its items in place; any other `*List` kind with an
/// `items` field is replaced by its items, which go after the file's other
/// documents (Kustomize's queue order). `path` is used in error messages.
pub(crate) fn resources_from_str(text: &str, path: &Path, opts: &ParseOptions) -> Result<Vec<Map>> {
    Ok(resources_at(parse_chunks_at(text, path, opts)?, path)?
        .into_iter()
        .map(|(_, m)| m)
        .collect())
}

/// The documents of a YAML stream as kyaml's reader splits them (CRLF read
/// as LF, chunks at `---` lines), one value per chunk, before validation,
/// each with the 1-based line where its document starts (see
/// [`document_line`]).
pub(crate) fn parse_chunks_at(
    text: &str,
    path: &Path,
    opts: &ParseOptions,
) -> Result<Vec<(u32, Value)>> {
    Ok(parse_chunks_typed(text, path, opts)?
        .into_iter()
        .map(|(line, v, _)| (line, v))
        .collect())
}

/// A chunk's line, value, and annotation keys kept as text although typed.
pub(crate) type TypedChunk = (u32, Value, Vec<String>);

/// [`parse_chunks_at`], each chunk with the annotation keys kept as text
/// although typed.
pub(crate) fn parse_chunks_typed(
    text: &str,
    path: &Path,
    opts: &ParseOptions,
) -> Result<Vec<TypedChunk>> {
    let text = crate::yaml::parse::crlf_to_lf(text);
    crate::yaml::parse::split_documents(&text, path)?
        .iter()
        .map(|(line, chunk)| {
            let (v, typed) = parse_chunk(chunk, *line, path, opts)?;
            Ok((document_line(*line, chunk), v, typed))
        })
        .collect()
}

/// The chunks of a resource file: annotation values kept as the text
/// written ([`AnnotationText::Resource`]); a file holding a single
/// `kind: List` is read again so that its items keep theirs too
/// ([`AnnotationText::List`]: kyaml unwraps it as it is, while the items of
/// other `*List` kinds go through JSON).
fn resource_chunks(text: &str, path: &Path, opts: &ParseOptions) -> Result<Vec<TypedChunk>> {
    let chunks = parse_chunks_typed(text, path, opts)?;
    if let [(_, doc, _)] = chunks.as_slice() {
        if wraps_items(doc) {
            let opts = ParseOptions {
                annotation_text: AnnotationText::List,
                ..*opts
            };
            return parse_chunks_typed(text, path, &opts);
        }
    }
    Ok(chunks)
}

/// The 1-based line where the document of `chunk` (which starts on the
/// 0-based line `first_line` of its file) starts: its first line that is
/// not blank, a comment, a `---` marker or a directive. Only the lines
/// before the document are looked at. Lines past `u32::MAX` give 0.
pub(crate) fn document_line(first_line: usize, chunk: &str) -> u32 {
    let skipped = chunk
        .split('\n')
        .take_while(|l| {
            let t = l.trim();
            let marker = l
                .strip_prefix("---")
                .is_some_and(|r| r.trim().is_empty() || r.trim_start().starts_with('#'));
            t.is_empty() || t.starts_with('#') || marker || l.starts_with('%')
        })
        .count();
    u32::try_from(first_line + skipped + 1).unwrap_or(0)
}

/// [`resources_from_str`] after parsing: one value per `---`-separated chunk.
#[cfg(test)]
pub(crate) fn resources_from_values(chunks: Vec<Value>, path: &Path) -> Result<Vec<Map>> {
    Ok(
        resources_at(chunks.into_iter().map(|v| (0, v)).collect(), path)?
            .into_iter()
            .map(|(_, m)| m)
            .collect(),
    )
}

/// [`resources_from_str`] after parsing, carrying a line with each chunk: every
/// resource gets the line of the chunk it came from (the items of a list,
/// the line of the list).
pub(crate) fn resources_at(chunks: Vec<(u32, Value)>, path: &Path) -> Result<Vec<(u32, Map)>> {
    Ok(resources_typed(
        chunks
            .into_iter()
            .map(|(line, v)| (line, v, Vec::new()))
            .collect(),
        path,
    )?
    .into_iter()
    .map(|(line, m, _)| (line, m))
    .collect())
}

/// [`resources_at`], each chunk and resource with its annotation keys kept
/// as text although typed (the items of a list have none).
pub(crate) fn resources_typed(
    chunks: Vec<TypedChunk>,
    path: &Path,
) -> Result<Vec<(u32, Map, Vec<String>)>> {
    let single = chunks.len() == 1;
    let mut docs = Vec::new();
    for (line, doc, typed) in chunks {
        if doc.is_null() {
            continue;
        }
        if single && wraps_items(&doc) {
            docs.extend(
                unwrap_single(doc, path)?
                    .into_iter()
                    .map(|d| (line, d, Vec::new())),
            );
        } else {
            docs.push((line, doc, typed));
        }
    }
    let mut queue = VecDeque::new();
    for (line, d, typed) in docs {
        if let Some(obj) = validate(d, path)? {
            queue.push_back((line, obj, typed));
        }
    }
    let mut out = Vec::new();
    while let Some((line, obj, typed)) = queue.pop_front() {
        let kind = scalar_text(obj.get("kind"));
        if !kind.ends_with("List") || !obj.contains_key("items") {
            out.push((line, obj, typed));
            continue;
        }
        match obj.get("items") {
            Some(Value::Null) | None => {}
            Some(Value::Array(items)) => {
                for item in items {
                    for d in unwrap_single(item.clone(), path)? {
                        if let Some(o) = validate(d, path)? {
                            queue.push_back((line, o, Vec::new()));
                        }
                    }
                }
            }
            Some(_) => {
                return Err(Error::invalid(
                    path,
                    format!("expected array in {kind}/items"),
                ));
            }
        }
        if queue.len() + out.len() > 10_000_000 {
            return Err(Error::Limit {
                path: path.to_path_buf(),
                message: "too many resources".into(),
            });
        }
    }
    Ok(out)
}

/// Remove resources annotated `config.kubernetes.io/local-config` with any
/// value but `"false"` (Kustomize's `IgnoreLocal`).
pub(crate) fn drop_local_config(resmap: &mut ResMap) {
    resmap.retain(|r| {
        match r
            .obj
            .get("metadata")
            .and_then(|m| m.get("annotations"))
            .and_then(|a| a.get(LOCAL_CONFIG_ANNOTATION))
        {
            None => true,
            Some(v) => scalar_text(Some(v)) == "false",
        }
    });
}

/// Kustomize's last step before printing (`RemoveBuildAnnotations`, then the
/// origin and transformer annotations unless `buildMetadata` keeps them):
/// bookkeeping annotations are removed, the remaining annotation values
/// become strings (`port: 8080` → `"8080"`), and an annotations map left
/// empty (or `{}`, or null) disappears. A resource without `metadata`
/// gets `metadata: {}`; a `metadata` that is neither a mapping nor null is an error.
pub(crate) fn remove_build_annotations(
    resmap: &mut ResMap,
    build_metadata: &[String],
) -> Result<()> {
    let keep_origin = build_metadata.iter().any(|b| b == "originAnnotations");
    let keep_transformations = build_metadata.iter().any(|b| b == "transformerAnnotations");
    for r in resmap.iter_mut() {
        let (kind, name) = (r.kind().to_string(), r.name().to_string());
        let source = r.source.clone();
        let md = r
            .obj
            .entry("metadata")
            .or_insert_with(|| Value::Object(Map::new()));
        let md = match md {
            Value::Object(md) => md,
            Value::Null => continue,
            _ => {
                return Err(Error::invalid(
                    source.as_deref().unwrap_or(""),
                    format!("metadata of {kind} {name} is not a mapping"),
                ));
            }
        };
        let Some(annotations) = md.get("annotations") else {
            continue;
        };
        let mut out = Map::new();
        if let Value::Object(a) = annotations {
            for (k, v) in a {
                if BUILD_ANNOTATIONS.contains(&k.as_str())
                    || (!keep_origin && k == ORIGIN_ANNOTATION)
                    || (!keep_transformations && k == TRANSFORMATIONS_ANNOTATION)
                {
                    continue;
                }
                out.insert(k.clone(), Value::String(scalar_text(Some(v))));
            }
        }
        if out.is_empty() {
            md.remove("annotations");
        } else {
            out.sort_keys();
            md.insert("annotations".into(), Value::Object(out));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The splitter is the YAML module's; this pins the behaviour the loader
    /// relies on (chunks as owned strings, for comparison).
    fn split_documents(s: &str, p: &Path) -> Result<Vec<(usize, String)>> {
        Ok(crate::yaml::parse::split_documents(s, p)?
            .into_iter()
            .map(|(l, c)| (l, c.to_string()))
            .collect())
    }

    #[test]
    fn split_like_kyaml() {
        let p = Path::new("f.yaml");
        let d = split_documents("a: 1\n---\nb: 2\n--- # c\nc: 3", p).unwrap();
        assert_eq!(
            d,
            [
                (0, "a: 1\n".to_string()),
                (2, "b: 2\n".to_string()),
                (4, "c: 3".to_string())
            ]
        );
        // A leading `---` is no separator (the YAML parser handles it).
        let d = split_documents("---\na: 1\n", p).unwrap();
        assert_eq!(d, [(0, "---\na: 1\n".to_string())]);
        // Consecutive separators: the second stays in the chunk.
        let d = split_documents("a: 1\n---\n---\nb: 2\n", p).unwrap();
        assert_eq!(d, [(0, "a: 1\n".into()), (2, "---\nb: 2\n".into())]);
        assert!(split_documents("a: 1\n--- b\nc: 2\n", p).is_err());
        assert_eq!(split_documents("", p).unwrap(), []);
        // A trailing separator without newline is not a separator.
        assert_eq!(split_documents("a: 1\n---", p).unwrap().len(), 1);
    }

    #[test]
    fn document_lines() {
        // The first content line, 1-based, past blanks, comments, markers
        // and directives.
        assert_eq!(document_line(0, "a: 1\n"), 1);
        assert_eq!(document_line(0, "---\n# c\n\na: 1\n"), 4);
        assert_eq!(document_line(4, "--- # x\n%YAML 1.2\n---\nk: v\n"), 8);
        assert_eq!(document_line(2, "  # indented comment\n  k: v\n"), 4);
        // Content on the marker line, and `---x` (a scalar), start there.
        assert_eq!(document_line(0, "--- {a: 1}\n"), 1);
        assert_eq!(document_line(0, "---x\n"), 1);
        let p = Path::new("f.yaml");
        let opts = ParseOptions::default();
        let lines = |t: &str| -> Vec<u32> {
            resources_at(parse_chunks_at(t, p, &opts).unwrap(), p)
                .unwrap()
                .into_iter()
                .map(|(l, _)| l)
                .collect()
        };
        let doc = |n: &str| format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {n}\n");
        // Separators, comment-only and empty documents.
        let text = format!(
            "---\n{}---\n# only a comment\n---\n\n# c\n{}--- # x\n{}",
            doc("a"),
            doc("b"),
            doc("c")
        );
        assert_eq!(lines(&text), [2, 11, 16]);
        assert_eq!(lines(&text.replace('\n', "\r\n")), [2, 11, 16]);
        // Items of a list: the line of the list; other `*List` kinds' items go last.
        let list = "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: x}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: y}}\n";
        assert_eq!(lines(list), [1, 1]);
        let text = format!(
            "{}---\n{}",
            list.replace("kind: List", "kind: ConfigMapList"),
            doc("z")
        );
        assert_eq!(lines(&text), [7, 1, 1]);
    }

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative_to(Path::new("/a/base/x.yaml"), Path::new("/a/overlays/prod")),
            Path::new("../../base/x.yaml")
        );
        assert_eq!(
            relative_to(Path::new("/a/x.yaml"), Path::new("/a")),
            Path::new("x.yaml")
        );
    }

    #[test]
    fn validation_rules() {
        let p = Path::new("f.yaml");
        let ok = |v: serde_json::Value| validate(v, p);
        assert!(ok(serde_json::json!(null)).unwrap().is_none());
        assert!(ok(serde_json::json!({})).unwrap().is_none());
        assert!(ok(serde_json::json!([])).unwrap().is_none());
        assert!(ok(serde_json::json!("x")).is_err());
        assert!(ok(serde_json::json!({"a": 1})).is_err());
        assert!(ok(serde_json::json!({"metadata": {"name": "x"}})).is_err());
        assert!(ok(serde_json::json!({"kind": "ConfigMap"})).is_err());
        assert!(ok(serde_json::json!({"kind": "ConfigMap", "metadata": {"name": ""}})).is_err());
        assert!(
            ok(serde_json::json!({"kind": "FooList"}))
                .unwrap()
                .is_some()
        );
        assert!(
            ok(serde_json::json!({"kind": "ConfigMap", "metadata": {"name": 12}}))
                .unwrap()
                .is_some()
        );
    }
}

#[cfg(test)]
mod tree_tests {
    //! Loading trees from a [`MemFs`] (files written as JSON, which is YAML).
    use super::*;
    use crate::fs::MemFs;
    use crate::{BuildOptions, Kustomizer};
    use serde_json::json;

    fn cm(name: &str) -> String {
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}}).to_string()
    }

    fn k(v: serde_json::Value) -> String {
        v.to_string()
    }

    fn names(fs: MemFs, dir: &str) -> Result<Vec<String>> {
        names_with(fs, dir, BuildOptions::default())
    }

    fn names_with(fs: MemFs, dir: &str, opts: BuildOptions) -> Result<Vec<String>> {
        let rm = Kustomizer::new(fs).with_options(opts).build(dir)?;
        Ok(rm.iter().map(|r| r.name().to_string()).collect())
    }

    #[test]
    fn files_and_directories_in_order() {
        let mut fs = MemFs::new();
        fs.add(
            "/r/overlay/kustomization.yaml",
            k(
                json!({"resources": ["a.yaml", "../base", "b.yaml"], "bases": ["../other"],
                     "sortOptions": {"order": "fifo"}}),
            ),
        );
        fs.add(
            "/r/overlay/a.yaml",
            format!("{}\n---\n{}", cm("a1"), cm("a2")),
        );
        fs.add("/r/overlay/b.yaml", cm("b"));
        fs.add(
            "/r/base/kustomization.yml",
            k(json!({"resources": ["c.yaml"]})),
        );
        fs.add("/r/base/c.yaml", cm("c"));
        fs.add(
            "/r/other/Kustomization",
            k(json!({"resources": ["d.yaml"]})),
        );
        fs.add("/r/other/d.yaml", cm("d"));
        assert_eq!(
            names(fs, "/r/overlay").unwrap(),
            ["a1", "a2", "c", "b", "d"]
        );
    }

    #[test]
    fn kustomization_file_lookup() {
        let mut fs = MemFs::new();
        fs.add("/r/x.yaml", cm("x"));
        let e = names(fs.clone(), "/r").unwrap_err();
        assert!(matches!(e, Error::MissingKustomization { .. }), "{e}");
        fs.add("/r/kustomization.yaml", k(json!({"resources": ["x.yaml"]})));
        fs.add("/r/kustomization.yml", k(json!({"resources": ["x.yaml"]})));
        let e = names(fs.clone(), "/r").unwrap_err().to_string();
        assert!(e.contains("multiple kustomization files"), "{e}");
        let e = names(fs, "/nowhere").unwrap_err().to_string();
        assert!(e.contains("must build at directory"), "{e}");
    }

    #[test]
    fn missing_path_names_both() {
        let mut fs = MemFs::new();
        fs.add(
            "/r/kustomization.yaml",
            k(json!({"resources": ["gone.yaml"]})),
        );
        match names(fs, "/r").unwrap_err() {
            Error::NotFound {
                path,
                referenced_by,
            } => {
                assert_eq!(path, Path::new("/r/gone.yaml"));
                assert_eq!(referenced_by, Path::new("/r/kustomization.yaml"));
            }
            e => panic!("unexpected {e}"),
        }
    }

    #[test]
    fn directory_without_kustomization() {
        let mut fs = MemFs::new();
        fs.add("/r/kustomization.yaml", k(json!({"resources": ["base"]})));
        fs.add("/r/base/x.yaml", cm("x"));
        let e = names(fs, "/r").unwrap_err();
        assert!(
            matches!(&e, Error::MissingKustomization { dir } if dir == Path::new("/r/base")),
            "{e}"
        );
    }

    #[test]
    fn cycles_are_detected() {
        let mut fs = MemFs::new();
        fs.add("/r/a/kustomization.yaml", k(json!({"resources": ["../b"]})));
        fs.add("/r/b/kustomization.yaml", k(json!({"resources": ["../a"]})));
        let e = names(fs, "/r/a").unwrap_err();
        assert!(
            matches!(&e, Error::Cycle { chain } if chain.len() == 3),
            "{e}"
        );
        // Referring to itself or to an ancestor is a cycle too.
        let mut fs = MemFs::new();
        fs.add("/r/kustomization.yaml", k(json!({"resources": ["."]})));
        assert!(matches!(names(fs, "/r").unwrap_err(), Error::Cycle { .. }));
        let mut fs = MemFs::new();
        fs.add("/r/kustomization.yaml", k(json!({"resources": ["sub"]})));
        fs.add("/r/sub/kustomization.yaml", k(json!({"resources": [".."]})));
        assert!(matches!(names(fs, "/r").unwrap_err(), Error::Cycle { .. }));
    }

    #[test]
    fn diamond_is_not_a_cycle_but_duplicates_are_errors() {
        let mut fs = MemFs::new();
        fs.add(
            "/r/top/kustomization.yaml",
            k(json!({"resources": ["../l", "../m"]})),
        );
        fs.add(
            "/r/l/kustomization.yaml",
            k(json!({"resources": ["../base"], "commonLabels": {"l": "x"}})),
        );
        fs.add(
            "/r/m/kustomization.yaml",
            k(json!({"resources": ["../base"]})),
        );
        fs.add(
            "/r/base/kustomization.yaml",
            k(json!({"resources": ["cm.yaml"]})),
        );
        fs.add("/r/base/cm.yaml", cm("c"));
        // l and m both yield "c" (labels do not change ids).
        let e = names(fs, "/r/top").unwrap_err();
        assert!(matches!(e, Error::DuplicateId { .. }), "{e}");
        let mut fs = MemFs::new();
        fs.add(
            "/r/kustomization.yaml",
            k(json!({"resources": ["a.yaml", "a.yaml"]})),
        );
        fs.add("/r/a.yaml", cm("a"));
        match names(fs, "/r").unwrap_err() {
            Error::DuplicateId { id, path } => {
                assert_eq!(id, "ConfigMap.v1.[noGrp]/a.[noNs]");
                assert_eq!(path, Path::new("/r/a.yaml"));
            }
            e => panic!("unexpected {e}"),
        }
    }

    #[test]
    fn load_restriction() {
        let mut fs = MemFs::new();
        fs.add(
            "/r/app/kustomization.yaml",
            k(json!({"resources": ["../shared/cm.yaml"]})),
        );
        fs.add("/r/shared/cm.yaml", cm("s"));
        let e = names(fs.clone(), "/r/app").unwrap_err();
        match &e {
            Error::LoadRestriction {
                path,
                root,
                referenced_by,
            } => {
                assert_eq!(path, Path::new("/r/shared/cm.yaml"));
                assert_eq!(root, Path::new("/r/app"));
                assert_eq!(referenced_by, Path::new("/r/app/kustomization.yaml"));
            }
            e => panic!("unexpected {e}"),
        }
        let opts = BuildOptions {
            load_restrictor: LoadRestrictor::None,
            ..Default::default()
        };
        assert_eq!(names_with(fs, "/r/app", opts).unwrap(), ["s"]);
        // Files in subdirectories are fine; directories anywhere are fine.
        let mut fs = MemFs::new();
        fs.add(
            "/r/app/kustomization.yaml",
            k(json!({"resources": ["sub/cm.yaml", "../lib"]})),
        );
        fs.add("/r/app/sub/cm.yaml", cm("sub"));
        fs.add(
            "/r/lib/kustomization.yaml",
            k(json!({"resources": ["cm.yaml"]})),
        );
        fs.add("/r/lib/cm.yaml", cm("lib"));
        assert_eq!(names(fs, "/r/app").unwrap(), ["lib", "sub"]);
    }

    #[test]
    fn absolute_paths() {
        let mut fs = MemFs::new();
        fs.add(
            "/r/app/kustomization.yaml",
            k(json!({"resources": ["/r/app/cm.yaml", "/r/lib"]})),
        );
        fs.add("/r/app/cm.yaml", cm("a"));
        fs.add(
            "/r/lib/kustomization.yaml",
            k(json!({"resources": ["cm.yaml"]})),
        );
        fs.add("/r/lib/cm.yaml", cm("lib"));
        // An absolute file inside the root is fine; an absolute directory is not.
        let e = names(fs, "/r/app").unwrap_err().to_string();
        assert!(e.contains("cannot be absolute"), "{e}");
    }

    #[test]
    fn unsupported_things() {
        for (field, val) in [
            ("helmCharts", json!([{"name": "x"}])),
            ("helmChartInflationGenerator", json!([{"chartName": "x"}])),
            ("validators", json!(["v.yaml"])),
        ] {
            let mut fs = MemFs::new();
            fs.add("/r/kustomization.yaml", k(json!({ field: val })));
            let e = names(fs, "/r").unwrap_err();
            assert!(matches!(e, Error::Unsupported { .. }), "{field}: {e}");
        }
    }

    #[test]
    fn remote_bases_refused_when_fetching_is_off() {
        for url in [
            "github.com/org/repo//base?ref=v1",
            "git@github.com:org/repo.git",
            "file:///srv/repo//base",
            "https://example.com/x.yaml",
            "https://raw.githubusercontent.com/o/r/main/x.yml",
        ] {
            let mut fs = MemFs::new();
            fs.add("/r/kustomization.yaml", k(json!({ "resources": [url] })));
            let opts = BuildOptions {
                fetch_remote: false,
                ..Default::default()
            };
            let e = names_with(fs, "/r", opts).unwrap_err();
            assert!(matches!(e, Error::Unsupported { .. }), "{url}: {e}");
        }
    }

    #[test]
    fn component_as_resource_is_an_error() {
        let mut fs = MemFs::new();
        fs.add("/r/kustomization.yaml", k(json!({"resources": ["c"]})));
        fs.add(
            "/r/c/kustomization.yaml",
            k(
                json!({"kind": "Component", "apiVersion": "kustomize.config.k8s.io/v1alpha1",
                     "resources": ["cm.yaml"]}),
            ),
        );
        fs.add("/r/c/cm.yaml", cm("x"));
        let e = names(fs.clone(), "/r").unwrap_err().to_string();
        assert!(e.contains("Component"), "{e}");
        // A component at the top builds.
        assert_eq!(names(fs, "/r/c").unwrap(), ["x"]);
    }

    #[test]
    fn bad_documents_name_the_file() {
        let mut fs = MemFs::new();
        fs.add(
            "/r/kustomization.yaml",
            k(json!({"resources": ["bad.yaml"]})),
        );
        fs.add(
            "/r/bad.yaml",
            json!({"apiVersion": "v1", "metadata": {"name": "x"}}).to_string(),
        );
        let e = names(fs, "/r").unwrap_err();
        assert!(
            matches!(&e, Error::Invalid { path, message } if path == Path::new("/r/bad.yaml") && message.contains("missing kind")),
            "{e}"
        );
        let mut fs = MemFs::new();
        fs.add(
            "/r/kustomization.yaml",
            k(json!({"resources": ["bad.yaml"]})),
        );
        fs.add("/r/bad.yaml", format!("{}\n---\n{{\"a\": ", cm("ok")));
        let e = names(fs, "/r").unwrap_err();
        assert!(
            matches!(&e, Error::Yaml { path, line, .. } if path == Path::new("/r/bad.yaml") && *line >= 3),
            "{e}"
        );
    }

    #[test]
    fn local_config_is_dropped_and_bookkeeping_stripped() {
        let mut fs = MemFs::new();
        fs.add("/r/kustomization.yaml", k(json!({"resources": ["r.yaml"]})));
        let docs = [
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "local",
                "annotations": {"config.kubernetes.io/local-config": "true"}}}),
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "weird",
                "annotations": {"config.kubernetes.io/local-config": "yes"}}}),
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "kept",
                "annotations": {"config.kubernetes.io/local-config": false, "n": 8080,
                                "config.kubernetes.io/index": "0", "b": true}}}),
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "empty",
                "annotations": {"internal.config.kubernetes.io/path": "x"}}}),
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "braces",
                "annotations": {}}}),
        ];
        let text: Vec<String> = docs.iter().map(|d| d.to_string()).collect();
        let mut text = text;
        text.push(json!({"apiVersion": "v1", "kind": "AList"}).to_string());
        text.push(json!({"apiVersion": "v1", "kind": "BList", "metadata": null}).to_string());
        fs.add("/r/r.yaml", text.join("\n---\n"));
        let rm = Kustomizer::new(fs).build("/r").unwrap();
        let got: Vec<serde_json::Value> = rm
            .iter()
            .map(|r| serde_json::Value::Object(r.obj.clone()))
            .collect();
        assert_eq!(
            got,
            [
                json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "braces"}}),
                json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "empty"}}),
                json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "kept",
                    "annotations": {"b": "true", "config.kubernetes.io/local-config": "false",
                                    "n": "8080"}}}),
                json!({"apiVersion": "v1", "kind": "AList", "metadata": {}}),
                json!({"apiVersion": "v1", "kind": "BList", "metadata": null}),
            ]
        );
    }

    #[test]
    fn list_expansion_order() {
        let p = Path::new("l.yaml");
        let item = |n: &str| json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": n}});
        // A file holding only a List: items in place.
        let one = resources_from_values(
            vec![json!({"apiVersion": "v1", "kind": "List", "items": [item("a"), item("b")]})],
            p,
        )
        .unwrap();
        let n = |v: &[Map]| -> Vec<String> {
            v.iter()
                .map(|o| scalar_text(o.get("metadata").and_then(|m| m.get("name"))))
                .collect()
        };
        assert_eq!(n(&one), ["a", "b"]);
        // *List kinds among other documents: items go after the other documents.
        let many = resources_from_values(
            vec![
                json!({"apiVersion": "v1", "kind": "PodList", "items": [item("a"),
                    {"apiVersion": "v1", "kind": "List", "items": [item("n")]}]}),
                item("c"),
                json!({"apiVersion": "v1", "kind": "PodList", "items": null}),
                json!({"apiVersion": "v1", "kind": "FooList", "metadata": {"name": "kept"}}),
                json!({"apiVersion": "v1", "kind": "PodList", "items": []}),
                Value::Null,
            ],
            p,
        )
        .unwrap();
        assert_eq!(n(&many), ["c", "kept", "a", "n"]);
        assert!(
            resources_from_values(
                vec![json!({"kind": "PodList", "items": "x"}), Value::Null],
                p
            )
            .is_err()
        );
        assert!(
            resources_from_values(vec![json!({"kind": "List", "items": [item("")]})], p).is_err()
        );
    }
}

#[cfg(test)]
mod robustness {
    use super::*;

    /// Every prefix of real files, and a few byte flips, must load or fail
    /// cleanly: never panic.
    #[test]
    fn truncated_and_mangled_inputs_do_not_panic() {
        let inputs = [
            include_str!("../fixtures/gitops/base/api/deployment.yaml"),
            include_str!("../fixtures/gitops/base/web/web.yaml"),
            include_str!("../fixtures/gitops/base/worker/worker.yaml"),
            include_str!("../fixtures/gitops/overlays/production/kustomization.yaml"),
        ];
        let p = Path::new("f.yaml");
        let opts = ParseOptions::default();
        let mut ok = 0;
        for text in inputs {
            let cuts = text.char_indices().map(|(i, _)| i).step_by(23);
            for cut in cuts {
                let t = &text[..cut];
                if resources_from_str(t, p, &opts).is_ok() {
                    ok += 1;
                }
                if let Ok(v) = parse_kustomization(t, p, &opts) {
                    let _ = Kustomization::from_value(v, p);
                }
                for bad in [":", "[", "\"", "&", "---\n"] {
                    let mangled = format!("{t}{bad}{}", &text[cut..]);
                    let _ = resources_from_str(&mangled, p, &opts);
                }
            }
        }
        // Many prefixes are valid resources: the loop did real work.
        assert!(ok > 10, "{ok}");
    }
}

#[cfg(test)]
mod canonical_tests {
    use super::canonical_below;
    use crate::fs::{DiskFs, FileSystem, MemFs};
    use std::path::{Path, PathBuf};

    /// Paths through symbolic links (directories and files, inside and
    /// outside the known canonical directory) resolve exactly as
    /// `canonicalize` resolves them; missing paths fail as it fails.
    #[cfg(unix)]
    #[test]
    fn agrees_with_canonicalize_on_disk() {
        use std::os::unix::fs::symlink;
        let t = std::env::temp_dir().join(format!("rz-canon-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&t);
        for d in ["tree/overlay", "tree/base/real", "elsewhere/x"] {
            std::fs::create_dir_all(t.join(d)).unwrap();
        }
        std::fs::write(t.join("tree/base/real/a.yaml"), "").unwrap();
        std::fs::write(t.join("elsewhere/x/b.yaml"), "").unwrap();
        symlink(t.join("tree/base/real"), t.join("tree/base/linked")).unwrap();
        symlink(
            t.join("elsewhere/x/b.yaml"),
            t.join("tree/base/real/b.yaml"),
        )
        .unwrap();
        symlink(t.join("elsewhere"), t.join("tree/out")).unwrap();
        let t = std::fs::canonicalize(&t).unwrap();
        let known = t.join("tree/overlay");
        let fs = DiskFs;
        for rel in [
            "tree/base/real",
            "tree/base/linked",
            "tree/base/linked/a.yaml",
            "tree/base/real/b.yaml",
            "tree/out/x",
            "tree/out/x/b.yaml",
            "tree/overlay",
            "tree",
        ] {
            let p = t.join(rel);
            assert_eq!(
                canonical_below(&fs, &known, &p).unwrap(),
                fs.canonicalize(&p).unwrap(),
                "{rel}"
            );
        }
        assert!(canonical_below(&fs, &known, &t.join("tree/missing")).is_err());
        assert!(canonical_below(&fs, &known, &t.join("tree/base/linked/missing")).is_err());
        let _ = std::fs::remove_dir_all(&t);
    }

    #[test]
    fn in_memory_paths_are_checked_for_existence() {
        let mut fs = MemFs::new();
        fs.add("/app/base/cm.yaml", "");
        let known = Path::new("/app/overlay");
        assert_eq!(
            canonical_below(&fs, known, Path::new("/app/base/cm.yaml")).unwrap(),
            PathBuf::from("/app/base/cm.yaml")
        );
        assert!(canonical_below(&fs, known, Path::new("/app/nope")).is_err());
    }
}
