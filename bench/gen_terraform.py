#!/usr/bin/env python3
"""Deterministic generator of an AWS Terraform corpus for bench/terraform.sh.

The corpus looks like an infrastructure repository: reusable modules under `modules/<kind>` and
stacks under `envs/<env>/<region>/<kind>-<n>`, each with versions/providers, variables, locals,
outputs and a `terraform.tfvars`. Resources mix secure and insecure settings (world-open
security groups, public RDS, unencrypted storage, missing S3 public access blocks, wildcard IAM
policies written with `jsonencode`, KMS keys without rotation, IMDSv1, CloudTrail without log
validation...), and many of those settings go through variables, locals and tfvars, so a scanner
has to evaluate expressions rather than match literals. `examples/vulnerable-by-design` holds
one stack of every kind with every insecure choice made.

Everything here was written for factorguard. One seeded PRNG drives all choices: the same
`--resources` and `--seed` give the same bytes on every run.

Usage: gen_terraform.py --out DIR [--resources N] [--seed S] [--manifest FILE]
"""

import argparse
import json
import os
import random
import shutil
import sys

KINDS = ["network", "data", "compute", "storage", "iam", "logging", "security"]
ENVS = ["dev", "staging", "prod"]
REGIONS = ["eu-west-1", "us-east-1", "ap-southeast-2"]
TEAMS = ["payments", "search", "identity", "growth", "platform", "billing", "ledger", "media"]
ADMIN_PORTS = [22, 3389, 5432, 3306, 6379, 9200]


class Stack:
    """One module directory being written: resources, variables, locals, outputs, tfvars."""

    def __init__(self, rng, name, insecure_rate):
        self.rng = rng
        self.name = name
        self.insecure_rate = insecure_rate
        self.resources = []  # (type, name, body)
        self.variables = {}  # name -> (type, default or None, description)
        self.locals = {}  # name -> HCL expression
        self.outputs = {}  # name -> HCL expression
        self.tfvars = {}  # name -> HCL value
        self.insecure = []  # (resource address, what)

    def bad(self, what=None, address=None):
        """Decides one setting: True means the insecure choice, which is recorded."""
        choice = self.rng.random() < self.insecure_rate
        if choice and what:
            self.insecure.append((address or "", what))
        return choice

    def ident(self, prefix):
        return f"{prefix}_{self.rng.choice(TEAMS)}_{self.rng.randrange(1000):03d}"

    def add(self, rtype, name, body):
        self.resources.append((rtype, name, body.strip("\n")))
        return f"{rtype}.{name}"

    def var(self, name, vtype, default=None, description="", tfvar=None):
        self.variables[name] = (vtype, default, description or name.replace("_", " "))
        if tfvar is not None:
            self.tfvars[name] = tfvar
        return f"var.{name}"


def hcl_bool(b):
    return "true" if b else "false"


def tags(stack, extra=""):
    return f"""  tags = merge(local.common_tags, {{
    Name = "{stack.name}-{extra or 'res'}"
  }})"""


# ---- kinds --------------------------------------------------------------------------------------
# Each kind writes a group of related resources into a stack. `i` makes names unique.


