//! Evaluation of a module directory: variables (defaults and `*.tfvars`), locals, literals,
//! collections, templates, a few functions and conditionals. Whatever depends on something not
//! known before `apply` (resource attributes, variables without value, unsupported constructs)
//! is `Unknown`, and rules never report an `Unknown` as a violation.

use super::functions;
use super::model::{BinaryOp, Block, Expr, ObjectKeyExpr, Step, TemplatePart};
use std::cell::Cell;
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

/// A `resource`, `data` or other top-level block of a module, with the file it is in.
#[derive(Debug, Clone, Copy)]
pub struct Located<'a> {
    pub path: &'a str,
    pub block: &'a Block,
}

impl Located<'_> {
    /// `type.name` for resources, `data.type.name` for data sources; a plan's own address for a
    /// resource read from a plan.
    pub fn address(&self) -> String {
        if let Some(address) = &self.block.address {
            return address.clone();
        }
        let labels = self.block.labels.join(".");
        if self.block.kind == "resource" {
            labels
        } else {
            format!("{}.{labels}", self.block.kind)
        }
    }

    pub fn resource_type(&self) -> &str {
        self.block.labels.first().map_or("", String::as_str)
    }

    pub fn name(&self) -> &str {
        self.block.labels.get(1).map_or("", String::as_str)
    }
}

/// Deep enough for any real chain of locals; a cycle ends here as `Unknown`.
const MAX_DEPTH: u32 = 64;

/// One module directory: every block of its `.tf` files and the values of its variables.
pub struct Module<'a> {
    pub dir: &'a str,
    pub blocks: Vec<Located<'a>>,
    /// Values from `terraform.tfvars` / `*.auto.tfvars`.
    pub tfvars: HashMap<&'a str, &'a Expr>,
    variables: HashMap<&'a str, Option<&'a Expr>>,
    locals: HashMap<&'a str, &'a Expr>,
    depth: Cell<u32>,
}

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
            variables,
            locals,
            depth: Cell::new(0),
        }
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
            .filter(|r| {
                r.block
                    .body
                    .attribute("count")
                    .is_none_or(|count| self.eval(&count.value).as_number() != Some(0.0))
            })
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
        self.resources(resource_type).find(|r| r.name() == name)
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
                    ("local", Some((Step::Attr(name), rest))) => {
                        match self.locals.get(name.as_str()) {
                            Some(e) => (self.eval(e), rest),
                            None => return Value::Unknown,
                        }
                    }
                    // Resource attributes, data sources, module outputs, `each`, `count`, `path`:
                    // known only when planning.
                    _ => return Value::Unknown,
                };
                self.traverse(base, rest)
            }
            Expr::Traversal { base, steps } => {
                let base = self.eval(base);
                self.traverse(base, steps)
            }
            Expr::Call { name, args } => self.call(name, args),
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

    fn variable(&self, name: &str) -> Value {
        if let Some(value) = self.tfvars.get(name) {
            return self.eval(value);
        }
        match self.variables.get(name) {
            Some(Some(default)) => self.eval(default),
            _ => Value::Unknown,
        }
    }

    fn traverse(&self, mut value: Value, steps: &[Step]) -> Value {
        for step in steps {
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
                Step::Splat => Value::Unknown,
            };
            if value == Value::Unknown {
                break;
            }
        }
        value
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
