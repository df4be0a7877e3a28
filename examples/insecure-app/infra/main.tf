terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
}

resource "random_password" "db" {
  length  = 24
  special = false
}

resource "aws_db_instance" "main" {
  identifier          = "shortener"
  engine              = "postgres"
  engine_version      = "15"
  instance_class      = "db.t4g.micro"
  allocated_storage   = 20
  username            = "postgres"
  password            = random_password.db.result
  publicly_accessible = true
  storage_encrypted   = false
  skip_final_snapshot = true

  backup_retention_period = 1
}

resource "aws_security_group" "db" {
  name = "shortener-db"

  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group_rule" "ssh_from_anywhere" {
  type              = "ingress"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.db.id
}

resource "aws_db_parameter_group" "analytics" {
  name   = "shortener-analytics"
  family = "postgres14"
}

resource "aws_db_instance" "analytics" {
  identifier           = "shortener-analytics"
  engine               = "postgres"
  engine_version       = "14.10"
  instance_class       = "db.t4g.micro"
  allocated_storage    = 20
  username             = "analytics"
  password             = random_password.db.result
  parameter_group_name = aws_db_parameter_group.analytics.name
}

resource "aws_s3_bucket" "uploads" {
  bucket = "shortener-uploads"
}

resource "aws_iam_role_policy" "app" {
  name = "shortener-app"
  role = "shortener-app"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_kms_key" "data" {
  description = "shortener data"
}

resource "aws_instance" "worker" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"

  root_block_device {
    volume_size = 20
    encrypted   = false
  }
}

resource "aws_cloudtrail" "main" {
  name           = "shortener"
  s3_bucket_name = aws_s3_bucket.uploads.id
}

resource "aws_cloudwatch_log_group" "app" {
  name = "/shortener/web"
}

resource "aws_vpc" "main" {
  cidr_block = "10.20.0.0/16"
}

# An audit trail wired to CloudWatch Logs, with the CIS chain broken in three ways: the NACL
# filter forgets the replace calls, the security group alarm notifies nobody, and most metrics
# have no filter at all.
resource "aws_cloudtrail" "audit" {
  name                       = "shortener-audit"
  s3_bucket_name             = aws_s3_bucket.uploads.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.data.arn
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.audit.arn}:*"
  cloud_watch_logs_role_arn  = "arn:aws:iam::111122223333:role/shortener-trail-to-logs"
}

resource "aws_cloudwatch_log_group" "audit" {
  name              = "/shortener/audit"
  kms_key_id        = aws_kms_key.data.arn
  retention_in_days = 365
}

resource "aws_cloudwatch_log_metric_filter" "nacl_changes" {
  name           = "nacl-changes"
  log_group_name = aws_cloudwatch_log_group.audit.name
  pattern        = "{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) }"

  metric_transformation {
    name      = "NaclChanges"
    namespace = "Shortener/CIS"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "nacl_changes" {
  alarm_name          = "nacl-changes"
  metric_name         = "NaclChanges"
  namespace           = "Shortener/CIS"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [aws_sns_topic.security.arn]
}

resource "aws_cloudwatch_log_metric_filter" "security_group_changes" {
  name           = "security-group-changes"
  log_group_name = aws_cloudwatch_log_group.audit.name
  pattern        = "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }"

  metric_transformation {
    name      = "SecurityGroupChanges"
    namespace = "Shortener/CIS"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "security_group_changes" {
  alarm_name          = "security-group-changes"
  metric_name         = "SecurityGroupChanges"
  namespace           = "Shortener/CIS"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
}

resource "aws_sns_topic" "security" {
  name              = "shortener-security-alerts"
  kms_master_key_id = aws_kms_key.data.arn
}
