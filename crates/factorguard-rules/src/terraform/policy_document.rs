//! `data "aws_iam_policy_document"` blocks rendered into the JSON the AWS provider computes for
//! their `json` and `minified_json`, so the policy rules read a document written this way as they
//! read `jsonencode(...)`. The provider's rules are followed: `Version` `2012-10-17` unless set,
//! `Effect` `Allow` unless set, a set of one string rendered as the string and a larger set sorted
//! in reverse order, a lone `*` principal of type `*` rendered as `"*"`, condition values kept in
//! order, `&{...}` turned into `${...}` in resources, principals and condition values, and
//! `source_policy_documents` / `override_policy_documents` merged by `Sid`. Whatever the document
//! needs that is unknown — or that would make the provider fail — leaves the whole document
//! unknown, so a rule never reports a guess.

use super::eval::{Module, Value};
use super::functions::json_string;
use super::model::{Block, Body, Expr};
use serde_json::{Map, Value as Json};
use std::cell::RefCell;
use std::collections::BTreeMap;

/// The value of `data.aws_iam_policy_document.<name>.<attribute>` for the data source `block`.
pub(crate) fn output(module: &Module<'_>, block: &Block, attribute: &str) -> Value {
    let pretty = match attribute {
        "json" => true,
        "minified_json" => false,
        _ => return Value::Unknown,
    };
    // A data source read from a plan carries the provider's own rendering.
    if block.body.from_plan {
        return block
            .body
            .attribute(attribute)
            .map_or(Value::Unknown, |a| module.eval(&a.value));
    }
    let Some(_rendering) = Rendering::enter(block) else {
        return Value::Unknown;
    };
    match document(&Scope::new(module), &block.body) {
        Some(document) => render(&document.node(), pretty).map_or(Value::Unknown, Value::String),
        None => Value::Unknown,
    }
}