def network(s, i):
    rng = s.rng
    vpc = f"main_{i}"
    cidr = f"10.{rng.randrange(256)}.0.0/16"
    s.var("vpc_cidr", "string", f'"{cidr}"', "CIDR block of the VPC")
    s.add("aws_vpc", vpc, f"""
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true
{tags(s, 'vpc')}""")
    for az in range(2):
        s.add("aws_subnet", f"private_{i}_{az}", f"""
  vpc_id            = aws_vpc.{vpc}.id
  cidr_block        = cidrsubnet(var.vpc_cidr, 8, {az + 10})
  availability_zone = data.aws_availability_zones.available.names[{az}]
{tags(s, f'private-{az}')}""")
    public_ip = s.bad("subnet maps public IPs on launch", f"aws_subnet.public_{i}")
    s.add("aws_subnet", f"public_{i}", f"""
  vpc_id                  = aws_vpc.{vpc}.id
  cidr_block              = cidrsubnet(var.vpc_cidr, 8, 1)
  map_public_ip_on_launch = {hcl_bool(public_ip)}
{tags(s, 'public')}""")
    s.add("aws_internet_gateway", f"igw_{i}", f"""
  vpc_id = aws_vpc.{vpc}.id
{tags(s, 'igw')}""")
    s.add("aws_eip", f"nat_{i}", """
  domain = "vpc"
""")
    s.add("aws_nat_gateway", f"nat_{i}", f"""
  allocation_id = aws_eip.nat_{i}.id
  subnet_id     = aws_subnet.public_{i}.id
""")
    s.add("aws_route_table", f"private_{i}", f"""
  vpc_id = aws_vpc.{vpc}.id

  route {{
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.nat_{i}.id
  }}
""")
    s.add("aws_route_table_association", f"private_{i}", f"""
  subnet_id      = aws_subnet.private_{i}_0.id
  route_table_id = aws_route_table.private_{i}.id
""")
    # SSH from a variable whose tfvars value may be the whole internet
    open_ssh = s.bad("SSH open to 0.0.0.0/0 via tfvars", f"aws_security_group.bastion_{i}")
    s.var(f"ssh_ingress_cidrs_{i}", "list(string)", '["10.0.0.0/8"]', "who may reach the bastion",
          tfvar='["0.0.0.0/0"]' if open_ssh else f'["10.{rng.randrange(256)}.0.0/16"]')
    s.add("aws_security_group", f"bastion_{i}", f"""
  name        = "${{local.name_prefix}}-bastion-{i}"
  description = "Bastion access"
  vpc_id      = aws_vpc.{vpc}.id

  ingress {{
    description = "SSH"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = var.ssh_ingress_cidrs_{i}
  }}

  egress {{
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }}
{tags(s, 'bastion')}""")
    port = rng.choice(ADMIN_PORTS)
    open_rule = s.bad(f"port {port} open to the world (security_group_rule)", f"aws_security_group_rule.admin_{i}")
    s.add("aws_security_group", f"app_{i}", f"""
  name_prefix = "${{local.name_prefix}}-app-"
  description = "Application tier"
  vpc_id      = aws_vpc.{vpc}.id
{tags(s, 'app')}""")
    s.add("aws_security_group_rule", f"admin_{i}", f"""
  type              = "ingress"
  from_port         = {port}
  to_port           = {port}
  protocol          = "tcp"
  cidr_blocks       = [{'"0.0.0.0/0"' if open_rule else 'aws_vpc.' + vpc + '.cidr_block'}]
  security_group_id = aws_security_group.app_{i}.id
""")
    rdp_open = s.bad("RDP open to ::/0 (vpc_security_group_ingress_rule)", f"aws_vpc_security_group_ingress_rule.rdp_{i}")
    cidr_attr = 'cidr_ipv6 = "::/0"' if rdp_open else "cidr_ipv4 = var.vpc_cidr"
    s.add("aws_vpc_security_group_ingress_rule", f"rdp_{i}", f"""
  security_group_id = aws_security_group.app_{i}.id
  ip_protocol       = "tcp"
  from_port         = 3389
  to_port           = 3389
  {cidr_attr}
""")
    s.add("aws_vpc_security_group_ingress_rule", f"https_{i}", f"""
  security_group_id = aws_security_group.app_{i}.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
""")
    if not s.bad("VPC without flow logs", f"aws_vpc.{vpc}"):
        s.add("aws_flow_log", f"vpc_{i}", f"""
  vpc_id               = aws_vpc.{vpc}.id
  traffic_type         = "ALL"
  log_destination_type = "cloud-watch-logs"
  log_destination      = aws_cloudwatch_log_group.flow_{i}.arn
  iam_role_arn         = "arn:aws:iam::${{local.account_id}}:role/flow-logs"
""")
        s.add("aws_cloudwatch_log_group", f"flow_{i}", f"""
  name              = "/vpc/${{local.name_prefix}}/flow-{i}"
  retention_in_days = {rng.choice([30, 90, 365])}
""")
    s.outputs[f"vpc_id_{i}"] = f"aws_vpc.{vpc}.id"


