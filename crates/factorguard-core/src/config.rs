//! `factorguard.toml`: rule selection, severity overrides, excluded paths, per-path overrides
//! and the gate. Unknown keys and bad values are errors that name the file, line and problem.

use crate::model::Severity;
use crate::registry::Registry;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The file name looked up at the scanned root.
pub const CONFIG_FILE_NAME: &str = "factorguard.toml";

/// The gate used when neither the config nor `--fail-on` sets one.
pub const DEFAULT_FAIL_ON: Threshold = Threshold::At(Severity::High);

#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(
    title = "factorguard.toml",
    description = "Configuration of factorguard, found at the scanned root or given with --config."
)]
pub struct Config {
    #[serde(default)]
    pub scan: ScanConfig,
    #[serde(default)]
    pub gate: GateConfig,
    #[serde(default)]
    pub rules: RulesConfig,
    /// Per-path adjustments, applied in order (later entries win).
    #[serde(default)]
    pub overrides: Vec<Override>,
    #[serde(default)]
    pub terraform: TerraformConfig,
}

/// Settings of the Terraform analyzer.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TerraformConfig {
    /// Variable files to load, as `terraform plan -var-file` would, per root module directory:
    /// `"infra" = ["infra/env/prod.tfvars"]` (paths relative to the scanned root; `"."` is the
    /// root itself). They are applied after `terraform.tfvars` and `*.auto.tfvars`, in order.
    #[serde(default)]
    pub var_files: BTreeMap<String, Vec<String>>,
    /// Tags every taggable resource must carry (compared case-insensitively); the provider's
    /// `default_tags` count. An empty list turns the tag check off.
    #[serde(default = "default_required_tags")]
    pub required_tags: Vec<String>,
}

fn default_required_tags() -> Vec<String> {
    vec!["owner".to_string()]
}

impl Default for TerraformConfig {
    fn default() -> Self {
        TerraformConfig {
            var_files: BTreeMap::new(),
            required_tags: default_required_tags(),
        }
    }
}

#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ScanConfig {
    /// Glob patterns (gitignore-style, relative to the root) of paths never scanned.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Files larger than this are skipped and counted: bytes, or a string such as "10MiB".
    #[serde(default)]
    pub max_file_size: Option<ByteSize>,
    /// Also scan files that .gitignore excludes (same as --no-ignore).
    #[serde(default)]
    pub no_ignore: bool,
    /// Also scan vendored and generated trees (node_modules, vendor, target, .terraform, ...).
    #[serde(default)]
    pub include_vendored: bool,
}

#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GateConfig {
    /// Fail (exit 1) when an active finding is at or above this severity; "never" reports only.
    #[serde(default)]
    pub fail_on: Option<Threshold>,
}

#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RulesConfig {
    /// Rules to run: ids (FG1001), slugs, id prefixes (FG1), factors (III) or ALL. Default ALL.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub select: Vec<Spanned<String>>,
    /// Rules not to run, same selectors as `select`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub ignore: Vec<Spanned<String>>,
    /// Severity overrides by selector.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Severity>")]
    pub severity: BTreeMap<Spanned<String>, Severity>,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Override {
    /// Glob patterns of the paths this override applies to.
    #[schemars(with = "Vec<String>")]
    pub paths: Vec<Spanned<String>>,
    /// Rules whose findings in these paths are suppressed (kept in JSON/SARIF as suppressed).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub ignore: Vec<Spanned<String>>,
    /// Severity overrides in these paths.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Severity>")]
    pub severity: BTreeMap<Spanned<String>, Severity>,
    /// Why this override exists (kept with suppressed findings).
    #[serde(default)]
    pub reason: Option<String>,
}

/// A gate threshold: a severity or `never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(try_from = "String", into = "String")]
pub enum Threshold {
    At(Severity),
    Never,
}

impl Threshold {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Threshold::At(s) => Some(s),
            Threshold::Never => None,
        }
    }
}

impl TryFrom<String> for Threshold {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl std::str::FromStr for Threshold {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if s.eq_ignore_ascii_case("never") || s.eq_ignore_ascii_case("none") {
            Ok(Threshold::Never)
        } else {
            s.parse::<Severity>()
                .map(Threshold::At)
                .map_err(|e| format!("{e}, or never"))
        }
    }
}

impl From<Threshold> for String {
    fn from(t: Threshold) -> String {
        match t {
            Threshold::At(s) => s.to_string(),
            Threshold::Never => "never".into(),
        }
    }
}

/// A size in bytes, written as a number or as "512KiB" / "10MiB" / "1GiB".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(try_from = "ByteSizeRepr", into = "u64")]
#[schemars(with = "ByteSizeRepr")]
pub struct ByteSize(pub u64);

#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
enum ByteSizeRepr {
    Bytes(u64),
    Text(String),
}

impl From<ByteSize> for u64 {
    fn from(b: ByteSize) -> u64 {
        b.0
    }
}