thread_local! {
    /// The documents being rendered on this thread. A document that refers to itself, directly
    /// or through another document, is unknown at once: evaluating every element of a list
    /// that names it twice would otherwise double the work at each level of the depth guard.
    static RENDERING: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

/// Marks a document as being rendered until dropped.
struct Rendering(usize);

impl Rendering {
    fn enter(block: &Block) -> Option<Self> {
        let key = std::ptr::from_ref(block) as usize;
        RENDERING.with(|rendering| {
            let mut rendering = rendering.borrow_mut();
            if rendering.contains(&key) {
                return None;
            }
            rendering.push(key);
            Some(Rendering(key))
        })
    }
}

impl Drop for Rendering {
    fn drop(&mut self) {
        RENDERING.with(|rendering| rendering.borrow_mut().retain(|key| *key != self.0));
    }
}

/// A policy document as the provider holds it before rendering.
#[derive(Debug, Default, PartialEq)]
struct Document {
    version: String,
    id: String,
    statements: Vec<Statement>,
}

#[derive(Debug, Default, PartialEq)]
struct Statement {
    sid: String,
    effect: String,
    action: Option<Element>,
    not_action: Option<Element>,
    resource: Option<Element>,
    not_resource: Option<Element>,
    principal: Vec<Principal>,
    not_principal: Vec<Principal>,
    condition: Vec<Condition>,
}

/// An `Action` / `Resource`-like element: strings from a block, or any JSON a source document
/// gave, which the provider passes through as it is.
#[derive(Debug, Clone, PartialEq)]
enum Element {
    Strings(Strings),
    Raw(Json),
}

#[derive(Debug, Clone, PartialEq)]
enum Strings {
    One(String),
    Many(Vec<String>),
}

impl Strings {
    /// A set of strings as the provider decodes it: one string alone, more in reverse order.
    fn from_set(mut items: Vec<String>) -> Strings {
        if items.len() == 1 {
            return Strings::One(items.remove(0));
        }
        items.sort();
        items.reverse();
        Strings::Many(items)
    }

    fn into_vec(self) -> Vec<String> {
        match self {
            Strings::One(item) => vec![item],
            Strings::Many(items) => items,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Principal {
    kind: String,
    identifiers: Strings,
}

#[derive(Debug, Clone, PartialEq)]
struct Condition {
    test: String,
    variable: String,
    values: Strings,
}

impl Document {
    /// The provider's merge: a later `Id` wins, the higher `Version` wins, a statement replaces
    /// the one with its `Sid` in place and is appended otherwise.
    fn merge(&mut self, other: Document) {
        if !other.id.is_empty() {
            self.id = other.id;
        }
        if other.version > self.version {
            self.version = other.version;
        }
        for statement in other.statements {
            let same_sid = (!statement.sid.is_empty())
                .then(|| self.statements.iter().position(|s| s.sid == statement.sid))
                .flatten();
            match same_sid {
                Some(at) => self.statements[at] = statement,
                None => self.statements.push(statement),
            }
        }
    }
}

/// Evaluation of a document's arguments in its module.
#[derive(Clone)]
struct Scope<'m, 'a> {
    module: &'m Module<'a>,
}

impl<'m, 'a> Scope<'m, 'a> {
    fn new(module: &'m Module<'a>) -> Self {
        Scope { module }
    }

    fn eval(&self, expr: &Expr) -> Value {
        self.module.eval(expr)
    }

    /// An argument's value; one not written is null.
    fn attribute(&self, body: &Body, name: &str) -> Value {
        body.attribute(name)
            .map_or(Value::Null, |attribute| self.eval(&attribute.value))
    }

    /// An optional string argument: `Some(None)` when unset, `None` when unknown or not a string.
    fn string(&self, body: &Body, name: &str) -> Option<Option<String>> {
        match self.attribute(body, name) {
            Value::Null => Some(None),
            value => value.to_text().map(Some),
        }
    }

    /// A required string argument.
    fn required_string(&self, body: &Body, name: &str) -> Option<String> {
        self.string(body, name).flatten()
    }

    /// A list (or set) of strings; unset is empty.
    fn strings(&self, body: &Body, name: &str) -> Option<Vec<String>> {
        match self.attribute(body, name) {
            Value::Null => Some(Vec::new()),
            Value::List(items) => items.iter().map(text).collect(),
            _ => None,
        }
    }

    /// A set of strings: duplicates collapse, as in a Terraform set.
    fn string_set(&self, body: &Body, name: &str) -> Option<Vec<String>> {
        let mut items = self.strings(body, name)?;
        items.sort();
        items.dedup();
        Some(items)
    }

    /// The policy documents a list argument names; a null entry is skipped, as the provider does.
    fn documents(&self, body: &Body, name: &str) -> Option<Vec<Document>> {
        match self.attribute(body, name) {
            Value::Null => Some(Vec::new()),
            Value::List(items) => items
                .iter()
                .filter(|item| **item != Value::Null)
                .map(|item| parse_document(item.as_str()?))
                .collect(),
            _ => None,
        }
    }

    /// The bodies of `body`'s blocks of `kind` in written order, each with the scope to
    /// evaluate it in. `dynamic` blocks are expanded before evaluation (`expand.rs`); one still
    /// here could generate anything, so the document is unknown (`None`).
    fn blocks<'b>(&self, body: &'b Body, kind: &str) -> Option<Vec<(&'b Body, Self)>> {
        if body.blocks.iter().any(|block| block.kind == "dynamic") {
            return None;
        }
        Some(
            body.blocks
                .iter()
                .filter(|block| block.kind == kind)
                .map(|block| (&block.body, self.clone()))
                .collect(),
        )
    }
}

/// A string element of a list; null, a collection or an unknown is no string.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        value => value.to_text(),
    }
}

/// The document a `data "aws_iam_policy_document"` body describes, merged with its source and
/// override documents.
fn document(scope: &Scope<'_, '_>, body: &Body) -> Option<Document> {
    // With `count` or `for_each` the data source is a collection, not one document.
    if body.attribute("count").is_some() || body.attribute("for_each").is_some() {
        return None;
    }
    // Removed arguments the provider now only accepts empty.
    for removed in ["source_json", "override_json"] {
        match scope.string(body, removed)? {
            None => {}
            Some(text) if text.is_empty() => {}
            Some(_) => return None,
        }
    }
    let version = scope
        .string(body, "version")?
        .unwrap_or_else(|| "2012-10-17".to_string());
    if version != "2012-10-17" && version != "2008-10-17" {
        return None;
    }
    let id = scope.string(body, "policy_id")?.unwrap_or_default();
    let sources = scope.documents(body, "source_policy_documents")?;
    let overrides = scope.documents(body, "override_policy_documents")?;

    let mut merged = Document::default();
    let mut source_sids: Vec<&str> = Vec::new();
    for source in &sources {
        for statement in &source.statements {
            // The provider refuses a `Sid` repeated across source documents.
            if !statement.sid.is_empty() {
                if source_sids.contains(&statement.sid.as_str()) {
                    return None;
                }
                source_sids.push(&statement.sid);
            }
        }
    }
    for source in sources {
        merged.merge(source);
    }

    let mut own = Document {
        version,
        id,
        statements: Vec::new(),
    };
    for (statement_body, statement_scope) in scope.blocks(body, "statement")? {
        let statement = statement(&statement_scope, statement_body, &own.version)?;
        // The provider refuses a `Sid` repeated among the `statement` blocks.
        if !statement.sid.is_empty() && own.statements.iter().any(|s| s.sid == statement.sid) {
            return None;
        }
        own.statements.push(statement);
    }
    merged.merge(own);
    for document in overrides {
        merged.merge(document);
    }
    Some(merged)
}

fn statement(scope: &Scope<'_, '_>, body: &Body, version: &str) -> Option<Statement> {
    let sid = scope.string(body, "sid")?.unwrap_or_default();
    if !sid.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let effect = scope
        .string(body, "effect")?
        .unwrap_or_else(|| "Allow".to_string());
    if effect != "Allow" && effect != "Deny" {
        return None;
    }
    let element = |name: &str, with_variables: bool| -> Option<Option<Element>> {
        let items = scope.string_set(body, name)?;
        if items.is_empty() {
            return Some(None);
        }
        let mut strings = Strings::from_set(items);
        if with_variables {
            strings = policy_variables(strings, version)?;
        }
        Some(Some(Element::Strings(strings)))
    };
    Some(Statement {
        action: element("actions", false)?,
        not_action: element("not_actions", false)?,
        resource: element("resources", true)?,
        not_resource: element("not_resources", true)?,
        principal: principals(scope, body, "principals", version)?,
        not_principal: principals(scope, body, "not_principals", version)?,
        condition: conditions(scope, body, version)?,
        sid,
        effect,
    })
}

fn principals(
    scope: &Scope<'_, '_>,
    body: &Body,
    kind: &str,
    version: &str,
) -> Option<Vec<Principal>> {
    let mut found: Vec<Principal> = Vec::new();
    for (block, scope) in scope.blocks(body, kind)? {
        let kind = scope.required_string(block, "type")?;
        block.attribute("identifiers")?;
        let identifiers = Strings::from_set(scope.string_set(block, "identifiers")?);
        let principal = Principal {
            kind,
            identifiers: policy_variables(identifiers, version)?,
        };
        // The blocks form a set: a repeated one counts once.
        if !found.contains(&principal) {
            found.push(principal);
        }
    }
    Some(found)
}

fn conditions(scope: &Scope<'_, '_>, body: &Body, version: &str) -> Option<Vec<Condition>> {
    let mut found: Vec<Condition> = Vec::new();
    for (block, scope) in scope.blocks(body, "condition")? {
        block.attribute("values")?;
        let mut values = scope.strings(block, "values")?;
        let values = if values.len() == 1 {
            Strings::One(values.remove(0))
        } else {
            Strings::Many(values)
        };
        let condition = Condition {
            test: scope.required_string(block, "test")?,
            variable: scope.required_string(block, "variable")?,
            values: policy_variables(values, version)?,
        };
        if !found.contains(&condition) {
            found.push(condition);
        }
    }
    Some(found)
}

/// `&{aws:username}` is how a policy variable is written in HCL, where `${` interpolates; the
/// provider turns it back into `${...}`, which version 2008-10-17 does not know.
fn policy_variables(strings: Strings, version: &str) -> Option<Strings> {
    let convert = |item: String| -> Option<String> {
        if !item.contains("&{") {
            return Some(item);
        }
        (version != "2008-10-17").then(|| item.replace("&{", "${"))
    };
    Some(match strings {
        Strings::One(item) => Strings::One(convert(item)?),
        Strings::Many(items) => {
            Strings::Many(items.into_iter().map(convert).collect::<Option<_>>()?)
        }
    })
}

/// A source or override document, read the way the provider's JSON decoding reads it: field
/// names in any case, unknown fields ignored; what it would reject is `None`.
fn parse_document(text: &str) -> Option<Document> {
    let json: Json = serde_json::from_str(text).ok()?;
    let map = match &json {
        Json::Null => return Some(Document::default()),
        Json::Object(map) => map,
        _ => return None,
    };
    let statements = match field(map, "Statement")? {
        None | Some(Json::Null) => Vec::new(),
        Some(Json::Array(items)) => items
            .iter()
            .map(|item| parse_statement(item.as_object()?))
            .collect::<Option<_>>()?,
        Some(_) => return None,
    };
    Some(Document {
        version: string_field(map, "Version")?,
        id: string_field(map, "Id")?,
        statements,
    })
}

fn parse_statement(map: &Map<String, Json>) -> Option<Statement> {
    let element = |name: &str| -> Option<Option<Element>> {
        Some(match field(map, name)? {
            None | Some(Json::Null) => None,
            Some(value) => Some(Element::Raw(value.clone())),
        })
    };
    Some(Statement {
        sid: string_field(map, "Sid")?,
        effect: string_field(map, "Effect")?,
        action: element("Action")?,
        not_action: element("NotAction")?,
        resource: element("Resource")?,
        not_resource: element("NotResource")?,
        principal: parse_principals(field(map, "Principal")?)?,
        not_principal: parse_principals(field(map, "NotPrincipal")?)?,
        condition: parse_conditions(field(map, "Condition")?)?,
    })
}

fn parse_principals(value: Option<&Json>) -> Option<Vec<Principal>> {
    match value {
        None => Some(Vec::new()),
        // Any string reads as everyone.
        Some(Json::String(_)) => Some(vec![Principal {
            kind: "*".to_string(),
            identifiers: Strings::Many(vec!["*".to_string()]),
        }]),
        Some(Json::Object(map)) => map
            .iter()
            .map(|(kind, identifiers)| {
                let identifiers = match identifiers {
                    Json::String(one) => Strings::One(one.clone()),
                    Json::Array(items) => Strings::Many(
                        items
                            .iter()
                            .map(|item| item.as_str().map(str::to_string))
                            .collect::<Option<_>>()?,
                    ),
                    _ => return None,
                };
                Some(Principal {
                    kind: kind.clone(),
                    identifiers,
                })
            })
            .collect(),
        // `null` and other types make the provider's decoding fail.
        Some(_) => None,
    }
}

fn parse_conditions(value: Option<&Json>) -> Option<Vec<Condition>> {
    let tests = match value {
        None | Some(Json::Null) => return Some(Vec::new()),
        Some(Json::Object(tests)) => tests,
        Some(_) => return None,
    };
    let mut found = Vec::new();
    for (test, variables) in tests {
        let variables = match variables {
            Json::Null => continue,
            Json::Object(variables) => variables,
            _ => return None,
        };
        for (variable, values) in variables {
            let values = match values {
                Json::String(one) => Strings::Many(vec![one.clone()]),
                Json::Bool(flag) => Strings::One(flag.to_string()),
                Json::Array(items) => Strings::Many(
                    items
                        .iter()
                        .map(|item| item.as_str().map(str::to_string))
                        .collect::<Option<_>>()?,
                ),
                // The provider drops numbers and nulls here without a word; rather than
                // guess which release does what, such a document is unknown.
                _ => return None,
            };
            found.push(Condition {
                test: test.clone(),
                variable: variable.clone(),
                values,
            });
        }
    }
    Some(found)
}

/// The value of the key matching `name` in any case: `Some(None)` when there is none, `None`
/// when several spellings make the winner depend on key order.
fn field<'j>(map: &'j Map<String, Json>, name: &str) -> Option<Option<&'j Json>> {
    let mut matching = map
        .iter()
        .filter(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value);
    let first = matching.next();
    match matching.next() {
        Some(_) => None,
        None => Some(first),
    }
}

