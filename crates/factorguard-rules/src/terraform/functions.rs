//! Terraform's built-in functions, applied to arguments the evaluator has already evaluated.
//!
//! Semantics follow Terraform's documentation and the behaviour of its implementation. Whenever
//! an input the function needs is unknown, an argument has a type Terraform would refuse, the
//! call would be a Terraform error, or the exact result is out of reach here (a detail that
//! changed between Terraform versions, Unicode segmentation, decimal precision beyond `f64`,
//! a size limit), the result is [`Value::Unknown`]: rules never report an unknown value, so an
//! unknown result is always safe where a guessed one is not.
//!
//! `try` and `can` are not here: they need their arguments unevaluated.

use super::eval::{number_text, Value};
use regex_syntax::ast;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

/// Terraform's own cap on `range`; `formatlist` and `chunklist` share it so that no call can
/// be made to produce an unbounded number of values.
const MAX_GENERATED: usize = 1024;
/// Longest string one call may produce. Chained calls (`join`, `replace`, `format` widths)
/// could otherwise grow a short file into gigabytes.
const MAX_TEXT: usize = 1 << 20;
/// Most elements `concat` may produce, for the same reason.
const MAX_ELEMENTS: usize = 1 << 16;
/// Largest width or precision `format` honours.
const MAX_FORMAT_WIDTH: usize = 4096;
/// Sets and `distinct` over lists or objects compare elements pairwise; beyond this many the
/// quadratic work is refused.
const MAX_PAIRWISE: usize = 1024;
/// 2^53: above it an `f64` no longer holds every integer, so integer results stop being exact.
const MAX_EXACT_INTEGER: f64 = 9_007_199_254_740_992.0;

/// Terraform's function `name` applied to `args`; `Unknown` for functions not implemented here
/// (provider functions included) and whenever the result cannot be known exactly.
pub(crate) fn call(name: &str, args: Vec<Value>) -> Value {
    // `core::upper` is the same function as `upper`.
    let name = name.strip_prefix("core::").unwrap_or(name);
    match apply(name, &args) {
        Some(Value::String(text)) if text.len() > MAX_TEXT => Value::Unknown,
        Some(value) => value,
        None => Value::Unknown,
    }
}

fn apply(name: &str, args: &[Value]) -> Option<Value> {
    match name {
        // Conversion and encoding.
        "tostring" => to_string(one(args)?),
        "tonumber" => to_number(one(args)?),
        "tobool" => to_bool(one(args)?),
        "tolist" => to_list(one(args)?),
        "toset" => to_set(one(args)?),
        "tomap" => to_map(one(args)?),
        "jsonencode" => {
            let mut text = String::new();
            json_text(one(args)?, &mut text)?;
            Some(Value::String(text))
        }
        "jsondecode" => {
            let json = serde_json::from_str(&string_arg(one(args)?)?).ok()?;
            Some(Value::from_json(&json))
        }
        "base64encode" => base64_encode(one(args)?),
        "base64decode" => base64_decode(one(args)?),

        // Strings.
        "format" => {
            let (template, rest) = args.split_first()?;
            format(&string_arg(template)?, rest).map(Value::String)
        }
        "formatlist" => format_list(args),
        "join" => join(args),
        "split" => split(args),
        "replace" => replace(args),
        "lower" => map_case(&string_arg(one(args)?)?, false).map(Value::String),
        "upper" => map_case(&string_arg(one(args)?)?, true).map(Value::String),
        "title" => title(&string_arg(one(args)?)?).map(Value::String),
        "trimspace" => text_result(string_arg(one(args)?)?.trim()),
        "trim" => {
            let (text, cutset) = two_strings(args)?;
            text_result(text.trim_matches(|c| cutset.contains(c)))
        }
        "trimprefix" => {
            let (text, prefix) = two_strings(args)?;
            text_result(text.strip_prefix(&*prefix).unwrap_or(&text))
        }
        "trimsuffix" => {
            let (text, suffix) = two_strings(args)?;
            text_result(text.strip_suffix(&*suffix).unwrap_or(&text))
        }
        "chomp" => text_result(string_arg(one(args)?)?.trim_end_matches(['\r', '\n'])),
        "indent" => indent(args),
        "strrev" => {
            let text = string_arg(one(args)?)?;
            one_char_per_grapheme(&text).then(|| Value::String(text.chars().rev().collect()))
        }
        "substr" => substr(args),
        "startswith" => starts_with(args),
        "endswith" => {
            let (text, suffix) = two_strings(args)?;
            Some(Value::Bool(text.ends_with(&*suffix)))
        }
        "strcontains" => {
            let (text, part) = two_strings(args)?;
            Some(Value::Bool(text.contains(&*part)))
        }

        // Collections.
        "length" => length(one(args)?),
        "element" => element(args),
        "index" => index(args),
        "contains" => contains(args),
        "lookup" => lookup(args),
        "keys" => {
            let map = object_arg(one(args)?)?;
            Some(Value::List(
                map.keys().map(|k| Value::String(k.clone())).collect(),
            ))
        }
        "values" => Some(Value::List(
            object_arg(one(args)?)?.values().cloned().collect(),
        )),
        "merge" => merge(args),
        "concat" => concat(args),
        "flatten" => {
            let mut out = Vec::new();
            flatten_into(list_arg(one(args)?)?, &mut out)?;
            Some(Value::List(out))
        }
        "distinct" => distinct_first(unify(list_arg(one(args)?)?)?).map(Value::List),
        "compact" => compact(one(args)?),
        "zipmap" => zipmap(args),
        "slice" => slice(args),
        "reverse" => {
            let items = list_arg(one(args)?)?;
            Some(Value::List(items.iter().rev().cloned().collect()))
        }
        "sort" => sort(one(args)?),
        "range" => range(args),
        "chunklist" => chunklist(args),
        "one" => match list_arg(one(args)?)? {
            [] => Some(Value::Null),
            [only] => Some(only.clone()),
            _ => None,
        },
        "coalesce" => coalesce(args),
        "coalescelist" => coalesce_list(args),
        "setunion" => set_union(args),
        "setintersection" => set_intersection(args),
        "setsubtract" => set_subtract(args),
        "alltrue" => all_true(one(args)?),
        "anytrue" => any_true(one(args)?),

        // Numbers.
        "sum" => sum(one(args)?),
        "min" => extremum(args, f64::min),
        "max" => extremum(args, f64::max),
        "abs" => Some(Value::Number(number_arg(one(args)?)?.abs())),
        "ceil" => whole(number_arg(one(args)?)?.ceil()),
        "floor" => whole(number_arg(one(args)?)?.floor()),
        "signum" => Some(Value::Number(integer_arg(one(args)?)?.signum() as f64)),
        "pow" => pow(args),
        "parseint" => parse_int(args),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Arguments.

fn one(args: &[Value]) -> Option<&Value> {
    match args {
        [only] => Some(only),
        _ => None,
    }
}

fn two(args: &[Value]) -> Option<(&Value, &Value)> {
    match args {
        [a, b] => Some((a, b)),
        _ => None,
    }
}

fn three(args: &[Value]) -> Option<(&Value, &Value, &Value)> {
    match args {
        [a, b, c] => Some((a, b, c)),
        _ => None,
    }
}

/// A string parameter: Terraform converts numbers and bools to strings, and nothing else.
fn string_arg(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        Value::String(s) => Some(Cow::Borrowed(s)),
        Value::Bool(b) => Some(Cow::Owned(b.to_string())),
        Value::Number(n) if n.is_finite() => Some(Cow::Owned(number_text(*n))),
        _ => None,
    }
}

fn two_strings(args: &[Value]) -> Option<(Cow<'_, str>, Cow<'_, str>)> {
    let (a, b) = two(args)?;
    Some((string_arg(a)?, string_arg(b)?))
}

/// A number parameter: a number, or a string holding a decimal number.
fn number_arg(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) if n.is_finite() => Some(*n),
        Value::String(s) => parse_decimal(s),
        _ => None,
    }
}

/// A whole-number parameter (an index, a count): Terraform refuses fractions.
fn integer_arg(value: &Value) -> Option<i64> {
    let n = number_arg(value)?;
    (n.fract() == 0.0 && n.abs() <= MAX_EXACT_INTEGER).then_some(n as i64)
}

/// A bool parameter: a bool, or the string `"true"` or `"false"`.
fn bool_arg(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s == "true" => Some(true),
        Value::String(s) if s == "false" => Some(false),
        _ => None,
    }
}

fn list_arg(value: &Value) -> Option<&[Value]> {
    match value {
        Value::List(items) => Some(items),
        _ => None,
    }
}

fn object_arg(value: &Value) -> Option<&BTreeMap<String, Value>> {
    match value {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

fn text_result(text: &str) -> Option<Value> {
    Some(Value::String(text.to_string()))
}

/// The strict decimal syntax Terraform accepts when it converts a string to a number: an
/// optional sign, digits with an optional fraction, an optional exponent, nothing around it.
fn parse_decimal(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let mut i = usize::from(matches!(bytes.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let start = *i;
        while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let mut mantissa = digits(&mut i);
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        mantissa += digits(&mut i);
    }
    if mantissa == 0 {
        return None;
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return None;
        }
    }
    if i != bytes.len() {
        return None;
    }
    text.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Whether each character of `text` is a grapheme cluster of its own, so that counting chars
/// counts what Terraform counts (it measures strings in grapheme clusters). Without Unicode's
/// segmentation tables only scripts free of combining marks are certain: Latin up to the
/// combining diacritics, Greek, Cyrillic letters and the CJK ideographs, with no CR LF pair.
fn one_char_per_grapheme(text: &str) -> bool {
    !text.contains("\r\n")
        && text.chars().all(|c| {
            let c = u32::from(c);
            c < 0x300 || (0x370..=0x482).contains(&c) || (0x4E00..=0x9FFF).contains(&c)
        })
}

// ---------------------------------------------------------------------------------------------
// Type conversion and unification.

fn to_string(value: &Value) -> Option<Value> {
    match value {
        Value::Null => Some(Value::Null),
        other => string_arg(other).map(|s| Value::String(s.into_owned())),
    }
}

fn to_number(value: &Value) -> Option<Value> {
    match value {
        Value::Null => Some(Value::Null),
        other => number_arg(other).map(Value::Number),
    }
}

fn to_bool(value: &Value) -> Option<Value> {
    match value {
        Value::Null => Some(Value::Null),
        other => bool_arg(other).map(Value::Bool),
    }
}

fn to_list(value: &Value) -> Option<Value> {
    match value {
        Value::Null => Some(Value::Null),
        Value::List(items) => unify(items).map(Value::List),
        _ => None,
    }
}

fn to_set(value: &Value) -> Option<Value> {
    match value {
        Value::Null => Some(Value::Null),
        Value::List(items) => set_of(unify(items)?).map(Value::List),
        _ => None,
    }
}

fn to_map(value: &Value) -> Option<Value> {
    match value {
        Value::Null => Some(Value::Null),
        Value::Object(map) => {
            let values: Vec<Value> = map.values().cloned().collect();
            let unified = unify(&values)?;
            Some(Value::Object(map.keys().cloned().zip(unified).collect()))
        }
        _ => None,
    }
}

/// The values converted to the single type Terraform unifies them to (the element type of
/// `tolist`, `toset`, the sets, `distinct`, the value type of `tomap`, the result of
/// `coalesce`); `None` when any part is unknown (its type could change the outcome) or when
/// Terraform finds no common type.
fn unify(items: &[Value]) -> Option<Vec<Value>> {
    if items.iter().any(Value::has_unknown) {
        return None;
    }
    unify_known(items)
}

fn unify_known(items: &[Value]) -> Option<Vec<Value>> {
    let present: Vec<&Value> = items.iter().filter(|v| **v != Value::Null).collect();
    let Some(first) = present.first() else {
        return Some(items.to_vec());
    };
    let same_variant = |v: &&Value| std::mem::discriminant(*v) == std::mem::discriminant(*first);
    let primitive = |v: &&Value| matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_));
    if present.iter().all(primitive) {
        if present.iter().all(same_variant) {
            return Some(items.to_vec());
        }
        // Numbers and bools convert to strings but not to each other: without a string among
        // them there is no common type.
        if !present.iter().any(|v| matches!(v, Value::String(_))) {
            return None;
        }
        return items
            .iter()
            .map(|v| match v {
                Value::Null => Some(Value::Null),
                other => string_arg(other).map(|s| Value::String(s.into_owned())),
            })
            .collect();
    }
    if !present.iter().all(same_variant) {
        return None;
    }
    match first {
        Value::List(_) => unify_lists(items),
        Value::Object(_) => unify_objects(items),
        _ => None,
    }
}

/// Tuples of one length unify element by element; tuples of different lengths become lists of
/// one element type.
fn unify_lists(items: &[Value]) -> Option<Vec<Value>> {
    let lists: Vec<&Vec<Value>> = items
        .iter()
        .filter_map(|v| match v {
            Value::List(items) => Some(items),
            _ => None,
        })
        .collect();
    let len = lists.first()?.len();
    let converted: Vec<Vec<Value>> = if lists.iter().all(|l| l.len() == len) {
        let columns: Vec<Vec<Value>> = (0..len)
            .map(|i| unify_known(&lists.iter().map(|l| l[i].clone()).collect::<Vec<_>>()))
            .collect::<Option<_>>()?;
        (0..lists.len())
            .map(|row| columns.iter().map(|column| column[row].clone()).collect())
            .collect()
    } else {
        let all: Vec<Value> = lists.iter().flat_map(|l| l.iter().cloned()).collect();
        let mut unified = unify_known(&all)?.into_iter();
        lists
            .iter()
            .map(|l| unified.by_ref().take(l.len()).collect())
            .collect()
    };
    let mut converted = converted.into_iter();
    items
        .iter()
        .map(|v| match v {
            Value::Null => Some(Value::Null),
            _ => converted.next().map(Value::List),
        })
        .collect()
}

/// Objects with the same attributes unify attribute by attribute; objects with different
/// attributes become maps of one value type.
fn unify_objects(items: &[Value]) -> Option<Vec<Value>> {
    let maps: Vec<&BTreeMap<String, Value>> = items.iter().filter_map(object_arg).collect();
    let keys: Vec<&String> = maps.first()?.keys().collect();
    let converted: Vec<BTreeMap<String, Value>> =
        if maps.iter().all(|m| m.keys().eq(keys.iter().copied())) {
            let columns: Vec<Vec<Value>> = keys
                .iter()
                .map(|k| unify_known(&maps.iter().map(|m| m[*k].clone()).collect::<Vec<_>>()))
                .collect::<Option<_>>()?;
            (0..maps.len())
                .map(|row| {
                    keys.iter()
                        .zip(&columns)
                        .map(|(k, column)| ((*k).clone(), column[row].clone()))
                        .collect()
                })
                .collect()
        } else {
            let all: Vec<Value> = maps.iter().flat_map(|m| m.values().cloned()).collect();
            let mut unified = unify_known(&all)?.into_iter();
            maps.iter()
                .map(|m| m.keys().cloned().zip(unified.by_ref()).collect())
                .collect()
        };
    let mut converted = converted.into_iter();
    items
        .iter()
        .map(|v| match v {
            Value::Null => Some(Value::Null),
            _ => converted.next().map(Value::Object),
        })
        .collect()
}

/// A primitive as a hashable key; `None` for lists and objects.
#[derive(PartialEq, Eq, Hash)]
enum PrimitiveKey<'a> {
    Null,
    Bool(bool),
    Number(u64),
    String(&'a str),
}

fn primitive_key(value: &Value) -> Option<PrimitiveKey<'_>> {
    match value {
        Value::Null => Some(PrimitiveKey::Null),
        Value::Bool(b) => Some(PrimitiveKey::Bool(*b)),
        // -0 and 0 are the same number.
        Value::Number(n) => Some(PrimitiveKey::Number((n + 0.0).to_bits())),
        Value::String(s) => Some(PrimitiveKey::String(s)),
        _ => None,
    }
}