def data(s, i):
    rng = s.rng
    engine = rng.choice(["postgres", "mysql"])
    family = "postgres15" if engine == "postgres" else "mysql8.0"
    s.add("aws_db_subnet_group", f"db_{i}", f"""
  name       = "${{local.name_prefix}}-db-{i}"
  subnet_ids = var.private_subnet_ids
""")
    s.var("private_subnet_ids", "list(string)", "[]", "subnets for the database")
    no_tls = s.bad("RDS parameter group does not force TLS", f"aws_db_parameter_group.db_{i}")
    if engine == "postgres":
        param = f"""
  parameter {{
    name  = "rds.force_ssl"
    value = "{0 if no_tls else 1}"
  }}"""
    else:
        param = f"""
  parameter {{
    name  = "require_secure_transport"
    value = "{'OFF' if no_tls else 'ON'}"
  }}"""
    s.add("aws_db_parameter_group", f"db_{i}", f"""
  name   = "${{local.name_prefix}}-{engine}-{i}"
  family = "{family}"
{param}

  parameter {{
    name  = "log_min_duration_statement"
    value = "500"
  }}
""" if engine == "postgres" else f"""
  name   = "${{local.name_prefix}}-{engine}-{i}"
  family = "{family}"
{param}
""")
    public = s.bad("RDS publicly accessible via locals", f"aws_db_instance.db_{i}")
    s.locals[f"db_{i}_public"] = hcl_bool(public) if rng.random() < 0.5 else \
        f'var.environment == "{"dev" if public else "never"}" || {hcl_bool(public)}'
    unencrypted = s.bad("RDS storage not encrypted via tfvars", f"aws_db_instance.db_{i}")
    s.var(f"db_{i}_encrypted", "bool", "true", "encrypt the database storage",
          tfvar=hcl_bool(not unencrypted))
    s.add("aws_db_instance", f"db_{i}", f"""
  identifier              = "${{local.name_prefix}}-{engine}-{i}"
  engine                  = "{engine}"
  instance_class          = var.db_instance_class
  allocated_storage       = {rng.choice([20, 50, 100, 200])}
  db_subnet_group_name    = aws_db_subnet_group.db_{i}.name
  parameter_group_name    = aws_db_parameter_group.db_{i}.name
  publicly_accessible     = local.db_{i}_public
  storage_encrypted       = var.db_{i}_encrypted
  backup_retention_period = {rng.choice([0, 1, 7, 14])}
  deletion_protection     = {hcl_bool(rng.random() < 0.5)}
  username                = "app"
  manage_master_user_password = true
  skip_final_snapshot     = true
{tags(s, f'db-{i}')}""")
    s.var("db_instance_class", "string", '"db.t3.medium"', "instance class of the databases")
    cluster_plain = s.bad("Aurora cluster storage not encrypted", f"aws_rds_cluster.aurora_{i}")
    s.add("aws_rds_cluster", f"aurora_{i}", f"""
  cluster_identifier          = "${{local.name_prefix}}-aurora-{i}"
  engine                      = "aurora-postgresql"
  master_username             = "app"
  manage_master_user_password = true
  storage_encrypted           = {hcl_bool(not cluster_plain)}
  db_subnet_group_name        = aws_db_subnet_group.db_{i}.name
  skip_final_snapshot         = true
""")
    for n in range(2):
        s.add("aws_rds_cluster_instance", f"aurora_{i}_{n}", f"""
  identifier          = "${{local.name_prefix}}-aurora-{i}-{n}"
  cluster_identifier  = aws_rds_cluster.aurora_{i}.id
  instance_class      = "db.r6g.large"
  engine              = aws_rds_cluster.aurora_{i}.engine
  publicly_accessible = {hcl_bool(n == 1 and s.bad("Aurora instance publicly accessible", f"aws_rds_cluster_instance.aurora_{i}_{n}"))}
""")
    redis_plain = s.bad("ElastiCache without at-rest/in-transit encryption", f"aws_elasticache_replication_group.cache_{i}")
    s.add("aws_elasticache_replication_group", f"cache_{i}", f"""
  replication_group_id       = "${{local.name_prefix}}-cache-{i}"
  description                = "session cache"
  node_type                  = "cache.t3.micro"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = {hcl_bool(not redis_plain)}
  transit_encryption_enabled = {hcl_bool(not redis_plain)}
""")
    s.add("aws_dynamodb_table", f"events_{i}", f"""
  name         = "${{local.name_prefix}}-events-{i}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  range_key    = "sk"

  attribute {{
    name = "pk"
    type = "S"
  }}

  attribute {{
    name = "sk"
    type = "S"
  }}

  point_in_time_recovery {{
    enabled = {hcl_bool(not s.bad("DynamoDB without PITR", f"aws_dynamodb_table.events_{i}"))}
  }}
""")


