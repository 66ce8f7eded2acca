//! Output order through the public API: Kustomize's default legacy order and
//! `sortOptions` (fifo, legacy with custom kind lists). Expected outputs come
//! from `kubectl kustomize` (Kustomize v5.5.0).

use rustomize::Kustomizer;
use rustomize::fs::MemFs;

const ALL: &str = r#"apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: hook
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
  namespace: b
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
  namespace: a
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
---
apiVersion: v1
kind: Namespace
metadata:
  name: ns
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
---
apiVersion: example.com/v1
kind: Gadget
metadata:
  name: g
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: sa
---
apiVersion: batch/v1
kind: Job
metadata:
  name: j
"#;

fn build(kustomization: &str) -> String {
    let mut fs = MemFs::new();
    fs.add("/t/kustomization.yaml", kustomization);
    fs.add("/t/all.yaml", ALL);
    Kustomizer::new(fs).build_to_string("/t").unwrap()
}

#[test]
fn default_legacy_order() {
    assert_eq!(
        build("resources:\n- all.yaml\n"),
        r#"apiVersion: v1
kind: Namespace
metadata:
  name: ns
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: sa
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
---
apiVersion: batch/v1
kind: Job
metadata:
  name: j
---
apiVersion: example.com/v1
kind: Gadget
metadata:
  name: g
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
  namespace: a
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
  namespace: b
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: hook
"#
    );
}

#[test]
fn explicit_legacy_is_the_default() {
    assert_eq!(
        build("resources:\n- all.yaml\nsortOptions:\n  order: legacy\n"),
        build("resources:\n- all.yaml\n")
    );
}

#[test]
fn fifo_keeps_input_order() {
    assert_eq!(
        build("resources:\n- all.yaml\nsortOptions:\n  order: fifo\n"),
        r#"apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: hook
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
  namespace: b
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
  namespace: a
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
---
apiVersion: v1
kind: Namespace
metadata:
  name: ns
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
---
apiVersion: example.com/v1
kind: Gadget
metadata:
  name: g
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: sa
---
apiVersion: batch/v1
kind: Job
metadata:
  name: j
"#
    );
}

#[test]
fn custom_legacy_kind_lists() {
    assert_eq!(
        build(
            "resources:\n- all.yaml\nsortOptions:\n  order: legacy\n  legacySortOptions:\n    \
             orderFirst:\n    - Widget\n    - Job\n    orderLast:\n    - Namespace\n"
        ),
        r#"apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
  namespace: a
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
  namespace: b
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
---
apiVersion: batch/v1
kind: Job
metadata:
  name: j
---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: hook
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
---
apiVersion: example.com/v1
kind: Gadget
metadata:
  name: g
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: sa
---
apiVersion: v1
kind: Namespace
metadata:
  name: ns
"#
    );
}
