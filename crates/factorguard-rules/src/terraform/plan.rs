//! `terraform show -json` plan files read into the model the rules evaluate: each module of
//! `planned_values` becomes a set of `resource` blocks whose attributes are the planned values.
//! Nested blocks (arrays of objects in the plan) become nested blocks; values marked in the
//! resource change's `after_unknown`, and attributes the plan leaves out, are unknown. A
//! resource-to-resource reference is a plain id in the plan, so where the configuration section
//! says an attribute refers to another resource, the attribute keeps that reference (unknown to
//! the evaluator, as in HCL) and rules that pair resources can still match them.
//!
//! Data sources read while planning are in `prior_state`, not in `planned_values`: they join their
//! module instance as `data` blocks with the values read. The providers the root module configures
//! (`configuration.provider_config`) become its `provider` blocks, so rules that ask whether a
//! module is a deployment's root see a plan's root as one.

use super::model::{loc_of, Attribute, Block, Body, Expr, Loc, ObjectKeyExpr, Step};
use factorguard_core::{ParseError, ParsedDocument, SourceFile};
use serde_json::{Map, Value as Json};
use std::collections::HashMap;
use std::ops::Range;

/// A parsed plan file: one entry per module instance it plans.
#[derive(Debug, Default)]
pub struct TfPlan {
    pub modules: Vec<PlanModule>,
}

/// The resources a plan gives one module instance (`""` for the root, `module.db` for a child).
#[derive(Debug)]
pub struct PlanModule {
    /// The plan file's path and the module address, shown where a rule names the module.
    pub label: String,
    pub blocks: Vec<Block>,
}

impl ParsedDocument for TfPlan {
    fn parse(file: &SourceFile<'_>) -> Result<Self, ParseError> {
        let text = file.text().ok_or_else(|| ParseError {
            format: "Terraform plan",
            message: "the file is not valid UTF-8".into(),
            offset: None,
        })?;
        let json: Json = serde_json::from_str(text).map_err(|error| ParseError {
            format: "Terraform plan",
            message: error.to_string(),
            offset: Some(file.text_offset() + offset_of(text, error.line(), error.column())),
        })?;
        let Some(root) = json
            .get("planned_values")
            .and_then(|p| p.get("root_module"))
            .and_then(Json::as_object)
        else {
            return Err(ParseError {
                format: "Terraform plan",
                message: "no `planned_values.root_module` object".into(),
                offset: None,
            });
        };
        let mut unknown = HashMap::new();
        for change in array(json.get("resource_changes")) {
            if let (Some(address), Some(after_unknown)) = (
                change.get("address").and_then(Json::as_str),
                change.get("change").and_then(|c| c.get("after_unknown")),
            ) {
                unknown.insert(address, after_unknown);
            }
        }
        let mut read_data = HashMap::new();
        if let Some(state) = json
            .get("prior_state")
            .and_then(|s| s.get("values"))
            .and_then(|v| v.get("root_module"))
        {
            data_sources(state, &mut read_data);
        }
        let planned_at = text.find("\"planned_values\"").unwrap_or(0);
        let reader = Reader {
            file,
            text,
            // Addresses are searched for after `planned_values`: `resource_changes` repeats them.
            planned_at,
            unknown,
            read_data,
            providers: json
                .get("configuration")
                .and_then(|c| c.get("provider_config"))
                .and_then(Json::as_object),
            providers_at: text[planned_at..]
                .find("\"provider_config\"")
                .map_or(planned_at, |at| planned_at + at),
        };
        let config = json.get("configuration").and_then(|c| c.get("root_module"));
        let mut plan = TfPlan::default();
        reader.module(root, config, &mut plan);
        Ok(plan)
    }
}

/// Byte offset of a 1-based line and column as `serde_json` reports them.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (line_start + column.saturating_sub(1)).min(text.len())
}

fn array(json: Option<&Json>) -> impl Iterator<Item = &Json> {
    json.and_then(Json::as_array).into_iter().flatten()
}