def compute(s, i):
    rng = s.rng
    imds_v1 = s.bad("launch template allows IMDSv1", f"aws_launch_template.app_{i}")
    s.add("aws_launch_template", f"app_{i}", f"""
  name_prefix   = "${{local.name_prefix}}-app-{i}-"
  image_id      = var.ami_id
  instance_type = var.instance_type

  metadata_options {{
    http_endpoint = "enabled"
    http_tokens   = "{'optional' if imds_v1 else 'required'}"
  }}

  block_device_mappings {{
    device_name = "/dev/xvda"
    ebs {{
      volume_size = 30
      encrypted   = {hcl_bool(not s.bad("launch template EBS not encrypted"))}
    }}
  }}
""")
    s.var("ami_id", "string", '"ami-0abcdef1234567890"', "AMI of the application hosts")
    s.var("instance_type", "string", '"t3.medium"', "instance type", tfvar=f'"{rng.choice(["t3.small", "t3.large", "m6i.large"])}"')
    s.add("aws_autoscaling_group", f"app_{i}", f"""
  name_prefix         = "${{local.name_prefix}}-app-{i}-"
  min_size            = 2
  max_size            = {rng.choice([4, 6, 10])}
  vpc_zone_identifier = var.private_subnet_ids_compute

  launch_template {{
    id      = aws_launch_template.app_{i}.id
    version = "$Latest"
  }}
""")
    s.var("private_subnet_ids_compute", "list(string)", "[]", "subnets of the app tier")
    no_meta = s.bad("instance without metadata_options (IMDSv1)", f"aws_instance.worker_{i}")
    meta = "" if no_meta else """
  metadata_options {
    http_tokens = "required"
  }
"""
    s.add("aws_instance", f"worker_{i}", f"""
  ami                         = var.ami_id
  instance_type               = var.instance_type
  associate_public_ip_address = {hcl_bool(s.bad("instance with public IP"))}
  monitoring                  = true
  ebs_optimized               = true
{meta}
  root_block_device {{
    encrypted = true
  }}
{tags(s, f'worker-{i}')}""")
    ebs_plain = s.bad("EBS volume not encrypted", f"aws_ebs_volume.data_{i}")
    s.add("aws_ebs_volume", f"data_{i}", f"""
  availability_zone = "${{local.region}}a"
  size              = {rng.choice([50, 100, 500])}
  type              = "gp3"
  encrypted         = {hcl_bool(not ebs_plain)}
""")
    s.add("aws_volume_attachment", f"data_{i}", f"""
  device_name = "/dev/sdf"
  volume_id   = aws_ebs_volume.data_{i}.id
  instance_id = aws_instance.worker_{i}.id
""")
    s.add("aws_lb", f"web_{i}", f"""
  name               = "${{local.name_prefix}}-web-{i}"
  load_balancer_type = "application"
  internal           = {hcl_bool(rng.random() < 0.3)}
  drop_invalid_header_fields = {hcl_bool(not s.bad("ALB keeps invalid headers"))}
  subnets            = var.private_subnet_ids_compute
""")
    http = s.bad("ALB listener on plain HTTP", f"aws_lb_listener.web_{i}")
    listener = """
  port     = 80
  protocol = "HTTP"
""" if http else """
  port            = 443
  protocol        = "HTTPS"
  ssl_policy      = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn = var.certificate_arn
"""
    s.var("certificate_arn", "string", '""', "ACM certificate of the listener")
    s.add("aws_lb_listener", f"web_{i}", f"""
  load_balancer_arn = aws_lb.web_{i}.arn
{listener}
  default_action {{
    type             = "forward"
    target_group_arn = aws_lb_target_group.web_{i}.arn
  }}
""")
    s.add("aws_lb_target_group", f"web_{i}", f"""
  name     = "${{local.name_prefix}}-web-{i}"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = var.vpc_id

  health_check {{
    path = "/healthz"
  }}
""")
    s.var("vpc_id", "string", '""', "VPC of the load balancer")
    s.add("aws_lambda_function", f"worker_{i}", f"""
  function_name = "${{local.name_prefix}}-worker-{i}"
  role          = "arn:aws:iam::${{local.account_id}}:role/lambda-{i}"
  handler       = "main.handler"
  runtime       = "{rng.choice(['python3.12', 'nodejs20.x'])}"
  filename      = "${{path.module}}/build/worker.zip"

  environment {{
    variables = {{
      LOG_LEVEL  = "info"
      QUEUE_NAME = "${{local.name_prefix}}-jobs"
    }}
  }}

  tracing_config {{
    mode = "{'PassThrough' if s.bad('lambda without X-Ray') else 'Active'}"
  }}
""")


