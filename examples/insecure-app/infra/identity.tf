# Identity: console access for the support team.

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