/// A string field; null or missing is empty.
fn string_field(map: &Map<String, Json>, name: &str) -> Option<String> {
    match field(map, name)? {
        None | Some(Json::Null) => Some(String::new()),
        Some(Json::String(text)) => Some(text.clone()),
        Some(_) => None,
    }
}

/// Rendered JSON with the provider's key order: fields of the document and of a statement in
/// their fixed order, map keys sorted.
#[derive(Debug, PartialEq)]
enum Node {
    Text(String),
    /// A number, `true`, `false` or `null`, written as is.
    Literal(String),
    List(Vec<Node>),
    Map(Vec<(String, Node)>),
}

impl Document {
    fn node(&self) -> Node {
        let mut fields = Vec::new();
        if !self.version.is_empty() {
            fields.push(("Version".to_string(), Node::Text(self.version.clone())));
        }
        if !self.id.is_empty() {
            fields.push(("Id".to_string(), Node::Text(self.id.clone())));
        }
        if !self.statements.is_empty() {
            fields.push((
                "Statement".to_string(),
                Node::List(self.statements.iter().map(Statement::node).collect()),
            ));
        }
        Node::Map(fields)
    }
}

impl Statement {
    fn node(&self) -> Node {
        let mut fields = Vec::new();
        let mut push = |name: &str, node: Node| fields.push((name.to_string(), node));
        if !self.sid.is_empty() {
            push("Sid", Node::Text(self.sid.clone()));
        }
        if !self.effect.is_empty() {
            push("Effect", Node::Text(self.effect.clone()));
        }
        for (name, element) in [
            ("Action", &self.action),
            ("NotAction", &self.not_action),
            ("Resource", &self.resource),
            ("NotResource", &self.not_resource),
        ] {
            if let Some(element) = element {
                push(name, element.node());
            }
        }
        if !self.principal.is_empty() {
            push("Principal", principals_node(&self.principal));
        }
        if !self.not_principal.is_empty() {
            push("NotPrincipal", principals_node(&self.not_principal));
        }
        if !self.condition.is_empty() {
            push("Condition", conditions_node(&self.condition));
        }
        Node::Map(fields)
    }
}

