//! FG3077 `dynamodb-table-no-cmk`: a DynamoDB table not encrypted with a customer-managed key.

use super::eval::Module;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3077",
    slug: "dynamodb-table-no-cmk",
    title: "DynamoDB table not encrypted with a customer-managed KMS key",
    factor: Factor::IV,
    stride: &[Stride::InformationDisclosure],
    cia: &[Cia::Confidentiality],
    default_severity: Severity::Low,
    remediation: "Add `server_side_encryption { enabled = true, kms_key_arn = aws_kms_key.<name>.arn }` to the table.",
    spec: "Infrastructure as code — DynamoDB encryption",
    references: &[
        "https://cwe.mitre.org/data/definitions/311.html",
        "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html",
    ],
    doc: r#"## What it does
Finds `aws_dynamodb_table` resources without a `server_side_encryption` block, with
`enabled` missing or `false`, or without a `kms_key_arn`. In each of these cases the table is
encrypted with a key AWS owns or manages, not one you control. An unknown value is not
reported.

## Why is this bad?
With an AWS-owned or AWS-managed key, the key policy cannot be narrowed, CloudTrail shows no
key use per caller, and access to the data cannot be cut off by disabling the key. Anyone with
`dynamodb:*` on the table reads it.

## How to fix
Encrypt the table with a customer-managed KMS key whose policy grants decryption only to the
application's roles.

## Example
```hcl
resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
}
```
Use instead:
```hcl
resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.orders.arn
  }
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for table in module.resources("aws_dynamodb_table") {
        let address = table.address();
        let Some(encryption) = table.block.body.blocks("server_side_encryption").next() else {
            super::report(
                out,
                &META,
                &table,
                &table.block.header,
                format!("`{address}` has no `server_side_encryption`: it uses an AWS-owned key you cannot control"),
                "",
            );
            continue;
        };
        let (at, why) = match encryption.body.attribute("enabled") {
            None => (
                &encryption.header,
                "does not set `server_side_encryption.enabled`",
            ),
            Some(enabled) => match module.eval(&enabled.value).as_bool() {
                Some(false) => (&enabled.loc, "has `server_side_encryption.enabled = false`"),
                Some(true) => match encryption.body.attribute("kms_key_arn") {
                    None => (&encryption.header, "sets no `kms_key_arn`"),
                    Some(key) => {
                        let key_value = module.eval(&key.value);
                        if key_value.as_str() == Some("") || key_value == super::eval::Value::Null {
                            (&key.loc, "has an empty `kms_key_arn`")
                        } else {
                            continue;
                        }
                    }
                },
                None => continue,
            },
        };
        super::report(
            out,
            &META,
            &table,
            at,
            format!("`{address}` {why}: it is not encrypted with a customer-managed key"),
            "",
        );
    }
}
