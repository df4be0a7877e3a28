//! Evaluation of a module instance: variables (inputs of the call, `*.tfvars`, defaults), locals,
//! literals, collections, templates, `for` expressions, splats, Terraform's built-in functions
//! ([`functions`]), `aws_iam_policy_document` data sources and conditionals. Whatever depends on something not
//! known before `apply` (resource attributes, variables without value, unsupported constructs)
//! is `Unknown`, and rules never report an `Unknown` as a violation.

use super::expand::{substitute, MAX_EXPANSION};
use super::functions;
use super::model::{
    json_string_expr, BinaryOp, Block, Expr, ForExpr, ObjectKeyExpr, Step, TemplatePart,
};
use factorguard_core::config::TerraformConfig;
use factorguard_core::{ProjectIndex, RelatedLocation};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Unknown,
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    List(Vec<Value>),
    Object(BTreeMap<String, Value>),
}

impl Value {
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s == "true" => Some(true),
            Value::String(s) if s == "false" => Some(false),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// The value as a string the way Terraform converts primitives.
    pub fn to_text(&self) -> Option<String> {
        match self {
            Value::String(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Number(n) => Some(number_text(*n)),
            _ => None,
        }
    }

    /// Whether any part of the value is unknown.
    pub fn has_unknown(&self) -> bool {
        match self {
            Value::Unknown => true,
            Value::List(items) => items.iter().any(Value::has_unknown),
            Value::Object(map) => map.values().any(Value::has_unknown),
            _ => false,
        }
    }

    pub fn get(&self, key: &str) -> &Value {
        match self {
            Value::Object(map) => map.get(key).unwrap_or(&Value::Null),
            Value::Unknown => &Value::Unknown,
            _ => &Value::Null,
        }
    }

    pub fn from_json(json: &serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => n.as_f64().map_or(Value::Unknown, Value::Number),
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(items) => {
                Value::List(items.iter().map(Value::from_json).collect())
            }
            serde_json::Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// JSON of a fully known value.
    pub fn to_json(&self) -> Option<serde_json::Value> {
        Some(match self {
            Value::Unknown => return None,
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => serde_json::Number::from_f64(*n)
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::Null),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::List(items) => serde_json::Value::Array(
                items
                    .iter()
                    .map(Value::to_json)
                    .collect::<Option<Vec<_>>>()?,
            ),
            Value::Object(map) => serde_json::Value::Object(
                map.iter()
                    .map(|(k, v)| Some((k.clone(), v.to_json()?)))
                    .collect::<Option<serde_json::Map<_, _>>>()?,
            ),
        })
    }
}

pub(crate) fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// Where a module instance sits in its deployment: the address prefix of its resources
/// (`module.app.module.db.`) and the module calls that lead to it, root first, which findings
/// carry as related locations.
#[derive(Debug, Default)]
pub struct Scope {
    pub prefix: String,
    pub calls: Vec<RelatedLocation>,
}

/// The scope of a root module (and of a plan, whose blocks carry their full address).
pub static ROOT_SCOPE: Scope = Scope {
    prefix: String::new(),
    calls: Vec::new(),
};

/// A `resource`, `data` or other top-level block of a module, with the file it is in.
#[derive(Debug, Clone, Copy)]
pub struct Located<'a> {
    pub path: &'a str,
    pub block: &'a Block,
    pub scope: &'a Scope,
}

impl<'a> Located<'a> {
    /// A top-level block of a root module.
    pub fn root(path: &'a str, block: &'a Block) -> Self {
        Located {
            path,
            block,
            scope: &ROOT_SCOPE,
        }
    }

    /// A block nested in this one (`logging { ... }` in a bucket), in the same file and scope.
    pub fn nested(&self, block: &'a Block) -> Self {
        Located {
            path: self.path,
            block,
            scope: self.scope,
        }
    }

    /// `type.name` for resources, `data.type.name` for data sources, prefixed by the module
    /// instance (`module.db.`); an instance of `count`/`for_each` adds its key, and a plan gives
    /// its own address.
    pub fn address(&self) -> String {
        if let Some(address) = &self.block.address {
            return format!("{}{address}", self.scope.prefix);
        }
        let labels = self.block.labels.join(".");
        if self.block.kind == "resource" {
            format!("{}{labels}", self.scope.prefix)
        } else {
            format!("{}{}.{labels}", self.scope.prefix, self.block.kind)
        }
    }

    pub fn resource_type(&self) -> &str {
        self.block.labels.first().map_or("", String::as_str)
    }

