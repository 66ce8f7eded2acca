//! Human-readable report: one line per finding (`file:line: severity rule
//! resource: path: message`), grouped by render target.

use crate::lint::{Report, Severity};
use std::fmt::Write;

pub(crate) fn render(report: &Report) -> String {
    let mut out = String::new();
    let mut target: Option<&str> = None;
    for f in &report.findings {
        if f.target.is_some() && f.target.as_deref() != target {
            target = f.target.as_deref();
            let _ = writeln!(out, "# {}", target.unwrap_or(""));
        }
        // Resources of unknown origin: name the render.
        let file = f
            .source
            .as_deref()
            .or(f.target.as_deref())
            .unwrap_or("<render>");
        match f.line.filter(|_| f.source.is_some()) {
            Some(line) => {
                let _ = write!(out, "{file}:{line}");
            }
            None => out.push_str(file),
        }
        let _ = writeln!(
            out,
            ": {} {} {}: {}: {}",
            f.severity, f.rule, f.resource, f.path, f.message
        );
    }
    let n = report.findings.len();
    let mut summary = if n == 0 {
        "no findings".to_string()
    } else {
        format!(
            "{} ({}, {}, {} info)",
            plural(n, "finding"),
            plural(report.count(Severity::Error), "error"),
            plural(report.count(Severity::Warning), "warning"),
            report.count(Severity::Info),
        )
    };
    let _ = write!(summary, " in {}", plural(report.resources, "resource"));
    if !report.suppressed.is_empty() {
        let _ = write!(
            summary,
            "; {} suppressed by annotation",
            report.suppressed.len()
        );
    }
    out.push_str(&summary);
    out.push('\n');
    out
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
