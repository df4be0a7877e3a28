//! The vocabulary every finding is classified by: severity, twelve-factor factor, STRIDE and CIA.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How bad a finding is. Ordered: `Info < Low < Medium < High < Critical`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "info" => Ok(Severity::Info),
            "low" => Ok(Severity::Low),
            "medium" => Ok(Severity::Medium),
            "high" => Ok(Severity::High),
            "critical" => Ok(Severity::Critical),
            other => Err(format!(
                "unknown severity `{other}` (expected critical, high, medium, low or info)"
            )),
        }
    }
}

/// How sure a rule is that the finding is real (separate from how bad it would be).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

/// The twelve factors, I to XII.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub enum Factor {
    I,
    II,
    III,
    IV,
    V,
    VI,
    VII,
    VIII,
    IX,
    X,
    XI,
    XII,
}

impl Factor {
    pub const ALL: [Factor; 12] = [
        Factor::I,
        Factor::II,
        Factor::III,
        Factor::IV,
        Factor::V,
        Factor::VI,
        Factor::VII,
        Factor::VIII,
        Factor::IX,
        Factor::X,
        Factor::XI,
        Factor::XII,
    ];

    pub fn numeral(self) -> &'static str {
        match self {
            Factor::I => "I",
            Factor::II => "II",
            Factor::III => "III",
            Factor::IV => "IV",
            Factor::V => "V",
            Factor::VI => "VI",
            Factor::VII => "VII",
            Factor::VIII => "VIII",
            Factor::IX => "IX",
            Factor::X => "X",
            Factor::XI => "XI",
            Factor::XII => "XII",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Factor::I => "Codebase",
            Factor::II => "Dependencies",
            Factor::III => "Config",
            Factor::IV => "Backing services",
            Factor::V => "Build, release, run",
            Factor::VI => "Processes",
            Factor::VII => "Port binding",
            Factor::VIII => "Concurrency",
            Factor::IX => "Disposability",
            Factor::X => "Dev/prod parity",
            Factor::XI => "Logs",
            Factor::XII => "Admin processes",
        }
    }
}

impl fmt::Display for Factor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.numeral())
    }
}

impl FromStr for Factor {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let upper = s.trim().to_ascii_uppercase();
        let numeral = upper.strip_prefix("FACTOR:").unwrap_or(&upper);
        Factor::ALL
            .into_iter()
            .find(|f| f.numeral() == numeral)
            .ok_or_else(|| format!("unknown factor `{s}` (expected I to XII)"))
    }
}

/// STRIDE threat categories.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Stride {
    Spoofing,
    Tampering,
    Repudiation,
    InformationDisclosure,
    DenialOfService,
    ElevationOfPrivilege,
}

impl Stride {
    pub const ALL: [Stride; 6] = [
        Stride::Spoofing,
        Stride::Tampering,
        Stride::Repudiation,
        Stride::InformationDisclosure,
        Stride::DenialOfService,
        Stride::ElevationOfPrivilege,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stride::Spoofing => "spoofing",
            Stride::Tampering => "tampering",
            Stride::Repudiation => "repudiation",
            Stride::InformationDisclosure => "information-disclosure",
            Stride::DenialOfService => "denial-of-service",
            Stride::ElevationOfPrivilege => "elevation-of-privilege",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Stride::Spoofing => "Spoofing",
            Stride::Tampering => "Tampering",
            Stride::Repudiation => "Repudiation",
            Stride::InformationDisclosure => "Information disclosure",
            Stride::DenialOfService => "Denial of service",
            Stride::ElevationOfPrivilege => "Elevation of privilege",
        }
    }
}

impl fmt::Display for Stride {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// The CIA property a finding puts at stake.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Cia {
    Confidentiality,
    Integrity,
    Availability,
}

impl Cia {
    pub const ALL: [Cia; 3] = [Cia::Confidentiality, Cia::Integrity, Cia::Availability];

    pub fn as_str(self) -> &'static str {
        match self {
            Cia::Confidentiality => "confidentiality",
            Cia::Integrity => "integrity",
            Cia::Availability => "availability",
        }
    }
}

impl fmt::Display for Cia {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_orders_and_parses() {
        assert!(Severity::Critical > Severity::High);
        assert!(Severity::Info < Severity::Low);
        assert_eq!("HIGH".parse::<Severity>().unwrap(), Severity::High);
        assert!("urgent".parse::<Severity>().is_err());
    }

    #[test]
    fn factor_parses_numerals() {
        assert_eq!("vi".parse::<Factor>().unwrap(), Factor::VI);
        assert_eq!("factor:XII".parse::<Factor>().unwrap(), Factor::XII);
        assert!("XIII".parse::<Factor>().is_err());
    }
}
