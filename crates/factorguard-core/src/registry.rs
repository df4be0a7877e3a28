//! The registry of every rule, and selectors (`FG1001`, `private-key-file`, `FG1`, `III`,
//! `factor:III`, `ALL`) that config and flags use to pick rules.

use crate::model::Factor;
use crate::rule::{Rule, RuleMeta};
use std::collections::BTreeSet;

pub struct Registry {
    rules: Vec<&'static dyn Rule>,
}

impl Registry {
    /// Panics on a duplicate id or slug: that is a programming error caught by every test run.
    pub fn new(mut rules: Vec<&'static dyn Rule>) -> Self {
        rules.sort_by_key(|r| r.meta().id);
        let mut ids = BTreeSet::new();
        let mut slugs = BTreeSet::new();
        for rule in &rules {
            let meta = rule.meta();
            assert!(ids.insert(meta.id), "duplicate rule id {}", meta.id);
            assert!(slugs.insert(meta.slug), "duplicate rule slug {}", meta.slug);
        }
        Registry { rules }
    }

    pub fn rules(&self) -> &[&'static dyn Rule] {
        &self.rules
    }

    pub fn metas(&self) -> impl Iterator<Item = &'static RuleMeta> + '_ {
        self.rules.iter().map(|r| r.meta())
    }

    /// A rule by id or slug (case-insensitive id).
    pub fn find(&self, id_or_slug: &str) -> Option<&'static dyn Rule> {
        self.rules
            .iter()
            .copied()
            .find(|r| r.meta().id.eq_ignore_ascii_case(id_or_slug) || r.meta().slug == id_or_slug)
    }

    /// Ids of the rules a selector names; an error says why it names none.
    pub fn resolve(&self, selector: &str) -> Result<Vec<&'static str>, String> {
        let selector = selector.trim();
        if selector.eq_ignore_ascii_case("all") {
            return Ok(self.metas().map(|m| m.id).collect());
        }
        if let Some(rule) = self.find(selector) {
            return Ok(vec![rule.meta().id]);
        }
        let looks_like_factor = selector.to_ascii_lowercase().starts_with("factor:")
            || selector
                .chars()
                .all(|c| matches!(c, 'I' | 'V' | 'X' | 'i' | 'v' | 'x'));
        if looks_like_factor {
            let factor: Factor = selector.parse()?;
            return Ok(self
                .metas()
                .filter(|m| m.factor == factor)
                .map(|m| m.id)
                .collect());
        }
        let upper = selector.to_ascii_uppercase();
        if upper.starts_with("FG") && upper[2..].chars().all(|c| c.is_ascii_digit()) {
            let ids: Vec<_> = self
                .metas()
                .filter(|m| m.id.starts_with(&upper))
                .map(|m| m.id)
                .collect();
            if !ids.is_empty() {
                return Ok(ids);
            }
        }
        Err(format!(
            "`{selector}` names no rule (expected a rule id such as FG1001, a slug, an id prefix such as FG1, a factor such as III, or ALL)"
        ))
    }
}