/// The data sources of a state's module and its children, by module instance address.
fn data_sources<'j>(module: &'j Json, found: &mut HashMap<&'j str, Vec<&'j Json>>) {
    let address = module.get("address").and_then(Json::as_str).unwrap_or("");
    for resource in array(module.get("resources")) {
        if resource.get("mode").and_then(Json::as_str) == Some("data") {
            found.entry(address).or_default().push(resource);
        }
    }
    for child in array(module.get("child_modules")) {
        data_sources(child, found);
    }
}

struct Reader<'f, 'a> {
    file: &'f SourceFile<'a>,
    text: &'a str,
    planned_at: usize,
    unknown: HashMap<&'a str, &'a Json>,
    /// Data sources read while planning, by module instance address.
    read_data: HashMap<&'a str, Vec<&'a Json>>,
    /// `configuration.provider_config`, and where it is in the file.
    providers: Option<&'a Map<String, Json>>,
    providers_at: usize,
}

impl<'a> Reader<'_, 'a> {
    fn module(&self, module: &'a Map<String, Json>, config: Option<&'a Json>, plan: &mut TfPlan) {
        let address = module.get("address").and_then(Json::as_str).unwrap_or("");
        let mut blocks = Vec::new();
        for resource in array(module.get("resources")) {
            if let Some(block) = self.resource(resource, config, false) {
                blocks.push(block);
            }
        }
        // A data source the plan reads only on apply is in `planned_values` already.
        for resource in self.read_data.get(address).into_iter().flatten() {
            let planned = blocks
                .iter()
                .any(|b| b.address.as_deref() == resource.get("address").and_then(Json::as_str));
            if !planned {
                blocks.extend(self.resource(resource, None, true));
            }
        }
        if address.is_empty() {
            blocks.extend(self.providers());
        }
        let mut children = Vec::new();
        for child in array(module.get("child_modules")) {
            let Some(child) = child.as_object() else {
                continue;
            };
            let child_address = child.get("address").and_then(Json::as_str).unwrap_or("");
            let call = call_name(address, child_address);
            // The root's HCL holds a `module` block per call; rules such as "no trail here"
            // leave a module with calls to its root, so the plan's module says the same.
            blocks.push(Block {
                kind: "module".into(),
                labels: vec![call.to_string()],
                header: self.loc_of_span(self.address_span(child_address)),
                body: Body::default(),
                address: Some(child_address.to_string()),
            });
            let child_config = config
                .and_then(|c| c.get("module_calls"))
                .and_then(|calls| calls.get(call))
                .and_then(|c| c.get("module"));
            children.push((child, child_config));
        }
        let path = self.file.path;
        plan.modules.push(PlanModule {
            label: if address.is_empty() {
                path.to_string()
            } else {
                format!("{path} {address}")
            },
            blocks,
        });
        for (child, child_config) in children {
            self.module(child, child_config, plan);
        }
    }

    /// A resource of `planned_values`, or with `read` a data source of `prior_state`, whose values
    /// are all known.
    fn resource(&self, resource: &'a Json, config: Option<&'a Json>, read: bool) -> Option<Block> {
        let address = resource.get("address")?.as_str()?;
        let resource_type = resource.get("type")?.as_str()?;
        let name = resource.get("name")?.as_str()?;
        let kind = match resource.get("mode").and_then(Json::as_str) {
            Some("data") => "data",
            _ => "resource",
        };
        let span = self.address_span(address);
        let header = self.loc_of_span(span.clone());
        let values = resource.get("values").and_then(Json::as_object);
        // A plan's values leave out exactly what `after_unknown` lists; without a resource
        // change to say so, anything left out may be unknown.
        let (unknown, open) = match self.unknown.get(address) {
            Some(unknown) => (*unknown, false),
            None => (&Json::Null, !read),
        };
        let sensitive = resource.get("sensitive_values").unwrap_or(&Json::Null);
        let prefix = if kind == "data" { "data." } else { "" };
        let expressions = array(config.and_then(|c| c.get("resources")))
            .find(|r| {
                r.get("address").and_then(Json::as_str)
                    == Some(&format!("{prefix}{resource_type}.{name}"))
            })
            .and_then(|r| r.get("expressions"));
        let start = span.map_or(self.planned_at, |s| s.start);
        let body = match values {
            Some(values) => {
                let context = Context {
                    unknown,
                    sensitive,
                    expressions,
                    open,
                };
                self.body(values, &context, &header, start)
            }
            // No values at all: everything about the resource is known only after apply.
            None => unknown_body(&header),
        };
        Some(Block {
            kind: kind.into(),
            labels: vec![resource_type.to_string(), name.to_string()],
            header,
            body,
            address: Some(address.to_string()),
        })
    }

    fn body(
        &self,
        values: &Map<String, Json>,
        context: &Context<'_>,
        at: &Loc,
        start: usize,
    ) -> Body {
        let Context {
            unknown,
            sensitive,
            expressions,
            open,
        } = *context;
        let mut body = if open {
            unknown_body(at)
        } else {
            Body {
                from_plan: true,
                ..Body::default()
            }
        };
        for (key, value) in values {
            let unknown = unknown.get(key).unwrap_or(&Json::Null);
            let loc = self.loc_of_key(key, start).unwrap_or_else(|| at.clone());
            if unknown == &Json::Bool(true) {
                body.attributes
                    .push(unknown_attribute(key, expressions, loc));
                continue;
            }
            let nested: Option<Vec<&Map<String, Json>>> = match value {
                Json::Array(items) if !items.is_empty() => {
                    items.iter().map(Json::as_object).collect()
                }
                _ => None,
            };
            if let Some(items) = nested {
                let key_start = self.key_offset(key, start).unwrap_or(start);
                for (i, item) in items.into_iter().enumerate() {
                    let item_unknown = unknown.get(i).unwrap_or(&Json::Null);
                    if item_unknown == &Json::Bool(true) {
                        body.blocks.push(Block {
                            kind: key.clone(),
                            labels: Vec::new(),
                            header: loc.clone(),
                            body: unknown_body(&loc),
                            address: None,
                        });
                        continue;
                    }
                    body.blocks.push(Block {
                        kind: key.clone(),
                        labels: Vec::new(),
                        header: loc.clone(),
                        body: self.body(
                            item,
                            &Context {
                                unknown: item_unknown,
                                sensitive: sensitive
                                    .get(key)
                                    .and_then(|s| s.get(i))
                                    .unwrap_or(&Json::Null),
                                expressions: None,
                                open,
                            },
                            &loc,
                            key_start,
                        ),
                        address: None,
                    });
                }
                continue;
            }
            let expression = expressions.and_then(|e| e.get(key));
            let is_sensitive = sensitive.get(key) == Some(&Json::Bool(true));
            let value = match expression.and_then(referenced_resource) {
                Some(reference) => reference,
                // A secret the configuration takes from a variable or elsewhere is not a literal:
                // its value tells nothing about how the configuration sets it.
                None if is_sensitive && has_references(expression) => Expr::Unsupported,
                None => json_expr(value, unknown),
            };
            body.attributes.push(Attribute {
                name: key.clone(),
                value,
                loc,
            });
        }
        // Keys only `after_unknown` lists: whole attributes or blocks known after apply.
        if let Some(unknown) = unknown.as_object() {
            for (key, flag) in unknown {
                if flag == &Json::Bool(true) && !values.contains_key(key) {
                    body.attributes
                        .push(unknown_attribute(key, expressions, at.clone()));
                    body.blocks.push(Block {
                        kind: key.clone(),
                        labels: Vec::new(),
                        header: at.clone(),
                        body: unknown_body(at),
                        address: None,
                    });
                }
            }
        }
        body
    }

    /// A `provider` block for each provider configuration of the root module, with the
    /// arguments its configuration gives as constants. Those of child modules are left out: a
    /// module's `required_providers` alone is listed there, and is no provider block.
    fn providers(&self) -> Vec<Block> {
        let mut blocks = Vec::new();
        for (key, provider) in self.providers.into_iter().flatten() {
            let module_address = provider.get("module_address").and_then(Json::as_str);
            if key.contains(':') || module_address.is_some_and(|a| !a.is_empty()) {
                continue;
            }
            let Some(name) = provider.get("name").and_then(Json::as_str) else {
                continue;
            };
            let at = self
                .key_offset(key, self.providers_at)
                .unwrap_or(self.providers_at);
            let header = loc_of(self.file, entry_span(self.text, at));
            let mut body = Body {
                from_plan: true,
                ..Body::default()
            };
            if let Some(alias) = provider.get("alias").and_then(Json::as_str) {
                body.attributes.push(Attribute {
                    name: "alias".into(),
                    value: Expr::String(alias.to_string()),
                    loc: header.clone(),
                });
            }
            let expressions = provider.get("expressions").and_then(Json::as_object);
            for (argument, expression) in expressions.into_iter().flatten() {
                // Nested blocks (`assume_role`) are lists of expressions: not modelled.
                let Some(expression) = expression.as_object() else {
                    continue;
                };
                let value = match expression.get("constant_value") {
                    Some(constant) => json_expr(constant, &Json::Null),
                    None => Expr::Unsupported,
                };
                let loc = self
                    .loc_of_key(argument, at)
                    .unwrap_or_else(|| header.clone());
                body.attributes.push(Attribute {
                    name: argument.clone(),
                    value,
                    loc,
                });
            }
            blocks.push(Block {
                kind: "provider".into(),
                labels: vec![name.to_string()],
                header,
                body,
                address: None,
            });
        }
        blocks
    }

    /// The file's first line stands for a resource whose address was not found.
    fn loc_of_span(&self, span: Option<Range<usize>>) -> Loc {
        loc_of(self.file, span.unwrap_or(0..0))
    }

    /// The `"address": "…"` of `address` in `planned_values`.
    fn address_span(&self, address: &str) -> Option<Range<usize>> {
        let quoted = serde_json::to_string(address).unwrap_or_default();
        let mut from = self.planned_at;
        while let Some(found) = self.text[from..].find(&quoted) {
            let at = from + found;
            let before = self.text[self.planned_at..at].trim_end();
            if let Some(colon) = before.strip_suffix(':') {
                if colon.trim_end().ends_with("\"address\"") {
                    let key = self.planned_at + colon.trim_end().len() - "\"address\"".len();
                    return Some(key..at + quoted.len());
                }
            }
            from = at + quoted.len();
        }
        None
    }

    /// Offset of `"key":` at or after `start`.
    fn key_offset(&self, key: &str, start: usize) -> Option<usize> {
        let quoted = serde_json::to_string(key).ok()?;
        let mut from = start.min(self.text.len());
        while let Some(found) = self.text[from..].find(&quoted) {
            let at = from + found;
            let after = &self.text[at + quoted.len()..];
            if after.trim_start().starts_with(':') {
                return Some(at);
            }
            from = at + quoted.len();
        }
        None
    }

    fn loc_of_key(&self, key: &str, start: usize) -> Option<Loc> {
        let at = self.key_offset(key, start)?;
        Some(loc_of(self.file, entry_span(self.text, at)))
    }
}

