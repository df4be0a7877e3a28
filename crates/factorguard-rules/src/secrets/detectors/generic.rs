//! Secret detectors: generic credentials (FG2001-FG2029), whatever the provider.
//!
//! These formats carry no provider prefix, so each detector pairs its pattern with a value check:
//! key bodies must decode, JWT headers must be JSON naming an `alg`, passwords must not be a
//! placeholder or a well-known default, assigned values must look generated (length, entropy,
//! mixed characters, not an identifier, path, UUID, hash or image). Ids run from the most
//! specific format to the loosest, which the engine uses to settle overlaps between them.

use crate::detector;
use crate::secrets::detector::{shannon_entropy, Detector};
use crate::values::decode_base64;
use std::sync::LazyLock;

pub static DETECTORS: &[Detector] = &[
    detector! {
        id: "FG2001",
        slug: "private-key-embedded",
        title: "Private key (PEM) embedded in a file",
        provider: "generic",
        severity: Critical,
        keywords: ["PRIVATE KEY-----"],
        pattern: r#"-----BEGIN (?:RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY-----(?:\\[rn]|[\r\n\t "',+])+(?:(?:Proc-Type|DEK-Info):[^\r\n\\]*(?:\\[rn]|[\r\n\t "',+])+)*(?P<secret>[A-Za-z0-9+/](?:[A-Za-z0-9+/=\r\n\t "',]|\\[rn])*?)(?:\\[rn]|[\r\n\t "',+])*-----END (?:RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY-----"#,
        validate: Some(pem_key_body),
        min_entropy: 4.5,
        what: "a PEM private key (PKCS#1 RSA, SEC1 EC, DSA, PKCS#8 plain or encrypted) pasted into \
               source code, JSON, YAML or any other file, including keys written on one line with \
               `\\n` escapes. A file that is nothing but the key is reported by FG1001 instead",
        rotate: "Treat the key as compromised: revoke it where it is trusted (certificate authority, \
                 `authorized_keys`, the service's key settings), issue a new key pair, and deploy the \
                 new key from a secret store.",
        example: "TLS_KEY = \"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC...\\n-----END PRIVATE KEY-----\"",
        fixed: "TLS_KEY = Path(os.environ[\"TLS_KEY_FILE\"]).read_text()",
        fires: [
            r#"{
  "listen": "0.0.0.0:8443",
  "tls": {
    "cert_file": "/etc/billing/tls.crt",
    "key": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKfY6gJQc48+8QmFZS6resP5H0zxn3PX\nwA3enObZosFP3aPavgsGnkjquaeQLZ4VPUZvqvxTxz1eX7JEwJfJUwTPwMFTo526\ncGR2HrRxJjpqcDKYcAyc6ezgvKX8Mk19Eh8eiaxn5LDW6okvlMxQ/P+QsqZxMneX\n60gHsgQtEvdQHf7HQNuD9l1FzmlrxBE8sD5b6Ghze8C0nA8M0cOM+x2WoCvFtTh6\n-----END PRIVATE KEY-----\n"
  }
}
"#,
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: webhook-signer\ntype: Opaque\nstringData:\n  signer.pem: |\n    -----BEGIN EC PRIVATE KEY-----\n    MHcCAQEEIL2voGaUPn3+03C9yWHt1lBwp5bLv/U0UwVSdgQf4Iu2J51Cer2pStEV\n    ZIAPJwKeTnm5719Xog+XmxZcmtfLVvuwozBDfyKpM2rlEI1jqPXTIBt8sp/AejVl\n    9df5EqP0Jjg5VDE=\n    -----END EC PRIVATE KEY-----\n",
            "# Signing key for the staging callback tests.\nSIGNING_KEY = (\n    \"-----BEGIN RSA PRIVATE KEY-----\\n\"\n    \"MIIEpAIBAAKCAQEA4BkXNVV6+NNGga+83cSb4c7hu9gdTLxpzne+XYAw5RZGkleE\\n\"\n    \"XG8m3qOIG5AWDFWAhzcCzjtdDtzzpkEDmE825nHeflwDlvzsKM4PWhiRp1XDoxSH\\n\"\n    \"CuuG+VkZgtVtN6VXdiimPWMkeTgNnupiqL2l9Vpd4vwsDm383c6pLnxH38PO1w9A\\n\"\n    \"-----END RSA PRIVATE KEY-----\\n\"\n)\n",
        ],
        clean: [
            "PUBLIC_KEY = \"\"\"-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE4BkXNVV6+NNGga+83cSb4c7hu9gd\nTLxpzne+XYAw5RZGkleEXG8m3qOIG5AWDFWAhzcCzjtdDtzzpkEDmE825nHefw==\n-----END PUBLIC KEY-----\"\"\"\n",
            "## Configure TLS\nPaste your key into `tls.key`:\n\n```\n-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n```\n",
            "fn is_pkcs8(pem: &str) -> bool {\n    pem.starts_with(\"-----BEGIN PRIVATE KEY-----\")\n        && pem.trim_end().ends_with(\"-----END PRIVATE KEY-----\")\n}\n",
            "tls:\n  key: |\n    -----BEGIN PRIVATE KEY-----\n    <paste the private key here>\n    -----END PRIVATE KEY-----\n",
        ],
    },
    detector! {
        id: "FG2002",
        slug: "openssh-private-key-embedded",
        title: "OpenSSH private key embedded in a file",
        provider: "generic",
        severity: Critical,
        keywords: ["OPENSSH PRIVATE KEY"],
        pattern: r#"-----BEGIN OPENSSH PRIVATE KEY-----(?:\\[rn]|[\r\n\t "',+])+b3BlbnNzaC1rZXktdjE[A-Za-z0-9+/=]{0,100}(?:\\[rn]|[\r\n\t "',+])+(?P<secret>[A-Za-z0-9+/](?:[A-Za-z0-9+/=\r\n\t "',]|\\[rn])*?)(?:\\[rn]|[\r\n\t "',+])*-----END OPENSSH PRIVATE KEY-----"#,
        validate: Some(pem_key_body),
        min_entropy: 4.5,
        what: "an OpenSSH-format private key (`-----BEGIN OPENSSH PRIVATE KEY-----`, the default of \
               `ssh-keygen` since 7.8) embedded in a script, a CI file, a config value or code. The \
               secret is the body after its first line, which holds only the format's fixed header \
               (`openssh-key-v1`, cipher and KDF names)",
        rotate: "Remove the public half from every `authorized_keys`, deploy-key and CI setting that \
                 trusts it, generate a new pair with `ssh-keygen -t ed25519`, and give the private key \
                 to the job through the CI system's secret store.",
        example: "deploy:\n  ssh_key: |\n    -----BEGIN OPENSSH PRIVATE KEY-----\n    b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ...\n    -----END OPENSSH PRIVATE KEY-----",
        fixed: "deploy:\n  ssh_key_file: /run/secrets/deploy_key",
        fires: [
            "deploy:\n  host: app-01.internal\n  ssh_key: |\n    -----BEGIN OPENSSH PRIVATE KEY-----\n    b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n    QyNTUxOaBA6AhIr4Y/yjVNcQleKhmujaCJz0w2wMz7PbuabXLrXA8JvdQIqYPBEEtBJYhm\n    liFAKeiM5/gyTnmmw2Naw4KVhTDq+uS2YmbHlRMHXFa2rBfhWdPJ16nwO2AgAyEnaf8PBw\n    /uMyxSwm9Nd3uVjE6kJhzWtSxrqFy7LgdqEMl8aQX0ab/DH5OFR27sCPTiQK7Qdt6qWEVe\n    +DA0AEAhygfVvqKMY7SU+4b4mv/a5gylDmX45g==\n    -----END OPENSSH PRIVATE KEY-----\n",
            "#!/bin/sh\nset -eu\nmkdir -p ~/.ssh\ncat > ~/.ssh/id_ed25519 <<'EOF'\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAAB1TX9fbN7V0+WWytBql\nx+BSBOwLJA8MtaRfgMvqkVaDKq92pDgL3vrxlcekUIzzk6JtcOdW8Mv7zM5SgtOcal/H0f\n3akS9Vd6UpPx/J0mp+b2+R0JzRNm5YrpQt2nG6SZv9EKAYtnc/q0+UEjQyj7xFutPGgSi4\nsGaLASeb1MMHDXHDFrUYK85ERKG8quOZa+LGlP7RQixLV7YBxMXcUkJcitu7hLZ2yqJQ+P\nI/VuMkZXIyXyN65CvGJpU3we0q3UMyJxxMHad+E=\n-----END OPENSSH PRIVATE KEY-----\nEOF\nchmod 600 ~/.ssh/id_ed25519\n",
        ],
        clean: [
            "if line.strip() == \"-----BEGIN OPENSSH PRIVATE KEY-----\":\n    raise ValueError(\"refusing to load an unencrypted key\")\n",
            "authorized_keys:\n  - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJcK5ENGdH/MpuUl0koIi3vftUFbesq2IxY3Pt3ncnqB deploy@ci\n",
            "Generate a key, then paste it as the `DEPLOY_KEY` secret:\n\n    -----BEGIN OPENSSH PRIVATE KEY-----\n    (your key)\n    -----END OPENSSH PRIVATE KEY-----\n",
        ],
    },
    detector! {
        id: "FG2003",
        slug: "pgp-private-key-embedded",
        title: "PGP private key block embedded in a file",
        provider: "generic",
        severity: Critical,
        keywords: ["PGP PRIVATE KEY BLOCK"],
        pattern: r#"-----BEGIN PGP PRIVATE KEY BLOCK-----(?:\\[rn]|[\r\n\t ])+(?:[A-Za-z][A-Za-z-]*: [^\r\n\\]*(?:\\[rn]|[\r\n\t ])+)*(?P<secret>[A-Za-z0-9+/](?:[A-Za-z0-9+/=\r\n\t ]|\\[rn])*?)(?:(?:\\[rn]|[\r\n\t ])+=[A-Za-z0-9+/]{4})?(?:\\[rn]|[\r\n\t ])*-----END PGP PRIVATE KEY BLOCK-----"#,
        validate: Some(pgp_key_body),
        min_entropy: 4.5,
        what: "an ASCII-armored OpenPGP secret key (`-----BEGIN PGP PRIVATE KEY BLOCK-----`) whose \
               body starts with a secret-key packet, embedded in a file (release signing keys in CI \
               configs, package-signing scripts)",
        rotate: "Revoke the key (`gpg --gen-revoke`, then publish the revocation to the keyservers and \
                 wherever the public key is distributed), create a new signing key, and import it in \
                 CI from the secret store (`gpg --batch --import` of a masked secret).",
        example: "GPG_KEY: |\n  -----BEGIN PGP PRIVATE KEY BLOCK-----\n  lQHYBBxAVc6Gn/Rg0Akh79rNsV0FGA64...\n  -----END PGP PRIVATE KEY BLOCK-----",
        fixed: "- run: echo \"$GPG_PRIVATE_KEY\" | gpg --batch --import\n  env:\n    GPG_PRIVATE_KEY: ${{ secrets.GPG_PRIVATE_KEY }}",
        fires: [
            "release:\n  signing:\n    gpg_key: |\n      -----BEGIN PGP PRIVATE KEY BLOCK-----\n      Comment: release signing key 2026\n\n      lQHYBBxAVc6Gn/Rg0Akh79rNsV0FGA64xPotBu6QOxRwKkakzMp/4ziUJdjiikf/\n      dG6b59yg9fkF27WNN89A4hE6nLahjtysWma6R1tTOIYc5wSWvsxpLhVVtDDtuMIR\n      oU/ndelE4/wNw+F8FkfUhOcJ9OYhOjITIVYVdFnVZAuweIuD/JJdeqZ0ixawoZ8e\n      n87ZLvppyMtk69B7+lnDqDBKupkThs3XqJpuqxFNjOJUfKTZW60G17SHiJFsTQ64\n      mOgu0Vg0Eri/8vYwhUL+wk6M0AD8Y1CHArksvkd15ke1VzaBOKDAz940ZWAnxgcz\n      vIOYwtfOZAeqvSkbo0dhVUgS6p+SNoV1\n      =k3Tz\n      -----END PGP PRIVATE KEY BLOCK-----\n",
            "const SIGNING_KEY = `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nxVggxFQ6tNQqLSB9tLiNtfcEbXqulOpEtJC/XOL2750Ni+GhnWGztsUdIYUNEMjW\nCmLvUDeCK19NYz4uvlGmrtxyYXugl6XPI1hkM5+0X96KqSXXNq48aY36F9cyvuAV\n6xBDCuDEvSoD8JW2lwIDiXGlZpHANaPQxZJrpRYKbdboFLuAlAdoPMoI5GsYMyYr\nvQ9tMNz4ueU=\n-----END PGP PRIVATE KEY BLOCK-----`;\n\nexport async function sign(payload) {\n  return openpgp.sign({ message: payload, signingKeys: await openpgp.readPrivateKey({ armoredKey: SIGNING_KEY }) });\n}\n",
        ],
        clean: [
            "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBGXj3kQBEADJ8bH0x2r7e0b8cQ1xGmZ4YtFpB9vQ2a6Kd3pR0sT8uV1wX4yZ\n-----END PGP PUBLIC KEY BLOCK-----\n",
            "if armored.startswith(\"-----BEGIN PGP PRIVATE KEY BLOCK-----\"):\n    key = pgpy.PGPKey.from_blob(armored)\n",
            "Export it with `gpg --armor --export-secret-keys` and you get\n\n    -----BEGIN PGP PRIVATE KEY BLOCK-----\n    ...\n    -----END PGP PRIVATE KEY BLOCK-----\n",
        ],
    },
    detector! {
        id: "FG2004",
        slug: "putty-private-key-embedded",
        title: "PuTTY private key embedded in a file",
        provider: "generic",
        severity: Critical,
        keywords: ["PuTTY-User-Key-File-"],
        pattern: r#"PuTTY-User-Key-File-[23]: [^\r\n]*(?:\r?\n[^\r\n]*){0,16}?\r?\n[ \t]*Private-Lines: [0-9]+\r?\n[ \t]*(?P<secret>[A-Za-z0-9+/=]{16,}(?:\r?\n[ \t]*[A-Za-z0-9+/=]{4,})*)"#,
        validate: Some(putty_private_lines),
        min_entropy: 4.5,
        what: "a PuTTY private key (`PuTTY-User-Key-File-2:` or `-3:`) embedded in another file; \
               the secret is its `Private-Lines` section",
        rotate: "Remove the public key from every server's `authorized_keys`, generate a new key with \
                 PuTTYgen, and distribute the private key through a secret store, never the repository.",
        example: "ssh_key: |\n  PuTTY-User-Key-File-3: ssh-ed25519\n  ...\n  Private-Lines: 1\n  H0K8sbOFFRuPEPkmO/n26llcQ+KX...",
        fixed: "ssh_key_file: \"{{ lookup('env', 'DEPLOY_PPK_PATH') }}\"",
        fires: [
            "windows_jump_host:\n  user: svc-deploy\n  ppk: |\n    PuTTY-User-Key-File-3: ssh-ed25519\n    Encryption: none\n    Comment: svc-deploy@jump\n    Public-Lines: 2\n    AAAAC3NzaC1lZDI1NTE5AAAAIJcK5ENGdH/MpuUl0koIi3vftUFbesq2IxY3Pt3n\n    cnqB\n    Private-Lines: 1\n    H0K8sbOFFRuPEPkmO/n26llcQ+KXGB2G8kajVh+6gs2wb3uKmSKMiObVwga8RCrv\n    Private-MAC: 5b1e0c0a9f3d2e7c4b8a1f6e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c\n",
            "PPK = \"\"\"PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: imported-openssh-key\nPublic-Lines: 2\nAAAAC3NzaC1lZDI1NTE5AAAAIJcK5ENGdH/MpuUl0koIi3vftUFbesq2IxY3Pt3n\ncnqB\nPrivate-Lines: 3\nGJzgUYZzO9rxVFofzEraYCWmnrpeu+YB4dzsCPnC6XrngYbrg+9Q7xDwQKhBdAg5\nVzN8oQhvouMe4QQnJ9zJX07ulKMk5lV5T0ezZL6MFhZE0RfWds2zv/waM0I3Xt7s\n1ntHd/mglmTekkTzOI3INoMlVLKu8ec5mLkIK3NhCsfyAjhp\nPrivate-MAC: 0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c\n\"\"\"\n",
        ],
        clean: [
            "def is_ppk(text):\n    return text.startswith(\"PuTTY-User-Key-File-\")\n",
            "Convert the key with PuTTYgen (File > Save private key), which writes a\n`PuTTY-User-Key-File-3:` header followed by Public-Lines and Private-Lines.\n",
            "ppk: |\n  PuTTY-User-Key-File-3: ssh-ed25519\n  Encryption: none\n  Public-Lines: 2\n  AAAAC3NzaC1lZDI1NTE5AAAAIJcK5ENGdH/MpuUl0koIi3vftUFbesq2IxY3Pt3n\n  cnqB\n  Private-Lines: 1\n  <private key here>\n",
        ],
    },
    detector! {
        id: "FG2005",
        slug: "json-web-token",
        title: "JSON Web Token (JWT) hard-coded",
        provider: "generic",
        severity: High,
        keywords: ["eyJ"],
        pattern: r#"(?P<secret>eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,})"#,
        validate: Some(signed_jwt),
        min_entropy: 4.0,
        what: "a signed JSON Web Token: three base64url segments whose header decodes to a JSON \
               object naming a signing `alg` (not `none`) and whose payload is a JSON object. Service \
               tokens and long-lived API JWTs (Supabase service keys, internal service accounts) grant \
               whatever their claims say until they expire. Tokens whose payload says \
               `\"role\": \"anon\"` (Supabase and PostgREST anonymous keys) are public by design and \
               not reported",
        rotate: "Revoke the token at its issuer (or rotate the signing key so every token it signed \
                 becomes invalid) and issue a short-lived token at run time instead.",
        example: "const SERVICE_TOKEN = \"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMt...\";",
        fixed: "const SERVICE_TOKEN = process.env.SERVICE_TOKEN;",
        fires: [
            "const client = new BillingClient({\n  baseUrl: \"https://billing.acme.internal\",\n  serviceToken: \"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtYmlsbGluZyIsImlzcyI6ImF1dGguYWNtZS5pbnRlcm5hbCIsImlhdCI6MTc2NzIyNTYwMCwiZXhwIjoxNzk4NzYxNjAwLCJzY29wZSI6Imludm9pY2VzOndyaXRlIn0.EVU8hG2maXHbEdAdMGRxFcB-nlPEqQY5j_quPT5Yg9c\",\n});\n",
            "curl -s https://gateway.acme.io/v2/reports \\\n  -H 'Authorization: Bearer eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0ZjFjOWEiLCJyb2xlIjoic2VydmljZV9yb2xlIiwiaXNzIjoiYWNtZS1nYXRld2F5IiwiaWF0IjoxNzY3MjI1NjAwfQ.jSvOM_J3Q275DIOORkKF4de7H-AP4fHRM6wdeOe75Ao'\n",
        ],
        clean: [
            "// header only, used to sniff the token type\nconst JWT_HS256_HEADER = \"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9\";\n",
            "unsigned = \"eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4MSIsImlhdCI6MTc2NzIyNTYwMH0.\"\n",
            "token = \"eyJ0eXAiOiJKV1QiLCJraWQiOiJrMSJ9.eyJzdWIiOiJ4MSIsImlhdCI6MTc2NzIyNTYwMH0.Ja1PN_NTKCPBG-2a2y0cb74YKF7i2aQCu6wiVEemgMI\"\n",
            "const supabase = createClient(\"https://qwhzrmtkdpbnvcxlfgjy.supabase.co\",\n  \"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6InF3aHpybXRrZHBibnZjeGxmZ2p5Iiwicm9sZSI6ImFub24iLCJpYXQiOjE3MTIwMDAwMDAsImV4cCI6MjAyNzU3NjAwMH0.lIG8Wi2KKGI8Lhu_G0aJSJcPXKCjdmx0Lm0eR04EV0M\");\n",
            "# jwt.io's sample token\nSAMPLE = \"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c\"\n",
        ],
    },
    detector! {
        id: "FG2006",
        slug: "password-in-url",
        title: "Password in a URL",
        provider: "generic",
        severity: High,
        keywords: ["://"],
        pattern: r#"[A-Za-z][A-Za-z0-9+.-]{1,31}://[A-Za-z0-9._~%!*+-]{0,64}:(?P<secret>[^\s:/?#@"'`<>{}\[\]()$\\|,;]{3,128})@[A-Za-z0-9.-]*[A-Za-z0-9]"#,
        validate: Some(plausible_password),
        min_entropy: 3.0,
        what: "a URL of any scheme with a password in its user-info part \
               (`postgres://app:Vb7kQ2xNp9@db/app`, `amqps://`, `redis://`, `mongodb+srv://`, \
               `https://user:pass@host`), including a password with no user (`redis://:pw@cache`, \
               as Redis `requirepass` URLs are written). References (`${DB_PASSWORD}`, `{password}`), placeholders \
               (`changeme`, `password`, `****`) and well-known local defaults (`guest:guest`, \
               `postgres:postgres`) are not reported",
        rotate: "Change the password of that account on the server the URL points to, then build the \
                 URL at run time from the environment.",
        example: "DATABASE_URL: postgres://orders:Vb7kQ2xNp9LmR4tZ@db:5432/orders",
        fixed: "DATABASE_URL: postgres://orders:${ORDERS_DB_PASSWORD}@db:5432/orders",
        fires: [
            "services:\n  orders:\n    image: ghcr.io/acme/orders:1.4.2\n    environment:\n      DATABASE_URL: postgres://orders:Vb7kQ2xNp9LmR4tZ@db:5432/orders\n      LOG_LEVEL: info\n",
            "CELERY_BROKER_URL = \"amqps://worker:q8Zr2LpX7vNc4TgW@mq.acme.internal:5671/jobs\"\n",
            "cache:\n  url: redis://:wq76yg42We4DxjnGmTesM6aY0j@cache-01.acme.internal:6379/3\n",
        ],
        clean: [
            "DATABASE_URL=postgres://app:changeme@localhost:5432/app\n",
            "  rabbitmq:\n    environment:\n      AMQP_URL: amqp://guest:guest@rabbitmq:5672/\n",
            "url = f\"postgresql://{user}:{password}@{host}:{port}/{name}\"\n",
            "DATABASE_URL: postgresql://${DB_USER}:${DB_PASSWORD}@db:5432/app\n",
            "REDIS_URL=redis://:@cache:6379/0\nMONGO_URL=mongodb://root:****@mongo:27017\n",
            "REDIS_URL=redis://:${REDIS_PASSWORD}@cache:6379/0\nPROXY=http://[::1]:3128/\n",
        ],
    },
    detector! {
        id: "FG2007",
        slug: "basic-auth-header",
        title: "HTTP basic-auth credentials hard-coded",
        provider: "generic",
        severity: High,
        keywords: ["authorization"],
        pattern: r#"(?i)authorization["']?\]?[ \t]*[:=,][ \t]*["']?basic[ \t]+(?P<secret>[A-Za-z0-9+/]{6,}={0,2})"#,
        validate: Some(basic_credentials),
        min_entropy: 3.0,
        what: "an `Authorization: Basic` header whose value is base64 of `user:password` with a real \
               password, in code, HTTP files, curl commands or config. The base64 is an encoding, \
               not protection: anyone can decode it",
        rotate: "Change that account's password (or replace it with a scoped token), then build the \
                 header at run time from credentials in the environment.",
        example: "headers = {\"Authorization\": \"Basic ZGVwbG95LWJvdDpPMklkVmJUOHpi...\"}",
        fixed: "headers = {\"Authorization\": \"Basic \" + b64encode(f\"{user}:{os.environ['REPORTS_PASSWORD']}\".encode()).decode()}",
        fires: [
            "import requests\n\nresp = requests.get(\n    \"https://registry.acme.internal/v2/_catalog\",\n    headers={\"Authorization\": \"Basic ZGVwbG95LWJvdDpPMklkVmJUOHpiV2RIa0N4a1ZQMA==\"},\n    timeout=10,\n)\n",
            "### Fetch the nightly report\nGET https://reports.acme.io/api/nightly\nAuthorization: Basic c3ZjX3JlcG9ydHM6eTlXaWJGZ1FRTG5BdnhQMQ==\nAccept: application/json\n",
        ],
        clean: [
            "GET /api/items HTTP/1.1\nAuthorization: Basic dXNlcjpwYXNzd29yZA==\n",
            "// RFC 7617's example\nconst header = 'Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l';\n",
            "req.Header.Set(\"Authorization\", \"Basic \"+base64.StdEncoding.EncodeToString([]byte(user+\":\"+pass)))\n",
            "  -H \"Authorization: Basic ${BASIC_AUTH}\" \\\n",
        ],
    },
    detector! {
        id: "FG2008",
        slug: "bearer-token",
        title: "Bearer token hard-coded in a header",
        provider: "generic",
        severity: High,
        keywords: ["bearer"],
        pattern: r#"(?i)bearer[ \t]+(?P<secret>[A-Za-z0-9._~_+/-]{20,256}=*)"#,
        validate: Some(bearer_value),
        min_entropy: 3.5,
        what: "a literal bearer token after `Bearer ` in code, config, HTTP files or curl commands: \
               at least 20 characters, high entropy, letters and digits. References \
               (`Bearer ${TOKEN}`, `\"Bearer \" + token`) and placeholders are not reported",
        rotate: "Revoke the token where it was issued (the API's token or OAuth client settings) and \
                 issue a new one that the code reads from the environment.",
        example: "fetch(url, { headers: { Authorization: \"Bearer 8mQz2XvL4kPwR7nT1cYb9dHs\" } })",
        fixed: "fetch(url, { headers: { Authorization: `Bearer ${process.env.REPORTS_TOKEN}` } })",
        fires: [
            "const res = await fetch(`${API}/v1/exports`, {\n  method: \"POST\",\n  headers: { Authorization: \"Bearer zYRMhpDiseUWZi35tnY29VTEnfpA5Fjx\" },\n});\n",
            "healthcheck:\n  url: https://status.acme.io/api/checks\n  headers:\n    - \"Authorization: Bearer vHEc-yQQJzw8b4_1uAiUC0KufgJbSZmdXDDllIEG\"\n",
        ],
        clean: [
            "headers = {\"Authorization\": f\"Bearer {token}\"}\n",
            "const headers = { Authorization: `Bearer ${process.env.API_TOKEN}` };\n",
            "curl -H \"Authorization: Bearer <access-token>\" https://api.acme.io/v1/me\n",
            "Requests use bearer authentication as described in RFC 6750, with tokens from the vault.\n",
        ],
    },
    detector! {
        id: "FG2009",
        slug: "jdbc-password",
        title: "Password in a JDBC connection string",
        provider: "generic",
        severity: High,
        keywords: ["jdbc:"],
        pattern: r#"(?i)jdbc:(?:oracle:(?:thin|oci8?):[A-Za-z0-9_$#.]{1,64}/|[a-z0-9]+:[^\s"'<>]*?[;?&:,(](?:password|pwd)=)(?P<secret>[^;&\s"'<>)@]{3,128})"#,
        validate: Some(plausible_password),
        min_entropy: 3.0,
        what: "a JDBC URL carrying a `password=` (or `pwd=`) property, as SQL Server, MySQL, \
               PostgreSQL, DB2 and others accept it, or an Oracle thin/OCI URL with \
               `user/password@` before the host",
        rotate: "Change that database user's password, then pass it to the driver separately \
                 (a `Properties` object or the pool's password setting) from the environment.",
        example: "spring.datasource.url=jdbc:sqlserver://db:1433;databaseName=orders;user=svc;password=Hq7mW2xLk9Pz",
        fixed: "spring.datasource.url=jdbc:sqlserver://db:1433;databaseName=orders\nspring.datasource.password=${ORDERS_DB_PASSWORD}",
        fires: [
            "spring.datasource.url=jdbc:sqlserver://sql01.acme.internal:1433;databaseName=orders;user=svc_orders;password=Hq7mW2xLk9PzR4vN;encrypt=true\nspring.jpa.open-in-view=false\n",
            "db.url=jdbc:oracle:thin:ledger_app/nwhTA8dKmLBb0xT0rY@//ora01.acme.internal:1521/LEDGER\ndb.pool.size=10\n",
            "<Resource name=\"jdbc/reports\" auth=\"Container\" type=\"javax.sql.DataSource\"\n  url=\"jdbc:mysql://mysql.acme.internal:3306/reports?user=reporter&amp;password=tDt8zCLPYoddXA8Y&amp;useSSL=true\"/>\n",
        ],
        clean: [
            "spring.datasource.url=jdbc:postgresql://db:5432/app?user=app&password=${DB_PASSWORD}\n",
            "url: jdbc:h2:mem:testdb;DB_CLOSE_DELAY=-1;user=sa;password=\n",
            "jdbc.url=jdbc:mysql://localhost:3306/app?user=root&password=changeme\n",
            "url=jdbc:oracle:thin:@//ora01.acme.internal:1521/LEDGER\nuser=ledger_app\npassword=${LEDGER_DB_PASSWORD}\n",
            "jdbc:oracle:thin:scott/tiger@localhost:1521:orcl\n",
        ],
    },
    detector! {
        id: "FG2010",
        slug: "connection-string-password",
        title: "Password in an ADO.NET or ODBC connection string",
        provider: "generic",
        severity: High,
        keywords: ["password", "pwd="],
        pattern: r#"(?i)(?:server|data source|host|address|addr|dsn|driver)[ \t]*=[^;"'\r\n]{1,256};(?:[^;"'\r\n]*;){0,16}?[ \t]*(?:password|pwd)[ \t]*=[ \t]*(?P<secret>[^;"'\r\n]{3,128})"#,
        validate: Some(plausible_password),
        min_entropy: 3.0,
        what: "an ADO.NET, ODBC or OLE DB connection string (`Server=...;User Id=...;Password=...`, \
               `Driver={...};Uid=...;Pwd=...`) with a literal password, in `appsettings.json`, \
               `web.config`, code or scripts",
        rotate: "Change that database login's password, then supply it at run time (managed identity, \
                 a secret store reference, or an environment variable merged into the connection string).",
        example: "\"Orders\": \"Server=sql01;Database=orders;User Id=svc_orders;Password=Wm4pXz9QkL2vRt;\"",
        fixed: "\"Orders\": \"Server=sql01;Database=orders;Authentication=Active Directory Managed Identity;\"",
        fires: [
            "{\n  \"ConnectionStrings\": {\n    \"Orders\": \"Server=sql01.acme.internal;Database=orders;User Id=svc_orders;Password=Wm4pXz9QkL2vRt7c;TrustServerCertificate=True\"\n  },\n  \"Logging\": { \"LogLevel\": { \"Default\": \"Information\" } }\n}\n",
            "conn = pyodbc.connect(\n    \"Driver={ODBC Driver 18 for SQL Server};Server=tcp:sql02.acme.internal,1433;Database=ledger;Uid=ledger_ro;Pwd=rKpd4qBKH7mwZ2;Encrypt=yes\"\n)\n",
        ],
        clean: [
            "\"Default\": \"Server=(localdb)\\\\mssqllocaldb;Database=app;Trusted_Connection=True;\"\n",
            "var cs = $\"Server={host};Database={db};User Id={user};Password={password};\";\n",
            "<add name=\"Main\" connectionString=\"Data Source=db;Initial Catalog=main;User ID=app;Password=$(DbPassword);\" />\n",
            "Server=sql01;Database=orders;User Id=sa;Password=<YourStrong@Passw0rd>;\n",
        ],
    },
    detector! {
        id: "FG2011",
        slug: "sql-user-password",
        title: "Password in a SQL user or role statement",
        provider: "generic",
        severity: High,
        keywords: ["create user", "alter user", "create role", "alter role", "create login", "alter login"],
        pattern: r#"(?i)\b(?:create|alter)[ \t]+(?:user|role|login)\b[^;\r\n]{0,200}?(?:\bpassword[ \t]*=?|\bidentified[ \t]+(?:with[ \t]+[a-z0-9_]+[ \t]+)?by)[ \t]*N?'(?P<secret>[^'\r\n]{6,128})'"#,
        validate: Some(sql_password),
        min_entropy: 3.0,
        what: "a literal password in a SQL statement that creates or changes a database account: \
               PostgreSQL `CREATE USER/ROLE ... PASSWORD '...'`, MySQL and MariaDB \
               `CREATE/ALTER USER ... IDENTIFIED BY '...'`, SQL Server `CREATE LOGIN ... WITH \
               PASSWORD = '...'`, in migrations, seed files and init scripts. Stored hashes \
               (`md5...`, `SCRAM-SHA-256$...`, MySQL `*...`), psql variables (`:'app_password'`) and \
               placeholders are not reported",
        rotate: "Change that account's password on every database the script ran against, then have \
                 the migration read it from a variable the deploy supplies (`\\set` from the \
                 environment, a templated init script fed from the secret store).",
        example: "CREATE USER reporting WITH PASSWORD 'Ft16KHdZ1VGiQar2Kc';",
        fixed: "\\set reporting_password `echo \"$REPORTING_DB_PASSWORD\"`\nCREATE USER reporting WITH PASSWORD :'reporting_password';",
        fires: [
            "-- 0007_reporting_role.sql\nCREATE ROLE reporting WITH LOGIN PASSWORD 'Ft16KHdZ1VGiQar2Kc';\nGRANT SELECT ON ALL TABLES IN SCHEMA public TO reporting;\n",
            "CREATE DATABASE IF NOT EXISTS ledger;\nCREATE USER 'ledger_app'@'%' IDENTIFIED BY 'd8mEwDa7TvrPsSLGrO';\nGRANT ALL ON ledger.* TO 'ledger_app'@'%';\n",
            "IF NOT EXISTS (SELECT 1 FROM sys.sql_logins WHERE name = 'svc_etl')\n    CREATE LOGIN svc_etl WITH PASSWORD = 'yXclXzBc#FLsIbA8oxa', CHECK_POLICY = ON;\n",
        ],
        clean: [
            "ALTER USER app WITH PASSWORD :'app_password';\n",
            "CREATE ROLE app LOGIN ENCRYPTED PASSWORD 'SCRAM-SHA-256$4096:c2FsdHNhbHQ=$q1lM4f0xX2hE7j9sZ0a8UeYkVtR3nP6bLw==:Zm9vYmFy';\n",
            "CREATE USER 'app'@'localhost' IDENTIFIED BY 'changeme';\nCREATE USER app2 WITH PASSWORD '${APP2_PASSWORD}';\n",
            "-- Users are created by the operator; see docs/create-user.md for the password policy.\nSELECT usename FROM pg_user;\n",
            "CREATE USER legacy IDENTIFIED BY PASSWORD '*6C8989366EAF75BB670AD8EA7A7FC1176A95CEF4';\n",
        ],
    },
    detector! {
        id: "FG2012",
        slug: "xml-password-element",
        title: "Credential in an XML element",
        provider: "generic",
        severity: High,
        keywords: ["password>", "passwd>", "passphrase>", "secret>", "token>", "key>"],
        pattern: r#"<(?P<name>[A-Za-z0-9_.:-]*?(?i:password|passwd|passphrase|secret|token|api[_-]?key|access[_-]?key)(?i:[_.-]?(?:key|token|secret|value))*)(?:[ \t]+[^<>\r\n]*)?>[ \t]*(?P<secret>[^<>\s]{6,256})[ \t]*</"#,
        validate: Some(plausible_password),
        min_entropy: 3.0,
        what: "a literal credential as the text of an XML element named for it: Maven \
               `settings.xml` `<password>` and `<passphrase>`, WS-Security `<wsse:Password>`, \
               Jenkins and IDE `<apiToken>`, `<clientSecret>`. Property references \
               (`${env.MAVEN_PASSWORD}`), Maven's encrypted `{...}` values and placeholders are not \
               reported",
        rotate: "Rotate the credential at the server the element authenticates to, then take it out of \
                 the file: `${env.NAME}` in Maven settings, or the tool's credential store.",
        example: "<server>\n  <id>acme-releases</id>\n  <username>deployer</username>\n  <password>GX9JyacjhBxYDmOQ33</password>\n</server>",
        fixed: "<server>\n  <id>acme-releases</id>\n  <username>deployer</username>\n  <password>${env.ACME_RELEASES_PASSWORD}</password>\n</server>",
        fires: [
            "<settings>\n  <servers>\n    <server>\n      <id>acme-releases</id>\n      <username>deployer</username>\n      <password>GX9JyacjhBxYDmOQ33</password>\n    </server>\n  </servers>\n</settings>\n",
            "<soapenv:Header>\n  <wsse:Security>\n    <wsse:UsernameToken>\n      <wsse:Username>svc-billing</wsse:Username>\n      <wsse:Password Type=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText\">NUDeALxd+JdeynB1fEF71Fl</wsse:Password>\n    </wsse:UsernameToken>\n  </wsse:Security>\n</soapenv:Header>\n",
            "<com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>\n  <username>release-bot</username>\n  <apiToken>M8kn7zByNDhz1tAAt1qemXSzMk</apiToken>\n</com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>\n",
        ],
        clean: [
            "<server>\n  <id>acme-releases</id>\n  <username>${env.MAVEN_USER}</username>\n  <password>${env.MAVEN_PASSWORD}</password>\n</server>\n",
            "<server>\n  <id>acme-snapshots</id>\n  <password>{COQLCE6DU6GtcS5P=}</password>\n</server>\n",
            "<passwordPolicy>min_length_12</passwordPolicy>\n<tokenExpirySeconds>3600</tokenExpirySeconds>\n",
            "<password>changeme</password>\n<secret><!-- set by the deploy --></secret>\n",
        ],
    },
    detector! {
        id: "FG2013",
        slug: "secret-key-value-pair",
        title: "Credential in a key/value settings entry",
        provider: "generic",
        severity: High,
        keywords: ["add key", "\"key\""],
        pattern: r#"(?:<add[ \t]+key[ \t]*=[ \t]*["']|["']key["'][ \t]*:[ \t]*["'])(?P<name>[A-Za-z0-9_.:-]*?(?i:password|passwd|passphrase|secret|token|api[_-]?key|access[_-]?key)(?i:[_.-]?(?:key|token|secret|value))*)["'](?:[ \t]+|[ \t]*,[ \t]*["'])value["']?[ \t]*[=:][ \t]*["'](?P<secret>[^"'<>\s]{10,256})["']"#,
        validate: Some(credential_value),
        min_entropy: 3.0,
        what: "a literal credential in a settings entry that names it with a `key` and holds it in a \
               `value`: .NET `<add key=\"ApiToken\" value=\"...\"/>` (`appSettings`, NuGet.Config \
               `packageSourceCredentials` with `ClearTextPassword`), and JSON `{\"key\": \"token\", \
               \"value\": \"...\"}` entries (Postman collections and environments)",
        rotate: "Rotate the credential where it was issued, then supply it at run time: \
                 `%ENV_VAR%` in NuGet.Config or `dotnet nuget update source --store-password-in-clear-text` \
                 from CI secrets, user secrets or Key Vault for appSettings, Postman vault or \
                 `{{variables}}` kept out of the exported collection.",
        example: "<add key=\"ClearTextPassword\" value=\"hifCbCYC2RVBYdVIyEKERW8KYwIGg2\" />",
        fixed: "<add key=\"ClearTextPassword\" value=\"%ACME_FEED_PAT%\" />",
        fires: [
            "<configuration>\n  <packageSourceCredentials>\n    <acme-feed>\n      <add key=\"Username\" value=\"ci\" />\n      <add key=\"ClearTextPassword\" value=\"hifCbCYC2RVBYdVIyEKERW8KYwIGg2\" />\n    </acme-feed>\n  </packageSourceCredentials>\n</configuration>\n",
            "{\n  \"name\": \"ledger\",\n  \"values\": [\n    {\"key\": \"baseUrl\", \"value\": \"https://ledger.acme.io\", \"enabled\": true},\n    {\"key\": \"apiToken\", \"value\": \"rZvevUn4JaGfIgPHM97gvMyjBFAawD\", \"enabled\": true}\n  ]\n}\n",
        ],
        clean: [
            "<add key=\"ClearTextPassword\" value=\"%ACME_FEED_PAT%\" />\n",
            "{\"key\": \"token\", \"value\": \"{{accessToken}}\", \"type\": \"string\"}\n",
            "<appSettings>\n  <add key=\"TokenEndpoint\" value=\"https://login.acme.io/oauth2/token\" />\n  <add key=\"PasswordMinLength\" value=\"12\" />\n</appSettings>\n",
        ],
    },
    detector! {
        id: "FG2014",
        slug: "netrc-password",
        title: "Password in a .netrc entry",
        provider: "generic",
        severity: High,
        keywords: ["machine"],
        pattern: r#"(?m)(?:^|[ \t])(?:machine[ \t]+[^\s]+|default)(?:(?:[ \t]+|[ \t]*\r?\n[ \t]*)(?:login|account|port)[ \t]+[^\s]+){0,3}(?:[ \t]+|[ \t]*\r?\n[ \t]*)password[ \t]+(?P<secret>[^\s]{6,256})"#,
        validate: Some(plausible_password),
        min_entropy: 3.0,
        what: "a password in `.netrc` syntax (`machine <host> login <user> password <secret>`, on one \
               line or across lines), the file curl, git, pip, Heroku's CLI and ftp read credentials \
               from; when it is committed (a home directory in an image, a CI helper), the password \
               or API token in it is readable by everyone",
        rotate: "Revoke the token or change the password at that host (for Heroku, \
                 `heroku authorizations:revoke`), then write the entry at run time in CI from a \
                 secret, never in the repository.",
        example: "machine git.acme.internal\n  login deploy\n  password rZvevUn4JaGfIgPHM97gvMyjBFAawD",
        fixed: "printf 'machine git.acme.internal login deploy password %s\\n' \"$GIT_TOKEN\" > ~/.netrc",
        fires: [
            "machine git.acme.internal\n  login deploy\n  password rZvevUn4JaGfIgPHM97gvMyjBFAawD\n",
            "# written into the build image\nmachine pypi.acme.internal login ci-publisher password CYl0iSx2EUNNbZgCTME9MkirQA\n",
        ],
        clean: [
            "machine api.heroku.com\n  login ops@acme.io\n  password <your api key>\n",
            "printf 'machine git.acme.internal login deploy password %s\\n' \"$GIT_TOKEN\" > ~/.netrc\n",
            "machine ftp.acme.internal login anonymous password guest\n",
            "The build machine password rotation is handled by the platform team.\n",
        ],
    },
    detector! {
        id: "FG2015",
        slug: "cli-user-password",
        title: "Password in a command's user:password argument",
        provider: "generic",
        severity: High,
        keywords: ["curl", "wget"],
        pattern: r#"\b(?:curl|wget)\b[^\r\n|;&]*?[ \t](?:-u|--user)(?:[ \t]+|=)?["']?[^\s:"'$`{}]+:(?P<secret>[^\s"'`@]{6,128})"#,
        validate: Some(plausible_password),
        min_entropy: 3.0,
        what: "a password passed to curl as `-u user:password` / `--user user:password` (or to \
               wget's `--user`) in a script, a Makefile, a CI file or a Jenkinsfile: it lands in \
               the repository, in the CI log and in every process listing",
        rotate: "Change that account's password (or replace it with a scoped token), then pass it from \
                 a CI secret: `curl -u \"$NEXUS_USER:$NEXUS_PASSWORD\"`, or a `--netrc-file` written \
                 at run time.",
        example: "curl -u admin:YAmS1TNhy2HXNU5EU4v7C3vaE3 https://nexus.acme.internal/service/rest/v1/status",
        fixed: "curl -u \"admin:$NEXUS_PASSWORD\" https://nexus.acme.internal/service/rest/v1/status",
        fires: [
            "stage('Publish') {\n  steps {\n    sh 'curl -fsS -u publisher:YAmS1TNhy2HXNU5EU4v7C3vaE3 --upload-file app.tgz https://nexus.acme.internal/repository/raw/'\n  }\n}\n",
            "#!/bin/sh\nset -eu\ncurl --user \"ci-bot:wq76yg42We4DxjnGmTesM6aY0j\" https://registry.acme.internal/v2/_catalog\n",
        ],
        clean: [
            "curl -fsS -u \"$NEXUS_USER:$NEXUS_PASSWORD\" https://nexus.acme.internal/service/rest/v1/status\n",
            "curl -u admin: https://nexus.acme.internal/service/rest/v1/status  # prompts for the password\n",
            "curl -u admin:admin http://localhost:8081/service/rest/v1/status\n",
            "curl -u ${{ secrets.NEXUS_USER }}:${{ secrets.NEXUS_PASSWORD }} https://nexus.acme.io\n",
        ],
    },
    detector! {
        id: "FG2016",
        slug: "cli-credential-flag",
        title: "Credential passed as a command-line flag",
        provider: "generic",
        severity: High,
        keywords: ["password", "passwd", "passphrase", "secret", "token", "-key", "mysql", "mariadb"],
        pattern: r#"(?:\b(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump)\b[^\r\n|;&]*?[ \t]-p|[ \t]--(?:[a-z0-9]+-)*(?:password|passwd|passphrase|secret|token|key)(?:=|[ \t]+))["']?(?P<secret>[^\s"'`$]{8,256})"#,
        validate: Some(cli_value),
        min_entropy: 3.0,
        what: "a generated-looking credential given on a command line in a script or CI file: \
               `mysql -p<password>`, `--password=...`, `--token ...`, `--api-key ...`, \
               `--account-key ...` and other `--*-password`, `--*-secret`, `--*-token`, `--*-key` \
               flags. Variables (`--token \"$TOKEN\"`), `--password-stdin`, key ids, paths and \
               placeholders are not reported",
        rotate: "Rotate the credential where it was issued, then pass it from a CI secret through the \
                 environment or stdin (`--password-stdin`, `MYSQL_PWD`, a config file written at run \
                 time) rather than the command line.",
        example: "mysql -h db.internal -u root -pgl53hjhFXff7WSW3sJ5Ss6y2pW -e 'select 1'",
        fixed: "MYSQL_PWD=\"$DB_ROOT_PASSWORD\" mysql -h db.internal -u root -e 'select 1'",
        fires: [
            "#!/bin/sh\nset -eu\nmysqldump -h db.internal -u backup -pgl53hjhFXff7WSW3sJ5Ss6y2pW --single-transaction orders > orders.sql\n",
            "az storage blob upload-batch --account-name acmemedia --account-key Oh2HMC73+9EgzlDR2VRfhnsw6YPPLCgSvZIh56tZIcA= -d media -s ./dist\n",
            "buildkite-agent start --token xdri1xVKQUMNNKTUwtxllvPqkGnXDd --tags queue=deploy\n",
        ],
        clean: [
            "echo \"$REGISTRY_TOKEN\" | docker login ghcr.io -u ci --password-stdin\nmysql -u root -p -e 'select 1'\n",
            "ssh-add --ssh-key ~/.ssh/id_ed25519\ncurl --key ./tls/client.key --cert ./tls/client.crt https://mtls.acme.io\n",
            "datadog-ci sourcemaps upload ./dist --api-key \"$DD_API_KEY\" --service web\n",
            "aws s3 sync ./media s3://acme-media --sse aws:kms --sse-kms-key-id faee29dc-35ab-4218-bf9d-3029403bcce4\ngpg --batch --default-key 0x6A2B9C0D4E5F7A81 --sign release.tar.gz\n",
        ],
    },
    detector! {
        id: "FG2017",
        slug: "php-define-credential",
        title: "Credential in a PHP define()",
        provider: "generic",
        severity: High,
        keywords: ["define"],
        pattern: r#"(?i)\bdefine[ \t]*\([ \t]*["'](?P<name>[A-Z0-9_]*(?:PASSWORD|PASSWD|PASSPHRASE|PASS|SECRET|TOKEN|KEY|SALT))["'][ \t]*,[ \t]*["'](?P<secret>[^"'\\\r\n]{8,256})["'][ \t]*\)"#,
        validate: Some(chosen_secret),
        min_entropy: 3.0,
        what: "a credential defined as a PHP constant: `define('DB_PASSWORD', '...')` and the \
               WordPress authentication keys and salts (`AUTH_KEY`, `SECURE_AUTH_SALT`, ...) in \
               `wp-config.php`, which sign every login cookie. WordPress's own stand-in \
               (`put your unique phrase here`), `getenv()` calls and well-known defaults are not \
               reported",
        rotate: "Change the database password; for WordPress keys and salts, generate new ones (the \
                 WordPress.org secret-key service or `wp config shuffle-salts`), which logs every user \
                 out. Then read them from the environment in `wp-config.php`.",
        example: "define( 'DB_PASSWORD', 'mT6udW3Eon26EmquFRT0g2wbF4' );",
        fixed: "define( 'DB_PASSWORD', getenv( 'WORDPRESS_DB_PASSWORD' ) );",
        fires: [
            "<?php\ndefine( 'DB_NAME', 'shop' );\ndefine( 'DB_USER', 'shop' );\ndefine( 'DB_PASSWORD', 'mT6udW3Eon26EmquFRT0g2wbF4' );\ndefine( 'DB_HOST', 'shop-db.internal' );\n",
            "define('SECURE_AUTH_KEY',  'r+L]9x<Ub#2vQ!mZ o{Kd7$w^Tq&4Jh@N|pS8e(Fc]yG0z;Ra%Mn?_Xb:V1u-W3iH');\n",
        ],
        clean: [
            "define( 'DB_PASSWORD', getenv( 'WORDPRESS_DB_PASSWORD' ) );\n",
            "define( 'AUTH_KEY',         'put your unique phrase here' );\ndefine( 'NONCE_SALT',       'put your unique phrase here' );\n",
            "define( 'DB_PASSWORD', 'password' );\ndefine( 'DB_PASSWORD', 'root' );\n",
            "define( 'WP_CACHE_KEY_SALT', 'blog_' );\ndefine( 'DB_NAME', 'acme_blog_production' );\n",
        ],
    },
    detector! {
        id: "FG2018",
        slug: "api-key-header",
        title: "API key or token in a custom HTTP header",
        provider: "generic",
        severity: High,
        keywords: ["api-key", "apikey", "-token", "-secret", "x-auth"],
        pattern: r#"(?im)(?:^|[\s"'])(?P<name>x-(?:[a-z0-9]+-)*(?:api-?key|token|secret|auth)|api-?key|private-token)[ \t]*:[ \t]*(?P<secret>[A-Za-z0-9._~+/=-]{16,256})(?:["'\s]|$)"#,
        validate: Some(bearer_value),
        min_entropy: 3.5,
        what: "a literal key in an API-key header (`X-Api-Key: ...`, `X-Auth-Token: ...`, `Api-Key:`, \
               GitLab's `PRIVATE-TOKEN:`) written as a header line: curl `-H` arguments, `.http` \
               files, proxy and webhook configs. Header values that are references \
               (`X-Api-Key: $API_KEY`) and placeholders are not reported",
        rotate: "Revoke the key in the service's API key settings, issue a new one, and add the \
                 header at run time from the environment or a secret store.",
        example: "curl -H 'X-Api-Key: 1Ypz9Bmjts7qmsl1YKxY4' https://api.acme.io/v1/orders",
        fixed: "curl -H \"X-Api-Key: $ORDERS_API_KEY\" https://api.acme.io/v1/orders",
        fires: [
            "curl -fsS -H 'X-Api-Key: 1Ypz9Bmjts7qmsl1YKxY4r' https://api.acme.io/v1/orders\n",
            "### List invoices\nGET https://billing.acme.io/api/invoices\nX-Auth-Token: sUxpbUMW1QJZkx9g7RIArUvy\nAccept: application/json\n",
        ],
        clean: [
            "curl -fsS -H \"X-Api-Key: ${ORDERS_API_KEY}\" https://api.acme.io/v1/orders\n",
            "GET https://billing.acme.io/api/invoices\nX-Request-Id: aa6005fd-4ed9-4af4-913a-780e969a5192\nX-Api-Key: <your-api-key>\n",
            "Send the key in the `X-Api-Key` header; keys are listed under Settings > API.\n",
        ],
    },
    detector! {
        id: "FG2019",
        slug: "bundler-source-credentials",
        title: "Credentials in a Bundler source setting",
        provider: "generic",
        severity: High,
        keywords: ["BUNDLE_"],
        pattern: r#"\bBUNDLE_(?:[A-Z0-9-]+__)+[A-Z0-9-]+["']?[ \t]*[=:][ \t]*["']?[^\s:"'$`{}]+:(?P<secret>[^\s"'`$@]{6,128})"#,
        validate: Some(plausible_source_password),
        min_entropy: 3.0,
        what: "a `user:password` for a private gem source given to Bundler through its \
               `BUNDLE_<HOST>` setting (dots in the host written as `__`, such as \
               `BUNDLE_GEMS__ACME__IO=ci:...`) in a Dockerfile, a CI file or `.bundle/config`. A \
               provider token in that place (`x-access-token:ghp_...`) is reported by the \
               provider's detector instead",
        rotate: "Change the password or revoke the token at the gem server, then pass the setting at \
                 build time from a secret (`docker build --secret`, a CI variable), never in the \
                 image or the repository.",
        example: "ENV BUNDLE_GEMS__ACME__IO=ci:Wr0ehwPF7RpMCuRkbMfCqUtB",
        fixed: "RUN --mount=type=secret,id=gems_acme,env=BUNDLE_GEMS__ACME__IO bundle install",
        fires: [
            "FROM ruby:3.3-slim\nENV BUNDLE_GEMS__ACME__IO=ci:Wr0ehwPF7RpMCuRkbMfCqUtB\nRUN bundle install\n",
            "---\nBUNDLE_PATH: \"vendor/bundle\"\nBUNDLE_PACKAGES__ACME__INTERNAL: \"release-bot:EPQMRMqjr9n0EH5yqcvt\"\n",
        ],
        clean: [
            "ENV BUNDLE_GEMS__ACME__IO=${GEMS_USER}:${GEMS_PASSWORD}\n",
            "BUNDLE_WITHOUT: \"development:test\"\nBUNDLE_JOBS: \"4\"\n",
            "ENV BUNDLE_GITHUB__COM=x-access-token:ghp_q4yHGAPgl7yyeOqbi8lhAbCdEfGh12\n",
        ],
    },
    detector! {
        id: "FG2020",
        slug: "secret-assignment-quoted",
        title: "Credential assigned as a string literal",
        provider: "generic",
        severity: High,
        keywords: ["password", "passwd", "passphrase", "secret", "token", "api_key", "apikey", "api-key", "access_key", "accesskey", "access-key", "auth"],
        pattern: r#"(?:[A-Za-z0-9_.-]*?(?i:public|publishable)[A-Za-z0-9_.-]*?(?i:password|passwd|passphrase|secret|token|api[_-]?key|access[_-]?key|auth)|(?P<name>[A-Za-z0-9_.-]*?(?i:password|passwd|passphrase|secret|token|api[_-]?key|access[_-]?key|auth)(?i:[_.-]?(?:key|token|secret|value|string|str|base|b64|base64|hex|raw|plain|prod|production|live|dev|staging|test|local|[0-9]+))*)["'\]]{0,2}(?:[ \t]*:[ \t]*&?(?:'static[ \t]+)?[A-Za-z][A-Za-z0-9_\[\]<>:]*)?[ \t]*(?:=|:=|=>|:|\|\|=|\?\?=)[ \t]*(?:[rbuf@]|\(string\)[ \t]*|(?:\[\]byte|\[\]rune|String::from|String|string|str|bytes|Buffer\.from|SecretStr|SecretString::new|SecretString::from|Secret::new)\([ \t]*[rb]?)?["'`](?P<secret>[^"'`\s\\$<>{}]{10,256})["'`])"#,
        validate: Some(credential_value),
        min_entropy: 3.0,
        what: "a string literal that looks generated (at least 10 characters, entropy of 3 bits per \
               character or more, mixed characters, not an identifier, path, URL, UUID, hash or \
               image) assigned to a name that says it holds a credential (`password`, `passwd`, \
               `passphrase`, `secret`, `token`, `api_key`, `apikey`, `access_key`, `client_secret`, \
               `auth`, with prefixes such as `db_` or `stripe_`) in Python, JavaScript/TypeScript, Go, \
               Java, Kotlin, Rust, Ruby, PHP, C#, Terraform, TOML, YAML or JSON, including through a \
               type annotation (`const API_TOKEN: &str = ...`), an index \
               (`os.environ[\"API_TOKEN\"] = ...`, `headers[\"X-Api-Key\"] = ...`) or a conversion \
               (`[]byte(\"...\")`, `Buffer.from(\"...\")`, `SecretStr(\"...\")`). Values that start with \
               a provider's prefix (`ghp_`, `xoxb-`, `AKIA`...) belong to that provider's detector, \
               which validates them: a look-alike that fails it is not reported here either. Names \
               that hold something else (`password_hash`, `token_url`, `secret_name`), names marked \
               public (`NEXT_PUBLIC_*`, `*_PUBLISHABLE_KEY`: bundled into the browser by design) and \
               values read from the environment (`os.environ[...]`, `process.env.X`, `getenv(...)`) \
               are not reported. The pattern's first alternative matches those public names without \
               a `secret` group, so nothing is taken from them",
        rotate: "Rotate the credential where it was issued, then read it at run time from the \
                 environment or a secret store.",
        example: "REPORTS_API_KEY = \"SIpt4729RCigqh8oj22IbX30nzMDNB8b\"",
        fixed: "REPORTS_API_KEY = os.environ[\"REPORTS_API_KEY\"]",
        fires: [
            "import os\n\nREPORTS_API_KEY = \"SIpt4729RCigqh8oj22IbX30nzMDNB8b\"\nTIMEOUT = int(os.environ.get(\"TIMEOUT\", \"30\"))\n",
            "export const config = {\n  region: \"eu-west-1\",\n  clientSecret: 'BxW1GdUa0PWKZthtElRGMq7A5DW90LXe',\n  retries: 3,\n};\n",
            "resource \"aws_db_instance\" \"orders\" {\n  engine         = \"postgres\"\n  username       = \"orders\"\n  password       = \"0Pcqr9Ejqhn6IlWYh41lpMG6\"\n  instance_class = \"db.t4g.medium\"\n}\n",
            "{\n  \"service\": \"geocoder\",\n  \"api_key\": \"xdinT4PEiZv7yQI6bctvAE7zol8N6jFf\",\n  \"endpoint\": \"https://geo.acme.io\"\n}\n",
            "package notify\n\nconst webhookAuthToken = \"gOJnGV7SQVbcLsRxImL95JV83VIVtkhN\"\n",
            "pub struct Client;\n\nconst LEDGER_API_TOKEN: &str = \"Ft16KHdZ1VGiQar2KcYAmS1TNhy2\";\n",
            "package auth\n\nvar jwtSecret = []byte(\"INDL5yoa3enr2iEap0LYGQ9TvN\")\n",
            "import os\n\nos.environ[\"REPORTS_API_TOKEN\"] = \"hifCbCYC2RVBYdVIyEKERW8KYwIGg2\"\nos.environ[\"REPORTS_REGION\"] = \"eu-west-1\"\n",
            "session = requests.Session()\nsession.headers[\"X-Api-Key\"] = \"NzWckCFuyO42itb71gYiupuWD9bQH9\"\n",
            "signing:\n  gpg_passphrase: \"u4sKLlcIbWVRpn2Mm4MLLotlYf\"\n",
        ],
        clean: [
            "DB_PASSWORD = os.environ[\"DB_PASSWORD\"]\napi_key = os.getenv(\"API_KEY\")\n",
            "const apiKey = process.env.API_KEY;\nconst token = \"Bearer \" + apiKey;\n",
            "password_hash = \"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"\n",
            "  \"token_url\": \"https://auth.acme.io/oauth/token\",\n  \"secretName\": \"orders-db-credentials\",\n",
            "API_KEY = \"your-api-key-here\"\nSECRET = \"changeme-in-production\"\nPASSWORD = \"<password>\"\n",
            "session_token = \"550e8400-e29b-41d4-a716-446655440000\"\n",
            "auth_provider = \"keycloak_realm_default\"\npassword_policy = \"min_length_12\"\n",
            "aws_secret_access_key = \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"\n",
            "const API_TOKEN: &str = env!(\"API_TOKEN\");\nconst TOKEN_HEADER: &str = \"x-acme-token\";\n",
            "var jwtSecret = []byte(os.Getenv(\"JWT_SECRET\"))\nos.environ[\"API_TOKEN\"] = os.environ.get(\"FALLBACK_TOKEN\", \"\")\n",
            "# a look-alike: ghp_ with a wrong length and checksum\nbroken_token = \"ghp_q4yHGAPgl7yyeOqbi8lhAbCdEfGh12\"\n",
            "token = \"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6InF3aHpybXRrZHBibnZjeGxmZ2p5Iiwicm9sZSI6ImFub24iLCJpYXQiOjE3MTIwMDAwMDAsImV4cCI6MjAyNzU3NjAwMH0.lIG8Wi2KKGI8Lhu_G0aJSJcPXKCjdmx0Lm0eR04EV0M\"\n",            "export const env = {\n  NEXT_PUBLIC_MAPS_TOKEN: \"Ka8QpZ2mX7vN4cL9rT1wY6bH3jF5dS0g\",\n};\n",
        ],
    },
    detector! {
        id: "FG2021",
        slug: "secret-assignment-unquoted",
        title: "Credential assigned in a config or environment file",
        provider: "generic",
        severity: High,
        keywords: ["password", "passwd", "passphrase", "secret", "token", "api_key", "apikey", "api-key", "access_key", "accesskey", "access-key", "auth"],
        pattern: r#"(?m)^[ \t]*(?:export[ \t]+|ENV[ \t]+|ARG[ \t]+|set[ \t]+|-[ \t]+)?(?:[A-Za-z0-9_.-]*?(?i:public|publishable)[A-Za-z0-9_.-]*[ \t]*[=:]|(?P<name>[A-Za-z0-9_.-]*?(?i:password|passwd|passphrase|secret|token|api[_-]?key|access[_-]?key|auth)(?i:[_.-]?(?:key|token|secret|value|string|str|base|b64|base64|hex|raw|plain|prod|production|live|dev|staging|test|local|[0-9]+))*)[ \t]*[=:][ \t]*(?P<secret>[^\s"'`#;,$<>{}()\[\]\\|&]{10,256})[ \t]*(?:[#;][^\r\n]*)?\r?$)"#,
        validate: Some(credential_value),
        min_entropy: 3.0,
        what: "an unquoted value that looks generated assigned to a credential name on its own line: \
               `.env` files, shell `export`, INI and `.properties` files, YAML mappings (including \
               compose `environment:` maps and lists), Dockerfile `ENV`/`ARG`. The same value checks \
               as FG2020 apply, names marked public (`NEXT_PUBLIC_*`, `EXPO_PUBLIC_*`) are left \
               alone, and `${VAR}`, `{{ .Values.x }}` and placeholders are not reported",
        rotate: "Rotate the credential where it was issued, remove it from the file, and inject it at \
                 deploy time (the platform's secret store, a `.env` that is not committed).",
        example: "ORDERS_DB_PASSWORD=rKpd4qBKH7mwZ2xT",
        fixed: "ORDERS_DB_PASSWORD=${ORDERS_DB_PASSWORD}",
        fires: [
            "APP_ENV=production\nORDERS_DB_PASSWORD=rKpd4qBKH7mwZ2xT\nLOG_LEVEL=info\n",
            "[reporting]\nendpoint = https://reports.acme.io\nauth_token = 2VbGpTGD3izreBRgFc9k\n",
            "FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nENV PAYMENTS_API_KEY=Xu9xndL3yHj3p4lsdcazkbeV\nCOPY . /app\n",
            "services:\n  worker:\n    environment:\n      - QUEUE_SECRET=E5i7LmeipULRMVvZyXZEWtZD\n      - LOG_LEVEL=debug\n",
            "SIGNER_KEY_ID=release-2026\nSIGNER_PASSPHRASE=QcEf9ysRN71mTSd1iR.HkXJfdEY\n",
            "production:\n  secret_key_base: 1023a0115c46921857d52e2f56fb291f3eb0dead45fbde2ba8c27d11dccfed3ef842221c442182971b454e6f3bdc546cea727a9b8564fa998e7118e620965ba0\n",
        ],
        clean: [
            "DB_PASSWORD=${DB_PASSWORD}\nAPI_TOKEN=your-token-here\nSECRET_KEY=changeme\n",
            "password: {{ .Values.database.password }}\ntoken: ${{ secrets.DEPLOY_TOKEN }}\n",
            "auth_token: 550e8400-e29b-41d4-a716-446655440000\n",
            "password_file=/run/secrets/db_password\nTOKEN_URL=https://auth.acme.io/token\n",
            "spring.datasource.password=${SPRING_DATASOURCE_PASSWORD}\nsecret.store=vault_kv_v2\n",
            "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
            "github.com:\n- user: acme-ci\n  oauth_token: ghp_q4yHGAPgl7yyeOqbi8lh\n  protocol: https\n",
            "production:\n  secret_key_base: <%= ENV[\"SECRET_KEY_BASE\"] %>\n  secret_token_sha256: 1d627f96b47642f256a860fefa7aa51f54e6ddd3\n",            "NEXT_PUBLIC_MAPS_TOKEN=Ka8QpZ2mX7vN4cL9rT1wY6bH3jF5dS0g\nEXPO_PUBLIC_SEARCH_API_KEY=Qm4vX9pL2sT7wR1zK8nB5cY3\n",
        ],
    },
    detector! {
        id: "FG2022",
        slug: "secret-env-name-value",
        title: "Credential in a name/value environment entry",
        provider: "generic",
        severity: High,
        keywords: ["value:", "value\":", "value':"],
        pattern: r#"["']?name["']?[ \t]*:[ \t]*["']?(?P<name>[A-Za-z0-9_.-]*?(?i:password|passwd|passphrase|secret|token|api[_-]?key|access[_-]?key|auth)(?i:[_.-]?(?:key|token|secret|value|string|str|base|b64|base64|hex|raw|plain|prod|production|live|dev|staging|test|local|[0-9]+))*)["']?[ \t]*,?[ \t]*(?:\r?\n[ \t]*)?["']?value["']?[ \t]*:[ \t]*["']?(?P<secret>[^\s"'`#$<>{}\\,]{10,256})["']?"#,
        validate: Some(credential_value),
        min_entropy: 3.0,
        what: "a literal value in a name/value environment entry whose name says it holds a credential: \
               Kubernetes container `env`, ECS task definitions, Cloud Run and similar \
               (`- name: DB_PASSWORD` then `value: ...`, or `{\"name\": ..., \"value\": ...}`). \
               Entries using `valueFrom: secretKeyRef` are the fix, and are not reported",
        rotate: "Rotate the credential, store it in a Kubernetes Secret (or the platform's secret \
                 manager) and reference it with `valueFrom.secretKeyRef` or `secrets:`.",
        example: "env:\n  - name: DB_PASSWORD\n    value: Zq8kLw2NpX4vRt7Y",
        fixed: "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: orders-db\n        key: password",
        fires: [
            "      containers:\n        - name: orders\n          image: ghcr.io/acme/orders:1.4.2\n          env:\n            - name: DB_PASSWORD\n              value: Zq8kLw2NpX4vRt7Y\n            - name: LOG_LEVEL\n              value: info\n",
            "{\n  \"containerDefinitions\": [{\n    \"name\": \"ledger\",\n    \"environment\": [\n      {\"name\": \"LEDGER_API_TOKEN\", \"value\": \"MejBUwub8svTpu0ITDIN8SiIQt6i\"},\n      {\"name\": \"REGION\", \"value\": \"eu-west-1\"}\n    ]\n  }]\n}\n",
        ],
        clean: [
            "          env:\n            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef:\n                  name: orders-db\n                  key: password\n",
            "          env:\n            - name: API_TOKEN\n              value: \"{{ .Values.apiToken }}\"\n",
            "          env:\n            - name: AUTH_MODE\n              value: oidc\n            - name: TOKEN_TTL\n              value: \"3600\"\n",
        ],
    },
    detector! {
        id: "FG2023",
        slug: "secret-key-assignment",
        title: "Generated key assigned to a `*_KEY` name",
        provider: "generic",
        severity: High,
        keywords: ["_key", "-key", "key=", "key =", "key:", "key :", "key\"", "key'"],
        pattern: r#"(?m)(?:[A-Za-z0-9_.-]*?(?:(?i:public|publishable)(?:[_.-][A-Za-z0-9_.-]*?|[A-Z][A-Za-z0-9]*?)?|(?i:pub|anon|site|cache|sort|partition|primary|foreign|routing|idempotency|dedup|lookup|object|hash|range|gpg|pgp|ssh|kms|host|translation|i18n|cursor|index|unique|verify|verification))(?:[_.-](?i:key)|Key)|(?P<name>[A-Za-z0-9_.-]*?[A-Za-z0-9](?:[_.-](?i:key)|Key))["'\]]{0,2}(?:[ \t]*:[ \t]*&?(?:'static[ \t]+)?[A-Za-z][A-Za-z0-9_\[\]<>:]*)?[ \t]*(?:=|:=|=>|:)[ \t]*(?:(?:\[\]byte|String::from|String|str|bytes|Buffer\.from)\([ \t]*)?["'`]?(?P<secret>[A-Za-z0-9+/=_.~!@%^*?-]{16,256})(?:["'`]|[ \t]*(?:#[^\r\n]*)?\r?$))"#,
        validate: Some(generated_key_value),
        min_entropy: 3.5,
        what: "a generated-looking value (16 characters or more, high entropy, mixed characters) \
               assigned to a name ending in `_KEY`, `-key` or `Key` (`SESSION_KEY`, `signingKey`, \
               `THUMBOR_KEY`, `ENCRYPTION_KEY`), quoted in code or bare in `.env` and YAML files. \
               Keys that are public or not credentials by name (`PUBLIC_KEY`, `publishableKey`, \
               `ANON_KEY`, `SITE_KEY`, `CACHE_KEY`, `PARTITION_KEY`, `SSH_HOST_KEY`, `GPG_KEY`, \
               `KMS_KEY`...) and names that only start with `KEY` (`KEY_ID`, `KEY_PATH`) are not \
               reported, nor are paths, ARNs, UUIDs, JWTs, provider look-alikes and placeholders",
        rotate: "Generate a new key (for a signing or session key this invalidates what the old one \
                 signed: sessions, signed URLs, cookies), deploy it from the secret store, and \
                 remove the old one from the code.",
        example: "IMGPROXY_KEY = \"GKTFO1JRjkllBRqxx5YA9jWCFT3k8rIu\"",
        fixed: "IMGPROXY_KEY = ENV.fetch(\"IMGPROXY_KEY\")",
        fires: [
            "module Media\n  IMGPROXY_KEY = \"GKTFO1JRjkllBRqxx5YA9jWCFT3k8rIu\"\n  IMGPROXY_HOST = \"https://img.acme.io\"\nend\n",
            "NODE_ENV=production\nCOOKIE_SESSION_KEY=IhdkrNMvbP3b7Q7bnCH+mpmc/dsb8SFnhR5xRlcNy1Q=\nPORT=8080\n",
            "package auth\n\nvar signingKey = []byte(\"ZnCM43D4gmLNGpHNCTNZfbgJmCNaIfaN0f0O\")\n",
        ],
        clean: [
            "VAPID_PUBLIC_KEY=BEl62iUYgUivxIkv69yViEuiBIaIb9SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U\nstripePublishableKey = \"Ka8QpZ2mX7vN4cL9rT1wY6bH3jF5dS0g\"\n",
            "CACHE_KEY=users\nSIGNING_KEY_ID=release-2026-01\nSIGNING_KEY_PATH=/run/secrets/signing.pem\nKMS_KEY=arn:aws:kms:eu-west-1:123456789012:key/faee29dc-35ab-4218-bf9d-3029403bcce4\n",
            "SESSION_KEY = os.environ[\"SESSION_KEY\"]\nENCRYPTION_KEY=${ENCRYPTION_KEY}\nTRANSLATION_KEY = \"checkout.summary.totalAmount\"\n",
            "OBJECT_KEY = \"uploads/2026/avatars/ba3f9.png\"\nmonkey = \"Zq8kLw2NpX4vRt7YbN5m\"\nAPI_KEY_HINT = \"ends in 7f3a\"\n",
            "redis_key: \"session:4f1c9a2b7d3e:profile\"\nMAPBOX_KEY=pk.eyJ1IjoiYWNtZS1tYXBzIiwiYSI6ImNsMGFiYzEyMyJ9.Xy7rQ2kLm9PzR4vNaBcD1e\n",
            "SUPABASE_ANON_KEY=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6InF3aHpybXRrZHBibnZjeGxmZ2p5Iiwicm9sZSI6ImFub24iLCJpYXQiOjE3MTIwMDAwMDAsImV4cCI6MjAyNzU3NjAwMH0.lIG8Wi2KKGI8Lhu_G0aJSJcPXKCjdmx0Lm0eR04EV0M\nGITHUB_DEPLOY_KEY = \"ghp_q4yHGAPgl7yyeOqbi8lhAbCdEfGh12\"\n",
        ],
    },
];

