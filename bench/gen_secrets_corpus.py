#!/usr/bin/env python3
"""Generate the labelled secrets corpus in crates/factorguard-rules/fixtures/secrets-corpus.

Every value is fake and made here from the providers' public token formats, with a fixed seed,
so the output is reproducible. Labels are attached where each file is written: a line ending in
a marker (S = secret, C = clean) is labelled and the marker removed. The generated files and
labels.tsv are committed; rerun this script only to change the corpus, then read the diff.

Usage: bench/gen_secrets_corpus.py [OUT_DIR]
"""
import base64
import json
import random
import re
import shutil
import string
import sys
import textwrap
import uuid
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "crates/factorguard-rules/fixtures/secrets-corpus"

rng = random.Random(0x5EC12E7)

UPPER = string.ascii_uppercase
LOWER = string.ascii_lowercase
DIGITS = string.digits
ALNUM = UPPER + LOWER + DIGITS
B62 = DIGITS + UPPER + LOWER
HEX = "0123456789abcdef"
B64 = UPPER + LOWER + DIGITS + "+/"
B64URL = UPPER + LOWER + DIGITS + "-_"
# No `#`, `%`, `,`, quotes or `$`: the values sit unquoted in YAML, INI, .env and shell too,
# where those characters start a comment, an alias or an expansion.
PW_CHARS = ALNUM + "!^*-_=+."
URL_PW_CHARS = ALNUM + "-_.~"

# Words that make a value a stand-in (factorguard's values.rs treats them so); a random secret
# that happens to contain one is drawn again so no true secret looks like a placeholder.
STAND_IN_WORDS = ("example", "xxxxxx", "dummy", "todo", "fixme", "placeholder", "changeme",
                  "redacted", "sample", "insert", "notreal", "your")


def looks_like_stand_in(value):
    low = value.lower()
    if any(w in low for w in STAND_IN_WORDS):
        return True
    if any(t in value for t in ("${", "{{", "%(", "#{", "<", ">")):
        return True
    run = longest = 1
    for a, b in zip(value, value[1:]):
        run = run + 1 if a == b else 1
        longest = max(longest, run)
    return longest >= 6


def rand(alphabet, n):
    while True:
        value = "".join(rng.choice(alphabet) for _ in range(n))
        if not looks_like_stand_in(value):
            return value


def rbytes(n):
    return bytes(rng.getrandbits(8) for _ in range(n))


def hexs(n):
    return "".join(rng.choice(HEX) for _ in range(n))


def b64(data):
    return base64.b64encode(data).decode()


