//! Every analyzer's rules. Each domain is a module with one file per rule; parsed documents
//! shared between analyzers live in [`documents`].

pub mod documents;
pub mod repo;
pub mod secrets;
pub mod terraform;
pub mod values;

use factorguard_core::Rule;

/// Every rule factorguard has, the pipeline's own included.
pub fn all_rules() -> Vec<&'static dyn Rule> {
    let mut rules = factorguard_core::builtin::pipeline_rules();
    rules.extend(repo::rules());
    rules.push(&secrets::SecretsRule);
    rules.extend(terraform::rules());
    rules
}