/// `items` without repeats, first occurrences kept in order.
fn distinct_first(items: Vec<Value>) -> Option<Vec<Value>> {
    let mut out: Vec<Value> = Vec::new();
    if items.iter().all(|v| primitive_key(v).is_some()) {
        let mut seen = HashSet::new();
        for item in &items {
            if seen.insert(primitive_key(item)?) {
                out.push(item.clone());
            }
        }
        return Some(out);
    }
    if items.len() > MAX_PAIRWISE {
        return None;
    }
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    Some(out)
}

/// The elements of a Terraform set in Terraform's iteration order: strings sort
/// lexicographically, numbers ascending, `false` before `true`. Sets of lists or objects
/// iterate in an order derived from hashes, which Terraform documents as unspecified: they keep
/// first-occurrence order here. Elements must already be unified.
fn set_of(items: Vec<Value>) -> Option<Vec<Value>> {
    // Terraform refuses null set elements.
    if items.contains(&Value::Null) {
        return None;
    }
    let mut unique = distinct_first(items)?;
    if unique
        .iter()
        .all(|v| matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_)))
    {
        unique.sort_by(|a, b| match (a, b) {
            (Value::String(x), Value::String(y)) => x.cmp(y),
            (Value::Number(x), Value::Number(y)) => x.total_cmp(y),
            (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
            _ => std::cmp::Ordering::Equal,
        });
    }
    Some(unique)
}

/// The elements of every set argument, unified together as Terraform unifies the set types.
fn set_arguments(args: &[Value]) -> Option<Vec<Vec<Value>>> {
    let lists: Vec<&[Value]> = args.iter().map(list_arg).collect::<Option<_>>()?;
    let all: Vec<Value> = lists.iter().flat_map(|l| l.iter().cloned()).collect();
    let mut unified = unify(&all)?.into_iter();
    lists
        .iter()
        .map(|l| set_of(unified.by_ref().take(l.len()).collect()))
        .collect()
}

fn set_union(args: &[Value]) -> Option<Value> {
    if args.is_empty() {
        return None;
    }
    set_of(set_arguments(args)?.into_iter().flatten().collect()).map(Value::List)
}

fn set_intersection(args: &[Value]) -> Option<Value> {
    let sets = set_arguments(args)?;
    let (first, others) = sets.split_first()?;
    filter_by_membership(first, others, true).map(Value::List)
}

fn set_subtract(args: &[Value]) -> Option<Value> {
    let sets = set_arguments(args)?;
    let [a, b] = sets.as_slice() else {
        return None;
    };
    filter_by_membership(a, std::slice::from_ref(b), false).map(Value::List)
}

/// The elements of `set` found in every one of `others` (`in_all`) or in none of them.
/// Primitives are hashed so that large sets stay linear; lists and objects are compared
/// pairwise, within a bound.
fn filter_by_membership(set: &[Value], others: &[Vec<Value>], in_all: bool) -> Option<Vec<Value>> {
    let primitive = set
        .iter()
        .chain(others.iter().flatten())
        .all(|v| primitive_key(v).is_some());
    let total = set.len() + others.iter().map(Vec::len).sum::<usize>();
    if !primitive && total > MAX_PAIRWISE {
        return None;
    }
    let hashed: Vec<HashSet<PrimitiveKey>> = others
        .iter()
        .map(|other| other.iter().filter_map(primitive_key).collect())
        .collect();
    let is_in = |value: &Value, i: usize| match primitive_key(value) {
        Some(key) if primitive => hashed[i].contains(&key),
        _ => others[i].contains(value),
    };
    Some(
        set.iter()
            .filter(|v| {
                let found = (0..others.len()).filter(|i| is_in(v, *i)).count();
                if in_all {
                    found == others.len()
                } else {
                    found == 0
                }
            })
            .cloned()
            .collect(),
    )
}

// ---------------------------------------------------------------------------------------------
// JSON and base64.

/// JSON the way Terraform writes it: compact, object keys sorted, numbers without a needless
/// fraction, and `<`, `>`, `&`, U+2028 and U+2029 escaped as Go's encoder does.
fn json_text(value: &Value, out: &mut String) -> Option<()> {
    match value {
        Value::Unknown => return None,
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) if n.is_finite() => out.push_str(&number_text(*n)),
        Value::Number(_) => return None,
        Value::String(s) => json_string(s, out)?,
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_text(item, out)?;
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_string(key, out)?;
                out.push(':');
                json_text(item, out)?;
            }
            out.push('}');
        }
    }
    (out.len() <= MAX_TEXT).then_some(())
}

/// A JSON string escaped as Go's encoder does, HTML-safe (`<`, `>`, `&` and the line and
/// paragraph separators as `\uXXXX`); `None` for text whose escaping depends on the Go version.
pub(crate) fn json_string(text: &str, out: &mut String) -> Option<()> {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Go's encoder switched from `\u0008` / `\u000c` to `\b` / `\f` (Go 1.22), so the
            // text depends on the Terraform build.
            '\u{8}' | '\u{c}' => return None,
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    Some(())
}

const BASE64_ALPHABET: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding. Written here because the crate has no base64 dependency.
fn base64_encode(value: &Value) -> Option<Value> {
    let text = string_arg(value)?;
    if text.len() / 3 * 4 > MAX_TEXT {
        return None;
    }
    let mut out = String::with_capacity(text.len().div_ceil(3) * 4);
    for chunk in text.as_bytes().chunks(3) {
        let bits = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(
                    BASE64_ALPHABET[((bits >> (18 - 6 * i)) & 63) as usize],
                ));
            } else {
                out.push('=');
            }
        }
    }
    Some(Value::String(out))
}

/// Decoding as Terraform does it: standard alphabet, padding required, line breaks skipped,
/// and the bytes must be UTF-8.
fn base64_decode(value: &Value) -> Option<Value> {
    let text = string_arg(value)?;
    let symbols: Vec<u8> = text
        .bytes()
        .filter(|b| !matches!(b, b'\r' | b'\n'))
        .collect();
    if !symbols.len().is_multiple_of(4) {
        return None;
    }
    let quanta = symbols.len() / 4;
    let mut bytes = Vec::with_capacity(quanta * 3);
    for (q, quantum) in symbols.chunks(4).enumerate() {
        let padding = quantum.iter().rev().take_while(|b| **b == b'=').count();
        if padding > 2 || (padding > 0 && q + 1 != quanta) {
            return None;
        }
        let mut bits = 0u32;
        for (i, symbol) in quantum[..4 - padding].iter().enumerate() {
            let index = BASE64_ALPHABET.iter().position(|a| a == symbol)?;
            bits |= (index as u32) << (18 - 6 * i);
        }
        let produced = 3 - padding;
        bytes.extend((0..produced).map(|i| (bits >> (16 - 8 * i)) as u8));
    }
    String::from_utf8(bytes).ok().map(Value::String)
}

// ---------------------------------------------------------------------------------------------
// format and formatlist.

#[derive(Default)]
struct Verb {
    zero: bool,
    sharp: bool,
    minus: bool,
    plus: bool,
    space: bool,
    width: Option<usize>,
    precision: Option<usize>,
}

/// A `%...` directive after its `%`: flags, an optional `[n]` argument index, width,
/// precision and the verb letter. Returns the directive, the chosen 1-based argument (if
/// explicit) and the verb; `None` for any syntax Terraform rejects or that is not handled
/// here (`*` widths, a `.` without digits).
fn parse_verb(
    chars: &mut std::iter::Peekable<std::str::Chars>,
) -> Option<(Verb, Option<usize>, char)> {
    let mut verb = Verb::default();
    while let Some(&c) = chars.peek() {
        match c {
            '0' => verb.zero = true,
            '#' => verb.sharp = true,
            '-' => verb.minus = true,
            '+' => verb.plus = true,
            ' ' => verb.space = true,
            _ => break,
        }
        chars.next();
    }
    let number = |chars: &mut std::iter::Peekable<std::str::Chars>, allow_zero_start: bool| {
        let mut value: Option<usize> = None;
        while let Some(digit) = chars.peek().and_then(|c| c.to_digit(10)) {
            if value.is_none() && digit == 0 && !allow_zero_start {
                break;
            }
            chars.next();
            value = Some(
                value
                    .unwrap_or(0)
                    .checked_mul(10)?
                    .checked_add(digit as usize)?,
            );
        }
        Some(value)
    };
    let mut argument = None;
    if chars.peek() == Some(&'[') {
        chars.next();
        argument = Some(number(chars, false)??);
        if chars.next() != Some(']') {
            return None;
        }
    }
    verb.width = number(chars, false)?;
    if chars.peek() == Some(&'.') {
        chars.next();
        verb.precision = Some(number(chars, true)??);
    }
    let letter = chars.next().filter(char::is_ascii_alphabetic)?;
    if verb.width.unwrap_or(0) > MAX_FORMAT_WIDTH || verb.precision.unwrap_or(0) > MAX_FORMAT_WIDTH
    {
        return None;
    }
    Some((verb, argument, letter))
}

