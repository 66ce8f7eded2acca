//! `rustomize` — a thin command-line layer over the library.
//!
//! `rustomize build DIR [--load-restrictor LoadRestrictionsNone] [-o FILE]`
//! prints what `kubectl kustomize DIR` prints.

use clap::{Parser, Subcommand, ValueEnum};
use rustomize::gitops::diff::{self, unified};
use rustomize::gitops::gitfs::GitTreeFs;
use rustomize::gitops::promote;
use rustomize::gitops::set_image::{self, ImageSetting};
use rustomize::{BuildOptions, Kustomizer, LoadRestrictor};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// mimalloc rather than the system allocator: a render is millions of small
/// allocations, and mimalloc backs its heap with transparent huge pages where
/// the kernel offers them (`madvise` mode), so a 50 MB render takes a few
/// hundred page faults instead of ~14,000 and far fewer TLB misses. On the
/// N=1000 benchmark tree that is 1.6-1.8x faster when the host is busy
/// (`benches/compare.sh`). The library itself does not choose an allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "rustomize",
    version,
    about = "Render Kustomize trees, fast and exactly"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Restrictor {
    #[value(name = "LoadRestrictionsRootOnly")]
    RootOnly,
    #[value(name = "LoadRestrictionsNone")]
    None,
}

#[derive(Subcommand)]
enum Command {
    /// Render a kustomization directory to stdout (or -o FILE).
    Build {
        /// Directory holding a kustomization file (default: current directory).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Where resource files may be loaded from.
        #[arg(long, value_enum, default_value = "LoadRestrictionsRootOnly")]
        load_restrictor: Restrictor,
        /// Write the output to FILE instead of stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Render DIR as it is at this git revision (branch, tag or commit), without a checkout.
        #[arg(long)]
        rev: Option<String>,
        /// Threads used to load bases and patch files and to check the output (0: one per core).
        #[arg(long, default_value_t = 0)]
        threads: usize,
    },
    /// Render kustomization directories (or read rendered YAML files, `-` for
    /// stdin) and lint the resources. Exits 1 when a finding is at or above
    /// --fail-on.
    Lint {
        /// Kustomization directories, rendered YAML files, or `-`.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Report format.
        #[arg(long, default_value = "text", value_parser = ["text", "json", "sarif"])]
        format: String,
        /// Configuration file (default: .rustomize-lint.yaml in the current directory).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Lowest severity that fails the run (default: the config's failOn, else error).
        #[arg(long, value_parser = ["info", "warning", "error", "none"])]
        fail_on: Option<String>,
        /// Do not report references to objects missing from the render (RZ052).
        #[arg(long)]
        allow_missing_refs: bool,
        /// Configure rules over the config file: ID=on|off|info|warning|error
        /// (ids or names; repeatable, or comma-separated).
        #[arg(long = "rule", value_name = "ID=SETTING", value_delimiter = ',')]
        rules: Vec<String>,
        /// Where resource files may be loaded from.
        #[arg(long, value_enum, default_value = "LoadRestrictionsRootOnly")]
        load_restrictor: Restrictor,
    },
    /// Edit a kustomization file in place, changing nothing else in it.
    Edit {
        #[command(subcommand)]
        edit: EditCommand,
    },
    /// List the environments (Argo CD Applications) in a file or directory.
    Apps {
        /// An Application manifest, or a directory of them.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Move an Argo CD Application's targetRevision (promote or roll back).
    Promote {
        /// Application name (metadata.name).
        app: String,
        /// The revision to deploy (tag, branch or commit).
        #[arg(long)]
        to: String,
        /// Application manifest file or directory.
        #[arg(long, default_value = ".")]
        apps: PathBuf,
        /// With several sources: the index in spec.sources to move (default: those with a path).
        #[arg(long)]
        source: Option<usize>,
        /// Show the change without writing it.
        #[arg(long)]
        dry_run: bool,
    },
    /// Compare two renders: two directories, or one directory at two revisions.
    /// Exit code 0 when identical, 1 when different, 2 on error.
    Diff {
        /// Old directory (or the directory, with --from/--to).
        old: PathBuf,
        /// New directory (omit with --from/--to).
        new: Option<PathBuf>,
        /// Revision of the old render.
        #[arg(long)]
        from: Option<String>,
        /// Revision of the new render (default: the work tree).
        #[arg(long)]
        to: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        output: DiffFormat,
        /// Where resource files may be loaded from.
        #[arg(long, value_enum, default_value = "LoadRestrictionsRootOnly")]
        load_restrictor: Restrictor,
    },
}

#[derive(Subcommand)]
enum EditCommand {
    /// Set images: NAME=NEWNAME:TAG, NAME:TAG, NAME@DIGEST, NAME=NEWNAME ...
    Set {
        #[command(subcommand)]
        what: SetCommand,
    },
}

#[derive(Subcommand)]
enum SetCommand {
    /// Pin images in the kustomization of the current directory (or --dir).
    Image {
        /// Image settings, as for `kustomize edit set image`.
        #[arg(required = true)]
        images: Vec<String>,
        /// Directory of the kustomization (default: current directory).
        #[arg(long, default_value = ".")]
        dir: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Text,
    Json,
}

/// Why a command stopped.
enum Failure {
    /// An error to print.
    Message(String),
    /// The reader of stdout went away (`rustomize build | head`): stop
    /// quietly with 141, the status of kubectl, which SIGPIPE ends.
    ClosedOutput,
}

impl From<String> for Failure {
    fn from(msg: String) -> Self {
        Failure::Message(msg)
    }
}

/// A failed write to stdout.
fn stdout_failure(e: std::io::Error) -> Failure {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Failure::ClosedOutput
    } else {
        Failure::Message(e.to_string())
    }
}

/// Write `text` to stdout (where `print!` would panic on a closed pipe).
fn out(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(stdout_failure)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let is_diff = matches!(cli.command, Command::Diff { .. });
    match run(cli) {
        Ok(code) => code,
        Err(Failure::ClosedOutput) => ExitCode::from(141),
        Err(Failure::Message(msg)) => {
            eprintln!("Error: {msg}");
            // diff uses 1 for "different", so its errors exit 2.
            ExitCode::from(if is_diff { 2 } else { 1 })
        }
    }
}

fn restrictor(r: Restrictor) -> BuildOptions {
    BuildOptions {
        load_restrictor: match r {
            Restrictor::RootOnly => LoadRestrictor::RootOnly,
            Restrictor::None => LoadRestrictor::None,
        },
        ..Default::default()
    }
}

/// Build `dir` from the work tree, or from git revision `rev`, with the
/// warnings to print.
fn build_quiet(
    dir: &Path,
    rev: Option<&str>,
    opts: BuildOptions,
) -> Result<(rustomize::ResMap, Vec<String>), String> {
    match rev {
        None => Kustomizer::on_disk()
            .with_options(opts)
            .build_with_warnings(dir)
            .map_err(|e| e.to_string()),
        Some(rev) => {
            let abs = std::path::absolute(dir).map_err(|e| e.to_string())?;
            let fs = GitTreeFs::open(&abs, rev).map_err(|e| e.to_string())?;
            // Work-tree symlinks (e.g. /tmp) resolved, as the repository's toplevel is.
            let abs = std::fs::canonicalize(&abs).unwrap_or(abs);
            let rm = Kustomizer::new(fs)
                .with_options(opts)
                .build(&abs)
                .map_err(|e| format!("at {rev}: {e}"))?;
            Ok((rm, Vec::new()))
        }
    }
}

/// [`build_quiet`], printing the warnings.
fn build_at(
    dir: &Path,
    rev: Option<&str>,
    opts: BuildOptions,
) -> Result<rustomize::ResMap, String> {
    let (rm, warnings) = build_quiet(dir, rev, opts)?;
    for w in warnings {
        eprintln!("{w}");
    }
    Ok(rm)
}

/// Build two renders at once (each on its own thread), then print the
/// warnings of the first and of the second, in that order; the first
/// render's error wins.
fn build_pair(
    old: (&Path, Option<&str>),
    new: (&Path, Option<&str>),
    opts: BuildOptions,
) -> Result<(rustomize::ResMap, rustomize::ResMap), String> {
    let (a, b) = std::thread::scope(|s| {
        let second = s.spawn(|| build_quiet(new.0, new.1, opts.clone()));
        let first = build_quiet(old.0, old.1, opts.clone());
        let second = second
            .join()
            .unwrap_or_else(|_| Err("the second render failed".to_string()));
        (first, second)
    });
    let (a, wa) = a?;
    let (b, wb) = b?;
    for w in wa.into_iter().chain(wb) {
        eprintln!("{w}");
    }
    Ok((a, b))
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    match cli.command {
        Command::Build {
            dir,
            load_restrictor,
            output,
            rev,
            threads,
        } => {
            let opts = BuildOptions {
                threads,
                ..restrictor(load_restrictor)
            };
            let rm = build_at(&dir, rev.as_deref(), opts)?;
            // Refuse what Kustomize cannot print before writing anything,
            // then print in pieces: the whole text is never held in memory.
            // Printing stays on this thread: with mimalloc, printing parts
            // on other threads was no faster and held ~4 MB more at N=1000.
            rustomize::yaml::check_resmap_threads(&rm, threads).map_err(|e| e.to_string())?;
            match output {
                Some(path) => std::fs::File::create(&path)
                    .and_then(|mut f| rustomize::yaml::write_resmap(&rm, &mut f))
                    .map_err(|e| format!("{}: {e}", path.display()))?,
                None => {
                    let mut stdout = std::io::stdout().lock();
                    rustomize::yaml::write_resmap(&rm, &mut stdout)
                        .and_then(|()| stdout.flush())
                        .map_err(stdout_failure)?
                }
            }
            // The process ends right after printing: skip freeing thousands of
            // small allocations one by one.
            std::mem::forget(rm);
            Ok(ExitCode::SUCCESS)
        }
        Command::Edit {
            edit:
                EditCommand::Set {
                    what: SetCommand::Image { images, dir },
                },
        } => {
            let settings = images
                .iter()
                .map(|a| ImageSetting::parse(a))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| e.to_string())?;
            set_image::set_images(&dir, &settings).map_err(|e| e.to_string())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Apps { path, json } => {
            let apps = promote::load_applications(&path).map_err(|e| e.to_string())?;
            if json {
                let text = serde_json::to_string_pretty(&apps).map_err(|e| e.to_string())?;
                out(&format!("{text}\n"))?;
            } else {
                let mut table = format!(
                    "{:<28} {:<44} {:<28} REVISION\n",
                    "APPLICATION", "REPO", "PATH"
                );
                for a in &apps {
                    for s in &a.sources {
                        table.push_str(&format!(
                            "{:<28} {:<44} {:<28} {}\n",
                            a.name, s.repo_url, s.path, s.target_revision
                        ));
                    }
                }
                out(&table)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Promote {
            app,
            to,
            apps,
            source,
            dry_run,
        } => {
            let plan =
                promote::promote(&apps, &app, &to, source, dry_run).map_err(|e| e.to_string())?;
            let file = plan.file.display().to_string();
            if dry_run {
                out(&unified(&plan.before, &plan.after, &file, &file, 3))?;
            } else {
                out(&format!(
                    "{app}: {} -> {to} ({file})\n",
                    plan.from.join(", ")
                ))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Lint {
            paths,
            format,
            config,
            fail_on,
            allow_missing_refs,
            rules,
            load_restrictor,
        } => lint(
            &paths,
            &format,
            config,
            fail_on.as_deref(),
            allow_missing_refs,
            &rules,
            load_restrictor,
        ),
        Command::Diff {
            old,
            new,
            from,
            to,
            output,
            load_restrictor,
        } => {
            let opts = restrictor(load_restrictor);
            let (a, b) = match (new, from) {
                (Some(new), None) if to.is_none() => build_pair((&old, None), (&new, None), opts)?,
                (None, Some(from)) => build_pair((&old, Some(&from)), (&old, to.as_deref()), opts)?,
                _ => {
                    return Err(Failure::Message(
                        "give either OLD NEW directories, or DIR --from REV [--to REV]".into(),
                    ));
                }
            };
            let d = diff::diff(&a, &b);
            match output {
                DiffFormat::Text => out(&d.to_text())?,
                DiffFormat::Json => out(&d.to_json())?,
            }
            Ok(if d.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}

/// `rustomize lint`: render or read each path, lint, print, exit 1 on failure.
fn lint(
    paths: &[PathBuf],
    format: &str,
    config: Option<PathBuf>,
    fail_on: Option<&str>,
    allow_missing_refs: bool,
    rules: &[String],
    load_restrictor: Restrictor,
) -> Result<ExitCode, Failure> {
    use rustomize::fs::DiskFs;
    use rustomize::lint::{
        LintConfig, Report, Severity, lint as lint_resmap, lint_dir, parse_rendered,
    };
    use std::io::Read;
    let config = config.or_else(|| LintConfig::find(&DiskFs, std::path::Path::new(".")));
    let mut cfg = match &config {
        Some(p) => LintConfig::load(&DiskFs, p).map_err(|e| e.to_string())?,
        None => LintConfig::default(),
    };
    cfg.allow_missing_refs |= allow_missing_refs;
    for r in rules {
        let (id, setting) = r
            .split_once('=')
            .ok_or_else(|| format!("--rule {r}: expected ID=SETTING"))?;
        cfg.set_str(id, setting)
            .map_err(|e| format!("--rule {r}: {e}"))?;
    }
    let fail_on: Option<Severity> = match fail_on {
        Some("none") => None,
        Some(s) => Some(s.parse()?),
        None => Some(cfg.fail_on.unwrap_or(Severity::Error)),
    };
    let kustomizer = Kustomizer::on_disk().with_options(BuildOptions {
        load_restrictor: match load_restrictor {
            Restrictor::RootOnly => LoadRestrictor::RootOnly,
            Restrictor::None => LoadRestrictor::None,
        },
        ..Default::default()
    });
    let mut report = Report::default();
    for path in paths {
        let r = if path.as_os_str() == "-" {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| format!("stdin: {e}"))?;
            parse_rendered(&text, "<stdin>").map(|rm| lint_resmap(&rm, &cfg))
        } else if path.is_file() {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            parse_rendered(&text, &path.display().to_string()).map(|rm| lint_resmap(&rm, &cfg))
        } else {
            lint_dir(&kustomizer, path, &cfg)
        };
        report.extend(r.map_err(|e| e.to_string())?);
    }
    let out = match format {
        "json" => report.to_json(),
        "sarif" => report.to_sarif(),
        _ => report.to_text(),
    };
    self::out(&out)?;
    Ok(if fail_on.is_some_and(|s| report.fails(s)) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
