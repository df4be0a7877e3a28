//! One rule per CIS CloudWatch metric (FG3022–FG3036), each checking the chain trail → metric
//! filter → alarm → action of [`super::cis_metric_chain`] for its own events, so that a metric
//! can be selected or waived on its own.

use super::cis_metric_chain::{self as chain, Events, Metric, Sample};
use super::eval::Module;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

const SIGNIN: [(&str, &str); 4] = [
    ("eventName", "ConsoleLogin"),
    ("eventSource", "signin.amazonaws.com"),
    ("eventType", "AwsConsoleSignIn"),
    ("awsRegion", "us-east-1"),
];

static UNAUTHORIZED: [Sample; 3] = [
    Sample {
        label: "a call denied with `Client.UnauthorizedOperation`",
        fields: &[
            ("eventName", "RunInstances"),
            ("eventSource", "ec2.amazonaws.com"),
            ("eventType", "AwsApiCall"),
            ("errorCode", "Client.UnauthorizedOperation"),
            ("sourceIPAddress", "198.51.100.20"),
            ("userIdentity.type", "IAMUser"),
        ],
    },
    Sample {
        label: "a call denied with `AccessDenied`",
        fields: &[
            ("eventName", "GetBucketPolicy"),
            ("eventSource", "s3.amazonaws.com"),
            ("eventType", "AwsApiCall"),
            ("errorCode", "AccessDenied"),
            ("sourceIPAddress", "198.51.100.20"),
            ("userIdentity.type", "IAMUser"),
        ],
    },
    Sample {
        label: "a call denied with `AccessDeniedException`",
        fields: &[
            ("eventName", "Decrypt"),
            ("eventSource", "kms.amazonaws.com"),
            ("eventType", "AwsApiCall"),
            ("errorCode", "AccessDeniedException"),
            ("sourceIPAddress", "198.51.100.20"),
            ("userIdentity.type", "AssumedRole"),
        ],
    },
];

static SIGNIN_WITHOUT_MFA: [Sample; 1] = [Sample {
    label: "a successful `ConsoleLogin` without MFA",
    fields: &[
        SIGNIN[0],
        SIGNIN[1],
        SIGNIN[2],
        SIGNIN[3],
        ("userIdentity.type", "IAMUser"),
        ("responseElements.ConsoleLogin", "Success"),
        ("additionalEventData.MFAUsed", "No"),
    ],
}];

static ROOT_USAGE: [Sample; 2] = [
    Sample {
        label: "an API call by the root user",
        fields: &[
            ("eventName", "ListBuckets"),
            ("eventSource", "s3.amazonaws.com"),
            ("eventType", "AwsApiCall"),
            ("sourceIPAddress", "198.51.100.20"),
            ("userIdentity.type", "Root"),
        ],
    },
    Sample {
        label: "a console sign-in by the root user",
        fields: &[
            SIGNIN[0],
            SIGNIN[1],
            SIGNIN[2],
            SIGNIN[3],
            ("userIdentity.type", "Root"),
            ("responseElements.ConsoleLogin", "Success"),
            ("additionalEventData.MFAUsed", "Yes"),
        ],
    },
];

static CONSOLE_FAILURES: [Sample; 1] = [Sample {
    label: "a failed `ConsoleLogin`",
    fields: &[
        SIGNIN[0],
        SIGNIN[1],
        SIGNIN[2],
        SIGNIN[3],
        ("userIdentity.type", "IAMUser"),
        ("errorMessage", "Failed authentication"),
        ("responseElements.ConsoleLogin", "Failure"),
    ],
}];

