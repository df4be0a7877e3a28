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
