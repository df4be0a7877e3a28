//! From module directories to deployments. A directory that no other scanned directory calls
//! as a local module is a root: it is evaluated with its variable files, and every local
//! module it calls is evaluated as an instance with the inputs of the call (for each of the
//! call's `count` / `for_each` instances), down the call tree. A directory that is only ever
//! called is checked through its calls, never on its own, where its variables would be unknown.
//! Questions about a whole deployment (is there a trail?) are asked once per root, of every
//! instance's resources.

use super::eval::{Located, Module, Scope, Value, ROOT_SCOPE};
use super::expand::{expand_block, instances, substitute, InstanceKey};
use super::model::{Block, Expr};
use super::{not_analyzed, TerraformFile, CHECKS, DEPLOYMENT_CHECKS};
use factorguard_core::config::TerraformConfig;
use factorguard_core::{ProjectEmitter, ProjectIndex, RelatedLocation};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Deeper module nesting than this is reported instead of followed.
const MAX_CALL_DEPTH: usize = 16;

/// Resource and data instances one deployment may expand to; past it, further module calls are
/// noted instead of followed, so nested `count` / `for_each` cannot multiply without bound.
const MAX_DEPLOYMENT_BLOCKS: usize = 50_000;

/// The `.tf` files of one directory and the variable values a root run of it would load.
struct Directory<'f> {
    blocks: Vec<Located<'f>>,
    tfvars: HashMap<&'f str, &'f Expr>,
    /// One of its `.tf` files could not be parsed.
    incomplete: bool,
}

/// What `count` / `each` stand for in one instance of a call.
type Bindings = Vec<(&'static str, Value)>;

/// Meta-arguments of a `module` block: everything else is an input variable.
const META_ARGUMENTS: &[&str] = &[
    "source",
    "version",
    "count",
    "for_each",
    "providers",
    "depends_on",
];

pub(crate) fn check(index: &ProjectIndex, out: &mut ProjectEmitter<'_>) {
    let directories = load(index);
    for directory in directories.values() {
        not_analyzed::report_local_cycles(out, &directory.blocks);
    }
    let called: BTreeSet<String> = directories
        .iter()
        .flat_map(|(dir, directory)| {
            directory
                .blocks
                .iter()
                .filter(|l| l.block.kind == "module")
                .filter_map(move |call| local_source(dir, call.block))
        })
        .filter(|target| directories.contains_key(target.as_str()))
        .collect();
    let walk = Walk {
        directories: &directories,
        settings: &index.terraform,
        files: index,
    };
    let mut visited = BTreeSet::new();
    for dir in directories.keys() {
        if !called.contains(*dir) {
            walk.root(dir, &mut visited, out);
        }
    }
    // Directories that only call each other in a cycle have no root above them.
    for dir in directories.keys() {
        if !visited.contains(*dir) {
            walk.root(dir, &mut visited, out);
        }
    }
}

/// Every directory with `.tf` files, with the variable files Terraform would load for it as a
/// root: `terraform.tfvars(.json)`, then `*.auto.tfvars(.json)` in name order, then the files
/// configured under `[terraform] var-files`, later ones winning.
fn load(index: &ProjectIndex) -> BTreeMap<&str, Directory<'_>> {
    let mut directories: BTreeMap<&str, Directory<'_>> = BTreeMap::new();
    let mut var_files: BTreeMap<&str, Vec<&TerraformFile>> = BTreeMap::new();
    let mut by_path: HashMap<&str, &TerraformFile> = HashMap::new();
    let mut files: Vec<&TerraformFile> = index.facts::<TerraformFile>().collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    for file in files {
        if file.is_vars {
            by_path.insert(&file.path, file);
            if let Some(rank) = auto_loaded_rank(&file.path) {
                var_files.entry(&file.dir).or_default().push(file);
                let list = var_files.get_mut(file.dir.as_str()).expect("just inserted");
                list.sort_by_key(|f| (auto_loaded_rank(&f.path), f.path.clone()));
                let _ = rank;
            }
        } else {
            let directory = directories
                .entry(file.dir.as_str())
                .or_insert_with(|| Directory {
                    blocks: Vec::new(),
                    tfvars: HashMap::new(),
                    incomplete: false,
                });
            directory.blocks.extend(
                file.file
                    .blocks
                    .iter()
                    .map(|block| Located::root(&file.path, block)),
            );
        }
    }
    // A configuration file the file phase could not parse (reported as FG0001) leaves its
    // directory incomplete: what it declares is unknown.
    let parsed: BTreeSet<&str> = index
        .facts::<TerraformFile>()
        .map(|f| f.path.as_str())
        .collect();
    for file in &index.files {
        let path = file.path.as_str();
        if (path.ends_with(".tf") || path.ends_with(".tf.json")) && !parsed.contains(path) {
            let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
            if let Some(directory) = directories.get_mut(dir) {
                directory.incomplete = true;
            }
        }
    }
    for (dir, directory) in directories.iter_mut() {
        let configured = configured_var_files(&index.terraform, dir)
            .into_iter()
            .filter_map(|path| by_path.get(path.as_str()).copied());
        let loaded = var_files.get(dir).into_iter().flatten().copied();
        for file in loaded.chain(configured) {
            for attribute in &file.file.attributes {
                directory
                    .tfvars
                    .insert(attribute.name.as_str(), &attribute.value);
            }
        }
    }
    directories
}