def b64url(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def base62(n, width):
    digits = []
    while n > 0:
        digits.append(B62[n % 62])
        n //= 62
    while len(digits) < width:
        digits.append("0")
    return "".join(reversed(digits))


def crc_token(prefix):
    """GitHub / npm format: prefix, 30 random base62 characters, base62 CRC32 of those 30."""
    body = rand(ALNUM, 30)
    return prefix + body + base62(zlib.crc32(body.encode()), 6)


def crc_token_broken(prefix):
    token = crc_token(prefix)
    i = len(prefix) + 7
    swapped = "Q" if token[i] != "Q" else "R"
    return token[:i] + swapped + token[i + 1:]


def github_fine_grained():
    # github_pat_ + 22 + "_" + 59; the last 6 are a base62 CRC32 of what precedes them.
    head = rand(ALNUM, 22) + "_" + rand(ALNUM, 53)
    return "github_pat_" + head + base62(zlib.crc32(head.encode()), 6)


def aws_key_id(prefix="AKIA"):
    return prefix + rand(UPPER + "234567", 16)


def aws_secret():
    return rand(ALNUM + "/+", 40)


def password(n=None):
    # Starts with a letter or digit: a leading `!`, `*` or `-` is a tag, an alias or a list in YAML.
    n = n or rng.randint(18, 30)
    while True:
        value = rand(ALNUM, 1) + rand(PW_CHARS, n - 1)
        if not looks_like_stand_in(value):
            return value


def url_password(n=None):
    return rand(URL_PW_CHARS, n or rng.randint(16, 28))


def api_hex(n=32):
    while True:
        v = hexs(n)
        if not looks_like_stand_in(v):
            return v


def sha1():
    return hexs(40)


def sha256():
    return hexs(64)


def uid():
    return str(uuid.UUID(bytes=rbytes(16), version=4))


def sri512():
    return "sha512-" + b64(rbytes(64))


def jwt(payload=None, alg="HS256"):
    header = b64url(json.dumps({"alg": alg, "typ": "JWT"}, separators=(",", ":")).encode())
    payload = payload or {"sub": uid(), "iss": "https://auth.internal.acme.io/",
                          "aud": "orders-api", "iat": 1718000000 + rng.randint(0, 10**6),
                          "exp": 1750000000 + rng.randint(0, 10**6), "scope": "orders:write"}
    body = b64url(json.dumps(payload, separators=(",", ":")).encode())
    sig = b64url(rbytes(32 if alg.startswith("HS") else 256))
    return f"{header}.{body}.{sig}"


def slack_bot():
    return f"xoxb-{rng.randint(10**10, 10**11)}-{rng.randint(10**12, 10**13)}-{rand(ALNUM, 24)}"


def slack_user():
    return (f"xoxp-{rng.randint(10**10, 10**11)}-{rng.randint(10**10, 10**11)}-"
            f"{rng.randint(10**12, 10**13)}-{api_hex(32)}")


def slack_webhook():
    return (f"https://hooks.slack.com/services/T{rand(UPPER + DIGITS, 8)}/"
            f"B{rand(UPPER + DIGITS, 10)}/{rand(ALNUM, 24)}")


def stripe(prefix="sk_live_"):
    return prefix + "51" + rand(ALNUM, 97)


def sendgrid():
    return f"SG.{rand(B64URL, 22)}.{rand(B64URL, 43)}"


def openai():
    return "sk-proj-" + rand(B64URL, 74) + "T3BlbkFJ" + rand(B64URL, 74)


def anthropic():
    return "sk-ant-api03-" + rand(B64URL, 93) + "AA"


def huggingface():
    return "hf_" + rand(UPPER + LOWER, 34)


def glpat():
    return "glpat-" + rand(ALNUM + "-_", 20)


def pypi_token():
    ident = uid().encode()
    caveat = json.dumps({"version": 1, "permissions": {"projects": ["acme-billing"]}}).encode()
    mac = (b"\x02" + b"\x01\x08pypi.org" + b"\x02" + bytes([len(ident)]) + ident + b"\x00"
           + b"\x02" + bytes([len(caveat)]) + caveat + b"\x00" + b"\x00"
           + b"\x06\x20" + rbytes(32))
    return "pypi-" + b64url(mac)


def azure_storage_key():
    return b64(rbytes(64))


def azure_sas_sig():
    return b64(rbytes(32)).replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")


def azure_client_secret():
    return rand(ALNUM, 3) + "8Q~" + rand(ALNUM + "~_.-", 34)


def gcp_api_key():
    return "AIza" + rand(ALNUM + "-_", 35)


def discord_bot():
    return (b64url(str(rng.randint(10**17, 2 * 10**18)).encode()) + "." + rand(B64URL, 6)
            + "." + rand(B64URL, 38))


def discord_webhook():
    return f"https://discord.com/api/webhooks/{rng.randint(10**17, 2 * 10**18)}/{rand(B64URL, 68)}"


def atlassian():
    return "ATATT3xFfGF0" + rand(B64URL, 171) + "=" + hexs(8).upper()


def sentry_org_token():
    claims = {"iat": 1718000000 + rng.randint(0, 10**6), "url": "https://sentry.io",
              "region_url": "https://us.sentry.io", "org": "acme"}
    return "sntrys_" + b64url(json.dumps(claims, separators=(",", ":")).encode()) + "_" + rand(B64URL, 43)


def grafana_cloud():
    claims = {"o": str(rng.randint(10**5, 10**6)), "n": "stack-" + rand(LOWER, 6),
              "k": rand(ALNUM, 24), "m": {"r": "prod-eu-west-2"}}
    return "glc_" + b64(json.dumps(claims, separators=(",", ":")).encode()).rstrip("=")


def pem_body(der, width=64):
    text = b64(der)
    return [text[i:i + width] for i in range(0, len(text), width)]


def der_rsa_pkcs1():
    return bytes.fromhex("308204a40201000282010100") + rbytes(1192 - 12)


def der_pkcs8_rsa():
    return bytes.fromhex("308204be020100300d06092a864886f70d0101010500048204a8") + rbytes(1218 - 26)


def der_ec():
    return (bytes.fromhex("30770201010420") + rbytes(32)
            + bytes.fromhex("a00a06082a8648ce3d030107a144034200") + b"\x04" + rbytes(64))


def der_ed25519_pkcs8():
    return bytes.fromhex("302e020100300506032b657004220420") + rbytes(32)


def der_dsa():
    return bytes.fromhex("308201bb02010002818100") + rbytes(447 - 11)


def der_encrypted_pkcs8():
    """EncryptedPrivateKeyInfo: PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) and a ciphertext."""
    pbkdf2 = (bytes.fromhex("30240410") + rbytes(16) + bytes.fromhex("02020800")
              + bytes.fromhex("300c06082a864886f70d02090500"))
    kdf = bytes.fromhex("303106092a864886f70d01050c") + pbkdf2
    cipher = bytes.fromhex("301d060960864801650304012a0410") + rbytes(16)
    algorithm = bytes.fromhex("305f06092a864886f70d01050d3052") + kdf + cipher
    ciphertext = bytes.fromhex("048204d0") + rbytes(1232)
    body = algorithm + ciphertext
    return bytes.fromhex("308205") + bytes([len(body) - 256 * 5]) + body


def openssh_key_lines():
    blob = (b"openssh-key-v1\x00" + b"\x00\x00\x00\x04none\x00\x00\x00\x04none\x00\x00\x00\x00"
            + b"\x00\x00\x00\x01\x00\x00\x00\x33\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20"
            + rbytes(32) + b"\x00\x00\x00\x98" + rbytes(152))
    return pem_body(blob, 70)


def pem(kind, der=None, lines=None):
    body = lines if lines is not None else pem_body(der)
    return [f"-----BEGIN {kind}-----"] + body + [f"-----END {kind}-----"]


def pgp_private_lines():
    body = pem_body(b"\x95\x03\x85\x04" + rbytes(900))
    return (["-----BEGIN PGP PRIVATE KEY BLOCK-----", ""] + body
            + ["=" + b64(rbytes(3)), "-----END PGP PRIVATE KEY BLOCK-----"])


def cert_lines():
    der = bytes.fromhex("308203") + rbytes(2) + bytes.fromhex("30820250a003020102") + rbytes(760)
    return pem("CERTIFICATE", der)


def ssh_rsa_pub(comment="deploy@ci"):
    blob = b"\x00\x00\x00\x07ssh-rsa\x00\x00\x00\x03\x01\x00\x01\x00\x00\x01\x01\x00" + rbytes(256)
    return f"ssh-rsa {b64(blob)} {comment}"


def ssh_ed_pub(comment="ops@bastion"):
    blob = b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + rbytes(32)
    return f"ssh-ed25519 {b64(blob)} {comment}"


PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png_data_uri(n=180):
    return "data:image/png;base64," + b64(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rbytes(n))


AWS_DOC_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_DOC_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


# ---------------------------------------------------------------------------------------------
# Writing files and labels.

FILES = {}
LABELS = []
MARK = re.compile(r"\s*⟪([SC]) ([^|⟫]+)\|([^⟫]*)⟫$")


def S(kind, note=""):
    return f" ⟪S {kind}|{note}⟫"


def C(kind, note=""):
    return f" ⟪C {kind}|{note}⟫"


def put(path, text, dedent=True):
    """Write one corpus file; lines ending in a marker are labelled and the marker removed."""
    if dedent:
        text = textwrap.dedent(text).lstrip("\n")
    assert path not in FILES, path
    out = []
    for number, line in enumerate(text.split("\n"), 1):
        m = MARK.search(line)
        if m:
            label = "secret" if m.group(1) == "S" else "clean"
            LABELS.append((path, number, label, m.group(2).strip(), m.group(3).strip()))
            line = line[: m.start()]
        assert "⟪" not in line, (path, number, line)
        out.append(line)
    FILES[path] = "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Python service.

def python_service():
    d = "apps/billing-api"
    ak, sk = aws_key_id(), aws_secret()
    put(f"{d}/.env", f"""
        # local overrides for the billing api (copied from the staging box)
        DJANGO_SETTINGS_MODULE=billing.settings.production
        DATABASE_URL=postgres://billing:{url_password()}@db.staging.acme.internal:5432/billing{S("password-in-url", "postgres url in .env")}
        REDIS_URL=redis://cache.staging.acme.internal:6379/0
        AWS_ACCESS_KEY_ID={ak}{S("aws-access-key-id", "pair with next line")}
        AWS_SECRET_ACCESS_KEY={sk}{S("aws-secret-access-key", "pair with previous line")}
        AWS_DEFAULT_REGION=eu-west-1
        STRIPE_SECRET_KEY={stripe()}{S("stripe-secret-key")}
        STRIPE_PUBLISHABLE_KEY={stripe("pk_live_")}{C("public-key", "Stripe publishable key is public by design")}
        STRIPE_WEBHOOK_SECRET=whsec_{rand(ALNUM, 32)}{S("stripe-webhook-secret")}
        SENTRY_RELEASE={sha1()}{C("git-sha", "release = commit sha")}
        REQUEST_ID_SEED={uid()}{C("uuid")}
        """)
    put(f"{d}/.env.example", f"""
        DJANGO_SETTINGS_MODULE=billing.settings.production
        DATABASE_URL=postgres://billing:changeme@localhost:5432/billing{C("placeholder", "changeme password in url")}
        AWS_ACCESS_KEY_ID={AWS_DOC_KEY_ID}{C("aws-example-key", "AWS documented example key id")}
        AWS_SECRET_ACCESS_KEY={AWS_DOC_SECRET}{C("aws-example-key", "AWS documented example secret")}
        STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxxxxxx{C("placeholder", "xxxx stripe key")}
        STRIPE_WEBHOOK_SECRET=<stripe-webhook-secret>{C("placeholder", "angle-bracket placeholder")}
        SENDGRID_API_KEY=your-sendgrid-api-key-here{C("placeholder")}
        """)
    put(f"{d}/billing/settings/production.py", f"""
        import os
        from pathlib import Path

        BASE_DIR = Path(__file__).resolve().parent.parent

        SECRET_KEY = "{rand(ALNUM + "!@#%^&*(-_=+)", 50)}"{S("generic-assignment", "Django SECRET_KEY")}
        DEBUG = False
        ALLOWED_HOSTS = ["billing.acme.io"]

        DATABASES = {{
            "default": {{
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "billing",
                "USER": "billing",
                "PASSWORD": os.environ["DB_PASSWORD"],{C("env-reference", "os.environ")}
                "HOST": os.environ.get("DB_HOST", "localhost"),
            }}
        }}

        EMAIL_BACKEND = "anymail.backends.sendgrid.EmailBackend"
        ANYMAIL = {{"SENDGRID_API_KEY": "{sendgrid()}"}}{S("sendgrid-api-key")}

        STATIC_VERSION = "{sha1()[:12]}"{C("git-sha", "short sha")}
        PASSWORD_RESET_TIMEOUT = 3600
        AUTH_PASSWORD_VALIDATORS = [
            {{"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"}},
        ]
        """)
    put(f"{d}/billing/settings/test.py", f"""
        from .production import *  # noqa

        SECRET_KEY = "test"{C("placeholder", "test value")}
        DATABASES["default"]["PASSWORD"] = "postgres"{C("placeholder", "local test db default")}
        STRIPE_SECRET_KEY = "sk_test_placeholder"{C("placeholder")}
        ANYMAIL = {{"SENDGRID_API_KEY": "SG.fake"}}{C("truncated-token", "SG. prefix only")}
        """)
    put(f"{d}/billing/clients/aws.py", f"""
        import boto3

        def archive_client():
            # TODO: move to IAM role once the worker runs on ECS
            return boto3.client("s3", region_name="eu-west-1", aws_access_key_id="{aws_key_id()}", aws_secret_access_key="{aws_secret()}"){S("aws-key-pair", "id and secret on one line")}

        def ledger_client():
            return boto3.client("dynamodb", region_name="eu-west-1")

        ARCHIVE_BUCKET = "acme-billing-archive-{hexs(8)}"
        """)
    put(f"{d}/billing/clients/github.py", f"""
        import os
        import requests

        API = "https://api.github.com"
        RELEASE_BOT_TOKEN = "{crc_token("ghp_")}"{S("github-pat-classic")}
        OAUTH_APP_TOKEN = os.getenv("GITHUB_OAUTH_TOKEN"){C("env-reference", "os.getenv")}

        def create_release(tag):
            headers = {{"Authorization": f"token {{RELEASE_BOT_TOKEN}}", "Accept": "application/vnd.github+json"}}
            return requests.post(f"{{API}}/repos/acme/billing/releases", json={{"tag_name": tag, "target_commitish": "{sha1()}"}}, headers=headers){C("git-sha", "target commit")}
        """)
    put(f"{d}/billing/clients/llm.py", f"""
        from anthropic import Anthropic
        from openai import OpenAI

        openai_client = OpenAI(api_key="{openai()}"){S("openai-api-key")}
        claude = Anthropic(api_key="{anthropic()}"){S("anthropic-api-key")}

        def summarise(invoice_text: str) -> str:
            msg = claude.messages.create(model="claude-3-5-sonnet-latest", max_tokens=300, messages=[{{"role": "user", "content": invoice_text}}])
            return msg.content[0].text
        """)
    put(f"{d}/billing/notify.py", f"""
        import json
        import urllib.request

        SLACK_WEBHOOK = "{slack_webhook()}"{S("slack-webhook")}
        SLACK_BOT_TOKEN = "{slack_bot()}"{S("slack-bot-token")}
        OPS_CHANNEL = "C{rand(UPPER + DIGITS, 10)}"

        def post(text):
            body = json.dumps({{"text": text}}).encode()
            urllib.request.urlopen(urllib.request.Request(SLACK_WEBHOOK, data=body, headers={{"Content-Type": "application/json"}}))
        """)
    put(f"{d}/billing/hashing.py", f"""
        import hashlib

        # Known-good digests of the invoice templates; a mismatch means someone edited them.
        TEMPLATE_DIGESTS = {{
            "invoice.html": "{sha256()}",{C("sha256", "template digest")}
            "receipt.html": "{sha256()}",{C("sha256", "template digest")}
            "reminder.html": "{sha256()}",{C("sha256", "template digest")}
        }}
        HMAC_ALGORITHM = "sha256"
        TOKEN_BYTES = 32
        password_hasher = "argon2"{C("prose", "word next to password")}

        def digest(data: bytes) -> str:
            return hashlib.sha256(data).hexdigest()
        """)
    put(f"{d}/tests/test_webhooks.py", f"""
        import hmac
        import pytest

        WEBHOOK_SECRET = "whsec_test_secret"{C("placeholder", "test whsec")}
        FAKE_TOKEN = "ghp_" + "x" * 36{C("placeholder", "built xxx token")}

        @pytest.fixture
        def signed_payload():
            body = b'{{"id": "evt_{rand(ALNUM, 24)}", "type": "invoice.paid"}}'{C("identifier", "stripe event id")}
            return body, hmac.new(WEBHOOK_SECRET.encode(), body, "sha256").hexdigest()

        def test_rejects_bad_signature(client, signed_payload):
            body, _ = signed_payload
            r = client.post("/webhooks/stripe", data=body, headers={{"Stripe-Signature": "t=1,v1={sha256()}"}}){C("sha256", "signature in test")}
            assert r.status_code == 400

        def test_login(client):
            r = client.post("/login", data={{"username": "alice", "password": "correct horse battery staple"}}){C("placeholder", "well-known passphrase in test")}
            assert r.status_code == 200
        """)
    put(f"{d}/requirements.txt", f"""
        boto3==1.34.120 \\
            --hash=sha256:{sha256()}{C("lockfile-hash", "pip hash")}
        django==5.0.6 \\
            --hash=sha256:{sha256()}{C("lockfile-hash", "pip hash")}
        requests==2.32.3 \\
            --hash=sha256:{sha256()}{C("lockfile-hash", "pip hash")}
        """)
    put(f"{d}/alembic.ini", f"""
        [alembic]
        script_location = migrations
        sqlalchemy.url = postgresql+psycopg2://billing_admin:{url_password()}@billing-db.cluster-{rand(LOWER + DIGITS, 12)}.eu-west-1.rds.amazonaws.com/billing{S("password-in-url", "alembic sqlalchemy url")}

        [loggers]
        keys = root,sqlalchemy
        """)
    put(f"{d}/setup.cfg", f"""
        [metadata]
        name = acme-billing
        version = 4.2.0

        [tool:pytest]
        env =
            DB_PASSWORD=postgres{C("placeholder", "local test default")}
            API_TOKEN={{env:API_TOKEN}}{C("env-reference")}
        """)
    put(f"{d}/.pypirc", f"""
        [distutils]
        index-servers = pypi

        [pypi]
        username = __token__
        password = {pypi_token()}{S("pypi-token")}
        """)


# ---------------------------------------------------------------------------------------------
# JavaScript / TypeScript web app, its lockfile and its bundle.

def minified_identifiers(n):
    return [rng.choice(LOWER + "_$") + rand(ALNUM, rng.randint(0, 2)) for _ in range(n)]


def web_app():
    d = "apps/web"
    put(f"{d}/.env.production", f"""
        NEXT_PUBLIC_API_URL=https://api.acme.io
        NEXT_PUBLIC_MAPBOX_TOKEN=pk.{b64url(json.dumps({"u": "acme-maps", "a": rand(LOWER + DIGITS, 25)}).encode())}.{rand(B64URL, 22)}{C("public-token", "Mapbox pk. public token")}
        NEXT_PUBLIC_STRIPE_KEY={stripe("pk_live_")}{C("public-key", "Stripe publishable key")}
        MAPBOX_SECRET_TOKEN=sk.{b64url(json.dumps({"u": "acme-maps", "a": rand(LOWER + DIGITS, 25)}).encode())}.{rand(B64URL, 22)}{S("mapbox-secret-token")}
        NEXTAUTH_SECRET={b64(rbytes(32))}{S("generic-assignment", "nextauth secret base64")}
        NEXTAUTH_URL=https://app.acme.io
        GITHUB_ID=Iv1.{hexs(16)}{C("identifier", "GitHub app client id")}
        GITHUB_SECRET={api_hex(40)}{S("generic-assignment", "GitHub OAuth client secret")}
        BUILD_ID={sha1()}{C("git-sha")}
        """)
    put(f"{d}/src/lib/analytics.ts", f"""
        import {{ Analytics }} from "@segment/analytics-node";

        // Server-side only: this module is never bundled for the browser.
        const analytics = new Analytics({{ writeKey: process.env.SEGMENT_WRITE_KEY! }});{C("env-reference", "process.env")}

        export const OPENAI_KEY: string = "{openai()}";{S("openai-api-key")}
        export const HF_TOKEN = "{huggingface()}";{S("huggingface-token")}
        export const EXPERIMENT_SALT = "{uid()}";{C("uuid")}

        export function track(userId: string, event: string) {{
          analytics.track({{ userId, event }});
        }}
        """)
    put(f"{d}/src/lib/db.ts", f"""
        import {{ Pool }} from "pg";

        export const pool = new Pool({{
          connectionString: process.env.DATABASE_URL ?? "postgres://web:{url_password()}@10.20.4.17:5432/web",{S("password-in-url", "fallback url in code")}
          max: 10,
        }});

        export const replica = new Pool({{
          host: "replica.db.internal",
          user: "web_ro",
          password: process.env.REPLICA_PASSWORD,{C("env-reference", "process.env")}
        }});

        export const auditPool = new Pool({{
          host: "audit.db.internal",
          user: "audit_writer",
          password: "{password()}",{S("generic-assignment", "password property in TS object")}
        }});
        """)
    put(f"{d}/src/api/payments.js", f"""
        const Stripe = require("stripe");

        const stripe = Stripe("{stripe()}");{S("stripe-secret-key")}
        const reporting = Stripe("{stripe("rk_live_")}");{S("stripe-restricted-key")}

        module.exports.charge = async (customer, amount) => {{
          const idempotencyKey = "{uid()}";{C("uuid", "idempotency key")}
          return stripe.paymentIntents.create({{ customer, amount, currency: "eur" }}, {{ idempotencyKey }});
        }};
        """)
    put(f"{d}/src/api/shop.js", f"""
        import Shopify from "@shopify/shopify-api";

        const session = {{
          shop: "acme-outlet.myshopify.com",
          accessToken: "shpat_{api_hex(32)}",{S("shopify-access-token")}
        }};
        const legacyAppSecret = "shpss_{api_hex(32)}";{S("shopify-shared-secret")}
        const shopifyApiKey = process.env.SHOPIFY_API_KEY || "<shopify-api-key>";{C("placeholder")}
        export default {{ session, legacyAppSecret, shopifyApiKey }};
        """)
    put(f"{d}/src/config/sample.ts", f"""
        // Documentation sample; real values come from the environment.
        export const sampleConfig = {{
          apiKey: "YOUR_API_KEY",{C("placeholder")}
          githubToken: "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",{C("placeholder", "xxxx github token")}
          slackWebhook: "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",{C("placeholder", "Slack docs sample webhook")}
          stripeKey: "sk_live_...",{C("truncated-token")}
          openaiKey: "sk-proj-...",{C("truncated-token")}
          password: "********",{C("placeholder", "masked")}
        }};
        """)
    put(f"{d}/src/styles/logo.css", f"""
        .logo {{
          width: 48px;
          height: 48px;
          background-image: url("{png_data_uri(220)}");{C("data-uri", "png")}
        }}
        .spinner {{
          background: url("data:image/svg+xml;base64,{b64(('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M' + ' '.join(str(rng.randint(0, 24)) for _ in range(40)) + '"/></svg>').encode())}");{C("data-uri", "svg")}
        }}
        .icon-key {{
          mask: url("data:image/png;base64,{b64(PNG_MAGIC + rbytes(96))}");{C("data-uri", "png near the word key")}
        }}
        """)
    # package-lock.json
    pkgs = ["react", "next", "pg", "stripe", "zod"]
    lock_lines = ['{', '  "name": "acme-web",', '  "version": "3.8.1",', '  "lockfileVersion": 3,',
                  '  "requires": true,', '  "packages": {']
    for i, p in enumerate(pkgs):
        v = f"{rng.randint(1, 18)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}"
        lock_lines += [f'    "node_modules/{p}": {{', f'      "version": "{v}",',
                       f'      "resolved": "https://registry.npmjs.org/{p}/-/{p.split("/")[-1]}-{v}.tgz",',
                       f'      "integrity": "{sri512()}"' + C("lockfile-integrity", "sha512 SRI"),
                       '    }' + ("," if i < len(pkgs) - 1 else "")]
    lock_lines += ['  }', '}']
    put(f"{d}/package-lock.json", "\n".join(lock_lines), dedent=False)
    # yarn.lock
    y = ["# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.", "# yarn lockfile v1", ""]
    for p in ["ansi-regex", "chalk", "debug", "ms", "semver"]:
        v = f"{rng.randint(1, 7)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}"
        y += [f'{p}@^{v}:', f'  version "{v}"',
              f'  resolved "https://registry.yarnpkg.com/{p}/-/{p}-{v}.tgz#{sha1()}"' + C("git-sha", "tarball sha1 in resolved url"),
              f'  integrity {sri512()}' + C("lockfile-integrity"), ""]
    put(f"{d}/yarn.lock", "\n".join(y), dedent=False)
    # A private-registry lockfile that leaked credentials into resolved URLs.
    put(f"{d}/legacy/package-lock.json", f"""
        {{
          "name": "acme-legacy-widgets",
          "lockfileVersion": 1,
          "dependencies": {{
            "@acme/widgets": {{
              "version": "2.3.0",
              "resolved": "https://ci-bot:{url_password(24)}@artifactory.acme.internal/api/npm/npm-private/@acme/widgets/-/widgets-2.3.0.tgz",{S("password-in-url", "credentials in lockfile resolved url")}
              "integrity": "{sri512()}"{C("lockfile-integrity")}
            }},
            "left-pad": {{
              "version": "1.3.0",
              "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",
              "integrity": "sha1-{b64(rbytes(20))}"{C("lockfile-integrity", "sha1 SRI")}
            }}
          }}
        }}
        """)
    # Minified bundle: each line a case.
    def minified_line(extra=""):
        ids = minified_identifiers(60)
        parts = []
        for i in range(0, 60, 3):
            a, b, c = ids[i:i + 3]
            parts.append(f"function {a}({b},{c}){{return {b}&&{c}?{b}[{c}]:void 0}}")
            parts.append(f'var {a}{b}="{rand(ALNUM, rng.randint(6, 14))}"')
        parts.insert(rng.randint(0, len(parts)), extra) if extra else None
        return ";".join(parts) + ";"
    chunk = {f"./src/{n}.tsx": api_hex(20) for n in ["index", "app", "cart", "checkout", "account"]}
    mlines = [
        "/*! acme-web v3.8.1 | (c) Acme | bundle */",
        minified_line() + C("minified-js", "random identifiers and short strings"),
        minified_line(f'__webpack_chunk_hashes__={json.dumps(chunk, separators=(",", ":"))}') + C("minified-js", "webpack chunk hashes"),
        minified_line(f'var Ks="{rand(ALNUM, 32)}",Kt="{rand(ALNUM, 32)}"') + C("minified-js", "32-char random literals without a keyword"),
        minified_line(f'sentryRelease:"{sha1()}"') + C("minified-js", "release sha"),
        minified_line(f'const e={{apiKey:process.env.NEXT_PUBLIC_KEY,authDomain:"acme.io"}}') + C("minified-js", "env reference"),
        minified_line(f'o.headers.Authorization="Bearer "+t.token') + C("minified-js", "header from variable"),
        minified_line(f'var Jn={{token:"{sendgrid()}"}}') + S("sendgrid-api-key", "secret bundled into minified js"),
        "//# sourceMappingURL=data:application/json;base64," + b64(json.dumps({"version": 3, "sources": ["webpack://acme/src/index.tsx"], "mappings": rand(ALNUM + ";,", 400)}).encode()) + C("data-uri", "inline source map"),
    ]
    put(f"{d}/public/static/js/main.3f9c2a.min.js", "\n".join(mlines), dedent=False)
    put(f"{d}/.npmrc", f"""
        registry=https://registry.npmjs.org/
        //registry.npmjs.org/:_authToken={crc_token("npm_")}{S("npm-token")}
        @acme:registry=https://npm.pkg.github.com
        //npm.pkg.github.com/:_authToken=${{GITHUB_PACKAGES_TOKEN}}{C("env-reference")}
        save-exact=true
        """)
    put(f"{d}/next.config.js", f"""
        /** @type {{import('next').NextConfig}} */
        module.exports = {{
          reactStrictMode: true,
          env: {{
            ALGOLIA_APP_ID: "{rand(UPPER + DIGITS, 10)}",
            ALGOLIA_SEARCH_KEY: process.env.ALGOLIA_SEARCH_KEY,{C("env-reference")}
          }},
          generateBuildId: async () => "{sha1()}",{C("git-sha")}
          images: {{ domains: ["cdn.acme.io"] }},
        }};
        """)


# ---------------------------------------------------------------------------------------------
# Go, Java, Ruby, PHP, C#.

def go_service():
    d = "services/gateway"
    put(f"{d}/internal/storage/s3.go", f"""
        package storage

        import (
        \t"github.com/aws/aws-sdk-go/aws"
        \t"github.com/aws/aws-sdk-go/aws/credentials"
        \t"github.com/aws/aws-sdk-go/aws/session"
        )

        // NewSession is used by the nightly export only.
        func NewSession() *session.Session {{
        \tcreds := credentials.NewStaticCredentials("{aws_key_id()}", "{aws_secret()}", ""){S("aws-key-pair", "static credentials on one line")}
        \treturn session.Must(session.NewSession(&aws.Config{{Region: aws.String("us-east-1"), Credentials: creds}}))
        }}

        // DocsSession shows the shape of the call in the package docs.
        func DocsSession() *credentials.Credentials {{
        \treturn credentials.NewStaticCredentials("{AWS_DOC_KEY_ID}", "{AWS_DOC_SECRET}", ""){C("aws-example-key", "documented example pair")}
        }}
        """)
    put(f"{d}/internal/auth/jwt.go", f"""
        package auth

        import "os"

        var signingKey = []byte("{rand(ALNUM, 48)}"){S("generic-assignment", "JWT signing key literal")}

        // serviceToken authenticates the gateway to the orders service.
        const serviceToken = "{jwt()}"{S("jwt", "hard-coded bearer JWT")}

        func verifierKey() []byte {{
        \tif k := os.Getenv("JWT_SIGNING_KEY"); k != "" {{{C("env-reference", "os.Getenv")}
        \t\treturn []byte(k)
        \t}}
        \treturn signingKey
        }}

        const testVectorSHA = "{sha256()}"{C("sha256", "test vector digest")}
        """)
    put(f"{d}/internal/vcs/client.go", f"""
        package vcs

        import "net/http"

        const (
        \tgithubAPI   = "https://api.github.com"
        \tgitlabAPI   = "https://gitlab.acme.internal/api/v4"
        \tbotToken    = "{crc_token("gho_")}"{S("github-oauth-token")}
        \tmirrorToken = "{glpat()}"{S("gitlab-pat")}
        \tpinnedSHA   = "{sha1()}"{C("git-sha")}
        )

        func authed(req *http.Request, token string) *http.Request {{
        \treq.Header.Set("Authorization", "Bearer "+token)
        \treturn req
        }}
        """)
    put(f"{d}/internal/vcs/client_test.go", f"""
        package vcs

        import "testing"

        func TestRejectsBadChecksum(t *testing.T) {{
        \t// The checksum of this token is wrong on purpose.
        \tbad := "{crc_token_broken("ghp_")}"{C("broken-checksum", "ghp_ with wrong CRC32")}
        \tif validToken(bad) {{
        \t\tt.Fatal("accepted a token with a broken checksum")
        \t}}
        \tshort := "ghp_{rand(ALNUM, 12)}"{C("truncated-token", "too short")}
        \tif validToken(short) {{
        \t\tt.Fatal("accepted a short token")
        \t}}
        }}
        """)
    put(f"{d}/go.sum", "\n".join(
        [f"github.com/{m} v{rng.randint(0, 2)}.{rng.randint(0, 40)}.{rng.randint(0, 9)} h1:{b64(rbytes(32))}" + C("lockfile-hash", "go.sum h1 hash")
         for m in ["aws/aws-sdk-go", "golang-jwt/jwt/v5", "google/uuid", "stretchr/testify"]]
        + [f"golang.org/x/crypto v0.24.0/go.mod h1:{b64(rbytes(32))}" + C("lockfile-hash", "go.mod hash")]) + "\n", dedent=False)
    put(f"{d}/config/gateway.toml", f"""
        [server]
        listen = "0.0.0.0:8443"
        tls_cert = "/etc/gateway/tls.crt"
        tls_key = "/etc/gateway/tls.key"

        [upstream.orders]
        url = "http://orders:8080"
        api_key = "{rand(ALNUM, 40)}"{S("generic-assignment", "toml api_key")}

        [upstream.search]
        url = "https://search.acme.internal"
        api_key = "${{SEARCH_API_KEY}}"{C("env-reference")}

        [telemetry]
        datadog_api_key = "{api_hex(32)}"{S("datadog-api-key")}
        instance_id = "{uid()}"{C("uuid")}
        """)


def java_service():
    d = "services/orders"
    put(f"{d}/src/main/resources/application.properties", f"""
        spring.application.name=orders
        spring.datasource.url=jdbc:postgresql://orders-db.internal:5432/orders?user=orders&password={url_password()}&ssl=true{S("jdbc-connection-string")}
        spring.datasource.hikari.maximum-pool-size=20
        spring.rabbitmq.addresses=amqps://orders:{url_password()}@mq.acme.internal:5671/prod{S("password-in-url", "amqp")}
        spring.mail.password=${{MAIL_PASSWORD}}{C("env-reference", "spring placeholder")}
        management.endpoints.web.exposure.include=health,info
        orders.signing.secret={rand(ALNUM, 44)}{S("generic-assignment", "properties secret")}
        orders.build.commit={sha1()}{C("git-sha")}
        orders.tenant.default=5f0c1e7a-0000-4000-8000-000000000001{C("uuid", "fixed tenant uuid")}
        """)
    put(f"{d}/src/main/resources/application-dev.yml", f"""
        spring:
          datasource:
            url: jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1
            username: sa
            password:{C("placeholder", "empty password")}
          security:
            oauth2:
              client:
                registration:
                  github:
                    client-id: {hexs(20)}{C("identifier", "oauth client id")}
                    client-secret: ${{GITHUB_CLIENT_SECRET}}{C("env-reference")}
        """)
    put(f"{d}/src/main/resources/application-prod.yml", f"""
        spring:
          datasource:
            url: jdbc:sqlserver://orders-sql.database.windows.net:1433;database=orders;user=orders_app@orders-sql;password={password(24).replace(";", "")};encrypt=true;trustServerCertificate=false{S("jdbc-connection-string", "sqlserver jdbc")}
          data:
            redis:
              password: {password(28)}{S("generic-assignment", "yaml redis password")}
        orders:
          s3:
            access-key: {aws_key_id()}{S("aws-access-key-id", "pair with next line")}
            secret-key: {aws_secret()}{S("aws-secret-access-key", "pair with previous line")}
        """)
    put(f"{d}/src/main/java/io/acme/orders/PaymentGateway.java", f"""
        package io.acme.orders;

        import com.braintreegateway.BraintreeGateway;
        import com.twilio.Twilio;

        public final class PaymentGateway {{
            private static final String BRAINTREE_TOKEN = "access_token$production${rand(LOWER + DIGITS, 16)}${api_hex(32)}";{S("braintree-access-token")}
            private static final String TRACE_NAMESPACE = "{uid()}";{C("uuid")}

            static {{
                Twilio.init("AC{api_hex(32)}", "{api_hex(32)}");{S("twilio-auth-token", "account sid + auth token on one line")}
            }}

            public BraintreeGateway gateway() {{
                return new BraintreeGateway(BRAINTREE_TOKEN);
            }}

            public String password() {{
                return System.getenv("PAYMENT_PASSWORD");{C("env-reference", "System.getenv")}
            }}
        }}
        """)
    put(f"{d}/src/main/java/io/acme/orders/Db.java", f"""
        package io.acme.orders;

        import java.sql.Connection;
        import java.sql.DriverManager;

        final class Db {{
            static Connection open() throws Exception {{
                return DriverManager.getConnection("jdbc:mysql://orders-mysql.internal:3306/orders", "orders", "{password(22)}");{S("generic-assignment", "password argument to getConnection")}
            }}

            static Connection openReadOnly() throws Exception {{
                String password = System.getProperty("orders.ro.password");{C("env-reference", "system property")}
                return DriverManager.getConnection("jdbc:mysql://orders-ro.internal:3306/orders", "orders_ro", password);
            }}

            static final String MIGRATION_CHECKSUM = "{sha256()}";{C("sha256")}
        }}
        """)
    put(f"{d}/src/test/java/io/acme/orders/PaymentGatewayTest.java", f"""
        package io.acme.orders;

        import org.junit.jupiter.api.Test;

        class PaymentGatewayTest {{
            private static final String FAKE_KEY = "sk_live_" + "0".repeat(24);{C("placeholder", "built fake key")}
            private static final String PASSWORD = "changeit";{C("placeholder", "java keystore default")}
            private static final String REQUEST_ID = "{uid()}";{C("uuid")}

            @Test
            void rejectsEmptyPassword() {{
                assert !new Validator().accepts("");
            }}
        }}
        """)
    put(f"{d}/gradle.properties", f"""
        org.gradle.jvmargs=-Xmx2g
        artifactoryUser=ci-publisher
        artifactoryPassword={rand(ALNUM, 40)}{S("generic-assignment", "gradle.properties password")}
        signing.keyId={hexs(8).upper()}{C("identifier", "pgp key id")}
        signing.password=${{SIGNING_PASSWORD}}{C("env-reference")}
        sonatypeToken=<sonatype-token>{C("placeholder")}
        """)


def ruby_php():
    put("services/legacy/config/initializers/mailer.rb", f"""
        ActionMailer::Base.smtp_settings = {{
          address: "smtp.mailgun.org",
          port: 587,
          user_name: "postmaster@mg.acme.io",
          password: "{api_hex(32)}-{api_hex(8)}-{api_hex(8)}",{S("generic-assignment", "smtp password")}
          authentication: :plain
        }}
        MAILGUN_API_KEY = "key-{api_hex(32)}"{S("mailgun-api-key")}
        MAILCHIMP_API_KEY = "{api_hex(32)}-us{rng.randint(1, 21)}"{S("mailchimp-api-key")}
        """)
    put("services/legacy/config/database.yml", f"""
        default: &default
          adapter: postgresql
          pool: 5

        development:
          <<: *default
          database: legacy_dev
          password: <%= ENV["LEGACY_DB_PASSWORD"] %>{C("env-reference", "erb")}

        production:
          <<: *default
          database: legacy
          username: legacy
          password: {password(26)}{S("generic-assignment", "database.yml password")}
        """)
    put("services/legacy/config/credentials.yml.enc", b64(rbytes(300)) + "--" + b64(rbytes(12)) + "--" + b64(rbytes(16)) + C("encrypted", "rails encrypted credentials") + "\n", dedent=False)
    put("services/legacy/config/master.key", api_hex(32) + S("generic-key-file", "rails master key") + "\n", dedent=False)
    put("services/legacy/Gemfile.lock", f"""
        GEM
          remote: https://rubygems.org/
          specs:
            rack (3.0.11)
            rails (7.1.3.4)

        GIT
          remote: https://github.com/acme/payments-sdk.git
          revision: {sha1()}{C("git-sha", "Gemfile.lock revision")}
          specs:
            acme-payments (0.9.2)

        CHECKSUMS
          rack (3.0.11) sha256={sha256()}{C("lockfile-hash")}
        """)
    put("services/legacy/lib/gem_push.rb", f"""
        # Publishes internal gems from the release job.
        Gem.configuration.rubygems_api_key = "rubygems_{api_hex(48)}"{S("rubygems-api-key")}
        Gem.host = "https://rubygems.org"
        """)
    put("services/legacy/public/index.php", f"""
        <?php
        require __DIR__ . '/../vendor/autoload.php';

        $db = new PDO('mysql:host=legacy-db;dbname=shop', 'shop', '{password(20).replace("'", "")}');{S("generic-assignment", "PDO password argument")}
        $mailer = new \\SendGrid(getenv('SENDGRID_API_KEY'));{C("env-reference", "getenv")}
        $telegram = 'https://api.telegram.org/bot{rng.randint(10**9, 7 * 10**9)}:AA{rand(ALNUM + "-_", 33)}/sendMessage';{S("telegram-bot-token")}
        $cacheBuster = '{hexs(32)}';{C("md5", "cache buster")}
        define('PASSWORD_MIN', 12);
        """)
    put("services/legacy/composer.lock", f"""
        {{
            "_readme": ["This file locks the dependencies of your project to a known state"],
            "content-hash": "{hexs(32)}",{C("md5", "composer content-hash")}
            "packages": [
                {{
                    "name": "sendgrid/sendgrid",
                    "version": "8.1.2",
                    "source": {{"type": "git", "url": "https://github.com/sendgrid/sendgrid-php.git", "reference": "{sha1()}"}},{C("git-sha")}
                    "dist": {{"type": "zip", "url": "https://api.github.com/repos/sendgrid/sendgrid-php/zipball/{sha1()}", "shasum": ""}}{C("git-sha", "zipball sha")}
                }}
            ]
        }}
        """)
    put("services/legacy/wp-config.php", f"""
        <?php
        define( 'DB_NAME', 'acme_blog' );
        define( 'DB_USER', 'blog' );
        define( 'DB_PASSWORD', '{password(24).replace("'", "")}' );{S("generic-assignment", "wp-config DB_PASSWORD")}
        define( 'DB_HOST', 'blog-db.internal' );
        define( 'AUTH_KEY',         '{rand(ALNUM + "!#%^*()-_=+[]{{}}|;:,.<>?~", 64).replace("'", "")}' );{S("generic-assignment", "wp salt")}
        define( 'NONCE_SALT',       'put your unique phrase here' );{C("placeholder", "wp default phrase")}
        """)


def dotnet():
    d = "dotnet/Acme.Invoicing"
    sa = rand(LOWER + DIGITS, 12)
    put(f"{d}/appsettings.json", f"""
        {{
          "ConnectionStrings": {{
            "Invoicing": "Server=tcp:acme-sql.database.windows.net,1433;Initial Catalog=invoicing;User ID=invoicing_app;Password={password(24).replace(";", "")};Encrypt=True;Connection Timeout=30;",{S("ado-connection-string")}
            "Reporting": "Server=reporting.internal;Database=reports;Integrated Security=true;TrustServerCertificate=true",{C("connection-string-no-password", "integrated security")}
            "Blobs": "DefaultEndpointsProtocol=https;AccountName=acmeinvoices{sa};AccountKey={azure_storage_key()};EndpointSuffix=core.windows.net",{S("azure-storage-connection-string")}
            "Events": "Endpoint=sb://acme-events.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={b64(rbytes(32))}"{S("azure-servicebus-connection-string")}
          }},
          "AzureAd": {{
            "Instance": "https://login.microsoftonline.com/",
            "TenantId": "{uid()}",{C("uuid", "tenant id")}
            "ClientId": "{uid()}",{C("uuid", "client id")}
            "ClientSecret": "{azure_client_secret()}"{S("azure-client-secret")}
          }},
          "Logging": {{ "LogLevel": {{ "Default": "Information" }} }}
        }}
        """)
    put(f"{d}/appsettings.Development.json", f"""
        {{
          "ConnectionStrings": {{
            "Invoicing": "Server=(localdb)\\\\mssqllocaldb;Database=invoicing;Trusted_Connection=True;",{C("connection-string-no-password")}
            "Blobs": "UseDevelopmentStorage=true"{C("connection-string-no-password", "azurite")}
          }},
          "AzureAd": {{
            "ClientSecret": "{{{{AZURE_CLIENT_SECRET}}}}"{C("template-reference")}
          }}
        }}
        """)
    put(f"{d}/Services/BlobArchive.cs", f"""
        using Azure.Storage.Blobs;

        namespace Acme.Invoicing.Services;

        public sealed class BlobArchive
        {{
            // SAS for the archive container, valid until 2026.
            private const string ArchiveSas = "https://acmearchive{sa}.blob.core.windows.net/invoices?sv=2022-11-02&ss=b&srt=co&sp=rwl&se=2026-01-01T00:00:00Z&st=2024-01-01T00:00:00Z&spr=https&sig={azure_sas_sig()}";{S("azure-sas")}
            private const string PublicContainer = "https://acmearchive{sa}.blob.core.windows.net/public/logo.png";

            private readonly string _apiKey = Environment.GetEnvironmentVariable("ARCHIVE_API_KEY");{C("env-reference")}
            private const string Password = "{password(22).replace('"', "")}";{S("generic-assignment", "C# const Password")}

            public BlobContainerClient Client() => new(new Uri(ArchiveSas));
        }}
        """)
    put(f"{d}/packages.lock.json", f"""
        {{
          "version": 1,
          "dependencies": {{
            "net8.0": {{
              "Azure.Storage.Blobs": {{
                "type": "Direct",
                "requested": "[12.19.1, )",
                "resolved": "12.19.1",
                "contentHash": "{b64(rbytes(64))}"{C("lockfile-hash", "nuget contentHash")}
              }}
            }}
          }}
        }}
        """)
    put(f"{d}/NuGet.Config", f"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <add key="acme" value="https://pkgs.dev.azure.com/acme/_packaging/acme/nuget/v3/index.json" />
          </packageSources>
          <packageSourceCredentials>
            <acme>
              <add key="Username" value="ci" />
              <add key="ClearTextPassword" value="{rand(LOWER + DIGITS, 52)}" />{S("generic-assignment", "NuGet ClearTextPassword (Azure DevOps PAT)")}
            </acme>
          </packageSourceCredentials>
          <apikeys>
            <add key="https://www.nuget.org/api/v2/package" value="oy2{rand(LOWER + DIGITS, 43)}" />{S("nuget-api-key")}
          </apikeys>
        </configuration>
        """)


# ---------------------------------------------------------------------------------------------
# Kubernetes, Helm, compose, Terraform.

def kubernetes():
    d = "deploy/k8s"
    put(f"{d}/orders-secret.yaml", f"""
        apiVersion: v1
        kind: Secret
        metadata:
          name: orders-credentials
          namespace: orders
        type: Opaque
        data:
          DB_PASSWORD: {b64(password(24).encode())}{S("generic-assignment", "base64-encoded password in Secret data")}
          STRIPE_KEY: {b64(stripe().encode())}{S("stripe-secret-key", "base64-encoded in Secret data")}
          DB_USER: {b64(b"orders")}
        stringData:
          SENTRY_AUTH_TOKEN: sntryu_{api_hex(64)}{S("sentry-user-token")}
          API_TOKEN: "{rand(ALNUM, 40)}"{S("generic-assignment", "stringData token")}
        """)
    cert = cert_lines()
    key = pem("EC PRIVATE KEY", der_ec())
    put(f"{d}/tls-secret.yaml", "\n".join([
        "apiVersion: v1", "kind: Secret", "metadata:", "  name: gateway-tls",
        "type: kubernetes.io/tls", "stringData:", "  tls.crt: |",
        "    " + cert[0] + C("certificate", "TLS certificate in Secret")]
        + ["    " + l for l in cert[1:]] + ["  tls.key: |",
        "    " + key[0] + S("private-key-ec", "block scalar in Secret")]
        + ["    " + l for l in key[1:]]) + "\n", dedent=False)
    put(f"{d}/sealed-secret.yaml", f"""
        apiVersion: bitnami.com/v1alpha1
        kind: SealedSecret
        metadata:
          name: payments
          namespace: payments
        spec:
          encryptedData:
            STRIPE_SECRET_KEY: Ag{b64(rbytes(380))}{C("encrypted", "sealed secret ciphertext")}
            DB_PASSWORD: Ag{b64(rbytes(300))}{C("encrypted", "sealed secret ciphertext")}
        """)
    put(f"{d}/orders-deployment.yaml", f"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: orders
          annotations:
            checksum/config: {sha256()}{C("sha256", "helm checksum annotation")}
        spec:
          template:
            spec:
              containers:
                - name: orders
                  image: ghcr.io/acme/orders@sha256:{sha256()}{C("sha256", "image digest")}
                  env:
                    - name: DB_PASSWORD
                      valueFrom:
                        secretKeyRef: {{name: orders-credentials, key: DB_PASSWORD}}{C("env-reference", "secretKeyRef")}
                    - name: SPRING_PROFILES_ACTIVE
                      value: prod
                    - name: NEW_RELIC_LICENSE_KEY
                      value: "{api_hex(36)}NRAL"{S("newrelic-license-key")}
                    - name: GRAFANA_TOKEN
                      value: "glsa_{rand(ALNUM, 32)}_{api_hex(8)}"{S("grafana-service-account-token")}
                    - name: INSTANCE_UUID
                      value: "{uid()}"{C("uuid")}
        """)
    put("deploy/helm/orders/values.yaml", f"""
        image:
          repository: ghcr.io/acme/orders
          tag: "{sha1()[:12]}"{C("git-sha", "image tag is a short sha")}
        database:
          host: orders-db
          password: ""{C("placeholder", "empty")}
        stripe:
          secretKey: "sk_live_REPLACE_ME"{C("placeholder")}
        redis:
          auth:
            password: "{password(24).replace('"', "")}"{S("generic-assignment", "helm values redis password")}
        """)
    put("deploy/helm/orders/templates/secret.yaml", f"""
        apiVersion: v1
        kind: Secret
        metadata:
          name: {{{{ include "orders.fullname" . }}}}
        stringData:
          DB_PASSWORD: {{{{ .Values.database.password | quote }}}}{C("template-reference", "helm")}
          STRIPE_SECRET_KEY: {{{{ required "stripe key" .Values.stripe.secretKey }}}}{C("template-reference", "helm")}
          REDIS_PASSWORD: {{{{ .Values.redis.auth.password }}}}{C("template-reference", "helm")}
        """)
    put("deploy/kubeconfig-ci.yaml", f"""
        apiVersion: v1
        kind: Config
        clusters:
          - name: prod
            cluster:
              server: https://10.0.0.1:6443
              certificate-authority-data: {b64(chr(10).join(cert_lines()).encode())}{C("certificate", "base64 CA certificate")}
        users:
          - name: ci-deployer
            user:
              token: {jwt({"iss": "kubernetes/serviceaccount", "kubernetes.io/serviceaccount/namespace": "ci", "sub": "system:serviceaccount:ci:deployer"}, "RS256")}{S("jwt", "service account token")}
          - name: admin
            user:
              client-certificate-data: {b64(chr(10).join(cert_lines()).encode())}{C("certificate", "base64 client cert")}
              client-key-data: {b64(chr(10).join(pem("RSA PRIVATE KEY", der_rsa_pkcs1())).encode())}{S("private-key-rsa", "base64 client key in kubeconfig")}
        contexts:
          - name: prod
            context: {{cluster: prod, user: ci-deployer}}
        current-context: prod
        """)
    put("deploy/secrets.enc.yaml", f"""
        database:
            password: ENC[AES256_GCM,data:{b64(rbytes(18))},iv:{b64(rbytes(32))},tag:{b64(rbytes(16))},type:str]{C("encrypted", "sops value")}
        stripe_key: ENC[AES256_GCM,data:{b64(rbytes(80))},iv:{b64(rbytes(32))},tag:{b64(rbytes(16))},type:str]{C("encrypted", "sops value")}
        sops:
            lastmodified: "2024-05-02T10:11:12Z"
            mac: ENC[AES256_GCM,data:{b64(rbytes(64))},iv:{b64(rbytes(32))},tag:{b64(rbytes(16))},type:str]{C("encrypted", "sops mac")}
            pgp:
                - fp: {hexs(40).upper()}{C("identifier", "pgp fingerprint")}
        """)
    put("deploy/ansible/group_vars/prod/vault.yml", "$ANSIBLE_VAULT;1.1;AES256\n" + "\n".join(
        hexs(80) + (C("encrypted", "ansible vault ciphertext") if i in (0, 3) else "") for i in range(6)) + "\n", dedent=False)
    put("deploy/ansible/group_vars/prod/main.yml", f"""
        app_user: deploy
        app_db_password: "{{{{ vault_app_db_password }}}}"{C("template-reference", "jinja")}
        ssh_known_host: "bastion.acme.io {ssh_ed_pub('').strip()}"{C("public-key", "known host key")}
        monitoring_password: {password(20)}{S("generic-assignment", "ansible var password")}
        """)


def compose():
    put("deploy/compose/docker-compose.yml", f"""
        services:
          db:
            image: postgres:16
            environment:
              POSTGRES_USER: postgres
              POSTGRES_PASSWORD: postgres{C("placeholder", "local compose default")}
          api:
            image: acme/api:latest
            environment:
              - DATABASE_URL=postgres://postgres:postgres@db:5432/api{C("placeholder", "local default in url")}
              - OPENAI_API_KEY=${{OPENAI_API_KEY}}{C("env-reference")}
              - ANTHROPIC_API_KEY=${{ANTHROPIC_API_KEY:?set it}}{C("env-reference")}
              - HF_TOKEN={huggingface()}{S("huggingface-token")}
          worker:
            image: acme/worker:latest
            environment:
              MAILGUN_KEY: key-{api_hex(32)}{S("mailgun-api-key")}
              DOPPLER_TOKEN: dp.st.prd.{rand(ALNUM, 43)}{S("doppler-token")}
              COMMIT: {sha1()}{C("git-sha")}
        """)
    put("deploy/compose/docker-compose.ci.yml", f"""
        services:
          tests:
            image: acme/api:test
            environment:
              DATABASE_URL: postgres://app:app@db/app_test{C("placeholder", "trivial local credentials")}
              SECRET_KEY: insecure-test-key{C("placeholder")}
              VAULT_TOKEN: hvs.{rand(ALNUM + "_-", 92)}{S("vault-token")}
        """)


def terraform():
    d = "infra/terraform"
    put(f"{d}/rds.tf", f"""
        resource "aws_db_instance" "orders" {{
          identifier        = "orders-prod"
          engine            = "postgres"
          instance_class    = "db.r6g.large"
          username          = "orders_admin"
          password          = "{password(26).replace('"', "")}"{S("generic-assignment", "terraform password attribute")}
          storage_encrypted = true
        }}

        resource "aws_db_instance" "reporting" {{
          identifier = "reporting-prod"
          username   = "reporting"
          password   = var.reporting_db_password{C("env-reference", "terraform variable")}
        }}

        resource "random_password" "analytics" {{
          length  = 32
          special = true
        }}
        """)
    put(f"{d}/providers.tf", f"""
        provider "aws" {{
          region     = "eu-west-1"
          access_key = "{aws_key_id()}"{S("aws-access-key-id", "pair with next line")}
          secret_key = "{aws_secret()}"{S("aws-secret-access-key", "pair with previous line")}
        }}

        provider "digitalocean" {{
          token = "dop_v1_{api_hex(64)}"{S("digitalocean-token")}
        }}

        provider "github" {{
          owner = "acme"
          token = var.github_token{C("env-reference")}
        }}

        terraform {{
          cloud {{
            organization = "acme"
            token        = "{rand(ALNUM, 14)}.atlasv1.{rand(ALNUM, 67)}"{S("terraform-cloud-token")}
          }}
        }}
        """)
    put(f"{d}/iam.tf", f"""
        resource "aws_iam_user" "ci" {{
          name = "ci-deployer"
        }}

        resource "aws_iam_access_key" "ci" {{
          user    = aws_iam_user.ci.name
          pgp_key = "keybase:acme_ops"
        }}

        data "aws_iam_policy_document" "ci" {{
          statement {{
            sid       = "AllowArtifacts{rand(UPPER + DIGITS, 8)}"
            actions   = ["s3:PutObject"]
            resources = ["arn:aws:s3:::acme-artifacts/*"]
          }}
        }}

        output "ci_secret" {{
          value     = aws_iam_access_key.ci.encrypted_secret{C("env-reference", "terraform reference")}
          sensitive = true
        }}
        """)
    put(f"{d}/prod.tfvars", f"""
        environment             = "prod"
        reporting_db_password   = "{password(24).replace('"', "")}"{S("generic-assignment", "tfvars password")}
        github_token            = "{github_fine_grained()}"{S("github-fine-grained-pat")}
        pulumi_access_token     = "pul-{api_hex(40)}"{S("pulumi-token")}
        ami_id                  = "ami-{hexs(17)}"{C("identifier", "ami id")}
        kms_key_id              = "{uid()}"{C("uuid", "kms key id")}
        """)
    put(f"{d}/gcp.tf", f"""
        provider "google" {{
          project     = "acme-analytics-{rng.randint(100000, 999999)}"
          credentials = file("sa.json")
        }}

        resource "google_compute_instance" "bastion" {{
          name = "bastion"
          metadata = {{
            ssh-keys = "ops:{ssh_rsa_pub('ops')}"{C("public-key", "ssh-rsa public key")}
          }}
        }}

        locals {{
          maps_api_key = "{gcp_api_key()}"{S("gcp-api-key")}
        }}
        """)
    put(f"{d}/.terraform.lock.hcl", f"""
        # This file is maintained automatically by "terraform init".
        provider "registry.terraform.io/hashicorp/aws" {{
          version     = "5.54.1"
          constraints = "~> 5.0"
          hashes = [
            "h1:{b64(rbytes(32))}",{C("lockfile-hash", "terraform provider hash")}
            "zh:{sha256()}",{C("lockfile-hash")}
            "zh:{sha256()}",{C("lockfile-hash")}
          ]
        }}
        """)


# ---------------------------------------------------------------------------------------------
# CI, Dockerfiles, shell.

def ci():
    put(".github/workflows/release.yml", f"""
        name: release
        on:
          push:
            tags: ["v*"]
        jobs:
          publish:
            runs-on: ubuntu-latest
            env:
              NPM_TOKEN: ${{{{ secrets.NPM_TOKEN }}}}{C("template-reference", "actions secret")}
              PYPI_TOKEN: ${{{{ secrets.PYPI_TOKEN }}}}{C("template-reference", "actions secret")}
            steps:
              - uses: actions/checkout@{sha1()}{C("git-sha", "pinned action")}
              - uses: actions/setup-node@{sha1()} # v4.0.2{C("git-sha", "pinned action")}
              - run: echo "//registry.npmjs.org/:_authToken=${{NPM_TOKEN}}" > ~/.npmrc{C("env-reference")}
              - run: docker login -u acmebot -p dckr_pat_{rand(ALNUM + "-_", 27)} docker.io{S("dockerhub-pat")}
              - run: 'curl -sf -H "Authorization: Bearer ${{{{ secrets.DEPLOY_HOOK_TOKEN }}}}" https://deploy.acme.io/hook'{C("template-reference")}
              - name: notify
                run: curl -X POST -d '{{"text":"released"}}' {slack_webhook()}{S("slack-webhook")}
        """)
    put(".github/workflows/ci.yml", f"""
        name: ci
        on: [push, pull_request]
        jobs:
          test:
            runs-on: ubuntu-latest
            services:
              postgres:
                image: postgres:16
                env:
                  POSTGRES_PASSWORD: postgres{C("placeholder", "ci service default")}
            env:
              DATABASE_URL: postgres://postgres:postgres@localhost:5432/test{C("placeholder", "ci local url")}
              CODECOV_TOKEN: ${{{{ secrets.CODECOV_TOKEN }}}}{C("template-reference", "actions secret")}
              CACHE_KEY: deps-{sha256()}{C("sha256", "cache key")}
            steps:
              - uses: actions/cache@{sha1()}{C("git-sha")}
                with:
                  key: ${{{{ runner.os }}}}-pip-${{{{ hashFiles('**/requirements.txt') }}}}
              - run: pytest -q
        """)
    put(".gitlab-ci.yml", f"""
        variables:
          DOCKER_DRIVER: overlay2
          SONAR_HOST_URL: https://sonar.acme.internal
          GITLAB_RUNNER_TOKEN: glrt-{rand(ALNUM + "-_", 20)}{S("gitlab-runner-token")}
          DEPLOY_TOKEN: $CI_DEPLOY_PASSWORD{C("env-reference", "gitlab variable")}
          ARTIFACTORY_API_KEY: AKCp{rand(ALNUM, 69)}{S("artifactory-api-key")}

        build:
          image: docker:24@sha256:{sha256()}{C("sha256", "image digest")}
          script:
            - docker login -u gitlab-ci-token -p $CI_JOB_TOKEN $CI_REGISTRY{C("env-reference")}
            - docker build -t $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA .
            - git clone https://deploy:gldt-{rand(ALNUM + "-_", 20)}@gitlab.acme.internal/ops/charts.git{S("gitlab-deploy-token", "deploy token in clone url")}
        """)
    put(".circleci/config.yml", f"""
        version: 2.1
        jobs:
          deploy:
            docker:
              - image: cimg/python:3.12
                auth:
                  username: acmebot
                  password: $DOCKERHUB_PASSWORD{C("env-reference")}
            environment:
              HEROKU_APP: acme-billing
              NETLIFY_AUTH_TOKEN: nfp_{rand(ALNUM, 36)}{S("netlify-token")}
              FLY_API_TOKEN: FlyV1 fm2_{rand(B64, 200)}{S("fly-token")}
            steps:
              - checkout
              - run: pip install -r requirements.txt --require-hashes
        """)
    put("Jenkinsfile", f"""
        pipeline {{
          agent any
          environment {{
            REGISTRY_CREDS = credentials('registry-creds'){C("env-reference", "jenkins credentials()")}
            CIRCLE_TOKEN = "CCIPAT_{rand(ALNUM, 22)}_{api_hex(40)}"{S("circleci-token")}
          }}
          stages {{
            stage('Deploy') {{
              steps {{
                sh 'curl -u admin:{url_password(20)} https://nexus.acme.internal/service/rest/v1/status'{S("basic-auth-cli", "curl -u user:password")}
              }}
            }}
          }}
        }}
        """)


def dockerfiles():
    put("docker/api.Dockerfile", f"""
        FROM python:3.12-slim@sha256:{sha256()}{C("sha256", "base image digest")}
        ARG PIP_INDEX_URL
        ARG GITHUB_TOKEN{C("placeholder", "ARG without value")}
        ENV PYTHONDONTWRITEBYTECODE=1 \\
            APP_HOME=/srv/app
        ENV SENTRY_DSN_RELEASE={sha1()}{C("git-sha")}
        ENV ALGOLIA_ADMIN_KEY={api_hex(32)}{S("generic-assignment", "ENV admin key")}
        RUN pip install --index-url https://build:{url_password(22)}@pypi.acme.internal/simple acme-core==2.1.0{S("password-in-url", "pip index url with password")}
        RUN curl -fsSL -H "Authorization: token {crc_token("ghp_")}" https://raw.githubusercontent.com/acme/ops/main/bootstrap.sh | sh{S("github-pat-classic", "token in RUN")}
        COPY . $APP_HOME
        USER 10001
        """)
    put("docker/worker.Dockerfile", f"""
        FROM node:20-alpine
        ARG NPM_TOKEN=${{NPM_TOKEN}}{C("env-reference")}
        ENV NODE_ENV=production
        ENV OPENAI_API_KEY=sk-proj-REPLACE_ME{C("placeholder")}
        ENV LINEAR_API_KEY=lin_api_{rand(ALNUM, 40)}{S("linear-api-key")}
        ENV CHECKSUM_SHA256={sha256()}{C("sha256")}
        RUN echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci && rm .npmrc{C("env-reference")}
        """)


def shell():
    put("scripts/bootstrap.sh", f"""
        #!/usr/bin/env bash
        set -euo pipefail

        export AWS_ACCESS_KEY_ID={aws_key_id("ASIA")}{S("aws-access-key-id", "temporary ASIA key id, pair with next lines")}
        export AWS_SECRET_ACCESS_KEY={aws_secret()}{S("aws-secret-access-key", "pair")}
        export AWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjE{rand(B64, 340)}{S("aws-session-token")}
        export GH_TOKEN="${{GH_TOKEN:-}}"{C("env-reference")}
        export ANSIBLE_PASSWORD="$(pass show ops/ansible)"{C("env-reference", "command substitution")}

        git clone "https://x-access-token:{crc_token("ghs_")}@github.com/acme/infra.git"{S("github-app-token", "ghs_ in clone url")}
        echo "commit $(git rev-parse HEAD) expected {sha1()}"{C("git-sha")}
        """)
    put("scripts/deploy.sh", f"""
        #!/bin/sh
        # Usage: deploy.sh <env>
        : "${{DEPLOY_TOKEN:?DEPLOY_TOKEN must be set}}"{C("env-reference")}
        curl -fsS -H "Authorization: Basic {b64(("deploy:" + url_password(24)).encode())}" https://ci.acme.internal/job/deploy/build{S("basic-auth-header")}
        curl -fsS -H "Authorization: Basic $(printf '%s:%s' "$USER" "$DEPLOY_TOKEN" | base64)" https://ci.acme.internal/job/verify/build{C("env-reference", "built at run time")}
        mysql -h db.internal -u root -p{url_password(20)} -e 'select 1'{S("password-cli-argument", "mysql -p<password>")}
        sha256sum -c <<< "{sha256()}  release.tar.gz"{C("sha256")}
        """)
    put("scripts/rotate_keys.py", f"""
        #!/usr/bin/env python3
        \"\"\"Rotate service keys. Reads the admin token from the vault agent socket.\"\"\"
        import os
        import secrets

        ADMIN_TOKEN = open("/run/secrets/admin_token").read().strip(){C("env-reference", "read from file")}
        NEW_KEY = secrets.token_urlsafe(32)
        KEY_PREFIX = "sk_live_"{C("truncated-token", "prefix constant")}
        PATTERN = r"ghp_[A-Za-z0-9]{{36}}"{C("truncated-token", "regex for a token")}
        api_key = os.environ.get("ROTATE_API_KEY", ""){C("env-reference")}
        """)
    put("scripts/psql.ps1", f"""
        $env:PGPASSWORD = "{password(22).replace('"', "")}"{S("generic-assignment", "powershell PGPASSWORD")}
        $securePass = ConvertTo-SecureString $env:ADMIN_PASS -AsPlainText -Force{C("env-reference")}
        psql -h reporting.internal -U reporting -c "select now()"
        """)


# ---------------------------------------------------------------------------------------------
# Key files, cloud credential files, tool credential files.

def key_files():
    def keyfile(path, block, label, kind, note=""):
        marker = (S if label == "secret" else C)(kind, note)
        put(path, "\n".join([block[0] + marker] + block[1:]) + "\n", dedent=False)

    keyfile("keys/deploy_rsa.pem", pem("RSA PRIVATE KEY", der_rsa_pkcs1()), "secret", "private-key-rsa", "PKCS#1")
    keyfile("keys/service.key", pem("PRIVATE KEY", der_pkcs8_rsa()), "secret", "private-key-pkcs8")
    keyfile("keys/signing-ed25519.pem", pem("PRIVATE KEY", der_ed25519_pkcs8()), "secret", "private-key-pkcs8", "ed25519")
    keyfile("keys/legacy_dsa.pem", pem("DSA PRIVATE KEY", der_dsa()), "secret", "private-key-dsa")
    keyfile("keys/encrypted.pem", pem("ENCRYPTED PRIVATE KEY", der_encrypted_pkcs8()),
            "secret", "private-key-encrypted", "passphrase-protected PKCS#8")
    keyfile("keys/id_ed25519", pem("OPENSSH PRIVATE KEY", lines=openssh_key_lines()), "secret", "private-key-openssh")
    keyfile("keys/release-signing.asc", pgp_private_lines(), "secret", "private-key-pgp")
    keyfile("keys/server.crt", cert_lines(), "clean", "certificate")
    keyfile("keys/service.pub.pem", pem("PUBLIC KEY", bytes.fromhex("30820122300d06092a864886f70d01010105000382010f00") + rbytes(270)), "clean", "public-key")
    keyfile("keys/release-signing.pub.asc", ["-----BEGIN PGP PUBLIC KEY BLOCK-----", ""] + pem_body(b"\x99\x01\xf5\x04" + rbytes(500)) + ["=" + b64(rbytes(3)), "-----END PGP PUBLIC KEY BLOCK-----"], "clean", "public-key", "pgp public")
    put("keys/id_ed25519.pub", ssh_ed_pub("deploy@acme") + C("public-key", "ssh public key") + "\n", dedent=False)
    put("keys/authorized_keys", "\n".join([
        ssh_rsa_pub("alice@laptop") + C("public-key"),
        ssh_ed_pub("bob@workstation") + C("public-key"),
        "ecdsa-sha2-nistp256 " + b64(b"\x00\x00\x00\x13ecdsa-sha2-nistp256" + rbytes(90)) + " ci@runner" + C("public-key"),
    ]) + "\n", dedent=False)
    put("keys/known_hosts", "\n".join([
        "github.com " + ssh_ed_pub("").strip() + C("public-key", "host key"),
        f"|1|{b64(rbytes(20))}|{b64(rbytes(20))} ssh-ed25519 " + b64(b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + rbytes(32)) + C("public-key", "hashed host entry"),
    ]) + "\n", dedent=False)
    ppk_pub = b64(b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + rbytes(32))
    put("keys/jumpbox.ppk", "\n".join([
        "PuTTY-User-Key-File-3: ssh-ed25519" + S("private-key-putty"),
        "Encryption: none",
        "Comment: ops@jumpbox",
        "Public-Lines: 2",
        ppk_pub[:64], ppk_pub[64:],
        "Private-Lines: 1",
        b64(b"\x00\x00\x00\x20" + rbytes(32)),
        "Private-MAC: " + hexs(64),
    ]) + "\n", dedent=False)
    # A private key pasted into a Python module.
    k = pem("RSA PRIVATE KEY", der_rsa_pkcs1())
    put("apps/billing-api/billing/signing.py", "\n".join(
        ["import jwt", "", "# Key used to sign invoice links.", 'PRIVATE_KEY = """' + k[0] + S("private-key-rsa", "in triple-quoted string")]
        + k[1:] + ['"""', "", 'PUBLIC_KEY_PATH = "/etc/billing/invoice-links.pub"',
                   'HEADER_CHECK = "-----BEGIN RSA PRIVATE KEY-----"' + C("truncated-token", "PEM header literal without a key"), "",
                   "def sign(claims):", '    return jwt.encode(claims, PRIVATE_KEY, algorithm="RS256")', ""]), dedent=False)
    # A key in a Terraform heredoc.
    k = pem("OPENSSH PRIVATE KEY", lines=openssh_key_lines())
    put("infra/terraform/bastion_key.tf", "\n".join(
        ['resource "aws_secretsmanager_secret_version" "bastion" {', '  secret_id     = aws_secretsmanager_secret.bastion.id',
         '  secret_string = <<EOT', k[0] + S("private-key-openssh", "terraform heredoc")] + k[1:] + ["EOT", "}", ""]), dedent=False)


def cloud_credential_files():
    sa_key = pem("PRIVATE KEY", der_pkcs8_rsa())
    sa = {
        "type": "service_account",
        "project_id": "acme-analytics-prod",
        "private_key_id": api_hex(40),
        "private_key": "\n".join(sa_key) + "\n",
        "client_email": "etl-runner@acme-analytics-prod.iam.gserviceaccount.com",
        "client_id": str(rng.randint(10**20, 10**21)),
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": "https://oauth2.googleapis.com/token",
        "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
        "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/etl-runner%40acme-analytics-prod.iam.gserviceaccount.com",
        "universe_domain": "googleapis.com",
    }
    text = json.dumps(sa, indent=2)
    text = text.replace('  "private_key": ', '  "private_key": ', 1)
    out = []
    for line in text.split("\n"):
        if line.startswith('  "private_key": '):
            line += S("gcp-service-account-key", "private_key line of SA JSON")
        elif line.startswith('  "private_key_id": '):
            line += C("identifier", "private_key_id is a key id, not the key")
        out.append(line)
    put("infra/terraform/sa.json", "\n".join(out) + "\n", dedent=False)
    put("infra/aws/credentials", f"""
        [default]
        aws_access_key_id = {aws_key_id()}{S("aws-access-key-id", "pair with next line")}
        aws_secret_access_key = {aws_secret()}{S("aws-secret-access-key", "pair")}

        [docs]
        aws_access_key_id = {AWS_DOC_KEY_ID}{C("aws-example-key")}
        aws_secret_access_key = {AWS_DOC_SECRET}{C("aws-example-key")}
        """)
    put("infra/aws/config", f"""
        [profile prod]
        role_arn = arn:aws:iam::{rng.randint(10**11, 10**12)}:role/deployer{C("identifier", "account id in a role arn")}
        source_profile = default
        mfa_serial = arn:aws:iam::{rng.randint(10**11, 10**12)}:mfa/ops
        region = eu-west-1
        """)
    put("infra/azure/storage.env", f"""
        AZURE_STORAGE_ACCOUNT=acmelogs{rand(LOWER + DIGITS, 8)}
        AZURE_STORAGE_KEY={azure_storage_key()}{S("azure-storage-key")}
        AZURE_TENANT_ID={uid()}{C("uuid", "tenant id")}
        AZURE_CLIENT_ID={uid()}{C("uuid", "client id")}
        AZURE_CLIENT_SECRET={azure_client_secret()}{S("azure-client-secret")}
        AZURE_SUBSCRIPTION_ID={uid()}{C("uuid", "subscription id")}
        """)
    put("home/.git-credentials", f"""
        https://acme-ci:{crc_token("ghp_")}@github.com{S("github-pat-classic", "git-credentials")}
        https://oauth2:{glpat()}@gitlab.com{S("gitlab-pat", "git-credentials")}
        """)
    put("home/.docker/config.json", f"""
        {{
          "auths": {{
            "ghcr.io": {{
              "auth": "{b64(("acme-ci:" + crc_token("ghp_")).encode())}"{S("docker-config-auth", "base64 user:ghp token")}
            }},
            "registry.acme.internal": {{
              "auth": "{b64(("robot$ci:" + url_password(32)).encode())}"{S("docker-config-auth", "base64 user:password")}
            }},
            "https://index.docker.io/v1/": {{}}
          }},
          "credsStore": "desktop"
        }}
        """)
    put("home/.netrc", f"""
        machine api.heroku.com
          login ops@acme.io
          password {uid()}{S("netrc-password", "heroku api key in netrc")}
        machine git.acme.internal
          login deploy
          password {url_password(30)}{S("netrc-password")}
        """)
    put("home/.config/gh/hosts.yml", f"""
        github.com:
            user: acme-ci
            oauth_token: {crc_token("gho_")}{S("github-oauth-token")}
            git_protocol: https
        """)
    put("home/.cargo/credentials.toml", f"""
        [registry]
        token = "cio{rand(ALNUM, 32)}"{S("crates-io-token")}
        """)
    put("home/.gem/credentials", f"""
        ---
        :rubygems_api_key: rubygems_{api_hex(48)}{S("rubygems-api-key")}
        """)
    put("home/.config/hub", f"""
        github.com:
        - user: acme-ci
          oauth_token: ghp_{rand(ALNUM, 20)}{C("truncated-token", "ghp_ too short")}
          protocol: https
        """)


# ---------------------------------------------------------------------------------------------
# Docs, logs, data files.

def docs():
    put("docs/setup.md", f"""
        # Setting up a development machine

        1. Copy `.env.example` to `.env` and fill in the values. Never commit `.env`.
        2. Create a GitHub token with the `repo` scope. Tokens start with `ghp_` and are 40 characters long.{C("prose", "token prefix in prose")}
        3. Export it: `export GITHUB_TOKEN=<your token>`{C("placeholder")}

        The database password for local development is `postgres`; production passwords live in Vault.{C("prose", "password word in prose")}

        ```bash
        export AWS_ACCESS_KEY_ID={AWS_DOC_KEY_ID}{C("aws-example-key")}
        export AWS_SECRET_ACCESS_KEY={AWS_DOC_SECRET}{C("aws-example-key")}
        export STRIPE_SECRET_KEY=sk_live_...{C("truncated-token")}
        ```

        If the login page says "invalid password", reset it with `make reset-password USER=you`.{C("prose")}

        A private key looks like this (do not paste real keys into issues):

        ```
        -----BEGIN OPENSSH PRIVATE KEY-----{C("truncated-token", "header with elided body")}
        ...
        -----END OPENSSH PRIVATE KEY-----
        ```
        """)
    put("docs/runbooks/incident-2024-03.md", f"""
        # Incident 2024-03: leaked Slack token

        On 2024-03-14 the bot token below was pasted into a public gist and had to be revoked.
        It is kept here for the audit trail (revoked, but still a secret that must not be committed):

            {slack_bot()}{S("slack-bot-token", "in an indented code block")}

        The user token used by the migration script was also rotated:

            SLACK_USER_TOKEN={slack_user()}{S("slack-user-token")}

        Root cause: commit {sha1()} added a debug print of the environment.{C("git-sha")}
        Follow-up: ticket OPS-{rng.randint(1000, 9999)}, password rotation policy, secret scanning in CI.{C("prose")}
        """)
    put("docs/api/authentication.md", f"""
        # Authenticating to the Acme API

        Send your key in the `Authorization` header:

        ```http
        GET /v1/invoices HTTP/1.1
        Host: api.acme.io
        Authorization: Bearer <API_KEY>{C("placeholder")}
        ```

        Example response header: `X-Request-Id: {uid()}`{C("uuid")}

        Basic authentication also works: `Authorization: Basic base64(username:password)`.{C("placeholder", "formula not a value")}

        | Token type | Prefix | Example |
        |---|---|---|
        | Live secret key | `sk_live_` | `sk_live_4eC39HqLyjWDarjtT1zdp7dc...` |{C("truncated-token", "table with elided example")}
        | Publishable key | `pk_live_` | `{stripe("pk_live_")}` |{C("public-key")}
        | Restricted key | `rk_live_` | `rk_live_<redacted>` |{C("placeholder")}

        Webhook signatures use HMAC-SHA256, e.g. `v1={sha256()}`.{C("sha256")}
        """)
    put("docs/integrations/slack.md", f"""
        # Slack integration

        Create an app, install it to the workspace, and put the bot token (`xoxb-...`) in Vault under{C("truncated-token")}
        `secret/slack/bot`.

        To test locally you can use an incoming webhook; the staging one is:

        {slack_webhook()}{S("slack-webhook", "webhook url in docs")}

        The token `xoxb-1234-5678-abcdefgh` in the screenshot is fake.{C("truncated-token", "short fake token")}
        """)
    put("docs/adr/0007-secrets.md", f"""
        # ADR 7: where secrets live

        Status: accepted. Decided in PR #{rng.randint(100, 999)} (merge commit `{sha1()[:10]}`).{C("git-sha", "short sha")}

        We considered keeping an encrypted `secrets.yaml` with SOPS, but the password for the{C("prose")}
        age key would still need a home.
        Secrets are stored in Vault; applications read `VAULT_TOKEN` from their environment and
        a token looks like `hvs.CAESI...`.{C("truncated-token")}
        Passwords must be at least 16 characters; the password policy is enforced by Vault.{C("prose")}
        """)
    put("docs/reference/hashes.md", "\n".join(
        ["# Release artifacts", "", "| file | sha256 |", "|---|---|"]
        + [f"| acme-cli-{os_}-{arch}.tar.gz | `{sha256()}` |" + C("sha256", "release checksum")
           for os_ in ("linux", "darwin") for arch in ("amd64", "arm64")]
        + ["", "Build reproducibility seed: `" + b64(rbytes(24)) + "`" + C("base64", "random base64 without keyword"), ""]), dedent=False)
    put("CHANGELOG.md", "\n".join(
        ["# Changelog", "", "## 4.2.0"]
        + [f"- {msg} ({sha1()})" + C("git-sha", "changelog commit")
           for msg in ("Rotate the token cache on logout", "Mask passwords in logs", "Fix secret store timeouts",
                       "Bump jsonwebtoken", "Validate API key prefix")]
        + ["", "## 4.1.0", f"- Migrate to Vault (#{rng.randint(100, 999)}, {sha1()[:7]})" + C("git-sha", "short sha"), ""]), dedent=False)
    put("README.md", f"""
        # acme platform

        [![build](https://ci.acme.io/badge.svg?token={rand(ALNUM, 20)})](https://ci.acme.io){C("badge-token", "public CI badge token")}

        ![architecture](data:image/png;base64,{b64(PNG_MAGIC + rbytes(300))}){C("data-uri")}

        Run `make dev`. The admin password for the local stack is printed on first start.{C("prose")}
        """)


def logs():
    lines_ = [
        f"2024-06-11T09:12:03.114Z INFO  request_id={uid()} method=GET path=/v1/invoices status=200 dur_ms=41" + C("uuid", "request id"),
        f"2024-06-11T09:12:03.201Z INFO  trace_id={hexs(32)} span_id={hexs(16)} msg=\"upstream ok\"" + C("trace-id", "otel trace id"),
        f"2024-06-11T09:12:04.950Z DEBUG outgoing headers: {{'Authorization': 'Bearer {jwt()}', 'Accept': 'application/json'}}" + S("jwt", "bearer token leaked in a debug log"),
        f"2024-06-11T09:12:05.002Z INFO  login ok user=alice password=*** mfa=totp" + C("placeholder", "masked password"),
        f"2024-06-11T09:12:05.310Z WARN  retrying with api_key=[REDACTED]" + C("placeholder"),
        f"2024-06-11T09:12:06.777Z ERROR connect failed: postgres://orders:{url_password()}@orders-db.internal:5432/orders: timeout" + S("password-in-url", "url in log"),
        f"2024-06-11T09:12:07.010Z INFO  deployed commit {sha1()} to prod" + C("git-sha"),
        f"2024-06-11T09:12:08.500Z INFO  cache key sha256:{sha256()} hit" + C("sha256"),
        f"2024-06-11T09:12:09.120Z INFO  upload stored content_md5={b64(rbytes(16))} size=48211" + C("base64", "md5 in base64"),
        f"2024-06-11T09:12:10.420Z DEBUG env: OPENAI_API_KEY={openai()}" + S("openai-api-key", "env dump in log"),
        f"2024-06-11T09:12:11.001Z INFO  password reset requested for user 4411" + C("prose"),
    ]
    put("logs/api-2024-06-11.log", "\n".join(lines_) + "\n", dedent=False)
    put("logs/ci-build-8812.log", "\n".join([
        "##[group]Run actions/checkout@v4",
        f"HEAD is now at {sha1()[:7]} Merge pull request #881" + C("git-sha"),
        "##[endgroup]",
        "Run npm ci",
        f"npm http fetch GET 200 https://registry.npmjs.org/react/-/react-18.3.1.tgz integrity={sri512()}" + C("lockfile-integrity"),
        "Run echo $NPM_TOKEN",
        "***" + C("placeholder", "CI-masked"),
        f"Run git push https://bot:{crc_token('ghp_')}@github.com/acme/web.git" + S("github-pat-classic", "token printed in CI log"),
        f"Uploading artifact web-{sha256()[:16]}.zip" + C("hex", "artifact name"),
    ]) + "\n", dedent=False)


def data_files():
    put("apps/web/src/fixtures/users.json", json.dumps([
        {"id": uid(), "email": f"user{i}@acme.io", "password_hash": "$argon2id$v=19$m=65536,t=3,p=4$" + b64(rbytes(16)).rstrip("=") + "$" + b64(rbytes(32)).rstrip("="),
         "avatar": png_data_uri(60)} for i in range(3)], indent=2) + "\n", dedent=False)
    # Label the fixture lines after the fact: password hashes, uuids and avatars are not credentials.
    text = FILES.pop("apps/web/src/fixtures/users.json")
    out = []
    for line in text.split("\n"):
        if '"password_hash"' in line:
            line += C("password-hash", "argon2 hash in a fixture")
        elif '"id"' in line:
            line += C("uuid")
        elif '"avatar"' in line:
            line += C("data-uri")
        out.append(line)
    put("apps/web/src/fixtures/users.json", "\n".join(out), dedent=False)
    put("SHA256SUMS", "\n".join(f"{sha256()}  acme-{n}.tar.gz" + C("sha256") for n in ("cli", "agent", "server")) + "\n", dedent=False)
    put("apps/billing-api/migrations/0042_seed.sql", f"""
        INSERT INTO api_clients (id, name, secret_hash) VALUES ('{uid()}', 'reporting', '{sha256()}');{C("sha256", "hash of a secret, not the secret")}
        INSERT INTO webhooks (id, url) VALUES ('{uid()}', 'https://partner.example.org/hook');{C("uuid")}
        CREATE USER reporting WITH PASSWORD '{password(24).replace("'", "")}';{S("generic-assignment", "SQL CREATE USER ... PASSWORD")}
        ALTER USER app WITH PASSWORD :'app_password';{C("env-reference", "psql variable")}
        """)
    put("apps/billing-api/notebooks/explore.ipynb", json.dumps({
        "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": 1,
                   "source": ["import openai\n", f"openai.api_key = \"{openai()}\"\n", "resp = openai.models.list()\n"]},
                  {"cell_type": "markdown", "metadata": {}, "source": ["Results cached under key `" + sha256() + "`"]}],
        "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n", dedent=False)
    text = FILES.pop("apps/billing-api/notebooks/explore.ipynb")
    out = []
    for line in text.split("\n"):
        if "openai.api_key" in line:
            line += S("openai-api-key", "in notebook JSON")
        elif "Results cached under key" in line:
            line += C("sha256")
        out.append(line)
    put("apps/billing-api/notebooks/explore.ipynb", "\n".join(out), dedent=False)


# ---------------------------------------------------------------------------------------------
# Messaging, payments, SaaS and AI integrations, spread over the languages a team would use.

def integrations():
    d = "services/notifier"
    put(f"{d}/.env", f"""
        # notifier secrets (staging)
        TWILIO_ACCOUNT_SID=${{TWILIO_ACCOUNT_SID}}{C("env-reference")}
        TWILIO_AUTH_TOKEN={api_hex(32)}{S("twilio-auth-token")}
        SENDGRID_API_KEY={sendgrid()}{S("sendgrid-api-key")}
        POSTMARK_SERVER_TOKEN={uid()}{S("postmark-server-token", "server token is a uuid")}
        DISCORD_BOT_TOKEN={discord_bot()}{S("discord-bot-token")}
        DISCORD_WEBHOOK_URL={discord_webhook()}{S("discord-webhook")}
        TELEGRAM_BOT_TOKEN={rng.randint(10**9, 7 * 10**9)}:AA{rand(ALNUM + "-_", 33)}{S("telegram-bot-token")}
        SLACK_APP_TOKEN=xapp-1-A{rand(UPPER + DIGITS, 10)}-{rng.randint(10**12, 10**13)}-{api_hex(64)}{S("slack-app-token")}
        PAGERDUTY_ROUTING_KEY={api_hex(32)}{S("pagerduty-key")}
        NOTIFIER_INSTANCE={uid()}{C("uuid")}
        """)
    put(f"{d}/src/channels/discord.ts", f"""
        import {{ Client, GatewayIntentBits }} from "discord.js";

        const client = new Client({{ intents: [GatewayIntentBits.Guilds] }});
        const GUILD_ID = "{rng.randint(10**17, 2 * 10**18)}";{C("identifier", "discord snowflake id")}
        client.login("{discord_bot()}");{S("discord-bot-token", "login literal")}
        export const alertsHook = "https://discord.com/api/webhooks/<id>/<token>";{C("placeholder")}
        """)
    put(f"{d}/src/channels/sms.py", f"""
        from twilio.rest import Client

        ACCOUNT_SID = "AC{api_hex(32)}"{C("identifier", "account SID alone is an identifier")}
        client = Client(ACCOUNT_SID, os.environ["TWILIO_AUTH_TOKEN"]){C("env-reference")}

        def send(to, body):
            return client.messages.create(to=to, from_="+15005550006", body=body)
        """)
    put(f"{d}/src/channels/email.go", f"""
        package channels

        import "github.com/mailgun/mailgun-go/v4"

        const mailgunDomain = "mg.acme.io"
        const mailgunKey = "{api_hex(32)}-{api_hex(8)}-{api_hex(8)}"{S("mailgun-api-key", "new-style mailgun key with keyword")}
        const postmarkToken = "{uid()}"{S("postmark-server-token")}

        func client() *mailgun.MailgunImpl {{ return mailgun.NewMailgun(mailgunDomain, mailgunKey) }}
        """)

    d = "services/payments"
    put(f"{d}/config/providers.yml", f"""
        stripe:
          secret_key: {stripe()}{S("stripe-secret-key")}
          webhook_secret: whsec_{rand(ALNUM, 32)}{S("stripe-webhook-secret")}
          publishable_key: {stripe("pk_live_")}{C("public-key")}
        square:
          access_token: EAAA{rand(ALNUM + "-_", 60)}{S("square-access-token")}
          application_secret: sq0csp-{rand(ALNUM + "-_", 43)}{S("square-oauth-secret")}
          application_id: sq0idp-{rand(ALNUM + "-_", 22)}{C("identifier", "square application id")}
        paypal:
          client_id: A{rand(ALNUM + "-_", 79)}{C("identifier", "PayPal client id is public")}
          client_secret: E{rand(ALNUM + "-_", 79)}{S("paypal-client-secret")}
        braintree:
          merchant_id: {rand(LOWER + DIGITS, 16)}{C("identifier")}
          private_key: {api_hex(32)}{S("braintree-private-key")}
        """)
    put(f"{d}/src/main/kotlin/io/acme/payments/Shopify.kt", f"""
        package io.acme.payments

        object ShopifyConfig {{
            const val SHOP = "acme-outlet.myshopify.com"
            const val ADMIN_TOKEN = "shpat_{api_hex(32)}"{S("shopify-access-token")}
            const val CUSTOM_APP_TOKEN = "shpca_{api_hex(32)}"{S("shopify-custom-app-token")}
            const val PRIVATE_APP_PASSWORD = "shppa_{api_hex(32)}"{S("shopify-private-app-password")}
            const val API_VERSION = "2024-04"
            val webhookSecret: String = System.getenv("SHOPIFY_WEBHOOK_SECRET") ?: ""{C("env-reference")}
        }}
        """)
    put(f"{d}/src/stripe_test_helpers.rb", f"""
        # Test doubles; none of these values reach Stripe.
        STRIPE_KEY = "sk_live_" + "X" * 99{C("placeholder", "built xxx key")}
        CARD_FINGERPRINT = "{rand(ALNUM, 16)}"{C("identifier", "card fingerprint")}
        WEBHOOK_SECRET = ENV.fetch("STRIPE_WEBHOOK_SECRET"){C("env-reference")}
        TRUNCATED = "whsec_{rand(ALNUM, 8)}"{C("truncated-token")}
        """)

    d = "services/workspace-sync"
    put(f"{d}/settings.toml", f"""
        [atlassian]
        site = "acme.atlassian.net"
        email = "bot@acme.io"
        api_token = "{atlassian()}"{S("atlassian-api-token")}

        [linear]
        api_key = "lin_api_{rand(ALNUM, 40)}"{S("linear-api-key")}

        [notion]
        token = "secret_{rand(ALNUM, 43)}"{S("notion-token")}
        database = "{hexs(32)}"{C("identifier", "notion database id")}

        [airtable]
        token = "pat{rand(ALNUM, 14)}.{api_hex(64)}"{S("airtable-pat")}
        base = "app{rand(ALNUM, 14)}"{C("identifier", "airtable base id")}

        [hubspot]
        token = "pat-na1-{uid()}"{S("hubspot-private-app-token")}
        portal_id = {rng.randint(10**6, 10**8)}
        """)
    put(f"{d}/observability.env", f"""
        DD_API_KEY={api_hex(32)}{S("datadog-api-key")}
        DD_APP_KEY={api_hex(40)}{S("datadog-app-key")}
        DD_SITE=datadoghq.eu
        NEW_RELIC_API_KEY=NRAK-{rand(UPPER + DIGITS, 27)}{S("newrelic-user-key")}
        NEW_RELIC_APP_NAME=workspace-sync
        SENTRY_AUTH_TOKEN={sentry_org_token()}{S("sentry-org-token")}
        SENTRY_DSN=https://{hexs(32)}@o{rng.randint(10**5, 10**6)}.ingest.sentry.io/{rng.randint(10**6, 10**7)}{C("public-token", "DSN is meant to be embedded in clients")}
        GRAFANA_CLOUD_TOKEN={grafana_cloud()}{S("grafana-cloud-token")}
        OKTA_API_TOKEN=00{rand(ALNUM + "-_", 40)}{S("okta-api-token")}
        AUTH0_CLIENT_SECRET={rand(B64URL, 64)}{S("auth0-client-secret")}
        AUTH0_CLIENT_ID={rand(ALNUM, 32)}{C("identifier", "auth0 client id")}
        """)
    put(f"{d}/src/okta.js", f"""
        const okta = require("@okta/okta-sdk-nodejs");

        const client = new okta.Client({{
          orgUrl: "https://acme.okta.com/",
          token: "00{rand(ALNUM + "-_", 40)}",{S("okta-api-token", "token property")}
        }});
        const supabaseUrl = "https://{rand(LOWER, 20)}.supabase.co";
        const anonKey = "{jwt({"iss": "supabase", "ref": rand(LOWER, 20), "role": "anon", "iat": 1700000000, "exp": 2015000000})}";{C("public-token", "Supabase anon key is public by design")}
        const serviceRoleKey = "{jwt({"iss": "supabase", "ref": rand(LOWER, 20), "role": "service_role", "iat": 1700000000, "exp": 2015000000})}";{S("jwt", "Supabase service_role key")}
        const supabaseAccessToken = "sbp_{api_hex(40)}";{S("supabase-access-token")}
        module.exports = {{ client, supabaseUrl, anonKey, serviceRoleKey, supabaseAccessToken }};
        """)

    d = "services/assistant"
    put(f"{d}/app/llm_clients.py", f"""
        import cohere
        from huggingface_hub import InferenceClient

        co = cohere.Client(api_key="{rand(ALNUM, 40)}"){S("generic-assignment", "cohere api_key")}
        hf = InferenceClient(token="{huggingface()}"){S("huggingface-token")}
        HF_ORG_TOKEN = "api_org_{rand(UPPER + LOWER, 34)}"{S("huggingface-org-token")}
        ANTHROPIC_ADMIN_KEY = "sk-ant-admin01-{rand(B64URL, 93)}AA"{S("anthropic-admin-key")}
        OPENAI_LEGACY_KEY = "sk-{rand(ALNUM, 20)}T3BlbkFJ{rand(ALNUM, 20)}"{S("openai-api-key", "legacy format")}
        OPENAI_SERVICE_KEY = "sk-svcacct-{rand(B64URL, 74)}T3BlbkFJ{rand(B64URL, 74)}"{S("openai-service-account-key")}
        MODEL_REVISION = "{sha1()}"{C("git-sha", "hf model revision")}
        EMBEDDING_CACHE_KEY = "{sha256()}"{C("sha256")}
        """)
    put(f"{d}/app/prompts.md", f"""
        # Prompt notes

        Keys look like `sk-ant-api03-...` (Anthropic) and `sk-proj-...` (OpenAI); never paste them here.{C("truncated-token")}
        The eval harness reads `ANTHROPIC_API_KEY` from the environment.{C("prose")}
        Example request id: `req_{rand(ALNUM, 24)}`{C("identifier", "request id")}
        Example message id: `msg_{rand(ALNUM, 24)}`{C("identifier", "message id")}
        """)
    put(f"{d}/app/config.ts", f"""
        export const config = {{
          anthropicApiKey: "{anthropic()}",{S("anthropic-api-key")}
          openaiApiKey: process.env.OPENAI_API_KEY,{C("env-reference")}
          huggingFaceToken: "hf_{rand(UPPER + LOWER, 10)}",{C("truncated-token", "hf_ too short")}
          cohereKey: "<cohere-key>",{C("placeholder")}
          mapboxPublic: "pk.{b64url(json.dumps({"u": "acme", "a": rand(LOWER + DIGITS, 25)}).encode())}.{rand(B64URL, 22)}",{C("public-token", "Mapbox public token")}
        }};
        """)


# ---------------------------------------------------------------------------------------------
# Cloud and registry credentials in more places.

def more_cloud():
    put("services/exporter/src/main/java/io/acme/exporter/Oss.java", f"""
        package io.acme.exporter;

        import com.aliyun.oss.OSSClientBuilder;

        final class Oss {{
            static Object client() {{
                return new OSSClientBuilder().build("https://oss-cn-hangzhou.aliyuncs.com", "LTAI{rand(ALNUM, 20)}", "{rand(ALNUM, 30)}");{S("alibaba-access-key", "id and secret on one line")}
            }}
        }}
        """)
    put("services/exporter/config/aws.json", f"""
        {{
          "Credentials": {{
            "AccessKeyId": "{aws_key_id()}",{S("aws-access-key-id", "pair with next line")}
            "SecretAccessKey": "{aws_secret()}",{S("aws-secret-access-key", "pair")}
            "Expiration": "2024-06-11T21:00:00Z"
          }},
          "RoleArn": "arn:aws:iam::{rng.randint(10**11, 10**12)}:role/exporter",
          "ExternalId": "{uid()}"{C("uuid", "external id")}
        }}
        """)
    put("services/exporter/config/ibm.properties", f"""
        ibm.cloud.apikey={rand(ALNUM + "-_", 44)}{S("ibm-cloud-api-key")}
        ibm.cos.bucket=acme-exports
        ibm.cos.endpoint=https://s3.eu-de.cloud-object-storage.appdomain.cloud
        ibm.cos.instance=crn:v1:bluemix:public:cloud-object-storage:global:a/{hexs(32)}:{uid()}::{C("identifier", "crn")}
        """)
    put("services/exporter/config/cosmos.json", f"""
        {{
          "Cosmos": {{
            "ConnectionString": "AccountEndpoint=https://acme-exports.documents.azure.com:443/;AccountKey={azure_storage_key()};"{S("azure-cosmos-connection-string")}
          }},
          "EventHub": {{
            "ConnectionString": "Endpoint=sb://acme-exports.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey={b64(rbytes(32))};EntityPath=exports"{S("azure-eventhub-connection-string")}
          }},
          "Storage": {{
            "AccountName": "acmeexports",
            "AccountKey": "{azure_storage_key()}"{S("azure-storage-key", "json AccountKey")}
          }}
        }}
        """)
    put("services/exporter/config/google.yaml", f"""
        oauth:
          client_id: {rng.randint(10**11, 10**12)}-{rand(LOWER + DIGITS, 32)}.apps.googleusercontent.com{C("identifier", "google oauth client id")}
          client_secret: GOCSPX-{rand(ALNUM + "-_", 28)}{S("gcp-oauth-client-secret")}
        maps:
          server_key: {gcp_api_key()}{S("gcp-api-key")}
        bigquery:
          dataset: exports
          project: acme-analytics-prod
        """)
    put("services/exporter/.yarnrc.yml", f"""
        nodeLinker: node-modules
        npmScopes:
          acme:
            npmRegistryServer: "https://npm.acme.internal"
            npmAuthToken: "{crc_token("npm_")}"{S("npm-token")}
        npmAuthToken: "${{NPM_TOKEN:-}}"{C("env-reference")}
        """)
    put("services/exporter/.npmrc.broken", f"""
        //registry.npmjs.org/:_authToken={crc_token_broken("npm_")}{C("broken-checksum", "npm_ with wrong CRC32")}
        """)
    put("services/exporter/pnpm-lock.yaml", "\n".join([
        "lockfileVersion: '9.0'", "", "packages:", ""]
        + [line for p in ("axios@1.7.2", "zod@3.23.8", "yaml@2.4.5") for line in (
            f"  {p}:", f"    resolution: {{integrity: {sri512()}}}" + C("lockfile-integrity"), "")]), dedent=False)
    put("services/exporter/Cargo.lock", "\n".join(
        ["version = 3", ""] + [line for name, v in (("serde", "1.0.203"), ("tokio", "1.38.0"), ("ring", "0.17.8")) for line in (
            "[[package]]", f'name = "{name}"', f'version = "{v}"',
            'source = "registry+https://github.com/rust-lang/crates.io-index"',
            f'checksum = "{sha256()}"' + C("lockfile-hash", "Cargo.lock checksum"), "")]), dedent=False)
    put("services/exporter/poetry.lock", "\n".join(
        ["[[package]]", 'name = "requests"', 'version = "2.32.3"', "files = ["]
        + [f'    {{file = "requests-2.32.3-{t}", hash = "sha256:{sha256()}"}},' + C("lockfile-hash", "poetry hash") for t in ("py3-none-any.whl", "tar.gz")]
        + ["]", "", "[metadata]", f'content-hash = "{sha256()}"' + C("lockfile-hash"), ""]), dedent=False)
    put("services/exporter/Pipfile.lock", f"""
        {{
            "_meta": {{"hash": {{"sha256": "{sha256()}"}}}},{C("lockfile-hash")}
            "default": {{
                "boto3": {{"hashes": ["sha256:{sha256()}"], "version": "==1.34.120"}}{C("lockfile-hash")}
            }}
        }}
        """)
    put("infra/terraform/terraform.tfstate", f"""
        {{
          "version": 4,
          "terraform_version": "1.8.5",
          "serial": 42,
          "lineage": "{uid()}",{C("uuid", "state lineage")}
          "resources": [
            {{
              "type": "aws_db_instance",
              "name": "orders",
              "instances": [
                {{
                  "attributes": {{
                    "id": "db-{rand(UPPER + DIGITS, 26)}",{C("identifier", "resource id")}
                    "password": "{password(26).replace('"', "")}",{S("generic-assignment", "password in tfstate")}
                    "username": "orders_admin"
                  }}
                }}
              ]
            }},
            {{
              "type": "aws_iam_access_key",
              "name": "ci",
              "instances": [{{"attributes": {{"id": "{aws_key_id()}", "secret": "{aws_secret()}", "status": "Active"}}}}]{S("aws-key-pair", "iam access key in tfstate")}
            }}
          ]
        }}
        """)
    put("infra/vault/policy-bootstrap.hcl", f"""
        # Bootstrap token for the CI role; rotate monthly.
        token = "hvs.{rand(ALNUM + "_-", 92)}"{S("vault-token")}
        batch_token = "hvb.{rand(ALNUM + "_-", 130)}"{S("vault-batch-token")}
        path "secret/data/ci/*" {{
          capabilities = ["read"]
        }}
        """)
    put("infra/doppler.yaml", f"""
        setup:
          - project: billing
            config: prd
        # personal token of the on-call engineer, used by scripts/oncall.sh
        token: dp.pt.{rand(ALNUM, 43)}{S("doppler-token", "personal token")}
        """)
    put("infra/bitbucket-pipelines.yml", f"""
        pipelines:
          default:
            - step:
                script:
                  - git push https://acme-bot:ATBB{rand(ALNUM, 28)}{hexs(8).upper()}@bitbucket.org/acme/mirror.git{S("bitbucket-app-password")}
                  - pipe: atlassian/aws-s3-deploy:1.1.0
                    variables:
                      AWS_ACCESS_KEY_ID: $AWS_ACCESS_KEY_ID{C("env-reference")}
                      AWS_SECRET_ACCESS_KEY: $AWS_SECRET_ACCESS_KEY{C("env-reference")}
        """)
    put("infra/gitlab/trigger.sh", f"""
        #!/bin/sh
        curl -X POST -F token=glptt-{api_hex(40)} -F ref=main https://gitlab.acme.internal/api/v4/projects/42/trigger/pipeline{S("gitlab-trigger-token")}
        curl -X POST -F token="$TRIGGER_TOKEN" -F ref=main https://gitlab.acme.internal/api/v4/projects/43/trigger/pipeline{C("env-reference")}
        """)
    put("infra/digitalocean/doctl-config.yaml", f"""
        access-token: dop_v1_{api_hex(64)}{S("digitalocean-token")}
        auth-contexts:
          staging: dop_v1_{api_hex(20)}{C("truncated-token", "dop_v1_ too short")}
        context: default
        """)
    put("infra/vercel.env", f"""
        VERCEL_TOKEN={rand(ALNUM, 24)}{S("generic-assignment", "vercel token")}
        VERCEL_ORG_ID=team_{rand(ALNUM, 24)}{C("identifier")}
        VERCEL_PROJECT_ID=prj_{rand(ALNUM, 28)}{C("identifier")}
        """)


# ---------------------------------------------------------------------------------------------
# Generic credentials: URLs, headers, connection strings, assignments, keys in many formats.

def generic_credentials():
    d = "services/catalog"
    put(f"{d}/config/connections.yaml", f"""
        databases:
          primary: postgresql://catalog:{url_password()}@catalog-db.internal:5432/catalog?sslmode=require{S("password-in-url", "postgresql")}
          analytics: mysql://analyst:{url_password()}@analytics.internal:3306/warehouse{S("password-in-url", "mysql")}
          documents: mongodb+srv://catalog-app:{url_password()}@cluster0.{rand(LOWER + DIGITS, 5)}.mongodb.net/catalog?retryWrites=true{S("password-in-url", "mongodb+srv")}
          cache: redis://:{url_password()}@cache.internal:6379/2{S("password-in-url", "redis, empty user")}
          search: https://elastic:{url_password()}@search.internal:9200{S("password-in-url", "https basic in url")}
          queue: amqp://catalog:{url_password()}@rabbit.internal:5672/catalog{S("password-in-url", "amqp")}
          mail: smtp://mailer:{url_password()}@smtp.internal:587{S("password-in-url", "smtp")}
          files: ftp://uploader:{url_password()}@ftp.partner.net/incoming{S("password-in-url", "ftp")}
          directory: ldaps://cn=reader,dc=acme,dc=io:{url_password()}@ldap.internal:636{S("password-in-url", "ldap bind in url")}
          legacy: postgresql://catalog@legacy-db.internal:5432/catalog{C("url-without-password")}
          replica: postgresql://catalog:${{REPLICA_PASSWORD}}@replica.internal:5432/catalog{C("env-reference", "in url")}
          local: postgresql://catalog:password@localhost:5432/catalog{C("placeholder", "the word password")}
          ssh: ssh://git@github.com/acme/catalog.git{C("url-without-password", "ssh user only")}
          mirror: https://mirror.acme.io/@scope/pkg{C("url-without-password", "@ in path")}
        """)
    put(f"{d}/src/clients.py", f"""
        import requests
        from elasticsearch import Elasticsearch

        es = Elasticsearch("https://search.internal:9200", basic_auth=("catalog", "{password(22).replace('"', "")}")){S("generic-assignment", "basic_auth tuple")}
        session = requests.Session()
        session.headers["Authorization"] = "Basic {b64(("catalog-sync:" + url_password(26)).encode())}"{S("basic-auth-header")}
        session.headers["X-Api-Key"] = "{rand(ALNUM, 36)}"{S("generic-assignment", "X-Api-Key header literal")}
        session.headers["X-Request-Id"] = "{uid()}"{C("uuid")}
        session.auth = ("catalog", os.environ["CATALOG_PASSWORD"]){C("env-reference")}
        BEARER = "Bearer {jwt()}"{S("jwt", "bearer constant")}
        """)
    put(f"{d}/src/clients.http", f"""
        ### list products (staging)
        GET https://catalog.staging.acme.io/v1/products
        Authorization: Bearer {jwt()}{S("jwt", ".http request file")}

        ### list products (variable)
        GET https://catalog.staging.acme.io/v1/products
        Authorization: Bearer {{{{token}}}}{C("template-reference")}

        ### admin
        GET https://catalog.staging.acme.io/admin
        Authorization: Basic {b64(("admin:" + url_password(20)).encode())}{S("basic-auth-header", ".http file")}
        """)
    put(f"{d}/postman/catalog.postman_collection.json", f"""
        {{
          "info": {{"_postman_id": "{uid()}", "name": "catalog"}},{C("uuid")}
          "auth": {{"type": "bearer", "bearer": [{{"key": "token", "value": "{rand(ALNUM, 40)}", "type": "string"}}]}},{S("generic-assignment", "postman bearer token")}
          "variable": [
            {{"key": "baseUrl", "value": "https://catalog.acme.io"}},
            {{"key": "apiKey", "value": "{{{{apiKey}}}}"}}{C("template-reference")}
          ]
        }}
        """)
    put(f"{d}/src/Catalog.cs", f"""
        namespace Acme.Catalog;

        public static class Db
        {{
            public const string Main = "Data Source=catalog-sql.internal;Initial Catalog=catalog;User Id=catalog;Password={password(22).replace(";", "").replace('"', "")};";{S("ado-connection-string")}
            public const string Npgsql = "Host=pg.internal;Database=catalog;Username=catalog;Password={password(22).replace(";", "").replace('"', "")}";{S("ado-connection-string", "npgsql")}
            public const string Mongo = "mongodb://catalog:{url_password()}@mongo.internal:27017";{S("password-in-url", "mongodb")}
            public const string Template = "Host=pg.internal;Database=catalog;Username=catalog;Password={{0}}";{C("placeholder", "format slot")}
        }}
        """)
    put(f"{d}/src/main/resources/db.properties", f"""
        jdbc.url=jdbc:oracle:thin:catalog/{url_password(20)}@//ora.internal:1521/CATALOG{S("jdbc-connection-string", "oracle user/password@")}
        jdbc.url.reporting=jdbc:mysql://reporting.internal:3306/catalog?user=report&password={url_password()}{S("jdbc-connection-string", "mysql")}
        jdbc.url.local=jdbc:mysql://localhost:3306/catalog?user=root&password=${{LOCAL_DB_PASSWORD}}{C("env-reference")}
        db.password={password(24)}{S("generic-assignment", "properties password")}
        db.password.hint=ask the platform team{C("prose")}
        cache.key={sha256()}{C("sha256", "cache key")}
        """)
    put(f"{d}/settings.xml", f"""
        <settings>
          <servers>
            <server>
              <id>acme-releases</id>
              <username>deployer</username>
              <password>{password(24).replace("<", "").replace("&", "")}</password>{S("generic-assignment", "maven settings.xml password")}
            </server>
            <server>
              <id>acme-snapshots</id>
              <username>deployer</username>
              <password>${{env.MAVEN_PASSWORD}}</password>{C("env-reference")}
            </server>
            <server>
              <id>encrypted</id>
              <password>{{{b64(rbytes(32))}}}</password>{C("encrypted", "maven-encrypted password")}
            </server>
          </servers>
        </settings>
        """)
    put(f"{d}/my.cnf", f"""
        [client]
        user=catalog
        password={password(20)}{S("generic-assignment", "my.cnf password")}
        host=catalog-db.internal

        [mysqldump]
        password=""{C("placeholder", "empty")}
        """)
    put(f"{d}/config/secrets.yml", f"""
        production:
          secret_key_base: {api_hex(128)}{S("generic-assignment", "rails secret_key_base")}
          stripe_secret: <%= ENV["STRIPE_SECRET"] %>{C("env-reference")}
        test:
          secret_key_base: <%= ENV.fetch("SECRET_KEY_BASE") %>{C("env-reference", "erb")}
        """)
    put(f"{d}/src/lib.rs", f"""
        //! Catalog client.

        const API_BASE: &str = "https://catalog.acme.io";
        const API_TOKEN: &str = "{rand(ALNUM, 40)}";{S("generic-assignment", "rust const token")}
        const SCHEMA_HASH: &str = "{sha256()}";{C("sha256")}

        pub fn token() -> String {{
            std::env::var("CATALOG_TOKEN").unwrap_or_else(|_| API_TOKEN.to_string()){C("env-reference")}
        }}
        """)
    put(f"{d}/ios/Config.swift", f"""
        enum Config {{
            static let apiBase = URL(string: "https://catalog.acme.io")!
            static let clientSecret = "{rand(ALNUM, 48)}"{S("generic-assignment", "swift clientSecret")}
            static let buildCommit = "{sha1()}"{C("git-sha")}
        }}
        """)
    put(f"{d}/android/local.properties", f"""
        sdk.dir=/Users/dev/Library/Android/sdk
        MAPS_API_KEY={gcp_api_key()}{S("gcp-api-key", "android local.properties")}
        RELEASE_STORE_PASSWORD={password(20)}{S("generic-assignment", "keystore password")}
        RELEASE_KEY_ALIAS=upload
        """)
    put(f"{d}/ios/Catalog.xcodeproj/project.pbxproj", "\n".join(
        ["// !$*UTF8*$!", "{", "\tobjects = {"]
        + [f"\t\t{hexs(24).upper()} /* {n}.swift in Sources */ = {{isa = PBXBuildFile; fileRef = {hexs(24).upper()} /* {n}.swift */; }};" + C("identifier", "xcode object id")
           for n in ("Config", "AppDelegate", "CatalogView")]
        + ["\t};", "}", ""]), dedent=False)
    put(f"{d}/Catalog.sln", "\n".join([
        "Microsoft Visual Studio Solution File, Format Version 12.00",
        f'Project("{{{str(uid()).upper()}}}") = "Catalog", "Catalog\\Catalog.csproj", "{{{str(uid()).upper()}}}"' + C("uuid", "project guids"),
        "EndProject",
        "Global",
        f"\tSolutionGuid = {{{str(uid()).upper()}}}" + C("uuid"),
        "EndGlobal", ""]), dedent=False)
    put(f"{d}/web/index.html", f"""
        <!doctype html>
        <html>
        <head>
          <script src="https://cdn.jsdelivr.net/npm/htmx.org@1.9.12" integrity="sha384-{b64(rbytes(48))}" crossorigin="anonymous"></script>{C("lockfile-integrity", "script SRI")}
          <script nonce="{b64(rbytes(16))}">window.CATALOG_API = "/api";</script>{C("base64", "CSP nonce")}
          <meta name="csrf-token" content="{b64(rbytes(32))}">{C("base64", "rendered csrf token in a static page template")}
          <link rel="icon" href="{png_data_uri(120)}">{C("data-uri")}
        </head>
        <body>
          <form method="post"><input type="password" name="password" placeholder="Password"></form>{C("prose", "password input")}
        </body>
        </html>
        """)
    put(f"{d}/web/locales/en.json", f"""
        {{
          "login.password": "Password",{C("prose")}
          "login.forgotPassword": "Forgot your password?",{C("prose")}
          "settings.apiToken": "API token",{C("prose")}
          "settings.apiTokenHelp": "Tokens are shown once. Store yours in a password manager.",{C("prose")}
          "errors.invalidToken": "This token has expired or was revoked."{C("prose")}
        }}
        """)
    put(f"{d}/src/validators.ts", f"""
        export const PASSWORD_MIN_LENGTH = 12;
        export const TOKEN_PATTERNS = {{
          github: /^gh[pousr]_[A-Za-z0-9]{{36}}$/,{C("truncated-token", "regex")}
          stripe: /^sk_live_[A-Za-z0-9]{{24,}}$/,{C("truncated-token", "regex")}
        }};
        export function isStrongPassword(password: string): boolean {{{C("prose", "parameter named password")}
          return password.length >= PASSWORD_MIN_LENGTH;
        }}
        export const passwordPolicyId = "{uid()}";{C("uuid", "uuid next to the word password")}
        """)


def more_keys_and_tokens():
    d = "services/signer"
    k = pem("EC PRIVATE KEY", der_ec())
    put(f"{d}/src/keys.go", "\n".join(
        ["package signer", "", "// devKey signs local builds; it is loaded unless SIGNER_KEY is set.",
         "const devKey = `" + k[0] + S("private-key-ec", "go raw string")] + k[1:]
        + ["`", "", 'const devKeyID = "' + hexs(16) + '"' + C("identifier", "key id"), ""]), dedent=False)
    k = pem("PRIVATE KEY", der_ed25519_pkcs8())
    put(f"{d}/config/signer.json", json.dumps({"kid": uid(), "alg": "EdDSA", "private_key": "\n".join(k) + "\n",
                                                "public_key_sha256": sha256()}, indent=2) + "\n", dedent=False)
    text = FILES.pop(f"{d}/config/signer.json")
    out = []
    for line in text.split("\n"):
        if '"private_key"' in line:
            line += S("private-key-pkcs8", "escaped PEM in JSON")
        elif '"public_key_sha256"' in line:
            line += C("sha256")
        elif '"kid"' in line:
            line += C("uuid")
        out.append(line)
    put(f"{d}/config/signer.json", "\n".join(out), dedent=False)
    k = pem("RSA PRIVATE KEY", der_rsa_pkcs1())
    put(f"{d}/.env.staging", "\n".join([
        "SIGNER_MODE=rsa",
        'SIGNER_PRIVATE_KEY="' + "\\n".join(k) + '\\n"' + S("private-key-rsa", "PEM on one line with \\n escapes"),
        f"SIGNER_KEY_FINGERPRINT=SHA256:{b64(rbytes(32)).rstrip('=')}" + C("sha256", "ssh fingerprint"),
        f"SIGNER_JWT={jwt()}" + S("jwt"),
        "SIGNER_PASSPHRASE=" + password(24) + S("generic-assignment", "passphrase"),
        ""]), dedent=False)
    k = pem("OPENSSH PRIVATE KEY", lines=openssh_key_lines())
    put(f"{d}/ansible/roles/deploy/vars/main.yml", "\n".join(
        ["deploy_user: deploy", "deploy_ssh_key: |", "  " + k[0] + S("private-key-openssh", "yaml block scalar")]
        + ["  " + l for l in k[1:]] + [f"deploy_known_host: \"{ssh_ed_pub('').strip()}\"" + C("public-key"), ""]), dedent=False)
    k = pgp_private_lines()
    put(f"{d}/release/signing-key.txt", "\n".join(
        ["Release signing key (ops only):", "", k[0] + S("private-key-pgp", "pasted in a text file")] + k[1:] + [""]), dedent=False)
    put(f"{d}/docs/keys.md", "\n".join([
        "# Signing keys", "",
        "Public key for verifying releases:", "", "```",
        *[l + (C("public-key", "PEM public key in docs") if i == 0 else "") for i, l in enumerate(pem("PUBLIC KEY", bytes.fromhex("302a300506032b6570032100") + rbytes(32)))],
        "```", "",
        "The private half never leaves the HSM; its PEM header is `-----BEGIN PRIVATE KEY-----`." + C("truncated-token", "header named in prose"),
        "", "Fingerprint: `SHA256:" + b64(rbytes(32)).rstrip("=") + "`" + C("sha256"), ""]), dedent=False)
    # Tokens in many small config files.
    put("services/signer/tox.ini", f"""
        [tox]
        envlist = py312

        [testenv]
        setenv =
            SIGNER_API_KEY = {rand(ALNUM, 32)}{S("generic-assignment", "ini setenv")}
            SIGNER_MODE = test
        passenv = SIGNER_TOKEN{C("env-reference", "passenv")}
        """)
    put("services/signer/pyproject.toml", f"""
        [project]
        name = "acme-signer"
        version = "1.4.0"

        [tool.signer]
        upload_token = "{pypi_token()}"{S("pypi-token", "in pyproject")}
        cache_digest = "{sha256()}"{C("sha256")}
        """)
    put("services/signer/config.ini", f"""
        [server]
        port = 8080

        [auth]
        admin_password = {password(22)}{S("generic-assignment", "ini admin_password")}
        session_secret = {b64(rbytes(32))}{S("generic-assignment", "ini session_secret")}
        password_reset_ttl = 3600{C("prose", "number next to password")}
        token_header = X-Signer-Token{C("prose", "header name")}
        """)
    put("services/signer/src/main.go", f"""
        package main

        import (
        \t"log"
        \t"os"
        )

        var (
        \tgithubToken = "{crc_token("ghp_")}"{S("github-pat-classic")}
        \tgitlabToken = "{glpat()}"{S("gitlab-pat")}
        \tstripeKey   = os.Getenv("STRIPE_KEY"){C("env-reference")}
        \tbuildSHA    = "{sha1()}"{C("git-sha")}
        \tbrokenToken = "{crc_token_broken("gho_")}"{C("broken-checksum", "gho_ with wrong CRC32")}
        )

        func main() {{ log.Println("signer", buildSHA) }}
        """)
    put("services/signer/test/fixtures/tokens.json", f"""
        {{
          "valid_format_but_revoked": "{crc_token("ghp_")}",{S("github-pat-classic", "a real-format token in a fixture is still reported")}
          "checksum_mismatch": "{crc_token_broken("ghp_")}",{C("broken-checksum")}
          "too_short": "ghp_{rand(ALNUM, 30)}",{C("truncated-token", "no checksum part")}
          "wrong_prefix": "ghx_{rand(ALNUM, 36)}",{C("truncated-token", "not a GitHub prefix")}
          "uuid": "{uid()}",{C("uuid")}
          "sha": "{sha1()}"{C("git-sha")}
        }}
        """)


# ---------------------------------------------------------------------------------------------
# More services with the usual mix: dotenv files, app config, CI and manifests.

def more_services():
    put("services/search/.env.local", f"""
        ALGOLIA_APP_ID={rand(UPPER + DIGITS, 10)}
        ALGOLIA_ADMIN_API_KEY={api_hex(32)}{S("algolia-admin-key")}
        ELASTIC_PASSWORD={password(24)}{S("generic-assignment", "dotenv password")}
        OPENSEARCH_URL=https://admin:{url_password()}@search-acme.eu-west-1.es.amazonaws.com{S("password-in-url")}
        COHERE_API_KEY={rand(ALNUM, 40)}{S("cohere-api-key")}
        SEARCH_INDEX_VERSION={sha1()[:8]}{C("git-sha", "short sha")}
        """)
    put("services/auth/.env", f"""
        JWT_SECRET={b64(rbytes(48))}{S("generic-assignment", "dotenv JWT_SECRET")}
        SESSION_SECRET={rand(ALNUM, 64)}{S("generic-assignment", "dotenv SESSION_SECRET")}
        GOOGLE_CLIENT_ID={rng.randint(10**11, 10**12)}-{rand(LOWER + DIGITS, 32)}.apps.googleusercontent.com{C("identifier")}
        GOOGLE_CLIENT_SECRET=GOCSPX-{rand(ALNUM + "-_", 28)}{S("gcp-oauth-client-secret")}
        GITHUB_CLIENT_SECRET={api_hex(40)}{S("generic-assignment", "GitHub OAuth app client secret")}
        GITHUB_APP_PRIVATE_KEY_PATH=/run/secrets/github-app.pem{C("prose", "path to a key file")}
        GITHUB_USER_TOKEN={crc_token("ghu_")}{S("github-user-to-server-token")}
        GITHUB_REFRESH_TOKEN=ghr_{rand(ALNUM, 76)}{S("github-refresh-token")}
        OKTA_CLIENT_SECRET={rand(B64URL, 40)}{S("generic-assignment", "okta client secret")}
        REDIS_PASSWORD={password(28)}{S("generic-assignment")}
        """)
    put("services/auth/src/config/index.js", f"""
        module.exports = {{
          port: process.env.PORT || 3000,
          jwt: {{
            secret: "{rand(ALNUM, 48)}",{S("generic-assignment", "jwt.secret in js")}
            expiresIn: "1h",
          }},
          cookie: {{ secret: process.env.COOKIE_SECRET }},{C("env-reference")}
          mongo: "mongodb://auth:{url_password()}@mongo-0.mongo.auth.svc:27017/auth?replicaSet=rs0",{S("password-in-url")}
          sendgrid: {{ apiKey: "{sendgrid()}" }},{S("sendgrid-api-key")}
          smtp: {{ user: "apikey", pass: "{sendgrid()}" }},{S("sendgrid-api-key", "as smtp pass")}
        }};
        """)
    put("services/auth/k8s/configmap.yaml", f"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: auth-config
        data:
          LOG_LEVEL: info
          OIDC_ISSUER: https://acme.okta.com/oauth2/default
          OIDC_CLIENT_SECRET: "{rand(B64URL, 40)}"{S("generic-assignment", "secret in a ConfigMap")}
          SLACK_WEBHOOK: "{slack_webhook()}"{S("slack-webhook")}
          FEATURE_FLAGS_SDK_KEY: "sdk-{uid()}"{S("generic-assignment", "server-side sdk key")}
          BUILD_SHA: "{sha1()}"{C("git-sha")}
        """)
    put("services/auth/docker-compose.override.yml", f"""
        services:
          auth:
            environment:
              - STRIPE_API_KEY={stripe()}{S("stripe-secret-key")}
              - AWS_ACCESS_KEY_ID={aws_key_id()}{S("aws-access-key-id", "pair with next line")}
              - AWS_SECRET_ACCESS_KEY={aws_secret()}{S("aws-secret-access-key", "pair")}
              - SENTRY_DSN=${{SENTRY_DSN}}{C("env-reference")}
        """)
    put("services/media/app/storage.rb", f"""
        Aws.config.update(
          region: "eu-west-1",
          credentials: Aws::Credentials.new("{aws_key_id()}", "{aws_secret()}"){S("aws-key-pair", "ruby Credentials.new")}
        )
        CLOUDINARY_URL = "cloudinary://{rng.randint(10**14, 10**15)}:{rand(ALNUM + "-_", 27)}@acme"{S("password-in-url", "cloudinary url")}
        THUMBOR_KEY = "{rand(ALNUM, 32)}"{S("generic-assignment", "thumbor signing key")}
        ETAG_SALT = ENV.fetch("ETAG_SALT", ""){C("env-reference")}
        """)
    put("services/media/config/storage.yml", f"""
        amazon:
          service: S3
          access_key_id: {aws_key_id()}{S("aws-access-key-id", "pair with next line")}
          secret_access_key: {aws_secret()}{S("aws-secret-access-key", "pair")}
          region: eu-west-1
          bucket: acme-media
        google:
          service: GCS
          credentials: <%= Rails.root.join("config/gcs.json") %>{C("env-reference", "erb")}
          project: acme-media
        azure:
          service: AzureStorage
          storage_account_name: acmemedia
          storage_access_key: {azure_storage_key()}{S("azure-storage-key")}
          container: media
        """)
    put("services/media/scripts/sync.sh", f"""
        #!/usr/bin/env bash
        # nightly media sync
        AZCOPY_SAS="?sv=2023-01-03&ss=bf&srt=sco&sp=rl&se=2025-12-31T23:59:59Z&spr=https&sig={azure_sas_sig()}"{S("azure-sas")}
        azcopy sync /srv/media "https://acmemedia.blob.core.windows.net/media${{AZCOPY_SAS}}"
        rclone sync /srv/media b2:acme-media --b2-account {rand(LOWER + DIGITS, 25)} --b2-key K00{rand(ALNUM, 28)}{S("generic-assignment", "backblaze key on command line")}
        aws s3 sync /srv/media s3://acme-media --sse aws:kms --sse-kms-key-id {uid()}{C("uuid", "kms key id")}
        """)
    put("services/media/Dockerfile", f"""
        FROM ruby:3.3-slim
        ENV BUNDLE_GITHUB__COM=x-access-token:{crc_token("ghp_")}{S("github-pat-classic", "bundler credentials env")}
        ENV BUNDLE_GEMS__ACME__IO=ci:{url_password(24)}{S("generic-assignment", "bundler source credentials")}
        ENV RAILS_ENV=production
        ARG RAILS_MASTER_KEY{C("placeholder", "ARG without value")}
        RUN bundle install --jobs 4
        """)
    put(".github/workflows/nightly.yml", f"""
        name: nightly
        on:
          schedule: [{{cron: "0 3 * * *"}}]
        jobs:
          report:
            runs-on: ubuntu-latest
            env:
              GH_TOKEN: {crc_token("ghp_")}{S("github-pat-classic", "hard-coded in workflow env")}
              OPENAI_API_KEY: {openai()}{S("openai-api-key")}
              DATADOG_API_KEY: ${{{{ secrets.DATADOG_API_KEY }}}}{C("template-reference")}
            steps:
              - uses: actions/checkout@v4
              - run: ./scripts/report.sh --webhook {discord_webhook()}{S("discord-webhook")}
        """)
    put("services/ml/train.py", f"""
        import os
        import wandb
        from huggingface_hub import login

        login(token="{huggingface()}"){S("huggingface-token")}
        os.environ["WANDB_API_KEY"] = "{api_hex(40)}"{S("generic-assignment", "wandb key via os.environ assignment")}
        os.environ["HF_HUB_ENABLE_HF_TRANSFER"] = "1"
        client = anthropic.Anthropic(api_key="{anthropic()}"){S("anthropic-api-key")}
        DATASET_REVISION = "{sha1()}"{C("git-sha")}
        """)
    put("services/ml/configs/train.yaml", f"""
        model: acme/catalog-embedder
        revision: {sha1()}{C("git-sha")}
        hub_token: {huggingface()}{S("huggingface-token")}
        s3:
          endpoint: https://minio.ml.internal
          access_key: minio-trainer
          secret_key: {rand(ALNUM, 40)}{S("generic-assignment", "minio secret_key")}
        seed: 1234
        """)
    put("services/ml/notes.txt", f"""
        training run 2024-06-02
        - dataset sha256 {sha256()}{C("sha256")}
        - run id {uid()}{C("uuid")}
        - wandb url https://wandb.ai/acme/catalog/runs/{rand(LOWER + DIGITS, 8)}
        - temp key for the eval box: sk-ant-api03-{rand(B64URL, 93)}AA{S("anthropic-api-key", "in notes")}
        """)


def admin_tools():
    put("apps/admin/.env.production", f"""
        NODE_ENV=production
        ADMIN_DATABASE_URL=postgres://admin_app:{url_password()}@admin-db.internal:5432/admin{S("password-in-url")}
        ADMIN_SESSION_KEY={b64(rbytes(32))}{S("generic-assignment")}
        ADMIN_GITHUB_TOKEN={github_fine_grained()}{S("github-fine-grained-pat")}
        ADMIN_SLACK_TOKEN={slack_bot()}{S("slack-bot-token")}
        ADMIN_STRIPE_KEY={stripe("rk_live_")}{S("stripe-restricted-key")}
        ADMIN_NPM_TOKEN={crc_token("npm_")}{S("npm-token")}
        ADMIN_GITLAB_TOKEN={glpat()}{S("gitlab-pat")}
        ADMIN_SHOPIFY_TOKEN=shpat_{api_hex(32)}{S("shopify-access-token")}
        ADMIN_HF_TOKEN={huggingface()}{S("huggingface-token")}
        ADMIN_RELEASE={sha1()}{C("git-sha")}
        """)
    put("apps/admin/src/server/integrations.ts", f"""
        export const integrations = {{
          pagerduty: {{ token: "{rand(ALNUM + "-_+", 20)}" }},{S("generic-assignment", "pagerduty api token")}
          linear: {{ apiKey: "lin_api_{rand(ALNUM, 40)}" }},{S("linear-api-key")}
          notion: {{ token: "ntn_{rng.randint(10**10, 10**11)}{rand(ALNUM, 35)}" }},{S("notion-token", "ntn_ format")}
          newRelic: {{ licenseKey: "{api_hex(36)}NRAL" }},{S("newrelic-license-key")}
          grafana: {{ token: "glsa_{rand(ALNUM, 32)}_{api_hex(8)}" }},{S("grafana-service-account-token")}
          mailchimp: {{ apiKey: "{api_hex(32)}-us{rng.randint(1, 21)}" }},{S("mailchimp-api-key")}
          sentry: {{ authToken: "sntryu_{api_hex(64)}" }},{S("sentry-user-token")}
          datadog: {{ apiKey: process.env.DD_API_KEY }},{C("env-reference")}
        }};
        """)
    put("apps/admin/deploy/values-prod.yaml", f"""
        admin:
          replicas: 2
          image:
            digest: sha256:{sha256()}{C("sha256")}
          env:
            DATABASE_PASSWORD: {password(24)}{S("generic-assignment", "helm values")}
            VAULT_TOKEN: hvs.{rand(ALNUM + "_-", 92)}{S("vault-token")}
            DOCKERHUB_TOKEN: dckr_pat_{rand(ALNUM + "-_", 27)}{S("dockerhub-pat")}
            PULUMI_ACCESS_TOKEN: pul-{api_hex(40)}{S("pulumi-token")}
            TF_TOKEN_app_terraform_io: {rand(ALNUM, 14)}.atlasv1.{rand(ALNUM, 67)}{S("terraform-cloud-token")}
            DIGITALOCEAN_TOKEN: dop_v1_{api_hex(64)}{S("digitalocean-token")}
          podAnnotations:
            vault.hashicorp.com/agent-inject-secret-db: "secret/data/admin/db"{C("prose", "vault path")}
        """)
    k = pem("EC PRIVATE KEY", der_ec())
    put("apps/admin/certs/admin-client.key", "\n".join([k[0] + S("private-key-ec", "key file")] + k[1:]) + "\n", dedent=False)
    k = pem("RSA PRIVATE KEY", der_rsa_pkcs1())
    put("apps/admin/src/Saml.java", "\n".join([
        "package io.acme.admin;", "", "final class Saml {",
        '    static final String SP_KEY = "' + k[0] + '\\n"' + S("private-key-rsa", "java string concatenation")]
        + ['        + "' + l + '\\n"' for l in k[1:]] + ["        ;", "}", ""]), dedent=False)
    k = pem("PRIVATE KEY", der_pkcs8_rsa())
    put("apps/admin/src/Jwt.cs", "\n".join([
        "namespace Acme.Admin;", "", "static class JwtKeys", "{",
        '    public const string Signing = @"' + k[0] + S("private-key-pkcs8", "C# verbatim string")] + k[1:] + ['";', "}", ""]), dedent=False)


# ---------------------------------------------------------------------------------------------

GROUPS = [python_service, web_app, go_service, java_service, ruby_php, dotnet, kubernetes, compose,
          terraform, ci, dockerfiles, shell, key_files, cloud_credential_files, docs, logs, data_files,
          integrations, more_cloud, generic_credentials, more_keys_and_tokens,
          more_services, admin_tools]


def main():
    for group in GROUPS:
        group()
    if OUT.exists():
        shutil.rmtree(OUT)
    for path, text in FILES.items():
        target = OUT / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text if text.endswith("\n") else text + "\n")
    LABELS.sort(key=lambda r: (r[0], r[1]))
    seen = set()
    with open(OUT / "labels.tsv", "w") as f:
        f.write("path\tline\tlabel\tkind\tnote\n")
        for path, line, label, kind, note in LABELS:
            assert (path, line) not in seen, (path, line)
            seen.add((path, line))
            f.write(f"{path}\t{line}\t{label}\t{kind}\t{note}\n")
    secret = sum(1 for r in LABELS if r[2] == "secret")
    print(f"{len(FILES)} files, {len(LABELS)} cases: {secret} secret, {len(LABELS) - secret} clean "
          f"({100 * secret / len(LABELS):.0f}% secret)")


if __name__ == "__main__":
    main()
