//! Factor I, files that must never be committed: keys, dotenv files, state, client credentials,
//! and the `.gitignore` that should keep them out.

pub mod aws_credentials_file;
pub mod docker_config_auth;
pub mod dotenv_committed;
pub mod gcp_service_account_key;
pub mod gitignore_missing_secrets;
pub mod kubeconfig_credentials;
pub mod npmrc_auth_token;
pub mod private_key_file;
pub mod pypirc_password;
pub mod terraform_state_committed;

use factorguard_core::{Rule, SourceFile};
use std::ops::Range;

/// The rules of this module, in id order.
pub fn rules() -> Vec<&'static dyn Rule> {
    vec![
        &private_key_file::PrivateKeyFile,
        &dotenv_committed::DotenvCommitted,
        &terraform_state_committed::TerraformStateCommitted,
        &kubeconfig_credentials::KubeconfigCredentials,
        &npmrc_auth_token::NpmrcAuthToken,
        &pypirc_password::PypircPassword,
        &docker_config_auth::DockerConfigAuth,
        &aws_credentials_file::AwsCredentialsFile,
        &gcp_service_account_key::GcpServiceAccountKey,
        &gitignore_missing_secrets::GitignoreMissingSecrets,
    ]
}

/// Byte ranges of the `n` lines before and after the lines of `span`: the snippet's context,
/// which a rule masks when the neighbours of the flagged line are secret (a key body).
pub(crate) fn context_lines(file: &SourceFile, span: &Range<usize>, n: usize) -> Vec<Range<usize>> {
    let index = file.line_index();
    let first = index.line_of(span.start);
    let last = index.line_of(span.end.saturating_sub(1).max(span.start));
    let mut ranges = Vec::new();
    for line in first.saturating_sub(n)..first {
        ranges.push(index.line_range(line, file.bytes));
    }
    for line in last + 1..=(last + n).min(index.line_count().saturating_sub(1)) {
        ranges.push(index.line_range(line, file.bytes));
    }
    ranges.retain(|r| !r.is_empty());
    ranges
}

/// The ranges of `values` the snippet of a finding at `span` can show (the span's lines and
/// their neighbours), so a rule masks every secret near the flagged line, not just its own.
pub(crate) fn values_near(
    file: &SourceFile,
    span: &Range<usize>,
    values: impl IntoIterator<Item = Range<usize>>,
) -> Vec<Range<usize>> {
    const REACH: usize = 2;
    let index = file.line_index();
    let first = index.line_of(span.start).saturating_sub(REACH);
    let last = index.line_of(span.end.saturating_sub(1).max(span.start)) + REACH;
    values
        .into_iter()
        .filter(|r| {
            !r.is_empty() && index.line_of(r.start) <= last && index.line_of(r.end) >= first
        })
        .collect()
}