/// Where Terraform's automatic loading puts a variable file, if it loads it at all.
fn auto_loaded_rank(path: &str) -> Option<u8> {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name {
        "terraform.tfvars" => Some(0),
        "terraform.tfvars.json" => Some(1),
        _ if name.ends_with(".auto.tfvars") || name.ends_with(".auto.tfvars.json") => Some(2),
        _ => None,
    }
}

/// The variable files configured for the module directory `dir` (`""` is the scanned root).
fn configured_var_files(settings: &TerraformConfig, dir: &str) -> Vec<String> {
    settings
        .var_files
        .iter()
        .filter(|(key, _)| normalise_dir(key) == dir)
        .flat_map(|(_, files)| files.iter().map(|f| normalise_dir(f)))
        .collect()
}

/// A path relative to the scanned root the way the walk writes them: no `./`, no trailing `/`,
/// `""` for the root itself.
fn normalise_dir(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}

/// The directory a `module` block's `source` names, when it is a local path.
fn local_source(dir: &str, call: &Block) -> Option<String> {
    let source = match &call.body.attribute("source")?.value {
        Expr::String(source) => source.as_str(),
        _ => return None,
    };
    if !(source.starts_with("./") || source.starts_with("../")) {
        return None;
    }
    Some(normalise_dir(&format!("{dir}/{source}")))
}

struct Walk<'w, 'f> {
    directories: &'w BTreeMap<&'f str, Directory<'f>>,
    settings: &'w TerraformConfig,
    files: &'w ProjectIndex,
}

