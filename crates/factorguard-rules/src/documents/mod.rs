//! Parsed documents shared by every analyzer: each file is parsed at most once per format
//! (through `SourceFile::parsed`) and every node keeps its byte span.

pub mod dotenv;
pub mod ini;
pub mod json;
pub mod tree;
pub mod yaml;

pub use json::JsonDocument;
pub use tree::{Entry, Node, Step, Value};
pub use yaml::YamlDocument;