/// Key material between PEM armor lines, once whitespace, string quotes and `\n` escapes are
/// removed: at least 64 base64 characters.
fn key_material(secret: &[u8]) -> Option<Vec<u8>> {
    let mut cleaned = String::with_capacity(secret.len());
    let mut bytes = secret.iter().copied().peekable();
    while let Some(b) = bytes.next() {
        match b {
            b'\\' if matches!(bytes.peek(), Some(b'n' | b'r')) => {
                bytes.next();
            }
            b' ' | b'\t' | b'\r' | b'\n' | b'"' | b'\'' | b',' => {}
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'+' | b'/' | b'=' => cleaned.push(b as char),
            _ => return None,
        }
    }
    let body = cleaned.trim_end_matches('=');
    if body.len() < 64 || body.contains('=') {
        return None;
    }
    decode_base64(&cleaned)
}

fn pem_key_body(secret: &[u8]) -> bool {
    key_material(secret).is_some()
}

/// An OpenPGP secret-key packet (tag 5) opens the body, in the old or the new packet format.
fn pgp_key_body(secret: &[u8]) -> bool {
    key_material(secret).is_some_and(|packets| {
        packets
            .first()
            .is_some_and(|tag| matches!(tag, 0x94..=0x97 | 0xC5))
    })
}

