//! FG3072 `lambda-environment-secret`: a secret as a plain Lambda environment variable.

use super::eval::{Module, Value};
use super::plain_secrets::{report_masked, secret_in_entry};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3072",
    slug: "lambda-environment-secret",
    title: "Secret in a Lambda environment variable",
    factor: Factor::III,
    stride: &[Stride::Spoofing, Stride::InformationDisclosure],
    cia: &[Cia::Confidentiality],
    default_severity: Severity::High,
    remediation: "Keep the secret in Secrets Manager or SSM Parameter Store and read it at start-up (the Parameters and Secrets Lambda extension caches it); pass only its name in the environment.",
    spec: "III. Config — secrets passed as plain values in Lambda env",
    references: &[
        "https://cwe.mitre.org/data/definitions/798.html",
        "https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html",
    ],
    doc: r#"## What it does
Evaluates `environment { variables = {...} }` of `aws_lambda_function` resources and reports
each variable whose value the secrets engine's detectors recognise as a credential (reported
with the detector's title), or whose name says it holds one (`DB_PASSWORD`, `API_TOKEN`) and
whose value is a plain, non-placeholder string. Values that are unknown before apply (another
resource's attribute, a variable without value) are not reported. Values are never shown.

## Why is this bad?
Lambda environment variables are returned in clear by `lambda:GetFunctionConfiguration` to
anyone allowed to read the function, shown in the console, and stored in the repository and the
Terraform state. They cannot be rotated without a deploy.

## How to fix
Store the secret in Secrets Manager, give the function's role `secretsmanager:GetSecretValue`
on that one secret, and pass only the secret's ARN in the environment.

## Example
```hcl
resource "aws_lambda_function" "billing" {
  function_name = "billing"
  role          = aws_iam_role.billing.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "billing.zip"

  environment {
    variables = {
      PAYMENT_API_KEY = "pk9Wq2Rt7Yx4Lm8Nb3Vc6Zd1"
    }
  }
}
```
Use instead:
```hcl
resource "aws_lambda_function" "billing" {
  function_name = "billing"
  role          = aws_iam_role.billing.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "billing.zip"

  environment {
    variables = {
      PAYMENT_API_KEY_SECRET_ARN = aws_secretsmanager_secret.payment_api_key.arn
    }
  }
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for function in module.resources("aws_lambda_function") {
        for environment in function.block.body.blocks("environment") {
            let Some(variables) = environment.body.attribute("variables") else {
                continue;
            };
            let Value::Object(entries) = module.eval(&variables.value) else {
                continue;
            };
            for (name, value) in &entries {
                let Some(value) = value.to_text() else {
                    continue;
                };
                if let Some(what) = secret_in_entry(name, &value) {
                    report_masked(
                        out,
                        &META,
                        &function,
                        &variables.loc,
                        format!(
                            "`{}` passes `{name}` as a plain environment variable ({what}): anyone who can read the function's configuration reads it",
                            function.address()
                        ),
                        name,
                    );
                }
            }
        }
    }
}
