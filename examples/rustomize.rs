//! `rustomize` — a thin command-line layer over the library.
//!
//! `rustomize build DIR [--load-restrictor LoadRestrictionsNone] [-o FILE]`
//! prints what `kubectl kustomize DIR` prints.

use clap::{Parser, Subcommand, ValueEnum};
use rustomize::{BuildOptions, Kustomizer, LoadRestrictor};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("Error: {msg}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Build {
            dir,
            load_restrictor,
            output,
        } => {
            let opts = BuildOptions {
                load_restrictor: match load_restrictor {
                    Restrictor::RootOnly => LoadRestrictor::RootOnly,
                    Restrictor::None => LoadRestrictor::None,
                },
                ..Default::default()
            };
            let out = Kustomizer::on_disk()
                .with_options(opts)
                .build_to_string(&dir)
                .map_err(|e| e.to_string())?;
            match output {
                Some(path) => {
                    std::fs::write(&path, out).map_err(|e| format!("{}: {e}", path.display()))?
                }
                None => std::io::stdout()
                    .lock()
                    .write_all(out.as_bytes())
                    .map_err(|e| e.to_string())?,
            }
            Ok(())
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
) -> Result<(), String> {
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
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| e.to_string())?;
    if fail_on.is_some_and(|s| report.fails(s)) {
        std::process::exit(1);
    }
    Ok(())
}
