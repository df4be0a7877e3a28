//! The registry of every rule, and selectors (`FG1001`, `private-key-file`, `FG1`, `III`,
//! `factor:III`, `ALL`) that config and flags use to pick rules.

use crate::model::Factor;
use crate::rule::{Rule, RuleMeta};
use std::collections::BTreeSet;

pub struct Registry {
    rules: Vec<&'static dyn Rule>,
    /// Every rule id's metadata (a check's own and those it also reports under), sorted by id.
    metas: Vec<&'static RuleMeta>,
}

impl Registry {
    /// Panics on a duplicate id or slug: that is a programming error caught by every test run.
    pub fn new(mut rules: Vec<&'static dyn Rule>) -> Self {
        rules.sort_by_key(|r| r.meta().id);
        let mut metas: Vec<&'static RuleMeta> = rules
            .iter()
            .flat_map(|r| std::iter::once(r.meta()).chain(r.also_reports().iter().copied()))
            .collect();
        metas.sort_by_key(|m| m.id);
        let mut ids = BTreeSet::new();
        let mut slugs = BTreeSet::new();
        for meta in &metas {
            assert!(ids.insert(meta.id), "duplicate rule id {}", meta.id);
            assert!(slugs.insert(meta.slug), "duplicate rule slug {}", meta.slug);
        }
        Registry { rules, metas }
    }

    /// The checks, each run once per file (or project) when any id it reports under is enabled.
    pub fn rules(&self) -> &[&'static dyn Rule] {
        &self.rules
    }

    /// Every rule id's metadata, sorted by id.
    pub fn metas(&self) -> impl Iterator<Item = &'static RuleMeta> + '_ {
        self.metas.iter().copied()
    }

    /// A rule by id (case-insensitive) or slug.
    pub fn find(&self, id_or_slug: &str) -> Option<&'static RuleMeta> {
        self.metas
            .iter()
            .copied()
            .find(|m| m.id.eq_ignore_ascii_case(id_or_slug) || m.slug == id_or_slug)
    }

    /// Ids of the rules a selector names; an error says why it names none.
    pub fn resolve(&self, selector: &str) -> Result<Vec<&'static str>, String> {
        let selector = selector.trim();
        if selector.eq_ignore_ascii_case("all") {
            return Ok(self.metas().map(|m| m.id).collect());
        }
        if let Some(meta) = self.find(selector) {
            return Ok(vec![meta.id]);
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
