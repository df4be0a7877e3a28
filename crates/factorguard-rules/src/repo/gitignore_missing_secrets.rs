//! FG1010 `gitignore-missing-secrets`: the root `.gitignore` does not keep secrets out of git.

use factorguard_core::{
    Cia, DocKind, Factor, FileEmitter, Location, ProjectEmitter, ProjectIndex, Region, Rule,
    RuleMeta, Severity, Snippet, SourceFile, Stride,
};
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::Match;
use std::collections::BTreeSet;

pub static META: RuleMeta = RuleMeta {
    id: "FG1010",
    slug: "gitignore-missing-secrets",
    title: ".gitignore does not cover secret files",
    factor: Factor::I,
    stride: &[Stride::InformationDisclosure],
    cia: &[Cia::Confidentiality],
    default_severity: Severity::Medium,
    remediation: "Add the named patterns to the root .gitignore so secret files cannot be committed by accident.",
    spec: "I. Codebase — a `.gitignore` that does not cover `.env`, `*.tfstate`, key files",
    references: &[
        "https://cwe.mitre.org/data/definitions/538.html",
        "https://git-scm.com/docs/gitignore",
    ],
    doc: r#"## What it does
Checks that the repository's root `.gitignore` keeps the usual secret files out of git, evaluating
its patterns the way git does (negations such as `!.env` un-ignore; a file inside an ignored
directory stays ignored):

- `.env` must be ignored, always;
- `terraform.tfstate` and `terraform.tfstate.backup` must be ignored in every directory that holds
  Terraform files (`*.tf`, `*.tf.json`, `*.tfvars`), only when the project has any;
- private key files: `*.pem`, `*.key` and `id_rsa`.

One finding per missing group, naming the patterns to add, on the first line of `.gitignore`.
With no root `.gitignore` at all there is a single finding on the path `.gitignore`. The `.env`
and Terraform state groups are medium; the key-file group is low, since FG1001 finds committed
keys by content whatever their name.
Nested `.gitignore` files and the user's global excludes file are not considered: the root file
is the one every clone of the repository shares.

## Why is this bad?
`git add .` and IDE "commit all" buttons commit whatever is not ignored. The `.env` with the
production database password, the Terraform state with every generated secret, the key someone
generated in the working tree: once pushed, they are in history for good and must be rotated.

## How to fix
Add the patterns the finding names to the root `.gitignore`, for example:
```gitignore
.env
.env.*
!.env.example
*.tfstate
*.tfstate.*
*.pem
*.key
id_rsa
id_ed25519
```
Then check nothing secret is already tracked: `git ls-files -ci --exclude-standard`.

## Example
```gitignore
node_modules/
__pycache__/
```
Use instead: the same file plus the block above.
"#,
};

pub struct GitignoreMissingSecrets;

/// The root `.gitignore`, published by the file phase for the project phase.
#[derive(Debug, Clone)]
pub struct RootGitignore {
    pub lines: Vec<String>,
    /// The file's first line, where findings point.
    pub first_line: Region,
    pub snippet: Snippet,
}

/// A group of secret files and the sample paths whose coverage stands for it.
struct Group {
    address: &'static str,
    what: &'static str,
    /// (sample file name, pattern to suggest when it is not covered)
    samples: &'static [(&'static str, &'static str)],
}

const DOTENV: Group = Group {
    address: "pattern .env",
    what: "dotenv files",
    samples: &[(".env", ".env")],
};

const TFSTATE: Group = Group {
    address: "pattern *.tfstate",
    what: "Terraform state",
    samples: &[
        ("terraform.tfstate", "*.tfstate"),
        ("terraform.tfstate.backup", "*.tfstate.*"),
    ],
};

const KEYS: Group = Group {
    address: "pattern key files",
    what: "private key files",
    samples: &[
        ("server.pem", "*.pem"),
        ("server.key", "*.key"),
        ("id_rsa", "id_rsa"),
    ],
};

