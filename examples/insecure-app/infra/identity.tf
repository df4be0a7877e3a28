# Identity: console access for the support team, and the database that keeps user sessions.

# FG3089: the support engineer signs in to the console with a password alone. The group grants
# read-only access to the whole account, and no policy denies anything without MFA.
resource "aws_iam_user" "support" {
  name = "shortener-support"
  tags = { owner = "support" }
}

resource "aws_iam_user_login_profile" "support" {
  user                    = aws_iam_user.support.name
  password_reset_required = true
}

resource "aws_iam_group" "support" {
  name = "shortener-support"
}

resource "aws_iam_user_group_membership" "support" {
  user   = aws_iam_user.support.name
  groups = [aws_iam_group.support.name]
}

resource "aws_iam_group_policy_attachment" "support_read_only" {
  group      = aws_iam_group.support.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

# FG3090: the sessions database is encrypted, but with the AWS-managed `aws/rds` key.
resource "aws_db_parameter_group" "sessions" {
  name   = "shortener-sessions"
  family = "postgres16"
  tags   = { owner = "platform" }

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
}

resource "aws_db_instance" "sessions" {
  identifier                          = "shortener-sessions"
  engine                              = "postgres"
  engine_version                      = "16.4"
  instance_class                      = "db.t4g.micro"
  allocated_storage                   = 20
  username                            = "sessions"
  manage_master_user_password         = true
  parameter_group_name                = aws_db_parameter_group.sessions.name
  storage_encrypted                   = true
  backup_retention_period             = 7
  deletion_protection                 = true
  iam_database_authentication_enabled = true
  enabled_cloudwatch_logs_exports     = ["postgresql"]
  final_snapshot_identifier           = "shortener-sessions-final"
  tags                                = { owner = "platform" }
}
