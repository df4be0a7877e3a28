# Data-store problems planted for the demo (FG3037-FG3050). `aws_s3_bucket.uploads` in main.tf
# also has no encryption configuration, versioning, access logging or TLS-only policy.

# FG3041 (and FG3037-FG3040): a public website bucket, the legacy way.
resource "aws_s3_bucket" "public_assets" {
  bucket = "shortener-public-assets"
  acl    = "public-read"
}

# FG3042: no point-in-time recovery for the short links.
resource "aws_dynamodb_table" "links" {
  name         = "shortener-links"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "slug"

  attribute {
    name = "slug"
    type = "S"
  }
}

# FG3043, FG3044: a session cache in clear text on the wire and on disk.
resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id = "shortener-sessions"
  description          = "session store"
  node_type            = "cache.t4g.small"
}

# FG3045: TLS, but any client that reaches the port is let in.
resource "aws_elasticache_replication_group" "rate_limits" {
  replication_group_id       = "shortener-rate-limits"
  description                = "rate limiter"
  node_type                  = "cache.t4g.small"
  transit_encryption_enabled = true
  at_rest_encryption_enabled = true
}

# FG3046, FG3047: click events queued and fanned out unencrypted.
resource "aws_sns_topic" "clicks" {
  name = "shortener-clicks"
}

resource "aws_sqs_queue" "clicks" {
  name                    = "shortener-clicks"
  sqs_managed_sse_enabled = false
}

# FG3048, FG3049, FG3050: password logins only, no log exports, no final snapshot.
resource "aws_db_instance" "stats" {
  engine                  = "postgres"
  instance_class          = "db.t4g.micro"
  storage_encrypted       = true
  backup_retention_period = 7
  deletion_protection     = true
  skip_final_snapshot     = true
}
