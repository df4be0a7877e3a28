//! What the project phase sees: every scanned file with its kinds, and facts the file phase
//! published for cross-file rules.

use crate::rule::KindSet;
use std::any::{Any, TypeId};
use std::sync::Arc;

/// Reads a scanned file's bytes by its path relative to the root; the pipeline provides it, so
/// the project phase never opens files itself.
pub type FileReader = Arc<dyn Fn(&str) -> Option<Vec<u8>> + Send + Sync>;

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
    /// How to read a file of the index again (`None` where the files are not on disk).
    pub reader: Option<FileReader>,
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

    /// The text of a scanned file (a Terraform module's `file("policy.json")`), when it is in
    /// the index, at most `max_size` bytes and UTF-8: a project rule reads what the walk found,
    /// never another path.
    pub fn read_text(&self, path: &str, max_size: u64) -> Option<String> {
        let file = self.file(path)?;
        if file.size > max_size {
            return None;
        }
        let bytes = (self.reader.as_ref()?)(path)?;
        String::from_utf8(bytes).ok()
    }
}