/// One CIS metric rule: its metadata and docs from the parts that differ between metrics, its
/// check the shared chain walk.
macro_rules! cis_metric {
    (
        $module:ident,
        id: $id:literal,
        slug: $slug:literal,
        title: $title:literal,
        stride: [$($stride:expr),*],
        key: $key:literal,
        resource: $resource:literal,
        what: $what:literal,
        matches: $matches:literal,
        why: $why:literal,
        pattern: $pattern:literal,
        events: $events:expr $(,)?
    ) => {
        pub mod $module {
            use super::*;

            pub static META: RuleMeta = RuleMeta {
                id: $id,
                slug: $slug,
                title: $title,
                factor: Factor::XI,
                stride: &[$($stride),*],
                cia: &[Cia::Integrity],
                default_severity: Severity::Medium,
                remediation: concat!("Add an `aws_cloudwatch_log_metric_filter` on the trail's log group whose pattern matches ", $what, ", an `aws_cloudwatch_metric_alarm` on its metric, and an SNS topic in the alarm's `alarm_actions`."),
                spec: "XI. Logs — CloudTrail-to-CloudWatch metric filters with alarms",
                references: &[
                    "https://cwe.mitre.org/data/definitions/778.html",
                    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html",
                    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html",
                ],
                doc: concat!(
                    "## What it does\n",
                    "For every `aws_cloudtrail` whose `cloud_watch_logs_group_arn` is built from an ",
                    "`aws_cloudwatch_log_group` of the module, follows the CIS chain for ", $what, ": an ",
                    "`aws_cloudwatch_log_metric_filter` on that log group (its `log_group_name` refers to the ",
                    "group or equals its name) whose pattern matches ", $matches, "; an ",
                    "`aws_cloudwatch_metric_alarm` on the filter's `metric_transformation` name and namespace; ",
                    "and a non-empty `alarm_actions`. The pattern is parsed, not compared as text: spacing, ",
                    "quoting, parentheses and the order of the terms do not matter, and a pattern that adds a ",
                    "condition ordinary events fail (a root identity, say) does not count. The finding names ",
                    "the missing link, at the trail (or at the filter's `pattern` when the pattern falls short), ",
                    "with the address `<trail> metric ", $key, "`. A pattern, log group, metric or action not known ",
                    "before apply, or a pattern this parser does not model (regular expressions, non-JSON ",
                    "patterns), is not reported.\n\n",
                    "## Why is this bad?\n",
                    $why, " The trail records it, but without a filter, an alarm and someone subscribed to ",
                    "the alarm, nobody learns of it until an investigation reads the logs — if one ever ",
                    "does.\n\n",
                    "## How to fix\n",
                    "Add the metric filter, the alarm and an SNS topic with a subscriber, as below.\n\n",
                    "## Example\n",
                    "```hcl\n",
                    "resource \"aws_cloudtrail\" \"main\" {\n",
                    "  name                       = \"main\"\n",
                    "  s3_bucket_name             = aws_s3_bucket.trail.id\n",
                    "  cloud_watch_logs_group_arn = \"${aws_cloudwatch_log_group.trail.arn}:*\"\n",
                    "  cloud_watch_logs_role_arn  = aws_iam_role.trail_to_logs.arn\n",
                    "}\n",
                    "```\n",
                    "Use instead (with the trail unchanged):\n",
                    "```hcl\n",
                    "resource \"aws_cloudwatch_log_metric_filter\" \"", $resource, "\" {\n",
                    "  name           = \"", $key, "\"\n",
                    "  log_group_name = aws_cloudwatch_log_group.trail.name\n",
                    "  pattern        = \"", $pattern, "\"\n",
                    "\n",
                    "  metric_transformation {\n",
                    "    name      = \"", $key, "\"\n",
                    "    namespace = \"CISBenchmark\"\n",
                    "    value     = \"1\"\n",
                    "  }\n",
                    "}\n",
                    "\n",
                    "resource \"aws_cloudwatch_metric_alarm\" \"", $resource, "\" {\n",
                    "  alarm_name          = \"", $key, "\"\n",
                    "  metric_name         = aws_cloudwatch_log_metric_filter.", $resource, ".metric_transformation[0].name\n",
                    "  namespace           = \"CISBenchmark\"\n",
                    "  statistic           = \"Sum\"\n",
                    "  period              = 300\n",
                    "  evaluation_periods  = 1\n",
                    "  threshold           = 1\n",
                    "  comparison_operator = \"GreaterThanOrEqualToThreshold\"\n",
                    "  alarm_actions       = [aws_sns_topic.security_alerts.arn]\n",
                    "}\n",
                    "```\n",
                ),
            };

            static METRIC: Metric = Metric {
                key: $key,
                what: $what,
                events: $events,
            };

            pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
                chain::check(module, out, &META, &METRIC);
            }
        }
    };
}

