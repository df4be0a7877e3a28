# Identity, edge and container problems planted for the demo (FG3051-FG3066).

resource "aws_iam_user" "deploy" {
  name = "shortener-deploy"
}

# FG3051: the key's secret lands in the Terraform state.
resource "aws_iam_access_key" "deploy" {
  user = aws_iam_user.deploy.name
}

# FG3052, FG3053, FG3054: PassRole on every role, NotAction allow, and a user policy.
resource "aws_iam_user_policy" "deploy" {
  user = aws_iam_user.deploy.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Deploy", Effect = "Allow", Action = "iam:PassRole", Resource = "*" },
      { Sid = "Everything", Effect = "Allow", NotAction = "iam:*", Resource = "*" },
    ]
  })
}

# FG3056: 8 characters, reuse allowed, no symbols.
resource "aws_iam_account_password_policy" "main" {
  minimum_password_length = 8
  require_numbers         = true
}

# FG3059 (no access logs), FG3060 (invalid headers passed through).
resource "aws_lb" "web" {
  name    = "shortener"
  subnets = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
}

# FG3061: sticky sessions hide in-memory session state.
resource "aws_lb_target_group" "web" {
  name     = "shortener"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = "vpc-0a1b2c3d"

  stickiness {
    type = "lb_cookie"
  }
}

# FG3057: plain HTTP forwarded to the app.
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

# FG3058: TLS 1.0 still accepted.
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-2016-08"
  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/shortener"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

# FG3062 (no scan on push), FG3063 (mutable tags).
resource "aws_ecr_repository" "shortener" {
  name = "shortener"
}

# FG3064 (API endpoint open to the internet), FG3065 (secrets not KMS-encrypted).
resource "aws_eks_cluster" "main" {
  name     = "shortener"
  role_arn = "arn:aws:iam::123456789012:role/shortener-eks"

  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  }
}

# FG3066: never rotated.
resource "aws_secretsmanager_secret" "api_key" {
  name = "shortener/api-key"
}
