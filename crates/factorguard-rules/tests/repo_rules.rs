//! Every Factor I repository rule, run through the real pipeline on its fixture trees:
//! `fires/` yields the expected findings (snapshotted), `clean/` yields none, and no finding
//! shows a fixture's fake secret in full.

use factorguard_core::{Finding, Region, Report, Rule, Severity};
use factorguard_rules::repo::{
    aws_credentials_file, docker_config_auth, dotenv_committed, gcp_service_account_key,
    gitignore_missing_secrets, kubeconfig_credentials, npmrc_auth_token, private_key_file,
    pypirc_password, terraform_state_committed,
};
use factorguard_scan::testing::scan_dir;
use serde::Serialize;
use std::path::{Path, PathBuf};

fn tree(rule_id: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/repo")
        .join(rule_id)
        .join(name)
}

fn scan(rule: &'static dyn Rule, name: &str) -> Report {
    scan_dir(&tree(rule.meta().id, name), vec![rule])
}

/// The findings of `rule_id`; any other finding (a parse error in a fixture) fails the test.
fn findings_of<'r>(report: &'r Report, rule_id: &str) -> Vec<&'r Finding> {
    let others: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule_id != rule_id)
        .map(|f| format!("{} {} {}", f.rule_id, f.location.path, f.message))
        .collect();
    assert!(others.is_empty(), "unexpected findings: {others:#?}");
    assert!(report.errors.is_empty(), "scan errors: {:?}", report.errors);
    report
        .findings
        .iter()
        .filter(|f| f.rule_id == rule_id)
        .collect()
}

#[derive(Debug, Serialize)]
struct Summary<'f> {
    rule: &'f str,
    severity: Severity,
    path: &'f str,
    region: Option<Region>,
    address: Option<&'f str>,
    message: &'f str,
    evidence: Option<&'f str>,
}

fn summarise<'f>(findings: &[&'f Finding]) -> Vec<Summary<'f>> {
    findings
        .iter()
        .map(|f| Summary {
            rule: &f.rule_id,
            severity: f.severity,
            path: &f.location.path,
            region: f.location.region,
            address: f.location.address.as_deref(),
            message: &f.message,
            evidence: f.evidence.as_deref(),
        })
        .collect()
}

/// The fake secrets of a fixture file: values of keys whose name ends with one of `keys`
/// (`KEY=v`, `key = v`, `key: v`, `"key": "v"`), passwords inside URL values, and the body
/// lines of PEM blocks.
fn secrets_in(path: &Path, keys: &[&str]) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let mut secrets = Vec::new();
    let mut in_pem = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("-----BEGIN") {
            in_pem = true;
            continue;
        }
        if t.starts_with("-----END") {
            in_pem = false;
            continue;
        }
        if in_pem && t.len() >= 40 && !t.contains(':') {
            secrets.push(t.to_string());
            continue;
        }
        let Some(value) = keys.iter().find_map(|k| value_after(t, k)) else {
            continue;
        };
        if let Some((_, rest)) = value.split_once("://") {
            if let Some((userinfo, _)) = rest.split_once('@') {
                if let Some((_, password)) = userinfo.split_once(':') {
                    secrets.push(password.to_string());
                }
                continue;
            }
        }
        if value.len() >= 8 {
            // JSON-escaped PEM keys: every body line is a secret on its own.
            for part in value.split("\\n") {
                if part.len() >= 8 && !part.starts_with("-----") {
                    secrets.push(part.to_string());
                }
            }
        }
    }
    secrets
}

/// The value after `key` and its `=` or `:` on `line`, unquoted.
fn value_after(line: &str, key: &str) -> Option<String> {
    let at = line.find(key)?;
    let after = line[at + key.len()..].trim_start_matches('"').trim_start();
    let value = after.strip_prefix(['=', ':'])?;
    Some(
        value
            .trim()
            .trim_end_matches(',')
            .trim_matches('"')
            .to_string(),
    )
}

/// Enough of a secret to recognise it: all of a short one, the first 24 characters of a long
/// one (snippet lines are cut at 200 characters, so a long secret never shows in full).
fn recognisable(secret: &str) -> &str {
    &secret[..secret.len().min(24)]
}