impl TryFrom<ByteSizeRepr> for ByteSize {
    type Error = String;
    fn try_from(repr: ByteSizeRepr) -> Result<Self, String> {
        match repr {
            ByteSizeRepr::Bytes(n) => Ok(ByteSize(n)),
            ByteSizeRepr::Text(text) => text.parse(),
        }
    }
}

impl std::str::FromStr for ByteSize {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let t = text.trim();
        let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let (digits, unit) = t.split_at(split);
        let n: u64 = digits
            .parse()
            .map_err(|_| format!("`{text}` is not a size (write e.g. 10MiB)"))?;
        let factor = match unit.trim().to_ascii_lowercase().as_str() {
            "" | "b" => 1,
            "k" | "kb" | "kib" => 1 << 10,
            "m" | "mb" | "mib" => 1 << 20,
            "g" | "gb" | "gib" => 1 << 30,
            _ => {
                return Err(format!(
                    "`{text}` has an unknown unit (use B, KiB, MiB or GiB)"
                ))
            }
        };
        Ok(ByteSize(n * factor))
    }
}

/// A configuration error, located in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

/// A loaded config, with the text it came from (for locating later validation errors).
#[derive(Debug)]
pub struct LoadedConfig {
    pub config: Config,
    pub path: Option<PathBuf>,
    source: String,
}

impl LoadedConfig {
    pub fn default_config() -> Self {
        LoadedConfig {
            config: Config::default(),
            path: None,
            source: String::new(),
        }
    }

    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let source = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            line: None,
            column: None,
            message: format!("cannot read the configuration: {e}"),
        })?;
        Self::parse(path, source)
    }

    pub fn parse(path: &Path, source: String) -> Result<Self, ConfigError> {
        match toml::from_str::<Config>(&source) {
            Ok(config) => Ok(LoadedConfig {
                config,
                path: Some(path.to_path_buf()),
                source,
            }),
            Err(e) => {
                let (line, column) = match e.span() {
                    Some(span) => line_col(&source, span.start),
                    None => (None, None),
                };
                Err(ConfigError {
                    path: path.to_path_buf(),
                    line,
                    column,
                    message: e.message().trim().to_string(),
                })
            }
        }
    }

    /// An error about the value at `span` of the config file.
    pub fn error_at(&self, span: std::ops::Range<usize>, message: String) -> ConfigError {
        let (line, column) = line_col(&self.source, span.start);
        ConfigError {
            path: self
                .path
                .clone()
                .unwrap_or_else(|| PathBuf::from(CONFIG_FILE_NAME)),
            line,
            column,
            message,
        }
    }

    /// Resolve a selector written in the config, or say where it is wrong.
    pub fn resolve(
        &self,
        registry: &Registry,
        selector: &Spanned<String>,
    ) -> Result<Vec<&'static str>, ConfigError> {
        registry
            .resolve(selector.get_ref())
            .map_err(|message| self.error_at(selector.span(), message))
    }
}

fn line_col(source: &str, offset: usize) -> (Option<usize>, Option<usize>) {
    let offset = offset.min(source.len());
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map(|l| l.chars().count() + 1);
    (Some(line), column)
}

/// The JSON Schema of `factorguard.toml` (published as docs/config-schema.json).
pub fn config_json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Config)).expect("schema serialises")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<LoadedConfig, ConfigError> {
        LoadedConfig::parse(Path::new("factorguard.toml"), text.to_string())
    }

    #[test]
    fn parses_a_full_config() {
        let loaded = parse(
            r#"
[scan]
exclude = ["tests/fixtures/**"]
max-file-size = "10MiB"

[gate]
fail-on = "medium"

[rules]
select = ["ALL"]
ignore = ["FG1007"]
severity = { FG1001 = "low" }

[[overrides]]
paths = ["examples/**"]
ignore = ["I"]
reason = "planted problems"
"#,
        )
        .unwrap();
        let c = loaded.config;
        assert_eq!(c.scan.max_file_size, Some(ByteSize(10 << 20)));
        assert_eq!(c.gate.fail_on, Some(Threshold::At(Severity::Medium)));
        assert_eq!(c.rules.ignore[0].get_ref(), "FG1007");
        assert_eq!(c.overrides.len(), 1);
    }

    #[test]
    fn unknown_key_names_file_line_and_key() {
        let err = parse("[scan]\nexclude = []\nexlude = []\n").unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(err.message.contains("exlude"), "{}", err.message);
        assert!(err.to_string().starts_with("factorguard.toml:3:"));
    }

    #[test]
    fn bad_severity_is_an_error() {
        let err = parse("[gate]\nfail-on = \"urgent\"\n").unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("urgent"));
    }

    #[test]
    fn syntax_error_is_located() {
        let err = parse("[scan\nexclude = 1\n").unwrap_err();
        assert_eq!(err.line, Some(1));
    }

    #[test]
    fn sizes_parse() {
        assert_eq!("512KiB".parse::<ByteSize>().unwrap(), ByteSize(512 << 10));
        assert_eq!("2 GiB".parse::<ByteSize>().unwrap(), ByteSize(2 << 30));
        assert!("ten".parse::<ByteSize>().is_err());
        assert!("5 parsecs".parse::<ByteSize>().is_err());
    }
}