/// Terraform's `format`; `None` on unknown arguments and on anything Terraform would reject.
fn format(template: &str, args: &[Value]) -> Option<String> {
    if args.iter().any(Value::has_unknown) {
        return None;
    }
    let mut out = String::new();
    let mut next_argument = 1;
    let mut highest_used = 0;
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            out.push('%');
            continue;
        }
        let (verb, explicit, letter) = parse_verb(&mut chars)?;
        let argument = explicit.unwrap_or(next_argument);
        let value = args.get(argument.checked_sub(1)?)?;
        next_argument = argument + 1;
        highest_used = highest_used.max(argument);
        out.push_str(&format_value(&verb, letter, value)?);
        if out.len() > MAX_TEXT {
            return None;
        }
    }
    // Terraform rejects arguments the template never uses.
    (highest_used >= args.len()).then_some(out)
}

fn format_value(verb: &Verb, letter: char, value: &Value) -> Option<String> {
    if letter != 'v' && *value == Value::Null {
        return None;
    }
    match letter {
        'v' => {
            let text = match value {
                Value::String(s) if !verb.sharp => s.clone(),
                Value::Number(n) if !verb.sharp && n.is_finite() => shortest_general(*n),
                other => {
                    let mut json = String::new();
                    json_text(other, &mut json)?;
                    json
                }
            };
            pad(verb, text)
        }
        // Terraform writes bools without padding; a width is refused rather than guessed.
        't' if verb.width.is_none() => Some(bool_arg(value)?.to_string()),
        'd' => format_integer(verb, number_arg(value)?, 10, false),
        'b' => format_integer(verb, number_arg(value)?, 2, false),
        'o' => format_integer(verb, number_arg(value)?, 8, false),
        'x' => format_integer(verb, number_arg(value)?, 16, false),
        'X' => format_integer(verb, number_arg(value)?, 16, true),
        'f' => format_fixed(verb, number_arg(value)?),
        's' | 'q' => {
            let text = string_arg(value)?;
            let text = match verb.precision {
                // Precision counts characters of the input (0 means no limit).
                Some(limit) if limit > 0 => {
                    if !one_char_per_grapheme(&text) {
                        return None;
                    }
                    text.chars().take(limit).collect()
                }
                _ => text.into_owned(),
            };
            if letter == 's' {
                pad(verb, text)
            } else {
                let mut quoted = String::new();
                json_string(&text, &mut quoted)?;
                pad(verb, quoted)
            }
        }
        // %e, %g and the rest: not reproduced exactly here.
        _ => None,
    }
}

/// Pads to the width in characters, with zeros when the `0` flag is set, on the right with `-`.
fn pad(verb: &Verb, text: String) -> Option<String> {
    let Some(width) = verb.width else {
        return Some(text);
    };
    if !one_char_per_grapheme(&text) {
        return None;
    }
    let len = text.chars().count();
    if len >= width {
        return Some(text);
    }
    let fill = (if verb.zero { "0" } else { " " }).repeat(width - len);
    Some(if verb.minus {
        text + &fill
    } else {
        fill + &text
    })
}

/// `%d`, `%b`, `%o`, `%x`, `%X`: an integer with sign, base prefix (`#`), minimum digits
/// (precision) and width, laid out as Go's big integers are.
fn format_integer(verb: &Verb, n: f64, base: u64, upper: bool) -> Option<String> {
    if n.fract() != 0.0 || n.abs() > MAX_EXACT_INTEGER {
        return None;
    }
    let mut magnitude = n.abs() as u64;
    let mut digits = Vec::new();
    loop {
        let digit = (magnitude % base) as u32;
        let c = char::from_digit(digit, base as u32)?;
        digits.push(if upper { c.to_ascii_uppercase() } else { c });
        magnitude /= base;
        if magnitude == 0 {
            break;
        }
    }
    let digits: String = digits.into_iter().rev().collect();
    let sign = if n < 0.0 {
        "-"
    } else if verb.plus {
        "+"
    } else if verb.space {
        " "
    } else {
        ""
    };
    let prefix = match (verb.sharp, base, upper) {
        (true, 2, _) => "0b",
        (true, 8, _) => "0",
        (true, 16, false) => "0x",
        (true, 16, true) => "0X",
        _ => "",
    };
    let mut zeros = 0;
    if let Some(precision) = verb.precision {
        if digits.len() < precision {
            zeros = precision - digits.len();
        } else if digits == "0" && precision == 0 {
            return Some(String::new());
        }
    }
    let (mut left, mut right) = (0, 0);
    let length = sign.len() + prefix.len() + zeros + digits.len();
    if let Some(width) = verb.width.filter(|w| *w > length) {
        let room = width - length;
        if verb.minus {
            right = room;
        } else if verb.zero && verb.precision.is_none() {
            zeros = room;
        } else {
            left = room;
        }
    }
    Some(format!(
        "{}{sign}{prefix}{}{digits}{}",
        " ".repeat(left),
        "0".repeat(zeros),
        " ".repeat(right)
    ))
}

/// `%f`: fixed notation, six decimals unless a precision is given. Terraform rounds its exact
/// decimal; an `f64` only approximates it, so a result is given only when rounding either
/// neighbour of the `f64` gives the same digits.
fn format_fixed(verb: &Verb, n: f64) -> Option<String> {
    // Go's handling of `-` together with `0` changed between versions.
    if verb.minus && verb.zero {
        return None;
    }
    let precision = verb.precision.unwrap_or(6);
    let magnitude = n.abs();
    let digits = format!("{magnitude:.precision$}");
    if magnitude != 0.0 {
        let below = format!("{:.precision$}", magnitude.next_down());
        let above = format!("{:.precision$}", magnitude.next_up());
        if below != digits || above != digits {
            return None;
        }
    }
    let sign = if n < 0.0 {
        "-"
    } else if verb.plus {
        "+"
    } else if verb.space {
        " "
    } else {
        ""
    };
    let room = verb
        .width
        .unwrap_or(0)
        .saturating_sub(sign.len() + digits.len());
    Some(if verb.zero {
        format!("{sign}{}{digits}", "0".repeat(room))
    } else if verb.minus {
        format!("{sign}{digits}{}", " ".repeat(room))
    } else {
        format!("{}{sign}{digits}", " ".repeat(room))
    })
}

/// A number as `%v` prints it (Go's shortest `%g`): plain decimal digits, but scientific
/// notation (`1e+06`) when the decimal exponent is below -4 or at least 6.
fn shortest_general(n: f64) -> String {
    if n == 0.0 {
        return "0".to_string();
    }
    let scientific = format!("{:e}", n.abs());
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if (-4..6).contains(&exponent) {
        return format!("{n}");
    }
    let sign = if n < 0.0 { "-" } else { "" };
    let exponent_sign = if exponent < 0 { '-' } else { '+' };
    format!("{sign}{mantissa}e{exponent_sign}{:02}", exponent.abs())
}

fn format_list(args: &[Value]) -> Option<Value> {
    let (template, rest) = args.split_first()?;
    let template = string_arg(template)?;
    // An unknown argument could be a list, which would change how many results there are.
    if rest.contains(&Value::Unknown) {
        return None;
    }
    let mut count: Option<usize> = None;
    for arg in rest {
        if let Value::List(items) = arg {
            if count.is_some_and(|c| c != items.len()) {
                return None;
            }
            count = Some(items.len());
        }
    }
    let count = count.unwrap_or(1);
    if count > MAX_GENERATED {
        return None;
    }
    let mut results = Vec::with_capacity(count);
    let mut total = 0;
    for i in 0..count {
        let row: Vec<Value> = rest
            .iter()
            .map(|arg| match arg {
                Value::List(items) => items[i].clone(),
                other => other.clone(),
            })
            .collect();
        if row.iter().any(Value::has_unknown) {
            results.push(Value::Unknown);
            continue;
        }
        let text = format(&template, &row)?;
        total += text.len();
        if total > MAX_TEXT {
            return None;
        }
        results.push(Value::String(text));
    }
    Some(Value::List(results))
}

// ---------------------------------------------------------------------------------------------
// Strings.

fn join(args: &[Value]) -> Option<Value> {
    let (separator, lists) = args.split_first()?;
    let separator = string_arg(separator)?;
    if lists.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    for list in lists {
        for item in list_arg(list)? {
            parts.push(string_arg(item)?);
        }
    }
    let total = parts.iter().map(|p| p.len()).sum::<usize>()
        + separator.len() * parts.len().saturating_sub(1);
    (total <= MAX_TEXT).then(|| Value::String(parts.join(&*separator)))
}

fn split(args: &[Value]) -> Option<Value> {
    let (separator, text) = two_strings(args)?;
    let parts: Vec<Value> = if separator.is_empty() {
        text.chars().map(|c| Value::String(c.to_string())).collect()
    } else {
        text.split(&*separator)
            .map(|part| Value::String(part.to_string()))
            .collect()
    };
    Some(Value::List(parts))
}

fn replace(args: &[Value]) -> Option<Value> {
    let (text, pattern, replacement) = three(args)?;
    let (text, pattern, replacement) = (
        string_arg(text)?,
        string_arg(pattern)?,
        string_arg(replacement)?,
    );
    let mut out = String::new();
    if pattern.len() > 1 && pattern.starts_with('/') && pattern.ends_with('/') {
        regex_replace(
            &text,
            &pattern[1..pattern.len() - 1],
            &replacement,
            &mut out,
        )?;
    } else {
        let mut last = 0;
        for (at, found) in text.match_indices(&*pattern) {
            out.push_str(&text[last..at]);
            out.push_str(&replacement);
            last = at + found.len();
            if out.len() > MAX_TEXT {
                return None;
            }
        }
        out.push_str(&text[last..]);
    }
    Some(Value::String(out))
}

/// `replace` with a `/regex/` pattern, reproducing Go's `ReplaceAllString`: Go's RE2 syntax
/// (only the part both engines read the same way), its handling of empty matches and its `$1`
/// / `${name}` expansion.
fn regex_replace(text: &str, pattern: &str, replacement: &str, out: &mut String) -> Option<()> {
    // Go's `\d`, `\s`, `\w` and `\b` are ASCII-only while Rust's are Unicode; they agree on
    // ASCII text, except that Go's `\s` leaves out the vertical tab.
    if !text.is_ascii() || text.contains('\u{b}') {
        return None;
    }
    // Go accepts Unicode letters in `$name`; keep expansion to the ASCII names both read alike.
    if replacement.contains('$') && !replacement.is_ascii() {
        return None;
    }
    let parsed = ast::parse::Parser::new().parse(pattern).ok()?;
    if !go_compatible(&parsed, pattern) {
        return None;
    }
    let regex = regex::RegexBuilder::new(pattern)
        .size_limit(1 << 22)
        .build()
        .ok()?;
    let mut last_end = 0;
    let mut search = 0;
    while search <= text.len() {
        let Some(captures) = regex.captures_at(text, search) else {
            break;
        };
        let found = captures.get(0)?;
        out.push_str(&text[last_end..found.start()]);
        // Go skips an empty match right after the previous match.
        if found.end() > last_end || found.start() == 0 {
            expand_go_template(replacement, &captures, out)?;
        }
        last_end = found.end();
        // Always advance, by one character past an empty match.
        search = if found.end() > search {
            found.end()
        } else {
            search + 1
        };
        if out.len() > MAX_TEXT {
            return None;
        }
    }
    out.push_str(&text[last_end..]);
    Some(())
}