impl Rule for GitignoreMissingSecrets {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn kinds(&self) -> &'static [DocKind] {
        &[DocKind::Gitignore]
    }

    fn check_file(&self, file: &SourceFile, out: &mut FileEmitter<'_>) {
        if file.path != ".gitignore" {
            return;
        }
        let text = String::from_utf8_lossy(&file.bytes[file.text_offset()..]);
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let range = file.line_index().line_range(0, file.bytes);
        let first = String::from_utf8_lossy(&file.bytes[range]);
        let first: String = first
            .trim_start_matches('\u{feff}')
            .chars()
            .take(200)
            .collect();
        out.publish(RootGitignore {
            first_line: Region {
                start_line: 1,
                start_column: 1,
                end_line: 1,
                end_column: first.chars().count() as u32 + 1,
            },
            snippet: Snippet {
                first_line: 1,
                lines: vec![first],
                column_offset: 0,
            },
            lines,
        });
    }

    fn check_project(&self, index: &ProjectIndex, out: &mut ProjectEmitter<'_>) {
        let Some(root) = index.facts::<RootGitignore>().next() else {
            out.emit(
                &META,
                Location {
                    path: ".gitignore".into(),
                    region: None,
                    address: Some("repository root".into()),
                },
                "the repository has no root .gitignore: nothing keeps `.env` files, Terraform state or private keys out of git",
                None,
            );
            return;
        };
        let matcher = build_matcher(&root.lines);
        let mut report = |group: &Group, dirs: &[String]| {
            let mut missing: Vec<&str> = Vec::new();
            let mut where_: BTreeSet<&str> = BTreeSet::new();
            for dir in dirs {
                for (sample, pattern) in group.samples {
                    let path = if dir.is_empty() {
                        sample.to_string()
                    } else {
                        format!("{dir}/{sample}")
                    };
                    if !is_ignored(&matcher, &path) {
                        if !missing.contains(pattern) {
                            missing.push(pattern);
                        }
                        where_.insert(if dir.is_empty() { "." } else { dir });
                    }
                }
            }
            if missing.is_empty() {
                return;
            }
            let patterns = missing
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let mut message = format!(".gitignore does not cover {}: add {patterns}", group.what);
            if group.address == TFSTATE.address {
                let dirs: Vec<&str> = where_.into_iter().collect();
                message.push_str(&format!(" (Terraform in {})", dirs.join(", ")));
            }
            // Committed keys are caught by content anyway (FG1001), so a missing key pattern
            // is the lesser gap.
            let severity = if group.address == KEYS.address {
                Severity::Low
            } else {
                META.default_severity
            };
            out.finding(
                &META,
                Location {
                    path: ".gitignore".into(),
                    region: Some(root.first_line),
                    address: Some(group.address.into()),
                },
            )
            .message(message)
            .severity(severity)
            .snippet(root.snippet.clone())
            .emit();
        };
        let root_dir = [String::new()];
        report(&DOTENV, &root_dir);
        let terraform_dirs = terraform_dirs(index);
        if !terraform_dirs.is_empty() {
            report(&TFSTATE, &terraform_dirs);
        }
        report(&KEYS, &root_dir);
    }
}

/// Directories (relative, `""` for the root) holding Terraform configuration.
fn terraform_dirs(index: &ProjectIndex) -> Vec<String> {
    let dirs: BTreeSet<String> = index
        .files
        .iter()
        .filter(|f| {
            f.kinds.intersects(&[
                DocKind::Terraform,
                DocKind::TerraformJson,
                DocKind::TerraformVars,
            ])
        })
        .map(|f| f.path.rsplit_once('/').map_or("", |(d, _)| d).to_string())
        .collect();
    dirs.into_iter().collect()
}

fn build_matcher(lines: &[String]) -> Gitignore {
    let mut builder = GitignoreBuilder::new("");
    for line in lines {
        // git skips patterns it cannot parse; so do we.
        let _ = builder.add_line(None, line);
    }
    builder.build().unwrap_or_else(|_| Gitignore::empty())
}

/// Would git ignore the file at `path`? Like git, a file inside an ignored directory stays
/// ignored whatever negations follow.
fn is_ignored(matcher: &Gitignore, path: &str) -> bool {
    let mut prefix = String::new();
    let parts: Vec<&str> = path.split('/').collect();
    let (file, dirs) = parts.split_last().unwrap_or((&"", &[]));
    for dir in dirs {
        if !prefix.is_empty() {
            prefix.push('/');
        }
        prefix.push_str(dir);
        if let Match::Ignore(_) = matcher.matched(&prefix, true) {
            return true;
        }
    }
    let _ = file;
    matches!(matcher.matched(path, false), Match::Ignore(_))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ignored(patterns: &str, path: &str) -> bool {
        let lines: Vec<String> = patterns.lines().map(str::to_string).collect();
        is_ignored(&build_matcher(&lines), path)
    }

    #[test]
    fn evaluates_like_git() {
        assert!(ignored(".env", ".env"));
        assert!(ignored(".env*\n!.env.example", ".env"));
        assert!(!ignored(".env\n!.env", ".env"));
        assert!(ignored("*.tfstate", "infra/prod/terraform.tfstate"));
        assert!(!ignored("/terraform.tfstate", "infra/terraform.tfstate"));
        assert!(ignored("infra/", "infra/terraform.tfstate"));
        assert!(ignored(
            "infra/\n!infra/terraform.tfstate",
            "infra/terraform.tfstate"
        ));
        assert!(!ignored("node_modules/\n[", ".env"));
        assert!(ignored("**/*.pem", "server.pem"));
        assert!(!ignored("", "id_rsa"));
    }
}