/// From a key at `at` to the end of its entry as far as is cheap to tell: the first `,` or line
/// end, so the underline stays on the entry in a minified file.
pub(crate) fn entry_span(text: &str, at: usize) -> Range<usize> {
    let at = at.min(text.len());
    let rest = &text[at..];
    let len = rest.find([',', '\n']).unwrap_or(rest.len());
    at..at + rest[..len].trim_end().len()
}

/// What the plan says about one object of values: the parts of it known only after apply, the
/// parts that are secrets, the configuration's expressions for it, and whether an attribute left
/// out is unknown.
#[derive(Clone, Copy)]
struct Context<'j> {
    unknown: &'j Json,
    sensitive: &'j Json,
    expressions: Option<&'j Json>,
    open: bool,
}

/// The child's call name: `module.a.module.b[0]` under `module.a` is `b`.
fn call_name<'c>(parent: &str, child: &'c str) -> &'c str {
    let rest = child
        .strip_prefix(parent)
        .map_or(child, |r| r.trim_start_matches('.'));
    let rest = rest.strip_prefix("module.").unwrap_or(rest);
    rest.split(['[', '.']).next().unwrap_or(rest)
}

/// An attribute known only after apply: the reference the configuration gives it when that is to
/// another resource (so rules can still pair the two), else an unknown value.
fn unknown_attribute(name: &str, expressions: Option<&Json>, loc: Loc) -> Attribute {
    Attribute {
        name: name.to_string(),
        value: expressions
            .and_then(|e| e.get(name))
            .and_then(referenced_resource)
            .unwrap_or(Expr::Unsupported),
        loc,
    }
}

