//! Repetition in a module: `count` / `for_each` instances of resources and data sources,
//! `dynamic` blocks, and the variables of `for` expressions. Names bound to a known value
//! (`each.key`, `count.index`, a dynamic block's iterator) are substituted into the expressions
//! as literals, so the evaluator needs no scopes and rules see ordinary blocks. What the
//! evaluator cannot know stays as written: an unknown `for_each` keeps one block whose `each`
//! references are unknown, and an unknown `dynamic` block becomes one block whose every
//! attribute is unknown, so nothing inside it is reported.

use super::eval::{Module, Value};
use super::model::{Attribute, Block, Body, Expr, ObjectKeyExpr, Step, TemplatePart};

/// More instances than this are not expanded (the block is kept once, as written), so a huge
/// `count` in a hostile file cannot exhaust memory.
pub(crate) const MAX_EXPANSION: usize = 1024;

/// `expr` with every reference rooted at a bound name replaced by its value.
pub(crate) fn substitute(expr: &Expr, bindings: &[(&str, Value)]) -> Expr {
    let again = |e: &Expr| substitute(e, bindings);
    match expr {
        Expr::Reference { root, steps } => match bindings.iter().find(|(name, _)| name == root) {
            Some((_, value)) if steps.is_empty() => literal(value),
            Some((_, value)) => Expr::Traversal {
                base: Box::new(literal(value)),
                steps: steps.iter().map(|s| substitute_step(s, bindings)).collect(),
            },
            None => Expr::Reference {
                root: root.clone(),
                steps: steps.iter().map(|s| substitute_step(s, bindings)).collect(),
            },
        },
        Expr::Traversal { base, steps } => Expr::Traversal {
            base: Box::new(again(base)),
            steps: steps.iter().map(|s| substitute_step(s, bindings)).collect(),
        },
        Expr::Template(parts) => Expr::Template(
            parts
                .iter()
                .map(|part| match part {
                    TemplatePart::Literal(text) => TemplatePart::Literal(text.clone()),
                    TemplatePart::Interpolation(e) => TemplatePart::Interpolation(again(e)),
                })
                .collect(),
        ),
        Expr::Array(items) => Expr::Array(items.iter().map(again).collect()),
        Expr::Object(entries) => Expr::Object(
            entries
                .iter()
                .map(|(key, value)| {
                    let key = match key {
                        ObjectKeyExpr::Name(name) => ObjectKeyExpr::Name(name.clone()),
                        ObjectKeyExpr::Expr(e) => ObjectKeyExpr::Expr(again(e)),
                    };
                    (key, again(value))
                })
                .collect(),
        ),
        Expr::Call { name, args } => Expr::Call {
            name: name.clone(),
            args: args.iter().map(again).collect(),
        },
        Expr::Conditional(c, yes, no) => Expr::Conditional(
            Box::new(again(c)),
            Box::new(again(yes)),
            Box::new(again(no)),
        ),
        Expr::Not(e) => Expr::Not(Box::new(again(e))),
        Expr::Negate(e) => Expr::Negate(Box::new(again(e))),
        Expr::Binary(lhs, op, rhs) => Expr::Binary(Box::new(again(lhs)), *op, Box::new(again(rhs))),
        Expr::For(for_expr) => {
            // The `for` expression's own variables shadow outer bindings inside it.
            let inner: Vec<(&str, Value)> = bindings
                .iter()
                .filter(|(name, _)| {
                    *name != for_expr.value_var && for_expr.key_var.as_deref() != Some(*name)
                })
                .cloned()
                .collect();
            let mut for_expr = (**for_expr).clone();
            for_expr.collection = again(&for_expr.collection);
            for_expr.key = for_expr.key.map(|k| substitute(&k, &inner));
            for_expr.value = substitute(&for_expr.value, &inner);
            for_expr.condition = for_expr.condition.map(|c| substitute(&c, &inner));
            Expr::For(Box::new(for_expr))
        }
        Expr::Null | Expr::Bool(_) | Expr::Number(_) | Expr::String(_) | Expr::Unsupported => {
            expr.clone()
        }
    }
}