impl Element {
    fn node(&self) -> Node {
        match self {
            Element::Strings(strings) => strings_node(strings),
            Element::Raw(json) => json_node(json),
        }
    }
}

fn strings_node(strings: &Strings) -> Node {
    match strings {
        Strings::One(item) => Node::Text(item.clone()),
        Strings::Many(items) => Node::List(items.iter().cloned().map(Node::Text).collect()),
    }
}

/// Principals by type; only a lone `*` of type `*` is written as `"*"`, since IAM does not take
/// `"*"` for `{"AWS": "*"}` in a role's trust policy.
fn principals_node(principals: &[Principal]) -> Node {
    if let [only] = principals {
        let everyone = match &only.identifiers {
            Strings::One(item) => item == "*",
            Strings::Many(items) => items.len() == 1 && items[0] == "*",
        };
        if only.kind == "*" && everyone {
            return Node::Text("*".to_string());
        }
    }
    let mut by_type: BTreeMap<&str, Strings> = BTreeMap::new();
    for principal in principals {
        let merged = match (
            by_type.remove(principal.kind.as_str()),
            &principal.identifiers,
        ) {
            (None, Strings::One(item)) => Strings::One(item.clone()),
            (earlier, Strings::One(item)) => {
                let mut items = earlier.map(Strings::into_vec).unwrap_or_default();
                items.push(item.clone());
                Strings::Many(items)
            }
            (earlier, Strings::Many(more)) => {
                let mut items = earlier.map(Strings::into_vec).unwrap_or_default();
                let mut more = more.clone();
                more.sort();
                more.reverse();
                items.extend(more);
                Strings::Many(items)
            }
        };
        by_type.insert(&principal.kind, merged);
    }
    Node::Map(
        by_type
            .into_iter()
            .map(|(kind, identifiers)| (kind.to_string(), strings_node(&identifiers)))
            .collect(),
    )
}

