//! CloudWatch Logs JSON filter patterns (`{ ($.eventName = X) || ($.errorCode = "*Denied") }`)
//! parsed into a small tree and evaluated against sample events, so that a metric filter is
//! judged by what it matches, not by how it is written: whitespace, quoting, parentheses and the
//! order of the terms do not matter.

use std::collections::BTreeMap;

/// A parsed JSON filter pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct FilterPattern {
    /// `&&` binding tighter than `||`.
    by_precedence: Node,
    /// Left to right, for a level that mixes `&&` and `||` without parentheses: AWS does not
    /// document which reading applies, so a sample matching either reading counts as matched.
    left_to_right: Node,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    /// `$.selector <op> value`.
    Compare {
        selector: String,
        op: Op,
        value: Literal,
    },
    /// `$.selector EXISTS` (`exists`) or `$.selector NOT EXISTS`.
    Exists {
        selector: String,
        exists: bool,
    },
    /// `$.selector IS NULL`, `IS TRUE`, `IS FALSE`: no sample field is JSON null or boolean.
    Is {
        selector: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    NotEq,
    Less,
    LessEq,
    Greater,
    GreaterEq,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Literal {
    /// The value as written, quotes removed; `*` is a wildcard.
    pub text: String,
    pub number: Option<f64>,
}

/// An event to match: selector path (`userIdentity.type`) to string value; a path not in the
/// map is a field the event does not have.
pub type SampleEvent = BTreeMap<&'static str, &'static str>;

/// Why a pattern could not be parsed: not JSON syntax (a term or space-delimited pattern), a
/// regular expression value, or a syntax error. The caller treats it as unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported(pub String);

impl FilterPattern {
    pub fn parse(text: &str) -> Result<FilterPattern, Unsupported> {
        let tokens = tokenize(text)?;
        let by_precedence = Parser::new(&tokens, true).pattern()?;
        let left_to_right = Parser::new(&tokens, false).pattern()?;
        Ok(FilterPattern {
            by_precedence,
            left_to_right,
        })
    }

    pub fn matches(&self, event: &SampleEvent) -> bool {
        self.by_precedence.matches(event) || self.left_to_right.matches(event)
    }

    /// Whether the pattern tests `selector` at all (`value: None`) or compares it with a value
    /// that matches `value`: how a filter written for a metric is told apart when it matches
    /// none of the metric's events.
    pub fn mentions(&self, selector: &str, value: Option<&str>) -> bool {
        self.by_precedence.mentions(selector, value)
    }
}

impl Node {
    fn mentions(&self, wanted: &str, wanted_value: Option<&str>) -> bool {
        match self {
            Node::And(a, b) | Node::Or(a, b) => {
                a.mentions(wanted, wanted_value) || b.mentions(wanted, wanted_value)
            }
            Node::Compare {
                selector, value, ..
            } => selector == wanted && wanted_value.is_none_or(|v| glob(&value.text, v)),
            Node::Exists { selector, .. } | Node::Is { selector } => {
                selector == wanted && wanted_value.is_none()
            }
        }
    }

    fn matches(&self, event: &SampleEvent) -> bool {
        match self {
            Node::And(a, b) => a.matches(event) && b.matches(event),
            Node::Or(a, b) => a.matches(event) || b.matches(event),
            Node::Compare {
                selector,
                op,
                value,
            } => match event.get(selector.as_str()) {
                Some(field) => compare(field, *op, value),
                // `!=` on a field the event lacks: AWS's behaviour is not documented, and a
                // finding must not rest on a guess, so it is taken as matching.
                None => *op == Op::NotEq,
            },
            Node::Exists { selector, exists } => event.contains_key(selector.as_str()) == *exists,
            Node::Is { .. } => false,
        }
    }
}

fn compare(field: &str, op: Op, value: &Literal) -> bool {
    let numbers = value.number.zip(field.trim().parse::<f64>().ok());
    match op {
        Op::Eq => match numbers {
            Some((v, f)) => f == v,
            None => glob(&value.text, field),
        },
        Op::NotEq => match numbers {
            Some((v, f)) => f != v,
            None => !glob(&value.text, field),
        },
        _ => {
            let Some((v, f)) = numbers else {
                return false;
            };
            match op {
                Op::Less => f < v,
                Op::LessEq => f <= v,
                Op::Greater => f > v,
                _ => f >= v,
            }
        }
    }
}

/// `*` matches any run of characters; everything else matches itself.
fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || !text.ends_with(last) || text.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    true
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open,
    Close,
    LeftBrace,
    RightBrace,
    And,
    Or,
    Op(Op),
    Selector(String),
    /// A value or keyword; `quoted` values are never keywords.
    Word {
        text: String,
        quoted: bool,
    },
}