/// No message, evidence or snippet line shows any secret of `files` in full.
fn assert_no_secret_shown(rule_id: &str, findings: &[&Finding], keys: &[&str]) {
    let root = tree(rule_id, "fires");
    for finding in findings {
        let secrets = secrets_in(&root.join(&finding.location.path), keys);
        let mut shown = vec![finding.message.clone()];
        shown.extend(finding.evidence.clone());
        if let Some(snippet) = &finding.snippet {
            shown.extend(snippet.lines.iter().cloned());
        }
        for secret in &secrets {
            for text in &shown {
                assert!(
                    !text.contains(recognisable(secret)),
                    "{rule_id} {} shows a secret: {text}",
                    finding.location.path
                );
            }
        }
    }
}

fn paths_and_lines(findings: &[&Finding]) -> Vec<(String, u32)> {
    findings
        .iter()
        .map(|f| {
            (
                f.location.path.clone(),
                f.location.region.map_or(0, |r| r.start_line),
            )
        })
        .collect()
}

fn assert_clean(rule: &'static dyn Rule) {
    let report = scan(rule, "clean");
    let findings = findings_of(&report, rule.meta().id);
    assert!(
        findings.is_empty(),
        "{} fired on clean/: {:#?}",
        rule.meta().id,
        summarise(&findings)
    );
}

#[test]
fn fg1001_private_key_file() {
    let rule = &private_key_file::PrivateKeyFile;
    let report = scan(rule, "fires");
    let findings = findings_of(&report, "FG1001");
    insta::assert_json_snapshot!("FG1001_fires", summarise(&findings));
    assert_eq!(
        paths_and_lines(&findings),
        [
            ("certs/bundle.pem".to_string(), 28),
            ("certs/client.p12".to_string(), 1),
            ("certs/server.key".to_string(), 1),
            ("deploy/id_ed25519".to_string(), 1),
            ("keys/admin.ppk".to_string(), 1),
            ("keys/ec-signer.key".to_string(), 1),
            ("keys/legacy-rsa.pem".to_string(), 1),
            ("keys/worker.p8".to_string(), 2),
        ]
    );
    let by_path = |p: &str| findings.iter().find(|f| f.location.path == p).unwrap();
    assert!(by_path("deploy/id_ed25519")
        .evidence
        .as_deref()
        .unwrap()
        .contains("ssh-ed25519"));
    for encrypted in ["keys/legacy-rsa.pem", "keys/worker.p8"] {
        let f = by_path(encrypted);
        assert_eq!(f.severity, Severity::High);
        assert!(f.message.contains("passphrase-encrypted"));
    }
    assert_eq!(by_path("certs/server.key").severity, Severity::Critical);
    assert_no_secret_shown("FG1001", &findings, &[]);
    assert_clean(rule);
}

#[test]
fn fg1002_dotenv_committed() {
    let rule = &dotenv_committed::DotenvCommitted;
    let report = scan(rule, "fires");
    let findings = findings_of(&report, "FG1002");
    insta::assert_json_snapshot!("FG1002_fires", summarise(&findings));
    assert_eq!(
        paths_and_lines(&findings),
        [(".env".to_string(), 5), ("config/prod.env".to_string(), 3)]
    );
    let env = findings[0];
    for name in ["SECRET_KEY", "DATABASE_URL", "STRIPE_API_KEY", "SENTRY_DSN"] {
        assert!(env.message.contains(name), "{}", env.message);
    }
    assert!(env.message.contains("5 real values, 4 of them credentials"));
    assert!(!env.message.contains("ADMIN_TOKEN") && !env.message.contains("MAILER_PASSWORD"));
    assert_no_secret_shown(
        "FG1002",
        &findings,
        &[
            "SECRET_KEY",
            "DATABASE_URL",
            "STRIPE_API_KEY",
            "SENTRY_DSN",
            "SMTP_PASSWORD",
        ],
    );
    assert_clean(rule);
}

