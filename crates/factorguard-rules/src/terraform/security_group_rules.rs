//! The three ways Terraform writes a security group rule (an inline block of
//! `aws_security_group`, `aws_security_group_rule` with a `type`, and the per-direction
//! `aws_vpc_security_group_*_rule` resources), found once for every rule that judges them.

use super::eval::{Located, Module, Value};
use super::model::{Attribute, Body};
use super::security_group_admin_port_open::WORLD;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    Ingress,
    Egress,
}

impl Direction {
    fn word(self) -> &'static str {
        match self {
            Direction::Ingress => "ingress",
            Direction::Egress => "egress",
        }
    }
}

/// One security group rule, wherever it was written.
pub(crate) struct GroupRule<'a> {
    /// The resource the finding is reported on.
    pub resource: Located<'a>,
    /// Where the rule's attributes are: the inline block or the rule resource's body.
    pub body: &'a Body,
    pub cidr_attributes: &'static [&'static str],
    pub protocol_attribute: &'static str,
    /// For an inline block, its index among the group's blocks of that direction.
    pub inline_index: Option<usize>,
}

/// Every rule of `direction` in `module`; a rule resource whose `type` is unknown is left out.
pub(crate) fn group_rules<'a>(module: &Module<'a>, direction: Direction) -> Vec<GroupRule<'a>> {
    const CLASSIC: &[&str] = &["cidr_blocks", "ipv6_cidr_blocks"];
    const VPC: &[&str] = &["cidr_ipv4", "cidr_ipv6"];
    let mut rules = Vec::new();
    for group in module.resources("aws_security_group") {
        for (index, block) in group.block.body.blocks(direction.word()).enumerate() {
            rules.push(GroupRule {
                resource: group,
                body: &block.body,
                cidr_attributes: CLASSIC,
                protocol_attribute: "protocol",
                inline_index: Some(index),
            });
        }
    }
    for rule in module.resources("aws_security_group_rule") {
        let kind = rule
            .block
            .body
            .attribute("type")
            .map(|t| module.eval(&t.value));
        if kind.as_ref().and_then(Value::as_str) == Some(direction.word()) {
            rules.push(GroupRule {
                body: &rule.block.body,
                resource: rule,
                cidr_attributes: CLASSIC,
                protocol_attribute: "protocol",
                inline_index: None,
            });
        }
    }
    let per_direction = match direction {
        Direction::Ingress => "aws_vpc_security_group_ingress_rule",
        Direction::Egress => "aws_vpc_security_group_egress_rule",
    };
    for rule in module.resources(per_direction) {
        rules.push(GroupRule {
            body: &rule.block.body,
            resource: rule,
            cidr_attributes: VPC,
            protocol_attribute: "ip_protocol",
            inline_index: None,
        });
    }
    rules
}

/// The first CIDR attribute of `rule` whose known value opens it to the whole internet, with
/// the open CIDR.
pub(crate) fn world_cidr<'b>(
    module: &Module<'_>,
    rule: &GroupRule<'b>,
) -> Option<(&'b Attribute, String)> {
    rule.cidr_attributes.iter().find_map(|name| {
        let attribute = rule.body.attribute(name)?;
        let open = match module.eval(&attribute.value) {
            Value::String(s) => WORLD.contains(&s.as_str()).then_some(s),
            Value::List(items) => items
                .iter()
                .filter_map(Value::as_str)
                .find(|s| WORLD.contains(s))
                .map(str::to_string),
            _ => None,
        }?;
        Some((attribute, open))
    })
}