/// Whether the pattern only uses syntax Go's regexp reads, with the same meaning.
fn go_compatible(node: &ast::Ast, pattern: &str) -> bool {
    use ast::Ast;
    match node {
        Ast::Empty(_) | Ast::Dot(_) | Ast::ClassPerl(_) => true,
        Ast::Flags(set) => go_flags(&set.flags),
        Ast::Literal(literal) => go_literal(literal),
        Ast::Assertion(assertion) => matches!(
            assertion.kind,
            ast::AssertionKind::StartLine
                | ast::AssertionKind::EndLine
                | ast::AssertionKind::StartText
                | ast::AssertionKind::EndText
                | ast::AssertionKind::WordBoundary
                | ast::AssertionKind::NotWordBoundary
        ),
        Ast::ClassUnicode(class) => go_unicode_class(class),
        Ast::ClassBracketed(class) => go_class_set(&class.kind),
        Ast::Repetition(repetition) => {
            let bounded = match &repetition.op.kind {
                ast::RepetitionKind::Range(range) => {
                    let (low, high) = match *range {
                        ast::RepetitionRange::Exactly(n) | ast::RepetitionRange::AtLeast(n) => {
                            (n, n)
                        }
                        ast::RepetitionRange::Bounded(low, high) => (low, high),
                    };
                    // Go caps counts at 1000 and reads `{,n}` as literal text.
                    low <= 1000
                        && high <= 1000
                        && !pattern[repetition.op.span.start.offset..].starts_with("{,")
                }
                _ => true,
            };
            // Go refuses a repetition of a repetition (`a**`, `a{2}{3}`).
            bounded
                && !matches!(*repetition.ast, Ast::Repetition(_))
                && go_compatible(&repetition.ast, pattern)
        }
        Ast::Group(group) => {
            let kind_ok = match &group.kind {
                ast::GroupKind::CaptureIndex(_) => true,
                // `(?<name>` arrived in Go 1.22; `(?P<name>` works everywhere.
                ast::GroupKind::CaptureName {
                    starts_with_p,
                    name,
                } => {
                    *starts_with_p
                        && name
                            .name
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
                }
                ast::GroupKind::NonCapturing(flags) => go_flags(flags),
            };
            kind_ok && go_compatible(&group.ast, pattern)
        }
        Ast::Alternation(alternation) => alternation.asts.iter().all(|a| go_compatible(a, pattern)),
        Ast::Concat(concat) => concat.asts.iter().all(|a| go_compatible(a, pattern)),
    }
}

fn go_flags(flags: &ast::Flags) -> bool {
    flags.items.iter().all(|item| {
        matches!(
            item.kind,
            ast::FlagsItemKind::Negation
                | ast::FlagsItemKind::Flag(
                    ast::Flag::CaseInsensitive
                        | ast::Flag::MultiLine
                        | ast::Flag::DotMatchesNewLine
                        | ast::Flag::SwapGreed
                )
        )
    })
}

fn go_literal(literal: &ast::Literal) -> bool {
    match &literal.kind {
        ast::LiteralKind::Verbatim | ast::LiteralKind::Meta | ast::LiteralKind::Superfluous => true,
        ast::LiteralKind::HexFixed(kind) | ast::LiteralKind::HexBrace(kind) => {
            *kind == ast::HexLiteralKind::X
        }
        ast::LiteralKind::Special(kind) => *kind != ast::SpecialLiteralKind::Space,
        ast::LiteralKind::Octal => false,
    }
}

/// Go knows the general categories by their short names; scripts and other properties are
/// left out because the two engines' tables and aliases differ.
fn go_unicode_class(class: &ast::ClassUnicode) -> bool {
    const GO_CATEGORIES: &[&str] = &[
        "C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N",
        "Nd", "Nl", "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm",
        "So", "Z", "Zl", "Zp", "Zs",
    ];
    match &class.kind {
        ast::ClassUnicodeKind::OneLetter(letter) => {
            GO_CATEGORIES.contains(&letter.to_string().as_str())
        }
        ast::ClassUnicodeKind::Named(name) => GO_CATEGORIES.contains(&name.as_str()),
        ast::ClassUnicodeKind::NamedValue { .. } => false,
    }
}

/// Go has no nested classes nor `&&` / `--` / `~~`, which Rust reads as set operations.
fn go_class_set(set: &ast::ClassSet) -> bool {
    match set {
        ast::ClassSet::BinaryOp(_) => false,
        ast::ClassSet::Item(item) => go_class_item(item),
    }
}

fn go_class_item(item: &ast::ClassSetItem) -> bool {
    match item {
        ast::ClassSetItem::Empty(_) | ast::ClassSetItem::Ascii(_) | ast::ClassSetItem::Perl(_) => {
            true
        }
        ast::ClassSetItem::Literal(literal) => go_literal(literal),
        ast::ClassSetItem::Range(range) => go_literal(&range.start) && go_literal(&range.end),
        ast::ClassSetItem::Unicode(class) => go_unicode_class(class),
        ast::ClassSetItem::Bracketed(_) => false,
        ast::ClassSetItem::Union(union) => union.items.iter().all(go_class_item),
    }
}

/// Go's template expansion: `$$` is a dollar, `$name` / `${name}` a group by number or name
/// (empty when absent), and a malformed reference leaves the `$` as it is.
fn expand_go_template(template: &str, captures: &regex::Captures, out: &mut String) -> Option<()> {
    let mut rest = template;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            out.push('$');
            rest = after;
            continue;
        }
        let (body, braced) = match rest.strip_prefix('{') {
            Some(body) => (body, true),
            None => (rest, false),
        };
        let len = body
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        let name = &body[..len];
        let after = &body[len..];
        let after = if braced {
            after.strip_prefix('}')
        } else {
            Some(after)
        };
        let (false, Some(after)) = (name.is_empty(), after) else {
            out.push('$');
            continue;
        };
        rest = after;
        let group = match go_group_number(name) {
            Some(number) => captures.get(number),
            None => captures.name(name),
        };
        if let Some(group) = group {
            // One template can repeat a long group many times.
            if out.len() + group.len() > MAX_TEXT {
                return None;
            }
            out.push_str(group.as_str());
        }
    }
    out.push_str(rest);
    Some(())
}

/// A name made of digits is a group number, unless it has a leading zero or is too long (Go
/// then looks it up as a name, which never matches).
fn go_group_number(name: &str) -> Option<usize> {
    if name.len() > 1 && name.starts_with('0') {
        return None;
    }
    let mut number: usize = 0;
    for b in name.bytes() {
        if !b.is_ascii_digit() || number >= 100_000_000 {
            return None;
        }
        number = number * 10 + usize::from(b - b'0');
    }
    Some(number)
}

/// Each character mapped to one character, as Terraform (Go's simple case mapping) does;
/// where Unicode's full mapping gives several (`ß` → `SS`) the result is not known here.
fn map_case(text: &str, upper: bool) -> Option<String> {
    if text.is_ascii() {
        return Some(if upper {
            text.to_ascii_uppercase()
        } else {
            text.to_ascii_lowercase()
        });
    }
    text.chars()
        .map(|c| {
            if upper {
                single_char(c.to_uppercase())
            } else {
                single_char(c.to_lowercase())
            }
        })
        .collect()
}

fn single_char(mut chars: impl Iterator<Item = char>) -> Option<char> {
    let first = chars.next()?;
    chars.next().is_none().then_some(first)
}

/// The first letter of each word in title case, words being separated as Terraform separates
/// them: by any ASCII character other than letters, digits and `_`, and by Unicode spaces.
fn title(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut starts_word = true;
    for c in text.chars() {
        out.push(if starts_word { title_char(c)? } else { c });
        starts_word = if c.is_ascii() {
            !(c.is_ascii_alphanumeric() || c == '_')
        } else {
            c.is_whitespace()
        };
    }
    Some(out)
}

/// Title case equals upper case for ASCII, caseless characters and Latin letters other than
/// the digraphs (`ǅ`); elsewhere it is not certain without Unicode's title-case table.
fn title_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_uppercase());
    }
    let upper = single_char(c.to_uppercase());
    if upper == Some(c) && single_char(c.to_lowercase()) == Some(c) {
        return Some(c);
    }
    let code = u32::from(c);
    let digraph = (0x1C4..=0x1CC).contains(&code) || (0x1F1..=0x1F3).contains(&code);
    if (0xC0..=0x24F).contains(&code) && !digraph {
        return upper;
    }
    None
}

fn indent(args: &[Value]) -> Option<Value> {
    let (spaces, text) = two(args)?;
    let spaces = usize::try_from(integer_arg(spaces)?).ok()?;
    let text = string_arg(text)?;
    let lines = text.matches('\n').count();
    if lines == 0 {
        return Some(Value::String(text.into_owned()));
    }
    if spaces > MAX_TEXT || text.len() + lines.saturating_mul(spaces) > MAX_TEXT {
        return None;
    }
    Some(Value::String(
        text.replace('\n', &format!("\n{}", " ".repeat(spaces))),
    ))
}

fn substr(args: &[Value]) -> Option<Value> {
    let (text, offset, length) = three(args)?;
    let (text, mut offset, length) = (
        string_arg(text)?,
        integer_arg(offset)?,
        integer_arg(length)?,
    );
    if !one_char_per_grapheme(&text) {
        return None;
    }
    let total = text.chars().count() as i64;
    if offset < 0 {
        offset += total;
        // An offset before the start behaves differently across Terraform versions.
        if offset < 0 {
            return None;
        }
    }
    // A zero length gave the rest of the string in older Terraform versions, "" in newer ones.
    if length == 0 {
        return None;
    }
    let rest = text.chars().skip(usize::try_from(offset).ok()?);
    Some(Value::String(if length < 0 {
        rest.collect()
    } else {
        rest.take(usize::try_from(length).ok()?).collect()
    }))
}

fn starts_with(args: &[Value]) -> Option<Value> {
    let (text, prefix) = two(args)?;
    let prefix = string_arg(prefix)?;
    // Terraform knows that every string starts with "", even an unknown one.
    if *text == Value::Unknown && prefix.is_empty() {
        return Some(Value::Bool(true));
    }
    Some(Value::Bool(string_arg(text)?.starts_with(&*prefix)))
}

// ---------------------------------------------------------------------------------------------
// Collections.

fn length(value: &Value) -> Option<Value> {
    let count = match value {
        Value::String(s) if one_char_per_grapheme(s) => s.chars().count(),
        Value::List(items) => items.len(),
        Value::Object(map) => map.len(),
        _ => return None,
    };
    Some(Value::Number(count as f64))
}

fn element(args: &[Value]) -> Option<Value> {
    let (list, at) = two(args)?;
    let items = list_arg(list)?;
    let at = usize::try_from(integer_arg(at)?).ok()?;
    if items.is_empty() {
        return None;
    }
    items.get(at % items.len()).cloned()
}

/// Whether two values are equal, `None` when an unknown part could decide it.
fn known_equal(a: &Value, b: &Value) -> Option<bool> {
    if a.has_unknown() || b.has_unknown() {
        return None;
    }
    Some(a == b)
}

/// `index` and `contains` search for primitives only: a searched list or object could be a
/// list, set or tuple (a map or object) to Terraform, which never compare equal to one
/// another, and that distinction is lost here. Terraform refuses to search for null.
fn searchable(value: &Value) -> bool {
    matches!(value, Value::Bool(_) | Value::Number(_) | Value::String(_))
}

fn index(args: &[Value]) -> Option<Value> {
    let (list, wanted) = two(args)?;
    let items = list_arg(list)?;
    if !searchable(wanted) {
        return None;
    }
    for (i, item) in items.iter().enumerate() {
        if known_equal(item, wanted)? {
            return Some(Value::Number(i as f64));
        }
    }
    // Not found is a Terraform error.
    None
}

fn contains(args: &[Value]) -> Option<Value> {
    let (list, wanted) = two(args)?;
    let items = list_arg(list)?;
    if !searchable(wanted) {
        return None;
    }
    let mut undecided = false;
    for item in items {
        match known_equal(item, wanted) {
            Some(true) => return Some(Value::Bool(true)),
            Some(false) => {}
            None => undecided = true,
        }
    }
    (!undecided).then_some(Value::Bool(false))
}

fn lookup(args: &[Value]) -> Option<Value> {
    let (map, key, default) = match args {
        [map, key] => (map, key, None),
        [map, key, default] => (map, key, Some(default)),
        _ => return None,
    };
    let map = object_arg(map)?;
    let key = string_arg(key)?;
    map.get(&*key).or(default).cloned()
}

fn merge(args: &[Value]) -> Option<Value> {
    let mut all = BTreeMap::new();
    for value in args {
        match value {
            Value::Object(map) => all.extend(map.iter().map(|(k, v)| (k.clone(), v.clone()))),
            Value::Null => {}
            _ => return None,
        }
    }
    Some(Value::Object(all))
}

fn concat(args: &[Value]) -> Option<Value> {
    if args.is_empty() {
        return None;
    }
    let lists: Vec<&[Value]> = args.iter().map(list_arg).collect::<Option<_>>()?;
    if lists.iter().map(|l| l.len()).sum::<usize>() > MAX_ELEMENTS {
        return None;
    }
    Some(Value::List(lists.concat()))
}

/// Nested lists spliced in place; an unknown element could be a list, so the result is unknown.
fn flatten_into(items: &[Value], out: &mut Vec<Value>) -> Option<()> {
    for item in items {
        match item {
            Value::List(inner) => flatten_into(inner, out)?,
            Value::Unknown => return None,
            other => out.push(other.clone()),
        }
    }
    Some(())
}