cis_metric!(
    unauthorized_api_calls,
    id: "FG3022",
    slug: "cis-unauthorized-api-calls-alarm-missing",
    title: "No alarm on unauthorized API calls",
    stride: [Stride::Repudiation, Stride::InformationDisclosure, Stride::ElevationOfPrivilege],
    key: "unauthorized-api-calls",
    resource: "unauthorized_api_calls",
    what: "unauthorized API calls",
    matches: "denied API calls (`*UnauthorizedOperation`, `AccessDenied*`)",
    why: "Repeated `AccessDenied` and `UnauthorizedOperation` errors are what an attacker probing stolen credentials produces, and what a misconfigured deployment produces before it fails in production.",
    pattern: "{ ($.errorCode = \\\"*UnauthorizedOperation\\\") || ($.errorCode = \\\"AccessDenied*\\\") }",
    events: Events::Samples {
            samples: &UNAUTHORIZED,
            markers: &[
                ("errorCode", Some("AccessDenied")),
                ("errorCode", Some("Client.UnauthorizedOperation")),
            ],
        },
);

cis_metric!(
    console_signin_without_mfa,
    id: "FG3023",
    slug: "cis-console-signin-without-mfa-alarm-missing",
    title: "No alarm on console sign-in without MFA",
    stride: [Stride::Repudiation, Stride::Spoofing],
    key: "console-signin-without-mfa",
    resource: "console_signin_without_mfa",
    what: "console sign-ins without MFA",
    matches: "successful `ConsoleLogin` events with `additionalEventData.MFAUsed` = `No`",
    why: "A console session opened with a password alone is the one a phished or reused password gives an attacker.",
    pattern: "{ ($.eventName = \\\"ConsoleLogin\\\") && ($.additionalEventData.MFAUsed != \\\"Yes\\\") }",
    events: Events::Samples {
            samples: &SIGNIN_WITHOUT_MFA,
            markers: &[("additionalEventData.MFAUsed", None)],
        },
);

cis_metric!(
    root_account_usage,
    id: "FG3024",
    slug: "cis-root-account-usage-alarm-missing",
    title: "No alarm on root account use",
    stride: [Stride::Repudiation, Stride::ElevationOfPrivilege],
    key: "root-usage",
    resource: "root_usage",
    what: "use of the root account",
    matches: "API calls and console sign-ins by `userIdentity.type = Root`",
    why: "The root user bypasses every IAM policy and permission boundary; day-to-day work never needs it, so any use is worth a look.",
    pattern: "{ $.userIdentity.type = \\\"Root\\\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \\\"AwsServiceEvent\\\" }",
    events: Events::Samples {
            samples: &ROOT_USAGE,
            markers: &[("userIdentity.type", Some("Root"))],
        },
);

cis_metric!(
    iam_policy_changes,
    id: "FG3025",
    slug: "cis-iam-policy-changes-alarm-missing",
    title: "No alarm on IAM policy changes",
    stride: [Stride::Repudiation, Stride::ElevationOfPrivilege],
    key: "iam-policy-changes",
    resource: "iam_policy_changes",
    what: "IAM policy changes",
    matches: "successful calls to `iam.amazonaws.com` named `DeleteGroupPolicy`, `DeleteRolePolicy`, `DeleteUserPolicy`, `PutGroupPolicy`, `PutRolePolicy`, `PutUserPolicy`, `CreatePolicy`, `DeletePolicy`, `CreatePolicyVersion`, `DeletePolicyVersion`, `AttachRolePolicy`, `DetachRolePolicy`, `AttachUserPolicy`, `DetachUserPolicy`, `AttachGroupPolicy`, `DetachGroupPolicy`, by an ordinary IAM user",
    why: "Granting oneself more permissions is the usual second step after a foothold.",
    pattern: "{ ($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy) }",
    events: Events::Api {
            source: "iam.amazonaws.com",
            names: &[
                "DeleteGroupPolicy",
                "DeleteRolePolicy",
                "DeleteUserPolicy",
                "PutGroupPolicy",
                "PutRolePolicy",
                "PutUserPolicy",
                "CreatePolicy",
                "DeletePolicy",
                "CreatePolicyVersion",
                "DeletePolicyVersion",
                "AttachRolePolicy",
                "DetachRolePolicy",
                "AttachUserPolicy",
                "DetachUserPolicy",
                "AttachGroupPolicy",
                "DetachGroupPolicy",
            ],
        },
);

