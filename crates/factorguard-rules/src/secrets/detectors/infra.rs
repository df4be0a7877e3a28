//! Infrastructure, secret stores and CI/CD platforms: Terraform Cloud, Vault, Doppler, CircleCI,
//! Heroku, Netlify, Vercel, Fly.io, Pulumi, Kubernetes.

use crate::detector;
use crate::secrets::checksums;
use crate::secrets::detector::Detector;

pub static DETECTORS: &[Detector] = &[
    detector! {
        id: "FG2086",
        slug: "terraform-cloud-api-token",
        title: "HCP Terraform / Terraform Enterprise API token",
        provider: "HashiCorp Terraform",
        severity: Critical,
        keywords: ["atlasv1"],
        pattern: r"(?-u)\b(?P<secret>[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70})(?:[^A-Za-z0-9_=-]|(?m:$))",
        validate: None,
        min_entropy: 4.0,
        what: "an HCP Terraform (Terraform Cloud) or Terraform Enterprise API token (`….atlasv1.…`): user, team or organization access to workspaces, their state (which holds secrets) and runs that apply infrastructure with the workspaces' cloud credentials",
        rotate: "Delete it in HCP Terraform (User settings → Tokens, the team's or the organization's Settings → API tokens → Delete / Regenerate) and issue a new one with an expiry; `terraform login` stores user tokens outside the repository. Review the organization's audit trail for runs and state downloads",
        example: "TF_TOKEN_app_terraform_io=abcd….atlasv1.…",
        fixed: "TF_TOKEN_app_terraform_io=${TF_API_TOKEN}  # from the CI secret store",
        fires: [
            "{\n  \"credentials\": {\n    \"app.terraform.io\": {\n      \"token\": \"r5wh9RIrLYR0aS.atlasv1.IbZsxXnYGRSyOZJ9M3eKCrGazlGRxtmYg8J-XpIjNOk6YOTGhVYGb1akVP7SYs3Mjm3\"\n    }\n  }\n}\n",
            "export TF_TOKEN_app_terraform_io=iMNwWLENEWiXvA.atlasv1.fZS8a2H06x_kbTaKasulm0_qtpQ6RM5lmTyi54c60meTix2BCHoOtbq03nqTXwPPrN0\n",
        ],
        clean: [
            "export TF_TOKEN_app_terraform_io=x0NnCcTrs6xCR4.atlasv1.I_tdEsH2tUf8-87k4XDrOAYBirhW5Z\n",
            "export TF_TOKEN_app_terraform_io=xxxxxxxxxxxxxx.atlasv1.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
            "export TF_TOKEN_app_terraform_io=0E9ARGKMQd.atlasv1.RIhyxPwVYqN43ZV-l0k4zXlAqk9TpluRPBQ5MlNOEsX0ZvSC5RbQAILC-bqq89n5rw4\n",
        ],
    },
    detector! {
        id: "FG2087",
        slug: "vault-service-token",
        title: "HashiCorp Vault service token",
        provider: "HashiCorp Vault",
        severity: Critical,
        keywords: ["hvs."],
        pattern: r"(?-u)\b(?P<secret>hvs\.[A-Za-z0-9_-]{24,})(?:[^A-Za-z0-9_-]|(?m:$))",
        validate: Some(checksums::has_upper_and_lower),
        min_entropy: 4.0,
        what: "a HashiCorp Vault service token (`hvs.`): it reads and writes every secret its policies allow, and can create child tokens, until it is revoked or expires",
        rotate: "Revoke it with `vault token revoke hvs.…` (add `-mode=orphan` to keep its children, otherwise they go too), or by accessor with `vault token revoke -accessor ACCESSOR` found in the audit log; rotate the secrets its policies could read, and have the client authenticate through an auth method (AppRole, Kubernetes, OIDC) instead of a static token",
        example: "VAULT_TOKEN=hvs.…",
        fixed: "# vault agent auto-auth, or VAULT_TOKEN from a short-lived login at run time",
        fires: [
            "export VAULT_TOKEN=hvs.PP7rEND1O8T4XpX387rEz9iR\n",
            "curl -H \"X-Vault-Token: hvs.CAESI5LIxthphvVgogvM02ppJT5o_iryIPMkq_cX5DUNTZEMEnc8b8fasF0OCrqaJoNe67-2uvtP11e8PBlP4EdlWQvYkz2\" https://vault.acme.io/v1/secret/data/app\n",
        ],
        clean: [
            "export VAULT_TOKEN=hvs.MMRKD7XMy6RwN94NS125\n",
            "export VAULT_TOKEN=hvs.xxxxxxxxxxxxxxxxxxxxxxxx\n",
            "import hvs.configuration_loader_helpers\n",
        ],
    },
    detector! {
        id: "FG2088",
        slug: "vault-batch-token",
        title: "HashiCorp Vault batch token",
        provider: "HashiCorp Vault",
        severity: Critical,
        keywords: ["hvb."],
        pattern: r"(?-u)\b(?P<secret>hvb\.[A-Za-z0-9_-]{24,})(?:[^A-Za-z0-9_-]|(?m:$))",
        validate: Some(checksums::has_upper_and_lower),
        min_entropy: 4.0,
        what: "a HashiCorp Vault batch token (`hvb.`): a non-renewable token that reads the secrets its policies allow until its TTL ends; batch tokens cannot be revoked one by one",
        rotate: "A batch token dies with its parent: revoke the parent token or the lease of the auth method login that created it (`vault token revoke PARENT`, `vault lease revoke -prefix auth/approle/login`), or wait for its short TTL; rotate the secrets its policies could read",
        example: "VAULT_TOKEN=hvb.…",
        fixed: "# vault agent auto-auth at run time",
        fires: [
            "VAULT_TOKEN=hvb.AAAAAQq96_QhjzB06d0PK9uO5arFgT4c5iNkhytKpVjTHsVOhB4xWxlQgzHaBzConM9GJakuc-QflteFaHYBhETSPHGDeLC9CZBT8QPGQFo8cuuxrIlzVGPNAusUxer4bX6B_E7s\n",
            "vault:\n  token: \"hvb.OYtJBx0XLjIcc08S09ryJaMdfGIE4kMP3as5kexUjxWTFsOfXl8RukgMCU42H8e9WHGE1yFuZFdFfnH4Il_q-WJczunyn2wr976Lwmv4BnhUZ2iJxyjWnTTj\"\n",
        ],
        clean: [
            "VAULT_TOKEN=hvb.qVskLopKiqN9\n",
            "VAULT_TOKEN=hvb.<batch-token>\n",
            "VAULT_TOKEN=hvb.${BATCH_TOKEN}\n",
        ],
    },
    detector! {
        id: "FG2089",
        slug: "vault-recovery-token",
        title: "HashiCorp Vault recovery token",
        provider: "HashiCorp Vault",
        severity: High,
        keywords: ["hvr."],
        pattern: r"(?-u)\b(?P<secret>hvr\.[A-Za-z0-9_-]{24,})(?:[^A-Za-z0-9_-]|(?m:$))",
        validate: Some(checksums::has_upper_and_lower),
        min_entropy: 4.0,
        what: "a HashiCorp Vault recovery token (`hvr.`): full access to the storage of a Vault started in recovery mode",
        rotate: "Recovery tokens are generated for one recovery session: restart Vault out of recovery mode, which invalidates it, and generate any new one with `vault operator generate-root -recovery-token` only when needed, from unseal/recovery key holders",
        example: "VAULT_TOKEN=hvr.…",
        fixed: "# never stored: generated with the recovery keys for the recovery session only",
        fires: [
            "VAULT_TOKEN=hvr.LW2TtpOGgra4emenqdjEGOfN vault read sys/raw/core/cluster\n",
            "recovery_token: hvr.Y2hKBQqiZrzHuao4wEsAT34Ea1Ct\n",
        ],
        clean: [
            "VAULT_TOKEN=hvr.jx59DQdrsp\n",
            "VAULT_TOKEN=hvr.$TOKEN\n",
            "VAULT_TOKEN=hvr.xxxxxxxxxxxxxxxxxxxxxxxx\n",
        ],
    },
    detector! {
        id: "FG2090",
        slug: "vault-legacy-token",
        title: "HashiCorp Vault token (legacy format)",
        provider: "HashiCorp Vault",
        severity: Critical,
        keywords: ["vault"],
        pattern: r#"(?-u)(?i:vault[_.-]?(?:dev[_.-]?root[_.-]?)?token(?:[_.-]?id)?|x-vault-token)["']?\]?(?:[ \t]*(?:=>|:=|[:=])[ \t]*|[ \t]+|[ \t]*\r?\n[ \t]*value:[ \t]*)["']?(?P<secret>[sbr]\.[A-Za-z0-9]{24})\b"#,
        validate: None,
        min_entropy: 3.5,
        what: "a HashiCorp Vault token in the format before Vault 1.10 (`s.`, `b.` or `r.` and 24 characters) assigned to `VAULT_TOKEN`, `vault_token` or sent as `X-Vault-Token`",
        rotate: "Revoke it with `vault token revoke s.…` (or by accessor from the audit log), rotate the secrets its policies could read, and have the client log in through an auth method (AppRole, Kubernetes, OIDC) instead of a static token",
        example: "export VAULT_TOKEN=s.…",
        fixed: "# vault agent auto-auth, or a login at run time",
        fires: [
            "export VAULT_TOKEN=s.ewBsR41jziPZpXPlgYq79miu\n",
            "curl --header \"X-Vault-Token: s.X94IPMoYdAkWLKE1ejxxQ1NW\" https://vault.acme.io/v1/secret/app\n",
        ],
        clean: [
            "export VAULT_TOKEN=s.fnaUfMzPNGM2Jw9DEBa8ifT\n",
            "export VAULT_TOKEN=root\n",
            "export VAULT_ADDR=s.0Cl4VqUkfMnTuhOrdzoZmeVz\n",
        ],
    },
    detector! {
        id: "FG2091",
        slug: "doppler-personal-token",
        title: "Doppler personal token",
        provider: "Doppler",
        severity: Critical,
        keywords: ["dp.pt."],
        pattern: r"(?-u)\b(?P<secret>dp\.pt\.[A-Za-z0-9]{40,44})\b",
        validate: None,
        min_entropy: 4.0,
        what: "a Doppler personal token (`dp.pt.`): the user's access to every workplace project and config it can see, secrets included",
        rotate: "Revoke it in the Doppler dashboard (avatar → Tokens → Revoke) or with `doppler configure revoke-token TOKEN`; rotate the secrets of the configs it could read",
        example: "DOPPLER_TOKEN=dp.pt.…",
        fixed: "# `doppler login` keeps the token in the OS keyring",
        fires: [
            "DOPPLER_TOKEN=dp.pt.ruZrOIcMYMN5njbSKA5YfeLoA2G7PTapDJzPDZcFT2n\n",
            "doppler configure set token dp.pt.Y3bRd99POkNQJLSEUAJTI2IOTujVwsUPvJO0LV5zRZh --scope /\n",
        ],
        clean: [
            "DOPPLER_TOKEN=dp.pt.0T1DBVBouQPkUoTBFden7k10jnuB7f\n",
            "DOPPLER_TOKEN=dp.pt.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
            "DOPPLER_TOKEN=dp.pt.${TOKEN}\n",
        ],
    },
    detector! {
        id: "FG2092",
        slug: "doppler-cli-token",
        title: "Doppler CLI token",
        provider: "Doppler",
        severity: Critical,
        keywords: ["dp.ct."],
        pattern: r"(?-u)\b(?P<secret>dp\.ct\.[A-Za-z0-9]{40,44})\b",
        validate: None,
        min_entropy: 4.0,
        what: "a Doppler CLI token (`dp.ct.`), created by `doppler login`: the user's access to every project and config it can see",
        rotate: "Revoke it with `doppler configure revoke-token` on the machine that holds it, or in the dashboard (avatar → Tokens → CLI tokens → Revoke); rotate the secrets it could read",
        example: "token: dp.ct.…",
        fixed: "# the CLI keeps its token in ~/.doppler, outside the repository",
        fires: [
            "scoped:\n  /:\n    token: dp.ct.8MCxhDAI5u11z9zcngzYi4T1lnB9c2VLgoTckqRqhy6\n",
            "DOPPLER_TOKEN='dp.ct.aNV5NY0HYlR4CiRX7K0DdQqcdBKwRWX9uPEncJHxO1X'\n",
        ],
        clean: [
            "DOPPLER_TOKEN='dp.ct.UtF9KnV5KNervE9IVRg8sfmganX7VVyUD6WWCz'\n",
            "DOPPLER_TOKEN='dp.ct.<cli-token>'\n",
            "DOPPLER_TOKEN='dp.ct.dlgBBRwFUKjJvErrW0ebmuSRhC2AxRbgn0oaZlePxUaYBY3mUG'\n",
        ],
    },
    detector! {
        id: "FG2093",
        slug: "doppler-service-token",
        title: "Doppler service token",
        provider: "Doppler",
        severity: High,
        keywords: ["dp.st."],
        pattern: r"(?-u)\b(?P<secret>dp\.st\.(?:[a-z0-9_-]{1,40}\.)?[A-Za-z0-9]{40,44})\b",
        validate: None,
        min_entropy: 4.0,
        what: "a Doppler service token (`dp.st.`): read (or read-write) access to every secret of one project config",
        rotate: "Revoke it in the Doppler dashboard (the project → the config → Access → Service tokens → Revoke) or with `doppler configs tokens revoke TOKEN_SLUG`, create a new one, and rotate the secrets of that config",
        example: "DOPPLER_TOKEN=dp.st.prd.…",
        fixed: "DOPPLER_TOKEN=${{ secrets.DOPPLER_TOKEN }}",
        fires: [
            "DOPPLER_TOKEN=dp.st.prd.Bq8mVj1DU0DQL1ZfoDiIhcbQe86kunQdvwSS5YSZC8o\n",
            "ENV DOPPLER_TOKEN=dp.st.ANPApbM03USxYVt0SvulLUIsYDWHDokFLczgXxYbG86\n",
        ],
        clean: [
            "DOPPLER_TOKEN=dp.st.prd.GaZGASkEA9KQg263aC1g\n",
            "DOPPLER_TOKEN=dp.st.prd.${DOPPLER_TOKEN}\n",
            "DOPPLER_TOKEN=dp.st.dev.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
        ],
    },
    detector! {
        id: "FG2094",
        slug: "doppler-service-account-token",
        title: "Doppler service account token",
        provider: "Doppler",
        severity: High,
        keywords: ["dp.sa."],
        pattern: r"(?-u)\b(?P<secret>dp\.sa\.[A-Za-z0-9]{40,44})\b",
        validate: None,
        min_entropy: 4.0,
        what: "a Doppler service account token (`dp.sa.`): the service account's workplace role and project access, often several projects",
        rotate: "In the Doppler dashboard (Team → Service accounts → the account → API tokens) revoke the token and create a new one with an expiry; rotate the secrets of the projects the account could read",
        example: "DOPPLER_TOKEN=dp.sa.…",
        fixed: "DOPPLER_TOKEN=${{ secrets.DOPPLER_SA_TOKEN }}",
        fires: [
            "DOPPLER_TOKEN=dp.sa.zfL54Yv7iu8qriLpGVi9uNyBsKALM7CEg1Fj55HeQt2\n",
            "provider \"doppler\" {\n  doppler_token = \"dp.sa.UJpelGgKiAQRQTqsjkj5UTwnlfyPaAZw67B03lRxP5t\"\n}\n",
        ],
        clean: [
            "DOPPLER_TOKEN=dp.sa.UutpTtyYpPFN\n",
            "DOPPLER_TOKEN=dp.sa.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
            "doppler_token = var.doppler_token # dp.sa. token from the CI store\n",
        ],
    },
    detector! {
        id: "FG2095",
        slug: "doppler-scim-token",
        title: "Doppler SCIM token",
        provider: "Doppler",
        severity: High,
        keywords: ["dp.scim."],
        pattern: r"(?-u)\b(?P<secret>dp\.scim\.[A-Za-z0-9]{40,44})\b",
        validate: None,
        min_entropy: 4.0,
        what: "a Doppler SCIM token (`dp.scim.`): it provisions and deprovisions the workplace's users and groups, so its holder can add an account of their own",
        rotate: "In the Doppler dashboard (Settings → SCIM) regenerate the token and update the identity provider's provisioning settings",
        example: "scim_token: dp.scim.…",
        fixed: "# kept only in the identity provider's provisioning settings",
        fires: [
            "scim_token: dp.scim.o0TLA4V62OYH2L0bk8NA18nDZKs2yKPFrhfifrrhP2n\n",
            "curl -H \"Authorization: Bearer dp.scim.cCyfBecp4bNrH2cnt7PGWDCB6ocZiQZ9EnUNDDU8Dxn\" https://api.doppler.com/scim/v2/Users\n",
        ],
        clean: [
            "scim_token: dp.scim.JWTQ4Y74V8nsyrX0\n",
            "scim_token: dp.scim.<token>\n",
            "scim_token: dp.scim.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
        ],
    },
    detector! {
        id: "FG2096",
        slug: "doppler-audit-token",
        title: "Doppler audit token",
        provider: "Doppler",
        severity: Medium,
        keywords: ["dp.audit."],
        pattern: r"(?-u)\b(?P<secret>dp\.audit\.[A-Za-z0-9]{40,44})\b",
        validate: None,
        min_entropy: 4.0,
        what: "a Doppler audit token (`dp.audit.`): read-only access to the workplace's audit data (users, activity, access), without secret values",
        rotate: "In the Doppler dashboard (Settings → API → Audit tokens) revoke the token and create a new one for the SIEM integration that needs it",
        example: "DOPPLER_AUDIT_TOKEN=dp.audit.…",
        fixed: "DOPPLER_AUDIT_TOKEN=${DOPPLER_AUDIT_TOKEN}",
        fires: [
            "DOPPLER_AUDIT_TOKEN=dp.audit.lNdYUWcAB7xkErbpiPc9xs6W7qdroJSiZF5RVbDKdgw\n",
            "{\"doppler\": {\"audit_token\": \"dp.audit.WQD0FZ7mE1QPhIJZZ5qoU19GXkX0FmaAOjNRDG5aQ7G\"}}\n",
        ],
        clean: [
            "DOPPLER_AUDIT_TOKEN=dp.audit.X07IksdDherkGAUwNOVW\n",
            "DOPPLER_AUDIT_TOKEN=dp.audit.${TOKEN}\n",
            "DOPPLER_AUDIT_TOKEN=dp.audit.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
        ],
    },
    detector! {
        id: "FG2097",
        slug: "circleci-personal-token",
        title: "CircleCI personal API token",
        provider: "CircleCI",
        severity: High,
        keywords: ["CCIPAT_"],
        pattern: r"(?-u)\b(?P<secret>CCIPAT_[A-Za-z0-9]{20,24}_[a-f0-9]{40})\b",
        validate: None,
        min_entropy: 4.0,
        what: "a CircleCI personal API token (`CCIPAT_`): the user's access to every project they follow, including environment variables, contexts and SSH keys through the API",
        rotate: "Delete it in CircleCI (User settings → Personal API tokens → the token → Remove) and create a new one; rotate the project environment variables and contexts it could read. Check the organization's audit log",
        example: "CIRCLE_TOKEN=CCIPAT_…",
        fixed: "CIRCLE_TOKEN=${CIRCLE_TOKEN}",
        fires: [
            "CIRCLE_TOKEN=CCIPAT_GLoPm5wmNsNcZOZp8l23CH_fd0ce25d10750e7115ff203a2844f0a32d9eb1a5\n",
            "curl -H \"Circle-Token: CCIPAT_PhzlVWrN6fjobEx30YTuEI_89c07c55b0709fa0c7fb917dd6bd03ecc45f60cc\" https://circleci.com/api/v2/me\n",
        ],
        clean: [
            "CIRCLE_TOKEN=CCIPAT_ilIsDDcCXpRNinptapXXPh_949ddb67cb732f4643fa596abf7a17\n",
            "CIRCLE_TOKEN=CCIPAT_NSNEIJOJcSkg93ombXiwCb\n",
            "CIRCLE_TOKEN=CCIPAT_xxxxxxxxxxxxxxxxxxxxxx_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
        ],
    },
    detector! {
        id: "FG2098",
        slug: "circleci-project-token",
        title: "CircleCI project API token",
        provider: "CircleCI",
        severity: Medium,
        keywords: ["CCIPRJ_"],
        pattern: r"(?-u)\b(?P<secret>CCIPRJ_[A-Za-z0-9]{20,24}_[a-f0-9]{40})\b",
        validate: None,
        min_entropy: 4.0,
        what: "a CircleCI project API token (`CCIPRJ_`): API access limited to one project (status, or full read-write on the project, depending on its scope)",
        rotate: "Delete it in CircleCI (Project settings → API permissions → the token → Remove) and create a new one with the narrowest scope (Status or Read-only)",
        example: "CIRCLECI_PROJECT_TOKEN=CCIPRJ_…",
        fixed: "CIRCLECI_PROJECT_TOKEN=${CIRCLECI_PROJECT_TOKEN}",
        fires: [
            "CIRCLECI_PROJECT_TOKEN=CCIPRJ_NG0Jd4AajlmSOYEGS9JBDi_031a2f4d4331864e12204179e77a427f9f84c296\n",
            "[![CircleCI](https://dl.circleci.com/status-badge/img/gh/acme/app/tree/main.svg?circle-token=CCIPRJ_LAbUFrpejK0tQPr7l4OdJs_027597f964447d5a962863feb1212708fe245107)](https://app.circleci.com)\n",
        ],
        clean: [
            "CIRCLECI_PROJECT_TOKEN=CCIPRJ_gijvOks1qwVxFQi3XwVglP_09feb98d6009b247d76b322db9a6db352998cdc\n",
            "CIRCLECI_PROJECT_TOKEN=CCIPRJ_<token>\n",
            "CIRCLECI_PROJECT_TOKEN=CCIPRJ_RSaHkGaQgijw3aCv3OjbpS_01A73001460F036FF0AB1483F8A1E0AC25CBBAEC\n",
        ],
    },
    detector! {
        id: "FG2099",
        slug: "circleci-legacy-token",
        title: "CircleCI API token (legacy format)",
        provider: "CircleCI",
        severity: High,
        keywords: ["circle_", "circle-", "circle.", "circleci", "circletoken", "circleapi", "circlepersonal"],
        pattern: r#"(?-u)(?i:circle[_.-]?(?:ci[_.-]?)?(?:api[_.-]?|personal[_.-]?)?token|circle-token)["']?\]?(?:[ \t]*(?:=>|:=|[:=])[ \t]*|[ \t]+|[ \t]*\r?\n[ \t]*value:[ \t]*)["']?(?P<secret>[a-f0-9]{40})\b"#,
        validate: None,
        min_entropy: 3.0,
        what: "a CircleCI API token in the unprefixed format (40 hex digits) assigned to `CIRCLE_TOKEN`, `CIRCLECI_TOKEN` or sent as `Circle-Token`: personal tokens reach every followed project's settings and variables",
        rotate: "Delete it in CircleCI (User settings → Personal API tokens, or Project settings → API permissions) and create a new token, which will carry the `CCIPAT_` / `CCIPRJ_` prefix; rotate the environment variables it could read",
        example: "CIRCLECI_TOKEN=…",
        fixed: "CIRCLECI_TOKEN=${CIRCLECI_TOKEN}",
        fires: [
            "CIRCLECI_TOKEN=6edf7c41942983fb74303368408ef856c6d15bbb\n",
            "curl --header \"Circle-Token: 7d1c37c137175f88704e4bbb23905cbd7704fae9\" https://circleci.com/api/v2/project/gh/acme/app/pipeline\n",
        ],
        clean: [
            "CIRCLE_SHA1=74d355281f2c0eec849c8a2845552e49e49dd807\n",
            "CIRCLECI_TOKEN=819bd88a10b9f3afd3fa888245d96b911220002\n",
            "CIRCLECI_TOKEN=$CIRCLECI_TOKEN\n",
        ],
    },
    detector! {
        id: "FG2100",
        slug: "heroku-api-key",
        title: "Heroku API key",
        provider: "Heroku",
        severity: Critical,
        keywords: ["heroku"],
        pattern: r#"(?-u)(?i:heroku[_.-]?(?:api[_.-]?|auth[_.-]?|oauth[_.-]?)?(?:key|token))["']?\]?(?:[ \t]*(?:=>|:=|[:=])[ \t]*|[ \t]+|[ \t]*\r?\n[ \t]*value:[ \t]*)["']?(?P<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b"#,
        validate: None,
        min_entropy: 3.0,
        what: "a Heroku API key or OAuth token in the UUID format assigned to `HEROKU_API_KEY`, `heroku_api_key` or `HEROKU_AUTH_TOKEN`: full control of the user's apps, including their config vars (every other secret of the apps)",
        rotate: "Regenerate the API key in the Heroku dashboard (Account settings → API Key → Regenerate) or revoke the OAuth authorization with `heroku authorizations:revoke ID` (see `heroku authorizations`); create a scoped, expiring authorization for CI with `heroku authorizations:create`",
        example: "HEROKU_API_KEY=…",
        fixed: "HEROKU_API_KEY=${{ secrets.HEROKU_API_KEY }}",
        fires: [
            "HEROKU_API_KEY=c298a9dc-fbc5-4512-a386-816aa84455b1\n",
            "      - uses: akhileshns/heroku-deploy@v3.13.15\n        with:\n          heroku_api_key: \"d4ddccab-4c99-4be0-a7eb-e13351eb3b75\"\n          heroku_app_name: acme-api\n",
        ],
        clean: [
            "HEROKU_APP_ID=3d8ad762-5425-4273-a793-3bd566719ef2\n",
            "HEROKU_API_KEY=${{ secrets.HEROKU_API_KEY }}\n",
            "HEROKU_API_KEY=724ef212-e963-4f91-ad60-d921fbe21a4\n",
        ],
    },
    detector! {
        id: "FG2101",
        slug: "heroku-platform-token",
        title: "Heroku platform API token",
        provider: "Heroku",
        severity: Critical,
        keywords: ["HRKU-"],
        pattern: r"(?-u)\b(?P<secret>HRKU-[A-Za-z0-9_-]{30,})(?:[^A-Za-z0-9_-]|(?m:$))",
        validate: None,
        min_entropy: 4.0,
        what: "a Heroku platform API token in the prefixed format (`HRKU-`): the user's or authorization's access to apps, pipelines and config vars",
        rotate: "Revoke it with `heroku authorizations:revoke ID` (list with `heroku authorizations`) or regenerate the API key in Account settings; create a scoped, expiring authorization for CI",
        example: "HEROKU_API_KEY=HRKU-…",
        fixed: "HEROKU_API_KEY=${{ secrets.HEROKU_API_KEY }}",
        fires: [
            "HEROKU_API_KEY=HRKU-AADmK99OIkJ2Hte0MxAOKYHdEnQW3NseXNeWNiw43DP4imYyhE9o__1wtFZH\n",
            "machine api.heroku.com\n  login ops@acme.io\n  password HRKU-AAwpyDedUFiuIRUxkEsPDL6f5-JGPUR4_lnEbmJ9HSJnuJxvOEIIk67S_HRB\n",
        ],
        clean: [
            "HEROKU_API_KEY=HRKU-JLiRucV-BIQHvxDpafG1\n",
            "HEROKU_API_KEY=HRKU-<token>\n",
            "HEROKU_API_KEY=HRKU-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
        ],
    },
    detector! {
        id: "FG2102",
        slug: "netlify-personal-access-token",
        title: "Netlify personal access token",
        provider: "Netlify",
        severity: High,
        keywords: ["nfp_"],
        pattern: r"(?-u)\b(?P<secret>nfp_[A-Za-z0-9]{36,40})\b",
        validate: None,
        min_entropy: 4.0,
        what: "a Netlify personal access token (`nfp_`): deploys, site settings, environment variables and DNS of every team the user belongs to",
        rotate: "Delete it in Netlify (User settings → Applications → Personal access tokens → the token → Delete) and create a new one with an expiry; rotate the site environment variables it could read",
        example: "NETLIFY_AUTH_TOKEN=nfp_…",
        fixed: "NETLIFY_AUTH_TOKEN=${{ secrets.NETLIFY_AUTH_TOKEN }}",
        fires: [
            "NETLIFY_AUTH_TOKEN=nfp_TwTk4GukJjuCiERCnTvbG9BpHcO6hw782EnS\n",
            "netlify deploy --prod --auth nfp_kKmnfLDpxviHJrG75M5pdR6pPSNyIdcA6Ew8 --site acme-docs\n",
        ],
        clean: [
            "NETLIFY_AUTH_TOKEN=nfp_ZNRQL4zMPTeFw0bvgrtIhuMJgcUCxM\n",
            "NETLIFY_AUTH_TOKEN=nfp_YSv0P51MtavWGe6D9RkzTdUX4ue5MFgEMJSzeoQfbEru\n",
            "NETLIFY_AUTH_TOKEN=nfp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
        ],
    },
    detector! {
        id: "FG2103",
        slug: "vercel-token",
        title: "Vercel access token",
        provider: "Vercel",
        severity: High,
        keywords: ["vercel"],
        pattern: r#"(?-u)(?i:vercel[_.-]?(?:api[_.-]?|access[_.-]?|auth[_.-]?|org[_.-]?)?token)["']?\]?(?:[ \t]*(?:=>|:=|[:=])[ \t]*|[ \t]+|[ \t]*\r?\n[ \t]*value:[ \t]*)["']?(?P<secret>[A-Za-z0-9]{24})\b"#,
        validate: Some(checksums::has_upper_and_lower),
        min_entropy: 3.4,
        what: "a Vercel access token (24 characters) assigned to `VERCEL_TOKEN` or a `vercel_api_token` setting: deployments, environment variables (secrets of every environment) and domains of its scope",
        rotate: "Delete it in Vercel (Account settings → Tokens → the token → Delete) and create a new one scoped to one team with an expiry; rotate the projects' environment variables it could read",
        example: "VERCEL_TOKEN=…",
        fixed: "VERCEL_TOKEN=${{ secrets.VERCEL_TOKEN }}",
        fires: [
            "VERCEL_TOKEN=FjlVpgMGWwBEqy7SvbEeumJZ\n",
            "provider \"vercel\" {\n  api_token = var.token\n}\nvercel_api_token = \"dwYQoguRkLjzNg5dUQagZCUJ\"\n",
        ],
        clean: [
            "VERCEL_PROJECT_ID=prj_uK18JMTy73gtG2dTajcrRvjy\n",
            "VERCEL_TOKEN=${{ secrets.VERCEL_TOKEN }}\n",
            "VERCEL_TOKEN=dgm5xft66japdwdfuylu226p\n",
        ],
    },
    detector! {
        id: "FG2104",
        slug: "fly-oauth-token",
        title: "Fly.io OAuth token",
        provider: "Fly.io",
        severity: High,
        keywords: ["fo1_"],
        pattern: r"(?-u)\b(?P<secret>fo1_[A-Za-z0-9_-]{39,})(?:[^A-Za-z0-9_-]|(?m:$))",
        validate: None,
        min_entropy: 4.0,
        what: "a Fly.io user OAuth token (`fo1_`), as written by `fly auth token`: control of every app and organization of the user, including secrets and machines",
        rotate: "Log the session out with `fly auth logout` on the machine that created it, or revoke it in the Fly.io dashboard (Account → Access tokens); for CI create a scoped deploy token instead (`fly tokens create deploy -a APP`)",
        example: "FLY_API_TOKEN=fo1_…",
        fixed: "FLY_API_TOKEN=${{ secrets.FLY_API_TOKEN }}  # a deploy token scoped to one app",
        fires: [
            "FLY_API_TOKEN=fo1_OeIohbIc0mm5qsmmO_fDoF0jUpONyazEGBhk3t9112v\n",
            "access_token: fo1_VGJwmWhxM4tZGVXLx-Ce6wmetD8yEN3N6OEI8Mlhvpk\n",
        ],
        clean: [
            "FLY_API_TOKEN=fo1_iafz7nhN0Q8WwN7Fd8AN\n",
            "FLY_API_TOKEN=fo1_<token>\n",
            "FLY_API_TOKEN=fo1_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
        ],
    },
    detector! {
        id: "FG2105",
        slug: "fly-macaroon-token",
        title: "Fly.io macaroon token",
        provider: "Fly.io",
        severity: High,
        keywords: ["fm2_", "fm1a_", "fm1r_"],
        pattern: r"(?-u)\b(?P<secret>fm[12][ar]?_[A-Za-z0-9+/_=-]{50,}(?:,[ \t]*fm[12][ar]?_[A-Za-z0-9+/_=-]{20,})*)",
        validate: None,
        min_entropy: 4.0,
        what: "a Fly.io macaroon token (`fm2_…`, sent as `FlyV1 fm2_…`): deploy, org or machine access with the caveats it was minted with",
        rotate: "List the tokens with `fly tokens list` (per app or org) and revoke it with `fly tokens revoke ID`, then create a new one with an expiry (`fly tokens create deploy -a APP -x 720h`)",
        example: "FLY_API_TOKEN=\"FlyV1 fm2_…\"",
        fixed: "FLY_API_TOKEN=${{ secrets.FLY_API_TOKEN }}",
        fires: [
            "FLY_API_TOKEN=\"FlyV1 fm2_vN2l27Yo4SYRtlS6wwiCwcEHw6c0H3wWAWdIcyazwGo3woSC/depoJ960OG+cUCQIFECJRoBC3GvwggpwwNo/AjT3a8ppRp4B/ZZrGGydzLeQ2H8fgu6ehj2uK20yMRX/TQcIXM+CbDE+5Z6bgUp9c5CtnFPKR2PEMLxRDGtGBi3iN+vnccJ,fm2_5HGrAQ+nvstvWuV9O+VdRqIJPPzF+behTTKdr0BOo99kFzW48SI4xqX1y8ZZafDpq4vi85kb8Jemhf/d+Gd6m995kMz2eNjDEx30OsdBzIriJkdh7w2BLV8J\"\n",
            "env:\n  FLY_API_TOKEN: fm2_rzFIVh3mk9WbqrBUdmpCvr6bKYT9LFamOrQYGb9ecl1bfdeilDmX739e9PqJ8mAiGk4y0eL+gq+23x+OriRqbkuWfAYIZh6roIY9WIsb/m3Ss6kDbHDlfgTi/idsYzaloRMiMmx5DGljpY7LKnql4hV2EGy6RHIGl9ONQyfG4XrwcZA75AhnCI/U5uPUK3geFBVy2P8d\n",
        ],
        clean: [
            "FLY_API_TOKEN=\"FlyV1 fm2_g+jvb6zrYTjxTdMmX904m9RqHymZBw\"\n",
            "FLY_API_TOKEN=\"FlyV1 ${FLY_TOKEN}\"\n",
            "FLY_API_TOKEN=\"FlyV1 fm2_<token>\"\n",
        ],
    },
    detector! {
        id: "FG2106",
        slug: "pulumi-access-token",
        title: "Pulumi access token",
        provider: "Pulumi",
        severity: High,
        keywords: ["pul-"],
        pattern: r"(?-u)\b(?P<secret>pul-[a-f0-9]{40})\b",
        validate: None,
        min_entropy: 3.3,
        what: "a Pulumi Cloud access token (`pul-` and 40 hex digits): the user's, team's or organization's stacks, their state and configuration (which hold encrypted secrets the service can decrypt), and deployments",
        rotate: "Delete it in Pulumi Cloud (avatar → Personal access tokens, or the organization's Settings → Access tokens → Delete) and create a new one with an expiry; for CI prefer OIDC issuers",
        example: "PULUMI_ACCESS_TOKEN=pul-…",
        fixed: "PULUMI_ACCESS_TOKEN=${{ secrets.PULUMI_ACCESS_TOKEN }}",
        fires: [
            "PULUMI_ACCESS_TOKEN=pul-90dceb6e715449c7f21fdb65244525c3058f2ceb\n",
            "      env:\n        PULUMI_ACCESS_TOKEN: pul-2b805aa2e091f1cc1b6fe2ebdff7ce51461611f8\n",
        ],
        clean: [
            "PULUMI_ACCESS_TOKEN=pul-efb60f53a13e5ee2095574eefefedfff52dc28c\n",
            "PULUMI_ACCESS_TOKEN=pul-1720CBFAF125E5CE3C78F9BBC250EEDC5C3DDEFC\n",
            "key = \"apul-1ca1f5015c5d66ab6ce2386c4d64ed068ae48693\"\n",
        ],
    },
    detector! {
        id: "FG2107",
        slug: "kubeconfig-client-key",
        title: "Client private key in a kubeconfig",
        provider: "Kubernetes",
        severity: Critical,
        keywords: ["client-key-data"],
        pattern: r#"(?-u)client-key-data:[ \t]*["']?(?P<secret>LS0tLS1CRUdJTi[A-Za-z0-9+/]{100,}={0,2})"#,
        validate: Some(checksums::base64_pem_private_key),
        min_entropy: 4.0,
        what: "a kubeconfig `client-key-data` entry: the base64 of a PEM private key (verified to decode to a DER key) that, with its certificate, authenticates to the cluster's API server, often as a cluster administrator",
        rotate: "A client certificate cannot be revoked in Kubernetes: remove the user's RBAC bindings (or, for `system:masters` admin certificates, rotate the cluster CA), let the certificate expire, and issue new credentials through short-lived tokens or an OIDC / cloud IAM login (`aws eks get-token`, `gcloud container clusters get-credentials`, `kubelogin`)",
        example: "users:\n- name: admin\n  user:\n    client-key-data: LS0tLS1CRUdJTi…",
        fixed: "users:\n- name: admin\n  user:\n    exec: {command: kubelogin, args: [get-token]}",
        fires: [
            "users:\n- name: kind-acme\n  user:\n    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t\n    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlCTkFJQkFBS0NBUzBBZ2F3UVFXeXNoeUVaOTJScUlJUUlVTXhuZk1ldENPRENCbnBiRzhia2h5ZC96MUEzCnk2MmpNTkh6R3ljOEVsb0Q1bEYyaW9hMnkzNnFmNEtpZm1oYldvTkZOME9LcnE4YWpqN2VYb3JpZU9uRDZBTWUKTW9BTkRONXhBUFZsTlJLakVrRklDRkdTeEtDU0lVT2xqdFdMSGZZalY5M3B5a2E2a2Nka29vc1djcS9EbVFhcgpaOXJ5MmZzdjR6U3d3VTJaNnIrVE9tRjN3M25RNTlZUVZ6ZDY0V2pXRWtTRVlXZTBGK0Fqd0F4QUt6VWJrUitZCkJTWk1qbU5NcDFMWnlhRVpNSGw4djI2VUtvMEE1L28vbDUxWTJvYjNITGVhOWkxcENOQmN1ZGVFSlg5MURTR2kKQTBxYVowZkVVbjBBNmcxZUliYkp0akFVdWVVZEgyZlNhdnAwQVFZcUU1VnlZU2FXZjh1QVpuREF0OXozNVZuTwpVRjZ5OFpKRkpNMklUbkRJeW1lWTBkY2RmVnVtL2t3TAotLS0tLUVORCBSU0EgUFJJVkFURSBLRVktLS0tLQo=\n",
            "      client-key-data: \"LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlCTkFJQkFBS0NBUzBBMlZtYnZHOUd5Y3ZZZEdyUEhtS0lydTlFZmZldCtROWVRSTJsZjJ3Y3NVenJCZXM1CnM5anVRQzR1dzZlYTF0bFVPekViNkx0TlpSWHZxdHM2d2NJTVcvSXNNQWoybzNuamh1RHcyMlI0bURtSWdFVTQKWTFtbWtWVEgxamx1NjZtNWxTOUtMWUZYeHhleElvV0R6Ly9VbXlRVWY0MmVoeGRFdm5SS2VReXVnKzVuQ2NDTwpDVW5Va0V5bmhUSFNsYThROTQyR3J4UkJ5MzR0UENsQ0d6QXU3eXFqbzBwc0k4ZHhBTWZCcUIyaldQU1MyVEFaCk9ZRmJ2MG5ZTWF4UkZpMnkwcVJmVDNwSGlJTUY1UUNRWmlEQkQzOVFZUER6RXIyWWJvdlZrdm5GdGZnZHRrdkYKSmNJSCtELzVQdjNUbzQ1Y1RQcHJKSkhiaTExa1BPdjMyM0NHdW91UFFzZ3pwOStaa29Yb3RsTDdaMFJqQ1l3VgpGakN1NkludGdIdTJ5b2lnNHhqRlB2QUE5UFZ1UFRraQotLS0tLUVORCBSU0EgUFJJVkFURSBLRVktLS0tLQo=\"\n",
        ],
        clean: [
            "    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNWUlCTkFJQkFBS0NBUzBBTGlDWE5ka3FFVnRKblFsS3dtQTgwTlhyelRqQTVKV1JXTkNIaTI1WE5SUmFXMEhvClFJK3dUL1NmKytqSHZsQXlMVE1uT1ZPVWprWWFMSUpjNDRSMUMxdmlyRjVTVjZWZlpmSURwM3lQajgwa05PUWUKdzJsVFNxbWpOYnpHSzd6TlNsUDFWMFl4L1g1eEYySmxERzhnREVaS0lEL1JSVGw0OVpQcnhqTDhwMVhUZUFWYQpRTCtFRXpLbEl3TkU0Q2hCMVMyRzBzTFpQYmJwZXZZeHhkdTZ5eEUzYnVMY0cxK3ZobWdXL0lwaWdocnFXdHpyCnd6M0JHaDJEL2I1NkJQejNXc0hlYU02V2NZVndUckQ1ajcwMDFyQXVDS2NGQ2VKOTNQK1dZUXlrMWVZbnZRRk4KL1d6OGlsMDVKM1dhUVZ1WGFTUUdJV2FvRnhEN204R0t5dlUwaGxxcndzQkFoeVlRYWRiNjh5Z2RxSXJ3aTA0UgpDTENGNjQvR2JHeFIrbjVxbWFxUG5SSmFkTGZEblBBUAotLS0tLUVORCBSU0EgUFJJVkFURSBLRVktLS0tLQo=\n",
            "    client-key-data: REDACTED\n",
            "    client-certificate-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlCTkFJQkFBS0NBUzBBZFNWTmZHRDJMTmpFVUIwRGNta0RvdTNWNE5MZHRNWC9GL01RQUxleWpHczhtODhBCkw2aEFHMGRIYU9HajFRTFFudjVPR0pwbk9FcTVMWUkvS3dmVmFTeHVZWEZ0ajRYMDF6dlQxeUJxMDVQdUFQZ2kKZUp6a1NOY1lQVHBpU3V1MEFkWWgvYUFndXVhaktneU0wb1d3Z2RPMkgzM2pvZldqRWdIUkk0VTdBcS94a1o4RAplL0Y0ZlNHSUo3Z0FraUlobEhnNlE2dnlQUEl4L0sxUkdpQytBZFcya2kyUnkvRUZWVk95OW5nekNWaGlmakE2CmdBbUdxZnBGbEpMbjVwL2RYWmRnTFBKaFU1ZTlYeWJEQjlRUWhoZWU4dUVOT05ycFl2SVpmckl1aG5ZQUZjdG8KRVJiYnpaQjBMS2RFcnVUQUdrd0Eya2luZXNDdTJyMjZQY3VRMHVBcjdsbFRQWXZlNkhiaEFlSUMxRDdHblQ2cQpGN01XZjVQL2Z4T2R0UmoxMldWeW56bkpVSVJxcDloWgotLS0tLUVORCBSU0EgUFJJVkFURSBLRVktLS0tLQo=\n",
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::DETECTORS;
    use crate::secrets::detector::{compile, reference_matches};

    /// For each detector, in order: the secret each of its `fires` fixtures was written to hold.
    const EXPECTED: &[(&str, &[&str])] = &[
        ("FG2086", &["r5wh9RIrLYR0aS.atlasv1.IbZsxXnYGRSyOZJ9M3eKCrGazlGRxtmYg8J-XpIjNOk6YOTGhVYGb1akVP7SYs3Mjm3", "iMNwWLENEWiXvA.atlasv1.fZS8a2H06x_kbTaKasulm0_qtpQ6RM5lmTyi54c60meTix2BCHoOtbq03nqTXwPPrN0"]),
        ("FG2087", &["hvs.PP7rEND1O8T4XpX387rEz9iR", "hvs.CAESI5LIxthphvVgogvM02ppJT5o_iryIPMkq_cX5DUNTZEMEnc8b8fasF0OCrqaJoNe67-2uvtP11e8PBlP4EdlWQvYkz2"]),
        ("FG2088", &["hvb.AAAAAQq96_QhjzB06d0PK9uO5arFgT4c5iNkhytKpVjTHsVOhB4xWxlQgzHaBzConM9GJakuc-QflteFaHYBhETSPHGDeLC9CZBT8QPGQFo8cuuxrIlzVGPNAusUxer4bX6B_E7s", "hvb.OYtJBx0XLjIcc08S09ryJaMdfGIE4kMP3as5kexUjxWTFsOfXl8RukgMCU42H8e9WHGE1yFuZFdFfnH4Il_q-WJczunyn2wr976Lwmv4BnhUZ2iJxyjWnTTj"]),
        ("FG2089", &["hvr.LW2TtpOGgra4emenqdjEGOfN", "hvr.Y2hKBQqiZrzHuao4wEsAT34Ea1Ct"]),
        ("FG2090", &["s.ewBsR41jziPZpXPlgYq79miu", "s.X94IPMoYdAkWLKE1ejxxQ1NW"]),
        ("FG2091", &["dp.pt.ruZrOIcMYMN5njbSKA5YfeLoA2G7PTapDJzPDZcFT2n", "dp.pt.Y3bRd99POkNQJLSEUAJTI2IOTujVwsUPvJO0LV5zRZh"]),
        ("FG2092", &["dp.ct.8MCxhDAI5u11z9zcngzYi4T1lnB9c2VLgoTckqRqhy6", "dp.ct.aNV5NY0HYlR4CiRX7K0DdQqcdBKwRWX9uPEncJHxO1X"]),
        ("FG2093", &["dp.st.prd.Bq8mVj1DU0DQL1ZfoDiIhcbQe86kunQdvwSS5YSZC8o", "dp.st.ANPApbM03USxYVt0SvulLUIsYDWHDokFLczgXxYbG86"]),
        ("FG2094", &["dp.sa.zfL54Yv7iu8qriLpGVi9uNyBsKALM7CEg1Fj55HeQt2", "dp.sa.UJpelGgKiAQRQTqsjkj5UTwnlfyPaAZw67B03lRxP5t"]),
        ("FG2095", &["dp.scim.o0TLA4V62OYH2L0bk8NA18nDZKs2yKPFrhfifrrhP2n", "dp.scim.cCyfBecp4bNrH2cnt7PGWDCB6ocZiQZ9EnUNDDU8Dxn"]),
        ("FG2096", &["dp.audit.lNdYUWcAB7xkErbpiPc9xs6W7qdroJSiZF5RVbDKdgw", "dp.audit.WQD0FZ7mE1QPhIJZZ5qoU19GXkX0FmaAOjNRDG5aQ7G"]),
        ("FG2097", &["CCIPAT_GLoPm5wmNsNcZOZp8l23CH_fd0ce25d10750e7115ff203a2844f0a32d9eb1a5", "CCIPAT_PhzlVWrN6fjobEx30YTuEI_89c07c55b0709fa0c7fb917dd6bd03ecc45f60cc"]),
        ("FG2098", &["CCIPRJ_NG0Jd4AajlmSOYEGS9JBDi_031a2f4d4331864e12204179e77a427f9f84c296", "CCIPRJ_LAbUFrpejK0tQPr7l4OdJs_027597f964447d5a962863feb1212708fe245107"]),
        ("FG2099", &["6edf7c41942983fb74303368408ef856c6d15bbb", "7d1c37c137175f88704e4bbb23905cbd7704fae9"]),
        ("FG2100", &["c298a9dc-fbc5-4512-a386-816aa84455b1", "d4ddccab-4c99-4be0-a7eb-e13351eb3b75"]),
        ("FG2101", &["HRKU-AADmK99OIkJ2Hte0MxAOKYHdEnQW3NseXNeWNiw43DP4imYyhE9o__1wtFZH", "HRKU-AAwpyDedUFiuIRUxkEsPDL6f5-JGPUR4_lnEbmJ9HSJnuJxvOEIIk67S_HRB"]),
        ("FG2102", &["nfp_TwTk4GukJjuCiERCnTvbG9BpHcO6hw782EnS", "nfp_kKmnfLDpxviHJrG75M5pdR6pPSNyIdcA6Ew8"]),
        ("FG2103", &["FjlVpgMGWwBEqy7SvbEeumJZ", "dwYQoguRkLjzNg5dUQagZCUJ"]),
        ("FG2104", &["fo1_OeIohbIc0mm5qsmmO_fDoF0jUpONyazEGBhk3t9112v", "fo1_VGJwmWhxM4tZGVXLx-Ce6wmetD8yEN3N6OEI8Mlhvpk"]),
        ("FG2105", &["fm2_vN2l27Yo4SYRtlS6wwiCwcEHw6c0H3wWAWdIcyazwGo3woSC/depoJ960OG+cUCQIFECJRoBC3GvwggpwwNo/AjT3a8ppRp4B/ZZrGGydzLeQ2H8fgu6ehj2uK20yMRX/TQcIXM+CbDE+5Z6bgUp9c5CtnFPKR2PEMLxRDGtGBi3iN+vnccJ,fm2_5HGrAQ+nvstvWuV9O+VdRqIJPPzF+behTTKdr0BOo99kFzW48SI4xqX1y8ZZafDpq4vi85kb8Jemhf/d+Gd6m995kMz2eNjDEx30OsdBzIriJkdh7w2BLV8J", "fm2_rzFIVh3mk9WbqrBUdmpCvr6bKYT9LFamOrQYGb9ecl1bfdeilDmX739e9PqJ8mAiGk4y0eL+gq+23x+OriRqbkuWfAYIZh6roIY9WIsb/m3Ss6kDbHDlfgTi/idsYzaloRMiMmx5DGljpY7LKnql4hV2EGy6RHIGl9ONQyfG4XrwcZA75AhnCI/U5uPUK3geFBVy2P8d"]),
        ("FG2106", &["pul-90dceb6e715449c7f21fdb65244525c3058f2ceb", "pul-2b805aa2e091f1cc1b6fe2ebdff7ce51461611f8"]),
        ("FG2107", &["LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlCTkFJQkFBS0NBUzBBZ2F3UVFXeXNoeUVaOTJScUlJUUlVTXhuZk1ldENPRENCbnBiRzhia2h5ZC96MUEzCnk2MmpNTkh6R3ljOEVsb0Q1bEYyaW9hMnkzNnFmNEtpZm1oYldvTkZOME9LcnE4YWpqN2VYb3JpZU9uRDZBTWUKTW9BTkRONXhBUFZsTlJLakVrRklDRkdTeEtDU0lVT2xqdFdMSGZZalY5M3B5a2E2a2Nka29vc1djcS9EbVFhcgpaOXJ5MmZzdjR6U3d3VTJaNnIrVE9tRjN3M25RNTlZUVZ6ZDY0V2pXRWtTRVlXZTBGK0Fqd0F4QUt6VWJrUitZCkJTWk1qbU5NcDFMWnlhRVpNSGw4djI2VUtvMEE1L28vbDUxWTJvYjNITGVhOWkxcENOQmN1ZGVFSlg5MURTR2kKQTBxYVowZkVVbjBBNmcxZUliYkp0akFVdWVVZEgyZlNhdnAwQVFZcUU1VnlZU2FXZjh1QVpuREF0OXozNVZuTwpVRjZ5OFpKRkpNMklUbkRJeW1lWTBkY2RmVnVtL2t3TAotLS0tLUVORCBSU0EgUFJJVkFURSBLRVktLS0tLQo=", "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlCTkFJQkFBS0NBUzBBMlZtYnZHOUd5Y3ZZZEdyUEhtS0lydTlFZmZldCtROWVRSTJsZjJ3Y3NVenJCZXM1CnM5anVRQzR1dzZlYTF0bFVPekViNkx0TlpSWHZxdHM2d2NJTVcvSXNNQWoybzNuamh1RHcyMlI0bURtSWdFVTQKWTFtbWtWVEgxamx1NjZtNWxTOUtMWUZYeHhleElvV0R6Ly9VbXlRVWY0MmVoeGRFdm5SS2VReXVnKzVuQ2NDTwpDVW5Va0V5bmhUSFNsYThROTQyR3J4UkJ5MzR0UENsQ0d6QXU3eXFqbzBwc0k4ZHhBTWZCcUIyaldQU1MyVEFaCk9ZRmJ2MG5ZTWF4UkZpMnkwcVJmVDNwSGlJTUY1UUNRWmlEQkQzOVFZUER6RXIyWWJvdlZrdm5GdGZnZHRrdkYKSmNJSCtELzVQdjNUbzQ1Y1RQcHJKSkhiaTExa1BPdjMyM0NHdW91UFFzZ3pwOStaa29Yb3RsTDdaMFJqQ1l3VgpGakN1NkludGdIdTJ5b2lnNHhqRlB2QUE5UFZ1UFRraQotLS0tLUVORCBSU0EgUFJJVkFURSBLRVktLS0tLQo="]),
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