fn substitute_step(step: &Step, bindings: &[(&str, Value)]) -> Step {
    match step {
        Step::Index(index) => Step::Index(substitute(index, bindings)),
        other => other.clone(),
    }
}

/// A value written back as an expression; an unknown part stays unknown.
pub(crate) fn literal(value: &Value) -> Expr {
    match value {
        Value::Unknown => Expr::Unsupported,
        Value::Null => Expr::Null,
        Value::Bool(b) => Expr::Bool(*b),
        Value::Number(n) => Expr::Number(*n),
        Value::String(s) => Expr::String(s.clone()),
        Value::List(items) => Expr::Array(items.iter().map(literal).collect()),
        Value::Object(map) => Expr::Object(
            map.iter()
                .map(|(k, v)| (ObjectKeyExpr::Name(k.clone()), literal(v)))
                .collect(),
        ),
    }
}

/// The key of one instance of a repeated resource or module call.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum InstanceKey {
    Index(usize),
    Key(String),
}

impl InstanceKey {
    /// `[0]` or `["name"]`, as Terraform writes instance addresses.
    pub(crate) fn suffix(&self) -> String {
        match self {
            InstanceKey::Index(i) => format!("[{i}]"),
            InstanceKey::Key(k) => format!("[{}]", serde_json::Value::String(k.clone())),
        }
    }
}