cis_metric!(
    cloudtrail_changes,
    id: "FG3026",
    slug: "cis-cloudtrail-changes-alarm-missing",
    title: "No alarm on CloudTrail configuration changes",
    stride: [Stride::Repudiation, Stride::Tampering],
    key: "cloudtrail-changes",
    resource: "cloudtrail_changes",
    what: "CloudTrail configuration changes",
    matches: "successful calls to `cloudtrail.amazonaws.com` named `CreateTrail`, `UpdateTrail`, `DeleteTrail`, `StartLogging`, `StopLogging`, by an ordinary IAM user",
    why: "Stopping or redirecting the trail is how an intruder erases the record of what comes next.",
    pattern: "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }",
    events: Events::Api {
            source: "cloudtrail.amazonaws.com",
            names: &[
                "CreateTrail",
                "UpdateTrail",
                "DeleteTrail",
                "StartLogging",
                "StopLogging",
            ],
        },
);

cis_metric!(
    console_auth_failures,
    id: "FG3027",
    slug: "cis-console-auth-failures-alarm-missing",
    title: "No alarm on console authentication failures",
    stride: [Stride::Repudiation, Stride::Spoofing],
    key: "console-auth-failures",
    resource: "console_auth_failures",
    what: "console authentication failures",
    matches: "`ConsoleLogin` events with `errorMessage = \"Failed authentication\"`",
    why: "A run of failed console sign-ins is a password-guessing or credential-stuffing attempt.",
    pattern: "{ ($.eventName = ConsoleLogin) && ($.errorMessage = \\\"Failed authentication\\\") }",
    events: Events::Samples {
            samples: &CONSOLE_FAILURES,
            markers: &[
                ("errorMessage", None),
                ("responseElements.ConsoleLogin", Some("Failure")),
            ],
        },
);

cis_metric!(
    cmk_disable_or_deletion,
    id: "FG3028",
    slug: "cis-cmk-disable-or-deletion-alarm-missing",
    title: "No alarm on disabling or deleting KMS keys",
    stride: [Stride::Repudiation, Stride::DenialOfService],
    key: "cmk-disable-or-deletion",
    resource: "cmk_disable_or_deletion",
    what: "disabling or scheduled deletion of KMS keys",
    matches: "successful calls to `kms.amazonaws.com` named `DisableKey`, `ScheduleKeyDeletion`, by an ordinary IAM user",
    why: "Data encrypted under a disabled or deleted key can no longer be read: a ransom or sabotage move that must be caught within the deletion window.",
    pattern: "{ ($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion) }",
    events: Events::Api {
            source: "kms.amazonaws.com",
            names: &["DisableKey", "ScheduleKeyDeletion"],
        },
);

cis_metric!(
    s3_bucket_policy_changes,
    id: "FG3029",
    slug: "cis-s3-bucket-policy-changes-alarm-missing",
    title: "No alarm on S3 bucket policy changes",
    stride: [Stride::Repudiation, Stride::InformationDisclosure],
    key: "s3-bucket-policy-changes",
    resource: "s3_bucket_policy_changes",
    what: "S3 bucket policy changes",
    matches: "successful calls to `s3.amazonaws.com` named `PutBucketAcl`, `PutBucketPolicy`, `PutBucketCors`, `PutBucketLifecycle`, `PutBucketReplication`, `DeleteBucketPolicy`, `DeleteBucketCors`, `DeleteBucketLifecycle`, `DeleteBucketReplication`, by an ordinary IAM user",
    why: "A changed bucket policy or ACL is how data is made public or replicated out of the account.",
    pattern: "{ ($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication) }",
    events: Events::Api {
            source: "s3.amazonaws.com",
            names: &[
                "PutBucketAcl",
                "PutBucketPolicy",
                "PutBucketCors",
                "PutBucketLifecycle",
                "PutBucketReplication",
                "DeleteBucketPolicy",
                "DeleteBucketCors",
                "DeleteBucketLifecycle",
                "DeleteBucketReplication",
            ],
        },
);

cis_metric!(
    config_changes,
    id: "FG3030",
    slug: "cis-config-changes-alarm-missing",
    title: "No alarm on AWS Config changes",
    stride: [Stride::Repudiation, Stride::Tampering],
    key: "config-changes",
    resource: "config_changes",
    what: "AWS Config changes",
    matches: "successful calls to `config.amazonaws.com` named `StopConfigurationRecorder`, `DeleteDeliveryChannel`, `PutDeliveryChannel`, `PutConfigurationRecorder`, by an ordinary IAM user",
    why: "Stopping the recorder hides every later configuration change from audit.",
    pattern: "{ ($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder) }",
    events: Events::Api {
            source: "config.amazonaws.com",
            names: &[
                "StopConfigurationRecorder",
                "DeleteDeliveryChannel",
                "PutDeliveryChannel",
                "PutConfigurationRecorder",
            ],
        },
);