def storage(s, i):
    rng = s.rng
    bucket = f"assets_{i}"
    s.add("aws_s3_bucket", bucket, f"""
  bucket = "${{local.name_prefix}}-assets-{i}-${{local.account_id}}"
{tags(s, f'assets-{i}')}""")
    if s.bad("bucket without public access block", f"aws_s3_bucket.{bucket}"):
        pass
    else:
        partial = s.bad("public access block with block_public_policy = false", f"aws_s3_bucket_public_access_block.{bucket}")
        s.add("aws_s3_bucket_public_access_block", bucket, f"""
  bucket                  = aws_s3_bucket.{bucket}.id
  block_public_acls       = true
  block_public_policy     = {hcl_bool(not partial)}
  ignore_public_acls      = true
  restrict_public_buckets = true
""")
    if not s.bad("bucket without default encryption", f"aws_s3_bucket.{bucket}"):
        s.add("aws_s3_bucket_server_side_encryption_configuration", bucket, f"""
  bucket = aws_s3_bucket.{bucket}.id

  rule {{
    apply_server_side_encryption_by_default {{
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }}
  }}
""")
    s.var("kms_key_arn", "string", "null", "KMS key for encryption at rest")
    s.add("aws_s3_bucket_versioning", bucket, f"""
  bucket = aws_s3_bucket.{bucket}.id

  versioning_configuration {{
    status = "{'Suspended' if s.bad('bucket versioning suspended') else 'Enabled'}"
  }}
""")
    if s.bad("bucket ACL public-read", f"aws_s3_bucket_acl.{bucket}"):
        s.add("aws_s3_bucket_acl", bucket, f"""
  bucket = aws_s3_bucket.{bucket}.id
  acl    = "public-read"
""")
    anyone = s.bad("bucket policy grants s3:GetObject to *", f"aws_s3_bucket_policy.{bucket}")
    principal = '"*"' if anyone else '{ AWS = "arn:aws:iam::${local.account_id}:root" }'
    s.add("aws_s3_bucket_policy", bucket, f"""
  bucket = aws_s3_bucket.{bucket}.id
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [
      {{
        Sid       = "Read"
        Effect    = "Allow"
        Principal = {principal}
        Action    = ["s3:GetObject"]
        Resource  = "${{aws_s3_bucket.{bucket}.arn}}/*"
      }}
    ]
  }})
""")
    s.add("aws_s3_bucket_lifecycle_configuration", bucket, f"""
  bucket = aws_s3_bucket.{bucket}.id

  rule {{
    id     = "expire-tmp"
    status = "Enabled"

    filter {{
      prefix = "tmp/"
    }}

    expiration {{
      days = {rng.choice([7, 14, 30])}
    }}
  }}
""")
    s.add("aws_efs_file_system", f"shared_{i}", f"""
  creation_token = "${{local.name_prefix}}-shared-{i}"
  encrypted      = {hcl_bool(not s.bad("EFS not encrypted", f"aws_efs_file_system.shared_{i}"))}
""")


