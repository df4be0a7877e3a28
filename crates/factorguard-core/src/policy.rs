//! The effective policy of one run: the config and the command line compiled together.

use crate::config::{ConfigError, LoadedConfig, Threshold, DEFAULT_FAIL_ON};
use crate::finding::{Finding, Suppression, SuppressionKind};
use crate::model::Severity;
use crate::registry::Registry;
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::collections::{BTreeMap, BTreeSet};

/// Selections given on the command line, already resolved to rule ids.
#[derive(Debug, Default, Clone)]
pub struct CommandLinePolicy {
    /// When given (even if it names no rule, e.g. a factor without rules yet), replaces the
    /// config's `rules.select`.
    pub select: Option<Vec<&'static str>>,
    /// Added to the config's `rules.ignore`.
    pub ignore: Vec<&'static str>,
    pub fail_on: Option<Threshold>,
}

struct CompiledOverride {
    paths: GlobSet,
    ignore: BTreeSet<&'static str>,
    severity: BTreeMap<&'static str, Severity>,
    reason: Option<String>,
    source: String,
}

pub struct Policy {
    enabled: BTreeSet<&'static str>,
    severity: BTreeMap<&'static str, Severity>,
    overrides: Vec<CompiledOverride>,
    pub gate: Option<Severity>,
}

impl Policy {
    pub fn compile(
        loaded: &LoadedConfig,
        registry: &Registry,
        cli: &CommandLinePolicy,
    ) -> Result<Policy, ConfigError> {
        let config = &loaded.config;
        let mut enabled = BTreeSet::new();
        if let Some(select) = &cli.select {
            enabled.extend(select.iter().copied());
        } else if config.rules.select.is_empty() {
            enabled.extend(registry.metas().map(|m| m.id));
        } else {
            for selector in &config.rules.select {
                enabled.extend(loaded.resolve(registry, selector)?);
            }
        }
        for selector in &config.rules.ignore {
            for id in loaded.resolve(registry, selector)? {
                enabled.remove(id);
            }
        }
        for id in &cli.ignore {
            enabled.remove(id);
        }
        let mut severity = BTreeMap::new();
        for (selector, level) in &config.rules.severity {
            for id in loaded.resolve(registry, selector)? {
                severity.insert(id, *level);
            }
        }
        let mut overrides = Vec::new();
        for (n, o) in config.overrides.iter().enumerate() {
            let mut patterns = Vec::new();
            for p in &o.paths {
                patterns.push(p.get_ref().clone());
                compile_globs(std::slice::from_ref(p.get_ref()))
                    .map_err(|e| loaded.error_at(p.span(), e))?;
            }
            let paths = compile_globs(&patterns).map_err(|e| loaded.error_at(0..0, e))?;
            let mut ignore = BTreeSet::new();
            for selector in &o.ignore {
                ignore.extend(loaded.resolve(registry, selector)?);
            }
            let mut sev = BTreeMap::new();
            for (selector, level) in &o.severity {
                for id in loaded.resolve(registry, selector)? {
                    sev.insert(id, *level);
                }
            }
            let source = match &loaded.path {
                Some(path) => format!("{} [[overrides]] #{}", path.display(), n + 1),
                None => format!("[[overrides]] #{}", n + 1),
            };
            overrides.push(CompiledOverride {
                paths,
                ignore,
                severity: sev,
                reason: o.reason.clone(),
                source,
            });
        }
        let gate = cli
            .fail_on
            .or(config.gate.fail_on)
            .unwrap_or(DEFAULT_FAIL_ON)
            .severity();
        Ok(Policy {
            enabled,
            severity,
            overrides,
            gate,
        })
    }

    /// A policy that runs every rule with the default gate (for tests and `rules` listings).
    pub fn all(registry: &Registry) -> Policy {
        Policy {
            enabled: registry.metas().map(|m| m.id).collect(),
            severity: BTreeMap::new(),
            overrides: Vec::new(),
            gate: DEFAULT_FAIL_ON.severity(),
        }
    }

    pub fn is_enabled(&self, rule_id: &str) -> bool {
        self.enabled.contains(rule_id)
    }

    pub fn enabled_count(&self) -> usize {
        self.enabled.len()
    }

    /// Apply severity overrides; return a suppression when a per-path override ignores the rule.
    pub fn adjust(&self, finding: &mut Finding) -> Option<Suppression> {
        if let Some(level) = self.severity.get(finding.rule_id.as_str()) {
            finding.severity = *level;
        }
        let mut suppression = None;
        for o in &self.overrides {
            if !o.paths.is_match(&finding.location.path) {
                continue;
            }
            if let Some(level) = o.severity.get(finding.rule_id.as_str()) {
                finding.severity = *level;
            }
            if o.ignore.contains(finding.rule_id.as_str()) {
                suppression = Some(Suppression {
                    kind: SuppressionKind::Config,
                    reason: o.reason.clone(),
                    until: None,
                    source: Some(o.source.clone()),
                });
            }
        }
        suppression
    }
}

/// Compile gitignore-style patterns relative to the root: `*.min.js` matches at any depth,
/// `dir/` and `dir` match everything below `dir`.
pub fn compile_globs(patterns: &[String]) -> Result<GlobSet, String> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let trimmed = pattern.trim().trim_start_matches("./");
        let anchored = trimmed.starts_with('/');
        let body = trimmed.trim_start_matches('/').trim_end_matches('/');
        if body.is_empty() {
            return Err(format!("`{pattern}` is not a usable path pattern"));
        }
        let base = if anchored || body.contains('/') {
            body.to_string()
        } else {
            format!("**/{body}")
        };
        for variant in [base.clone(), format!("{base}/**")] {
            let glob =
                Glob::new(&variant).map_err(|e| format!("`{pattern}` is not a valid glob: {e}"))?;
            builder.add(glob);
        }
    }
    builder.build().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_follow_gitignore_conventions() {
        let set =
            compile_globs(&["*.min.js".into(), "tests/fixtures".into(), "/build/".into()]).unwrap();
        assert!(set.is_match("web/app.min.js"));
        assert!(set.is_match("tests/fixtures/a/b.env"));
        assert!(set.is_match("build/out.txt"));
        assert!(!set.is_match("src/build/out.txt"));
        assert!(!set.is_match("tests/unit.rs"));
    }
}
