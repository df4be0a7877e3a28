//! Cloud providers: AWS, Google Cloud, Azure, DigitalOcean, Alibaba Cloud, IBM Cloud, Oracle
//! Cloud, Cloudflare, Linode, Hetzner.

use crate::detector;
use crate::secrets::checksums;
use crate::secrets::detector::Detector;

pub static DETECTORS: &[Detector] = &[
    detector! {
        id: "FG2030",
        slug: "aws-access-key-id",
        title: "AWS access key ID",
        provider: "AWS",
        severity: High,
        keywords: ["AKIA", "ASIA"],
        pattern: r"(?-u)\b(?P<secret>(?:AKIA|ASIA)[A-Z2-7]{16})\b",
        validate: None,
        min_entropy: 3.0,
        what: "an AWS access key ID: `AKIA` (long-term IAM user key) or `ASIA` (temporary STS key) and 16 base32 characters. The ID alone cannot sign requests, but its secret key is rarely far away and the ID names the account and user",
        rotate: "In the IAM console (IAM → Users → the user → Security credentials → Access keys) create a new key, deploy it, then deactivate and delete the leaked one, or run `aws iam create-access-key --user-name NAME` then `aws iam delete-access-key --user-name NAME --access-key-id AKIA…`. For an `ASIA` key revoke the role's active sessions (IAM → Roles → Revoke sessions). Look up what the key did in CloudTrail (`aws cloudtrail lookup-events --lookup-attributes AttributeKey=AccessKeyId,AttributeValue=AKIA…`)",
        example: "AWS_ACCESS_KEY_ID=AKIA…",
        fixed: "# an instance/task role or `aws sso login`, no static key in the repository",
        fires: [
            "AWS_ACCESS_KEY_ID=AKIAD6LSTMSPHHVDLAV4\n",
            "aws:\n  access_key_id: ASIAARQAYV3ET23PN75N\n  region: eu-west-1\n",
        ],
        clean: [
            "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n",
            "aws_access_key_id = AKIAQCWNBYXGIARYIAQ\n",
            "aws_access_key_id = AKIA0189VRQ5CTS4SXVA\n",
            "user_id = AIDALA6XVFJF35MMLNK3 # an IAM user's unique ID, not a key\n",
            "prefix = XAKIAZU7XI7H4QJB3JZMD\n",
        ],
    },
    detector! {
        id: "FG2031",
        slug: "aws-access-key-pair",
        title: "AWS access key ID with its secret access key",
        provider: "AWS",
        severity: Critical,
        keywords: ["AKIA", "ASIA"],
        pattern: r"(?s-u)\b(?:AKIA|ASIA)[A-Z2-7]{16}\b.{0,240}?(?:(?m:^)|[^A-Za-z0-9/+])(?P<secret>[A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|(?m:$))",
        validate: Some(checksums::has_upper_and_lower),
        min_entropy: 4.0,
        what: "an AWS access key ID followed within a few lines by a 40-character secret access key: a complete, working credential pair (the secret is reported)",
        rotate: "Deactivate the key at once in the IAM console (IAM → Users → the user → Security credentials → Access keys → Deactivate) or with `aws iam update-access-key --user-name NAME --access-key-id AKIA… --status Inactive`, create a replacement with `aws iam create-access-key --user-name NAME`, deploy it, then `aws iam delete-access-key`. Review CloudTrail for the key's activity; AWS may already have attached the `AWSCompromisedKeyQuarantineV2` policy to the user",
        example: "aws_access_key_id = AKIA…\naws_secret_access_key = wJalr…",
        fixed: "# ~/.aws/credentials outside the repository, or better an IAM role / SSO session",
        fires: [
            "[default]\naws_access_key_id = AKIA7CXHQCQWWCR7RIKP\naws_secret_access_key = 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\nregion = us-east-1\n",
            "const s3 = new S3Client({ credentials: { accessKeyId: \"AKIAVMT7LXL6P2QQQ7YC\", secretAccessKey: \"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\" } });\n",
        ],
        clean: [
            "aws_access_key_id = AKIABVPLYLZ3D3M4Y6Z5\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
            "aws_access_key_id = AKIA77GEBTW3S55Q2OBF\ncommit = 53e66f7548082e661e0de9beb726af1296cc25ec\n",
            "AWS_ACCESS_KEY_ID=AKIAQ3XBIWGYEDDLZXOO\nAWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}\n",
            "aws_secret_access_key = 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\naws_access_key_id = AKIA5A6CZKKOZCB6I52Q\n",
        ],
    },
    detector! {
        id: "FG2032",
        slug: "aws-access-key-pair-reversed",
        title: "AWS secret access key followed by its access key ID",
        provider: "AWS",
        severity: Critical,
        keywords: ["AKIA", "ASIA"],
        pattern: r"(?-u)(?:(?m:^)|[^A-Za-z0-9/+])(?P<secret>[A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=\n][^\n]{0,200}?(?:\n[^\n]{0,200}?)?|\n[^\n]{0,200}?)\b(?:AKIA|ASIA)[A-Z2-7]{16}\b",
        validate: Some(checksums::has_upper_and_lower),
        min_entropy: 4.0,
        what: "a 40-character AWS secret access key followed, on its line or the next, by its access key ID: a complete, working credential pair written secret-first (the secret is reported)",
        rotate: "Deactivate the key at once in the IAM console (IAM → Users → the user → Security credentials → Access keys → Deactivate) or with `aws iam update-access-key --user-name NAME --access-key-id AKIA… --status Inactive`, create a replacement with `aws iam create-access-key --user-name NAME`, deploy it, then `aws iam delete-access-key`. Review CloudTrail for the key's activity",
        example: "provider \"aws\" {\n  secret_key = \"wJalr…\"\n  access_key = \"AKIA…\"\n}",
        fixed: "provider \"aws\" {\n  # credentials from the environment, an IAM role or SSO\n}",
        fires: [
            "provider \"aws\" {\n  secret_key = \"aK9U9PBL9ZdNfUvG+wj0Nh65ztbnz7S64wpouXe7\"\n  access_key = \"AKIAFDMSJP5LWB37D33S\"\n}\n",
            "s3 = boto3.client(\"s3\", aws_secret_access_key=\"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\", aws_access_key_id=\"ASIAKMY2DQ2D4JIUERG4\")\n",
        ],
        clean: [
            "secret_key = \"1OLN6lJipfr+pXHsEx7DnkDMsdH00+XDTuUZWYA2\"\nregion = \"us-east-1\"\nbucket = \"assets\"\naccess_key = \"AKIAAAY6D6KVF56FNKZG\"\n",
            "secret_key = \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"\naccess_key = \"AKIALHPZGKMRU52LH5S4\"\n",
            "sha = 991ec926b5ce9e7ad6e6e60d96387c78bd8ba5aa key = AKIA33A66DUNA7C4HU5E\n",
        ],
    },
    detector! {
        id: "FG2033",
        slug: "aws-secret-access-key",
        title: "AWS secret access key",
        provider: "AWS",
        severity: Critical,
        keywords: ["secret_access_key", "secretaccesskey", "secret-access-key", "secret.access.key", "aws_secret", "aws-secret", "awssecret", "aws.secret"],
        pattern: r#"(?-u)(?i:(?:aws[_.-]?)?secret[_.-]?access[_.-]?key|aws[_.-]?secret(?:[_.-]?key)?)["']?\]?(?:[ \t]*(?:=>|:=|[:=])[ \t]*|[ \t]+|[ \t]*\r?\n[ \t]*value:[ \t]*)["']?(?P<secret>[A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|(?m:$))"#,
        validate: Some(checksums::has_upper_and_lower),
        min_entropy: 4.0,
        what: "a 40-character AWS secret access key assigned to a variable, setting or field named for it (`AWS_SECRET_ACCESS_KEY`, `aws_secret_access_key`, `SecretAccessKey`, `secret_key` of the AWS provider)",
        rotate: "Find the key's ID (`aws iam list-access-keys --user-name NAME`, or IAM → Users → Security credentials), deactivate it with `aws iam update-access-key --access-key-id AKIA… --status Inactive`, create a replacement with `aws iam create-access-key`, deploy it, then delete the old key. Review CloudTrail for its activity",
        example: "export AWS_SECRET_ACCESS_KEY=wJalr…",
        fixed: "# set by `aws configure sso` / an IAM role at run time, never in the repository",
        fires: [
            "export AWS_SECRET_ACCESS_KEY=zk0V5GQrNQhIp1RraeUWWoY2PstJScqleqaAyA/D\n",
            "{\n  \"AccessKey\": {\n    \"UserName\": \"deploy\",\n    \"SecretAccessKey\": \"d6xueaN7r4YnHqB28bQ4yklHvSmP8POQr8BMJobZ\",\n    \"Status\": \"Active\"\n  }\n}\n",
            "env:\n  - name: AWS_SECRET_ACCESS_KEY\n    value: \"nOEPUogBbjLXwk7O/hFu5ALP22IFQQeB2r91DLeg\"\n",
        ],
        clean: [
            "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
            "AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}\n",
            "aws_secret_key = \"cadad9111554e20c9b976333e63d40014fddaf9d\"\n",
            "aws_secret_access_key = 8hdIi4emIAensXH/XOsjRw0Cpwls9fh9f6D9b4lMv\n",
        ],
    },
    detector! {
        id: "FG2034",
        slug: "aws-session-token",
        title: "AWS session token",
        provider: "AWS",
        severity: High,
        keywords: ["session_token", "sessiontoken", "session-token", "security_token", "security-token"],
        pattern: r#"(?-u)(?i:aws[_.-]?session[_.-]?token|aws[_.-]?security[_.-]?token|x-amz-security-token|sessiontoken)["']?\]?(?:[ \t]*(?:=>|:=|[:=])[ \t]*|[ \t]+|[ \t]*\r?\n[ \t]*value:[ \t]*)["']?(?P<secret>[A-Za-z0-9/+]{100,}={0,2})"#,
        validate: None,
        min_entropy: 4.5,
        what: "an AWS STS session token (`aws_session_token`, `AWS_SESSION_TOKEN`, `SessionToken`, `X-Amz-Security-Token`): with its `ASIA` key and secret it acts as the role or user until it expires, up to 36 hours",
        rotate: "Session tokens cannot be deleted: revoke every session issued before now for the role (IAM → Roles → the role → Revoke active sessions, which attaches an `AWSRevokeOlderSessions` deny policy), or for an IAM user's `GetSessionToken` credentials deactivate the user's long-term key. Then find out how a temporary credential came to be written down",
        example: "aws_session_token = IQoJb3JpZ2luX2Vj…",
        fixed: "# obtained at run time from the instance/task role or `aws sso login`",
        fires: [
            "[profile ci]\naws_session_token = IQoJb3JpZ2luX2VjEaZhFWFEMHrg9qL715i4vbJCZpsta9YWgK8e34/mFzk8tB5Vy6GTI3o0Jz3NFQ7gdLbJN+bRu8BBw0URyM1JI5Z2T/Bgm2jI+j7bsxtUQZxh64pn8wgpqMwyoUzcFoaBSzNJec/8GOdr2TWJbWfDkrycmHonYKHScD7u0kb5YNWja1wJLAzeiZ0paCf0AD8eiJi1NBEn7kSlb/FI4VG64uvAd49mFmPjN1JmMrqSQiRPH8A2p4nsjeYt3sl/7Vv5XvGA7BiwIa9y7KWr4JIWZh8B6NamNghn0XPLdFrj14u2E\n",
            "{\"Credentials\": {\"SessionToken\": \"FwoGZXIvYXdzEukdtCOc8X49h/RslpOg+2DUxy8heokupMl0tbWv7iuAiP6simF3z8/K0BDm2EDBUdwI9KMKJrjiwqn7/9LXG13d/iD6TjrZJo//TaZhrdMpLhr1G2klqqebjdOJsfzlojuhPX6mZ/bggBKb0fsPUUVMVTxCBYLdR6oJrCABtCuUTX/e6UkyTrHUM/wEId7dAuRhTzf/69VQunnedIDKB+cQHRD5JwbAp3dKLw7dAGCW1kGCvdQWTEGBpAO6ZnAJ9mVsi==\", \"Expiration\": \"2025-06-01T12:00:00Z\"}}\n",
        ],
        clean: [
            "AWS_SESSION_TOKEN=${AWS_SESSION_TOKEN}\n",
            "aws_session_token = IQoJb3JpZ2luX2VjEF4vH8Q0h+323gLaU5iedaGXGQihkdHl7u98/DknJ\n",
            "const sessionToken = localStorage.getItem(\"sessionToken\");\n",
        ],
    },
    detector! {
        id: "FG2035",
        slug: "gcp-service-account-private-key",
        title: "Google Cloud service account private key",
        provider: "Google Cloud",
        severity: Critical,
        keywords: ["service_account"],
        pattern: r#"(?s-u)"type"[ \t]*:[ \t]*"service_account".*?"private_key"[ \t]*:[ \t]*"(?P<secret>-----BEGIN PRIVATE KEY-----[A-Za-z0-9+/=\\ \r\n]{64,}?-----END PRIVATE KEY-----(?:\\n)?)""#,
        validate: Some(checksums::pem_private_key),
        min_entropy: 4.0,
        what: "the private key of a Google Cloud service account key file (`\"type\": \"service_account\"` JSON with a `private_key` that decodes to a DER private key): whoever holds it authenticates as the service account",
        rotate: "Delete the key in the console (IAM & Admin → Service accounts → the account → Keys → Delete; its ID is the file's `private_key_id`) or with `gcloud iam service-accounts keys delete KEY_ID --iam-account=SA_EMAIL`, and create a new one only if a keyless option (workload identity federation, attached service accounts) cannot replace it. Check the account's activity in Cloud Audit Logs",
        example: "{\"type\": \"service_account\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIE…\"}",
        fixed: "# workload identity federation, or GOOGLE_APPLICATION_CREDENTIALS pointing outside the repository",
        fires: [
            r#"{
  "type": "service_account",
  "project_id": "acme-prod",
  "private_key_id": "03b2524277d18384bbe4d70d9e235492bcdaced9",
  "private_key": "-----BEGIN PRIVATE KEY-----\nMIIBQgIBADANBgkqhkiG9w0BAQEFAASCASzGBif2HVq9tqLntyzQ+Nn/4oLndq1V\nusn/p+H7rUcfyoFiUbdnBYSu9hl5KXwl+76nWObkFuXd/1mL7RgZ6f9PtJo4ZJT4\nIWqthBWbCOdKYlghiLGSAWYJPnCalcX2kkMF11jdGagnkmFQQAr8KOcAl+WcEirG\nASEXN1Ft/cWSkMT8Pv2JQbximnFTSY8KOvQqCHogMtn4B22bUJQcoKXWDHvUfjk5\nHTU0djPAGR29iAIq2laIG1i3tngKV8d2rEimOxWyuz1CfbcvHzEYS/D0s80QqKxB\nBhgHl4lU/1JPfT6wo9BQQzntbeDq9cCHbxQWbXwj98mcZRQX4lsmvp81Vc+AI06m\ntZAgykTUZNdWW6eEySCIbZmNOEdkfRXp6nsTOMdCNE0cj7ZM2m8=\n-----END PRIVATE KEY-----\n",
  "client_email": "deployer@acme-prod.iam.gserviceaccount.com"
}
"#,
            r#"GOOGLE_CREDENTIALS='{"type":"service_account","project_id":"acme-ci","private_key_id":"019a4332bf17b34405fb388eae49a00259097726","private_key":"-----BEGIN PRIVATE KEY-----\nMIIBQgIBADANBgkqhkiG9w0BAQEFAASCASwqrIaTfOgFsjScbCLzkmcWBy82n/kP\nI2roVDaQJAsiB5le6PSU3ee4RC0ik34i11m/7ZZx7gdPz/St6nlBUiUkufFdKXV1\njr744hwBnN5UJiE1sbS8bCuUqVCxCt+b9AuIOwXms245OYIri1cyDTzPOOxT/py+\nS9fYiIwyTRu1hWZ9usD3JJz2D8uUHCzhrahUkjXR42O0YdP9tEU3aH7AKeWSYH3B\nkjJcOZnCmZcHAUy6qLEHk0e2VbmnYwXqUErMXK5EMxb7KVX1oQnNXPG/0Td6xFsx\nE1FKn8QLh8SMtdhvHMY+bbQ/58yOdsvUaZGpPfOG+h8LBuoPY7rT+yAbvAjEDyZL\nAmKJPhK1/e1azlHvD3ihmZF8N/2RizkgcoKQy4jTM2I9qjFlKSk=\n-----END PRIVATE KEY-----\n","client_email":"ci@acme-ci.iam.gserviceaccount.com"}'
    "#,
        ],
        clean: [
            r#"{"type": "service_account", "project_id": "acme", "private_key": "-----BEGIN PRIVATE KEY-----\nMIJ/QgIBADANBgkqhkiG9w0BAQEFAASCASwoqgErKYCHHPqsifIkTiMN5WZrPF0+\n2B1BEqc396tU9/IaeGBGaEc/GZRqPBoGxMM4mqZhkim61izE0a+RA7SWjDld5nf+\nz4a2OwGDqUbyW8DG7K19c6KhnTPuX3TfMWZ/n9GCSI/r8Z2wzLZAF9nhrcd65nX9\nhiEdu9DyHXu0B/q9H0qbrFNVL88U7xPciUKUjJiP1tnVRwsomhO3GKc8BigJPLjU\nbLXKMqfGld1yeCzUFbXygJdI0gwtBLCr0ivsZDt5yoSJAu6WIj/krdrYZreVv4k/\n5Ws4+9oPMJ8G11XZ7Lans0ckfB0BukNH+JxyAj5nrSsLRMQiyIgy0GYvizcwhP6l\nJXuW7s1nzn/qU2nRAM7MpiCVvxSpv97DL3TPrQR97hq9wlRH7kE=\n-----END PRIVATE KEY-----\n"}
    "#,
            r#"{"type": "service_account", "project_id": "acme", "private_key": "${GCP_PRIVATE_KEY}"}
    "#,
            r#"{"type": "external_account", "private_key": "-----BEGIN PRIVATE KEY-----\nMIIBQgIBADANBgkqhkiG9w0BAQEFAASCASy7HexGr5ENN7l8fVu25MPn38Ya8/G2\ntauMVb7CxS+AP//9wV3wdC1/BhLD+Tp9hB4Y94D02rqRglIG2nkA0A6IPUB5di+L\nIPO4eI+Xhqvu5MaXDq59Z7Uu0xLPHu1L0VR10uZAs/tIfvBcErRbjQTN7ItQGKSg\nWhKVBCvQmrPl3Mt0nR8XROMH9aMvX+jyAZQDHFEhX5PeEe6jWZ4EuVF8o/TvyW6R\nORjNullEPcwzv2RC3NBszQg5hQfKZ79W+MP3RnqD1urOjMFS96SeE9FhXIb6fvPU\nBXQ70PMG59WB7OUlXVIxWTZ5bqrlfaMPeRnbJTfpFOaAEFv9hZDYSZkIEOVBFpal\nCF51q2F2w7td/hWI4QnZuCFd0U58CeSLjLFndwETYITS+wvAQtQ=\n-----END PRIVATE KEY-----\n"}
    "#,
        ],
    },
    detector! {
        id: "FG2036",
        slug: "google-api-key",
        title: "Google API key",
        provider: "Google Cloud",
        severity: High,
        keywords: ["AIza"],
        pattern: r"(?-u)\b(?P<secret>AIza[0-9A-Za-z_-]{35})(?:[^0-9A-Za-z_-]|(?m:$))",
        validate: None,
        min_entropy: 4.0,
        what: "a Google API key (`AIza` and 35 characters), used by Maps, Gemini, Firebase and other Google Cloud APIs; unrestricted keys are billed to the project for whatever anyone calls with them",
        rotate: "In the Google Cloud console (APIs & Services → Credentials → the key) create a replacement, add API and application restrictions to it, deploy it, then delete the old key (or `gcloud services api-keys delete KEY_ID`). Check the project's billing and API metrics for abuse",
        example: "GOOGLE_API_KEY=AIza…",
        fixed: "GOOGLE_API_KEY=${GOOGLE_API_KEY}  # restricted key, injected at deploy time",
        fires: [
            "<script src=\"https://maps.googleapis.com/maps/api/js?key=AIza8D9Z7JNJovtZUJt0UTRCICLM7_fX-lDrIff&callback=initMap\"></script>\n",
            "GOOGLE_API_KEY=AIza0Eq8sd9VZicvfM6fyKd1BaT4JQFjPQ3DlWK\n",
        ],
        clean: [
            "GOOGLE_API_KEY=AIzas6vXjZ06u11wbSM3cXZx3oSDbg1yo3Ekw-\n",
            "GOOGLE_API_KEY=AIzaX5BkjKbkC_M2aRewIMhkRvvkzO__PFC4PP_F\n",
            "GOOGLE_API_KEY=AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\n",
            "token = MAIzaVFGWpmv2oWmn2yF78yCbxUibBkMj-iHWsSE\n",
        ],
    },
    detector! {
        id: "FG2037",
        slug: "google-oauth-client-secret",
        title: "Google OAuth client secret",
        provider: "Google Cloud",
        severity: High,
        keywords: ["GOCSPX-"],
        pattern: r"(?-u)\b(?P<secret>GOCSPX-[0-9A-Za-z_-]{28})(?:[^0-9A-Za-z_-]|(?m:$))",
        validate: None,
        min_entropy: 4.0,
        what: "a Google OAuth 2.0 client secret (`GOCSPX-` and 28 characters): with the client ID it lets anyone impersonate the application in OAuth flows",
        rotate: "In the Google Cloud console (APIs & Services → Credentials → the OAuth 2.0 client) choose Add secret, deploy the new secret, then disable and delete the leaked one",
        example: "GOOGLE_CLIENT_SECRET=GOCSPX-…",
        fixed: "GOOGLE_CLIENT_SECRET=${GOOGLE_CLIENT_SECRET}",
        fires: [
            "{\"web\":{\"client_id\":\"812345678901-a1b2c3.apps.googleusercontent.com\",\"client_secret\":\"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\",\"redirect_uris\":[\"https://app.acme.io/callback\"]}}\n",
            "GOOGLE_CLIENT_SECRET=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\n",
        ],
        clean: [
            "GOOGLE_CLIENT_SECRET=GOCSPX-ReoHaww-sFNTYYc6vLKUhi7lIUR\n",
            "GOOGLE_CLIENT_SECRET=GOCSPX-<your-client-secret>\n",
            "GOOGLE_CLIENT_SECRET=GOCSPX-xxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
        ],
    },
    detector! {
        id: "FG2038",
        slug: "azure-storage-account-key",
        title: "Azure Storage or Cosmos DB account key",
        provider: "Azure",
        severity: Critical,
        keywords: ["accountkey", "account_key", "account-key", "storage_key", "storagekey", "storage-key", "storage_account", "storageaccount", "azure_storage", "azurestorage", "azure-storage"],
        pattern: r#"(?-u)(?:AccountKey=|(?i:account[_.-]?key|(?:azure[_.-]?)?storage[_.-]?(?:account[_.-]?)?(?:access[_.-]?)?key)["']?\]?(?:[ \t]*(?:=>|:=|[:=])[ \t]*|[ \t]+|[ \t]*\r?\n[ \t]*value:[ \t]*)["']?)(?P<secret>[A-Za-z0-9+/]{86}==)"#,
        validate: Some(checksums::azure_account_key),
        min_entropy: 4.5,
        what: "an Azure Storage or Cosmos DB account key (512 bits in base64, 88 characters, in an `AccountKey=` connection string, an `AccountKey` field or an `AZURE_STORAGE_KEY` / `storage_account_key` setting): full control of every container, queue, table and file share of the account. The emulators' published keys are ignored",
        rotate: "In the Azure portal (storage account → Security + networking → Access keys, or Cosmos DB account → Keys) move clients to the other key, then regenerate the leaked one, or `az storage account keys renew --account-name NAME --key key1` / `az cosmosdb keys regenerate --key-kind primary`. Prefer Microsoft Entra ID with managed identities and disable shared-key access",
        example: "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=q5F…==",
        fixed: "# a managed identity (DefaultAzureCredential), or the connection string from Key Vault",
        fires: [
            "STORAGE=DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=juFcuq0inMS6iIDeNVsCgwx7hYvHzHR95JSxGeyuNWUGaq7ZZyBfi6XnrSsXW8VMuflKGIxInHJqpUxwZ16TGg==;EndpointSuffix=core.windows.net\n",
            "azure:\n  AZURE_STORAGE_KEY: \"dlgkUcYUPHzfwpAAHrVeRkGFNF3SY1A21lYqzT6It9vTW4DnImk3pUJ5kcSL8116X8LqYxtMbj65jD0p4I7CTg==\"\n",
            "\"Storage\": {\n  \"AccountName\": \"acmeexports\",\n  \"AccountKey\": \"15LXc83gWnVGW31/kad2a+HyGmaTeYYIZhykxH02RlTFkq3nfH012+fW1KbgCTjPKacnJOuQszGhHi8+24BKIA==\"\n}\n",
            "\"CosmosDb\": \"AccountEndpoint=https://acme.documents.azure.com:443/;AccountKey=D1rFB2/bo5bbvzJOGaqbdl6JIXFO0vGklRHHYaeEK3vWShWt8oS534XYHl++6SDp7lsZlhRRX6EUcJE/lYR4fw==;\"\n",
        ],
        clean: [
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;\n",
            "AccountEndpoint=https://localhost:8081/;AccountKey=C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==;\n",
            "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${STORAGE_KEY};\n",
            "AccountKey=drqko/z69JMZ2gpkMJq7JaFZchM2EY11/g2dz2XHUKxIe5vplhBS+I7fnjo+QIgvZSvcL3dZr+TvXkBLfn7g\n",
        ],
    },
    detector! {
        id: "FG2039",
        slug: "azure-sas-token",
        title: "Azure shared access signature (SAS) token",
        provider: "Azure",
        severity: High,
        keywords: ["sig="],
        pattern: r#"(?-u)(?:(?m:^)|[?&;="'\s])sv=[0-9]{4}-[0-9]{2}-[0-9]{2}(?:&[A-Za-z]{2,6}=[^\s"'<>&#]*){0,16}&sig=(?P<secret>[A-Za-z0-9%+/]{43,64})"#,
        validate: Some(checksums::azure_sas_signature),
        min_entropy: 4.0,
        what: "an Azure shared access signature: a query string with a signed version (`sv=`) and a `sig=` that decodes to a 256-bit HMAC (the signature is reported). Until it expires (`se=`) it grants the permissions in `sp=` to anyone holding the URL",
        rotate: "An ad-hoc SAS cannot be revoked by itself: rotate the account key that signed it (storage account → Access keys → Rotate key, or `az storage account keys renew`), or, for a SAS bound to a stored access policy, delete or change that policy; a user delegation SAS dies with `az storage account revoke-delegation-keys`. Issue short-lived SAS tokens at run time instead",
        example: "https://acme.blob.core.windows.net/backups?sv=2022-11-02&…&sig=Vq…%3D",
        fixed: "# generate a short-lived user delegation SAS at run time (managed identity)",
        fires: [
            "BACKUP_URL=https://acme.blob.core.windows.net/backups/db.bak?sp=r&st=2025-01-01T00:00:00Z&se=2026-01-01T00:00:00Z&spr=https&sv=2022-11-02&sr=b&sig=6X0c9HhNzlNjaGPAfKVRpekbX77KDRwFVRGUk3VIAOs%3D\n",
            "AZURE_SAS_TOKEN=\"?sv=2021-06-08&ss=bfqt&srt=sco&sp=rwdlacupx&se=2026-03-01T00:00:00Z&st=2025-03-01T00:00:00Z&spr=https&sig=fARl09%2FCZFx%2FIpk0DNx6ekNzwBHkHS4ZUAuBwLcjXhg%3D\"\n",
        ],
        clean: [
            "url = \"https://acme.blob.core.windows.net/c/f?sv=2022-11-02&sr=b&sig=RJfk3za1VEmtmCZPU95MQxj3cvo%3D\"\n",
            "url = \"https://acme.blob.core.windows.net/c/f?sv=2022-11-02&sr=b&sig=${SAS_SIGNATURE}\"\n",
            "https://hooks.acme.io/verify?msg=hello&ts=1700000000&sig=D74IJ%2FbizoN9w6EOU9lDLC%2B%2B7UM%2FLiSwxvVZr0ETi7M%3D\n",
        ],
    },
    detector! {
        id: "FG2040",
        slug: "azure-ad-client-secret",
        title: "Microsoft Entra ID (Azure AD) client secret",
        provider: "Azure",
        severity: Critical,
        keywords: ["0Q~", "1Q~", "2Q~", "3Q~", "4Q~", "5Q~", "6Q~", "7Q~", "8Q~", "9Q~"],
        pattern: r"(?-u)(?:(?m:^)|[^A-Za-z0-9_~.-])(?P<secret>[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})(?:[^A-Za-z0-9_~.-]|(?m:$))",
        validate: None,
        min_entropy: 4.0,
        what: "a Microsoft Entra ID (Azure AD) application client secret, recognisable by the `Q~` after its fourth character (40 characters): with the tenant and client IDs it signs in as the app registration with all its Microsoft Graph and Azure permissions",
        rotate: "In the Entra admin center (App registrations → the app → Certificates & secrets) add a new client secret, deploy it, then delete the leaked one (or `az ad app credential reset --id APP_ID` / `az ad app credential delete --id APP_ID --key-id KEY_ID`). Review the service principal's sign-in logs; prefer a certificate or workload identity federation",
        example: "AZURE_CLIENT_SECRET=Abc8Q~…",
        fixed: "# workload identity federation or a managed identity; no client secret at all",
        fires: [
            "AZURE_CLIENT_SECRET=dbT8Q~qZ4JNu6ZXGeoMbhKa13yZSr3QEGo8mpOsX\n",
            "{\n  \"AzureAd\": {\n    \"TenantId\": \"d12d7f81-8ad7-413a-ad59-03d76c9e6113\",\n    \"ClientSecret\": \"gi37Q~6HcN4-pLdfd6yK1VNWT_V31cn-A34123hb\"\n  }\n}\n",
        ],
        clean: [
            "AZURE_CLIENT_SECRET=0sp8Q~ym.dft0CJ9BaOTgjByFwMk-9gQFw\n",
            "AZURE_CLIENT_SECRET=nZjxQ~1VDQo2uT8-kvR~OOSB5_jFzf-p4.yv2k-9\n",
            "AZURE_CLIENT_SECRET=xxx8Q~xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
            "blob = XKy8Q~71G7hd4K8dG9Ir9VyGOZDrwli7oVARDkJzzBHe8xHiTwOkfepm\n",
        ],
    },
    detector! {
        id: "FG2041",
        slug: "azure-shared-access-key",
        title: "Azure Service Bus, Event Hubs, IoT Hub or Relay shared access key",
        provider: "Azure",
        severity: High,
        keywords: ["SharedAccessKey="],
        pattern: r"(?-u)SharedAccessKey=(?P<secret>[A-Za-z0-9+/]{43}=)(?:[^A-Za-z0-9+/=]|(?m:$))",
        validate: None,
        min_entropy: 4.2,
        what: "a 256-bit shared access key in an Azure Service Bus, Event Hubs, IoT Hub or Relay connection string (`SharedAccessKey=`): it signs tokens with the rights of its policy, often `RootManageSharedAccessKey` / `iothubowner`",
        rotate: "In the Azure portal (namespace or hub → Shared access policies → the policy) regenerate the leaked key after moving clients to the other one, or `az servicebus namespace authorization-rule keys renew --key PrimaryKey …` / `az eventhubs namespace authorization-rule keys renew …` / `az iot hub policy renew-key …`. Prefer Microsoft Entra ID and managed identities over SAS keys",
        example: "Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=3x…=",
        fixed: "# fully qualified namespace + DefaultAzureCredential, no key",
        fires: [
            "SERVICEBUS=Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=a/sELyBWJj38ZOxlngpb6/Kv6rqDBEmqiEASbOV50q0=\n",
            "iot:\n  connection: \"HostName=acme.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=2nlUMRZcrsYJQUJNOQBqW0ME5+PzYnCaewLctXqf3DE=\"\n",
        ],
        clean: [
            "Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=<key>\n",
            "Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey={{ .Values.serviceBusKey }}\n",
            "SharedAccessKey=Jx7PZj3s7WxsIebYRrkA+DltO2MfgVXFg3ftfO96\n",
        ],
    },
    detector! {
        id: "FG2042",
        slug: "digitalocean-personal-access-token",
        title: "DigitalOcean personal access token",
        provider: "DigitalOcean",
        severity: Critical,
        keywords: ["dop_v1_"],
        pattern: r"(?-u)\b(?P<secret>dop_v1_[a-f0-9]{64})\b",
        validate: None,
        min_entropy: 3.5,
        what: "a DigitalOcean personal access token (`dop_v1_` and 64 hex digits): API access to the team's droplets, databases, Spaces keys and DNS with the token's scopes",
        rotate: "In the DigitalOcean control panel (API → Tokens) delete the token and generate a new one with the narrowest scopes and an expiry; `doctl auth init` picks up the new one. Check the team's security history for its use",
        example: "DIGITALOCEAN_TOKEN=dop_v1_…",
        fixed: "DIGITALOCEAN_TOKEN=${DIGITALOCEAN_TOKEN}",
        fires: [
            "DIGITALOCEAN_TOKEN=dop_v1_8e68bf4b624a1a586b0d2d418ee198e7794e137286f8c1f8189ca6f21b42d079\n",
            "provider \"digitalocean\" {\n  token = \"dop_v1_665373ad7ab9ebce04fb54716c80e8763006338527e8bc4b02fe3a20a4cc52d3\"\n}\n",
        ],
        clean: [
            "DIGITALOCEAN_TOKEN=dop_v1_5c4a8fee6f2390c52e7e41b9dc721c8e983e05f74afda921ac2637c4a6fd508\n",
            "DIGITALOCEAN_TOKEN=dop_v1_AC97CBEC6AEAB0F13A57788F9FA851E52C3B1ACD6D02CDA1BDD234221E91ABD7\n",
            "DIGITALOCEAN_TOKEN=dop_v1_<token>\n",
        ],
    },
    detector! {
        id: "FG2043",
        slug: "digitalocean-oauth-token",
        title: "DigitalOcean OAuth access token",
        provider: "DigitalOcean",
        severity: High,
        keywords: ["doo_v1_"],
        pattern: r"(?-u)\b(?P<secret>doo_v1_[a-f0-9]{64})\b",
        validate: None,
        min_entropy: 3.5,
        what: "a DigitalOcean OAuth access token (`doo_v1_` and 64 hex digits) issued to an OAuth application on a user's behalf",
        rotate: "Revoke it with `curl -X POST https://cloud.digitalocean.com/v1/oauth/revoke -d token=…`, or have the user remove the application under Settings → Applications & API → Authorized applications; the application obtains a new token through its OAuth flow",
        example: "DO_OAUTH_TOKEN=doo_v1_…",
        fixed: "# store OAuth tokens in the application's encrypted token store, not in code",
        fires: [
            "DO_OAUTH_TOKEN=doo_v1_be1daac28b0420fbf149494b1846e85f3831afaa65c52c6b7b23be5c39c016f1\n",
            "{\"access_token\": \"doo_v1_972baeb7c12ec50a7bb2dfef9fe900ed7a3b6fabc62abb4c821716931a28a09b\", \"token_type\": \"bearer\"}\n",
        ],
        clean: [
            "DO_OAUTH_TOKEN=doo_v1_b59c955b8a5a9c3af581ddfe075464fc782de5db684a44676391b41e206c8537e\n",
            "DO_OAUTH_TOKEN=doo_v1_${TOKEN}\n",
            "DO_OAUTH_TOKEN=doo_v2_1eac2a55ad37f33bea684675177b7c46e9b5ab465557cbc1ebd815650f656eca\n",
        ],
    },
    detector! {
        id: "FG2044",
        slug: "digitalocean-refresh-token",
        title: "DigitalOcean OAuth refresh token",
        provider: "DigitalOcean",
        severity: High,
        keywords: ["dor_v1_"],
        pattern: r"(?-u)\b(?P<secret>dor_v1_[a-f0-9]{64})\b",
        validate: None,
        min_entropy: 3.5,
        what: "a DigitalOcean OAuth refresh token (`dor_v1_` and 64 hex digits): it mints new access tokens for the authorizing user",
        rotate: "Revoke it with `curl -X POST https://cloud.digitalocean.com/v1/oauth/revoke -d token=…`, or have the user remove the application under Settings → Applications & API → Authorized applications",
        example: "{\"refresh_token\": \"dor_v1_…\"}",
        fixed: "# refresh tokens belong in the application's encrypted token store",
        fires: [
            "{\"access_token\": \"redacted\", \"refresh_token\": \"dor_v1_842bcc35eb777adb809e05f1796f76df3574d79f629564395cb49554a4bdd311\"}\n",
            "DO_REFRESH_TOKEN='dor_v1_002545fed2ee76da3384796f22515ede84361e2dd79894231be0d75cab63b1d2'\n",
        ],
        clean: [
            "DO_REFRESH_TOKEN=dor_v1_ea385901da20fd26695406b3f0ddfe99\n",
            "DO_REFRESH_TOKEN=dor_v1_iLD0jui29TvvC7VniRdKj5Vq5XI3KZo8Xhu0kjEt1LtTKqDnj1CC8WIgPTVl1xmh\n",
            "DO_REFRESH_TOKEN=dor_v1_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
        ],
    },
    detector! {
        id: "FG2045",
        slug: "alibaba-access-key-id",
        title: "Alibaba Cloud AccessKey ID",
        provider: "Alibaba Cloud",
        severity: High,
        keywords: ["LTAI"],
        pattern: r"(?-u)\b(?P<secret>LTAI[A-Za-z0-9]{12,20})\b",
        validate: None,
        min_entropy: 3.3,
        what: "an Alibaba Cloud AccessKey ID (`LTAI` and 12 to 20 characters); its AccessKey secret is rarely far away",
        rotate: "In the RAM console (Identities → Users → the user → AccessKey) create a new AccessKey pair, deploy it, then disable and delete the leaked one (`aliyun ram DeleteAccessKey --UserAccessKeyId LTAI… --UserName NAME`). Check ActionTrail for its use",
        example: "ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI…",
        fixed: "# a RAM role (ECS instance role / OIDC), no AccessKey in the repository",
        fires: [
            "ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIi17qyVPmDXtTYjdj8VxH\n",
            "access_key = \"LTAI5TdctQ7BGAZ3\"\n",
        ],
        clean: [
            "access_key = \"LTAIf9AbL7JdAw\"\n",
            "access_key = \"LTAIDhaOtS6UiiFJ1GqSUR25KNHx4\"\n",
            "mountain = \"ALTAIbfhUGkK01FePwMyb\"\n",
            "access_key = \"LTAIxxxxxxxxxxxxxxxxxxxx\"\n",
        ],
    },
    detector! {
        id: "FG2046",
        slug: "alibaba-access-key-pair",
        title: "Alibaba Cloud AccessKey ID with its secret",
        provider: "Alibaba Cloud",
        severity: Critical,
        keywords: ["LTAI"],
        pattern: r"(?s-u)\bLTAI[A-Za-z0-9]{12,20}\b.{0,240}?(?:(?m:^)|[^A-Za-z0-9])(?P<secret>[A-Za-z0-9]{30})(?:[^A-Za-z0-9]|(?m:$))",
        validate: Some(checksums::has_upper_and_lower),
        min_entropy: 3.6,
        what: "an Alibaba Cloud AccessKey ID followed within a few lines by a 30-character AccessKey secret: a working credential pair (the secret is reported)",
        rotate: "Disable the AccessKey at once in the RAM console (Identities → Users → the user → AccessKey → Disable), create a replacement, deploy it, then delete the leaked pair (`aliyun ram DeleteAccessKey --UserAccessKeyId LTAI… --UserName NAME`). Review ActionTrail for its use",
        example: "ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI…\nALIBABA_CLOUD_ACCESS_KEY_SECRET=…",
        fixed: "# a RAM role (ECS instance role / OIDC), no AccessKey in the repository",
        fires: [
            "ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIZ9F23YUzX5hH78NXfskU\nALIBABA_CLOUD_ACCESS_KEY_SECRET=me6cw9m0r1SFixo4cjCtCA7jZCQHMb\n",
            "{\"mode\": \"AK\", \"access_key_id\": \"LTAI9tS2oqiwBV19qK8z\", \"access_key_secret\": \"bnBw1Zrk7B2pLRxCu5zKvjUT4Tjacv\", \"region_id\": \"cn-hangzhou\"}\n",
        ],
        clean: [
            "access_key_id = \"LTAIbm0i7LkI4T1CV1fC\"\nbucket = \"ovfzlt872q0hb2a8rvuuk89o86fbzk\"\n",
            "access_key_id = \"LTAIS7rWSlGWtDS498KH\"\naccess_key_secret = \"${ALICLOUD_SECRET_KEY}\"\n",
            "access_key_id = \"LTAIGLyRf16q1Cw6eeQd\"\naccess_key_secret = \"k6wQPQp0Rnkdx34IywBcQGia3k2E48c\"\n",
        ],
    },
    detector! {
        id: "FG2047",
        slug: "ibm-cloud-api-key",
        title: "IBM Cloud API key",
        provider: "IBM Cloud",
        severity: Critical,
        keywords: ["apikey", "api_key", "api-key", "api.key"],
        pattern: r#"(?-u)(?:(?m:^)|[^A-Za-z0-9])(?i:(?:ibm|ibmcloud|ic|iam)[_.-]?(?:cloud[_.-]?)?api[_.-]?key)["']?\]?(?:[ \t]*(?:=>|:=|[:=])[ \t]*|[ \t]+|[ \t]*\r?\n[ \t]*value:[ \t]*)["']?(?P<secret>[A-Za-z0-9_-]{44})(?:[^A-Za-z0-9_-]|(?m:$))"#,
        validate: None,
        min_entropy: 4.0,
        what: "an IBM Cloud IAM API key (44 characters) assigned to `IBMCLOUD_API_KEY`, `IC_API_KEY`, `ibmcloud_api_key` or `iam_apikey`: it authenticates as the user or service ID that owns it",
        rotate: "In the IBM Cloud console (Manage → Access (IAM) → API keys, or the service ID's API keys) create a new key, deploy it, then delete the leaked one, or `ibmcloud iam api-key-create NAME` then `ibmcloud iam api-key-delete NAME`. Check Activity Tracker for its use",
        example: "export IBMCLOUD_API_KEY=…",
        fixed: "# a trusted profile / compute resource identity, or the key from Secrets Manager",
        fires: [
            "export IBMCLOUD_API_KEY=on4DWoiPqgEpBJZn12ziOgJRdXk6LOShnPqcEZ6NJm_7\n",
            "ibmcloud_api_key = \"ed5Wo3selLuSkPfaYKHnzyowPRNIK3Td-A9I34pOmgtf\"\nregion = \"us-south\"\n",
        ],
        clean: [
            "export IBMCLOUD_API_KEY=<your-api-key>\n",
            "export IBMCLOUD_API_KEY=UqRJ1dD1njLXA435ATC2VUr9bRf2edK6SXBkayjgMoZ\n",
            "public_api_key = \"kHv7Zpu63e18wPL8wsYWQ1RQ48ffzpgjumLyD0mjiiFO\"\n",
        ],
    },
    detector! {
        id: "FG2048",
        slug: "ibm-cos-hmac-secret",
        title: "IBM Cloud Object Storage HMAC secret key",
        provider: "IBM Cloud",
        severity: High,
        keywords: ["cos_hmac_keys"],
        pattern: r#"(?s-u)"cos_hmac_keys"[ \t]*:[ \t]*\{[^}]{0,200}?"secret_access_key"[ \t]*:[ \t]*"(?P<secret>[a-f0-9]{48})""#,
        validate: None,
        min_entropy: 3.3,
        what: "the HMAC secret access key of IBM Cloud Object Storage service credentials (`cos_hmac_keys`): S3-compatible access to the instance's buckets",
        rotate: "In the IBM Cloud console (the Object Storage instance → Service credentials) delete the credential and create a new one with HMAC enabled, or `ibmcloud resource service-key-delete NAME` then `ibmcloud resource service-key-create NAME Writer --instance-name COS --parameters '{\"HMAC\":true}'`",
        example: "\"cos_hmac_keys\": {\"access_key_id\": \"…\", \"secret_access_key\": \"…\"}",
        fixed: "# IAM API-key auth from Secrets Manager, or HMAC keys injected at run time",
        fires: [
            "{\n  \"apikey\": \"redacted\",\n  \"cos_hmac_keys\": {\n    \"access_key_id\": \"ec9abe9efd3307b5c56a97bf14311f2c\",\n    \"secret_access_key\": \"05870136f4c25cc4dd98725bb340e2ba51e347eb100a131c\"\n  },\n  \"endpoints\": \"https://control.cloud-object-storage.cloud.ibm.com/v2/endpoints\"\n}\n",
            "{\"cos_hmac_keys\": {\"secret_access_key\": \"d559e3d1e6081efd85433293face6475950e2f716657f875\", \"access_key_id\": \"ebc94059e56c6ba155e873cabcba657e\"}}\n",
        ],
        clean: [
            "{\"cos_hmac_keys\": {\"access_key_id\": \"80177937af6a82bf1884db8b9c076af6\", \"secret_access_key\": \"76f87aacb8c76e48f10d77669055c74ed9fd3a2f\"}}\n",
            "{\"cos_hmac_keys\": {\"secret_access_key\": \"${COS_SECRET}\"}}\n",
            "{\"cos_hmac_keys\": {}, \"backup\": {\"secret_access_key\": \"41b3151533ac740cd5bcb720f691e02c48a0616d83a31d6a\"}}\n",
        ],
    },
    detector! {
        id: "FG2049",
        slug: "oracle-cloud-api-signing-key",
        title: "Oracle Cloud Infrastructure API signing key",
        provider: "Oracle Cloud",
        severity: Critical,
        keywords: ["ocid1.tenancy"],
        pattern: r"(?s-u)ocid1\.tenancy\.oc[0-9]+\.[a-z0-9-]*\.[a-z0-9]{20,}.*?(?P<secret>-----BEGIN (?:RSA )?PRIVATE KEY-----[A-Za-z0-9+/=\\ \r\n]{64,}?-----END (?:RSA )?PRIVATE KEY-----)",
        validate: Some(checksums::pem_private_key),
        min_entropy: 4.0,
        what: "an Oracle Cloud Infrastructure API signing key: a PEM private key that decodes to a DER key, written after a tenancy OCID (`tenancy_ocid = \"ocid1.tenancy…\"` in Terraform variables, `OCI_CLI_TENANCY` with `OCI_CLI_KEY_CONTENT`): it signs API requests as the user",
        rotate: "In the OCI console (Identity → Users → the user → API keys) delete the public key whose fingerprint matches, generate or upload a new key pair, and update the config's `fingerprint` and key; or `oci iam user api-key delete --user-id ocid1.user… --fingerprint aa:bb:…` and `oci iam user api-key upload`. Check the Audit service for the key's use",
        example: "tenancy_ocid = \"ocid1.tenancy.oc1..aaaa…\"\nprivate_key = <<EOT\n-----BEGIN PRIVATE KEY-----\n…",
        fixed: "tenancy_ocid     = \"ocid1.tenancy.oc1..aaaa…\"\nprivate_key_path = \"~/.oci/oci_api_key.pem\"  # outside the repository, or instance principals",
        fires: [
            "tenancy_ocid = \"ocid1.tenancy.oc1..aaaaaaaalkj5bc48p9e7bu2w1qq2a2ut5cpfovbcqsi1rvn7dll7etpt3mnw\"\nuser_ocid    = \"ocid1.user.oc1..aaaaaaaa7xzqhy26ap1gulv06uf2zpwipyh9cpxdl4teocvn899qlml0m2gp\"\nfingerprint  = \"12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0\"\nprivate_key  = <<EOT\n-----BEGIN PRIVATE KEY-----\nMIIBQgIBADANBgkqhkiG9w0BAQEFAASCASygHUQuGir9EL7EDNq5ZRP1INjPDOIo\nO8JQUclPH/ok38aElVbrGj96QS2HCWPnHyY85LgH8b2kZxrJLbobw0QKZqGhyhU4\nFCM9BvUOG813IXQHl4yMdPrOBM/kAjmGI788TXxPupBykfvdLuSw3hP2K/3KdUl6\nqO71ICLwpuMYJrNTMP7pteAC3zz9QB8hUgpNwt3mtvzjBhmF7Uybx9wHRe15X4n8\nB2ESCAC8gq6p/bYCpjAk59ga86aMV1vQxxQskIx9Jjxbdy1BGKWlxr/TxUdP2hzr\nCFybYMpyB7sis7zrkI1XLQ8J0UKNLfbs6fHUYQfgkEABE9CJmNW62ey5RDukRDcB\nePkyqaj7BX1I/CJBqCyCQbnoIL8TF7tPyCF2QG+aPBjjLcTsMU0=\n-----END PRIVATE KEY-----\nEOT\n",
            "env:\n  OCI_CLI_TENANCY: ocid1.tenancy.oc1..aaaaaaaaxv2l14k0dtzabtwk0cm0x3hje1hgydegq0zstgycxcfwe4e91xje\n  OCI_CLI_REGION: eu-frankfurt-1\n  OCI_CLI_KEY_CONTENT: |\n    -----BEGIN RSA PRIVATE KEY-----\n    MIIBNAIBAAKCAS0A4Awvl6VgpJZ8j8jvhxruyS9V0WgY0suS/E4pjdbKd42D3MI8\n    5/iscZrUWBFF2oiBYfJFssosXK9isvJxOf43p8MZHuD5ioh7f6XcT+4EZ7fZc1wz\n    wtikbFGg9aVWapZ0G/e5chH6hiCkNfPRwBEsNs2L3uTXUImj+Xxy46uHq+St2X4q\n    hPn73TBcvq8yEWHExLo306I+Xc0RkfaeJyM3rRezLFBBzyoZiQ0GSqdLYxpQYhcl\n    GEnUA5Jlxuf7sXJQSm8NlQb/XJJ0zVPeEuAC708IhJ0j7Z0rmx3WkSuhZ9RxxZ31\n    F3BznFVGeMyGi8+nlotWLbHxhSOc359LulbCRJkqVQ1WuIRhtGh76TczxMi0/KWE\n    6NNS3gwPGk+2j/hUmuI2WfCrpnrugmO6\n    -----END RSA PRIVATE KEY-----\n",
        ],
        clean: [
            "tenancy_ocid = \"ocid1.tenancy.oc1..aaaaaaaad0u5hgcx75kagfe6q7n78jb562k2q2bld2qq1g4aj0iechk2thpf\"\nprivate_key = <<EOT\n-----BEGIN PRIVATE KEY-----\nMIJ/QgIBADANBgkqhkiG9w0BAQEFAASCASw3oCVhhRGg6SMRRuOlzPt4DKTr6/zv\nb8RC+fDeOuZwC0OnSLY8LY/ZoMWGjqfeeJbEvnQpzipOAmbI/lecdKz0wsWd7uHR\nkNckRfVlC9XZFGdQSne4G+0JrnE0LUXlJJRt62IV/pqUUXtc2A3zsxIdU8Olahk2\nQWcpivtZcR3d1X/uw+RiJeIBHt/0TDj60VuSjiE/iYPi+H1WpzmWLGJtxXDnmbgH\nQDeYyXJDPzFc8Rax9sdO4ExjabC5uz63QIKCX6Tv2BczT/yGYkIv8BNvmS8a95OC\nt3LVbiWsCptgG0QzwxSPzMjBYd9DHXmqGN71npX+TGcUcGVmXbkn955UWw2ETm6h\n7siesbTQS390dvitGMDmpKLuxgItcxeh0IAUteR3N1n2uSOX10s=\n-----END PRIVATE KEY-----\nEOT\n",
            "user_ocid = \"ocid1.user.oc1..aaaaaaaawjqvejpljc79t6y62lm0wv0apr9dihu08dkqj52w4umd136tnz4q\"\nprivate_key = <<EOT\n-----BEGIN PRIVATE KEY-----\nMIIBQgIBADANBgkqhkiG9w0BAQEFAASCASzhymDuZvPw+IYnOg7v5PSzx+l5c0O7\np2ALFHWeucAa7FUgbTJ424IdGXrq1LXZPzaS00c9Jt9gbqXlfLs4jYObo22WoRaR\nj3ih+pfekcKhBszNHrzNY3pR24oR/s1YdMmBS3XGB4J8EV6X5OPeAZDuRA0NlbBM\nRR9y/qfM19FWVEbIq6LiGNL6t8i+VD/pnW8+BIfjIMcwSWlk2CuoyEGr/qeJuBzv\ntXIiQx2YwaAmfVvVnNXwROVKrBaA/j8AZNr5CfuC0H1cuaFVConh0zr2/HXZctHn\nzxmTNmCfmfOUNx+5HOBqsoJAoyzerpsimywO04IWDRPG4NT3LLmt3newmVKyUR8w\nJQ4PXPbWHEQlBmVkyxpcbH5mzA5Q3gQOe8pc6tJYCT6Ok/OHVpM=\n-----END PRIVATE KEY-----\nEOT\n",
            "tenancy_ocid = \"ocid1.tenancy.oc1..aaaaaaaacgu3rprgucqg001wkflasxamhkccjpgdmsfen8cxmzv7s72jg6ma\"\nprivate_key_path = \"~/.oci/oci_api_key.pem\"\n",
        ],
    },
    detector! {
        id: "FG2050",
        slug: "cloudflare-api-token",
        title: "Cloudflare API token",
        provider: "Cloudflare",
        severity: High,
        keywords: ["cloudflare", "cf_api_token", "cf-api-token"],
        pattern: r#"(?-u)(?i:cloudflare[_.-]?(?:api[_.-]?)?token|cf[_.-]api[_.-]token)["']?\]?(?:[ \t]*(?:=>|:=|[:=])[ \t]*|[ \t]+|[ \t]*\r?\n[ \t]*value:[ \t]*)["']?(?P<secret>[A-Za-z0-9_-]{40})(?:[^A-Za-z0-9_-]|(?m:$))"#,
        validate: None,
        min_entropy: 4.0,
        what: "a Cloudflare API token (40 characters) assigned to `CLOUDFLARE_API_TOKEN`, `CF_API_TOKEN` or a `cloudflare_token` setting: DNS, Workers, firewall and zone changes within its permissions",
        rotate: "In the Cloudflare dashboard (My Profile → API Tokens, or the account's API Tokens page) roll the token (Roll regenerates its secret and keeps its permissions) or delete it and create a new one; update the deployment. Check the account's audit log",
        example: "CLOUDFLARE_API_TOKEN=…",
        fixed: "CLOUDFLARE_API_TOKEN=${{ secrets.CLOUDFLARE_API_TOKEN }}",
        fires: [
            "env:\n  CLOUDFLARE_API_TOKEN: VhxVKum4ljIV0k5bERZW2ZIvKR-swdqMCDl_GtbD\n",
            "export CF_API_TOKEN=\"oIjAXq_uhjcpmaH5BjF7iLRqKnqFHCLlEcGzrPcu\"\n",
        ],
        clean: [
            "CLOUDFLARE_API_TOKEN=1k7HSj8M0dIbZmKC1VKYIUWHEu2A8It-gcSr_pc\n",
            "CLOUDFLARE_API_TOKEN=${{ secrets.CLOUDFLARE_API_TOKEN }}\n",
            "cloudflare_zone_id = \"0e749bce979cb84fc8f84b4b30417a42\"\n",
        ],
    },
    detector! {
        id: "FG2051",
        slug: "cloudflare-global-api-key",
        title: "Cloudflare global API key",
        provider: "Cloudflare",
        severity: Critical,
        keywords: ["cloudflare", "cf_api_key", "cf-api-key", "x-auth-key"],
        pattern: r#"(?-u)(?i:cloudflare[_.-]?(?:global[_.-]?)?(?:api[_.-]?)?key|cf[_.-]api[_.-]key|x-auth-key)["']?\]?(?:[ \t]*(?:=>|:=|[:=])[ \t]*|[ \t]+|[ \t]*\r?\n[ \t]*value:[ \t]*)["']?(?P<secret>[a-f0-9]{37})\b"#,
        validate: None,
        min_entropy: 3.0,
        what: "a Cloudflare global API key (37 hex digits) assigned to `CLOUDFLARE_API_KEY`, `CF_API_KEY` or sent as `X-Auth-Key`: unrestricted access to every zone and setting of the account owner",
        rotate: "In the Cloudflare dashboard (My Profile → API Tokens → Global API Key → Change) regenerate the key, which invalidates the old one, and replace its uses with scoped API tokens",
        example: "CLOUDFLARE_API_KEY=…",
        fixed: "CLOUDFLARE_API_TOKEN=${CLOUDFLARE_API_TOKEN}  # a scoped token instead of the global key",
        fires: [
            "CLOUDFLARE_API_KEY=4860914335990f8d41d86b24d8963eb775409\n",
            "curl https://api.cloudflare.com/client/v4/zones -H \"X-Auth-Email: ops@acme.io\" -H \"X-Auth-Key: da694b4b1fef4dd93f7aa9836d2f5b677419e\"\n",
        ],
        clean: [
            "CLOUDFLARE_API_KEY=bd5bf7090eb498274ac8bba65d06989a1a75\n",
            "CLOUDFLARE_ZONE_ID=98f9670999cc9f28be31f4dc2502364f75b50\n",
            "curl -H \"X-Auth-Key: $CF_API_KEY\" https://api.cloudflare.com/client/v4/zones\n",
        ],
    },
    detector! {
        id: "FG2052",
        slug: "linode-token",
        title: "Linode (Akamai Cloud) personal access token",
        provider: "Linode",
        severity: High,
        keywords: ["linode"],
        pattern: r#"(?-u)(?i:linode[_.-]?(?:cli[_.-]?)?(?:api[_.-]?)?(?:token|pat|key))["']?\]?(?:[ \t]*(?:=>|:=|[:=])[ \t]*|[ \t]+|[ \t]*\r?\n[ \t]*value:[ \t]*)["']?(?P<secret>[a-f0-9]{64})\b"#,
        validate: None,
        min_entropy: 3.3,
        what: "a Linode personal access token (64 hex digits) assigned to `LINODE_TOKEN`, `LINODE_CLI_TOKEN` or a `linode_token` variable: API control of the account's instances, volumes and DNS within its scopes",
        rotate: "In Cloud Manager (My Profile → API Tokens) revoke the token and create a new one with the narrowest scopes and an expiry; update the deployment (`linode-cli configure` for the CLI)",
        example: "LINODE_TOKEN=…",
        fixed: "LINODE_TOKEN=${LINODE_TOKEN}",
        fires: [
            "LINODE_TOKEN=3e16f62c3a8c4066e65f23f38698d31f9eb5a022b78477370470273b6121ce65\n",
            "linode_token = \"cb3bd8155fe0908755c7506e4b26bb819ab60385d9c15e0aafe471683bf64a57\"\n",
        ],
        clean: [
            "LINODE_TOKEN=7cb5dac3b15811bc990f881ef065f6888195a487d6501b204e0b08edafa93ac\n",
            "linode_token = var.linode_token\n",
            "linode_image_sha256 = \"b3250f63a6c5e68cc6fd1d49fef7ad98dc5914788c7d4d09dca464acafeb99b3\"\n",
        ],
    },
    detector! {
        id: "FG2053",
        slug: "hetzner-cloud-token",
        title: "Hetzner Cloud API token",
        provider: "Hetzner",
        severity: High,
        keywords: ["hcloud", "hetzner"],
        pattern: r#"(?-u)(?i:hcloud[_.-]?(?:api[_.-]?)?token|hetzner[_.-]?(?:cloud[_.-]?)?(?:api[_.-]?)?token)["']?\]?(?:[ \t]*(?:=>|:=|[:=])[ \t]*|[ \t]+|[ \t]*\r?\n[ \t]*value:[ \t]*)["']?(?P<secret>[A-Za-z0-9]{64})\b"#,
        validate: Some(checksums::has_upper_and_lower),
        min_entropy: 4.2,
        what: "a Hetzner Cloud API token (64 characters) assigned to `HCLOUD_TOKEN` or a `hcloud_token` / `hetzner_token` variable: read or read-write control of the project's servers, volumes and networks",
        rotate: "In the Hetzner Cloud Console (the project → Security → API tokens) delete the token and generate a new one; update the deployment (`hcloud context create` for the CLI)",
        example: "HCLOUD_TOKEN=…",
        fixed: "HCLOUD_TOKEN=${HCLOUD_TOKEN}",
        fires: [
            "HCLOUD_TOKEN=ZLo71Mnc80sGa2LUyaVicAta7VZF97oVD0TL1bZ85iQvGGTVcw483wiE5pz68Kku\n",
            "hcloud_token = \"pGRM4NOmBwxPGTMlRQSEOSvNWYOyajKVQWRBjWQz2mdMETawsX9ZQ8DMDWCZWkVA\"\n",
        ],
        clean: [
            "hcloud_token = \"3bfea3ef71fd1240869acc16c7596e2e1dd50f0faea821c339736ccc72f97391\"\n",
            "HCLOUD_TOKEN=XZ5dBYlMWiKna5QotuwtBNhftU6kXJbwfZyCAGHCnO0ExOVHu2S6fz7AXa6bWMu\n",
            "HCLOUD_TOKEN=${HCLOUD_TOKEN}\n",
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::DETECTORS;
    use crate::secrets::detector::{compile, reference_matches};

    /// For each detector, in order: the secret each of its `fires` fixtures was written to hold.
    const EXPECTED: &[(&str, &[&str])] = &[
        ("FG2030", &["AKIAD6LSTMSPHHVDLAV4", "ASIAARQAYV3ET23PN75N"]),
        ("FG2031", &["5r9ZuguvMzwEpHB0fGEJ/xk+WX2BxbdV7g2y/iO0", "9R+J4JcZ97Ifu64WMsmdbDrxQAY2BAMGXkAx3FQV"]),
        ("FG2032", &["aK9U9PBL9ZdNfUvG+wj0Nh65ztbnz7S64wpouXe7", "DeE12LdOcAFS7aWqZtKnlVKYrH6LMAqr8bA9EF0Y"]),
        ("FG2033", &["zk0V5GQrNQhIp1RraeUWWoY2PstJScqleqaAyA/D", "d6xueaN7r4YnHqB28bQ4yklHvSmP8POQr8BMJobZ", "nOEPUogBbjLXwk7O/hFu5ALP22IFQQeB2r91DLeg"]),
        ("FG2034", &["IQoJb3JpZ2luX2VjEaZhFWFEMHrg9qL715i4vbJCZpsta9YWgK8e34/mFzk8tB5Vy6GTI3o0Jz3NFQ7gdLbJN+bRu8BBw0URyM1JI5Z2T/Bgm2jI+j7bsxtUQZxh64pn8wgpqMwyoUzcFoaBSzNJec/8GOdr2TWJbWfDkrycmHonYKHScD7u0kb5YNWja1wJLAzeiZ0paCf0AD8eiJi1NBEn7kSlb/FI4VG64uvAd49mFmPjN1JmMrqSQiRPH8A2p4nsjeYt3sl/7Vv5XvGA7BiwIa9y7KWr4JIWZh8B6NamNghn0XPLdFrj14u2E", "FwoGZXIvYXdzEukdtCOc8X49h/RslpOg+2DUxy8heokupMl0tbWv7iuAiP6simF3z8/K0BDm2EDBUdwI9KMKJrjiwqn7/9LXG13d/iD6TjrZJo//TaZhrdMpLhr1G2klqqebjdOJsfzlojuhPX6mZ/bggBKb0fsPUUVMVTxCBYLdR6oJrCABtCuUTX/e6UkyTrHUM/wEId7dAuRhTzf/69VQunnedIDKB+cQHRD5JwbAp3dKLw7dAGCW1kGCvdQWTEGBpAO6ZnAJ9mVsi=="]),
        ("FG2035", &[r#"-----BEGIN PRIVATE KEY-----\nMIIBQgIBADANBgkqhkiG9w0BAQEFAASCASzGBif2HVq9tqLntyzQ+Nn/4oLndq1V\nusn/p+H7rUcfyoFiUbdnBYSu9hl5KXwl+76nWObkFuXd/1mL7RgZ6f9PtJo4ZJT4\nIWqthBWbCOdKYlghiLGSAWYJPnCalcX2kkMF11jdGagnkmFQQAr8KOcAl+WcEirG\nASEXN1Ft/cWSkMT8Pv2JQbximnFTSY8KOvQqCHogMtn4B22bUJQcoKXWDHvUfjk5\nHTU0djPAGR29iAIq2laIG1i3tngKV8d2rEimOxWyuz1CfbcvHzEYS/D0s80QqKxB\nBhgHl4lU/1JPfT6wo9BQQzntbeDq9cCHbxQWbXwj98mcZRQX4lsmvp81Vc+AI06m\ntZAgykTUZNdWW6eEySCIbZmNOEdkfRXp6nsTOMdCNE0cj7ZM2m8=\n-----END PRIVATE KEY-----\n"#, r#"-----BEGIN PRIVATE KEY-----\nMIIBQgIBADANBgkqhkiG9w0BAQEFAASCASwqrIaTfOgFsjScbCLzkmcWBy82n/kP\nI2roVDaQJAsiB5le6PSU3ee4RC0ik34i11m/7ZZx7gdPz/St6nlBUiUkufFdKXV1\njr744hwBnN5UJiE1sbS8bCuUqVCxCt+b9AuIOwXms245OYIri1cyDTzPOOxT/py+\nS9fYiIwyTRu1hWZ9usD3JJz2D8uUHCzhrahUkjXR42O0YdP9tEU3aH7AKeWSYH3B\nkjJcOZnCmZcHAUy6qLEHk0e2VbmnYwXqUErMXK5EMxb7KVX1oQnNXPG/0Td6xFsx\nE1FKn8QLh8SMtdhvHMY+bbQ/58yOdsvUaZGpPfOG+h8LBuoPY7rT+yAbvAjEDyZL\nAmKJPhK1/e1azlHvD3ihmZF8N/2RizkgcoKQy4jTM2I9qjFlKSk=\n-----END PRIVATE KEY-----\n"#]),
        ("FG2036", &["AIza8D9Z7JNJovtZUJt0UTRCICLM7_fX-lDrIff", "AIza0Eq8sd9VZicvfM6fyKd1BaT4JQFjPQ3DlWK"]),
        ("FG2037", &["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", "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"]),
        ("FG2038", &["juFcuq0inMS6iIDeNVsCgwx7hYvHzHR95JSxGeyuNWUGaq7ZZyBfi6XnrSsXW8VMuflKGIxInHJqpUxwZ16TGg==", "dlgkUcYUPHzfwpAAHrVeRkGFNF3SY1A21lYqzT6It9vTW4DnImk3pUJ5kcSL8116X8LqYxtMbj65jD0p4I7CTg==", "15LXc83gWnVGW31/kad2a+HyGmaTeYYIZhykxH02RlTFkq3nfH012+fW1KbgCTjPKacnJOuQszGhHi8+24BKIA==", "D1rFB2/bo5bbvzJOGaqbdl6JIXFO0vGklRHHYaeEK3vWShWt8oS534XYHl++6SDp7lsZlhRRX6EUcJE/lYR4fw=="]),
        ("FG2039", &["6X0c9HhNzlNjaGPAfKVRpekbX77KDRwFVRGUk3VIAOs%3D", "fARl09%2FCZFx%2FIpk0DNx6ekNzwBHkHS4ZUAuBwLcjXhg%3D"]),
        ("FG2040", &["dbT8Q~qZ4JNu6ZXGeoMbhKa13yZSr3QEGo8mpOsX", "gi37Q~6HcN4-pLdfd6yK1VNWT_V31cn-A34123hb"]),
        ("FG2041", &["a/sELyBWJj38ZOxlngpb6/Kv6rqDBEmqiEASbOV50q0=", "2nlUMRZcrsYJQUJNOQBqW0ME5+PzYnCaewLctXqf3DE="]),
        ("FG2042", &["dop_v1_8e68bf4b624a1a586b0d2d418ee198e7794e137286f8c1f8189ca6f21b42d079", "dop_v1_665373ad7ab9ebce04fb54716c80e8763006338527e8bc4b02fe3a20a4cc52d3"]),
        ("FG2043", &["doo_v1_be1daac28b0420fbf149494b1846e85f3831afaa65c52c6b7b23be5c39c016f1", "doo_v1_972baeb7c12ec50a7bb2dfef9fe900ed7a3b6fabc62abb4c821716931a28a09b"]),
        ("FG2044", &["dor_v1_842bcc35eb777adb809e05f1796f76df3574d79f629564395cb49554a4bdd311", "dor_v1_002545fed2ee76da3384796f22515ede84361e2dd79894231be0d75cab63b1d2"]),
        ("FG2045", &["LTAIi17qyVPmDXtTYjdj8VxH", "LTAI5TdctQ7BGAZ3"]),
        ("FG2046", &["me6cw9m0r1SFixo4cjCtCA7jZCQHMb", "bnBw1Zrk7B2pLRxCu5zKvjUT4Tjacv"]),
        ("FG2047", &["on4DWoiPqgEpBJZn12ziOgJRdXk6LOShnPqcEZ6NJm_7", "ed5Wo3selLuSkPfaYKHnzyowPRNIK3Td-A9I34pOmgtf"]),
        ("FG2048", &["05870136f4c25cc4dd98725bb340e2ba51e347eb100a131c", "d559e3d1e6081efd85433293face6475950e2f716657f875"]),
        ("FG2049", &["-----BEGIN PRIVATE KEY-----\nMIIBQgIBADANBgkqhkiG9w0BAQEFAASCASygHUQuGir9EL7EDNq5ZRP1INjPDOIo\nO8JQUclPH/ok38aElVbrGj96QS2HCWPnHyY85LgH8b2kZxrJLbobw0QKZqGhyhU4\nFCM9BvUOG813IXQHl4yMdPrOBM/kAjmGI788TXxPupBykfvdLuSw3hP2K/3KdUl6\nqO71ICLwpuMYJrNTMP7pteAC3zz9QB8hUgpNwt3mtvzjBhmF7Uybx9wHRe15X4n8\nB2ESCAC8gq6p/bYCpjAk59ga86aMV1vQxxQskIx9Jjxbdy1BGKWlxr/TxUdP2hzr\nCFybYMpyB7sis7zrkI1XLQ8J0UKNLfbs6fHUYQfgkEABE9CJmNW62ey5RDukRDcB\nePkyqaj7BX1I/CJBqCyCQbnoIL8TF7tPyCF2QG+aPBjjLcTsMU0=\n-----END PRIVATE KEY-----", "-----BEGIN RSA PRIVATE KEY-----\n    MIIBNAIBAAKCAS0A4Awvl6VgpJZ8j8jvhxruyS9V0WgY0suS/E4pjdbKd42D3MI8\n    5/iscZrUWBFF2oiBYfJFssosXK9isvJxOf43p8MZHuD5ioh7f6XcT+4EZ7fZc1wz\n    wtikbFGg9aVWapZ0G/e5chH6hiCkNfPRwBEsNs2L3uTXUImj+Xxy46uHq+St2X4q\n    hPn73TBcvq8yEWHExLo306I+Xc0RkfaeJyM3rRezLFBBzyoZiQ0GSqdLYxpQYhcl\n    GEnUA5Jlxuf7sXJQSm8NlQb/XJJ0zVPeEuAC708IhJ0j7Z0rmx3WkSuhZ9RxxZ31\n    F3BznFVGeMyGi8+nlotWLbHxhSOc359LulbCRJkqVQ1WuIRhtGh76TczxMi0/KWE\n    6NNS3gwPGk+2j/hUmuI2WfCrpnrugmO6\n    -----END RSA PRIVATE KEY-----"]),
        ("FG2050", &["VhxVKum4ljIV0k5bERZW2ZIvKR-swdqMCDl_GtbD", "oIjAXq_uhjcpmaH5BjF7iLRqKnqFHCLlEcGzrPcu"]),
        ("FG2051", &["4860914335990f8d41d86b24d8963eb775409", "da694b4b1fef4dd93f7aa9836d2f5b677419e"]),
        ("FG2052", &["3e16f62c3a8c4066e65f23f38698d31f9eb5a022b78477370470273b6121ce65", "cb3bd8155fe0908755c7506e4b26bb819ab60385d9c15e0aafe471683bf64a57"]),
        ("FG2053", &["ZLo71Mnc80sGa2LUyaVicAta7VZF97oVD0TL1bZ85iQvGGTVcw483wiE5pz68Kku", "pGRM4NOmBwxPGTMlRQSEOSvNWYOyajKVQWRBjWQz2mdMETawsX9ZQ8DMDWCZWkVA"]),
    ];

    #[test]
    fn fires_report_exactly_their_secret_and_clean_texts_nothing() {
        assert_eq!(DETECTORS.len(), EXPECTED.len());
        for (detector, (id, secrets)) in DETECTORS.iter().zip(EXPECTED) {
            assert_eq!(detector.meta.id, *id);
            assert!(detector.fires.len() >= 2, "{id}: fewer than 2 fires");
            assert!(detector.clean.len() >= 3, "{id}: fewer than 3 clean");
            assert_eq!(detector.fires.len(), secrets.len(), "{id}");
            let regex = compile(detector);
            for (text, secret) in detector.fires.iter().zip(secrets.iter()) {
                let found = reference_matches(detector, &regex, text.as_bytes());
                assert_eq!(found.len(), 1, "{id} must fire once on {text:?}");
                assert_eq!(&text[found[0].clone()], *secret, "{id} on {text:?}");
            }
            for text in detector.clean {
                let found = reference_matches(detector, &regex, text.as_bytes());
                assert!(found.is_empty(), "{id} fired on clean {text:?}: {found:?}");
            }
        }
    }

    #[test]
    fn every_fixture_holds_a_keyword_and_the_secret_group() {
        for detector in DETECTORS {
            assert!(
                detector.pattern.contains("(?P<secret>"),
                "{}",
                detector.meta.id
            );
            for text in detector.fires {
                let lower = text.to_ascii_lowercase();
                assert!(
                    detector
                        .keywords
                        .iter()
                        .any(|k| lower.contains(&k.to_ascii_lowercase())),
                    "{}: no keyword in {text:?}",
                    detector.meta.id
                );
            }
        }
    }

    #[test]
    fn ids_ascend_within_the_range_of_this_group() {
        for pair in DETECTORS.windows(2) {
            assert!(
                pair[0].meta.id < pair[1].meta.id,
                "{} / {}",
                pair[0].meta.id,
                pair[1].meta.id
            );
        }
        for detector in DETECTORS {
            let number: u32 = detector.meta.id[2..].parse().unwrap_or(0);
            assert!((2030..=2109).contains(&number), "{}", detector.meta.id);
        }
    }
}