impl<'f> Walk<'_, 'f> {
    fn root(&self, dir: &'f str, visited: &mut BTreeSet<&'f str>, out: &mut ProjectEmitter<'_>) {
        let directory = &self.directories[dir];
        let mut deployment: Vec<(String, Block)> = Vec::new();
        let mut stack = vec![dir];
        let mut budget = MAX_DEPLOYMENT_BLOCKS;
        let mut incomplete = false;
        self.instance(
            dir,
            &ROOT_SCOPE,
            None,
            HashMap::new(),
            directory.tfvars.clone(),
            &mut Visit {
                visited,
                stack: &mut stack,
                deployment: &mut deployment,
                budget: &mut budget,
                incomplete: &mut incomplete,
            },
            out,
        );
        // The deployment's resources, addressed by their instance, as one module for the
        // questions about the whole deployment; a call that could not be followed is in it as
        // its `module` block, so those checks know part of the deployment is unknown.
        let blocks: Vec<Located<'_>> = deployment
            .iter()
            .map(|(path, block)| Located::root(path, block))
            .collect();
        let mut whole = Module::new(dir, blocks, HashMap::new()).with_settings(self.settings);
        whole.incomplete = incomplete;
        for (_, check) in DEPLOYMENT_CHECKS {
            check(&whole, out);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn instance(
        &self,
        dir: &'f str,
        scope: &Scope,
        caller: Option<&Module<'_>>,
        inputs: HashMap<String, Value>,
        tfvars: HashMap<&'f str, &'f Expr>,
        visit: &mut Visit<'_, 'f>,
        out: &mut ProjectEmitter<'_>,
    ) {
        visit.visited.insert(dir);
        let directory = &self.directories[dir];
        let located: Vec<Located<'_>> = directory
            .blocks
            .iter()
            .map(|l| Located {
                path: l.path,
                block: l.block,
                scope,
            })
            .collect();
        // First as written, to know the `count` / `for_each` values; then with every
        // repeated block replaced by its instances.
        let expanded: Vec<Option<Vec<Block>>> = {
            let mut written =
                Module::new(dir, located.clone(), tfvars.clone()).with_settings(self.settings);
            if let Some(caller) = caller {
                written = written.called(caller, inputs.clone());
            }
            located
                .iter()
                .map(|l| match l.block.kind.as_str() {
                    "resource" | "data" => expand_block(&written, l.block),
                    _ => None,
                })
                .collect()
        };
        let mut blocks = Vec::with_capacity(located.len());
        for (l, expansion) in located.iter().zip(&expanded) {
            match expansion {
                Some(instances) => blocks.extend(instances.iter().map(|block| Located {
                    path: l.path,
                    block,
                    scope,
                })),
                None => blocks.push(*l),
            }
        }
        *visit.budget = visit.budget.saturating_sub(blocks.len());
        let mut module = Module::new(dir, blocks, tfvars)
            .with_settings(self.settings)
            .with_files(self.files);
        module.incomplete = directory.incomplete;
        *visit.incomplete |= directory.incomplete;
        if let Some(caller) = caller {
            module = module.called(caller, inputs);
        }
        for (meta, check) in CHECKS {
            if !DEPLOYMENT_CHECKS
                .iter()
                .any(|(m, _)| std::ptr::eq(*m, *meta))
            {
                check(&module, out);
            }
        }
        for located in &module.blocks {
            if matches!(
                located.block.kind.as_str(),
                "resource" | "data" | "provider"
            ) {
                let mut block = located.block.clone();
                if located.block.kind != "provider" {
                    block.address = Some(located.address());
                }
                visit.deployment.push((located.path.to_string(), block));
            }
        }
        for call in module.blocks.iter().filter(|l| l.block.kind == "module") {
            self.call(&module, call, visit, out);
        }
    }

    /// Follows one `module` block of `caller` into the instances it creates.
    fn call(
        &self,
        caller: &Module<'_>,
        call: &Located<'_>,
        visit: &mut Visit<'_, 'f>,
        out: &mut ProjectEmitter<'_>,
    ) {
        let name = call.block.labels.first().map_or("", String::as_str);
        let source = call.block.body.attribute("source");
        let target = local_source(caller.dir, call.block);
        let Some((target, directory_key)) = target.as_deref().and_then(|t| {
            self.directories
                .get_key_value(t)
                .map(|(key, _)| (t.to_string(), *key))
        }) else {
            visit
                .deployment
                .push((call.path.to_string(), call.block.clone()));
            let reason = match (&source.map(|s| &s.value), target) {
                (Some(Expr::String(source)), Some(_)) => format!(
                    "`{}module.{name}` calls `{source}`, which has no Terraform files in the scanned tree: its resources are not checked",
                    call.scope.prefix
                ),
                (Some(Expr::String(source)), None) => format!(
                    "`{}module.{name}` comes from `{source}`, which factorguard does not fetch: its resources are not checked",
                    call.scope.prefix
                ),
                _ => format!(
                    "`{}module.{name}` has no literal `source`: its resources are not checked",
                    call.scope.prefix
                ),
            };
            not_analyzed::report(out, call, source, reason);
            return;
        };
        if visit.stack.contains(&directory_key) || visit.stack.len() >= MAX_CALL_DEPTH {
            visit
                .deployment
                .push((call.path.to_string(), call.block.clone()));
            let reason = if visit.stack.contains(&directory_key) {
                format!(
                    "`{}module.{name}` calls `{target}`, which is already being called above it (a cycle): its resources are checked once, through the first call",
                    call.scope.prefix
                )
            } else {
                format!(
                    "`{}module.{name}` is nested more than {MAX_CALL_DEPTH} calls deep: its resources are not checked",
                    call.scope.prefix
                )
            };
            not_analyzed::report(out, call, source, reason);
            return;
        }
        // Unknown repetition: one instance whose `each` / `count` are unknown.
        let keys: Vec<(Option<InstanceKey>, Bindings)> = match instances(caller, &call.block.body) {
            Some(list) => list
                .into_iter()
                .map(|i| (Some(i.key), i.bindings))
                .collect(),
            None => vec![(None, Vec::new())],
        };
        // A module called only with zero instances is not a root of its own either.
        visit.visited.insert(directory_key);
        for (key, bindings) in keys {
            if *visit.budget == 0 {
                visit
                    .deployment
                    .push((call.path.to_string(), call.block.clone()));
                let reason = format!(
                    "`{}module.{name}` is not followed: the deployment already has more than {MAX_DEPLOYMENT_BLOCKS} resource instances",
                    call.scope.prefix
                );
                not_analyzed::report(out, call, source, reason);
                return;
            }
            let suffix = key.as_ref().map(InstanceKey::suffix).unwrap_or_default();
            let address = format!("{}module.{name}{suffix}", call.scope.prefix);
            let mut calls = call.scope.calls.clone();
            calls.push(RelatedLocation {
                path: call.path.to_string(),
                region: Some(call.block.header.region),
                message: address.clone(),
            });
            let scope = Scope {
                prefix: format!("{address}."),
                calls,
            };
            let inputs: HashMap<String, Value> = call
                .block
                .body
                .attributes
                .iter()
                .filter(|a| !META_ARGUMENTS.contains(&a.name.as_str()))
                .map(|a| {
                    (
                        a.name.clone(),
                        caller.eval(&substitute(&a.value, &bindings)),
                    )
                })
                .collect();
            visit.stack.push(directory_key);
            self.instance(
                directory_key,
                &scope,
                Some(caller),
                inputs,
                HashMap::new(),
                visit,
                out,
            );
            visit.stack.pop();
        }
    }
}

/// What one root's walk down its call tree collects.
struct Visit<'v, 'f> {
    visited: &'v mut BTreeSet<&'f str>,
    stack: &'v mut Vec<&'f str>,
    /// Every provider, resource and data source of the deployment (resources with their full
    /// address), and the `module` blocks of calls that could not be followed.
    deployment: &'v mut Vec<(String, Block)>,
    /// How many more resource and data instances the deployment may expand to.
    budget: &'v mut usize,
    /// Whether a directory of the deployment has a file that could not be parsed.
    incomplete: &'v mut bool,
}