fn putty_private_lines(secret: &[u8]) -> bool {
    let cleaned: Vec<u8> = secret
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    cleaned.len() >= 40
        && std::str::from_utf8(&cleaned)
            .ok()
            .and_then(decode_base64)
            .is_some()
}

fn base64url_json(segment: &[u8]) -> Option<serde_json::Map<String, serde_json::Value>> {
    let text = std::str::from_utf8(segment).ok()?;
    let decoded = decode_base64(text)?;
    match serde_json::from_slice(&decoded).ok()? {
        serde_json::Value::Object(map) => Some(map),
        _ => None,
    }
}

/// Header JSON with a signing `alg` (not `none`), payload JSON, and not jwt.io's sample token.
fn signed_jwt(secret: &[u8]) -> bool {
    let mut parts = secret.split(|b| *b == b'.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let Some(header) = base64url_json(header) else {
        return false;
    };
    let signed = header
        .get("alg")
        .and_then(|alg| alg.as_str())
        .is_some_and(|alg| !alg.eq_ignore_ascii_case("none"));
    let Some(payload) = base64url_json(payload) else {
        return false;
    };
    let sample = payload.get("sub").and_then(|s| s.as_str()) == Some("1234567890");
    // `role: anon` keys (Supabase, PostgREST) are shipped to browsers on purpose.
    let public = payload.get("role").and_then(|r| r.as_str()) == Some("anon");
    signed && !sample && !public && signature.len() >= 16
}

