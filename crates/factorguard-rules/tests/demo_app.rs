//! The demo app `examples/insecure-app`, scanned with every rule: each planted Factor I
//! problem is found, at the right file, and nothing in it fails to parse.

use factorguard_rules::all_rules;
use factorguard_scan::testing::scan_dir;
use std::path::Path;

#[test]
fn every_planted_factor_one_problem_is_found() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/insecure-app");
    let report = scan_dir(&root, all_rules());
    let found = |rule: &str, path: &str| {
        report
            .findings
            .iter()
            .filter(|f| f.rule_id == rule && f.location.path == path)
            .count()
    };
    assert_eq!(found("FG1001", "deploy/id_ed25519"), 1, "deploy key");
    assert_eq!(found("FG1002", ".env"), 1, "committed .env");
    assert_eq!(
        found("FG1003", "infra/terraform.tfstate"),
        1,
        "committed state"
    );
    assert_eq!(found("FG1005", ".npmrc"), 1, "npm token");
    // The weak .gitignore misses all three groups.
    assert_eq!(found("FG1010", ".gitignore"), 3, "weak .gitignore");

    // The example files and the public key are not findings; nothing fails to parse.
    for f in &report.findings {
        assert_ne!(f.location.path, ".env.example");
        assert_ne!(f.location.path, "deploy/id_ed25519.pub");
        assert_ne!(f.rule_id, "FG0001", "parse error: {}", f.message);
    }
    assert!(report.errors.is_empty(), "{:?}", report.errors);
}

/// Secrets planted in the demo's code, config, CI and compose file, each found by the detector
/// for its format (the provider's when there is one) without printing it.
#[test]
fn every_planted_secret_is_found() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/insecure-app");
    let report = scan_dir(&root, all_rules());
    let secret_findings = |path: &str| -> Vec<&factorguard_core::Finding> {
        report
            .findings
            .iter()
            .filter(|f| f.location.path == path && f.secret.is_some())
            .collect()
    };
    let is_generic = |id: &str| {
        factorguard_rules::secrets::all_detectors()
            .iter()
            .any(|d| d.meta.id == id && d.provider == "generic")
    };
    let found_by = |path: &str, provider_word: &str| {
        secret_findings(path).into_iter().any(|f| {
            !is_generic(&f.rule_id) && f.message.to_ascii_lowercase().contains(provider_word)
        })
    };

    // The password in the compose file's DATABASE_URL, and the same password as
    // POSTGRES_PASSWORD: one secret, found in two places and linked by its hash.
    let compose = secret_findings("docker-compose.yml");
    let url = compose
        .iter()
        .find(|f| f.rule_id == "FG2006")
        .expect("password in the compose DATABASE_URL");
    assert_eq!(url.location.address.as_deref(), Some("DATABASE_URL"));
    let assigned = compose
        .iter()
        .find(|f| f.rule_id == "FG2021")
        .expect("POSTGRES_PASSWORD in compose");
    assert_eq!(
        assigned.location.address.as_deref(),
        Some("POSTGRES_PASSWORD")
    );
    assert_eq!(
        url.secret.as_ref().map(|s| &s.sha256),
        assigned.secret.as_ref().map(|s| &s.sha256)
    );
    assert_eq!(
        url.secret.as_ref().map(|s| s.also_found_in.len()),
        Some(1),
        "the two places are linked"
    );
    // The .env's database URL and secret key.
    let dotenv = secret_findings(".env");
    assert!(dotenv.iter().any(|f| f.rule_id == "FG2006"), "{dotenv:?}");
    assert!(
        dotenv
            .iter()
            .any(|f| f.location.address.as_deref() == Some("SECRET_KEY")),
        "{dotenv:?}"
    );

    // Provider formats.
    assert!(
        found_by("app/billing.py", "stripe"),
        "Stripe key in app code"
    );
    assert!(
        found_by("config/storage.yml", "aws"),
        "AWS key pair in config"
    );
    assert!(found_by("app/alerts.py", "slack"), "Slack webhook");
    assert!(
        found_by(".github/workflows/deploy.yml", "github"),
        "GitHub token in CI"
    );

    // Nothing planted is printed whole.
    for secret in [
        "ExbFJcNitTucoCBFVyvu",
        "sk_live_7uQB0i3iTYdEaVlbvcSLfJrG",
        "C5UlfVjGQo0C+mrcTdWGAodjQxuMTu6sdDppOKf+",
        "2mGGHF1ZNFMltKIpOoeMdeR9",
        "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",
    ] {
        for f in &report.findings {
            let snippet = f
                .snippet
                .as_ref()
                .map(|s| s.lines.join("\n"))
                .unwrap_or_default();
            assert!(
                !f.message.contains(secret)
                    && !f.evidence.as_deref().unwrap_or("").contains(secret)
                    && !snippet.contains(secret),
                "{} at {} reveals a planted secret",
                f.rule_id,
                f.location.path
            );
        }
    }
    // The example files hold only placeholders.
    assert!(secret_findings(".env.example").is_empty());
}