fn compact(value: &Value) -> Option<Value> {
    let items = list_arg(value)?;
    let mut kept = Vec::new();
    for item in items {
        if *item == Value::Null {
            continue;
        }
        let text = string_arg(item)?;
        if !text.is_empty() {
            kept.push(Value::String(text.into_owned()));
        }
    }
    Some(Value::List(kept))
}

fn zipmap(args: &[Value]) -> Option<Value> {
    let (keys, values) = two(args)?;
    let (keys, values) = (list_arg(keys)?, list_arg(values)?);
    if keys.len() != values.len() {
        return None;
    }
    let mut map = BTreeMap::new();
    for (key, value) in keys.iter().zip(values) {
        // A later duplicate key wins, as in Terraform.
        map.insert(string_arg(key)?.into_owned(), value.clone());
    }
    Some(Value::Object(map))
}

fn slice(args: &[Value]) -> Option<Value> {
    let (list, start, end) = three(args)?;
    let items = list_arg(list)?;
    let start = usize::try_from(integer_arg(start)?).ok()?;
    let end = usize::try_from(integer_arg(end)?).ok()?;
    (start <= end && end <= items.len()).then(|| Value::List(items[start..end].to_vec()))
}

fn sort(value: &Value) -> Option<Value> {
    let mut texts: Vec<String> = list_arg(value)?
        .iter()
        .map(|item| string_arg(item).map(Cow::into_owned))
        .collect::<Option<_>>()?;
    // Byte order, which is Terraform's lexicographic order.
    texts.sort();
    Some(Value::List(texts.into_iter().map(Value::String).collect()))
}

fn range(args: &[Value]) -> Option<Value> {
    let numbers: Vec<f64> = args.iter().map(number_arg).collect::<Option<_>>()?;
    let (start, end, step) = match numbers[..] {
        [end] => (0.0, end, if end < 0.0 { -1.0 } else { 1.0 }),
        [start, end] => (start, end, if end < start { -1.0 } else { 1.0 }),
        [start, end, step] => (start, end, step),
        _ => return None,
    };
    // Stepping from fractions accumulates binary rounding that Terraform's exact decimals
    // don't, so the count of values could differ.
    if step == 0.0 || start.fract() != 0.0 || step.fract() != 0.0 {
        return None;
    }
    if (step < 0.0 && end > start) || (step > 0.0 && end < start) {
        return None;
    }
    let mut values = Vec::new();
    let mut current = start;
    while if step < 0.0 {
        current > end
    } else {
        current < end
    } {
        if values.len() >= MAX_GENERATED || current.abs() > MAX_EXACT_INTEGER {
            return None;
        }
        values.push(Value::Number(current));
        current += step;
    }
    Some(Value::List(values))
}

fn chunklist(args: &[Value]) -> Option<Value> {
    let (list, size) = two(args)?;
    let items = unify(list_arg(list)?)?;
    let size = usize::try_from(integer_arg(size)?).ok()?;
    if items.is_empty() {
        return Some(Value::List(Vec::new()));
    }
    if size == 0 {
        return Some(Value::List(vec![Value::List(items)]));
    }
    if items.len().div_ceil(size) > MAX_GENERATED {
        return None;
    }
    Some(Value::List(
        items
            .chunks(size)
            .map(|chunk| Value::List(chunk.to_vec()))
            .collect(),
    ))
}

/// The first argument that is neither null nor an empty string, after Terraform converts all
/// arguments to one type.
fn coalesce(args: &[Value]) -> Option<Value> {
    let has_unknown = args.contains(&Value::Unknown);
    let known: Vec<Value> = args
        .iter()
        .filter(|v| **v != Value::Unknown)
        .cloned()
        .collect();
    let mut unified = unify(&known)?.into_iter();
    for arg in args {
        if *arg == Value::Unknown {
            return None;
        }
        match unified.next()? {
            Value::Null => {}
            Value::String(s) if s.is_empty() => {}
            // Whatever an unknown argument turns out to be, a string stays the common type.
            chosen @ Value::String(_) => return Some(chosen),
            // An unknown string argument would turn a number or bool result into a string.
            _ if has_unknown => return None,
            chosen => return Some(chosen),
        }
    }
    None
}

fn coalesce_list(args: &[Value]) -> Option<Value> {
    if args.is_empty()
        || args
            .iter()
            .any(|v| !matches!(v, Value::List(_) | Value::Unknown))
    {
        return None;
    }
    for arg in args {
        match arg {
            Value::List(items) if !items.is_empty() => return Some(arg.clone()),
            Value::List(_) => {}
            _ => return None,
        }
    }
    None
}

fn all_true(value: &Value) -> Option<Value> {
    let items = list_arg(value)?;
    bools_convertible(items)?;
    for item in items {
        match item {
            Value::Unknown => return None,
            Value::Null => return Some(Value::Bool(false)),
            other if !bool_arg(other)? => return Some(Value::Bool(false)),
            _ => {}
        }
    }
    Some(Value::Bool(true))
}

fn any_true(value: &Value) -> Option<Value> {
    let items = list_arg(value)?;
    bools_convertible(items)?;
    let mut undecided = false;
    for item in items {
        match item {
            Value::Unknown => undecided = true,
            Value::Null => {}
            other if bool_arg(other)? => return Some(Value::Bool(true)),
            _ => {}
        }
    }
    (!undecided).then_some(Value::Bool(false))
}

/// Terraform converts the whole list to bools before looking at any element.
fn bools_convertible(items: &[Value]) -> Option<()> {
    items
        .iter()
        .filter(|v| !matches!(v, Value::Unknown | Value::Null))
        .try_for_each(|v| bool_arg(v).map(|_| ()))
}

// ---------------------------------------------------------------------------------------------
// Numbers.

/// Sums whole numbers only: fractions summed in binary drift from Terraform's exact decimals.
fn sum(value: &Value) -> Option<Value> {
    let items = list_arg(value)?;
    if items.is_empty() {
        return None;
    }
    let mut total = 0.0;
    for item in items {
        let n = number_arg(item)?;
        if n.fract() != 0.0 {
            return None;
        }
        total += n;
        if total.abs() > MAX_EXACT_INTEGER {
            return None;
        }
    }
    Some(Value::Number(total))
}

fn extremum(args: &[Value], pick: fn(f64, f64) -> f64) -> Option<Value> {
    let numbers: Vec<f64> = args.iter().map(number_arg).collect::<Option<_>>()?;
    numbers.into_iter().reduce(pick).map(Value::Number)
}

/// `ceil` and `floor` go through Go's 64-bit integers; beyond 2^53 the result is not exact.
fn whole(n: f64) -> Option<Value> {
    (n.abs() <= MAX_EXACT_INTEGER).then_some(Value::Number(n + 0.0))
}

/// Whole powers with a whole, non-negative exponent, computed exactly: Terraform uses Go's
/// `math.Pow`, whose last bit can differ from this platform's for other inputs.
fn pow(args: &[Value]) -> Option<Value> {
    let (base, exponent) = two(args)?;
    let (base, exponent) = (integer_arg(base)?, integer_arg(exponent)?);
    let exponent = u32::try_from(exponent).ok()?;
    let result = match base {
        0 => i128::from(exponent == 0),
        1 => 1,
        -1 => {
            if exponent % 2 == 0 {
                1
            } else {
                -1
            }
        }
        _ => {
            let mut result: i128 = 1;
            for _ in 0..exponent {
                result = result.checked_mul(i128::from(base))?;
                if result.unsigned_abs() > 1 << 53 {
                    return None;
                }
            }
            result
        }
    };
    Some(Value::Number(result as f64))
}