/// Passwords that are defaults of local images and tutorials, not secrets anyone chose.
const DEFAULT_PASSWORDS: &[&str] = &[
    "admin",
    "administrator",
    "guest",
    "postgres",
    "root",
    "mysql",
    "redis",
    "rabbitmq",
    "mongo",
    "mongodb",
    "oracle",
    "sa",
    "user",
    "default",
    "letmein",
    "qwerty",
    "123456",
    "12345678",
    "password1",
    "passw0rd",
    "p@ssw0rd",
    "p@ssword",
    "demo",
    "local",
    "dev",
    "development",
    "opensesame",
    "tiger",
    "welcome",
    "welcome1",
    "s3cr3t",
];

/// Words that mark a value as a description or a stand-in rather than a chosen password.
const STAND_IN_PASSWORD_WORDS: &[&str] = &[
    "password",
    "passwd",
    "changeme",
    "change_me",
    "example",
    "dummy",
    "sample",
    "placeholder",
    "your",
    "secret",
    "redacted",
];

/// A password someone chose: not a reference, not a tutorial default, not a stand-in word.
fn plausible_password(secret: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(secret) else {
        return false;
    };
    let text = text.trim();
    if text.len() < 8 || text.starts_with(['$', '%', '@', '{', '<', '#', '(']) {
        return false;
    }
    if text.ends_with('%') || text.contains("$(") || text.contains("%s") {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    !DEFAULT_PASSWORDS.contains(&lower.as_str())
        && !STAND_IN_PASSWORD_WORDS.iter().any(|w| lower.contains(w))
}

/// Basic-auth base64 that decodes to `user:password` with a plausible password; RFC 7617's own
/// example (`Aladdin:open sesame`) is a sample.
fn basic_credentials(secret: &[u8]) -> bool {
    let Some(decoded) = std::str::from_utf8(secret).ok().and_then(decode_base64) else {
        return false;
    };
    let Ok(pair) = std::str::from_utf8(&decoded) else {
        return false;
    };
    if pair.chars().any(char::is_control) {
        return false;
    }
    let Some((user, password)) = pair.split_once(':') else {
        return false;
    };
    !user.is_empty()
        && !pair.eq_ignore_ascii_case("aladdin:open sesame")
        && !pair.eq_ignore_ascii_case("aladdin:opensesame")
        && plausible_password(password.as_bytes())
        && shannon_entropy(password.as_bytes()) >= 2.5
}

/// A bearer value with letters and digits that reads as a token, not a phrase.
fn bearer_value(secret: &[u8]) -> bool {
    secret.iter().any(u8::is_ascii_digit)
        && secret.iter().any(u8::is_ascii_alphabetic)
        && credential_value(secret)
}

/// A value that looks generated rather than written: long enough, several kinds of characters,
/// and none of the shapes that fill configs without being secrets.
fn credential_value(secret: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(secret) else {
        return false;
    };
    if !(10..=256).contains(&text.len()) {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    const NOT_SECRET: &[&str] = &[
        "process.env",
        "environ",
        "getenv",
        "test",
        "fake",
        "mock",
        "dummy",
        "sample",
        "example",
        "password",
        "passwd",
        "secret",
        "token",
        "changeme",
        "placeholder",
        "foobar",
        "lorem",
        "redacted",
        "public",
        "://",
    ];
    if NOT_SECRET.iter().any(|w| lower.contains(w)) {
        return false;
    }
    // Integrity strings, images, paths, e-mail addresses, references.
    const NOT_SECRET_PREFIXES: &[&str] = &[
        "sha1-",
        "sha256-",
        "sha384-",
        "sha512-",
        "md5-",
        "sha256:",
        "ivborw0kggo",
        "/9j/",
        "r0lgod",
        "data:",
        "/",
        "./",
        "../",
        "~/",
        "arn:",
    ];
    if NOT_SECRET_PREFIXES.iter().any(|p| lower.starts_with(p)) {
        return false;
    }
    // `%NUGET_PAT%`: a Windows environment reference.
    if text.len() > 2 && text.starts_with('%') && text.ends_with('%') {
        return false;
    }
    if is_uuid(text) || is_dotted_identifier(text) || is_word_identifier(text) {
        return false;
    }
    // A provider's format (or a JWT) is judged by that detector, which validates it: a
    // look-alike it rejects is not a secret here either.
    if has_provider_prefix(text) || is_jwt_shaped(text) {
        return false;
    }
    if text.contains('@') && text.rsplit('@').next().is_some_and(|d| d.contains('.')) {
        return false;
    }
    let has_lower = text.bytes().any(|b| b.is_ascii_lowercase());
    let has_upper = text.bytes().any(|b| b.is_ascii_uppercase());
    let has_digit = text.bytes().any(|b| b.is_ascii_digit());
    let has_symbol = text.bytes().any(|b| !b.is_ascii_alphanumeric());
    if !has_lower && !has_upper {
        return false;
    }
    if !has_digit {
        // Letters only: accept random-looking mixed case, not words.
        return has_lower && has_upper && text.len() >= 20 && shannon_entropy(secret) >= 4.0;
    }
    [has_lower, has_upper, has_digit, has_symbol]
        .iter()
        .filter(|c| **c)
        .count()
        >= 2
}

/// A SQL account password, not a stored hash: PostgreSQL `md5` + 32 hex and SCRAM verifiers,
/// MySQL `*` + 40 hex.
fn sql_password(secret: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(secret) else {
        return false;
    };
    let hex_after = |prefix: &str, len: usize| {
        text.strip_prefix(prefix)
            .is_some_and(|rest| rest.len() == len && rest.bytes().all(|b| b.is_ascii_hexdigit()))
    };
    !hex_after("md5", 32)
        && !hex_after("*", 40)
        && !text.starts_with("SCRAM-SHA-256$")
        && plausible_password(secret)
}

/// A password for a gem source; a provider's token there belongs to that provider's detector.
fn plausible_source_password(secret: &[u8]) -> bool {
    std::str::from_utf8(secret).is_ok_and(|text| !has_provider_prefix(text))
        && plausible_password(secret)
}

/// A flag's value that looks generated and is not a key id (`0x6A2B9C0D4E5F7A81`).
fn cli_value(secret: &[u8]) -> bool {
    let hex_id = secret.len() > 2
        && secret[..2].eq_ignore_ascii_case(b"0x")
        && secret[2..].iter().all(u8::is_ascii_hexdigit);
    !hex_id && credential_value(secret)
}

/// A value someone chose or generated, whatever its characters (WordPress salts use nearly all
/// of ASCII): not a reference, a tutorial default or a stand-in phrase.
fn chosen_secret(secret: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(secret) else {
        return false;
    };
    let lower = text.trim().to_ascii_lowercase();
    lower.len() >= 8
        && !crate::values::is_reference(text)
        && !DEFAULT_PASSWORDS.contains(&lower.as_str())
        && !STAND_IN_PASSWORD_WORDS.iter().any(|w| lower.contains(w))
        && !lower.contains("phrase")
}

/// A value assigned to a `*_KEY` name that looks like key material: generated, not a file or
/// object path, and not the bare name a public-key alternative of FG2023's pattern matches.
fn generated_key_value(secret: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(secret) else {
        return false;
    };
    text.len() >= 16
        && !text.to_ascii_lowercase().ends_with("key")
        && !looks_like_path(text)
        && credential_value(secret)
}

/// `uploads/2026/avatars/ba3f9.png`, `keys/prod/signing.pem`: segments of lower-case words,
/// or a last segment with a file extension. Base64 has `/` too, between mixed-case runs.
fn looks_like_path(text: &str) -> bool {
    if !text.contains('/') {
        return false;
    }
    let segments: Vec<&str> = text.split('/').filter(|s| !s.is_empty()).collect();
    let lower_words = segments.iter().all(|s| {
        s.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        })
    });
    let extension = segments
        .last()
        .and_then(|s| s.rsplit_once('.'))
        .is_some_and(|(stem, ext)| {
            !stem.is_empty()
                && (1..=5).contains(&ext.len())
                && ext.bytes().all(|b| b.is_ascii_alphanumeric())
        });
    lower_words || (extension && !text.contains(['+', '=']))
}

