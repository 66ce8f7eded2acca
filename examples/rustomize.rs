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
    }
}
