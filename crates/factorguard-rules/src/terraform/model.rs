//! Terraform files parsed once with `hcl-edit` into a small owned model that keeps, for every
//! block and attribute, where it is (1-based region and the source line), so the project phase
//! can evaluate and report without the file.

use factorguard_core::{ParseError, ParsedDocument, Region, Snippet, SourceFile};
use hcl_edit::expr::{BinaryOperator, Expression, ObjectKey, TraversalOperator, UnaryOperator};
use hcl_edit::repr::Span;
use hcl_edit::template::Element;
use std::ops::Range;

/// Where something is in its file: the region to report and the line to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Loc {
    pub region: Region,
    /// The source line of the region's start, cut at 200 characters.
    pub line: String,
    /// Characters cut from the start of `line`: a region far into a long line (a minified plan)
    /// is shown in a window around it.
    pub column_offset: u32,
}

impl Loc {
    pub fn snippet(&self) -> Snippet {
        Snippet {
            first_line: self.region.start_line,
            lines: vec![self.line.clone()],
            column_offset: self.column_offset,
        }
    }
}

/// A parsed `.tf` file.
#[derive(Debug, Default)]
pub struct TfFile {
    pub blocks: Vec<Block>,
    /// Top-level attributes: the values of a `.tfvars` file.
    pub attributes: Vec<Attribute>,
}

/// `kind "label" "label" { body }`, at any depth.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: String,
    pub labels: Vec<String>,
    /// The header line (`resource "aws_db_instance" "main" {`).
    pub header: Loc,
    pub body: Body,
    /// The address a plan gives the resource (`module.db.aws_db_instance.main[0]`); `None` for
    /// blocks parsed from HCL, whose address comes from the labels.
    pub address: Option<String>,
}

#[derive(Debug, Default, Clone)]
pub struct Body {
    pub attributes: Vec<Attribute>,
    pub blocks: Vec<Block>,
    /// Read from a plan, which lists an attribute the configuration leaves unset as `null`.
    pub from_plan: bool,
    /// What an attribute the body does not list stands for, when that is not "unset": in a plan
    /// without `after_unknown` for the resource, an attribute left out is known only after apply.
    pub unlisted: Option<Box<Attribute>>,
}

impl Body {
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        match self.attributes.iter().find(|a| a.name == name) {
            // A plan lists an attribute the configuration leaves unset as `null`.
            Some(attribute) if self.from_plan && attribute.value == Expr::Null => None,
            Some(attribute) => Some(attribute),
            None => self.unlisted.as_deref(),
        }
    }

    pub fn blocks<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Block> + 'a {
        self.blocks.iter().filter(move |b| b.kind == kind)
    }
}

/// `name = expression`.
#[derive(Debug, Clone)]
pub struct Attribute {
    pub name: String,
    pub value: Expr,
    pub loc: Loc,
}

/// An expression, kept as written; the evaluator gives it a value where it can.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    /// A string with interpolations (quoted or heredoc).
    Template(Vec<TemplatePart>),
    Array(Vec<Expr>),
    Object(Vec<(ObjectKeyExpr, Expr)>),
    /// `root.step.step[...]`, e.g. `var.x`, `local.y`, `aws_kms_key.main.arn`.
    Reference {
        root: String,
        steps: Vec<Step>,
    },
    /// A traversal of something other than a name (`f(x).attr`, `[1][0]`).
    Traversal {
        base: Box<Expr>,
        steps: Vec<Step>,
    },
    Call {
        name: String,
        args: Vec<Expr>,
    },
    Conditional(Box<Expr>, Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Negate(Box<Expr>),
    Binary(Box<Expr>, BinaryOp, Box<Expr>),
    /// `[for k, v in collection : value if cond]`, or `{for ... : key => value}` when `key` is set.
    For(Box<ForExpr>),
    /// A construct the evaluator does not model (for expressions, splats, template directives).
    Unsupported,
}