def iam(s, i):
    rng = s.rng
    svc = rng.choice(["ec2", "lambda", "ecs-tasks"])
    s.add("aws_iam_role", f"app_{i}", f"""
  name = "${{local.name_prefix}}-app-{i}"
  assume_role_policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = {{ Service = "{svc}.amazonaws.com" }}
    }}]
  }})
""")
    admin = s.bad("managed policy Action * on Resource * (jsonencode)", f"aws_iam_policy.app_{i}")
    if admin:
        stmt = """{
        Effect   = "Allow"
        Action   = "*"
        Resource = "*"
      }"""
    else:
        stmt = f"""{{
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject"]
        Resource = ["arn:aws:s3:::${{local.name_prefix}}-assets-{i}/*"]
      }}"""
    s.add("aws_iam_policy", f"app_{i}", f"""
  name = "${{local.name_prefix}}-app-{i}"
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [
      {stmt}
    ]
  }})
""")
    s.add("aws_iam_role_policy_attachment", f"app_{i}", f"""
  role       = aws_iam_role.app_{i}.name
  policy_arn = aws_iam_policy.app_{i}.arn
""")
    # inline role policy whose action list comes from a local
    wild_local = s.bad("inline role policy with actions from a local = [\"*\"]", f"aws_iam_role_policy.inline_{i}")
    s.locals[f"role_{i}_actions"] = '["*"]' if wild_local else '["sqs:SendMessage", "sqs:ReceiveMessage"]'
    s.add("aws_iam_role_policy", f"inline_{i}", f"""
  name = "inline-{i}"
  role = aws_iam_role.app_{i}.id
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect   = "Allow"
      Action   = local.role_{i}_actions
      Resource = "*"
    }}]
  }})
""")
    s.add("aws_iam_user", f"ci_{i}", f"""
  name = "${{local.name_prefix}}-ci-{i}"
  path = "/automation/"
""")
    user_admin = s.bad("user policy with iam:* on *", f"aws_iam_user_policy.ci_{i}")
    s.add("aws_iam_user_policy", f"ci_{i}", f"""
  name = "ci-{i}"
  user = aws_iam_user.ci_{i}.name
  policy = <<-EOT
    {{
      "Version": "2012-10-17",
      "Statement": [
        {{
          "Effect": "Allow",
          "Action": {'"*"' if user_admin else '["ecr:GetAuthorizationToken", "ecr:BatchGetImage"]'},
          "Resource": "*"
        }}
      ]
    }}
  EOT
""")
    s.add("aws_iam_group", f"ops_{i}", f"""
  name = "${{local.name_prefix}}-ops-{i}"
""")
    s.add("aws_iam_group_policy", f"ops_{i}", f"""
  name  = "ops-{i}"
  group = aws_iam_group.ops_{i}.name
  policy = data.aws_iam_policy_document.ops_{i}.json
""")
    s.data_blocks = getattr(s, "data_blocks", [])
    s.data_blocks.append(f"""data "aws_iam_policy_document" "ops_{i}" {{
  statement {{
    effect    = "Allow"
    actions   = ["ec2:Describe*", "cloudwatch:Get*", "logs:Get*"]
    resources = ["*"]
  }}
}}""")
    s.add("aws_iam_instance_profile", f"app_{i}", f"""
  name = "${{local.name_prefix}}-app-{i}"
  role = aws_iam_role.app_{i}.name
""")


def logging(s, i):
    rng = s.rng
    bucket = f"trail_{i}"
    s.add("aws_s3_bucket", bucket, f"""
  bucket        = "${{local.name_prefix}}-trail-{i}-${{local.account_id}}"
  force_destroy = false
""")
    s.add("aws_s3_bucket_public_access_block", bucket, f"""
  bucket                  = aws_s3_bucket.{bucket}.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
""")
    no_validation = s.bad("CloudTrail without log file validation", f"aws_cloudtrail.main_{i}")
    single_region = s.bad("CloudTrail not multi-region", f"aws_cloudtrail.main_{i}")
    s.var(f"trail_{i}_multi_region", "bool", "true", "record every region", tfvar=hcl_bool(not single_region))
    validation = "" if no_validation and rng.random() < 0.5 else \
        f"  enable_log_file_validation    = {hcl_bool(not no_validation)}\n"
    s.add("aws_cloudtrail", f"main_{i}", f"""
  name                          = "${{local.name_prefix}}-trail-{i}"
  s3_bucket_name                = aws_s3_bucket.{bucket}.id
  include_global_service_events = true
  is_multi_region_trail         = var.trail_{i}_multi_region
{validation}  kms_key_id                    = {'null' if s.bad('CloudTrail without KMS') else 'var.kms_key_arn'}
  cloud_watch_logs_group_arn    = "${{aws_cloudwatch_log_group.trail_{i}.arn}}:*"
""")
    s.var("kms_key_arn", "string", "null", "KMS key for encryption at rest")
    s.add("aws_cloudwatch_log_group", f"trail_{i}", f"""
  name              = "/cloudtrail/${{local.name_prefix}}-{i}"
  retention_in_days = {rng.choice([0, 30, 90, 365]) if s.bad('log group retention') else 365}
  kms_key_id        = var.kms_key_arn
""")
    s.add("aws_cloudwatch_log_metric_filter", f"root_login_{i}", f"""
  name           = "root-login-{i}"
  log_group_name = aws_cloudwatch_log_group.trail_{i}.name
  pattern        = "{{ $.userIdentity.type = \\"Root\\" }}"

  metric_transformation {{
    name      = "RootLogin{i}"
    namespace = "Security"
    value     = "1"
  }}
""")
    s.add("aws_cloudwatch_metric_alarm", f"root_login_{i}", f"""
  alarm_name          = "${{local.name_prefix}}-root-login-{i}"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  metric_name         = "RootLogin{i}"
  namespace           = "Security"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  alarm_actions       = [aws_sns_topic.alerts_{i}.arn]
""")
    s.add("aws_sns_topic", f"alerts_{i}", f"""
  name              = "${{local.name_prefix}}-alerts-{i}"
  kms_master_key_id = {'null' if s.bad('SNS topic unencrypted') else '"alias/aws/sns"'}
""")
    s.add("aws_config_configuration_recorder", f"main_{i}", f"""
  name     = "${{local.name_prefix}}-recorder-{i}"
  role_arn = "arn:aws:iam::${{local.account_id}}:role/config"

  recording_group {{
    all_supported                 = true
    include_global_resource_types = {hcl_bool(rng.random() < 0.7)}
  }}
""")