fn unknown_body(at: &Loc) -> Body {
    Body {
        from_plan: true,
        unlisted: Some(Box::new(unknown_attribute("", None, at.clone()))),
        ..Body::default()
    }
}

fn has_references(expression: Option<&Json>) -> bool {
    expression
        .and_then(|e| e.get("references"))
        .and_then(Json::as_array)
        .is_some_and(|r| !r.is_empty())
}

/// The first reference of a configuration expression to another resource, as the HCL parser would
/// give it (`aws_s3_bucket.logs.id`). Variables, locals and data sources are left to the plan's
/// values, which already hold them resolved: an attribute that stays unknown while a data source
/// it reads is known depends on something else, so the data source is not its value.
fn referenced_resource(expression: &Json) -> Option<Expr> {
    let references = expression.get("references")?.as_array()?;
    references.iter().filter_map(Json::as_str).find_map(|r| {
        let mut parts = r.split('.').map(|p| p.split('[').next().unwrap_or(p));
        let root = parts.next()?;
        if matches!(
            root,
            "var" | "local" | "data" | "count" | "each" | "path" | "terraform" | "self" | ""
        ) {
            return None;
        }
        let steps: Vec<Step> = parts.map(|p| Step::Attr(p.to_string())).collect();
        (!steps.is_empty()).then(|| Expr::Reference {
            root: root.to_string(),
            steps,
        })
    })
}

