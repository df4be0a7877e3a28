//! A fixed report built by hand, covering every shape a renderer meets: single- and multi-line
//! spans, a windowed long line, Unicode before the span, a finding without region or snippet,
//! inline, baseline and config suppressions, and files that could not be scanned.

#![allow(dead_code)] // each test binary uses a different part of this module

use factorguard_core::builtin::SUPPRESSION_WITHOUT_REASON;
use factorguard_core::{
    Cia, Confidence, Factor, FileError, Finding, Location, Region, Report, RuleMeta, Severity,
    SkipReason, Snippet, Stride, Suppression, SuppressionKind,
};

pub static HARDCODED_SECRET: RuleMeta = RuleMeta {
    id: "FG1001",
    slug: "hardcoded-secret",
    title: "Secret committed to the repository",
    factor: Factor::III,
    stride: &[Stride::InformationDisclosure, Stride::Spoofing],
    cia: &[Cia::Confidentiality],
    default_severity: Severity::Critical,
    remediation: "Revoke the credential, remove it from the file and read it from the environment.",
    spec: "III. Config",
    references: &["CWE-798: Use of Hard-coded Credentials"],
    doc: "## What it does\nFinds credentials committed in files.\n\n## Why is this bad?\nAnyone with the repository has the secret.\n\n## How to fix\nRevoke it and read it from the environment.\n\n## Example\n```sh\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n```\n",
};

pub static DB_PUBLIC: RuleMeta = RuleMeta {
    id: "FG2003",
    slug: "db-publicly-accessible",
    title: "Database instance is publicly accessible",
    factor: Factor::IV,
    stride: &[Stride::InformationDisclosure, Stride::Tampering],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::High,
    remediation: "Set publicly_accessible = false and reach the database through a private network.",
    spec: "IV. Backing services",
    references: &["https://cwe.mitre.org/data/definitions/284.html"],
    doc: "## What it does\nFlags `publicly_accessible = true` on database instances.\n\n## Why is this bad?\nThe database listens on the internet.\n\n## How to fix\nSet it to `false`.\n\n## Example\n```hcl\npublicly_accessible = true\n```\n",
};

pub static BUCKET_VERSIONING: RuleMeta = RuleMeta {
    id: "FG2010",
    slug: "bucket-without-versioning",
    title: "Bucket has no versioning",
    factor: Factor::V,
    stride: &[Stride::Tampering, Stride::Repudiation],
    cia: &[Cia::Integrity, Cia::Availability],
    default_severity: Severity::Medium,
    remediation: "Add a versioning block with enabled = true.",
    spec: "V. Build, release, run",
    references: &[],
    doc: "",
};

pub static PRIVILEGED: RuleMeta = RuleMeta {
    id: "FG4005",
    slug: "privileged-container",
    title: "Container runs privileged",
    factor: Factor::VI,
    stride: &[Stride::ElevationOfPrivilege],
    cia: &[Cia::Confidentiality, Cia::Integrity, Cia::Availability],
    default_severity: Severity::High,
    remediation: "Remove privileged: true; grant only the capabilities the process needs.",
    spec: "VI. Processes",
    references: &[],
    doc: "## What it does\nFlags privileged containers.\n\n## Why is this bad?\nA privileged container is root on the node.\n\n## How to fix\nDrop it.\n\n## Example\n```yaml\nprivileged: true\n```\n",
};

pub static ENV_NOT_IGNORED: RuleMeta = RuleMeta {
    id: "FG1010",
    slug: "env-file-not-ignored",
    title: ".env files are not ignored by git",
    factor: Factor::III,
    stride: &[Stride::InformationDisclosure],
    cia: &[Cia::Confidentiality],
    default_severity: Severity::Low,
    remediation: "Add `.env*` to .gitignore.",
    spec: "III. Config",
    references: &[],
    doc: "## What it does\nChecks that `.env` files are ignored.\n\n## Why is this bad?\nThey get committed.\n\n## How to fix\nIgnore them.\n\n## Example\n`.env` missing from `.gitignore`.\n",
};

pub static INSECURE_URL: RuleMeta = RuleMeta {
    id: "FG3001",
    slug: "insecure-http-url",
    title: "Backing service reached over plain HTTP",
    factor: Factor::IV,
    stride: &[Stride::Tampering, Stride::InformationDisclosure],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::Medium,
    remediation: "Use https:// or a TLS-enabled connection string.",
    spec: "IV. Backing services",
    references: &["CWE-319"],
    doc: "## What it does\nFinds http:// URLs to backing services.\n\n## Why is this bad?\nTraffic can be read and changed.\n\n## How to fix\nUse TLS.\n\n## Example\n`http://payments.internal`\n",
};