impl Expr {
    /// Calls `f` with the root and steps of every reference in the expression, at any depth.
    pub fn for_each_reference<'e>(&'e self, f: &mut impl FnMut(&'e str, &'e [Step])) {
        match self {
            Expr::Reference { root, steps } => {
                f(root, steps);
                for step in steps {
                    if let Step::Index(index) = step {
                        index.for_each_reference(f);
                    }
                }
            }
            Expr::Traversal { base, steps } => {
                base.for_each_reference(f);
                for step in steps {
                    if let Step::Index(index) = step {
                        index.for_each_reference(f);
                    }
                }
            }
            Expr::Template(parts) => {
                for part in parts {
                    if let TemplatePart::Interpolation(e) = part {
                        e.for_each_reference(f);
                    }
                }
            }
            Expr::Array(items) => items.iter().for_each(|e| e.for_each_reference(f)),
            Expr::Object(entries) => {
                for (key, value) in entries {
                    if let ObjectKeyExpr::Expr(key) = key {
                        key.for_each_reference(f);
                    }
                    value.for_each_reference(f);
                }
            }
            Expr::Call { args, .. } => args.iter().for_each(|e| e.for_each_reference(f)),
            Expr::Conditional(c, yes, no) => {
                c.for_each_reference(f);
                yes.for_each_reference(f);
                no.for_each_reference(f);
            }
            Expr::Not(e) | Expr::Negate(e) => e.for_each_reference(f),
            Expr::Binary(lhs, _, rhs) => {
                lhs.for_each_reference(f);
                rhs.for_each_reference(f);
            }
            Expr::For(for_expr) => {
                for_expr.collection.for_each_reference(f);
                if let Some(key) = &for_expr.key {
                    key.for_each_reference(f);
                }
                for_expr.value.for_each_reference(f);
                if let Some(condition) = &for_expr.condition {
                    condition.for_each_reference(f);
                }
            }
            Expr::Null | Expr::Bool(_) | Expr::Number(_) | Expr::String(_) | Expr::Unsupported => {}
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ForExpr {
    pub key_var: Option<String>,
    pub value_var: String,
    pub collection: Expr,
    /// The key of an object `for`; `None` builds a list.
    pub key: Option<Expr>,
    pub value: Expr,
    pub condition: Option<Expr>,
    /// `value...`: values of equal keys are grouped into lists.
    pub grouping: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ObjectKeyExpr {
    /// `key = ...`: an identifier is the key's name, not a reference.
    Name(String),
    Expr(Expr),
}

#[derive(Debug, Clone, PartialEq)]
pub enum TemplatePart {
    Literal(String),
    Interpolation(Expr),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Attr(String),
    Index(Expr),
    /// `[*]` or `.*`.
    Splat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Eq,
    NotEq,
    Less,
    LessEq,
    Greater,
    GreaterEq,
    Plus,
    Minus,
    Mul,
    Div,
    Mod,
    And,
    Or,
}

impl ParsedDocument for TfFile {
    fn parse(file: &SourceFile<'_>) -> Result<Self, ParseError> {
        let text = file.text().ok_or_else(|| ParseError {
            format: "Terraform",
            message: "the file is not valid UTF-8".into(),
            offset: None,
        })?;
        let body = hcl_edit::parser::parse_body(text).map_err(|error| ParseError {
            format: "Terraform",
            message: error.message().to_string(),
            offset: Some(file.text_offset() + error.location().offset()),
        })?;
        let locator = Locator { file, text };
        let converted = locator.body(&body);
        Ok(TfFile {
            blocks: converted.blocks,
            attributes: converted.attributes,
        })
    }
}

/// Turns `hcl-edit` spans (byte offsets into the text) into regions of the file.
struct Locator<'f, 'a> {
    file: &'f SourceFile<'a>,
    text: &'a str,
}

impl Locator<'_, '_> {
    fn loc(&self, span: Range<usize>) -> Loc {
        loc_of(self.file, span)
    }

    /// From `start` to the end of its line, trailing blanks left out.
    fn line_from(&self, start: usize) -> Range<usize> {
        let rest = &self.text[start.min(self.text.len())..];
        let len = rest.find('\n').unwrap_or(rest.len());
        start..start + rest[..len].trim_end().len()
    }

    fn body(&self, body: &hcl_edit::structure::Body) -> Body {
        let mut out = Body::default();
        for structure in body.iter() {
            if let Some(attribute) = structure.as_attribute() {
                let span = attribute.span().unwrap_or(0..0);
                out.attributes.push(Attribute {
                    name: attribute.key.as_str().to_string(),
                    value: expr(&attribute.value),
                    loc: self.loc(span),
                });
            } else if let Some(block) = structure.as_block() {
                let start = block.ident.span().map_or(0, |s| s.start);
                out.blocks.push(Block {
                    kind: block.ident.as_str().to_string(),
                    labels: block
                        .labels
                        .iter()
                        .map(|l| l.as_str().to_string())
                        .collect(),
                    header: self.loc(self.line_from(start)),
                    body: self.body(&block.body),
                    address: None,
                });
            }
        }
        out
    }
}

/// The region of `span` (byte offsets into the text after any BOM) and its first line.
pub(crate) fn loc_of(file: &SourceFile<'_>, span: Range<usize>) -> Loc {
    let offset = file.text_offset();
    let bytes = file.bytes;
    let index = file.line_index();

    let start = index.position(offset + span.start, bytes);
    let line_range = index.line_range(index.line_of(offset + span.start), bytes);
    // A region never runs past the first line: that line is what the finding shows.
    let end_offset = (offset + span.end)
        .min(line_range.end)
        .max(offset + span.start);
    let end = index.position(end_offset, bytes);
    let line = String::from_utf8_lossy(&bytes[line_range]);
    // Past 100 characters into the line, the window shown starts 40 characters before it.
    let column_offset = match start.column.saturating_sub(1) {
        column if column > 100 => column - 40,
        _ => 0,
    };
    Loc {
        region: Region {
            start_line: start.line,
            start_column: start.column,
            end_line: end.line,
            end_column: end.column,
        },
        line: line
            .chars()
            .skip(column_offset as usize)
            .take(200)
            .collect(),
        column_offset,
    }
}

fn expr(expression: &Expression) -> Expr {
    match expression {
        Expression::Null(_) => Expr::Null,
        Expression::Bool(b) => Expr::Bool(*b.value()),
        Expression::Number(n) => n.value().as_f64().map_or(Expr::Unsupported, Expr::Number),
        Expression::String(s) => Expr::String(s.value().clone()),
        Expression::Array(array) => Expr::Array(array.iter().map(expr).collect()),
        Expression::Object(object) => Expr::Object(
            object
                .iter()
                .map(|(key, value)| {
                    let key = match key {
                        ObjectKey::Ident(ident) => ObjectKeyExpr::Name(ident.as_str().to_string()),
                        ObjectKey::Expression(e) => ObjectKeyExpr::Expr(expr(e)),
                    };
                    (key, expr(value.expr()))
                })
                .collect(),
        ),
        Expression::StringTemplate(template) => template_parts(template.iter()),
        Expression::HeredocTemplate(heredoc) => {
            let mut heredoc = (**heredoc).clone();
            heredoc.dedent();
            template_parts(heredoc.template.iter())
        }
        Expression::Parenthesis(inner) => expr(inner.inner()),
        Expression::Variable(name) => Expr::Reference {
            root: name.as_str().to_string(),
            steps: Vec::new(),
        },
        Expression::Conditional(c) => Expr::Conditional(
            Box::new(expr(&c.cond_expr)),
            Box::new(expr(&c.true_expr)),
            Box::new(expr(&c.false_expr)),
        ),
        // `f(list...)` spreads its last argument, which the evaluator does not model.
        Expression::FuncCall(call) if call.args.expand_final() => Expr::Unsupported,
        Expression::FuncCall(call) => {
            let mut name = String::new();
            for part in &call.name.namespace {
                name.push_str(part.as_str());
                name.push_str("::");
            }
            name.push_str(call.name.name.as_str());
            Expr::Call {
                name,
                args: call.args.iter().map(expr).collect(),
            }
        }
        Expression::Traversal(traversal) => {
            let steps: Vec<Step> = traversal
                .operators
                .iter()
                .map(|op| match op.value() {
                    TraversalOperator::GetAttr(name) => Step::Attr(name.as_str().to_string()),
                    TraversalOperator::Index(e) => Step::Index(expr(e)),
                    TraversalOperator::LegacyIndex(i) => {
                        Step::Index(Expr::Number(*i.value() as f64))
                    }
                    TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                        Step::Splat
                    }
                })
                .collect();
            match expr(&traversal.expr) {
                Expr::Reference {
                    root,
                    steps: mut first,
                } => {
                    first.extend(steps);
                    Expr::Reference { root, steps: first }
                }
                base => Expr::Traversal {
                    base: Box::new(base),
                    steps,
                },
            }
        }
        Expression::UnaryOp(op) => {
            let operand = Box::new(expr(&op.expr));
            match op.operator.value() {
                UnaryOperator::Not => Expr::Not(operand),
                UnaryOperator::Neg => Expr::Negate(operand),
            }
        }
        Expression::BinaryOp(op) => {
            let operator = match op.operator.value() {
                BinaryOperator::Eq => BinaryOp::Eq,
                BinaryOperator::NotEq => BinaryOp::NotEq,
                BinaryOperator::Less => BinaryOp::Less,
                BinaryOperator::LessEq => BinaryOp::LessEq,
                BinaryOperator::Greater => BinaryOp::Greater,
                BinaryOperator::GreaterEq => BinaryOp::GreaterEq,
                BinaryOperator::Plus => BinaryOp::Plus,
                BinaryOperator::Minus => BinaryOp::Minus,
                BinaryOperator::Mul => BinaryOp::Mul,
                BinaryOperator::Div => BinaryOp::Div,
                BinaryOperator::Mod => BinaryOp::Mod,
                BinaryOperator::And => BinaryOp::And,
                BinaryOperator::Or => BinaryOp::Or,
            };
            Expr::Binary(
                Box::new(expr(&op.lhs_expr)),
                operator,
                Box::new(expr(&op.rhs_expr)),
            )
        }
        Expression::ForExpr(for_expr) => Expr::For(Box::new(ForExpr {
            key_var: for_expr
                .intro
                .key_var
                .as_ref()
                .map(|k| k.as_str().to_string()),
            value_var: for_expr.intro.value_var.as_str().to_string(),
            collection: expr(&for_expr.intro.collection_expr),
            key: for_expr.key_expr.as_ref().map(expr),
            value: expr(&for_expr.value_expr),
            condition: for_expr.cond.as_ref().map(|c| expr(&c.expr)),
            grouping: for_expr.grouping,
        })),
    }
}

/// A string of Terraform's JSON syntax, where `${...}` interpolates as in a quoted HCL string.
pub(crate) fn json_string_expr(text: &str) -> Expr {
    if !text.contains("${") && !text.contains("%{") {
        return Expr::String(text.to_string());
    }
    match hcl_edit::parser::parse_template(text) {
        Ok(template) => template_parts(template.iter()),
        Err(_) => Expr::Unsupported,
    }
}

fn template_parts<'t>(elements: impl Iterator<Item = &'t Element>) -> Expr {
    let mut parts = Vec::new();
    for element in elements {
        match element {
            Element::Literal(text) => parts.push(TemplatePart::Literal(text.value().clone())),
            Element::Interpolation(interpolation) => {
                parts.push(TemplatePart::Interpolation(expr(&interpolation.expr)))
            }
            Element::Directive(_) => return Expr::Unsupported,
        }
    }
    Expr::Template(parts)
}