def security(s, i):
    rng = s.rng
    no_rotation = s.bad("KMS key without rotation", f"aws_kms_key.main_{i}")
    rotation = "" if no_rotation and rng.random() < 0.5 else \
        f"  enable_key_rotation     = {hcl_bool(not no_rotation)}\n"
    s.add("aws_kms_key", f"main_{i}", f"""
  description             = "${{local.name_prefix}} data key {i}"
  deletion_window_in_days = {rng.choice([7, 14, 30])}
{rotation}{tags(s, f'kms-{i}')}""")
    s.add("aws_kms_alias", f"main_{i}", f"""
  name          = "alias/${{local.name_prefix}}-{i}"
  target_key_id = aws_kms_key.main_{i}.key_id
""")
    s.add("aws_secretsmanager_secret", f"db_{i}", f"""
  name       = "${{local.name_prefix}}/db-{i}"
  kms_key_id = {'null' if s.bad('secret with the default key') else f'aws_kms_key.main_{i}.arn'}
""")
    s.add("aws_ssm_parameter", f"endpoint_{i}", f"""
  name  = "/${{local.name_prefix}}/endpoint-{i}"
  type  = "{'String' if s.bad('SSM parameter not SecureString') else 'SecureString'}"
  value = "https://api.${{local.name_prefix}}.internal"
""")
    if i % 3 == 0:
        s.add("aws_ebs_encryption_by_default", f"main_{i}", f"""
  enabled = {hcl_bool(not s.bad("EBS encryption by default disabled"))}
""")
        s.add("aws_guardduty_detector", f"main_{i}", """
  enable = true
""")
        s.add("aws_s3_account_public_access_block", f"main_{i}", f"""
  block_public_acls       = true
  block_public_policy     = {hcl_bool(not s.bad("account public access block partial"))}
  ignore_public_acls      = true
  restrict_public_buckets = true
""")
    s.add("aws_ecr_repository", f"app_{i}", f"""
  name                 = "${{local.name_prefix}}/app-{i}"
  image_tag_mutability = "{'MUTABLE' if s.bad('ECR tags mutable') else 'IMMUTABLE'}"

  image_scanning_configuration {{
    scan_on_push = {hcl_bool(not s.bad('ECR scan on push off'))}
  }}
""")


WRITERS = {"network": network, "data": data, "compute": compute, "storage": storage, "iam": iam,
           "logging": logging, "security": security}


# ---- rendering ----------------------------------------------------------------------------------


def render(stack, out_dir, env, region, module_calls=()):
    os.makedirs(out_dir, exist_ok=True)
    files = {}
    files["versions.tf"] = """terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }
}
"""
    stack.var("environment", "string", f'"{env}"', "deployment environment", tfvar=f'"{env}"')
    stack.var("region", "string", f'"{region}"', "AWS region", tfvar=f'"{region}"')
    stack.var("team", "string", '"platform"', "owning team", tfvar=f'"{stack.rng.choice(TEAMS)}"')
    files["providers.tf"] = """provider "aws" {
  region = var.region

  default_tags {
    tags = {
      ManagedBy = "terraform"
    }
  }
}

data "aws_caller_identity" "current" {}

data "aws_availability_zones" "available" {
  state = "available"
}
"""
    base_locals = {
        "name_prefix": '"${var.team}-${var.environment}"',
        "account_id": "data.aws_caller_identity.current.account_id",
        "region": "var.region",
        "common_tags": '{\n    Team        = var.team\n    Environment = var.environment\n    Stack       = "%s"\n  }' % stack.name,
    }
    base_locals.update(stack.locals)
    width = max(len(k) for k in base_locals)
    files["locals.tf"] = "locals {\n" + "".join(
        f"  {k.ljust(width)} = {v}\n" for k, v in base_locals.items()) + "}\n"
    var_out = []
    for name, (vtype, default, desc) in stack.variables.items():
        block = f'variable "{name}" {{\n  description = "{desc}"\n  type        = {vtype}\n'
        if default is not None:
            block += f"  default     = {default}\n"
        var_out.append(block + "}\n")
    files["variables.tf"] = "\n".join(var_out)
    main = [f'resource "{t}" "{n}" {{\n{b}\n}}\n' for t, n, b in stack.resources]
    main += [d + "\n" for d in getattr(stack, "data_blocks", [])]
    main += list(module_calls)
    files["main.tf"] = "\n".join(main)
    if stack.outputs:
        files["outputs.tf"] = "\n".join(
            f'output "{k}" {{\n  value = {v}\n}}\n' for k, v in stack.outputs.items())
    if stack.tfvars:
        width = max(len(k) for k in stack.tfvars)
        files["terraform.tfvars"] = "".join(f"{k.ljust(width)} = {v}\n" for k, v in stack.tfvars.items())
    for name, text in files.items():
        with open(os.path.join(out_dir, name), "w", newline="\n") as f:
            f.write(text)
    return len(stack.resources)