/// Every rule of the fixture except `FG4002` (`USER root`), so the SARIF renderer's fallback
/// descriptor for an unknown rule is exercised too.
pub fn rules() -> Vec<&'static RuleMeta> {
    vec![
        &SUPPRESSION_WITHOUT_REASON,
        &HARDCODED_SECRET,
        &ENV_NOT_IGNORED,
        &DB_PUBLIC,
        &BUCKET_VERSIONING,
        &INSECURE_URL,
        &PRIVILEGED,
    ]
}

pub fn region(start_line: u32, start_column: u32, end_line: u32, end_column: u32) -> Region {
    Region {
        start_line,
        start_column,
        end_line,
        end_column,
    }
}

pub fn snippet(first_line: u32, lines: &[&str]) -> Option<Snippet> {
    Some(Snippet {
        first_line,
        lines: lines.iter().map(|l| l.to_string()).collect(),
        column_offset: 0,
    })
}

/// A finding of `rule` with the rule's defaults; tests adjust fields directly.
pub fn finding(rule: &RuleMeta, path: &str, region: Option<Region>, message: &str) -> Finding {
    Finding {
        rule_id: rule.id.to_string(),
        slug: rule.slug.to_string(),
        title: rule.title.to_string(),
        severity: rule.default_severity,
        confidence: Confidence::High,
        factor: rule.factor,
        stride: rule.stride.to_vec(),
        cia: rule.cia.to_vec(),
        location: Location {
            path: path.to_string(),
            region,
            address: None,
        },
        message: message.to_string(),
        remediation: rule.remediation.to_string(),
        evidence: None,
        fingerprint: factorguard_core::finding::fingerprint(rule.id, path, message),
        snippet: None,
        suppression: None,
        secret: None,
        commit: None,
        related: Vec::new(),
    }
}

pub static USER_ROOT: RuleMeta = RuleMeta {
    id: "FG4002",
    slug: "dockerfile-runs-as-root",
    title: "Image runs as root",
    factor: Factor::VI,
    stride: &[Stride::ElevationOfPrivilege],
    cia: &[Cia::Integrity],
    default_severity: Severity::Info,
    remediation: "Add a USER instruction with an unprivileged user after the last RUN.",
    spec: "VI. Processes",
    references: &[],
    doc: "",
};

pub fn fixture_report() -> Report {
    let mut report = Report::new(".");
    report.tool.version = "0.0.0-test".to_string();

    let mut gitignore = finding(
        &ENV_NOT_IGNORED,
        ".gitignore",
        None,
        "no .gitignore entry covers config/.env",
    );
    gitignore.location.address = Some("pattern .env*".to_string());

    let mut secret = finding(
        &HARDCODED_SECRET,
        "config/.env",
        Some(region(3, 23, 3, 63)),
        "AWS secret access key committed in a dotenv file",
    );
    secret.location.address = Some("key AWS_SECRET_ACCESS_KEY".to_string());
    secret.evidence = Some("wJal… (40 chars)".to_string());
    secret.snippet = snippet(
        2,
        &[
            "AWS_REGION=eu-west-1",
            "AWS_SECRET_ACCESS_KEY=wJal************************************",
            "DEBUG=false",
        ],
    );

    let mut root = finding(
        &USER_ROOT,
        "Dockerfile",
        Some(region(7, 1, 7, 10)),
        "the final stage runs as root",
    );
    root.location.address = Some("Dockerfile stage 2 instruction 7".to_string());
    root.confidence = Confidence::Medium;
    root.snippet = snippet(
        6,
        &["COPY --from=build /app /app", "USER root", "CMD [\"/app\"]"],
    );

    let mut public_db = finding(
        &DB_PUBLIC,
        "infra/main.tf",
        Some(region(12, 3, 12, 29)),
        "aws_db_instance.main is reachable from the internet",
    );
    public_db.location.address = Some("aws_db_instance.main".to_string());
    public_db.snippet = snippet(
        11,
        &[
            "  engine              = \"postgres\"",
            "  publicly_accessible = true",
            "}",
        ],
    );

    let mut bucket = finding(
        &BUCKET_VERSIONING,
        "infra/main.tf",
        Some(region(20, 1, 22, 2)),
        "aws_s3_bucket.logs has no versioning block",
    );
    bucket.location.address = Some("aws_s3_bucket.logs".to_string());
    bucket.snippet = snippet(
        20,
        &[
            "resource \"aws_s3_bucket\" \"logs\" {",
            "  bucket = \"acme-logs\"",
            "}",
        ],
    );

    let mut privileged = finding(
        &PRIVILEGED,
        "k8s/deploy.yaml",
        Some(region(14, 17, 14, 33)),
        "container `web` | runs privileged",
    );
    privileged.location.address = Some("Deployment/web container web".to_string());
    privileged.snippet = snippet(
        13,
        &[
            "      securityContext:",
            "  label: \"café\" privileged: true",
        ],
    );

    let mut long_line = finding(
        &HARDCODED_SECRET,
        "web/static/app.min.js",
        Some(region(1, 4001, 1, 4041)),
        "GitHub token in minified JavaScript",
    );
    long_line.evidence = Some("ghp_… (40 chars)".to_string());
    long_line.snippet = Some(Snippet {
        first_line: 1,
        lines: vec![format!(
            "{}token:\"ghp_************************************\",{}",
            "x".repeat(33),
            "y".repeat(120)
        )],
        column_offset: 3960,
    });

    report.findings = vec![
        gitignore, secret, root, public_db, bucket, privileged, long_line,
    ];
    report
        .findings
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));

    let mut inline = finding(
        &INSECURE_URL,
        "app/settings.py",
        Some(region(8, 15, 8, 45)),
        "payments API reached over http://",
    );
    inline.snippet = snippet(
        8,
        &["PAYMENTS_URL = \"http://payments.internal:8080\"  # factorguard:ignore[FG3001] reason=\"mesh sidecar adds mTLS\" until=2027-03-31"],
    );
    inline.suppression = Some(Suppression {
        kind: SuppressionKind::Inline,
        reason: Some("mesh sidecar adds mTLS".to_string()),
        until: Some("2027-03-31".to_string()),
        source: Some("app/settings.py:8".to_string()),
    });

    let mut baselined = finding(
        &HARDCODED_SECRET,
        "legacy/old.env",
        Some(region(1, 8, 1, 28)),
        "database password committed in a dotenv file",
    );
    baselined.suppression = Some(Suppression {
        kind: SuppressionKind::Baseline,
        reason: Some("accepted in the baseline".to_string()),
        until: None,
        source: Some(".factorguard-baseline.json".to_string()),
    });

    let mut configured = finding(
        &DB_PUBLIC,
        "sandbox/db.tf",
        Some(region(4, 3, 4, 29)),
        "aws_db_instance.scratch is reachable from the internet",
    );
    configured.suppression = Some(Suppression {
        kind: SuppressionKind::Config,
        reason: None,
        until: None,
        source: Some("factorguard.toml".to_string()),
    });

    report.suppressed = vec![inline, baselined, configured];

    report.errors = vec![
        FileError {
            path: "data/dump.yaml".to_string(),
            message: "invalid UTF-8 at byte 12".to_string(),
        },
        FileError {
            path: "secrets/locked file.env".to_string(),
            message: "permission denied (os error 13)".to_string(),
        },
    ];

    report.stats.files_scanned = 42;
    report.stats.bytes_scanned = 123_456;
    report.stats.skipped.insert(SkipReason::Binary, 3);
    report.stats.skipped.insert(SkipReason::Vendored, 120);
    report.stats.rules_enabled = 30;
    report.stats.duration_ms = 1234;
    report
}

