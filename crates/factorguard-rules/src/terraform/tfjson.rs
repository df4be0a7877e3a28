//! `*.tf.json` files (Terraform's JSON syntax) read into the same model as `.tf` files, so they
//! join their directory's module. Block types nest their labels as object keys
//! (`{"resource": {"aws_db_instance": {"main": {...}}}}`), any level may be an array of such
//! objects, and strings interpolate `${...}` as HCL does. Without the provider's schema an object
//! value may be an attribute (`tags`) or a nested block (`metadata_options`): it becomes both.

use super::eval::Value;
use super::expand::literal;
use super::model::{json_string_expr, loc_of, Attribute, Block, Body, Expr, Loc, ObjectKeyExpr};
use super::plan::entry_span;
use factorguard_core::{ParseError, ParsedDocument, SourceFile};
use serde_json::{Map, Value as Json};
use std::sync::Arc;

/// A parsed `*.tf.json` file, as the model of a `.tf` file.
#[derive(Debug)]
pub struct TfJson {
    pub file: Arc<super::model::TfFile>,
}

impl ParsedDocument for TfJson {
    fn parse(file: &SourceFile<'_>) -> Result<Self, ParseError> {
        let (text, json) = json_object(file, "Terraform JSON")?;
        let root = &json;
        let reader = Reader { file, text };
        let mut blocks = Vec::new();
        for (kind, value) in root {
            let labels = match kind.as_str() {
                "resource" | "data" => 2,
                "variable" | "output" | "module" | "provider" => 1,
                "locals" | "terraform" => 0,
                _ => continue,
            };
            let at = reader.key_offset(kind, 0).unwrap_or(0);
            reader.labelled(kind, labels, value, Vec::new(), at, &mut blocks);
        }
        Ok(TfJson {
            file: Arc::new(super::model::TfFile {
                blocks,
                attributes: Vec::new(),
            }),
        })
    }
}

/// A `*.tfvars.json` variables file: each top-level key is a variable's value, taken literally
/// (the JSON variables syntax does not interpolate `${...}`).
#[derive(Debug)]
pub struct TfVarsJson {
    pub file: Arc<super::model::TfFile>,
}

impl ParsedDocument for TfVarsJson {
    fn parse(file: &SourceFile<'_>) -> Result<Self, ParseError> {
        let (text, json) = json_object(file, "Terraform variables JSON")?;
        let root = &json;
        let reader = Reader { file, text };
        let attributes = root
            .iter()
            .map(|(name, value)| Attribute {
                name: name.clone(),
                value: literal(&Value::from_json(value)),
                loc: reader.line_loc(reader.key_offset(name, 0).unwrap_or(0)),
            })
            .collect();
        Ok(TfVarsJson {
            file: Arc::new(super::model::TfFile {
                blocks: Vec::new(),
                attributes,
            }),
        })
    }
}

/// The file's text and its JSON, which must be an object; errors name the format.
fn json_object<'a>(
    file: &SourceFile<'a>,
    format: &'static str,
) -> Result<(&'a str, Map<String, Json>), ParseError> {
    let text = file.text().ok_or_else(|| ParseError {
        format,
        message: "the file is not valid UTF-8".into(),
        offset: None,
    })?;
    let json: Json = serde_json::from_str(text).map_err(|error| ParseError {
        format,
        message: error.to_string(),
        offset: Some(file.text_offset() + offset_of(text, error.line(), error.column())),
    })?;
    match json {
        Json::Object(map) => Ok((text, map)),
        _ => Err(ParseError {
            format,
            message: "the file is not a JSON object".into(),
            offset: None,
        }),
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

struct Reader<'f, 'a> {
    file: &'f SourceFile<'a>,
    text: &'a str,
}

impl Reader<'_, '_> {
    /// A block type whose `remaining` labels are still object keys above the body.
    fn labelled(
        &self,
        kind: &str,
        remaining: usize,
        value: &Json,
        labels: Vec<String>,
        at: usize,
        out: &mut Vec<Block>,
    ) {
        match value {
            Json::Array(items) => {
                for item in items {
                    self.labelled(kind, remaining, item, labels.clone(), at, out);
                }
            }
            Json::Object(map) if remaining > 0 => {
                for (label, inner) in map {
                    let label_at = self.key_offset(label, at).unwrap_or(at);
                    let mut labels = labels.clone();
                    labels.push(label.clone());
                    self.labelled(kind, remaining - 1, inner, labels, label_at, out);
                }
            }
            Json::Object(map) => out.push(Block {
                kind: kind.to_string(),
                labels,
                header: self.line_loc(at),
                body: self.body(map, at),
                address: None,
            }),
            _ => {}
        }
    }

    fn body(&self, map: &Map<String, Json>, at: usize) -> Body {
        let mut body = Body::default();
        for (key, value) in map {
            // `"//"` is the JSON syntax's comment.
            if key == "//" {
                continue;
            }
            let key_at = self.key_offset(key, at).unwrap_or(at);
            let nested: Vec<&Map<String, Json>> = match value {
                Json::Object(object) => vec![object],
                Json::Array(items) if !items.is_empty() => items
                    .iter()
                    .map(Json::as_object)
                    .collect::<Option<_>>()
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            for object in nested {
                body.blocks.push(Block {
                    kind: key.clone(),
                    labels: Vec::new(),
                    header: self.line_loc(key_at),
                    body: self.body(object, key_at),
                    address: None,
                });
            }
            body.attributes.push(Attribute {
                name: key.clone(),
                value: json_expr(value),
                loc: self.line_loc(key_at),
            });
        }
        body
    }

    /// Offset of `"key":` at or after `start`.
    fn key_offset(&self, key: &str, start: usize) -> Option<usize> {
        let quoted = serde_json::to_string(key).ok()?;
        let mut from = start.min(self.text.len());
        while let Some(found) = self.text[from..].find(&quoted) {
            let at = from + found;
            if self.text[at + quoted.len()..].trim_start().starts_with(':') {
                return Some(at);
            }
            from = at + quoted.len();
        }
        None
    }

    /// The entry starting at `at`.
    fn line_loc(&self, at: usize) -> Loc {
        loc_of(self.file, entry_span(self.text, at))
    }
}

fn json_expr(value: &Json) -> Expr {
    match value {
        Json::Null => Expr::Null,
        Json::Bool(b) => Expr::Bool(*b),
        Json::Number(n) => n.as_f64().map_or(Expr::Unsupported, Expr::Number),
        Json::String(s) => json_string_expr(s),
        Json::Array(items) => Expr::Array(items.iter().map(json_expr).collect()),
        Json::Object(map) => Expr::Object(
            map.iter()
                .map(|(k, v)| (ObjectKeyExpr::Name(k.clone()), json_expr(v)))
                .collect(),
        ),
    }
}