/// A planned value as a literal expression; parts `unknown` marks `true` are unknown.
fn json_expr(value: &Json, unknown: &Json) -> Expr {
    if unknown == &Json::Bool(true) {
        return Expr::Unsupported;
    }
    match value {
        Json::Null => Expr::Null,
        Json::Bool(b) => Expr::Bool(*b),
        Json::Number(n) => n.as_f64().map_or(Expr::Unsupported, Expr::Number),
        Json::String(s) => Expr::String(s.clone()),
        Json::Array(items) => Expr::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| json_expr(item, unknown.get(i).unwrap_or(&Json::Null)))
                .collect(),
        ),
        Json::Object(map) => {
            let mut entries: Vec<(ObjectKeyExpr, Expr)> = map
                .iter()
                .map(|(k, v)| {
                    (
                        ObjectKeyExpr::Name(k.clone()),
                        json_expr(v, unknown.get(k).unwrap_or(&Json::Null)),
                    )
                })
                .collect();
            if let Some(unknown) = unknown.as_object() {
                for (k, flag) in unknown {
                    if flag == &Json::Bool(true) && !map.contains_key(k) {
                        entries.push((ObjectKeyExpr::Name(k.clone()), Expr::Unsupported));
                    }
                }
            }
            Expr::Object(entries)
        }
    }
}