#[test]
fn fg1003_terraform_state_committed() {
    let rule = &terraform_state_committed::TerraformStateCommitted;
    let report = scan(rule, "fires");
    let findings = findings_of(&report, "FG1003");
    insta::assert_json_snapshot!("FG1003_fires", summarise(&findings));
    assert_eq!(
        paths_and_lines(&findings),
        [
            ("infra/envs/dev/terraform.tfstate".to_string(), 1),
            ("infra/terraform.tfstate".to_string(), 1),
            ("infra/terraform.tfstate.backup".to_string(), 1),
        ]
    );
    assert_eq!(findings[0].severity, Severity::Low);
    assert_eq!(findings[1].severity, Severity::Critical);
    assert!(findings[1]
        .evidence
        .as_deref()
        .unwrap()
        .contains("serial 42, terraform_version 1.7.5, 3 resources"));
    assert_no_secret_shown(
        "FG1003",
        &findings,
        &["value", "result", "password", "secret"],
    );
    // The minified backup puts every secret on line 1: the snippet must not show it.
    let backup = findings[2].snippet.as_ref().unwrap();
    assert!(!backup.lines[0].contains("password"), "{:?}", backup.lines);
    assert_clean(rule);
}

#[test]
fn fg1004_kubeconfig_credentials() {
    let rule = &kubeconfig_credentials::KubeconfigCredentials;
    let report = scan(rule, "fires");
    let findings = findings_of(&report, "FG1004");
    insta::assert_json_snapshot!("FG1004_fires", summarise(&findings));
    let addresses: Vec<_> = findings
        .iter()
        .map(|f| f.location.address.as_deref().unwrap())
        .collect();
    assert_eq!(
        addresses,
        [
            "users[deployer].user.token",
            "users[admin].user.client-key-data",
            "users[dev-oidc].user.auth-provider.config.client-secret",
            "users[dev-oidc].user.auth-provider.config.refresh-token",
            "users[ops].user.password",
        ]
    );
    assert_eq!(
        paths_and_lines(&findings)[..2],
        [
            (".kube/config".to_string(), 17),
            (".kube/config".to_string(), 21)
        ]
    );
    assert_no_secret_shown(
        "FG1004",
        &findings,
        &["token", "client-key-data", "client-secret", "password"],
    );
    assert_clean(rule);
}

#[test]
fn fg1005_npmrc_auth_token() {
    let rule = &npmrc_auth_token::NpmrcAuthToken;
    let report = scan(rule, "fires");
    let findings = findings_of(&report, "FG1005");
    insta::assert_json_snapshot!("FG1005_fires", summarise(&findings));
    assert_eq!(
        paths_and_lines(&findings),
        [
            (".npmrc".to_string(), 3),
            (".npmrc".to_string(), 4),
            ("legacy/.npmrc".to_string(), 1),
        ]
    );
    assert!(findings[1].message.contains("//npm.pkg.github.com/"));
    assert_no_secret_shown("FG1005", &findings, &["_authToken", "_auth"]);
    assert_clean(rule);
}

#[test]
fn fg1006_pypirc_password() {
    let rule = &pypirc_password::PypircPassword;
    let report = scan(rule, "fires");
    let findings = findings_of(&report, "FG1006");
    insta::assert_json_snapshot!("FG1006_fires", summarise(&findings));
    assert_eq!(
        paths_and_lines(&findings),
        [(".pypirc".to_string(), 8), (".pypirc".to_string(), 13)]
    );
    assert!(findings[0].message.contains("API token"));
    assert!(findings[1]
        .message
        .contains("password for user `release-bot`"));
    assert_no_secret_shown("FG1006", &findings, &["password"]);
    assert_clean(rule);
}

#[test]
fn fg1007_docker_config_auth() {
    let rule = &docker_config_auth::DockerConfigAuth;
    let report = scan(rule, "fires");
    let findings = findings_of(&report, "FG1007");
    insta::assert_json_snapshot!("FG1007_fires", summarise(&findings));
    let addresses: Vec<_> = findings
        .iter()
        .map(|f| f.location.address.as_deref().unwrap())
        .collect();
    assert_eq!(
        addresses,
        [
            "auths[\"ghcr.io\"]",
            "auths[\"registry.insecure-app.test\"]",
            "auths[\"quay.io\"]",
        ]
    );
    assert!(findings[0]
        .evidence
        .as_deref()
        .unwrap()
        .contains("user `ci-bot`"));
    assert_no_secret_shown("FG1007", &findings, &["auth", "identitytoken"]);
    assert_clean(rule);
}

