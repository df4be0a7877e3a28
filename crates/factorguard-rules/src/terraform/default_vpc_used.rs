//! FG3069 `default-vpc-used`: the module adopts the account's default VPC.

use super::eval::Module;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3069",
    slug: "default-vpc-used",
    title: "Resources placed in the default VPC",
    factor: Factor::VII,
    stride: &[Stride::InformationDisclosure, Stride::ElevationOfPrivilege],
    cia: &[Cia::Confidentiality],
    default_severity: Severity::Low,
    remediation: "Create a VPC of your own (`aws_vpc`) with private subnets for the application, and leave the default VPC unused or delete it.",
    spec: "VII. Port binding — default VPC/SG use",
    references: &[
        "https://cwe.mitre.org/data/definitions/1188.html",
        "https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html",
    ],
    doc: r#"## What it does
Reports every `aws_default_vpc` resource that exists (a `count` known to be 0 removes it; an
unknown `count` is not reported). Declaring it is how a configuration puts resources into the
account's default VPC.

## Why is this bad?
The default VPC has only public subnets: every subnet routes to an internet gateway and gives
instances a public IP address by default. Anything placed there is one security group mistake
away from the internet, and it shares the network with whatever else was ever launched without
a VPC.

## How to fix
Build a dedicated VPC with private subnets for application and data tiers, public subnets only
for load balancers, and flow logs.

## Example
```hcl
resource "aws_default_vpc" "default" {}

resource "aws_instance" "app" {
  ami           = "ami-0c1a7f89451184c8b"
  instance_type = "t3.small"
}
```
Use instead:
```hcl
resource "aws_vpc" "main" {
  cidr_block = "10.20.0.0/16"
}

resource "aws_subnet" "private" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.20.1.0/24"
}

resource "aws_instance" "app" {
  ami           = "ami-0c1a7f89451184c8b"
  instance_type = "t3.small"
  subnet_id     = aws_subnet.private.id
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for vpc in module.resources("aws_default_vpc") {
        // An unknown `count` may well be 0.
        let exists = vpc
            .block
            .body
            .attribute("count")
            .is_none_or(|count| module.eval(&count.value).as_number().is_some());
        if !exists {
            continue;
        }
        super::report(
            out,
            &META,
            &vpc,
            &vpc.block.header,
            format!(
                "`{}` adopts the default VPC: its subnets are all public and shared with anything launched without a VPC",
                vpc.address()
            ),
            "",
        );
    }
}