/// Go's big-integer parsing: an optional sign and digits in `base` (2 to 62); up to base 36
/// letters of either case are digits 10-35, above it lower case is 10-35 and upper case 36-61.
fn parse_int(args: &[Value]) -> Option<Value> {
    let (text, base) = two(args)?;
    // Terraform insists on a string here.
    let Value::String(text) = text else {
        return None;
    };
    let base = u32::try_from(integer_arg(base)?).ok()?;
    if !(2..=62).contains(&base) {
        return None;
    }
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text.as_str()),
    };
    if digits.is_empty() {
        return None;
    }
    let mut value: i128 = 0;
    for b in digits.bytes() {
        let digit = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'a'..=b'z' => u32::from(b - b'a') + 10,
            b'A'..=b'Z' if base <= 36 => u32::from(b - b'A') + 10,
            b'A'..=b'Z' => u32::from(b - b'A') + 36,
            _ => return None,
        };
        if digit >= base {
            return None;
        }
        value = value * i128::from(base) + i128::from(digit);
        if value > 1 << 53 {
            return None;
        }
    }
    let value = if negative { -value } else { value };
    Some(Value::Number(value as f64 + 0.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn s(text: &str) -> Value {
        Value::String(text.to_string())
    }

    fn n(number: f64) -> Value {
        Value::Number(number)
    }

    fn b(flag: bool) -> Value {
        Value::Bool(flag)
    }

    fn list(items: &[Value]) -> Value {
        Value::List(items.to_vec())
    }

    fn strings(items: &[&str]) -> Value {
        Value::List(items.iter().map(|t| s(t)).collect())
    }

    fn numbers(items: &[f64]) -> Value {
        Value::List(items.iter().map(|x| n(*x)).collect())
    }

    fn obj(entries: &[(&str, Value)]) -> Value {
        Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    fn f(name: &str, args: &[Value]) -> Value {
        call(name, args.to_vec())
    }

    const U: Value = Value::Unknown;

    /// Every implemented function with arguments it accepts and the result Terraform gives,
    /// followed by an argument list of a type Terraform refuses.
    fn cases() -> Vec<(&'static str, Vec<Value>, Value, Vec<Value>)> {
        vec![
            ("tostring", vec![n(5.0)], s("5"), vec![strings(&["a"])]),
            ("tonumber", vec![s("1.5")], n(1.5), vec![b(true)]),
            ("tobool", vec![s("true")], b(true), vec![n(1.0)]),
            (
                "tolist",
                vec![list(&[s("a"), n(3.0)])],
                strings(&["a", "3"]),
                vec![s("a")],
            ),
            (
                "toset",
                vec![strings(&["c", "b", "b"])],
                strings(&["b", "c"]),
                vec![obj(&[])],
            ),
            (
                "tomap",
                vec![obj(&[("a", n(1.0)), ("b", s("x"))])],
                obj(&[("a", s("1")), ("b", s("x"))]),
                vec![strings(&["a"])],
            ),
            (
                "jsonencode",
                vec![obj(&[("port", n(22.0)), ("tags", strings(&["a<b"]))])],
                s(r#"{"port":22,"tags":["a\u003cb"]}"#),
                vec![n(f64::INFINITY)],
            ),
            (
                "jsondecode",
                vec![s(r#"{"a":[1,true]}"#)],
                obj(&[("a", list(&[n(1.0), b(true)]))]),
                vec![s("{")],
            ),
            (
                "base64encode",
                vec![s("hello")],
                s("aGVsbG8="),
                vec![list(&[])],
            ),
            (
                "base64decode",
                vec![s("aGVsbG8=")],
                s("hello"),
                vec![s("aGVsbG8")],
            ),
            (
                "format",
                vec![s("%s-%03d"), s("web"), n(7.0)],
                s("web-007"),
                vec![s("%d"), s("x")],
            ),
            (
                "formatlist",
                vec![s("%s:%d"), strings(&["a", "b"]), n(1.0)],
                strings(&["a:1", "b:1"]),
                vec![s("%s"), strings(&["a"]), strings(&["b", "c"])],
            ),
            (
                "join",
                vec![s(","), strings(&["a", "b"])],
                s("a,b"),
                vec![s(","), s("a")],
            ),
            (
                "split",
                vec![s(","), s("a,,b")],
                strings(&["a", "", "b"]),
                vec![s(","), list(&[])],
            ),
            (
                "replace",
                vec![s("a-b-c"), s("-"), s("+")],
                s("a+b+c"),
                vec![s("a"), s("b"), list(&[])],
            ),
            ("lower", vec![s("HeLLo")], s("hello"), vec![list(&[])]),
            ("upper", vec![s("hello")], s("HELLO"), vec![obj(&[])]),
            (
                "title",
                vec![s("hello world-wide")],
                s("Hello World-Wide"),
                vec![list(&[])],
            ),
            (
                "trimspace",
                vec![s(" \t a b \n")],
                s("a b"),
                vec![list(&[])],
            ),
            (
                "trim",
                vec![s("?!hello?!"), s("!?")],
                s("hello"),
                vec![s("x"), list(&[])],
            ),
            (
                "trimprefix",
                vec![s("helloworld"), s("hello")],
                s("world"),
                vec![list(&[]), s("a")],
            ),
            (
                "trimsuffix",
                vec![s("helloworld"), s("world")],
                s("hello"),
                vec![s("a"), obj(&[])],
            ),
            ("chomp", vec![s("hello\r\n\n")], s("hello"), vec![list(&[])]),
            (
                "indent",
                vec![n(2.0), s("a\nb")],
                s("a\n  b"),
                vec![s("x"), s("a")],
            ),
            ("strrev", vec![s("hello")], s("olleh"), vec![list(&[])]),
            (
                "substr",
                vec![s("hello world"), n(1.0), n(4.0)],
                s("ello"),
                vec![s("hello"), n(0.5), n(1.0)],
            ),
            (
                "startswith",
                vec![s("hello"), s("he")],
                b(true),
                vec![list(&[]), s("he")],
            ),
            (
                "endswith",
                vec![s("hello"), s("lo")],
                b(true),
                vec![s("a"), list(&[])],
            ),
            (
                "strcontains",
                vec![s("hello"), s("ell")],
                b(true),
                vec![obj(&[]), s("a")],
            ),
            ("length", vec![strings(&["a", "b"])], n(2.0), vec![n(5.0)]),
            (
                "element",
                vec![strings(&["a", "b", "c"]), n(4.0)],
                s("b"),
                vec![strings(&["a"]), n(-1.0)],
            ),
            (
                "index",
                vec![strings(&["a", "b"]), s("b")],
                n(1.0),
                vec![strings(&["a"]), s("z")],
            ),
            (
                "contains",
                vec![strings(&["a", "b"]), s("b")],
                b(true),
                vec![s("ab"), s("b")],
            ),
            (
                "lookup",
                vec![obj(&[("a", n(1.0))]), s("b"), n(2.0)],
                n(2.0),
                vec![obj(&[]), s("b")],
            ),
            (
                "keys",
                vec![obj(&[("b", n(1.0)), ("a", n(2.0))])],
                strings(&["a", "b"]),
                vec![strings(&["a"])],
            ),
            (
                "values",
                vec![obj(&[("b", n(1.0)), ("a", n(2.0))])],
                numbers(&[2.0, 1.0]),
                vec![s("a")],
            ),
            (
                "merge",
                vec![
                    obj(&[("a", n(1.0))]),
                    Value::Null,
                    obj(&[("a", n(2.0)), ("b", n(3.0))]),
                ],
                obj(&[("a", n(2.0)), ("b", n(3.0))]),
                vec![obj(&[]), strings(&[])],
            ),
            (
                "concat",
                vec![strings(&["a"]), list(&[n(1.0)])],
                list(&[s("a"), n(1.0)]),
                vec![strings(&["a"]), s("b")],
            ),
            (
                "flatten",
                vec![list(&[strings(&["a"]), list(&[list(&[s("b")])]), s("c")])],
                strings(&["a", "b", "c"]),
                vec![s("a")],
            ),
            (
                "distinct",
                vec![strings(&["b", "a", "b"])],
                strings(&["b", "a"]),
                vec![obj(&[])],
            ),
            (
                "compact",
                vec![list(&[s("a"), s(""), Value::Null, n(1.0)])],
                strings(&["a", "1"]),
                vec![list(&[strings(&["a"])])],
            ),
            (
                "zipmap",
                vec![strings(&["a", "b"]), numbers(&[1.0, 2.0])],
                obj(&[("a", n(1.0)), ("b", n(2.0))]),
                vec![strings(&["a"]), numbers(&[1.0, 2.0])],
            ),
            (
                "slice",
                vec![strings(&["a", "b", "c"]), n(1.0), n(3.0)],
                strings(&["b", "c"]),
                vec![strings(&["a"]), n(1.0), n(2.0)],
            ),
            (
                "reverse",
                vec![numbers(&[1.0, 2.0])],
                numbers(&[2.0, 1.0]),
                vec![s("ab")],
            ),
            (
                "sort",
                vec![strings(&["b", "a", "B"])],
                strings(&["B", "a", "b"]),
                vec![list(&[Value::Null])],
            ),
            (
                "range",
                vec![n(1.0), n(7.0), n(3.0)],
                numbers(&[1.0, 4.0]),
                vec![n(1.0), n(2.0), n(0.0)],
            ),
            (
                "chunklist",
                vec![strings(&["a", "b", "c"]), n(2.0)],
                list(&[strings(&["a", "b"]), strings(&["c"])]),
                vec![strings(&["a"]), n(-1.0)],
            ),
            (
                "one",
                vec![strings(&["a"])],
                s("a"),
                vec![strings(&["a", "b"])],
            ),
            (
                "coalesce",
                vec![Value::Null, s(""), s("b")],
                s("b"),
                vec![b(true), n(1.0)],
            ),
            (
                "coalescelist",
                vec![list(&[]), strings(&["a"])],
                strings(&["a"]),
                vec![s("a")],
            ),
            (
                "setunion",
                vec![strings(&["b", "a"]), strings(&["c", "a"])],
                strings(&["a", "b", "c"]),
                vec![s("a")],
            ),
            (
                "setintersection",
                vec![strings(&["b", "a"]), strings(&["a", "c"])],
                strings(&["a"]),
                vec![strings(&["a"]), s("a")],
            ),
            (
                "setsubtract",
                vec![strings(&["b", "a"]), strings(&["a"])],
                strings(&["b"]),
                vec![strings(&["a"])],
            ),
            (
                "alltrue",
                vec![list(&[b(true), s("true")])],
                b(true),
                vec![list(&[n(1.0)])],
            ),
            (
                "anytrue",
                vec![list(&[b(false), b(true)])],
                b(true),
                vec![list(&[s("yes")])],
            ),
            (
                "sum",
                vec![list(&[n(1.0), s("2"), n(3.0)])],
                n(6.0),
                vec![list(&[])],
            ),
            ("min", vec![n(3.0), s("1"), n(2.0)], n(1.0), vec![]),
            (
                "max",
                vec![n(3.0), n(5.0), n(-2.0)],
                n(5.0),
                vec![n(1.0), b(true)],
            ),
            ("abs", vec![n(-2.5)], n(2.5), vec![s("x")]),
            ("ceil", vec![n(4.1)], n(5.0), vec![list(&[])]),
            ("floor", vec![n(-4.1)], n(-5.0), vec![b(false)]),
            ("signum", vec![n(-7.0)], n(-1.0), vec![n(0.5)]),
            (
                "pow",
                vec![n(2.0), n(10.0)],
                n(1024.0),
                vec![n(2.0), n(-1.0)],
            ),
            (
                "parseint",
                vec![s("FF"), n(16.0)],
                n(255.0),
                vec![n(10.0), n(10.0)],
            ),
        ]
    }

    #[test]
    fn every_function_gives_its_known_result() {
        for (name, args, expected, _) in cases() {
            assert_eq!(f(name, &args), expected, "{name}({args:?})");
        }
    }

    #[test]
    fn every_function_gives_unknown_for_an_unknown_argument() {
        for (name, args, _, _) in cases() {
            for i in 0..args.len() {
                let mut with_unknown = args.clone();
                with_unknown[i] = U;
                assert_eq!(
                    f(name, &with_unknown),
                    U,
                    "{name} with argument {i} unknown"
                );
            }
        }
    }

    #[test]
    fn every_function_gives_unknown_for_a_wrong_argument() {
        for (name, _, _, wrong) in cases() {
            assert_eq!(f(name, &wrong), U, "{name}({wrong:?})");
        }
    }

    #[test]
    fn every_function_gives_unknown_without_arguments_except_merge() {
        for (name, _, _, _) in cases() {
            let expected = if name == "merge" { obj(&[]) } else { U };
            assert_eq!(f(name, &[]), expected, "{name}()");
        }
    }

    #[test]
    fn unknown_function_names_are_unknown() {
        assert_eq!(f("templatefile", &[s("a"), obj(&[])]), U);
        assert_eq!(f("provider::aws::arn_parse", &[s("arn")]), U);
        assert_eq!(f("try", &[s("a")]), U);
        assert_eq!(f("core::upper", &[s("a")]), s("A"));
    }

    // Conversion -------------------------------------------------------------------------------

    #[test]
    fn conversions_keep_null_and_refuse_bad_text() {
        assert_eq!(f("tostring", &[Value::Null]), Value::Null);
        assert_eq!(f("tostring", &[b(false)]), s("false"));
        assert_eq!(f("tostring", &[n(0.5)]), s("0.5"));
        assert_eq!(f("tonumber", &[Value::Null]), Value::Null);
        assert_eq!(f("tonumber", &[s(" 1")]), U);
        assert_eq!(f("tonumber", &[s("inf")]), U);
        assert_eq!(f("tonumber", &[s("1e3")]), n(1000.0));
        assert_eq!(f("tonumber", &[s("-.5")]), n(-0.5));
        assert_eq!(f("tonumber", &[s("0x10")]), U);
        assert_eq!(f("tobool", &[s("yes")]), U);
        assert_eq!(f("tobool", &[Value::Null]), Value::Null);
        assert_eq!(f("tolist", &[Value::Null]), Value::Null);
    }

    #[test]
    fn unification_follows_terraform() {
        // Numbers and bools have no common type without a string.
        assert_eq!(f("tolist", &[list(&[b(true), n(1.0)])]), U);
        assert_eq!(
            f("tolist", &[list(&[b(true), n(1.0), s("x")])]),
            strings(&["true", "1", "x"])
        );
        assert_eq!(
            f("tolist", &[list(&[Value::Null, n(1.0)])]),
            list(&[Value::Null, n(1.0)])
        );
        assert_eq!(f("tolist", &[list(&[s("a"), strings(&["b"])])]), U);
        // Objects with the same attributes unify attribute by attribute.
        assert_eq!(
            f(
                "tolist",
                &[list(&[obj(&[("a", n(1.0))]), obj(&[("a", s("x"))])])]
            ),
            list(&[obj(&[("a", s("1"))]), obj(&[("a", s("x"))])])
        );
        // Objects with different attributes become maps of one type.
        assert_eq!(
            f(
                "tolist",
                &[list(&[obj(&[("a", n(1.0))]), obj(&[("b", s("x"))])])]
            ),
            list(&[obj(&[("a", s("1"))]), obj(&[("b", s("x"))])])
        );
        // Tuples of different lengths become lists of one type.
        assert_eq!(
            f(
                "tolist",
                &[list(&[list(&[n(1.0)]), list(&[s("a"), s("b")])])]
            ),
            list(&[strings(&["1"]), strings(&["a", "b"])])
        );
        assert_eq!(
            f("tomap", &[obj(&[("a", strings(&["x"])), ("b", s("y"))])]),
            U
        );
        assert_eq!(f("tolist", &[list(&[s("a"), U])]), U);
    }

    #[test]
    fn sets_order_primitives_and_refuse_nulls() {
        assert_eq!(
            f("toset", &[list(&[s("a"), s("b"), n(3.0)])]),
            strings(&["3", "a", "b"])
        );
        assert_eq!(
            f("toset", &[numbers(&[10.0, 2.0, 10.0])]),
            numbers(&[2.0, 10.0])
        );
        assert_eq!(
            f("toset", &[list(&[b(true), b(false)])]),
            list(&[b(false), b(true)])
        );
        assert_eq!(f("toset", &[list(&[s("a"), Value::Null])]), U);
        // Sets of objects keep the first occurrences in order.
        let a = obj(&[("k", s("a"))]);
        let z = obj(&[("k", s("z"))]);
        assert_eq!(
            f("toset", &[list(&[z.clone(), a.clone(), z.clone()])]),
            list(&[z, a])
        );
        assert_eq!(
            f("setunion", &[numbers(&[3.0]), strings(&["10"])]),
            strings(&["10", "3"])
        );
        assert_eq!(
            f("setintersection", &[strings(&["a", "b"]), strings(&["c"])]),
            list(&[])
        );
        assert_eq!(
            f(
                "setsubtract",
                &[strings(&["a"]), strings(&["a"]), strings(&["b"])]
            ),
            U
        );
    }

    #[test]
    fn jsonencode_writes_terraform_json() {
        let value = obj(&[
            ("b", list(&[n(1.5), n(-0.0), b(false), Value::Null])),
            ("a", s("x&y>\"q\"\n\u{2028}\u{1}")),
        ]);
        assert_eq!(
            f("jsonencode", &[value]),
            s(r#"{"a":"x\u0026y\u003e\"q\"\n\u2028\u0001","b":[1.5,0,false,null]}"#)
        );
        assert_eq!(f("jsonencode", &[s("a\u{8}")]), U);
        assert_eq!(f("jsonencode", &[list(&[s("a"), U])]), U);
        assert_eq!(f("jsonencode", &[n(1e21)]), s("1000000000000000000000"));
    }

    #[test]
    fn base64_is_strict_like_terraform() {
        assert_eq!(f("base64encode", &[s("")]), s(""));
        assert_eq!(f("base64encode", &[s("ab")]), s("YWI="));
        assert_eq!(f("base64encode", &[s("abc")]), s("YWJj"));
        assert_eq!(f("base64encode", &[s("é")]), s("w6k="));
        assert_eq!(f("base64decode", &[s("YWI=")]), s("ab"));
        assert_eq!(f("base64decode", &[s("YW\nJj")]), s("abc"));
        assert_eq!(f("base64decode", &[s("YWI")]), U);
        assert_eq!(f("base64decode", &[s("YW=j")]), U);
        assert_eq!(f("base64decode", &[s("YQ==YWJj")]), U);
        assert_eq!(f("base64decode", &[s("YW-j")]), U);
        // Valid base64 of bytes that are not UTF-8.
        assert_eq!(f("base64decode", &[s("/w==")]), U);
    }

    // Strings ----------------------------------------------------------------------------------

    #[test]
    fn format_verbs_and_flags() {
        let cases: &[(&str, Vec<Value>, &str)] = &[
            ("%%", vec![], "%"),
            ("%s", vec![n(2.0)], "2"),
            ("%5s|%-5s|", vec![s("ab"), s("cd")], "   ab|cd   |"),
            ("%05s", vec![s("ab")], "000ab"),
            ("%.2s", vec![s("abcdef")], "ab"),
            ("%q", vec![s("a\"b<")], r#""a\"b\u003c""#),
            ("%d", vec![s("42")], "42"),
            ("%+d % d", vec![n(5.0), n(5.0)], "+5  5"),
            (
                "%05d|%-5d|%5d",
                vec![n(-42.0), n(42.0), n(42.0)],
                "-0042|42   |   42",
            ),
            ("%.3d", vec![n(7.0)], "007"),
            ("%.0d", vec![n(0.0)], ""),
            (
                "%x %X %o %b %#x",
                vec![n(255.0), n(255.0), n(8.0), n(5.0), n(255.0)],
                "ff FF 10 101 0xff",
            ),
            ("%f", vec![n(3.5)], "3.500000"),
            ("%.2f", vec![n(1.23456)], "1.23"),
            (
                "%8.2f|%-8.2f|%08.2f",
                vec![n(-3.5), n(3.5), n(-3.5)],
                "   -3.50|3.50    |-0003.50",
            ),
            ("%+.1f", vec![n(2.0)], "+2.0"),
            ("%t", vec![s("true")], "true"),
            ("%v %v %v", vec![s("a"), n(1.5), b(true)], "a 1.5 true"),
            ("%v", vec![n(1234567.0)], "1.234567e+06"),
            ("%v", vec![n(0.00001)], "1e-05"),
            ("%v", vec![n(123456.0)], "123456"),
            ("%v", vec![Value::Null], "null"),
            ("%v", vec![obj(&[("a", numbers(&[1.0]))])], r#"{"a":[1]}"#),
            ("%#v", vec![s("a")], r#""a""#),
            ("%[2]s %[1]s %s", vec![s("a"), s("b")], "b a b"),
            ("héllo %s", vec![s("wörld")], "héllo wörld"),
        ];
        for (template, args, expected) in cases {
            let mut all = vec![s(template)];
            all.extend(args.iter().cloned());
            assert_eq!(
                f("format", &all),
                s(expected),
                "format({template:?}, {args:?})"
            );
        }
    }

    #[test]
    fn format_refuses_what_terraform_refuses_or_is_not_reproduced() {
        let cases: &[(&str, Vec<Value>)] = &[
            ("%d", vec![n(1.5)]),
            ("%d", vec![b(true)]),
            ("%s", vec![Value::Null]),
            ("%s", vec![strings(&["a"])]),
            ("%s %s", vec![s("a")]),
            ("%s", vec![s("a"), s("b")]),
            ("no verbs", vec![s("a")]),
            ("%z", vec![s("a")]),
            ("%e", vec![n(1.0)]),
            ("%g", vec![n(1.0)]),
            ("%", vec![]),
            ("%[0]s", vec![s("a")]),
            ("%[3]s", vec![s("a")]),
            ("%*d", vec![n(3.0), n(1.0)]),
            ("%.s", vec![s("a")]),
            ("%5t", vec![b(true)]),
            ("%99999s", vec![s("a")]),
            // Rounding that Terraform's exact decimal could settle the other way.
            ("%.1f", vec![n(0.25)]),
            // Widths counted in grapheme clusters are out of reach for combining marks.
            ("%5s", vec![s("e\u{301}")]),
            ("%s", vec![U]),
        ];
        for (template, args) in cases {
            let mut all = vec![s(template)];
            all.extend(args.iter().cloned());
            assert_eq!(f("format", &all), U, "format({template:?}, {args:?})");
        }
    }

    #[test]
    fn formatlist_iterates_lists_and_caps_its_size() {
        assert_eq!(f("formatlist", &[s("x")]), strings(&["x"]));
        assert_eq!(f("formatlist", &[s("%s"), list(&[])]), list(&[]));
        assert_eq!(
            f(
                "formatlist",
                &[s("%s=%s"), strings(&["a", "b"]), list(&[s("1"), U])]
            ),
            list(&[s("a=1"), U])
        );
        assert_eq!(f("formatlist", &[s("%s"), U]), U);
        let big = Value::List(vec![s("a"); MAX_GENERATED + 1]);
        assert_eq!(f("formatlist", &[s("%s"), big]), U);
    }

    #[test]
    fn join_and_split() {
        assert_eq!(
            f("join", &[s("-"), strings(&["a"]), list(&[n(1.0), b(true)])]),
            s("a-1-true")
        );
        assert_eq!(f("join", &[s(",")]), U);
        assert_eq!(f("join", &[s(","), list(&[s("a"), Value::Null])]), U);
        assert_eq!(f("join", &[s(","), list(&[s("a"), U])]), U);
        assert_eq!(
            f("split", &[s(""), s("héllo")]),
            strings(&["h", "é", "l", "l", "o"])
        );
        assert_eq!(f("split", &[s(""), s("")]), list(&[]));
        assert_eq!(f("split", &[s(","), s("")]), strings(&[""]));
        // Output size is bounded.
        let long = s(&"x".repeat(2048));
        let many = Value::List(vec![s("a"); 1024]);
        assert_eq!(f("join", &[long, many]), U);
    }

    #[test]
    fn replace_plain_and_regex() {
        assert_eq!(f("replace", &[s("abc"), s(""), s("-")]), s("-a-b-c-"));
        assert_eq!(
            f("replace", &[s("hello world"), s("/w(or)ld/"), s("$1${1}x")]),
            s("hello ororx")
        );
        assert_eq!(
            f("replace", &[s("a1b22"), s("/[0-9]+/"), s("#")]),
            s("a#b#")
        );
        assert_eq!(f("replace", &[s("abc"), s("/x*/"), s("-")]), s("-a-b-c-"));
        assert_eq!(f("replace", &[s("baaab"), s("/a*/"), s("X")]), s("XbXbX"));
        assert_eq!(
            f(
                "replace",
                &[s("ab"), s("/(?P<first>a)/"), s("[$first][$2][$$][$!]")]
            ),
            s("[a][][$][$!]b")
        );
        // `$1x` names a group "1x", which does not exist.
        assert_eq!(
            f("replace", &[s("a-b"), s("/(a)-(b)/"), s("$2$1x")]),
            s("b")
        );
        assert_eq!(
            f("replace", &[s("a-b"), s("/(a)-(b)/"), s("${2}${1}x")]),
            s("bax")
        );
        assert_eq!(f("replace", &[s("/"), s("/"), s("x")]), s("x"));
        // Syntax Go reads differently from Rust, or refuses.
        for pattern in [
            "/[a&&b]/",
            "/[[a]]/",
            "/(?x)a b/",
            "/\\u0041/",
            "/\\<a/",
            "/(?<n>a)/",
            "/a{1001}/",
            "/a{,2}/",
            "/\\p{Greek}/",
            "/(/",
        ] {
            assert_eq!(
                f("replace", &[s("abc"), s(pattern), s("x")]),
                U,
                "{pattern}"
            );
        }
        // Go's classes are ASCII-only; only ASCII text is replaced with a regex.
        assert_eq!(f("replace", &[s("é1"), s("/\\d/"), s("x")]), U);
        assert_eq!(f("replace", &[s("a\u{b}b"), s("/\\s/"), s("x")]), U);
    }

    #[test]
    fn case_mapping_refuses_multi_character_mappings() {
        assert_eq!(f("upper", &[s("héllo")]), s("HÉLLO"));
        assert_eq!(f("lower", &[s("ÀB")]), s("àb"));
        assert_eq!(f("upper", &[s("straße")]), U);
        assert_eq!(f("lower", &[s("İ")]), U);
        assert_eq!(f("upper", &[n(1.0)]), s("1"));
        assert_eq!(f("title", &[s("élan vital_x a1b")]), s("Élan Vital_x A1b"));
        assert_eq!(f("title", &[s("ǆemal")]), U);
        assert_eq!(f("title", &[s("日本 語")]), s("日本 語"));
    }

    #[test]
    fn substr_counts_characters() {
        assert_eq!(f("substr", &[s("hello"), n(-3.0), n(-1.0)]), s("llo"));
        assert_eq!(f("substr", &[s("hello"), n(1.0), n(100.0)]), s("ello"));
        assert_eq!(f("substr", &[s("hello"), n(10.0), n(2.0)]), s(""));
        assert_eq!(f("substr", &[s("héllo"), n(1.0), n(2.0)]), s("él"));
        assert_eq!(f("substr", &[s("hello"), n(1.0), n(0.0)]), U);
        assert_eq!(f("substr", &[s("hello"), n(-10.0), n(2.0)]), U);
        assert_eq!(f("substr", &[s("e\u{301}x"), n(0.0), n(1.0)]), U);
    }

    #[test]
    fn startswith_knows_the_empty_prefix() {
        assert_eq!(f("startswith", &[U, s("")]), b(true));
        assert_eq!(f("startswith", &[U, s("a")]), U);
        assert_eq!(f("startswith", &[s("abc"), s("b")]), b(false));
    }

    #[test]
    fn string_helpers() {
        assert_eq!(f("indent", &[n(-1.0), s("a\nb")]), U);
        assert_eq!(f("strrev", &[s("e\u{301}")]), U);
        assert_eq!(f("trim", &[s("xxhixx"), s("")]), s("xxhixx"));
        assert_eq!(f("trimspace", &[s("\u{a0}a\u{85}")]), s("a"));
        assert_eq!(f("endswith", &[s("abc"), s("")]), b(true));
        assert_eq!(f("strcontains", &[s("abc"), s("d")]), b(false));
    }

    // Collections ------------------------------------------------------------------------------

    #[test]
    fn length_counts_strings_lists_and_objects() {
        assert_eq!(f("length", &[s("héllo")]), n(5.0));
        assert_eq!(f("length", &[s("")]), n(0.0));
        assert_eq!(f("length", &[obj(&[("a", U)])]), n(1.0));
        assert_eq!(f("length", &[list(&[U, U])]), n(2.0));
        assert_eq!(f("length", &[s("👍🏽")]), U);
        assert_eq!(f("length", &[Value::Null]), U);
    }

    #[test]
    fn element_index_contains() {
        assert_eq!(f("element", &[list(&[s("a"), U]), n(0.0)]), s("a"));
        assert_eq!(f("element", &[list(&[]), n(0.0)]), U);
        assert_eq!(f("element", &[strings(&["a"]), n(0.5)]), U);
        assert_eq!(f("index", &[list(&[s("a"), U, s("b")]), s("a")]), n(0.0));
        assert_eq!(f("index", &[list(&[U, s("b")]), s("b")]), U);
        assert_eq!(f("index", &[list(&[strings(&["a"])]), strings(&["a"])]), U);
        assert_eq!(f("contains", &[list(&[U, s("b")]), s("b")]), b(true));
        assert_eq!(f("contains", &[list(&[U, s("b")]), s("c")]), U);
        assert_eq!(f("contains", &[list(&[]), s("c")]), b(false));
        assert_eq!(f("contains", &[strings(&["1"]), n(1.0)]), b(false));
        assert_eq!(f("contains", &[Value::Null, s("a")]), U);
        assert_eq!(f("contains", &[list(&[Value::Null]), Value::Null]), U);
        assert_eq!(f("index", &[list(&[Value::Null]), Value::Null]), U);
    }

    #[test]
    fn lookup_merge_concat_keep_their_behaviour() {
        assert_eq!(f("lookup", &[obj(&[("a", n(1.0))]), s("a")]), n(1.0));
        assert_eq!(f("lookup", &[obj(&[("a", n(1.0))]), s("b")]), U);
        assert_eq!(f("lookup", &[obj(&[("a", U)]), s("a"), s("d")]), U);
        assert_eq!(
            f("lookup", &[obj(&[("a", n(1.0)), ("b", U)]), s("a")]),
            n(1.0)
        );
        assert_eq!(f("lookup", &[obj(&[]), s("a"), s("b"), s("c")]), U);
        assert_eq!(f("merge", &[obj(&[("a", U)])]), obj(&[("a", U)]));
        assert_eq!(f("merge", &[obj(&[]), U]), U);
        assert_eq!(
            f("concat", &[list(&[U]), strings(&["a"])]),
            list(&[U, s("a")])
        );
        let big = Value::List(vec![n(1.0); MAX_ELEMENTS]);
        assert_eq!(f("concat", &[big.clone(), big]), U);
    }

    #[test]
    fn coalesce_converts_to_one_type() {
        assert_eq!(f("coalesce", &[s(""), n(5.0)]), s("5"));
        assert_eq!(f("coalesce", &[n(0.0), n(5.0)]), n(0.0));
        assert_eq!(f("coalesce", &[Value::Null, Value::Null]), U);
        assert_eq!(f("coalesce", &[s("a"), U]), s("a"));
        assert_eq!(f("coalesce", &[n(1.0), U]), U);
        assert_eq!(f("coalesce", &[U, s("a")]), U);
        assert_eq!(f("coalesce", &[strings(&["a"]), s("a")]), U);
        assert_eq!(f("coalescelist", &[list(&[]), list(&[])]), U);
        assert_eq!(f("coalescelist", &[strings(&["a"]), U]), strings(&["a"]));
        assert_eq!(f("coalescelist", &[list(&[]), U, strings(&["a"])]), U);
        assert_eq!(f("coalescelist", &[strings(&["a"]), Value::Null]), U);
    }

    #[test]
    fn list_shapers() {
        assert_eq!(f("flatten", &[list(&[strings(&["a"]), U])]), U);
        assert_eq!(
            f("flatten", &[list(&[obj(&[("a", U)])])]),
            list(&[obj(&[("a", U)])])
        );
        assert_eq!(
            f("distinct", &[list(&[n(1.0), s("1"), n(-0.0), n(0.0)])]),
            strings(&["1", "0"])
        );
        assert_eq!(f("distinct", &[list(&[s("a"), U])]), U);
        assert_eq!(f("compact", &[list(&[s("a"), U])]), U);
        assert_eq!(
            f("zipmap", &[strings(&["a", "a"]), numbers(&[1.0, 2.0])]),
            obj(&[("a", n(2.0))])
        );
        assert_eq!(
            f("zipmap", &[strings(&["a"]), list(&[U])]),
            obj(&[("a", U)])
        );
        assert_eq!(f("zipmap", &[list(&[Value::Null]), numbers(&[1.0])]), U);
        assert_eq!(f("slice", &[strings(&["a"]), n(0.0), n(0.0)]), list(&[]));
        assert_eq!(f("slice", &[strings(&["a"]), n(1.0), n(0.0)]), U);
        assert_eq!(
            f("sort", &[list(&[n(10.0), n(9.0)])]),
            strings(&["10", "9"])
        );
        assert_eq!(f("sort", &[list(&[s("a"), U])]), U);
        assert_eq!(f("one", &[list(&[])]), Value::Null);
        assert_eq!(f("one", &[Value::Null]), U);
        assert_eq!(
            f("chunklist", &[strings(&["a"]), n(0.0)]),
            list(&[strings(&["a"])])
        );
        assert_eq!(f("chunklist", &[list(&[]), n(3.0)]), list(&[]));
        let big = Value::List(vec![n(1.0); MAX_GENERATED + 1]);
        assert_eq!(f("chunklist", &[big, n(1.0)]), U);
    }

    #[test]
    fn range_follows_terraform_and_is_capped() {
        assert_eq!(f("range", &[n(3.0)]), numbers(&[0.0, 1.0, 2.0]));
        assert_eq!(f("range", &[n(-2.0)]), numbers(&[0.0, -1.0]));
        assert_eq!(f("range", &[n(3.0), n(1.0)]), numbers(&[3.0, 2.0]));
        assert_eq!(f("range", &[n(0.0), n(2.5)]), numbers(&[0.0, 1.0, 2.0]));
        assert_eq!(f("range", &[n(0.0)]), list(&[]));
        assert_eq!(f("range", &[n(1.0), n(3.0), n(-1.0)]), U);
        assert_eq!(f("range", &[n(0.0), n(1.0), n(0.1)]), U);
        assert_eq!(
            f("range", &[n(1024.0)]),
            Value::List((0..1024).map(|i| n(f64::from(i))).collect())
        );
        assert_eq!(f("range", &[n(1025.0)]), U);
        assert_eq!(f("range", &[n(1e300)]), U);
        assert_eq!(f("range", &[n(1.0), n(2.0), n(3.0), n(4.0)]), U);
    }

    #[test]
    fn all_true_any_true() {
        assert_eq!(f("alltrue", &[list(&[])]), b(true));
        assert_eq!(f("alltrue", &[list(&[b(true), Value::Null])]), b(false));
        assert_eq!(f("alltrue", &[list(&[b(false), U])]), b(false));
        assert_eq!(f("alltrue", &[list(&[U, b(false)])]), U);
        assert_eq!(f("alltrue", &[list(&[b(false), s("maybe")])]), U);
        assert_eq!(f("anytrue", &[list(&[])]), b(false));
        assert_eq!(f("anytrue", &[list(&[U, b(true)])]), b(true));
        assert_eq!(f("anytrue", &[list(&[U, b(false)])]), U);
    }

    // Numbers ----------------------------------------------------------------------------------

    #[test]
    fn number_functions() {
        assert_eq!(f("sum", &[list(&[n(0.1), n(0.2)])]), U);
        assert_eq!(f("sum", &[list(&[n(1.0), Value::Null])]), U);
        assert_eq!(f("min", &[n(1.0), U]), U);
        assert_eq!(f("ceil", &[n(1e300)]), U);
        assert_eq!(f("floor", &[s("2.5")]), n(2.0));
        assert_eq!(f("pow", &[n(-2.0), n(3.0)]), n(-8.0));
        assert_eq!(f("pow", &[n(0.0), n(0.0)]), n(1.0));
        assert_eq!(f("pow", &[n(10.0), n(100.0)]), U);
        assert_eq!(f("pow", &[n(2.0), n(0.5)]), U);
        assert_eq!(f("parseint", &[s("-101"), n(2.0)]), n(-5.0));
        assert_eq!(f("parseint", &[s("zZ"), n(62.0)]), n(35.0 * 62.0 + 61.0));
        assert_eq!(f("parseint", &[s("Zz"), n(36.0)]), n(35.0 * 36.0 + 35.0));
        assert_eq!(f("parseint", &[s("12"), n(2.0)]), U);
        assert_eq!(f("parseint", &[s(""), n(10.0)]), U);
        assert_eq!(f("parseint", &[s("1"), n(63.0)]), U);
        assert_eq!(f("parseint", &[s("99999999999999999999"), n(10.0)]), U);
    }

    // Limits -----------------------------------------------------------------------------------

    #[test]
    fn hostile_sizes_give_unknown_instead_of_exhausting_memory() {
        // A huge indent is harmless without a newline and refused with one.
        assert_eq!(f("indent", &[n(1e15), s("abc")]), s("abc"));
        assert_eq!(f("indent", &[n(1e15), s("a\nb")]), U);
        // One regex replacement repeating a long group.
        let text = s(&"x".repeat(1000));
        let template = s(&"$1".repeat(2000));
        assert_eq!(f("replace", &[text, s("/(x+)/"), template]), U);
        // formatlist: every row within bounds, all rows together not.
        let rows = Value::List(vec![s("a"); 300]);
        assert_eq!(f("formatlist", &[s("%4000s"), rows]), U);
        // format widths.
        assert_eq!(f("format", &[s(&"%4096s".repeat(300)), s("a")]), U);
        // Large sets of primitives are still answered, in linear time.
        let evens = Value::List((0..20_000).map(|i| n(f64::from(i * 2))).collect());
        let threes = Value::List((0..20_000).map(|i| n(f64::from(i * 3))).collect());
        let Value::List(common) = f("setintersection", &[evens.clone(), threes.clone()]) else {
            panic!("setintersection of numbers is known");
        };
        assert_eq!(common.len(), 6667);
        let Value::List(rest) = f("setsubtract", &[evens, threes]) else {
            panic!("setsubtract of numbers is known");
        };
        assert_eq!(rest.len(), 20_000 - 6667);
        // Large sets of objects are not compared pairwise.
        let objects = Value::List((0..2000).map(|i| obj(&[("i", n(f64::from(i)))])).collect());
        assert_eq!(f("setintersection", &[objects.clone(), objects]), U);
    }

    // No panics --------------------------------------------------------------------------------

    fn value_strategy() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Unknown),
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            prop_oneof![
                any::<f64>(),
                -1e6..1e6f64,
                (-50i32..5000).prop_map(f64::from)
            ]
            .prop_map(Value::Number),
            prop_oneof![
                "[a-z%0-9./$(){}\\[\\]*+?^|\\\\ -]{0,12}",
                any::<String>(),
                Just("%[2]5.2f %-08d %#x %q %v %%".to_string()),
            ]
            .prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 24, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::List),
                proptest::collection::btree_map("[a-c]{1,2}", inner, 0..4).prop_map(Value::Object),
            ]
        })
    }

    const ALL_FUNCTIONS: &[&str] = &[
        "tostring",
        "tonumber",
        "tobool",
        "tolist",
        "toset",
        "tomap",
        "jsonencode",
        "jsondecode",
        "base64encode",
        "base64decode",
        "format",
        "formatlist",
        "join",
        "split",
        "replace",
        "lower",
        "upper",
        "title",
        "trimspace",
        "trim",
        "trimprefix",
        "trimsuffix",
        "chomp",
        "indent",
        "strrev",
        "substr",
        "startswith",
        "endswith",
        "strcontains",
        "length",
        "element",
        "index",
        "contains",
        "lookup",
        "keys",
        "values",
        "merge",
        "concat",
        "flatten",
        "distinct",
        "compact",
        "zipmap",
        "slice",
        "reverse",
        "sort",
        "range",
        "chunklist",
        "one",
        "coalesce",
        "coalescelist",
        "setunion",
        "setintersection",
        "setsubtract",
        "alltrue",
        "anytrue",
        "sum",
        "min",
        "max",
        "abs",
        "ceil",
        "floor",
        "signum",
        "pow",
        "parseint",
    ];

    #[test]
    fn the_table_of_cases_covers_every_function() {
        let covered: HashSet<&str> = cases().iter().map(|c| c.0).collect();
        for name in ALL_FUNCTIONS {
            assert!(covered.contains(name), "{name} has no case");
        }
        assert_eq!(covered.len(), ALL_FUNCTIONS.len());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn no_function_panics(args in proptest::collection::vec(value_strategy(), 0..4)) {
            for name in ALL_FUNCTIONS {
                let result = call(name, args.clone());
                if args.contains(&Value::Unknown) && *name != "startswith" {
                    // A top-level unknown argument never yields a known value, except where
                    // Terraform itself decides without it.
                    let partial = matches!(*name, "coalesce" | "coalescelist" | "merge" | "concat"
                        | "formatlist" | "lookup" | "anytrue" | "alltrue");
                    prop_assert!(partial || result == Value::Unknown, "{}({:?}) = {:?}", name, args, result);
                }
            }
        }
    }
}