#[test]
fn fg1008_aws_credentials_file() {
    let rule = &aws_credentials_file::AwsCredentialsFile;
    let report = scan(rule, "fires");
    let findings = findings_of(&report, "FG1008");
    insta::assert_json_snapshot!("FG1008_fires", summarise(&findings));
    assert_eq!(
        paths_and_lines(&findings),
        [
            (".aws/config".to_string(), 7),
            (".aws/credentials".to_string(), 3),
            (".aws/credentials".to_string(), 7),
        ]
    );
    assert_eq!(
        findings[1].location.address.as_deref(),
        Some("[default] aws_secret_access_key")
    );
    assert_eq!(findings[1].severity, Severity::Critical);
    assert_eq!(findings[2].severity, Severity::High);
    assert_no_secret_shown(
        "FG1008",
        &findings,
        &["aws_secret_access_key", "aws_session_token"],
    );
    assert_clean(rule);
}

#[test]
fn fg1009_gcp_service_account_key() {
    let rule = &gcp_service_account_key::GcpServiceAccountKey;
    let report = scan(rule, "fires");
    let findings = findings_of(&report, "FG1009");
    insta::assert_json_snapshot!("FG1009_fires", summarise(&findings));
    assert_eq!(
        paths_and_lines(&findings),
        [("keys/deployer-sa.json".to_string(), 5)]
    );
    let f = findings[0];
    assert!(f
        .evidence
        .as_deref()
        .unwrap()
        .contains("client_email domain insecure-app-prod.iam.gserviceaccount.com"));
    let region = f.location.region.unwrap();
    assert_eq!(
        region.end_column - region.start_column,
        "\"private_key\"".len() as u32
    );
    assert_no_secret_shown("FG1009", &findings, &["private_key"]);
    assert_clean(rule);
}

#[test]
fn fg1010_gitignore_missing_secrets() {
    let rule = &gitignore_missing_secrets::GitignoreMissingSecrets;
    let report = scan(rule, "fires");
    let findings = findings_of(&report, "FG1010");
    insta::assert_json_snapshot!("FG1010_fires", summarise(&findings));
    assert_eq!(findings.len(), 3);
    let message = |address: &str| {
        findings
            .iter()
            .find(|f| f.location.address.as_deref() == Some(address))
            .map(|f| f.message.as_str())
            .unwrap_or_default()
    };
    assert!(message("pattern .env").contains("add `.env`"));
    assert!(message("pattern *.tfstate")
        .contains("add `*.tfstate`, `*.tfstate.*` (Terraform in infra)"));
    assert!(message("pattern key files").contains("add `*.pem`, `*.key`, `id_rsa`"));
    for f in &findings {
        assert_eq!(f.location.path, ".gitignore");
        assert_eq!(f.location.region.unwrap().start_line, 1);
    }
    assert_clean(rule);

    let missing = scan_dir(&tree("FG1010", "missing"), vec![rule]);
    let findings = findings_of(&missing, "FG1010");
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].location.path, ".gitignore");
    assert_eq!(findings[0].location.region, None);
    assert!(findings[0].message.contains("no root .gitignore"));
}

/// Files the classifier recognises but that do not parse surface as FG0001, never a panic.
#[test]
fn unparseable_credential_files_are_parse_errors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/repo/parse-errors");
    let report = scan_dir(&root, factorguard_rules::all_rules());
    let mut got: Vec<_> = report
        .findings
        .iter()
        .map(|f| (f.rule_id.as_str(), f.location.path.as_str()))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("FG0001", ".docker/config.json"),
            ("FG0001", "keys/half-sa.json"),
            ("FG0001", "ops/broken.kubeconfig"),
            ("FG1010", ".gitignore"),
        ]
    );
}