/// A report that breaks every expectation a renderer might have.
pub fn odd_report() -> Report {
    let mut report = Report::new("");
    report.tool.version = String::new();
    let mut nothing = finding(&HARDCODED_SECRET, "", Some(region(0, 0, 0, 0)), "");
    nothing.snippet = Some(Snippet {
        first_line: 0,
        lines: Vec::new(),
        column_offset: u32::MAX,
    });
    let mut backwards = finding(
        &DB_PUBLIC,
        "weird/\u{1b}[31mred\u{1b}[0m #?.tf",
        Some(region(9, 50, 2, 1)),
        "message with \u{1b}]0;title\u{7} and \r\n newline",
    );
    backwards.snippet = snippet(1, &["\u{1b}[2J", "日本語のテキスト", "🦀🦀🦀"]);
    backwards.evidence = Some("\u{0}\u{1}".to_string());
    let mut huge = finding(
        &PRIVILEGED,
        "huge.yaml",
        Some(region(1, u32::MAX, u32::MAX, u32::MAX)),
        &"m".repeat(100_000),
    );
    huge.snippet = snippet(u32::MAX, &[&"z".repeat(1_000_000)]);
    report.findings = vec![nothing, backwards, huge];
    report.suppressed = vec![finding(
        &USER_ROOT,
        "x",
        None,
        "suppressed without a record",
    )];
    report.errors = vec![FileError {
        path: String::new(),
        message: String::new(),
    }];
    report
}

/// A Terraform-like finding inside a module reached through two calls, the second one repeated.
pub fn report_with_module_calls() -> Report {
    let mut report = Report::new(".");
    let mut inside = finding(
        &USER_ROOT,
        "modules/db/main.tf",
        Some(region(10, 3, 10, 30)),
        "`module.app.module.db[\"a\"].aws_db_instance.main` is publicly accessible",
    );
    inside.related = vec![
        factorguard_core::RelatedLocation {
            path: "envs/prod/main.tf".to_string(),
            region: Some(region(28, 1, 28, 15)),
            message: "module.app".to_string(),
        },
        factorguard_core::RelatedLocation {
            path: "modules/app/main.tf".to_string(),
            region: Some(region(5, 1, 5, 14)),
            message: "module.app.module.db[\"a\"]".to_string(),
        },
    ];
    report.findings.push(inside);
    report
}
