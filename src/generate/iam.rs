//! The built-in `IAMPolicyGenerator` (`generators:` entries only): for
//! `cloud: gke`, a ServiceAccount annotated with the Google service account
//! it impersonates (GKE Workload Identity).

use crate::build::Level;
use crate::error::{Error, Result};
use crate::resource::{Resource, Value};

/// Kustomize's `IAMPolicyGeneratorArgs`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct IamArgs {
    cloud: String,
    service_name: String,
    service_namespace: String,
    account_name: String,
    project_id: String,
}

fn text(v: &Value, path: &[&str]) -> Result<String, String> {
    let mut cur = v;
    for key in path {
        match cur.get(key) {
            Some(next) => cur = next,
            None => return Ok(String::new()),
        }
    }
    match cur {
        Value::Null => Ok(String::new()),
        Value::String(s) => Ok(s.clone()),
        other => Err(format!(
            "json: cannot unmarshal {other} into Go struct field IAMPolicyGeneratorArgs.{} of type string",
            path.join(".")
        )),
    }
}

impl IamArgs {
    /// Decode a plugin configuration (unknown fields are ignored).
    pub(crate) fn parse(v: &Value) -> Result<Self, String> {
        Ok(IamArgs {
            cloud: text(v, &["cloud"])?,
            service_name: text(v, &["kubernetesService", "name"])?,
            service_namespace: text(v, &["kubernetesService", "namespace"])?,
            account_name: text(v, &["serviceAccount", "name"])?,
            project_id: text(v, &["serviceAccount", "projectId"])?,
        })
    }
}

/// The resources the generator makes. Like Kustomize, the object is written
/// as YAML text and parsed back, so values resolve as YAML scalars do.
pub(crate) fn generate(a: &IamArgs, level: &Level) -> Result<Vec<Resource>> {
    if a.cloud != "gke" {
        return Err(Error::invalid(
            &level.file,
            format!("cloud provider {} not supported yet", a.cloud),
        ));
    }
    let mut text = format!(
        "\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  annotations:\n    iam.gke.io/gcp-service-account: {}@{}.iam.gserviceaccount.com\n  name: {}\n",
        a.account_name, a.project_id, a.service_name
    );
    if !a.service_namespace.is_empty() {
        text.push_str(&format!("\n  namespace: {}", a.service_namespace));
    }
    let docs =
        crate::yaml::parse_documents(&text, &level.file, &crate::yaml::ParseOptions::default())?;
    Ok(docs
        .into_iter()
        .filter_map(|d| match d {
            Value::Object(m) => Some(Resource::new(m, None)),
            _ => None,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::path::PathBuf;

    fn level() -> Level {
        Level {
            dir: PathBuf::from("/app"),
            file: PathBuf::from("/app/kustomization.yaml"),
            k: Default::default(),
        }
    }

    #[test]
    fn gke_service_account() {
        let a = IamArgs::parse(&json!({
            "apiVersion": "builtin", "kind": "IAMPolicyGenerator",
            "metadata": {"name": "g"}, "cloud": "gke",
            "kubernetesService": {"name": "k8s-sa", "namespace": "ns"},
            "serviceAccount": {"name": "gsa", "projectId": "proj"}
        }))
        .unwrap();
        let r = generate(&a, &level()).unwrap();
        assert_eq!(
            Value::Object(r[0].obj.clone()),
            json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {
                "annotations": {"iam.gke.io/gcp-service-account": "gsa@proj.iam.gserviceaccount.com"},
                "name": "k8s-sa", "namespace": "ns"}})
        );
        assert!(!r[0].needs_hash);
    }

    #[test]
    fn other_clouds_are_errors() {
        let a = IamArgs::parse(&json!({"cloud": "aws"})).unwrap();
        assert!(generate(&a, &level()).is_err());
        assert!(IamArgs::parse(&json!({"cloud": 1})).is_err());
    }
}