cis_metric!(
    security_group_changes,
    id: "FG3031",
    slug: "cis-security-group-changes-alarm-missing",
    title: "No alarm on security group changes",
    stride: [Stride::Repudiation, Stride::Tampering],
    key: "security-group-changes",
    resource: "security_group_changes",
    what: "security group changes",
    matches: "successful calls to `ec2.amazonaws.com` named `AuthorizeSecurityGroupIngress`, `AuthorizeSecurityGroupEgress`, `RevokeSecurityGroupIngress`, `RevokeSecurityGroupEgress`, `CreateSecurityGroup`, `DeleteSecurityGroup`, by an ordinary IAM user",
    why: "Opening a port to the internet is a one-line change that exposes a database or an admin interface.",
    pattern: "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }",
    events: Events::Api {
            source: "ec2.amazonaws.com",
            names: &[
                "AuthorizeSecurityGroupIngress",
                "AuthorizeSecurityGroupEgress",
                "RevokeSecurityGroupIngress",
                "RevokeSecurityGroupEgress",
                "CreateSecurityGroup",
                "DeleteSecurityGroup",
            ],
        },
);

cis_metric!(
    nacl_changes,
    id: "FG3032",
    slug: "cis-nacl-changes-alarm-missing",
    title: "No alarm on network ACL changes",
    stride: [Stride::Repudiation, Stride::Tampering],
    key: "nacl-changes",
    resource: "nacl_changes",
    what: "NACL changes",
    matches: "successful calls to `ec2.amazonaws.com` named `CreateNetworkAcl`, `CreateNetworkAclEntry`, `DeleteNetworkAcl`, `DeleteNetworkAclEntry`, `ReplaceNetworkAclEntry`, `ReplaceNetworkAclAssociation`, by an ordinary IAM user",
    why: "Network ACLs are the subnet-level fence; loosening one opens every instance behind it.",
    pattern: "{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }",
    events: Events::Api {
            source: "ec2.amazonaws.com",
            names: &[
                "CreateNetworkAcl",
                "CreateNetworkAclEntry",
                "DeleteNetworkAcl",
                "DeleteNetworkAclEntry",
                "ReplaceNetworkAclEntry",
                "ReplaceNetworkAclAssociation",
            ],
        },
);

cis_metric!(
    network_gateway_changes,
    id: "FG3033",
    slug: "cis-network-gateway-changes-alarm-missing",
    title: "No alarm on network gateway changes",
    stride: [Stride::Repudiation, Stride::Tampering],
    key: "network-gateway-changes",
    resource: "network_gateway_changes",
    what: "network gateway changes",
    matches: "successful calls to `ec2.amazonaws.com` named `CreateCustomerGateway`, `DeleteCustomerGateway`, `AttachInternetGateway`, `CreateInternetGateway`, `DeleteInternetGateway`, `DetachInternetGateway`, by an ordinary IAM user",
    why: "A new internet or customer gateway is a new way in and out of the network.",
    pattern: "{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }",
    events: Events::Api {
            source: "ec2.amazonaws.com",
            names: &[
                "CreateCustomerGateway",
                "DeleteCustomerGateway",
                "AttachInternetGateway",
                "CreateInternetGateway",
                "DeleteInternetGateway",
                "DetachInternetGateway",
            ],
        },
);

cis_metric!(
    route_table_changes,
    id: "FG3034",
    slug: "cis-route-table-changes-alarm-missing",
    title: "No alarm on route table changes",
    stride: [Stride::Repudiation, Stride::Tampering],
    key: "route-table-changes",
    resource: "route_table_changes",
    what: "route table changes",
    matches: "successful calls to `ec2.amazonaws.com` named `CreateRoute`, `CreateRouteTable`, `ReplaceRoute`, `ReplaceRouteTableAssociation`, `DeleteRouteTable`, `DeleteRoute`, `DisassociateRouteTable`, by an ordinary IAM user",
    why: "A changed route can send private traffic through a host the attacker controls.",
    pattern: "{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }",
    events: Events::Api {
            source: "ec2.amazonaws.com",
            names: &[
                "CreateRoute",
                "CreateRouteTable",
                "ReplaceRoute",
                "ReplaceRouteTableAssociation",
                "DeleteRouteTable",
                "DeleteRoute",
                "DisassociateRouteTable",
            ],
        },
);