#[test]
fn every_planted_terraform_problem_is_found() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/insecure-app");
    let report = scan_dir(&root, all_rules());
    let found: std::collections::BTreeSet<&str> = report
        .findings
        .iter()
        .filter(|f| f.location.path == "infra/main.tf")
        .map(|f| f.rule_id.as_str())
        .collect();
    // Every Terraform rule has a planted problem in infra/main.tf, except FG3012
    // (cloudtrail-missing): the demo has trails, whose gaps the other rules show.
    for n in (3001..=3036).filter(|n| *n != 3012) {
        let id = format!("FG{n}");
        assert!(
            found.contains(id.as_str()),
            "{id} not found in infra/main.tf: {found:?}"
        );
    }
}

#[test]
fn every_planted_data_store_and_edge_problem_is_found() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/insecure-app");
    let report = scan_dir(&root, all_rules());
    let found = |path: &str| -> std::collections::BTreeSet<String> {
        report
            .findings
            .iter()
            .filter(|f| f.location.path == path)
            .map(|f| f.rule_id.clone())
            .collect()
    };
    let data = found("infra/data.tf");
    for n in 3037..=3050 {
        assert!(
            data.contains(&format!("FG{n}")),
            "FG{n} not found in infra/data.tf: {data:?}"
        );
    }
    // FG3055 (no password policy) cannot be planted beside the weak one FG3056 needs.
    let edge = found("infra/edge.tf");
    for n in (3051..=3066).filter(|n| *n != 3055) {
        assert!(
            edge.contains(&format!("FG{n}")),
            "FG{n} not found in infra/edge.tf: {edge:?}"
        );
    }
}

#[test]
fn every_planted_compute_and_streaming_problem_is_found() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/insecure-app");
    let report = scan_dir(&root, all_rules());
    let compute: std::collections::BTreeSet<&str> = report
        .findings
        .iter()
        .filter(|f| f.location.path == "infra/compute.tf")
        .map(|f| f.rule_id.as_str())
        .collect();
    for n in 3067..=3082 {
        let id = format!("FG{n}");
        assert!(
            compute.contains(id.as_str()),
            "{id} not found in infra/compute.tf: {compute:?}"
        );
    }
    // The planted credentials are named, never printed.
    for secret in [
        "Kd8wPq3zRt6mXv2n",
        "Jt5rWq8Lm2Xv9Nc4Bz7Hd1Kp6Fs3Gy0Ue5Ri8Ta2",
        "Rz4Nq8Wx2Lt6Vm9Kc3Pb7Hd5",
        "Tm6Yc2Qw9Zr4Lx8B",
    ] {
        for f in report
            .findings
            .iter()
            .filter(|f| f.rule_id.starts_with("FG30"))
        {
            let snippet = f
                .snippet
                .as_ref()
                .map(|s| s.lines.join("\n"))
                .unwrap_or_default();
            assert!(
                !f.message.contains(secret) && !snippet.contains(secret),
                "{} at {} reveals a planted secret",
                f.rule_id,
                f.location.path
            );
        }
    }
}

