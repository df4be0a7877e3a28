# Operations: the cluster the batch jobs run on.

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
}
