# Resource policies planted for the demo (FG3087, FG3088).

# FG3087: the key of the link exports lets a principal of any AWS account decrypt through S3;
# `kms:ViaService` alone does not say whose account the caller is in.
resource "aws_kms_key" "exports" {
  description         = "link exports"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministers"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::123456789012:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "ExportReaders"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = ["kms:Decrypt", "kms:DescribeKey"]
        Resource  = "*"
        Condition = { StringEquals = { "kms:ViaService" = "s3.us-east-1.amazonaws.com" } }
      },
    ]
  })
}

# FG3088: the link exports are readable by anyone; the TLS-only statement beside is fine.
resource "aws_s3_bucket" "exports" {
  bucket = "shortener-link-exports"
}

resource "aws_s3_bucket_policy" "exports" {
  bucket = aws_s3_bucket.exports.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "PublicExports"
        Effect    = "Allow"
        Principal = "*"
        Action    = ["s3:GetObject", "s3:ListBucket"]
        Resource  = [aws_s3_bucket.exports.arn, "${aws_s3_bucket.exports.arn}/*"]
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.exports.arn, "${aws_s3_bucket.exports.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}

# FG3088: anyone may inject click events into the queue of data.tf.
data "aws_iam_policy_document" "clicks_queue" {
  statement {
    sid       = "SendClicks"
    actions   = ["sqs:SendMessage"]
    resources = ["arn:aws:sqs:us-east-1:123456789012:shortener-clicks"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_sqs_queue_policy" "clicks" {
  queue_url = aws_sqs_queue.clicks.id
  policy    = data.aws_iam_policy_document.clicks_queue.json
}

# FG3088: anyone may invoke the thumbnails function of compute.tf.
resource "aws_lambda_permission" "thumbnails_public" {
  statement_id  = "AnyoneInvokes"
  function_name = aws_lambda_function.thumbnails.function_name
  action        = "lambda:InvokeFunction"
  principal     = "*"
}