fn tokenize(text: &str) -> Result<Vec<Token>, Unsupported> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let unsupported = |why: &str| Err(Unsupported(why.to_string()));
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                tokens.push(Token::Open);
                i += 1;
            }
            ')' => {
                tokens.push(Token::Close);
                i += 1;
            }
            '{' => {
                tokens.push(Token::LeftBrace);
                i += 1;
            }
            '}' => {
                tokens.push(Token::RightBrace);
                i += 1;
            }
            '&' if next == Some('&') => {
                tokens.push(Token::And);
                i += 2;
            }
            '|' if next == Some('|') => {
                tokens.push(Token::Or);
                i += 2;
            }
            '!' if next == Some('=') => {
                tokens.push(Token::Op(Op::NotEq));
                i += 2;
            }
            '=' => {
                tokens.push(Token::Op(Op::Eq));
                i += 1;
            }
            '<' | '>' => {
                let or_equal = next == Some('=');
                tokens.push(Token::Op(match (c, or_equal) {
                    ('<', false) => Op::Less,
                    ('<', true) => Op::LessEq,
                    ('>', false) => Op::Greater,
                    _ => Op::GreaterEq,
                }));
                i += if or_equal { 2 } else { 1 };
            }
            '"' => {
                let mut value = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return unsupported("an unterminated quoted value"),
                        Some('"') => break,
                        Some('\\') => {
                            if let Some(escaped) = chars.get(i + 1) {
                                value.push(*escaped);
                            }
                            i += 2;
                        }
                        Some(other) => {
                            value.push(*other);
                            i += 1;
                        }
                    }
                }
                i += 1;
                tokens.push(Token::Word {
                    text: value,
                    quoted: true,
                });
            }
            '%' => return unsupported("a regular expression value"),
            '$' => {
                let start = i;
                while i < chars.len() && !ends_word(chars[i]) {
                    i += 1;
                }
                let selector: String = chars[start..i].iter().collect();
                let Some(path) = selector.strip_prefix("$.") else {
                    return unsupported("a selector that is not `$.field`");
                };
                tokens.push(Token::Selector(normalise_selector(path)));
            }
            _ => {
                let start = i;
                while i < chars.len() && !ends_word(chars[i]) {
                    i += 1;
                }
                if i == start {
                    return unsupported("an unexpected character");
                }
                tokens.push(Token::Word {
                    text: chars[start..i].iter().collect(),
                    quoted: false,
                });
            }
        }
    }
    Ok(tokens)
}

fn ends_word(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '(' | ')' | '{' | '}' | '=' | '!' | '<' | '>' | '&' | '|' | '"'
        )
}

/// `a[0].b` and `a.b` name the same field of the samples (which hold no arrays).
fn normalise_selector(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => in_index = true,
            ']' => in_index = false,
            c if !in_index => out.push(c),
            _ => {}
        }
    }
    out
}

struct Parser<'t> {
    tokens: &'t [Token],
    at: usize,
    precedence: bool,
}

impl<'t> Parser<'t> {
    fn new(tokens: &'t [Token], precedence: bool) -> Self {
        Parser {
            tokens,
            at: 0,
            precedence,
        }
    }

    fn peek(&self) -> Option<&'t Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<&'t Token> {
        let token = self.tokens.get(self.at);
        self.at += 1;
        token
    }

    fn expect(&mut self, token: Token, what: &str) -> Result<(), Unsupported> {
        if self.next() == Some(&token) {
            Ok(())
        } else {
            Err(Unsupported(format!("expected {what}")))
        }
    }

    fn pattern(&mut self) -> Result<Node, Unsupported> {
        if self.peek() != Some(&Token::LeftBrace) {
            return Err(Unsupported("not a JSON filter pattern".to_string()));
        }
        self.at += 1;
        let node = self.expression(0)?;
        self.expect(Token::RightBrace, "`}`")?;
        if self.peek().is_some() {
            return Err(Unsupported("text after the closing `}`".to_string()));
        }
        Ok(node)
    }

