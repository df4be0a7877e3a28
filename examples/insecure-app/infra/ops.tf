# Operations: the network and the cluster the batch jobs run on.

# FG3083: the jobs cluster logs API requests, but neither the audit trail nor who authenticated.
resource "aws_eks_cluster" "jobs" {
  name                      = "shortener-jobs"
  role_arn                  = "arn:aws:iam::123456789012:role/shortener-eks"
  enabled_cluster_log_types = ["api"]

  vpc_config {
    subnet_ids              = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
    endpoint_private_access = true
    endpoint_public_access  = false
  }

  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = aws_kms_key.data.arn
    }
  }

  tags = {
    owner = "jobs-team"
  }
}

# FG3085: the jobs network has a name but no owner; the provider adds no default tags.
resource "aws_vpc" "jobs" {
  cidr_block = "10.30.0.0/16"

  tags = {
    Name = "shortener-jobs"
  }
}

resource "aws_cloudwatch_log_group" "jobs_flow" {
  name              = "/shortener/jobs/flow"
  retention_in_days = 365

  tags = {
    owner = "jobs-team"
  }
}

# FG3084: the jobs network's flow log lands in a log group without a KMS key.
resource "aws_flow_log" "jobs" {
  vpc_id          = aws_vpc.jobs.id
  traffic_type    = "ALL"
  iam_role_arn    = "arn:aws:iam::123456789012:role/shortener-flow-logs"
  log_destination = aws_cloudwatch_log_group.jobs_flow.arn

  tags = {
    owner = "jobs-team"
  }
}