#[test]
fn a_planted_problem_inside_a_local_module_is_found_through_its_call() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/insecure-app");
    let report = scan_dir(&root, all_rules());
    let in_module: Vec<&factorguard_core::Finding> = report
        .findings
        .iter()
        .filter(|f| f.location.path == "infra/modules/queue/main.tf" && f.rule_id == "FG3047")
        .collect();
    assert_eq!(in_module.len(), 1, "{in_module:#?}");
    let finding = in_module[0];
    assert_eq!(
        finding.location.address.as_deref(),
        Some("module.jobs_queue.aws_sqs_queue.this")
    );
    let calls: Vec<(&str, u32, &str)> = finding
        .related
        .iter()
        .map(|r| {
            (
                r.path.as_str(),
                r.region.map_or(0, |region| region.start_line),
                r.message.as_str(),
            )
        })
        .collect();
    assert_eq!(calls, [("infra/modules.tf", 3, "module.jobs_queue")]);
}

#[test]
fn every_planted_operations_problem_is_found() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/insecure-app");
    let report = scan_dir(&root, all_rules());
    let ops: Vec<(&str, &str)> = report
        .findings
        .iter()
        .filter(|f| f.location.path == "infra/ops.tf")
        .map(|f| {
            (
                f.rule_id.as_str(),
                f.location.address.as_deref().unwrap_or(""),
            )
        })
        .collect();
    for (rule, address) in [
        ("FG3083", "aws_eks_cluster.jobs"),
        ("FG3084", "aws_flow_log.jobs"),
        ("FG3085", "aws_vpc.jobs"),
    ] {
        assert!(
            ops.contains(&(rule, address)),
            "{rule} not found on {address} in infra/ops.tf: {ops:?}"
        );
    }
    // The resources that carry an `owner` tag are not reported for tags.
    let untagged: Vec<&str> = ops
        .iter()
        .filter(|(rule, _)| *rule == "FG3085")
        .map(|(_, address)| *address)
        .collect();
    assert_eq!(untagged, ["aws_vpc.jobs"]);
}

#[test]
fn every_planted_resource_policy_problem_is_found() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/insecure-app");
    let report = scan_dir(&root, all_rules());
    let policies: Vec<(&str, &str)> = report
        .findings
        .iter()
        .filter(|f| {
            f.location.path == "infra/policies.tf"
                && (f.rule_id == "FG3087" || f.rule_id == "FG3088")
        })
        .map(|f| {
            (
                f.rule_id.as_str(),
                f.location.address.as_deref().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        policies,
        [
            ("FG3087", "aws_kms_key.exports"),
            ("FG3088", "aws_s3_bucket_policy.exports"),
            ("FG3088", "aws_sqs_queue_policy.clicks"),
            ("FG3088", "aws_lambda_permission.thumbnails_public"),
        ]
    );
}

#[test]
fn every_planted_identity_problem_is_found() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/insecure-app");
    let report = scan_dir(&root, all_rules());
    let identity: Vec<(&str, u32, &str)> = report
        .findings
        .iter()
        .filter(|f| f.location.path == "infra/identity.tf")
        .filter(|f| f.rule_id == "FG3089" || f.rule_id == "FG3090")
        .map(|f| {
            (
                f.rule_id.as_str(),
                f.location.region.map_or(0, |r| r.start_line),
                f.location.address.as_deref().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        identity,
        [
            ("FG3089", 11, "aws_iam_user_login_profile.support"),
            ("FG3090", 41, "aws_db_instance.sessions"),
        ]
    );
}