/// Conditions by test, then variable; values of a repeated test and variable are joined, and a
/// single value is written alone.
fn conditions_node(conditions: &[Condition]) -> Node {
    let mut tests: BTreeMap<&str, BTreeMap<&str, Vec<String>>> = BTreeMap::new();
    for condition in conditions {
        tests
            .entry(&condition.test)
            .or_default()
            .entry(&condition.variable)
            .or_default()
            .extend(condition.values.clone().into_vec());
    }
    Node::Map(
        tests
            .into_iter()
            .map(|(test, variables)| {
                let variables = variables
                    .into_iter()
                    .map(|(variable, mut values)| {
                        let node = if values.len() == 1 {
                            Node::Text(values.remove(0))
                        } else {
                            Node::List(values.into_iter().map(Node::Text).collect())
                        };
                        (variable.to_string(), node)
                    })
                    .collect();
                (test.to_string(), Node::Map(variables))
            })
            .collect(),
    )
}

fn json_node(json: &Json) -> Node {
    match json {
        Json::Null => Node::Literal("null".to_string()),
        Json::Bool(flag) => Node::Literal(flag.to_string()),
        Json::Number(number) => Node::Literal(number.to_string()),
        Json::String(text) => Node::Text(text.clone()),
        Json::Array(items) => Node::List(items.iter().map(json_node).collect()),
        Json::Object(map) => Node::Map(
            map.iter()
                .map(|(key, value)| (key.clone(), json_node(value)))
                .collect(),
        ),
    }
}

/// `json` is indented by two spaces, `minified_json` has no blanks. `None` when the text would
/// depend on the Go version the provider was built with.
fn render(node: &Node, pretty: bool) -> Option<String> {
    let mut out = String::new();
    write_node(node, pretty, 0, &mut out)?;
    Some(out)
}

