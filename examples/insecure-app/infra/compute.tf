# Compute, containers and streaming for the demo, with planted problems for FG3067–FG3082.

# CloudFront certificates live in us-east-1. Neither region has a GuardDuty detector or an
# AWS Config recorder (FG3082).
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
}

# FG3069: the demo adopts the default VPC.
resource "aws_default_vpc" "default" {}

# FG3068: the default security group keeps an allow-all rule between its members.
resource "aws_default_security_group" "default" {
  vpc_id = aws_default_vpc.default.id

  ingress {
    protocol  = "-1"
    self      = true
    from_port = 0
    to_port   = 0
  }
}

resource "aws_network_acl" "public" {
  vpc_id = aws_default_vpc.default.id
}

# FG3067: SSH allowed from the whole internet at the subnet level.
resource "aws_network_acl_rule" "ssh" {
  network_acl_id = aws_network_acl.public.id
  rule_number    = 100
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 22
  to_port        = 22
}

# FG3070: the reporting cluster's master password is written here.
resource "aws_rds_cluster" "reports" {
  engine              = "aurora-postgresql"
  master_username     = "reports_admin"
  master_password     = "Kd8wPq3zRt6mXv2n"
  storage_encrypted   = true
  deletion_protection = true
}

# FG3071: the worker's boot script exports an AWS secret key.
resource "aws_instance" "scheduler" {
  ami           = "ami-0c1a7f89451184c8b"
  instance_type = "t3.small"

  metadata_options {
    http_tokens = "required"
  }

  root_block_device {
    encrypted = true
  }

  user_data = <<-EOF
    #!/bin/sh
    export AWS_SECRET_ACCESS_KEY=Jt5rWq8Lm2Xv9Nc4Bz7Hd1Kp6Fs3Gy0Ue5Ri8Ta2
    /opt/scheduler/start
  EOF
}

# FG3072: a payment key as a plain Lambda environment variable.
resource "aws_lambda_function" "thumbnails" {
  function_name = "thumbnails"
  role          = "arn:aws:iam::123456789012:role/thumbnails"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "thumbnails.zip"

  environment {
    variables = {
      LOG_LEVEL       = "info"
      PAYMENT_API_KEY = "Rz4Nq8Wx2Lt6Vm9Kc3Pb7Hd5"
    }
  }
}

# FG3073–FG3076: the API task passes its database password in clear, runs privileged, as
# root (no `user`) and with a writable root file system.
resource "aws_ecs_task_definition" "api" {
  family = "shortlinks-api"
  container_definitions = jsonencode([{
    name       = "api"
    image      = "ghcr.io/acme/shortlinks-api:1.4.0"
    privileged = true
    environment = [
      { name = "LOG_LEVEL", value = "info" },
      { name = "DB_PASSWORD", value = "Tm6Yc2Qw9Zr4Lx8B" },
    ]
  }])
}

# FG3077: the sessions table uses an AWS-owned key.
resource "aws_dynamodb_table" "sessions" {
  name         = "sessions"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  point_in_time_recovery {
    enabled = true
  }
}

# FG3078: the click stream is not encrypted.
resource "aws_kinesis_stream" "clicks" {
  name        = "clicks"
  shard_count = 1
}

# FG3079: the search domain encrypts neither at rest nor between nodes.
resource "aws_opensearch_domain" "search" {
  domain_name    = "shortlinks"
  engine_version = "OpenSearch_2.13"
}

# FG3080: the event bus still accepts plaintext clients.
resource "aws_msk_cluster" "events" {
  cluster_name           = "events"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3

  encryption_info {
    encryption_in_transit {
      client_broker = "TLS_PLAINTEXT"
    }
  }
}

# FG3081: the job queue's broker is on the internet.
resource "aws_mq_broker" "jobs" {
  broker_name         = "jobs"
  engine_type         = "RabbitMQ"
  engine_version      = "3.13"
  host_instance_type  = "mq.t3.micro"
  publicly_accessible = true
}
