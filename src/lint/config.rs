//! Linter configuration: `.rustomize-lint.yaml`.
//!
//! ```yaml
//! failOn: warning            # default severity that fails (the CLI's --fail-on wins)
//! allowMissingRefs: false    # true: RZ052 does not report references missing from the render
//! externalRefs:              # objects that live outside the render (RZ052 accepts them)
//! - kind: Secret
//!   name: db-credentials
//!   namespace: prod          # optional; a name may end in * to match a prefix
//! rules:
//!   RZ002: on                # on | off | info | warning | error
//!   liveness-probe: off      # ids or names
//!   RZ010: {severity: info}
//!   RZ011: {enabled: false}
//! ```

use super::Severity;
use super::rules::{RuleInfo, rule};
use crate::error::{Error, Result};
use crate::fs::FileSystem;
use crate::resource::Value;
use crate::yaml::{ParseOptions, parse_documents};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// File names looked for by [`LintConfig::find`], in order.
pub const CONFIG_FILE_NAMES: [&str; 2] = [".rustomize-lint.yaml", ".rustomize-lint.yml"];

/// How one rule is configured; unset fields keep the rule's defaults.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RuleSetting {
    /// Run the rule (or not).
    pub enabled: Option<bool>,
    /// Report its findings at this severity.
    pub severity: Option<Severity>,
}

/// An object known to exist outside the render.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExternalRef {
    /// `ConfigMap`, `Secret`, `ServiceAccount` or `PersistentVolumeClaim`.
    pub kind: String,
    /// Its name; a trailing `*` matches any name with that prefix.
    pub name: String,
    /// Its namespace (any when unset).
    #[serde(default)]
    pub namespace: Option<String>,
}

impl ExternalRef {
    fn matches(&self, kind: &str, ns: &str, name: &str) -> bool {
        let name_ok = match self.name.strip_suffix('*') {
            Some(prefix) => name.starts_with(prefix),
            None => self.name == name,
        };
        self.kind == kind && name_ok && self.namespace.as_deref().is_none_or(|n| n == ns)
    }
}

/// Linter settings.
///
/// ```
/// use rustomize::lint::{LintConfig, Severity, rule};
/// let mut c = LintConfig::default();
/// c.set("RZ002", Some(true), None).unwrap();
/// c.set("liveness-probe", None, Some(Severity::Error)).unwrap();
/// assert_eq!(c.severity_of(rule("RZ002").unwrap()), Some(Severity::Info));
/// assert_eq!(c.severity_of(rule("RZ014").unwrap()), Some(Severity::Error));
/// assert!(c.set("RZ999", Some(false), None).is_err());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LintConfig {
    /// Per-rule settings, by rule id.
    pub rules: BTreeMap<&'static str, RuleSetting>,
    /// Do not report references to objects missing from the render (RZ052).
    pub allow_missing_refs: bool,
    /// Objects that live outside the render.
    pub external_refs: Vec<ExternalRef>,
    /// The severity that fails a run, if the configuration sets one.
    pub fail_on: Option<Severity>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
struct RawConfig {
    fail_on: Option<String>,
    allow_missing_refs: bool,
    external_refs: Vec<ExternalRef>,
    rules: BTreeMap<String, Value>,
}

impl LintConfig {
    /// The severity `rule` reports at, or `None` when it is disabled.
    pub fn severity_of(&self, rule: &RuleInfo) -> Option<Severity> {
        let s = self.rules.get(rule.id).copied().unwrap_or_default();
        if s.enabled.unwrap_or(rule.enabled) {
            Some(s.severity.unwrap_or(rule.severity))
        } else {
            None
        }
    }

    /// Configure the rule with this id or name. Setting a severity on a rule
    /// that is off by default turns it on, unless `enabled` says otherwise.
    pub fn set(
        &mut self,
        id_or_name: &str,
        enabled: Option<bool>,
        severity: Option<Severity>,
    ) -> std::result::Result<(), String> {
        let r = rule(id_or_name).ok_or_else(|| format!("unknown lint rule {id_or_name:?}"))?;
        let s = self.rules.entry(r.id).or_default();
        if severity.is_some() {
            s.severity = severity;
            s.enabled = Some(enabled.unwrap_or(true));
        } else if enabled.is_some() {
            s.enabled = enabled;
        }
        Ok(())
    }

    /// Configure a rule from text, as in the configuration file's shorthand
    /// and the CLI's `--rule ID=SETTING`: `on`, `off` or a severity.
    ///
    /// ```
    /// use rustomize::lint::{LintConfig, Severity, rule};
    /// let mut c = LintConfig::default();
    /// c.set_str("RZ014", "off").unwrap();
    /// c.set_str("cpu-limits", "error").unwrap();
    /// assert_eq!(c.severity_of(rule("RZ014").unwrap()), None);
    /// assert_eq!(c.severity_of(rule("RZ011").unwrap()), Some(Severity::Error));
    /// assert!(c.set_str("RZ001", "loud").is_err());
    /// ```
    pub fn set_str(&mut self, id_or_name: &str, setting: &str) -> std::result::Result<(), String> {
        let (enabled, severity) = parse_setting(setting)?;
        self.set(id_or_name, enabled, severity)
    }

    /// True when `kind` `name` in `ns` is declared in [`LintConfig::external_refs`].
    pub fn is_external(&self, kind: &str, ns: &str, name: &str) -> bool {
        self.external_refs.iter().any(|e| e.matches(kind, ns, name))
    }