/// Token prefixes of the provider detectors, taken from their keywords: the ones that read as a
/// prefix (`ghp_`, `xoxb-`, `hvs.`, `AKIA`, `AIza`) rather than a context word (`heroku`,
/// `password`, `api_key`), which are all lower-case letters, digits and inner separators.
fn provider_prefixes() -> &'static [&'static str] {
    static PREFIXES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
        let mut prefixes: Vec<&'static str> = crate::secrets::all_detectors()
            .iter()
            .filter(|d| d.provider != "generic")
            .flat_map(|d| d.keywords.iter().copied())
            .filter(|k| is_token_prefix(k))
            .collect();
        prefixes.sort_unstable();
        prefixes.dedup();
        prefixes
    });
    &PREFIXES
}

fn is_token_prefix(keyword: &str) -> bool {
    let bytes = keyword.as_bytes();
    let (Some(first), Some(last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    first.is_ascii_alphanumeric()
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'~'))
        && (matches!(last, b'_' | b'-' | b'.')
            || bytes
                .iter()
                .any(|b| b.is_ascii_uppercase() || b.is_ascii_digit()))
}

fn has_provider_prefix(text: &str) -> bool {
    provider_prefixes().iter().any(|p| text.starts_with(p))
}

/// A JWT (three base64url segments after a JSON header, judged by FG2005) or a token built on
/// one behind a short type prefix (Mapbox `pk.eyJ...`, judged by its provider's detector).
fn is_jwt_shaped(text: &str) -> bool {
    let body = match text.split_once('.') {
        Some((prefix, rest)) if prefix.len() <= 4 && rest.starts_with("eyJ") => rest,
        _ => text,
    };
    body.starts_with("eyJ") && body.bytes().filter(|b| *b == b'.').count() >= 1
}