cis_metric!(
    vpc_changes,
    id: "FG3035",
    slug: "cis-vpc-changes-alarm-missing",
    title: "No alarm on VPC changes",
    stride: [Stride::Repudiation, Stride::Tampering],
    key: "vpc-changes",
    resource: "vpc_changes",
    what: "VPC changes",
    matches: "successful calls to `ec2.amazonaws.com` named `CreateVpc`, `DeleteVpc`, `ModifyVpcAttribute`, `AcceptVpcPeeringConnection`, `CreateVpcPeeringConnection`, `DeleteVpcPeeringConnection`, `RejectVpcPeeringConnection`, `AttachClassicLinkVpc`, `DetachClassicLinkVpc`, `DisableVpcClassicLink`, `EnableVpcClassicLink`, by an ordinary IAM user",
    why: "A peering connection or a new VPC can bridge a private network to one outside your control.",
    pattern: "{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }",
    events: Events::Api {
            source: "ec2.amazonaws.com",
            names: &[
                "CreateVpc",
                "DeleteVpc",
                "ModifyVpcAttribute",
                "AcceptVpcPeeringConnection",
                "CreateVpcPeeringConnection",
                "DeleteVpcPeeringConnection",
                "RejectVpcPeeringConnection",
                "AttachClassicLinkVpc",
                "DetachClassicLinkVpc",
                "DisableVpcClassicLink",
                "EnableVpcClassicLink",
            ],
        },
);

cis_metric!(
    organizations_changes,
    id: "FG3036",
    slug: "cis-organizations-changes-alarm-missing",
    title: "No alarm on AWS Organizations changes",
    stride: [Stride::Repudiation, Stride::ElevationOfPrivilege],
    key: "organizations-changes",
    resource: "organizations_changes",
    what: "AWS Organizations changes",
    matches: "successful calls to `organizations.amazonaws.com` named `AcceptHandshake`, `AttachPolicy`, `CreateAccount`, `CreateOrganizationalUnit`, `CreatePolicy`, `DeclineHandshake`, `DeleteOrganization`, `DeleteOrganizationalUnit`, `DeletePolicy`, `DetachPolicy`, `DisablePolicyType`, `EnablePolicyType`, `InviteAccountToOrganization`, `LeaveOrganization`, `MoveAccount`, `RemoveAccountFromOrganization`, `UpdatePolicy`, `UpdateOrganizationalUnit`, by an ordinary IAM user",
    why: "Detaching a service control policy or moving an account out of the organization lifts guardrails from every account below it.",
    pattern: "{ ($.eventName = AcceptHandshake) || ($.eventName = AttachPolicy) || ($.eventName = CreateAccount) || ($.eventName = CreateOrganizationalUnit) || ($.eventName = CreatePolicy) || ($.eventName = DeclineHandshake) || ($.eventName = DeleteOrganization) || ($.eventName = DeleteOrganizationalUnit) || ($.eventName = DeletePolicy) || ($.eventName = DetachPolicy) || ($.eventName = DisablePolicyType) || ($.eventName = EnablePolicyType) || ($.eventName = InviteAccountToOrganization) || ($.eventName = LeaveOrganization) || ($.eventName = MoveAccount) || ($.eventName = RemoveAccountFromOrganization) || ($.eventName = UpdatePolicy) || ($.eventName = UpdateOrganizationalUnit) }",
    events: Events::Api {
            source: "organizations.amazonaws.com",
            names: &[
                "AcceptHandshake",
                "AttachPolicy",
                "CreateAccount",
                "CreateOrganizationalUnit",
                "CreatePolicy",
                "DeclineHandshake",
                "DeleteOrganization",
                "DeleteOrganizationalUnit",
                "DeletePolicy",
                "DetachPolicy",
                "DisablePolicyType",
                "EnablePolicyType",
                "InviteAccountToOrganization",
                "LeaveOrganization",
                "MoveAccount",
                "RemoveAccountFromOrganization",
                "UpdatePolicy",
                "UpdateOrganizationalUnit",
            ],
        },
);