    /// Build from a parsed configuration document. `path` is used in errors.
    pub fn from_value(v: &Value, path: &Path) -> Result<Self> {
        let bad = |m: String| Error::invalid(path, m);
        if v.is_null() {
            return Ok(Self::default());
        }
        let raw: RawConfig = serde_json::from_value(v.clone())
            .map_err(|e| bad(format!("lint configuration: {e}")))?;
        let mut c = LintConfig {
            allow_missing_refs: raw.allow_missing_refs,
            external_refs: raw.external_refs,
            ..Default::default()
        };
        if let Some(f) = raw.fail_on {
            c.fail_on = Some(f.parse().map_err(|e| bad(format!("failOn: {e}")))?);
        }
        for (key, val) in &raw.rules {
            let (enabled, severity) = match val {
                Value::Bool(b) => (Some(*b), None),
                Value::String(s) => {
                    parse_setting(s).map_err(|e| bad(format!("rules.{key}: {e}")))?
                }
                Value::Object(m) => {
                    if let Some(k) = m.keys().find(|k| *k != "enabled" && *k != "severity") {
                        return Err(bad(format!(
                            "rules.{key}: unknown field {k:?} (expected enabled, severity)"
                        )));
                    }
                    let enabled = match m.get("enabled") {
                        None | Some(Value::Null) => None,
                        Some(Value::Bool(b)) => Some(*b),
                        Some(_) => {
                            return Err(bad(format!(
                                "rules.{key}.enabled: expected true or false"
                            )));
                        }
                    };
                    let severity = match m.get("severity") {
                        None | Some(Value::Null) => None,
                        Some(Value::String(s)) => Some(
                            s.parse()
                                .map_err(|e| bad(format!("rules.{key}.severity: {e}")))?,
                        ),
                        Some(_) => {
                            return Err(bad(format!("rules.{key}.severity: expected a string")));
                        }
                    };
                    (enabled, severity)
                }
                _ => {
                    return Err(bad(format!(
                        "rules.{key}: expected on, off, a severity or a mapping"
                    )));
                }
            };
            c.set(key, enabled, severity)
                .map_err(|e| bad(format!("rules: {e}")))?;
        }
        Ok(c)
    }

    /// Parse YAML text (one document).
    pub fn from_yaml(src: &str, path: &Path) -> Result<Self> {
        let docs = parse_documents(src, path, &ParseOptions::default())?;
        let mut docs = docs.into_iter().filter(|d| !d.is_null());
        let first = docs.next().unwrap_or(Value::Null);
        if docs.next().is_some() {
            return Err(Error::invalid(
                path,
                "lint configuration must be a single YAML document",
            ));
        }
        Self::from_value(&first, path)
    }

    /// Read and parse a configuration file.
    pub fn load(fs: &dyn FileSystem, path: &Path) -> Result<Self> {
        let bytes = fs.read(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let text = String::from_utf8(bytes)
            .map_err(|_| Error::invalid(path, "lint configuration is not UTF-8"))?;
        Self::from_yaml(&text, path)
    }

    /// The configuration file in `dir`, if there is one.
    pub fn find(fs: &dyn FileSystem, dir: &Path) -> Option<PathBuf> {
        CONFIG_FILE_NAMES
            .iter()
            .map(|n| dir.join(n))
            .find(|p| fs.is_file(p))
    }
}

/// `on`/`off` (or `true`/`false`, `enabled`/`disabled`) or a severity.
fn parse_setting(s: &str) -> std::result::Result<(Option<bool>, Option<Severity>), String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "on" | "true" | "enabled" => Ok((Some(true), None)),
        "off" | "false" | "disabled" => Ok((Some(false), None)),
        other => other
            .parse()
            .map(|sev| (None, Some(sev)))
            .map_err(|e: String| format!("{e}, or on/off")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cfg(v: Value) -> Result<LintConfig> {
        LintConfig::from_value(&v, Path::new(".rustomize-lint.yaml"))
    }

    #[test]
    fn shorthand_and_full_forms() {
        let c = cfg(json!({
            "failOn": "warning",
            "allowMissingRefs": true,
            "externalRefs": [{"kind": "Secret", "name": "tls-*", "namespace": "prod"}],
            "rules": {
                "RZ002": "on", "liveness-probe": "off", "RZ010": {"severity": "info"},
                "RZ011": {"enabled": false}, "RZ020": "warning", "RZ021": false
            }
        }))
        .unwrap();
        assert_eq!(c.fail_on, Some(Severity::Warning));
        assert!(c.allow_missing_refs);
        let sev = |id| c.severity_of(rule(id).unwrap());
        assert_eq!(sev("RZ002"), Some(Severity::Info));
        assert_eq!(sev("RZ014"), None);
        assert_eq!(sev("RZ010"), Some(Severity::Info));
        assert_eq!(sev("RZ011"), None);
        assert_eq!(sev("RZ020"), Some(Severity::Warning));
        assert_eq!(sev("RZ021"), None);
        assert_eq!(sev("RZ001"), Some(Severity::Warning));
        assert!(c.is_external("Secret", "prod", "tls-web"));
        assert!(!c.is_external("Secret", "dev", "tls-web"));
        assert!(!c.is_external("ConfigMap", "prod", "tls-web"));
    }

    #[test]
    fn errors_name_the_problem() {
        let e = |v| cfg(v).unwrap_err().to_string();
        assert!(e(json!({"rules": {"RZ999": "off"}})).contains("unknown lint rule \"RZ999\""));
        assert!(e(json!({"rules": {"RZ001": "fatal"}})).contains("rules.RZ001"));
        assert!(
            e(json!({"rules": {"RZ001": {"level": "info"}}})).contains("unknown field \"level\"")
        );
        assert!(e(json!({"rulez": {}})).contains("unknown field"));
        assert!(e(json!({"failOn": "sometimes"})).contains("failOn"));
        assert_eq!(cfg(Value::Null).unwrap(), LintConfig::default());
    }
}