/// One instance of a block with `count` or `for_each`, and what `count` / `each` mean in it.
pub(crate) struct Instance {
    pub key: InstanceKey,
    pub bindings: Vec<(&'static str, Value)>,
}

/// The instances `count` / `for_each` of `body` create, when known: `None` when the body has
/// neither or its value is unknown (the block then stands for itself, once).
pub(crate) fn instances(module: &Module<'_>, body: &Body) -> Option<Vec<Instance>> {
    if let Some(count) = body.attribute("count") {
        let n = module.eval(&count.value).as_number()?;
        if n < 0.0 || n.fract() != 0.0 || n as usize > MAX_EXPANSION {
            return None;
        }
        return Some(
            (0..n as usize)
                .map(|i| Instance {
                    key: InstanceKey::Index(i),
                    bindings: vec![("count", object([("index", Value::Number(i as f64))]))],
                })
                .collect(),
        );
    }
    let for_each = body.attribute("for_each")?;
    let pairs: Vec<(String, Value)> = match module.eval(&for_each.value) {
        Value::Object(map) => map.into_iter().collect(),
        // A set of strings: each element is its own key.
        Value::List(items) => items
            .into_iter()
            .map(|item| match item {
                Value::String(s) => Some((s.clone(), Value::String(s))),
                _ => None,
            })
            .collect::<Option<_>>()?,
        _ => return None,
    };
    if pairs.len() > MAX_EXPANSION {
        return None;
    }
    Some(
        pairs
            .into_iter()
            .map(|(key, value)| Instance {
                key: InstanceKey::Key(key.clone()),
                bindings: vec![(
                    "each",
                    object([("key", Value::String(key)), ("value", value)]),
                )],
            })
            .collect(),
    )
}

fn object<const N: usize>(entries: [(&str, Value); N]) -> Value {
    Value::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

/// The blocks a top-level `resource` or `data` block stands for once `count`, `for_each` and
/// `dynamic` blocks are expanded; `None` when it stands for itself as written.
pub(crate) fn expand_block(module: &Module<'_>, block: &Block) -> Option<Vec<Block>> {
    let instances = instances(module, &block.body);
    if instances.is_none() && !has_dynamic(&block.body) {
        return None;
    }
    let Some(instances) = instances else {
        let mut expanded = block.clone();
        expanded.body = expand_dynamic(module, &block.body, &[]);
        return Some(vec![expanded]);
    };
    let base = match block.kind.as_str() {
        "resource" => block.labels.join("."),
        kind => format!("{kind}.{}", block.labels.join(".")),
    };
    Some(
        instances
            .into_iter()
            .map(|instance| {
                let mut body = substitute_body(&block.body, &instance.bindings);
                body.attributes
                    .retain(|a| a.name != "count" && a.name != "for_each");
                Block {
                    kind: block.kind.clone(),
                    labels: block.labels.clone(),
                    header: block.header.clone(),
                    body: expand_dynamic(module, &body, &[]),
                    address: Some(format!("{base}{}", instance.key.suffix())),
                }
            })
            .collect(),
    )
}

fn has_dynamic(body: &Body) -> bool {
    body.blocks
        .iter()
        .any(|b| b.kind == "dynamic" || has_dynamic(&b.body))
}

/// `body` with bound names substituted in every attribute, at any depth.
pub(crate) fn substitute_body(body: &Body, bindings: &[(&str, Value)]) -> Body {
    Body {
        attributes: body
            .attributes
            .iter()
            .map(|a| Attribute {
                name: a.name.clone(),
                value: substitute(&a.value, bindings),
                loc: a.loc.clone(),
            })
            .collect(),
        blocks: body
            .blocks
            .iter()
            .map(|b| Block {
                body: substitute_body(&b.body, bindings),
                ..b.clone()
            })
            .collect(),
        from_plan: body.from_plan,
        unlisted: body.unlisted.clone(),
    }
}

/// `body` with each `dynamic "kind"` block replaced by the `kind` blocks it generates.
fn expand_dynamic(module: &Module<'_>, body: &Body, outer: &[(&str, Value)]) -> Body {
    let mut blocks = Vec::new();
    for block in &body.blocks {
        if block.kind != "dynamic" {
            let mut nested = block.clone();
            nested.body = expand_dynamic(module, &block.body, outer);
            blocks.push(nested);
            continue;
        }
        let Some(kind) = block.labels.first() else {
            continue;
        };
        let iterator = match block.body.attribute("iterator").map(|a| &a.value) {
            Some(Expr::Reference { root, steps }) if steps.is_empty() => root.clone(),
            _ => kind.clone(),
        };
        let content = block.body.blocks("content").next();
        let elements = block
            .body
            .attribute("for_each")
            .map(|f| module.eval(&substitute(&f.value, outer)));
        let elements: Option<Vec<(Value, Value)>> = match elements {
            Some(Value::List(items)) if items.len() <= MAX_EXPANSION => Some(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| (Value::Number(i as f64), v))
                    .collect(),
            ),
            Some(Value::Object(map)) if map.len() <= MAX_EXPANSION => Some(
                map.into_iter()
                    .map(|(k, v)| (Value::String(k), v))
                    .collect(),
            ),
            _ => None,
        };
        match (elements, content) {
            (Some(elements), Some(content)) => {
                for (key, value) in elements {
                    let mut bindings: Vec<(&str, Value)> = outer.to_vec();
                    bindings.retain(|(name, _)| *name != iterator);
                    bindings.push((&iterator, object([("key", key), ("value", value)])));
                    let body = substitute_body(&content.body, &bindings);
                    blocks.push(Block {
                        kind: kind.clone(),
                        labels: Vec::new(),
                        header: block.header.clone(),
                        body: expand_dynamic(module, &body, &bindings),
                        address: None,
                    });
                }
            }
            (Some(_), None) => {}
            // How many blocks, and what they hold, is known only when planning.
            (None, _) => blocks.push(Block {
                kind: kind.clone(),
                labels: Vec::new(),
                header: block.header.clone(),
                body: Body {
                    unlisted: Some(Box::new(Attribute {
                        name: String::new(),
                        value: Expr::Unsupported,
                        loc: block.header.clone(),
                    })),
                    ..Body::default()
                },
                address: None,
            }),
        }
    }
    Body {
        attributes: body.attributes.clone(),
        blocks,
        from_plan: body.from_plan,
        unlisted: body.unlisted.clone(),
    }
}