    pub fn name(&self) -> &str {
        self.block.labels.get(1).map_or("", String::as_str)
    }
}

/// `to` as seen from `from`, both directories relative to the scanned root (`""` is the root):
/// `../../modules/db` from `envs/prod`.
fn relative_dir(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|p| !p.is_empty()).collect();
    let to: Vec<&str> = to.split('/').filter(|p| !p.is_empty()).collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// `path` (relative to the root module's directory `base`) as a path relative to the scanned
/// root; `None` for an absolute path or one that leaves the scanned tree.
fn resolve_path(base: &str, path: &str) -> Option<String> {
    if path.starts_with('/') || path.contains('\\') {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in base.split('/').chain(path.split('/')) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// Longer strings than this are not built (the value is unknown): no real attribute is this long.
const MAX_STRING_BYTES: usize = 1 << 20;

/// Deep enough for any real nesting of expressions and locals (a cycle of locals is caught
/// before); deeper is `Unknown` rather than a stack overflow.
const MAX_DEPTH: u32 = 128;

/// One module instance: every block of its directory's `.tf` files and the values of its
/// variables.
pub struct Module<'a> {
    pub dir: &'a str,
    pub blocks: Vec<Located<'a>>,
    /// Values from `terraform.tfvars` / `*.auto.tfvars` and configured variable files.
    pub tfvars: HashMap<&'a str, &'a Expr>,
    /// Values a module call passes in, evaluated in the caller.
    pub inputs: HashMap<String, Value>,
    pub settings: &'a TerraformConfig,
    /// The module instance whose call created this one; `None` for a root module.
    pub caller: Option<&'a Module<'a>>,
    /// The scanned files, for `file()` and `templatefile()`; `None` for a plan.
    pub files: Option<&'a ProjectIndex>,
    /// A file of the module's directory could not be parsed: what it declares is unknown.
    pub incomplete: bool,
    variables: HashMap<&'a str, Option<&'a Expr>>,
    locals: HashMap<&'a str, &'a Expr>,
    /// Keyed by an owned name: a borrowed key would make `Module` invariant in `'a`.
    local_values: RefCell<HashMap<String, LocalValue>>,
    depth: Cell<u32>,
}

/// A local's value once computed, or the mark that it is being computed.
enum LocalValue {
    InProgress,
    Known(Value),
}

/// Settings when the configuration gives none (tests, plans read without a config).
static DEFAULT_SETTINGS: std::sync::LazyLock<TerraformConfig> =
    std::sync::LazyLock::new(TerraformConfig::default);

impl<'a> Module<'a> {
    pub fn new(dir: &'a str, blocks: Vec<Located<'a>>, tfvars: HashMap<&'a str, &'a Expr>) -> Self {
        let mut variables = HashMap::new();
        let mut locals = HashMap::new();
        for located in &blocks {
            let block = located.block;
            match block.kind.as_str() {
                "variable" => {
                    if let Some(name) = block.labels.first() {
                        let default = block.body.attribute("default").map(|a| &a.value);
                        variables.insert(name.as_str(), default);
                    }
                }
                "locals" => {
                    for attribute in &block.body.attributes {
                        locals.insert(attribute.name.as_str(), &attribute.value);
                    }
                }
                _ => {}
            }
        }
        Module {
            dir,
            blocks,
            tfvars,
            inputs: HashMap::new(),
            settings: &DEFAULT_SETTINGS,
            caller: None,
            files: None,
            incomplete: false,
            variables,
            locals,
            local_values: RefCell::new(HashMap::new()),
            depth: Cell::new(0),
        }
    }

    pub fn with_settings(mut self, settings: &'a TerraformConfig) -> Self {
        self.settings = settings;
        self
    }

    /// Lets `file()` and `templatefile()` read the scanned files.
    pub fn with_files(mut self, files: &'a ProjectIndex) -> Self {
        self.files = Some(files);
        self
    }

    /// This module as an instance called by `caller` with `inputs`.
    pub fn called(mut self, caller: &'a Module<'a>, inputs: HashMap<String, Value>) -> Self {
        self.caller = Some(caller);
        self.inputs = inputs;
        self
    }

    /// The root module of the deployment this instance belongs to (itself for a root).
    pub fn root_module(&self) -> &Module<'a> {
        let mut module = self;
        while let Some(caller) = module.caller {
            module = caller;
        }
        module
    }

    /// Resources of `resource_type` that exist: a `count` known to be 0 removes one.
    pub fn resources<'s>(
        &'s self,
        resource_type: &'s str,
    ) -> impl Iterator<Item = Located<'a>> + 's {
        self.blocks
            .iter()
            .copied()
            .filter(move |r| r.block.kind == "resource" && r.resource_type() == resource_type)
            .filter(|r| self.exists(r))
    }

    /// Whether what completes `resource` (its bucket's public access block, its VPC's flow log,
    /// the metric filters on its log group) may be declared where this module cannot see it: a
    /// file of the module failed to parse, the resource is passed to a module call, or an output
    /// hands it to the module's caller. Checks for something missing stay silent then.
    pub fn may_be_elsewhere(&self, resource: &Located<'_>) -> bool {
        if self.incomplete {
            return true;
        }
        let (resource_type, name) = (resource.resource_type(), resource.name());
        let mentions = |expr: &Expr| {
            let mut found = false;
            expr.for_each_reference(&mut |root, steps| {
                if root == resource_type
                    && matches!(steps.first(), Some(Step::Attr(n)) if n == name)
                {
                    found = true;
                }
            });
            found
        };
        // Outputs matter to a caller; locals an output reads count as the output.
        let local_mentions = |expr: &Expr| {
            let mut found = false;
            expr.for_each_reference(&mut |root, steps| {
                if let ("local", Some(Step::Attr(local))) = (root, steps.first()) {
                    found |= self.locals.get(local.as_str()).is_some_and(|e| mentions(e));
                }
            });
            found
        };
        // A call may also name the resource literally (`bucket_id = "acme-data"`).
        let names: Vec<String> = ["bucket", "name"]
            .iter()
            .filter_map(|attribute| resource.block.body.attribute(attribute))
            .filter_map(|a| self.eval(&a.value).to_text())
            .collect();
        let names_it = |expr: &Expr| match self.eval(expr) {
            Value::String(text) => names.contains(&text),
            Value::List(items) => items
                .iter()
                .any(|item| item.as_str().is_some_and(|t| names.iter().any(|n| n == t))),
            _ => false,
        };
        self.blocks.iter().any(|located| {
            let attributes = &located.block.body.attributes;
            match located.block.kind.as_str() {
                "module" => attributes
                    .iter()
                    .any(|a| mentions(&a.value) || (!names.is_empty() && names_it(&a.value))),
                "output" if self.caller.is_some() => attributes
                    .iter()
                    .any(|a| mentions(&a.value) || local_mentions(&a.value)),
                _ => false,
            }
        })
    }

    /// Whether a block survives its `count`: a count known to be 0 removes it.
    pub fn exists(&self, block: &Located<'_>) -> bool {
        block
            .block
            .body
            .attribute("count")
            .is_none_or(|count| self.eval(&count.value).as_number() != Some(0.0))
    }

    /// The resource an expression points at (`aws_db_parameter_group.pg.name`), if it is one.
    pub fn referenced(&self, expr: &Expr, resource_type: &str) -> Option<Located<'a>> {
        let Expr::Reference { root, steps } = expr else {
            return None;
        };
        let Some(Step::Attr(name)) = steps.first() else {
            return None;
        };
        if root != resource_type {
            return None;
        }
        let mut instances: Vec<Located<'a>> = self
            .resources(resource_type)
            .filter(|r| r.name() == name)
            .collect();
        // One block as written (no `count` / `for_each`, or an unknown one) stands for itself.
        if let [single] = instances.as_slice() {
            if !single
                .block
                .address
                .as_deref()
                .is_some_and(|a| a.ends_with(']'))
            {
                return Some(*single);
            }
        }
        // Instances are told apart by the key the reference indexes them with.
        let Some(Step::Index(index)) = steps.get(1) else {
            return None;
        };
        let suffix = match self.eval(index) {
            Value::Number(n) if n >= 0.0 && n.fract() == 0.0 => {
                super::expand::InstanceKey::Index(n as usize).suffix()
            }
            Value::String(key) => super::expand::InstanceKey::Key(key).suffix(),
            _ => return None,
        };
        instances.retain(|r| {
            r.block
                .address
                .as_deref()
                .is_some_and(|a| a.ends_with(&suffix))
        });
        instances.pop()
    }

    pub fn eval(&self, expr: &Expr) -> Value {
        if self.depth.get() >= MAX_DEPTH {
            return Value::Unknown;
        }
        self.depth.set(self.depth.get() + 1);
        let value = self.eval_inner(expr);
        self.depth.set(self.depth.get() - 1);
        value
    }

    fn eval_inner(&self, expr: &Expr) -> Value {
        match expr {
            Expr::Null => Value::Null,
            Expr::Bool(b) => Value::Bool(*b),
            Expr::Number(n) => Value::Number(*n),
            Expr::String(s) => Value::String(s.clone()),
            Expr::Template(parts) => {
                let mut text = String::new();
                for part in parts {
                    match part {
                        TemplatePart::Literal(literal) => text.push_str(literal),
                        TemplatePart::Interpolation(e) => match self.eval(e).to_text() {
                            Some(s) => text.push_str(&s),
                            None => return Value::Unknown,
                        },
                    }
                    // Templates that feed each other could otherwise double a string per local.
                    if text.len() > MAX_STRING_BYTES {
                        return Value::Unknown;
                    }
                }
                Value::String(text)
            }
            Expr::Array(items) => Value::List(items.iter().map(|e| self.eval(e)).collect()),
            Expr::Object(entries) => {
                let mut map = BTreeMap::new();
                for (key, value) in entries {
                    let key = match key {
                        ObjectKeyExpr::Name(name) => name.clone(),
                        ObjectKeyExpr::Expr(e) => match self.eval(e).to_text() {
                            Some(k) => k,
                            // An unknown key could overwrite any other: the whole object is unknown.
                            None => return Value::Unknown,
                        },
                    };
                    map.insert(key, self.eval(value));
                }
                Value::Object(map)
            }
            Expr::Reference { root, steps } => {
                let (base, rest) = match (root.as_str(), steps.split_first()) {
                    ("var", Some((Step::Attr(name), rest))) => (self.variable(name), rest),
                    ("local", Some((Step::Attr(name), rest))) => (self.local(name), rest),
                    ("data", Some((Step::Attr(source), rest)))
                        if source == "aws_iam_policy_document" =>
                    {
                        match self.policy_document(rest) {
                            Some(found) => found,
                            None => return Value::Unknown,
                        }
                    }
                    // Resource attributes, other data sources, module outputs, `each`, `count`,
                    // `path`: known only when planning.
                    _ => return Value::Unknown,
                };
                self.traverse(base, rest)
            }
            Expr::Traversal { base, steps } => {
                let base = self.eval(base);
                self.traverse(base, steps)
            }
            // `try` and `can` recover from errors, which the evaluator does not model: a known
            // non-null first value is what Terraform would pick; anything else may be an error.
            Expr::Call { name, args } if name == "try" || name == "can" => {
                let first = args.first().map_or(Value::Unknown, |a| self.eval(a));
                match first {
                    Value::Unknown | Value::Null => Value::Unknown,
                    _ if first.has_unknown() => Value::Unknown,
                    known if name == "try" => known,
                    _ => Value::Bool(true),
                }
            }
            Expr::Call { name, args } if name == "file" || name == "templatefile" => {
                self.read_file(name, args)
            }
            Expr::Call { name, args } => self.call(name, args),
            Expr::For(for_expr) => self.for_expr(for_expr),
            Expr::Conditional(cond, yes, no) => match self.eval(cond).as_bool() {
                Some(true) => self.eval(yes),
                Some(false) => self.eval(no),
                None => Value::Unknown,
            },
            Expr::Not(e) => self
                .eval(e)
                .as_bool()
                .map_or(Value::Unknown, |b| Value::Bool(!b)),
            Expr::Negate(e) => self
                .eval(e)
                .as_number()
                .map_or(Value::Unknown, |n| Value::Number(-n)),
            Expr::Binary(lhs, op, rhs) => self.binary(lhs, *op, rhs),
            Expr::Unsupported => Value::Unknown,
        }
    }

    /// `data.aws_iam_policy_document.<name>.json` (or `.minified_json`): the module's document
    /// rendered as the AWS provider renders it, with the steps left after the attribute.
    fn policy_document<'s>(&self, steps: &'s [Step]) -> Option<(Value, &'s [Step])> {
        let [Step::Attr(name), Step::Attr(attribute), rest @ ..] = steps else {
            return None;
        };
        let mut documents = self.blocks.iter().filter(|located| {
            located.block.kind == "data"
                && located.block.labels.len() == 2
                && located.resource_type() == "aws_iam_policy_document"
                && located.name() == name
                // An instance of `count` / `for_each` is named with its key, not like this.
                && !located.block.address.as_deref().is_some_and(|a| a.ends_with(']'))
        });
        // Two blocks of one address are an error Terraform reports, not a document.
        let (Some(document), None) = (documents.next(), documents.next()) else {
            return None;
        };
        let value = super::policy_document::output(self, document.block, attribute);
        Some((value, rest))
    }

    /// `file(path)` and `templatefile(path, vars)`, for a file of the scanned tree. Terraform
    /// resolves a relative path against the root module's directory, so `path.module` is the
    /// module's directory as seen from there. A path outside the tree, a file the scan did not
    /// read, one over 1 MiB or not UTF-8, and a template with directives are unknown.
    fn read_file(&self, name: &str, args: &[Expr]) -> Value {
        let Some(files) = self.files else {
            return Value::Unknown;
        };
        let root = self.root_module();
        let paths = Value::Object(BTreeMap::from([
            (
                "module".to_string(),
                Value::String(relative_dir(root.dir, self.dir)),
            ),
            ("root".to_string(), Value::String(".".to_string())),
        ]));
        let Some(path) = args
            .first()
            .map(|arg| self.eval(&substitute(arg, &[("path", paths)])))
        else {
            return Value::Unknown;
        };
        let Some(resolved) = path.as_str().and_then(|p| resolve_path(root.dir, p)) else {
            return Value::Unknown;
        };
        let Some(text) = files.read_text(&resolved, MAX_STRING_BYTES as u64) else {
            return Value::Unknown;
        };
        match (name, args) {
            ("file", [_]) => Value::String(text),
            ("templatefile", [_, vars]) => {
                let Value::Object(vars) = self.eval(vars) else {
                    return Value::Unknown;
                };
                let bindings: Vec<(&str, Value)> = vars
                    .iter()
                    .map(|(name, value)| (name.as_str(), value.clone()))
                    .collect();
                self.eval(&substitute(&json_string_expr(&text), &bindings))
            }
            _ => Value::Unknown,
        }
    }

    /// A local's value, computed once per module instance: locals that build on each other
    /// would otherwise be evaluated again at every use, exponentially in the length of the chain.
    fn local(&self, name: &str) -> Value {
        let Some(expr) = self.locals.get(name) else {
            return Value::Unknown;
        };
        match self.local_values.borrow().get(name) {
            Some(LocalValue::Known(value)) => return value.clone(),
            // A local that needs itself: a cycle (reported as FG3086), so unknown.
            Some(LocalValue::InProgress) => return Value::Unknown,
            None => {}
        }
        self.local_values
            .borrow_mut()
            .insert(name.to_string(), LocalValue::InProgress);
        let value = self.eval(expr);
        self.local_values
            .borrow_mut()
            .insert(name.to_string(), LocalValue::Known(value.clone()));
        value
    }

    fn variable(&self, name: &str) -> Value {
        if let Some(value) = self.inputs.get(name) {
            return value.clone();
        }
        if let Some(value) = self.tfvars.get(name) {
            return self.eval(value);
        }
        match self.variables.get(name) {
            Some(Some(default)) => self.eval(default),
            _ => Value::Unknown,
        }
    }

    fn traverse(&self, mut value: Value, steps: &[Step]) -> Value {
        for (position, step) in steps.iter().enumerate() {
            value = match step {
                Step::Attr(name) => value.get(name).clone(),
                Step::Index(index) => match (&value, self.eval(index)) {
                    (Value::List(items), i) => match i.as_number() {
                        Some(n) if n >= 0.0 => {
                            items.get(n as usize).cloned().unwrap_or(Value::Unknown)
                        }
                        _ => Value::Unknown,
                    },
                    (Value::Object(_), key) => match key.to_text() {
                        Some(k) => value.get(&k).clone(),
                        None => Value::Unknown,
                    },
                    _ => Value::Unknown,
                },
                Step::Splat => {
                    // `list[*].attr`: the remaining steps apply to every element.
                    let rest = &steps[position + 1..];
                    return match value {
                        Value::List(items) => Value::List(
                            items
                                .into_iter()
                                .map(|item| self.traverse(item, rest))
                                .collect(),
                        ),
                        Value::Null => Value::List(Vec::new()),
                        Value::Unknown => Value::Unknown,
                        single => Value::List(vec![self.traverse(single, rest)]),
                    };
                }
            };
            if value == Value::Unknown {
                break;
            }
        }
        value
    }

    /// `[for k, v in coll : value if cond]` / `{for ... : key => value}`: each element's
    /// variables are bound by substitution, then the parts are evaluated as usual.
    fn for_expr(&self, for_expr: &ForExpr) -> Value {
        let elements: Vec<(Value, Value)> = match self.eval(&for_expr.collection) {
            Value::List(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| (Value::Number(i as f64), v))
                .collect(),
            Value::Object(map) => map
                .into_iter()
                .map(|(k, v)| (Value::String(k), v))
                .collect(),
            _ => return Value::Unknown,
        };
        if elements.len() > MAX_EXPANSION {
            return Value::Unknown;
        }
        let mut list = Vec::new();
        let mut object: BTreeMap<String, Value> = BTreeMap::new();
        for (key, value) in elements {
            let mut bindings = vec![(for_expr.value_var.as_str(), value)];
            if let Some(key_var) = &for_expr.key_var {
                bindings.push((key_var.as_str(), key));
            }
            if let Some(condition) = &for_expr.condition {
                match self.eval(&substitute(condition, &bindings)).as_bool() {
                    Some(true) => {}
                    Some(false) => continue,
                    None => return Value::Unknown,
                }
            }
            let item = self.eval(&substitute(&for_expr.value, &bindings));
            match &for_expr.key {
                None => list.push(item),
                Some(key_expr) => {
                    let Some(key) = self.eval(&substitute(key_expr, &bindings)).to_text() else {
                        return Value::Unknown;
                    };
                    if for_expr.grouping {
                        match object.entry(key).or_insert_with(|| Value::List(Vec::new())) {
                            Value::List(group) => group.push(item),
                            _ => return Value::Unknown,
                        }
                    } else if object.insert(key, item).is_some() {
                        // Terraform rejects duplicate keys without `...`.
                        return Value::Unknown;
                    }
                }
            }
        }
        if for_expr.key.is_some() {
            Value::Object(object)
        } else {
            Value::List(list)
        }
    }

    fn binary(&self, lhs: &Expr, op: BinaryOp, rhs: &Expr) -> Value {
        let (l, r) = (self.eval(lhs), self.eval(rhs));
        if l.has_unknown() || r.has_unknown() {
            return Value::Unknown;
        }
        match op {
            BinaryOp::Eq => Value::Bool(l == r),
            BinaryOp::NotEq => Value::Bool(l != r),
            BinaryOp::And | BinaryOp::Or => match (l.as_bool(), r.as_bool()) {
                (Some(a), Some(b)) => {
                    Value::Bool(if op == BinaryOp::And { a && b } else { a || b })
                }
                _ => Value::Unknown,
            },
            _ => {
                let (Some(a), Some(b)) = (l.as_number(), r.as_number()) else {
                    return Value::Unknown;
                };
                match op {
                    BinaryOp::Less => Value::Bool(a < b),
                    BinaryOp::LessEq => Value::Bool(a <= b),
                    BinaryOp::Greater => Value::Bool(a > b),
                    BinaryOp::GreaterEq => Value::Bool(a >= b),
                    BinaryOp::Plus => Value::Number(a + b),
                    BinaryOp::Minus => Value::Number(a - b),
                    BinaryOp::Mul => Value::Number(a * b),
                    BinaryOp::Div if b != 0.0 => Value::Number(a / b),
                    BinaryOp::Mod if b != 0.0 => Value::Number(a % b),
                    _ => Value::Unknown,
                }
            }
        }
    }

    fn call(&self, name: &str, args: &[Expr]) -> Value {
        let values: Vec<Value> = args.iter().map(|a| self.eval(a)).collect();
        functions::call(name, values)
    }
}

#[cfg(test)]
mod tests {
    use super::{relative_dir, resolve_path};

    #[test]
    fn module_directories_are_seen_from_the_root_module() {
        assert_eq!(relative_dir("envs/prod", "modules/db"), "../../modules/db");
        assert_eq!(relative_dir("", "modules/db"), "modules/db");
        assert_eq!(relative_dir("infra", "infra"), ".");
        assert_eq!(relative_dir("infra", "infra/modules/q"), "modules/q");
        assert_eq!(relative_dir("infra/modules/q", ""), "../../..");
    }

    #[test]
    fn file_paths_stay_inside_the_scanned_tree() {
        assert_eq!(
            resolve_path("envs/prod", "../../modules/db/p.json").as_deref(),
            Some("modules/db/p.json")
        );
        assert_eq!(
            resolve_path("", "./policies/a.json").as_deref(),
            Some("policies/a.json")
        );
        assert_eq!(resolve_path("infra", "../../etc/passwd"), None);
        assert_eq!(resolve_path("infra", "/etc/passwd"), None);
        assert_eq!(resolve_path("infra", "a\\b.json"), None);
    }
}