    /// Operands joined by `&&` / `||` at one level of parentheses.
    fn expression(&mut self, depth: usize) -> Result<Node, Unsupported> {
        // Patterns are short; this bound only keeps hostile input from exhausting the stack.
        if depth > 64 {
            return Err(Unsupported("parentheses nested too deep".to_string()));
        }
        let mut operands = vec![self.operand(depth)?];
        let mut operators = Vec::new();
        while let Some(token @ (Token::And | Token::Or)) = self.peek() {
            self.at += 1;
            operators.push(token.clone());
            operands.push(self.operand(depth)?);
        }
        let mut operands = operands.into_iter();
        let mut node = operands.next().ok_or_else(|| Unsupported("empty".into()))?;
        if self.precedence {
            // Fold `&&` runs first, then join the runs with `||`.
            let mut alternatives = Vec::new();
            for (operator, operand) in operators.iter().zip(operands) {
                if *operator == Token::And {
                    node = Node::And(Box::new(node), Box::new(operand));
                } else {
                    alternatives.push(node);
                    node = operand;
                }
            }
            for alternative in alternatives.into_iter().rev() {
                node = Node::Or(Box::new(alternative), Box::new(node));
            }
        } else {
            for (operator, operand) in operators.iter().zip(operands) {
                node = if *operator == Token::And {
                    Node::And(Box::new(node), Box::new(operand))
                } else {
                    Node::Or(Box::new(node), Box::new(operand))
                };
            }
        }
        Ok(node)
    }

    fn operand(&mut self, depth: usize) -> Result<Node, Unsupported> {
        match self.next() {
            Some(Token::Open) => {
                let node = self.expression(depth + 1)?;
                self.expect(Token::Close, "`)`")?;
                Ok(node)
            }
            Some(Token::Selector(selector)) => self.condition(selector.clone()),
            _ => Err(Unsupported("expected `$.field` or `(`".to_string())),
        }
    }