fn write_node(node: &Node, pretty: bool, depth: usize, out: &mut String) -> Option<()> {
    let newline = |out: &mut String, depth: usize| {
        if pretty {
            out.push('\n');
            out.push_str(&"  ".repeat(depth));
        }
    };
    match node {
        Node::Text(text) => json_string(text, out)?,
        Node::Literal(literal) => out.push_str(literal),
        Node::List(items) if items.is_empty() => out.push_str("[]"),
        Node::Map(fields) if fields.is_empty() => out.push_str("{}"),
        Node::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_node(item, pretty, depth + 1, out)?;
            }
            newline(out, depth);
            out.push(']');
        }
        Node::Map(fields) => {
            out.push('{');
            for (i, (key, value)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                json_string(key, out)?;
                out.push_str(if pretty { ": " } else { ":" });
                write_node(value, pretty, depth + 1, out)?;
            }
            newline(out, depth);
            out.push('}');
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terraform::eval::Located;
    use crate::terraform::expand::expand_block;
    use crate::terraform::model::Step;
    use crate::terraform::model::TfFile;
    use factorguard_core::{KindSet, ParsedDocument, SourceFile};
    use std::collections::HashMap;

    /// `data.aws_iam_policy_document.<name>.<attribute>` evaluated in a module of `hcl`.
    fn evaluate(hcl: &str, name: &str, attribute: &str) -> Value {
        let file = SourceFile::new("main.tf", hcl.as_bytes(), KindSet::EMPTY);
        let parsed = TfFile::parse(&file).expect("valid HCL");
        // As the deployment walk does: `count`, `for_each` and `dynamic` expanded first.
        let written: Vec<Located<'_>> = parsed
            .blocks
            .iter()
            .map(|block| Located::root("main.tf", block))
            .collect();
        let expanded: Vec<Option<Vec<Block>>> = {
            let module = Module::new("", written.clone(), HashMap::new());
            parsed
                .blocks
                .iter()
                .map(|block| expand_block(&module, block))
                .collect()
        };
        let blocks = written
            .iter()
            .zip(&expanded)
            .flat_map(|(located, expansion)| match expansion {
                Some(blocks) => blocks
                    .iter()
                    .map(|block| Located::root("main.tf", block))
                    .collect(),
                None => vec![*located],
            })
            .collect();
        let module = Module::new("", blocks, HashMap::new());
        module.eval(&Expr::Reference {
            root: "data".into(),
            steps: ["aws_iam_policy_document", name, attribute]
                .into_iter()
                .map(|s| Step::Attr(s.to_string()))
                .collect(),
        })
    }

    fn minified(hcl: &str, name: &str) -> String {
        match evaluate(hcl, name, "minified_json") {
            Value::String(json) => json,
            other => panic!("not rendered: {other:?}"),
        }
    }

    #[test]
    fn statements_render_as_the_provider_writes_them() {
        let hcl = r#"
data "aws_iam_policy_document" "doc" {
  policy_id = "Uploads"
  statement {
    sid       = "List"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucket"]
    resources = ["arn:aws:s3:::acme"]
    not_principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["home/", "", "home/&{aws:username}/"]
    }
  }
  statement {
    effect      = "Deny"
    not_actions = ["s3:*"]
    not_resources = ["arn:aws:s3:::acme/*"]
  }
  statement {
    actions = ["s3:GetObject"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
  statement {
    actions = ["s3:PutObject"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}
"#;
        let expected = r#"{
  "Version": "2012-10-17",
  "Id": "Uploads",
  "Statement": [
    {
      "Sid": "List",
      "Effect": "Allow",
      "Action": [
        "s3:ListBucket",
        "s3:GetBucketLocation"
      ],
      "Resource": "arn:aws:s3:::acme",
      "NotPrincipal": {
        "AWS": "arn:aws:iam::111122223333:root"
      },
      "Condition": {
        "StringLike": {
          "s3:prefix": [
            "home/",
            "",
            "home/${aws:username}/"
          ]
        }
      }
    },
    {
      "Effect": "Deny",
      "NotAction": "s3:*",
      "NotResource": "arn:aws:s3:::acme/*"
    },
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Principal": "*"
    },
    {
      "Effect": "Allow",
      "Action": "s3:PutObject",
      "Principal": {
        "AWS": "*"
      }
    }
  ]
}"#;
        assert_eq!(evaluate(hcl, "doc", "json"), Value::String(expected.into()));
        // The same document without blanks.
        let minified = minified(hcl, "doc");
        assert_eq!(
            serde_json::from_str::<Json>(&minified).unwrap(),
            serde_json::from_str::<Json>(expected).unwrap(),
        );
        assert!(!minified.contains('\n'));
        assert!(minified.starts_with(r#"{"Version":"2012-10-17","Id":"Uploads","Statement":[{"Sid":"List","Effect":"Allow","Action":["s3:ListBucket","s3:GetBucketLocation"]"#));
    }

    #[test]
    fn principals_and_conditions_of_one_kind_are_joined() {
        let hcl = r#"
data "aws_iam_policy_document" "trust" {
  version = "2008-10-17"
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com", "ec2.amazonaws.com"]
    }
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["111122223333"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["444455556666"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = [true]
    }
  }
}
"#;
        assert_eq!(
            minified(hcl, "trust"),
            concat!(
                r#"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","#,
                r#""Principal":{"AWS":"arn:aws:iam::111122223333:root","#,
                r#""Service":["ecs-tasks.amazonaws.com","lambda.amazonaws.com","ec2.amazonaws.com"]},"#,
                r#""Condition":{"Bool":{"aws:SecureTransport":"true"},"#,
                r#""StringEquals":{"aws:SourceAccount":["111122223333","444455556666"]}}}]}"#
            )
        );
    }

    #[test]
    fn source_and_override_documents_merge_by_sid() {
        let hcl = r#"
data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
  statement {
    actions   = ["logs:PutLogEvents"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "merged" {
  source_policy_documents = [data.aws_iam_policy_document.base.json, null]
  override_policy_documents = [
    jsonencode({ Id = "Final", Statement = [{ Sid = "Write", Effect = "Deny", Action = ["s3:DeleteObject"], Resource = "*", Principal = { AWS = ["b", "a"] }, Condition = { Bool = { "aws:SecureTransport" = false } } }] }),
  ]
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = ["arn:aws:s3:::acme/*"]
  }
  statement {
    sid       = "Write"
    actions   = ["s3:PutObject"]
    resources = ["*"]
  }
}
"#;
        assert_eq!(
            minified(hcl, "merged"),
            concat!(
                r#"{"Version":"2012-10-17","Id":"Final","Statement":["#,
                r#"{"Sid":"Read","Effect":"Allow","Action":["s3:ListBucket","s3:GetObject"],"Resource":"arn:aws:s3:::acme/*"},"#,
                r#"{"Effect":"Allow","Action":"logs:PutLogEvents","Resource":"*"},"#,
                r#"{"Sid":"Write","Effect":"Deny","Action":["s3:DeleteObject"],"Resource":"*","#,
                r#""Principal":{"AWS":["b","a"]},"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#
            )
        );
    }

    #[test]
    fn dynamic_statements_are_expanded_with_their_iterator() {
        let hcl = r#"
locals {
  grants = {
    write = { actions = ["s3:PutObject"], principals = ["arn:aws:iam::111122223333:role/app"] }
    read  = { actions = ["s3:GetObject"], principals = [] }
  }
}

data "aws_iam_policy_document" "grants" {
  dynamic "statement" {
    for_each = local.grants
    iterator = grant
    content {
      sid       = title(grant.key)
      actions   = grant.value.actions
      resources = ["arn:aws:s3:::acme/${grant.key}/*"]
      dynamic "principals" {
        for_each = length(grant.value.principals) > 0 ? [1] : []
        content {
          type        = "AWS"
          identifiers = grant.value.principals
        }
      }
    }
  }
  statement {
    sid     = "Static"
    actions = ["s3:ListBucket"]
  }
}
"#;
        // With built-in functions (`title`, `length`) in the iterator's expressions.
        assert_eq!(
            minified(hcl, "grants"),
            concat!(
                r#"{"Version":"2012-10-17","Statement":["#,
                r#"{"Sid":"Read","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme/read/*"},"#,
                r#"{"Sid":"Write","Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::acme/write/*","#,
                r#""Principal":{"AWS":"arn:aws:iam::111122223333:role/app"}},"#,
                r#"{"Sid":"Static","Effect":"Allow","Action":"s3:ListBucket"}]}"#
            )
        );
        // And with the iterator alone.
        let hcl = hcl.replace("title(grant.key)", "grant.key").replace(
            "length(grant.value.principals) > 0 ? [1] : []",
            "grant.value.principals == [] ? [] : [1]",
        );
        assert_eq!(
            minified(&hcl, "grants"),
            concat!(
                r#"{"Version":"2012-10-17","Statement":["#,
                r#"{"Sid":"read","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme/read/*"},"#,
                r#"{"Sid":"write","Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::acme/write/*","#,
                r#""Principal":{"AWS":"arn:aws:iam::111122223333:role/app"}},"#,
                r#"{"Sid":"Static","Effect":"Allow","Action":"s3:ListBucket"}]}"#
            )
        );
    }

    #[test]
    fn anything_unknown_or_refused_leaves_the_document_unknown() {
        let cases = [
            // An action from a variable without value.
            r#"variable "actions" {}
               data "aws_iam_policy_document" "doc" {
                 statement {
                   actions   = var.actions
                   resources = ["*"]
                 }
               }"#,
            // A resource ARN known only after apply.
            r#"data "aws_iam_policy_document" "doc" {
                 statement {
                   actions   = ["s3:*"]
                   resources = [aws_s3_bucket.b.arn]
                 }
               }"#,
            // Statements generated from a variable without value.
            r#"variable "statements" {}
               data "aws_iam_policy_document" "doc" {
                 dynamic "statement" {
                   for_each = var.statements
                   content {
                     actions   = statement.value.actions
                     resources = ["*"]
                   }
                 }
               }"#,
            // Refused by the provider: a repeated sid, an invalid effect, a policy variable in
            // version 2008-10-17, a source document that is not JSON.
            r#"data "aws_iam_policy_document" "doc" {
                 statement {
                   sid     = "A"
                   actions = ["s3:*"]
                 }
                 statement {
                   sid     = "A"
                   actions = ["*"]
                 }
               }"#,
            r#"data "aws_iam_policy_document" "doc" {
                 statement {
                   effect  = "allow"
                   actions = ["*"]
                 }
               }"#,
            r#"data "aws_iam_policy_document" "doc" {
                 version = "2008-10-17"
                 statement {
                   actions   = ["*"]
                   resources = ["arn:aws:s3:::acme/&{aws:username}"]
                 }
               }"#,
            r#"data "aws_iam_policy_document" "doc" {
                 source_policy_documents = ["{not json"]
               }"#,
            // A collection of documents, and a missing required argument.
            r#"data "aws_iam_policy_document" "doc" {
                 count = 1
                 statement {
                   actions = ["*"]
                 }
               }"#,
            r#"data "aws_iam_policy_document" "doc" {
                 statement {
                   actions = ["*"]
                   principals {
                     type = "AWS"
                   }
                 }
               }"#,
            // Two documents of one address.
            r#"data "aws_iam_policy_document" "doc" {}
               data "aws_iam_policy_document" "doc" {}"#,
            // A document that refers to itself, twice: unknown, and at once.
            r#"data "aws_iam_policy_document" "doc" {
                 source_policy_documents = [
                   data.aws_iam_policy_document.doc.json,
                   data.aws_iam_policy_document.doc.json,
                 ]
                 override_policy_documents = [data.aws_iam_policy_document.doc.minified_json]
               }"#,
        ];
        for hcl in cases {
            assert_eq!(evaluate(hcl, "doc", "json"), Value::Unknown, "{hcl}");
        }
        let known = r#"data "aws_iam_policy_document" "doc" {}"#;
        assert_eq!(
            evaluate(known, "doc", "json"),
            Value::String("{\n  \"Version\": \"2012-10-17\"\n}".into())
        );
        assert_eq!(evaluate(known, "doc", "id"), Value::Unknown);
        assert_eq!(evaluate(known, "other", "json"), Value::Unknown);
    }

    #[test]
    fn strings_are_escaped_as_go_escapes_them() {
        let mut out = String::new();
        assert_eq!(
            json_string("a<b>&\"c\"\\\n\u{1}\u{2028}é", &mut out),
            Some(())
        );
        assert_eq!(out, r#""a\u003cb\u003e\u0026\"c\"\\\n\u0001\u2028é""#);
        // Backspace and form feed are written differently by different Go versions.
        assert_eq!(json_string("\u{8}", &mut String::new()), None);
    }

    #[test]
    fn source_documents_are_read_like_the_provider_reads_them() {
        let document = parse_document(
            r#"{"version": "2012-10-17", "statement": [{"sid": "A", "effect": "Allow",
                "action": "s3:*", "principal": "anyone", "condition": {"Bool": {"aws:SecureTransport": true}}}]}"#,
        )
        .unwrap();
        assert_eq!(
            render(&document.node(), false).unwrap(),
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:*","Principal":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}"#
        );
        // Two spellings of one field, a single statement object, a null statement, a numeric
        // condition value.
        for refused in [
            r#"{"Version": "2012-10-17", "version": "2008-10-17"}"#,
            r#"{"Statement": {"Effect": "Allow"}}"#,
            r#"{"Statement": [null]}"#,
            r#"{"Statement": [{"Principal": null}]}"#,
            r#"{"Statement": [{"Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": 3600}}}]}"#,
            r#"[]"#,
        ] {
            assert!(parse_document(refused).is_none(), "{refused}");
        }
        assert_eq!(parse_document("null"), Some(Document::default()));
    }
}