fn is_uuid(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// `settings.DB_PASSWORD`, `config.api.key`, `oauth2.client`: a path to a value, not the value.
/// Each part is an identifier with digits at most at its end; generated values mix them in
/// (`UuJ6KdT9mboW.qGGLkN`).
fn is_dotted_identifier(text: &str) -> bool {
    text.contains('.')
        && text.split('.').all(|part| {
            let letters = part.trim_end_matches(|c: char| c.is_ascii_digit());
            letters
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
                && letters
                    .bytes()
                    .all(|b| b.is_ascii_alphabetic() || b == b'_')
        })
}

/// `keycloak_realm_default`, `ORDERS-DB-CREDENTIALS`, `min_length_12`: words joined by `_` or
/// `-`, each in one case, optionally ending in a short number.
fn is_word_identifier(text: &str) -> bool {
    let parts: Vec<&str> = text.split(['_', '-']).collect();
    parts.len() >= 2
        && parts.iter().all(|part| {
            let letters = part.trim_end_matches(|c: char| c.is_ascii_digit());
            let digits = part.len() - letters.len();
            digits <= 2
                && (letters.bytes().all(|b| b.is_ascii_lowercase())
                    || letters.bytes().all(|b| b.is_ascii_uppercase()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_shapes_that_are_not_credentials() {
        assert!(!credential_value(b"550e8400-e29b-41d4-a716-446655440000"));
        assert!(!credential_value(b"settings.DB_PASSWORD"));
        assert!(!credential_value(b"config.oauth2.client_id"));
        assert!(credential_value(b"UuJ6KdT9mboWtj04n.qGGLkN"));
        assert!(!credential_value(b"keycloak_realm_default"));
        assert!(!credential_value(b"sha512-AbCdEf0123456789"));
        assert!(!credential_value(b"/run/secrets/db"));
        assert!(!credential_value(b"deploy@acme.io"));
        assert!(!credential_value(b"abcdefghijklmnop"));
        assert!(credential_value(b"SIpt4729RCigqh8oj22IbX30nzMDNB8b"));
        assert!(credential_value(b"rKpd4qBKH7mwZ2xT"));
    }

    #[test]
    fn provider_prefixes_come_from_the_provider_detectors() {
        let prefixes = provider_prefixes();
        for expected in [
            "ghp_",
            "github_pat_",
            "glpat-",
            "xoxb-",
            "sk_live_",
            "AKIA",
            "npm_",
        ] {
            assert!(prefixes.contains(&expected), "{expected} missing");
        }
        for context_word in ["heroku", "password", "api_key", "bearer", "jdbc:", "://"] {
            assert!(
                !prefixes.contains(&context_word),
                "{context_word} is no prefix"
            );
        }
        // A look-alike of a provider token is left to that provider's detector.
        assert!(!credential_value(b"ghp_q4yHGAPgl7yyeOqbi8lh"));
        assert!(!credential_value(b"xoxb-12345-abcdeFGHIJ"));
        assert!(credential_value(b"q4yHGAPgl7yyeOqbi8lh"));
        assert!(!credential_value(
            b"pk.eyJ1IjoiYWNtZSJ9.Xy7rQ2kLm9PzR4vNaBcD1e"
        ));
    }

    #[test]
    fn passwords_that_are_defaults_or_references() {
        assert!(!plausible_password(b"guest"));
        assert!(!plausible_password(b"postgres"));
        assert!(!plausible_password(b"$(DbPassword)"));
        assert!(!plausible_password(b"%DB_PASS%"));
        assert!(!plausible_password(b"my_password_1"));
        assert!(plausible_password(b"Vb7kQ2xNp9LmR4tZ"));
    }
}