    fn condition(&mut self, selector: String) -> Result<Node, Unsupported> {
        let keyword = |token: Option<&Token>, word: &str| matches!(token, Some(Token::Word { text, quoted: false }) if text.eq_ignore_ascii_case(word));
        match self.next() {
            Some(Token::Op(op)) => match self.next() {
                Some(Token::Word { text, quoted }) => Ok(Node::Compare {
                    selector,
                    op: *op,
                    value: Literal {
                        number: if *quoted { None } else { text.parse().ok() },
                        text: text.clone(),
                    },
                }),
                _ => Err(Unsupported("expected a value".to_string())),
            },
            token if keyword(token, "NOT") => {
                if keyword(self.next(), "EXISTS") {
                    Ok(Node::Exists {
                        selector,
                        exists: false,
                    })
                } else {
                    Err(Unsupported("expected `NOT EXISTS`".to_string()))
                }
            }
            token if keyword(token, "EXISTS") => Ok(Node::Exists {
                selector,
                exists: true,
            }),
            token if keyword(token, "IS") => {
                let what = self.next();
                if keyword(what, "NULL") || keyword(what, "TRUE") || keyword(what, "FALSE") {
                    Ok(Node::Is { selector })
                } else {
                    Err(Unsupported(
                        "expected `IS NULL`, `TRUE` or `FALSE`".to_string(),
                    ))
                }
            }
            _ => Err(Unsupported("expected a comparison".to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(fields: &[(&'static str, &'static str)]) -> SampleEvent {
        fields.iter().copied().collect()
    }

    fn api_call(name: &'static str) -> SampleEvent {
        event(&[
            ("eventName", name),
            ("eventSource", "ec2.amazonaws.com"),
            ("eventType", "AwsApiCall"),
            ("userIdentity.type", "IAMUser"),
        ])
    }

    fn parse(text: &str) -> FilterPattern {
        FilterPattern::parse(text).unwrap_or_else(|e| panic!("{text}: {e:?}"))
    }

    #[test]
    fn whitespace_quotes_and_order_do_not_change_the_meaning() {
        let written = [
            "{ ($.eventName = CreateNetworkAcl) || ($.eventName = DeleteNetworkAcl) }",
            "{($.eventName=\"DeleteNetworkAcl\")||($.eventName=\"CreateNetworkAcl\")}",
            "{\n  $.eventName = DeleteNetworkAcl ||\n\t$.eventName = CreateNetworkAcl\n}",
            "{ (($.eventName = CreateNetworkAcl)) || ($.eventName = DeleteNetworkAcl) }",
        ];
        for text in written {
            let pattern = parse(text);
            assert!(pattern.matches(&api_call("CreateNetworkAcl")), "{text}");
            assert!(pattern.matches(&api_call("DeleteNetworkAcl")), "{text}");
            assert!(!pattern.matches(&api_call("CreateVpc")), "{text}");
        }
    }

    #[test]
    fn an_or_of_event_names_matches_only_those_names() {
        let pattern =
            parse("{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = CreateSecurityGroup) }");
        assert!(pattern.matches(&api_call("CreateSecurityGroup")));
        assert!(!pattern.matches(&api_call("RevokeSecurityGroupEgress")));
    }

    #[test]
    fn and_with_root_identity_and_not_exists() {
        let pattern = parse(
            "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }",
        );
        let root = event(&[("userIdentity.type", "Root"), ("eventType", "AwsApiCall")]);
        assert!(pattern.matches(&root));
        let mut invoked = root.clone();
        invoked.insert("userIdentity.invokedBy", "support.amazonaws.com");
        assert!(!pattern.matches(&invoked));
        let user = event(&[
            ("userIdentity.type", "IAMUser"),
            ("eventType", "AwsApiCall"),
        ]);
        assert!(!pattern.matches(&user));
        let service = event(&[
            ("userIdentity.type", "Root"),
            ("eventType", "AwsServiceEvent"),
        ]);
        assert!(!pattern.matches(&service));
    }

    #[test]
    fn wildcards_match_any_run_of_characters() {
        let pattern = parse(
            "{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") }",
        );
        assert!(pattern.matches(&event(&[("errorCode", "Client.UnauthorizedOperation")])));
        assert!(pattern.matches(&event(&[("errorCode", "AccessDeniedException")])));
        assert!(pattern.matches(&event(&[("errorCode", "AccessDenied")])));
        assert!(!pattern.matches(&event(&[("errorCode", "ThrottlingException")])));
        assert!(!pattern.matches(&event(&[("eventName", "GetObject")])));
        assert!(glob("a*b*c", "aXbYc"));
        assert!(!glob("a*b*c", "ac"));
        assert!(glob("*", ""));
    }

    #[test]
    fn numeric_comparisons() {
        let pattern = parse("{ $.bytes > 1000 && $.status != 200 }");
        assert!(pattern.matches(&event(&[("bytes", "1500"), ("status", "404")])));
        assert!(!pattern.matches(&event(&[("bytes", "999"), ("status", "404")])));
        assert!(!pattern.matches(&event(&[("bytes", "1500"), ("status", "200.0")])));
        assert!(!pattern.matches(&event(&[("bytes", "many"), ("status", "404")])));
    }

    #[test]
    fn mixed_operators_without_parentheses_match_under_either_reading() {
        // By precedence `a || (b && c)`; left to right `(a || b) && c`.
        let pattern = parse("{ $.a = 1 || $.b = 2 && $.c = 3 }");
        assert!(pattern.matches(&event(&[("a", "1")])));
        assert!(pattern.matches(&event(&[("b", "2"), ("c", "3")])));
        assert!(!pattern.matches(&event(&[("b", "2")])));
    }

    #[test]
    fn array_indexes_and_keywords() {
        let pattern = parse("{ $.resources[0].type = \"AWS::KMS::Key\" && $.x IS NULL }");
        assert!(!pattern.matches(&event(&[("resources.type", "AWS::KMS::Key")])));
        let pattern = parse("{ $.resources[0].type = \"AWS::KMS::Key\" || $.x exists }");
        assert!(pattern.matches(&event(&[("resources.type", "AWS::KMS::Key")])));
        assert!(pattern.matches(&event(&[("x", "")])));
    }

    #[test]
    fn unsupported_patterns_are_errors_not_guesses() {
        for text in [
            "",
            "ERROR",
            "[ip, user, status=4*]",
            "{ $.eventName = %Delete.*% }",
            "{ $.eventName = ",
            "{ ($.eventName = X }",
            "{ $.eventName = X } trailing",
            "{ eventName = X }",
            "{ $.eventName NOT }",
            "{ \"unterminated }",
        ] {
            assert!(FilterPattern::parse(text).is_err(), "{text:?}");
        }
        let deep = format!("{{ {}$.a = 1{} }}", "(".repeat(500), ")".repeat(500));
        assert!(FilterPattern::parse(&deep).is_err());
    }
}
