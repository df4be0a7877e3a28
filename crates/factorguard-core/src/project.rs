//! What the project phase sees: every scanned file with its kinds, and facts the file phase
//! published for cross-file rules.

use crate::rule::KindSet;
use std::any::{Any, TypeId};

/// A file the walk scanned.
#[derive(Debug, Clone)]
pub struct IndexedFile {
    /// Path relative to the scan root, `/`-separated.
    pub path: String,
    pub kinds: KindSet,
    pub size: u64,
}

/// Facts published by per-file rules, grouped by type.
#[derive(Default)]
pub struct Facts {
    items: Vec<(TypeId, Box<dyn Any + Send + Sync>)>,
}

impl Facts {
    pub fn publish<T: Any + Send + Sync>(&mut self, fact: T) {
        self.items.push((TypeId::of::<T>(), Box::new(fact)));
    }

    pub fn iter<T: Any + Send + Sync>(&self) -> impl Iterator<Item = &T> {
        let id = TypeId::of::<T>();
        self.items
            .iter()
            .filter(move |(t, _)| *t == id)
            .filter_map(|(_, item)| item.downcast_ref::<T>())
    }

    pub fn extend(&mut self, other: Facts) {
        self.items.extend(other.items);
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// The index the project phase runs over. Files are sorted by path, so project rules see a
/// deterministic order whatever the walk's thread interleaving was.
#[derive(Default)]
pub struct ProjectIndex {
    pub files: Vec<IndexedFile>,
    pub facts: Facts,
    /// The Terraform analyzer's settings from `factorguard.toml`.
    pub terraform: crate::config::TerraformConfig,
}

impl ProjectIndex {
    pub fn file(&self, path: &str) -> Option<&IndexedFile> {
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .ok()
            .map(|i| &self.files[i])
    }

    pub fn facts<T: Any + Send + Sync>(&self) -> impl Iterator<Item = &T> {
        self.facts.iter::<T>()
    }
}