def module_call(rng, kind, n, rel_source):
    extra = {
        "network": '  vpc_cidr            = "10.%d.0.0/16"\n  ssh_ingress_cidrs_0 = ["10.0.0.0/8"]\n' % rng.randrange(256),
        "data": "  private_subnet_ids = []\n  db_instance_class  = \"db.t3.large\"\n",
        "compute": '  instance_type = "t3.large"\n',
        "storage": "  kms_key_arn = null\n",
        "iam": "",
        "logging": "  trail_0_multi_region = true\n",
        "security": "",
    }[kind]
    return (f'module "shared_{kind}_{n}" {{\n  source = "{rel_source}"\n\n'
            f'  environment = var.environment\n  region      = var.region\n  team        = var.team\n{extra}}}\n')


def generate(out, resources, seed):
    rng = random.Random(seed)
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    manifest = {"seed": seed, "target_resources": resources, "stacks": [], "resources": 0,
                "resource_types": {}, "insecure": []}

    def record(stack, path, count):
        rel = os.path.relpath(path, out)
        manifest["stacks"].append({"path": rel, "resources": count})
        manifest["resources"] += count
        for t, _, _ in stack.resources:
            manifest["resource_types"][t] = manifest["resource_types"].get(t, 0) + 1
        manifest["insecure"] += [{"path": rel, "address": a, "what": w} for a, w in stack.insecure]

    # reusable modules, one per kind, moderately insecure defaults
    for kind in KINDS:
        st = Stack(rng, f"mod-{kind}", 0.3)
        WRITERS[kind](st, 0)
        path = os.path.join(out, "modules", kind)
        record(st, path, render(st, path, "dev", "eu-west-1"))
    # the vulnerable-by-design example: every insecure choice made, one group per kind
    st = Stack(rng, "vulnerable-by-design", 1.0)
    for kind in KINDS:
        WRITERS[kind](st, 0)
    path = os.path.join(out, "examples", "vulnerable-by-design")
    record(st, path, render(st, path, "dev", "us-east-1"))
    # stacks until the target count is reached; prod is a little safer than dev
    rate = {"dev": 0.45, "staging": 0.3, "prod": 0.15}
    n = 0
    while manifest["resources"] < resources:
        env = ENVS[n % len(ENVS)]
        region = REGIONS[(n // len(ENVS)) % len(REGIONS)]
        kind = KINDS[n % len(KINDS)]
        st = Stack(rng, f"{env}-{kind}-{n}", rate[env])
        groups = 1 + rng.randrange(3)
        for g in range(groups):
            WRITERS[kind](st, g)
        path = os.path.join(out, "envs", env, region, f"{kind}-{n:03d}")
        calls = [module_call(rng, kind, n, f"../../../../modules/{kind}")] if rng.random() < 0.4 else []
        record(st, path, render(st, path, env, region, calls))
        n += 1
    manifest["files"] = sum(len(fs) for _, _, fs in os.walk(out))
    manifest["bytes"] = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(out) for f in fs)
    return manifest


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--resources", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--manifest")
    args = ap.parse_args()
    if args.resources < 1:
        sys.exit("--resources must be positive")
    m = generate(args.out, args.resources, args.seed)
    if args.manifest:
        with open(args.manifest, "w") as f:
            json.dump(m, f, indent=2, sort_keys=True)
            f.write("\n")
    print(f"{m['resources']} resources in {len(m['stacks'])} module directories, {m['files']} files, "
          f"{m['bytes']} bytes, {len(m['insecure'])} insecure settings planted", file=sys.stderr)


if __name__ == "__main__":
    main()
