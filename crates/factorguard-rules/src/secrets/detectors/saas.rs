//! Secret detectors: SaaS platforms (Atlassian, Linear, Notion, Airtable, HubSpot, Datadog, New
//! Relic, Sentry, PagerDuty, Grafana, Okta, Auth0, Mapbox, Algolia, Firebase, Supabase, Postman,
//! Figma, Asana, Contentful, Twitch, Dropbox, Zendesk, Intercom, Snyk).

use crate::detector;
use crate::secrets::detector::Detector;
use crate::values::decode_base64;

pub static DETECTORS: &[Detector] = &[
    detector! {
        id: "FG2147",
        slug: "atlassian-api-token",
        title: "Atlassian API token",
        provider: "Atlassian",
        severity: High,
        keywords: ["ATATT3"],
        pattern: r"(?-u)\b(?P<secret>ATATT3[A-Za-z0-9_-]{150,250}=[0-9A-Fa-f]{8})\b",
        validate: None,
        min_entropy: 4.5,
        what: "Atlassian Cloud API tokens (`ATATT3…`), which with the account's e-mail act as that user in Jira, Confluence and Bitbucket Cloud",
        rotate: "Sign in as the token's owner at id.atlassian.com/manage-profile/security/api-tokens and click **Revoke** next to the token (organisation admins can revoke users' tokens under admin.atlassian.com → **Security** → **API tokens**); create a new token, preferably one with scopes and an expiry.",
        example: "JIRA_API_TOKEN=ATATT3xFfGF0…",
        fixed: "JIRA_API_TOKEN injected from the secret store",
        fires: [
            "JIRA_API_TOKEN=ATATT3xFfGF0vU0U_f3h4SyozR6zbBYGzflpkx3wmk3WMS66e0k3jsJGlvU0wsdXWqm3aEk-0x40gaeS0DzREIPiW7yJcBTJCLyjXlpujyW4DvE19f4Bw2fpVA6FFtpWTV8OPEchyo9I2R6Tumuh1GEUDRZImH2aFNR08nwErn_e-zD0BilrUd=BD88E6E7\n",
            "confluence:\n  token: \"ATATT3xFfGF0EHRh9T6hDe8YfRLo-vGfDZhSkf60HvwefS_wXXJTu6RO0dA7f039MvFo3bRKXPXQsGqtnxeWgmZPxhS0LVaWVObEb7ZX5QWw3rnlE9vWtN9kIpijt1IGiJGSf1d9e8DRkuH51KDrc-DZn18x9QCN2VjfO3E543rTdXX16H84=2A582AF7\"\n",
        ],
        clean: [
            "JIRA_API_TOKEN=ATATT3xFfGF0J2-nv372aX5KB0R8Y3CyMbfggtw-xWvd2rSz958m\n",
            "JIRA_API_TOKEN=ATATT3xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx=ABCD1234\n",
            "JIRA_API_TOKEN=${JIRA_API_TOKEN}\n",
        ],
    },
    detector! {
        id: "FG2148",
        slug: "linear-api-key",
        title: "Linear API key",
        provider: "Linear",
        severity: High,
        keywords: ["lin_api_"],
        pattern: r"(?-u)\b(?P<secret>lin_api_[A-Za-z0-9]{40})\b",
        validate: None,
        min_entropy: 4.0,
        what: "Linear personal API keys (`lin_api_` + 40 characters), which read and change every issue, project and comment the user can see",
        rotate: "In Linear open **Settings** → **Account** → **Security & access** → **Personal API keys** and revoke the key; workspace admins can revoke members' keys under **Settings** → **API**. Create a new key with only the needed permissions.",
        example: "LINEAR_API_KEY=lin_api_q8Z…",
        fixed: "LINEAR_API_KEY injected from the secret store",
        fires: [
            "LINEAR_API_KEY=lin_api_yH0yQLd2wc4Ct1QedWgVnw9JmOHDa5HLCZlfFMCr\n",
            "const linear = new LinearClient({ apiKey: \"lin_api_GkGVBH9dIQABzZBLDTNS8xfGPPR8VlafHxJN9D5y\" });\n",
        ],
        clean: [
            "LINEAR_API_KEY=lin_api_Y2zC2BomFJ7gt5dmQIRE\n",
            "LINEAR_API_KEY=lin_api_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
            "LINEAR_OAUTH_TOKEN=lin_oauth_03526b8679e2f4a573712433cbd864d522340461059f0136281b272b8a37964e\n",
        ],
    },
    detector! {
        id: "FG2149",
        slug: "notion-integration-token",
        title: "Notion integration token",
        provider: "Notion",
        severity: High,
        keywords: ["secret_", "ntn_"],
        pattern: r"(?-u)\b(?P<secret>secret_[A-Za-z0-9]{43}|ntn_[A-Za-z0-9]{46})\b",
        validate: None,
        min_entropy: 4.2,
        what: "Notion internal integration tokens (`ntn_` + 46 characters, formerly `secret_` + 43), which read and edit every page and database shared with the integration",
        rotate: "Open notion.so/profile/integrations (**Settings** → **Connections** → **Develop or manage integrations**), select the integration and under **Internal integration secret** click **Refresh**; the old token stops working.",
        example: "NOTION_TOKEN=ntn_5172…",
        fixed: "NOTION_TOKEN injected from the secret store",
        fires: [
            "NOTION_TOKEN=ntn_0wxRxFTapdrk19Xtl9ws9fJQ77fncjAA6jVDQ1rsY1Kfz1\n",
            "notion = Client(auth=\"secret_MxFbJ0ey8VTiyG8cViD1eK93q47nFQSeOoOXFfzRLY9\")\n",
        ],
        clean: [
            "SECRET_KEY_BASE=19b3cd995824598454585a013ccb2ceaecc40842204f3900e46ee957118eb48eea8c2cd27e08672e6451e35ece4bf306c3afd75bba3f417b8e1a3b2b37d8dff1\n",
            "NOTION_TOKEN=secret_2DLousOHSuUeLONTF2KW\n",
            "secret_access_key_for_the_production_database = load()\n",
            "NOTION_TOKEN=ntn_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
        ],
    },
    detector! {
        id: "FG2150",
        slug: "airtable-personal-access-token",
        title: "Airtable personal access token",
        provider: "Airtable",
        severity: High,
        keywords: ["airtable"],
        pattern: r"(?-u)\b(?P<secret>pat[A-Za-z0-9]{14}\.[0-9a-f]{64})\b",
        validate: None,
        min_entropy: 3.8,
        what: "Airtable personal access tokens (`pat` + 14 characters, a dot and 64 hex), on a line that mentions Airtable; they read and write the bases in their scope",
        rotate: "Open airtable.com/create/tokens, find the token and choose **Delete** (or **Regenerate**); create a new one limited to the bases and scopes the service needs.",
        example: "AIRTABLE_TOKEN=patQ3…",
        fixed: "AIRTABLE_TOKEN injected from the secret store",
        fires: [
            "AIRTABLE_TOKEN=patRCOl761ev3mnIw.7320679e97242a81cfc4c487dd55b5712f0fb313d23debf09ce2b2c4de86bd03\n",
            "const base = new Airtable({ apiKey: 'patzLqa8zzXpAzWf6.fd3f9ee82c2feedd8ca43152095ad9ceee300a2411dd806588a72eb251aa0efa' }).base(baseId);\n",
        ],
        clean: [
            "AIRTABLE_TOKEN=patXxDEB20wKrH0cZ.0cb7caf8e9c6e06e84d2\n",
            "AIRTABLE_BASE_ID=appkeBYgGTTfWhVxb\n",
            "AIRTABLE_TOKEN=pat00000000000000.0000000000000000000000000000000000000000000000000000000000000000\n",
        ],
    },
    detector! {
        id: "FG2151",
        slug: "hubspot-private-app-token",
        title: "HubSpot private app access token",
        provider: "HubSpot",
        severity: High,
        keywords: ["pat-na", "pat-eu", "pat-ap"],
        pattern: r"(?-u)\b(?P<secret>pat-(?:na|eu|ap)[0-9]-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b",
        validate: None,
        min_entropy: 3.5,
        what: "HubSpot private app access tokens (`pat-na1-<uuid>`, `pat-eu1-…`), which read and change CRM records with the app's scopes",
        rotate: "In HubSpot open **Settings** → **Integrations** → **Private Apps** (or **Development** → **Legacy apps**), select the app → **Auth** → **Rotate** the access token, choosing to expire the old one now.",
        example: "HUBSPOT_TOKEN=pat-na1-1b2c…",
        fixed: "HUBSPOT_TOKEN injected from the secret store",
        fires: [
            "HUBSPOT_ACCESS_TOKEN=pat-na1-ce3d3f93-72e1-42d3-9037-524f9a7e573b\n",
            "hubspot_client = HubSpot(access_token=\"pat-eu1-33b366f5-39b1-4267-9ae9-982a3a4d3608\")\n",
        ],
        clean: [
            "HUBSPOT_ACCESS_TOKEN=pat-na1-00000000-0000-0000-0000-000000000000\n",
            "HUBSPOT_ACCESS_TOKEN=pat-na1-<token>\n",
            "HUBSPOT_PORTAL_ID=80229961 # request 5e8fd456-9b51-441b-9470-64baf297d6d1\n",
        ],
    },
    detector! {
        id: "FG2152",
        slug: "datadog-api-key",
        title: "Datadog API key",
        provider: "Datadog",
        severity: High,
        keywords: ["datadog", "dd_api", "dd-api"],
        pattern: r#"(?-u)(?i:(?:datadog|\bdd)[\w.-]{0,20}?api[_.-]?key)["']?(?:[ \t]*(?::=|=>|[:=])[ \t]*|[ \t]+)["'`]?(?P<secret>[0-9a-f]{32})\b"#,
        validate: None,
        min_entropy: 3.0,
        what: "Datadog API keys (32 hex characters assigned to a Datadog API-key setting or the `DD-API-KEY` header), which submit metrics, logs and events into the organisation",
        rotate: "In Datadog open **Organization Settings** → **API Keys**, create a new key, deploy it to the agents and services, then **Revoke** the old key.",
        example: "DD_API_KEY=4f9c…",
        fixed: "DD_API_KEY injected from the secret store (or the agent's `api_key` from a secret backend)",
        fires: [
            "DD_API_KEY=72b71302a5acf0cd02d8b5ba7d04ef66\n",
            "helm install datadog-agent datadog/datadog --set datadog.apiKey=3ba8aacb90463ecca207f568b78652fd\n",
            "curl -H \"DD-API-KEY: 95e3c09a6126307f367af7096207aeef\" https://api.datadoghq.com/api/v1/validate\n",
        ],
        clean: [
            "DD_API_KEY=${DD_API_KEY}\n",
            "DD_API_KEY=00000000000000000000000000000000\n",
            "DD_SITE=datadoghq.eu  # build 33f52ac5d7341784b3d06f45cada2c94\n",
            "DATADOG_API_KEY=<DATADOG_API_KEY>\n",
        ],
    },
    detector! {
        id: "FG2153",
        slug: "datadog-application-key",
        title: "Datadog application key",
        provider: "Datadog",
        severity: High,
        keywords: ["datadog", "dd_app", "dd-app"],
        pattern: r#"(?-u)(?i:(?:datadog|\bdd)[\w.-]{0,20}?app(?:lication)?[_.-]?key)["']?(?:[ \t]*(?::=|=>|[:=])[ \t]*|[ \t]+)["'`]?(?P<secret>[0-9a-f]{40})\b"#,
        validate: None,
        min_entropy: 3.0,
        what: "Datadog application keys (40 hex characters assigned to a Datadog app-key setting or the `DD-APPLICATION-KEY` header), which with an API key read and change dashboards, monitors and data with the owner's permissions",
        rotate: "In Datadog open **Organization Settings** → **Application Keys** (or **Personal Settings** → **Application Keys**), create a new key with scopes, deploy it, then **Revoke** the old one.",
        example: "DD_APP_KEY=b7e1…",
        fixed: "DD_APP_KEY injected from the secret store",
        fires: [
            "DD_APP_KEY=d54c881b8da66db7058af8f2fe98372ae4b96bf8\n",
            "curl -H \"DD-APPLICATION-KEY: d2b6d2de7358eb62002ee8bce24d0674616be192\" https://api.datadoghq.com/api/v1/dashboard\n",
        ],
        clean: [
            "DD_APP_KEY=${DD_APP_KEY}\n",
            "DD_APP_KEY=b1092603656e01238b36a3b08b46125d\n",
            "DD_APP_NAME=checkout # commit 3f02a75e90c53234de8280c5aa5cd73890a57786\n",
        ],
    },
    detector! {
        id: "FG2154",
        slug: "new-relic-user-api-key",
        title: "New Relic user API key",
        provider: "New Relic",
        severity: High,
        keywords: ["NRAK-"],
        pattern: r"(?-u)\b(?P<secret>NRAK-[A-Z0-9]{27})\b",
        validate: None,
        min_entropy: 3.8,
        what: "New Relic user API keys (`NRAK-` + 27 characters), which query data through NerdGraph and change the account's configuration with the user's permissions",
        rotate: "In New Relic open the user menu → **API keys**, find the key (type **User**), open its menu and choose **Delete**, then **Create a key** for the service.",
        example: "NEW_RELIC_API_KEY=NRAK-7Q…",
        fixed: "NEW_RELIC_API_KEY injected from the secret store",
        fires: [
            "NEW_RELIC_API_KEY=NRAK-N6RDPPBRSGMAUS11Y3MXHEG7H54\n",
            "provider \"newrelic\" {\n  api_key = \"NRAK-7S4XZ0VM00F0XB3PVYDWF9T827I\"\n}\n",
        ],
        clean: [
            "NEW_RELIC_API_KEY=NRAK-XXXXXXXXXXXXXXXXXXXXXXXXXXX\n",
            "NEW_RELIC_API_KEY=NRAK-2ZYVWO3FCZTZ\n",
            "NEW_RELIC_API_KEY=var.new_relic_api_key # NRAK-\n",
        ],
    },
    detector! {
        id: "FG2155",
        slug: "new-relic-license-key",
        title: "New Relic ingest license key",
        provider: "New Relic",
        severity: High,
        keywords: ["NRAL"],
        pattern: r"(?-u)\b(?P<secret>(?:eu01xx[0-9a-f]{30}|[0-9a-f]{36})NRAL)\b",
        validate: None,
        min_entropy: 3.0,
        what: "New Relic ingest license keys (40 characters ending in `NRAL`), which report metrics, events, logs and traces into the account",
        rotate: "In New Relic open the user menu → **API keys**, create a new key of type **Ingest - License**, deploy it to the agents, then delete the old key (the original account license key cannot be deleted: contact support to rotate it).",
        example: "NEW_RELIC_LICENSE_KEY=3c1d…NRAL",
        fixed: "NEW_RELIC_LICENSE_KEY injected from the secret store",
        fires: [
            "NEW_RELIC_LICENSE_KEY=6bae17ffd6293788b0d18a883d841504f15cNRAL\n",
            "  license_key: eu01xxbaa370323cac0cba2fb3abb9765b25NRAL\n",
        ],
        clean: [
            "NEW_RELIC_LICENSE_KEY=4da2dc3a44118f94d454db662ccfabNRAL\n",
            "NEW_RELIC_LICENSE_KEY=000000000000000000000000000000000000NRAL\n",
            "NEW_RELIC_LICENSE_KEY=${NEW_RELIC_LICENSE_KEY} # ends in NRAL\n",
        ],
    },
    detector! {
        id: "FG2156",
        slug: "new-relic-insert-key",
        title: "New Relic Insights insert key",
        provider: "New Relic",
        severity: Medium,
        keywords: ["NRII-"],
        pattern: r"(?-u)\b(?P<secret>NRII-[A-Za-z0-9_-]{32})(?:[^A-Za-z0-9_-]|$)",
        validate: None,
        min_entropy: 3.8,
        what: "New Relic Insights insert keys (`NRII-` + 32 characters), which write arbitrary custom events into the account",
        rotate: "In New Relic open the user menu → **API keys** → **Insights insert keys** (or the account's **Insights** → **Manage data** → **API keys**), delete the key and create a new one.",
        example: "NEW_RELIC_INSERT_KEY=NRII-z9…",
        fixed: "NEW_RELIC_INSERT_KEY injected from the secret store",
        fires: [
            "NEW_RELIC_INSERT_KEY=NRII-23Xug-3jblAOkZL8FD0DyTV0jIQc_Ihl\n",
            "headers: { 'X-Insert-Key': 'NRII-iL7HTM8etTIF7CONfWgc3MU3SF9pGoeG' }\n",
        ],
        clean: [
            "NEW_RELIC_INSERT_KEY=NRII-ghupmUn-a2155Vk5lwmy\n",
            "NEW_RELIC_INSERT_KEY=NRII-<insert key>\n",
            "NEW_RELIC_INSERT_KEY=NRII-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
        ],
    },
    detector! {
        id: "FG2157",
        slug: "sentry-dsn-secret",
        title: "Sentry DSN with a secret key",
        provider: "Sentry",
        severity: Medium,
        keywords: ["sentry"],
        pattern: r"(?-u)(?P<secret>https?://[0-9a-f]{32}:[0-9a-f]{32}@[a-z0-9.-]*sentry[a-z0-9.-]*\.[a-z]{2,}(?::[0-9]{2,5})?/(?:[a-z0-9_-]+/)?[0-9]{1,20})\b",
        validate: None,
        min_entropy: 3.5,
        what: "Sentry DSNs that carry the legacy secret key (`https://<public key>:<secret key>@…sentry…/<project>`). A DSN with only its public key (`https://<key>@o<org>.ingest.sentry.io/<project>`) is meant to be embedded in clients and is not reported",
        rotate: "In Sentry open **Settings** → **Projects** → the project → **Client Keys (DSN)**, click **Generate New Key**, deploy the new DSN (without the secret part: current SDKs do not need it), then **Disable** or **Remove** the old key.",
        example: "SENTRY_DSN=https://8f2c…:41d0…@sentry.acme.net/12",
        fixed: "SENTRY_DSN=https://8f2c…@o4505….ingest.sentry.io/4505… supplied by the environment",
        fires: [
            "SENTRY_DSN=https://30d58c6d2f3f8160ac19b550b57605f0:db1928b565211642a671ff11813b16bd@app.getsentry.com/99217\n",
            "raven_dsn: https://a0c6330f862649c1d32873a8069781ee:3adf602656cc5623f3f8d16a91cf5dfe@sentry.acme-internal.net/12\n",
        ],
        clean: [
            "SENTRY_DSN=https://5b590b6e468c44c4857e554611b996c6@o111493.ingest.sentry.io/1100782\n",
            "Sentry.init({ dsn: \"https://d688a98f3f3c1bdb6aabf0d04bee6b54@o7772038160588792.ingest.us.sentry.io/4519909421822374\" });\n",
            "SENTRY_DSN=https://examplePublicKey@o0.ingest.sentry.io/0\n",
            "SENTRY_DSN=${SENTRY_DSN}\n",
            "SENTRY_DSN=https://00000000000000000000000000000000:00000000000000000000000000000000@sentry.io/1\n",
        ],
    },
    detector! {
        id: "FG2158",
        slug: "sentry-org-auth-token",
        title: "Sentry organization auth token",
        provider: "Sentry",
        severity: High,
        keywords: ["sntrys_"],
        pattern: r"(?-u)\b(?P<secret>sntrys_eyJ[A-Za-z0-9+/]{20,600}={0,2}_[A-Za-z0-9+/]{43})(?:[^A-Za-z0-9+/=_]|$)",
        validate: Some(sentry_org_token),
        min_entropy: 4.5,
        what: "Sentry organization auth tokens (`sntrys_` + base64 JSON naming the organisation + `_` + secret), which upload source maps and debug files and create releases for the organisation",
        rotate: "In Sentry open **Settings** → **Developer Settings** → **Organization Tokens** (or **Auth Tokens**), click **Revoke** next to the token and create a new one for CI.",
        example: "SENTRY_AUTH_TOKEN=sntrys_eyJpYXQi…",
        fixed: "SENTRY_AUTH_TOKEN set as a masked CI secret",
        fires: [
            "SENTRY_AUTH_TOKEN=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\n",
            "sentry:\n  authToken: \"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\"\n",
        ],
        clean: [
            "SENTRY_AUTH_TOKEN=sntrys_eyJdJadQ7Gn8X+EyemHV8J2xq4+GFdYiiBQlHtNbWUkL7t+o6zhFzpigMgf5BIWgvCOsXEDtyQn7O493SERRB4aq4IJ7Hs/QfYipjGCTojbDpZRa8MgtOZ2H_wa8KabtcEFNgI1WQCY38ggj0P40S3WvdgskbBCOscJq\n",
            "SENTRY_AUTH_TOKEN=sntrys_i94Y6PfBLkJA7L4TECNp\n",
            "SENTRY_AUTH_TOKEN=${SENTRY_AUTH_TOKEN}\n",
        ],
    },
    detector! {
        id: "FG2159",
        slug: "sentry-user-auth-token",
        title: "Sentry user auth token",
        provider: "Sentry",
        severity: High,
        keywords: ["sntryu_"],
        pattern: r"(?-u)\b(?P<secret>sntryu_[0-9a-f]{64})\b",
        validate: None,
        min_entropy: 3.5,
        what: "Sentry user auth tokens (`sntryu_` + 64 hex), which call the Sentry API as the user with the token's scopes",
        rotate: "In Sentry open **User Settings** → **Personal Tokens** (**Auth Tokens**) and click **Remove** next to the token; create a new one with the fewest scopes.",
        example: "SENTRY_TOKEN=sntryu_5a9e…",
        fixed: "SENTRY_TOKEN injected from the secret store",
        fires: [
            "SENTRY_TOKEN=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\n",
            "headers = {\"Authorization\": \"Bearer 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\"}\n",
        ],
        clean: [
            "SENTRY_TOKEN=sntryu_5c42e9b1caeb2fbddc19ce4c19248c1b\n",
            "SENTRY_TOKEN=sntryu_0000000000000000000000000000000000000000000000000000000000000000\n",
            "SENTRY_TOKEN=sntryu_<token>\n",
        ],
    },
    detector! {
        id: "FG2160",
        slug: "pagerduty-api-key",
        title: "PagerDuty API or integration key",
        provider: "PagerDuty",
        severity: High,
        keywords: ["pagerduty"],
        pattern: r#"(?-u)(?i:pagerduty[\w.-]{0,30}?(?:key|token))["']?(?:[ \t]*(?::=|=>|[:=])[ \t]*|[ \t]+)["'`]?(?:Token token=)?(?P<secret>[A-Za-z0-9_+-]{20}|[0-9a-f]{32})(?:[^A-Za-z0-9_+-]|$)"#,
        validate: None,
        min_entropy: 3.2,
        what: "PagerDuty REST API keys (20 characters; user tokens start with `u+`) and Events integration or routing keys (32 hex) assigned to a PagerDuty key or token setting: the first read and change schedules, services and incidents, the second trigger incidents",
        rotate: "For an account key open **Integrations** → **API Access Keys** and **Remove** it; for a user token open **My Profile** → **User Settings** → **API Access** and delete it; for an integration key open the service → **Integrations**, delete the integration and add a new one. Create replacements with read-only access where possible.",
        example: "PAGERDUTY_TOKEN=u+Xz…",
        fixed: "PAGERDUTY_TOKEN injected from the secret store",
        fires: [
            "PAGERDUTY_API_KEY=7Feg_PxqFMtDJb0IjMWx\n",
            "PAGERDUTY_TOKEN=u+DlerQ7vFZNsYW6P1qj\n",
            "pagerduty_routing_key: \"61d58a8a82a923c1bfaf26d7abfa19d0\"\n",
        ],
        clean: [
            "PAGERDUTY_API_KEY=${PAGERDUTY_API_KEY}\n",
            "PAGERDUTY_SERVICE_ID=P7OD6IT\n",
            "PAGERDUTY_API_KEY=2NbD2lOOLA8anBRdigFmu8ii\n",
        ],
    },
    detector! {
        id: "FG2161",
        slug: "grafana-cloud-token",
        title: "Grafana Cloud access policy token",
        provider: "Grafana",
        severity: High,
        keywords: ["glc_"],
        pattern: r"(?-u)\b(?P<secret>glc_[A-Za-z0-9+/]{32,400}={0,2})(?:[^A-Za-z0-9+/=]|$)",
        validate: Some(grafana_cloud_token),
        min_entropy: 4.5,
        what: "Grafana Cloud access policy tokens (`glc_` + base64 JSON naming the organisation, the token and its key), which read or write metrics, logs and traces, or manage the stack, with the policy's scopes",
        rotate: "In the Grafana Cloud portal open **Administration** → **Users and access** → **Cloud access policies**, find the policy, and under its tokens click **Delete**; **Add token** to issue a replacement with an expiry.",
        example: "GRAFANA_CLOUD_TOKEN=glc_eyJvIjoi…",
        fixed: "GRAFANA_CLOUD_TOKEN injected from the secret store",
        fires: [
            "GRAFANA_CLOUD_TOKEN=glc_eyJvIjoiMzk3Mjg1IiwibiI6InN0YWNrLTU4MjEzNi1kZXBsb3kiLCJrIjoiWmtaVWZUSzV2QUlHWllJV3AyNjhOek5WIiwibSI6eyJyIjoicHJvZC1ldS13ZXN0LTIifX0=\n",
            "  password: \"glc_eyJvIjoiNDQ3NzM0IiwibiI6InN0YWNrLTM0MDY4MC1kZXBsb3kiLCJrIjoidWdYeUhjdkxXQlk2RVZnS1lrd05LYmZvIiwibSI6eyJyIjoicHJvZC1ldS13ZXN0LTIifX0=\"\n",
        ],
        clean: [
            "GRAFANA_CLOUD_TOKEN=glc_CNwK2oIsXxjszp6KYqvhcMACOycqJBZ2n2MqnTtibqtuLPWFZHScpcWmv3NOrPhADnXSzDeKWusNRAWBjYFXZ5inCkXFDaLiiI2NFpALCWbTwu9iseYRWtQS\n",
            "GRAFANA_CLOUD_TOKEN=glc_EABNpACXJMNy\n",
            "GRAFANA_CLOUD_TOKEN=${GRAFANA_CLOUD_TOKEN}\n",
        ],
    },
    detector! {
        id: "FG2162",
        slug: "grafana-service-account-token",
        title: "Grafana service account token",
        provider: "Grafana",
        severity: High,
        keywords: ["glsa_"],
        pattern: r"(?-u)\b(?P<secret>glsa_[A-Za-z0-9]{32}_[0-9a-f]{8})\b",
        validate: None,
        min_entropy: 4.0,
        what: "Grafana service account tokens (`glsa_` + 32 characters + `_` + 8 hex), which call the Grafana HTTP API with the service account's role",
        rotate: "In Grafana open **Administration** → **Users and access** → **Service accounts**, select the account and delete the token (**Remove**); **Add service account token** with an expiry for the replacement.",
        example: "GRAFANA_TOKEN=glsa_Lm3…",
        fixed: "GRAFANA_TOKEN injected from the secret store",
        fires: [
            "GRAFANA_TOKEN=glsa_bIa3srSnAicdLbxZAPG6gQeUBtJHWIFx_40a7c81b\n",
            "provider \"grafana\" {\n  auth = \"glsa_w1jlZ8NbWo6Fk5DTztEcrr2X9izKxa4D_a8d0ca2b\"\n}\n",
        ],
        clean: [
            "GRAFANA_TOKEN=glsa_FTg7vqORrKEnPLlHmAaJ_87eda1a9\n",
            "GRAFANA_TOKEN=glsa_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_00000000\n",
            "GRAFANA_TOKEN=${GRAFANA_TOKEN}\n",
        ],
    },
    detector! {
        id: "FG2163",
        slug: "grafana-api-key",
        title: "Grafana API key (legacy)",
        provider: "Grafana",
        severity: High,
        keywords: ["eyJrIjoi"],
        pattern: r"(?-u)\b(?P<secret>eyJrIjoi[A-Za-z0-9+/]{30,200}={0,2})(?:[^A-Za-z0-9+/=]|$)",
        validate: Some(grafana_api_key),
        min_entropy: 4.0,
        what: "legacy Grafana API keys (base64 JSON `{\"k\":…,\"n\":…,\"id\":…}`, starting `eyJrIjoi`), which call the Grafana HTTP API with the key's role",
        rotate: "In Grafana open **Administration** → **API keys** (or **Service accounts**, where migrated keys live), delete the key, and replace it with a service account token.",
        example: "GRAFANA_API_KEY=eyJrIjoi…",
        fixed: "GRAFANA_API_KEY injected from the secret store",
        fires: [
            "GRAFANA_API_KEY=eyJrIjoidndyclZEbk5wb2tPMElEbXdxMk1zQkd5WEphSkJGbmIiLCJuIjoiY2ktZGVwbG95IiwiaWQiOjh9\n",
            "headers = {\"Authorization\": \"Bearer eyJrIjoidWJ0OHVxYUNEMDBjWDhka0hWTzJRekNxUURyRlFTbW8iLCJuIjoiYWxlcnRzLWJvdCIsImlkIjo4fQ==\"}\n",
        ],
        clean: [
            "GRAFANA_API_KEY=eyJrIjoiiHvgPsggM35OgoD5Mcp2Wn3ncI9n5A7pSLZQD4o5IaRtdubB3XG0E2wgeDZFW6DY\n",
            "GRAFANA_API_KEY=eyJrIjoim1k3dM1G\n",
            "GRAFANA_API_KEY=${GRAFANA_API_KEY}\n",
        ],
    },
    detector! {
        id: "FG2164",
        slug: "okta-api-token",
        title: "Okta API token",
        provider: "Okta",
        severity: Critical,
        keywords: ["okta", "SSWS"],
        pattern: r"(?-u)(?:^|[^A-Za-z0-9_-])(?P<secret>00[A-Za-z0-9_-]{40})(?:[^A-Za-z0-9_-]|$)",
        validate: None,
        min_entropy: 4.2,
        what: "Okta API tokens (`00` + 40 characters, on a line that mentions Okta or the `SSWS` scheme), which call the Okta management API with the admin permissions of the user who created them",
        rotate: "In the Okta Admin Console open **Security** → **API** → **Tokens**, click **Revoke** next to the token, and create a new one as a dedicated least-privilege admin (or switch the service to OAuth 2.0 scoped tokens).",
        example: "OKTA_API_TOKEN=00Qm…",
        fixed: "OKTA_API_TOKEN injected from the secret store",
        fires: [
            "OKTA_API_TOKEN=00GSlBFXDCEo5i2wKwt89_OpQZ5rOwmBgtX_2eHHfO\n",
            "-H \"Authorization: SSWS 009sSWXo7h_nsDrHU6GZdbu4AsX050f7BplgrejXQY\"\n",
        ],
        clean: [
            "OKTA_CLIENT_ID=0oaXjHHt1CwXcrunKqZr\n",
            "OKTA_API_TOKEN=${OKTA_API_TOKEN}\n",
            "OKTA_ORG_URL=https://acme.okta.com # rev 005cd7876f15195dd98217387e17dc9e53e1d0ce1e\n",
            "OKTA_API_TOKEN=00A9BiobZj7olVVrLSKTbVyFbEv7m2tO\n",
        ],
    },
    detector! {
        id: "FG2165",
        slug: "auth0-client-secret",
        title: "Auth0 client secret",
        provider: "Auth0",
        severity: High,
        keywords: ["auth0"],
        pattern: r#"(?-u)(?i:auth0[\w.-]{0,20}?client[_.-]?secret)["']?(?:[ \t]*(?::=|=>|[:=])[ \t]*|[ \t]+)["'`]?(?P<secret>[A-Za-z0-9_-]{64})(?:[^A-Za-z0-9_-]|$)"#,
        validate: None,
        min_entropy: 4.5,
        what: "Auth0 application client secrets (64 characters assigned to an Auth0 client-secret setting), which obtain tokens as the application — including Management API tokens for machine-to-machine apps",
        rotate: "In the Auth0 Dashboard open **Applications** → the application → **Settings** and click **Rotate** under **Client Secret** (or call `POST /api/v2/clients/{id}/rotate-secret`); deploy the new secret at once, the old one stops working immediately.",
        example: "AUTH0_CLIENT_SECRET=mN4…",
        fixed: "AUTH0_CLIENT_SECRET injected from the secret store",
        fires: [
            "AUTH0_CLIENT_SECRET=NJTbOoFiTXTBUCDhVsAiJMKBQlmk1wPE8v9Q2oxJhoJs3MMZv-W8rPv96AXc0KJ6\n",
            "auth0:\n  auth0_client_secret: 'hK__NQK7UHfs-jnmkYECKz0nKJkUu3En4rE5vQ0aG4v0bVQp04mmEwZ6xr128SWm'\n",
        ],
        clean: [
            "AUTH0_CLIENT_ID=IoGU7cDCeFh9I2hhVbPENmcA4nFEHlpy\n",
            "AUTH0_CLIENT_SECRET=${AUTH0_CLIENT_SECRET}\n",
            "AUTH0_CLIENT_SECRET=NXd3aXly9Rrq-ad7nxXJg0lZ9xpYf5Yn\n",
        ],
    },
    detector! {
        id: "FG2166",
        slug: "auth0-management-api-token",
        title: "Auth0 Management API token",
        provider: "Auth0",
        severity: Critical,
        keywords: ["eyJ"],
        pattern: r"(?-u)\b(?P<secret>eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,})(?:[^A-Za-z0-9_.-]|$)",
        validate: Some(auth0_management_token),
        min_entropy: 4.5,
        what: "Auth0 Management API access tokens (JWTs issued by `https://<tenant>.auth0.com/` for the audience `…/api/v2/`), which read and change the tenant's users, applications and connections within their scopes until they expire",
        rotate: "Management API tokens cannot be revoked one by one: in the Auth0 Dashboard rotate the client secret of the machine-to-machine application that issued it (**Applications** → the app → **Settings** → **Rotate**), or remove that app's grant under **APIs** → **Auth0 Management API** → **Machine to Machine Applications**; lower the token lifetime there too.",
        example: "AUTH0_MGMT_TOKEN=eyJhbGciOiJSUzI1NiIs…",
        fixed: "the service requests a short-lived Management API token at run time with its client credentials",
        fires: [
            "AUTH0_MGMT_TOKEN=eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IkVIN29jV1NweFNSaFVZYWk3UEhFZEgifQ.eyJpc3MiOiJodHRwczovL2FjbWUtcHJvZC5ldS5hdXRoMC5jb20vIiwic3ViIjoiREl5TnZmazkzUXEzdkE3aWtlQlFhNThjTExYZXZPRkdAY2xpZW50cyIsImF1ZCI6Imh0dHBzOi8vYWNtZS1wcm9kLmV1LmF1dGgwLmNvbS9hcGkvdjIvIiwiaWF0IjoxNzE4MjM0MjUxLCJleHAiOjE3MTgzMjA2NTEsInNjb3BlIjoicmVhZDp1c2VycyB1cGRhdGU6dXNlcnMgZGVsZXRlOnVzZXJzIiwiZ3R5IjoiY2xpZW50LWNyZWRlbnRpYWxzIn0.FE45gnXLvMnB-C0q1lJ9b_r-v-3u2tmObIjmi7sWpwp\n",
            "const management = new ManagementClient({ domain, token: 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IjBzdVVUTHRZNWRjWnhLTHRSajRzUWEifQ.eyJpc3MiOiJodHRwczovL2FjbWUtcHJvZC5ldS5hdXRoMC5jb20vIiwic3ViIjoiZzhJRGlrVGRjNWdEZ0R0MGs2MWFNeEdlVlNkVGpwcDNAY2xpZW50cyIsImF1ZCI6Imh0dHBzOi8vYWNtZS1wcm9kLmV1LmF1dGgwLmNvbS9hcGkvdjIvIiwiaWF0IjoxNzExNDQ0NjI1LCJleHAiOjE3MTE1MzEwMjUsInNjb3BlIjoicmVhZDp1c2VycyB1cGRhdGU6dXNlcnMgZGVsZXRlOnVzZXJzIiwiZ3R5IjoiY2xpZW50LWNyZWRlbnRpYWxzIn0.zJomoBXEN-Vo4kG0XC9B_-VFK1SCyLmw9wrCJ7v0nt9' });\n",
        ],
        clean: [
            "API_TOKEN=eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6InJ6Rk1FNldCaUZXMG5jZXp5OHFFMVkifQ.eyJpc3MiOiJodHRwczovL2FjbWUtcHJvZC5ldS5hdXRoMC5jb20vIiwic3ViIjoiZHkzU2dmM1hqNllmYm5OQXFVbmNkTnJEdDdOaTdpUUVAY2xpZW50cyIsImF1ZCI6Imh0dHBzOi8vYXBpLmFjbWUuaW8iLCJpYXQiOjE3MDY5Nzc5NDksImV4cCI6MTcwNzA2NDM0OSwiZ3R5IjoiY2xpZW50LWNyZWRlbnRpYWxzIn0.1AIUQZm2uLo68C1WLQLeKxmZwvOVLgSv78amhXVJWpf\n",
            "SUPABASE_ANON_KEY=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6InNnODVmMWQ0MWc4ejAzNXhrZ3ozIiwicm9sZSI6ImFub24iLCJpYXQiOjE3MjEwMzUyNDgsImV4cCI6MjAzNjM5NTI0OH0.Xz8y_LYxgDgUenUU6Qxdv3qhsosynFMvKMWfPF8T9T5\n",
            "AUTH0_MGMT_TOKEN=eyJhbGciOiJSUzI1NiJ9.eyJXduQrqFr\n",
        ],
    },
    detector! {
        id: "FG2167",
        slug: "mapbox-secret-token",
        title: "Mapbox secret access token",
        provider: "Mapbox",
        severity: High,
        keywords: ["sk.eyJ"],
        pattern: r"(?-u)\b(?P<secret>sk\.eyJ[A-Za-z0-9_-]{10,200}\.[A-Za-z0-9_-]{20,64})(?:[^A-Za-z0-9_-]|$)",
        validate: Some(mapbox_secret_token),
        min_entropy: 4.5,
        what: "Mapbox secret access tokens (`sk.eyJ…`, with secret scopes such as uploads, styles:write or tokens:write). Public tokens (`pk.`) are meant to ship in web and mobile apps and are not reported",
        rotate: "Open account.mapbox.com/access-tokens, find the token and click **Delete** (or **Rotate**); create a replacement with the fewest secret scopes and URL restrictions where they apply.",
        example: "MAPBOX_SECRET_TOKEN=sk.eyJ1Ijoi…",
        fixed: "MAPBOX_SECRET_TOKEN injected from the secret store; only pk. tokens ship to clients",
        fires: [
            "MAPBOX_SECRET_TOKEN=sk.eyJ1IjoidG91cmx5IiwiYSI6ImJyNzF2aTRoY3FueWJ1ODhqajl4eXVycWIifQ.1DmnODa7crwCaEauOz2Ovv\n",
            "export MAPBOX_DOWNLOADS_TOKEN=sk.eyJ1IjoiZmxlZXR2aWV3IiwiYSI6IjVrYmowYXowdWR3OXVjMmFoMTR4dXRtOTcifQ.tqZn1FXo1L1JicIAAaEl-L\n",
        ],
        clean: [
            "MAPBOX_ACCESS_TOKEN=pk.eyJ1IjoidG91cmx5IiwiYSI6InVqZmxtOXM1NXpnaWNhZXR0aW1keThwbHoifQ.Bvb3a_5jq0R7j85epk_kaK\n",
            "MAPBOX_SECRET_TOKEN=sk.eyJL6Q8Nj65xdaXJC9qOA4C6yuTC6kc0BQGKAgtruxbvYWuCHbvVF-xcEt4D2Ic.PYAb5Z6Y4khor8xT-11zWJ\n",
            "MAPBOX_SECRET_TOKEN=sk.eyJ1Ijoi<user>\n",
        ],
    },
    detector! {
        id: "FG2168",
        slug: "algolia-admin-key",
        title: "Algolia admin or write API key",
        provider: "Algolia",
        severity: High,
        keywords: ["algolia"],
        pattern: r#"(?-u)(?i:algolia[_.-]?(?:admin[_.-]?|write[_.-]?)?(?:api[_.-]?)?key)["']?(?:[ \t]*(?::=|=>|[:=])[ \t]*|[ \t]+)["'`]?(?P<secret>[0-9a-f]{32})\b"#,
        validate: None,
        min_entropy: 3.0,
        what: "Algolia admin and write API keys (32 hex characters assigned to an Algolia admin, write or API key setting), which add, change and delete records and indices and manage keys. Search-only keys (`ALGOLIA_SEARCH_KEY`) are meant for browsers and are not reported",
        rotate: "For the admin key open the Algolia dashboard → **Settings** → **API Keys** and click **Regenerate** next to the Admin API Key; for another key open **All API Keys** and delete it, then create a replacement with only the ACLs and indices the service needs.",
        example: "ALGOLIA_ADMIN_KEY=2f8d…",
        fixed: "ALGOLIA_ADMIN_KEY injected from the secret store; browsers get a search-only key",
        fires: [
            "ALGOLIA_ADMIN_KEY=894a438453c11e37461680bd5f1b6045\n",
            "    environment:\n      ALGOLIA_WRITE_API_KEY: \"6963ea09d622673699979e86caefcc1d\"\n",
            "ALGOLIA_API_KEY=\"525e2c91c7e53e08353cee4685af06fb\"\n",
        ],
        clean: [
            "ALGOLIA_SEARCH_KEY=f716a18732619089b0f684c515875ef3\n",
            "ALGOLIA_APP_ID=GNC6JJV8SY\n",
            "ALGOLIA_ADMIN_KEY=${ALGOLIA_ADMIN_KEY}\n",
        ],
    },
    detector! {
        id: "FG2169",
        slug: "firebase-cloud-messaging-server-key",
        title: "Firebase Cloud Messaging server key",
        provider: "Firebase",
        severity: Medium,
        keywords: [":APA91b"],
        pattern: r"(?-u)\b(?P<secret>AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{130,140})(?:[^A-Za-z0-9_-]|$)",
        validate: None,
        min_entropy: 4.5,
        what: "Firebase Cloud Messaging legacy server keys (`AAAA…:APA91b…`), which sent push notifications to every installation of the app. Google shut the legacy FCM API down in 2024, so a key is reported at medium severity; Firebase web API keys (`AIza…`) are public identifiers and are left to the Google API key detector",
        rotate: "In the Firebase console open **Project settings** → **Cloud Messaging**, delete the legacy server key (or disable the legacy API), and move senders to the HTTP v1 API with a service account.",
        example: "FCM_SERVER_KEY=AAAAx8…:APA91b…",
        fixed: "senders use the FCM HTTP v1 API with workload identity or a service account from the secret store",
        fires: [
            "FCM_SERVER_KEY=AAAARBc1zeJ:APA91bnhXFo_FSl-NY_pLrOIUK8O8QfzLi4s-Ow2KbPVIpJvmPOzqsdo3Gows3lbtsTfwLEzloMNOOgykjvNas9Vhn6cbtwyuDOytZy9IPYwo4iimwLv7Gt-E_r1LaHq47tBnoJLWf5B\n",
            "headers = {\"Authorization\": \"key=AAAA3OpiHwf:APA91bQyi3sGQ9sVhh9SATlW4DREow7-eneA_bxqinX-6JM9eEqmGdRRovB4NKQp_JRgPNzHKZVOj8atvSirYHHSqljdlsjhfgYj552GpKolo7XyaUH7oai445xpcYTg_6ny0JoJKS29\"}\n",
        ],
        clean: [
            "device_token = \"EF7gqcDOCOx1Cd0FYsB_cz:APA91b6d05ZKyuKWAvQEAovrLE5WZ2RlJ7c58u8TGF_B9Eef4JoDV4bRomQEmN2BnTBKWpan1OsG_kM6RbCJeINQ3eGTArBgDWofDfs-NJyCk1rgq7C5xfZghF2k6Hsot3VWCN3kfSzE\"\n",
            "FCM_SERVER_KEY=AAAAE6C7rZ7:APA91bfSFgw-Hu8OExw5eu_cfxfoFyB1fUewpS2KyMjNpM\n",
            "FCM_SERVER_KEY=AAAAxxxxxxx:APA91bxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
        ],
    },
    detector! {
        id: "FG2170",
        slug: "supabase-access-token",
        title: "Supabase personal access token",
        provider: "Supabase",
        severity: Critical,
        keywords: ["sbp_"],
        pattern: r"(?-u)\b(?P<secret>sbp_[0-9a-f]{40})\b",
        validate: None,
        min_entropy: 3.3,
        what: "Supabase personal access tokens (`sbp_` + 40 hex), which drive the Management API and CLI for every project and organisation of the user: databases, keys, functions, billing",
        rotate: "Open supabase.com/dashboard/account/tokens, click **Revoke** next to the token, and generate a new one (CI should use a dedicated account or a short-lived token).",
        example: "SUPABASE_ACCESS_TOKEN=sbp_e41c…",
        fixed: "SUPABASE_ACCESS_TOKEN set as a masked CI secret",
        fires: [
            "SUPABASE_ACCESS_TOKEN=sbp_c443635dcdcc66d4c28bf798b1cf714914acde23\n",
            "      - run: supabase link --project-ref abc # token sbp_12152fa958afc9ba997d376cbfb5ca5fcadb91f5\n",
        ],
        clean: [
            "SUPABASE_ACCESS_TOKEN=sbp_d08444e202cefb1c5d73\n",
            "SUPABASE_ACCESS_TOKEN=sbp_0000000000000000000000000000000000000000\n",
            "SUPABASE_ACCESS_TOKEN=${{ secrets.SUPABASE_ACCESS_TOKEN }}\n",
        ],
    },
    detector! {
        id: "FG2171",
        slug: "supabase-service-role-key",
        title: "Supabase service role key",
        provider: "Supabase",
        severity: Critical,
        keywords: ["eyJ"],
        pattern: r"(?-u)\b(?P<secret>eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,})(?:[^A-Za-z0-9_.-]|$)",
        validate: Some(supabase_service_role),
        min_entropy: 4.5,
        what: "Supabase service role keys (JWTs issued by Supabase whose payload says `\"role\":\"service_role\"`), which bypass Row Level Security and read and write every table of the project. Anon keys (`\"role\":\"anon\"`) are meant for clients and are not reported",
        rotate: "In the Supabase dashboard open **Project Settings** → **API** (or **JWT Keys**) and rotate the JWT secret or move to the new API keys and revoke the legacy `service_role` key; every key signed with the old secret stops working, so deploy the new keys to the servers first.",
        example: "SUPABASE_SERVICE_ROLE_KEY=eyJhbGciOiJIUzI1NiIs…",
        fixed: "SUPABASE_SERVICE_ROLE_KEY injected on the server only, from the secret store",
        fires: [
            "SUPABASE_SERVICE_ROLE_KEY=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6Ink5dnpzdHZ1Y21lbXNvOXE1NWVtIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImlhdCI6MTcyNTY4OTA0NCwiZXhwIjoyMDQxMDQ5MDQ0fQ.fIDOXqtzgftm28ss_VxK6Wj026PVsb1i3P8vbdB9QZy\n",
            "const admin = createClient(url, \"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6InFzeXRja3B4bjhkM2kwdXhwMXNxIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImlhdCI6MTcwMTExNTMwMCwiZXhwIjoyMDE2NDc1MzAwfQ.bfeb1_6-qVcjECxDTIZq_uDfDT6YSoNDXkfzbdgBXCW\");\n",
        ],
        clean: [
            "SUPABASE_ANON_KEY=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6Im1ocHUzNnV2YTE3NDhidzhjNHNxIiwicm9sZSI6ImFub24iLCJpYXQiOjE3MDc1MzQ5ODcsImV4cCI6MjAyMjg5NDk4N30.60VJM4QX-6eXAi1ySpVq4eMcl4HxfNtGJsfHI4kqgrW\n",
            "AUTH0_MGMT_TOKEN=eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImJxV1M4SlBoZFZxdTNxbkJORkNKajIifQ.eyJpc3MiOiJodHRwczovL2FjbWUtcHJvZC5ldS5hdXRoMC5jb20vIiwic3ViIjoiYzV3YjE0blM2QXY3YlhQbkhDeHh2Yks5QWRhd3hUbVhAY2xpZW50cyIsImF1ZCI6Imh0dHBzOi8vYWNtZS1wcm9kLmV1LmF1dGgwLmNvbS9hcGkvdjIvIiwiaWF0IjoxNzAwODk2MjQ2LCJleHAiOjE3MDA5ODI2NDYsInNjb3BlIjoicmVhZDp1c2VycyB1cGRhdGU6dXNlcnMgZGVsZXRlOnVzZXJzIiwiZ3R5IjoiY2xpZW50LWNyZWRlbnRpYWxzIn0.WpujRrbC4O-uZgzz6kbsiOGCiwONPMmDjZMfuCHGTKt\n",
            "SERVICE_ROLE_KEY=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.fVfDspZ-UFpIvmtWr3DplhPjXipDAlQc8jOKprXXK2l\n",
            "SUPABASE_SERVICE_ROLE_KEY=${SUPABASE_SERVICE_ROLE_KEY}  # eyJ…\n",
        ],
    },
    detector! {
        id: "FG2172",
        slug: "postman-api-key",
        title: "Postman API key",
        provider: "Postman",
        severity: High,
        keywords: ["PMAK-"],
        pattern: r"(?-u)\b(?P<secret>PMAK-[0-9a-f]{24}-[0-9a-f]{34})\b",
        validate: None,
        min_entropy: 3.5,
        what: "Postman API keys (`PMAK-` + 24 hex + `-` + 34 hex), which read and change the user's workspaces, collections and environments — environments often hold further secrets",
        rotate: "In Postman open **Settings** (avatar) → **API keys**, open the key's menu and choose **Revoke** (or **Regenerate**); team admins can revoke members' keys under **Team** → **Settings** → **API keys**.",
        example: "POSTMAN_API_KEY=PMAK-65f…",
        fixed: "POSTMAN_API_KEY set as a masked CI secret",
        fires: [
            "POSTMAN_API_KEY=PMAK-4c28aa11b6248236f0593d95-793a3797ae282f4fa49eb52dab3ce3b117\n",
            "postman collection run 03ff8f04-f104-4221-9c2e-9d4a42cb9960 --api-key PMAK-41b8b555a23ba05710f5ccd4-e0d0417df2db9c4fcaba2e81a1c043f36b\n",
        ],
        clean: [
            "POSTMAN_API_KEY=PMAK-45114376ea056ed98eea0903\n",
            "POSTMAN_API_KEY=PMAK-xxxxxxxxxxxxxxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
            "POSTMAN_API_KEY={{postman_api_key}}\n",
        ],
    },
    detector! {
        id: "FG2173",
        slug: "figma-personal-access-token",
        title: "Figma personal access token",
        provider: "Figma",
        severity: High,
        keywords: ["figd_"],
        pattern: r"(?-u)\b(?P<secret>figd_[A-Za-z0-9_-]{38,48})(?:[^A-Za-z0-9_-]|$)",
        validate: None,
        min_entropy: 4.2,
        what: "Figma personal access tokens (`figd_`), which read (and with write scopes change) the files, comments and dev resources the user can reach",
        rotate: "In Figma open the account menu → **Settings** → **Security** → **Personal access tokens**, revoke the token, and generate a new one with the fewest scopes and an expiry.",
        example: "FIGMA_TOKEN=figd_Yq…",
        fixed: "FIGMA_TOKEN injected from the secret store",
        fires: [
            "FIGMA_TOKEN=figd_GS3SZPJWtjuEJXnVkl3bleongFjH9o6TwCvjyC4u\n",
            "fetch(url, { headers: { 'X-Figma-Token': 'figd_a-O_LkxwnIiICkvGmor-VFSneUxTr_CHQ_mNzLc8WO9' } })\n",
        ],
        clean: [
            "FIGMA_TOKEN=figd_b7mtoE2OTNUu\n",
            "FIGMA_TOKEN=figd_<token>\n",
            "FIGMA_FILE_KEY=Nu59QE4c3WUSfZZkmHE6nD\n",
        ],
    },
    detector! {
        id: "FG2174",
        slug: "asana-personal-access-token",
        title: "Asana personal access token",
        provider: "Asana",
        severity: High,
        keywords: ["asana"],
        pattern: r"(?-u)(?:^|[^0-9A-Za-z/])(?P<secret>[0-9]/(?:[0-9]{13,19}(?:/[0-9]{13,19})?:)?[0-9a-f]{32})\b",
        validate: None,
        min_entropy: 3.0,
        what: "Asana personal access tokens (`2/<user>/<app>:<32 hex>`, older `1/…` and `0/…` forms) on a line that mentions Asana; they act as the user in every workspace",
        rotate: "In Asana open the **Developer Console** (**My settings** → **Apps** → **Manage developer apps**), find the token under **Personal access tokens** and click **Deauthorize**; create a new token for the service.",
        example: "ASANA_TOKEN=2/1205…/1207…:8c…",
        fixed: "ASANA_TOKEN injected from the secret store",
        fires: [
            "ASANA_TOKEN=2/6938684886521137/2153257062539331:235ddb5df52958ef164176559aee93b2\n",
            "client = asana.Client.access_token('1/4344633836333708:6e75944052166df8ce958e9f5cc75d79')\n",
        ],
        clean: [
            "ASANA_TOKEN=${ASANA_TOKEN}\n",
            "ASANA_WORKSPACE=2338090861438228\n",
            "ASANA_TOKEN=2/5719130616193387/2207444258982969:3eef6981c8c71351e200\n",
        ],
    },
    detector! {
        id: "FG2175",
        slug: "contentful-management-token",
        title: "Contentful management token",
        provider: "Contentful",
        severity: High,
        keywords: ["CFPAT-"],
        pattern: r"(?-u)\b(?P<secret>CFPAT-[A-Za-z0-9_-]{43})(?:[^A-Za-z0-9_-]|$)",
        validate: None,
        min_entropy: 4.2,
        what: "Contentful personal access tokens for the Content Management API (`CFPAT-` + 43 characters), which create, change, publish and delete content in every space the user can reach",
        rotate: "In Contentful open **Settings** (account) → **CMA tokens**, click **Revoke** next to the token, and generate a new one (with an expiry) for the service.",
        example: "CONTENTFUL_MANAGEMENT_TOKEN=CFPAT-9s…",
        fixed: "CONTENTFUL_MANAGEMENT_TOKEN injected from the secret store",
        fires: [
            "CONTENTFUL_MANAGEMENT_TOKEN=CFPAT-7JREhwhECgqbPeEbCiB6NUE-4-aJ4jszxkrpmbhNoag\n",
            "const client = contentful.createClient({ accessToken: 'CFPAT-FxSlugAH3wKQ9GtyL-gPwL-bYA5H1-5TMJHD0tUJqIt' })\n",
        ],
        clean: [
            "CONTENTFUL_DELIVERY_TOKEN=mP2KU9z39BEAEkKrxHRGNFq8okMPl1mD56gHCK6b7lI\n",
            "CONTENTFUL_MANAGEMENT_TOKEN=CFPAT-9Y1SLhg-2eFLNPhNUGN1\n",
            "CONTENTFUL_MANAGEMENT_TOKEN=CFPAT-<token>\n",
        ],
    },
    detector! {
        id: "FG2176",
        slug: "twitch-client-secret",
        title: "Twitch client secret or OAuth token",
        provider: "Twitch",
        severity: High,
        keywords: ["twitch"],
        pattern: r#"(?-u)(?i:twitch[\w.-]{0,20}?(?:secret|token|oauth))["']?(?:[ \t]*(?::=|=>|[:=])[ \t]*|[ \t]+)["'`]?(?:oauth:)?(?P<secret>[a-z0-9]{30})\b"#,
        validate: None,
        min_entropy: 3.8,
        what: "Twitch application client secrets and OAuth access tokens (30 lowercase characters, optionally `oauth:`-prefixed for chat) assigned to a Twitch secret or token setting",
        rotate: "For a client secret open dev.twitch.tv/console/apps → the application → **Manage** and click **New Secret**; for a user token call `POST https://id.twitch.tv/oauth2/revoke` with the client id and token, or disconnect the app under the user's **Settings** → **Connections**.",
        example: "TWITCH_CLIENT_SECRET=k2n…",
        fixed: "TWITCH_CLIENT_SECRET injected from the secret store",
        fires: [
            "TWITCH_CLIENT_SECRET=rw7x7osd6pseyt3mqyr0efy2hj810y\n",
            "twitch_oauth_token = \"oauth:lih0use070t5wjthik11s814f4k3pw\"\n",
        ],
        clean: [
            "TWITCH_CLIENT_ID=ru9wu2ove9sct2qxrv824v2lbv2ksbx\n",
            "TWITCH_CLIENT_SECRET=${TWITCH_CLIENT_SECRET}\n",
            "TWITCH_CLIENT_SECRET=lf9g2bwnkbjnxgh03wpp\n",
        ],
    },
    detector! {
        id: "FG2177",
        slug: "dropbox-access-token",
        title: "Dropbox short-lived access token",
        provider: "Dropbox",
        severity: Medium,
        keywords: ["sl."],
        pattern: r"(?-u)\b(?P<secret>sl\.(?:[A-Za-z]\.)?[A-Za-z0-9_-]{130,1400})(?:[^A-Za-z0-9_-]|$)",
        validate: None,
        min_entropy: 4.5,
        what: "Dropbox short-lived access tokens (`sl.` + 130 or more characters), which read and write the user's or team's files with the app's scopes for a few hours",
        rotate: "Call `POST https://api.dropboxapi.com/2/auth/token/revoke` with the token, or remove the app under the user's dropbox.com **Settings** → **Connected apps**; if a refresh token or app secret sat next to it, regenerate the app secret in the App Console.",
        example: "DROPBOX_TOKEN=sl.BmQ…",
        fixed: "the service exchanges a refresh token from the secret store for short-lived tokens at run time",
        fires: [
            "DROPBOX_TOKEN=sl.B17dn59NJJZiJswu02FhkwUbjrARMkzxiEWL8oguUTuKjE39sJ1En_i3Zf7e7tzKz41o5dMbeowI6z6biGDIQsR-KdDKtBQcJC5joHYPwiXJbt5m3wpPmwvYX7uLzNSeHl1KHW5Hnc\n",
            "dbx = dropbox.Dropbox(\"sl.u.00RYHIi94Q_217T5eufoHQ3UMcM_XNZISMFAUg7wESZcNnagrJUMivQxNUlRowTDEeMa9U_tLLD8S_XpUI-Ugu4h3-76d05IVoD4QlUFE1o6UkmwZ3BrLCYnmwepEjO0-0BWxRS8myde6WrzhHD7Sgt6fNQ3nqabmMmI_S3G3ig4RO9g53Zg7JesITYDK6XyMhlWWiADM4Yb6SNXRk1t7hwhoI-RsuEeQH0UYqFlM4Qi9yCFtTwsjafDqqTLY4a2npFIQo2gd3rxQbjPyECsrEtuWm9KCD2JItoDhTR1119_2fghG36EWUOYNEqdP3DLH9mLQ8Oqhg3x0StVsuSYWj4YdPEkjbBE8iNuLz3cK43cTIb4cn8KwmKN5gSgDbAfxbmv2ji9pGthq_WfAa4aHA-GP-BQFaaDmJeXDqMoCR-LEKUPny9opTWn7RAhdnY14828zNZaTT4AFO6Oy-e-YoY0kQ6adJ534gaAZzgL5yZ4i3XhGmtJWNMlBeX5mQVja6z3sywq_QUZ5tLW1DVlG7GLKQ9wuVswV_v-EvsMNKHb97XFqLX5R5LTjpDmg4McD25PUQ2etZTidwVgBsng2B5d\")\n",
        ],
        clean: [
            "DROPBOX_TOKEN=sl.D4xG6P5DZG96KGDPwYoG_piRJjdqpumXUP2Ze0rE\n",
            "ssl.Ps-1BbRnD9mZWk8KZ8X-qhTv86-cy0MF4mYlArXUuTYx1xmJyVZsvbCArN7t_m-0hTaDmHjZSak5z0rO4EpN6zLCVp601gNkwo41ioyUz6LwcDO819P_MxtjEddMeUpslslMZ-HwGoQ5\n",
            "DROPBOX_TOKEN=${DROPBOX_TOKEN} # sl.…\n",
        ],
    },
    detector! {
        id: "FG2178",
        slug: "zendesk-api-token",
        title: "Zendesk API token",
        provider: "Zendesk",
        severity: High,
        keywords: ["zendesk"],
        pattern: r#"(?-u)(?:(?i:zendesk[\w.-]{0,20}?token)["']?(?:[ \t]*(?::=|=>|[:=])[ \t]*|[ \t]+)["'`]?|/token:)(?P<secret>[A-Za-z0-9]{40})\b"#,
        validate: None,
        min_entropy: 4.0,
        what: "Zendesk API tokens (40 characters assigned to a Zendesk token setting, or in `<email>/token:<token>` basic auth on a line that mentions Zendesk), which act as any agent or admin of the account",
        rotate: "In Zendesk Admin Center open **Apps and integrations** → **APIs** → **API tokens** (Zendesk API), select the token and choose **Delete**; add a new token with a description naming its service.",
        example: "ZENDESK_API_TOKEN=Lw9…",
        fixed: "ZENDESK_API_TOKEN injected from the secret store",
        fires: [
            "ZENDESK_API_TOKEN=5wmKR5VmQ3ZPowC9Dhz3sZ28mXMQR3LGTNPinBdJ\n",
            "curl -u ops@acme.io/token:fSt93eQXXtoOhH7FigYty0hEXfSTJ0IUQugrOeHb https://acme.zendesk.com/api/v2/tickets.json\n",
        ],
        clean: [
            "ZENDESK_API_TOKEN=${ZENDESK_API_TOKEN}\n",
            "ZENDESK_SUBDOMAIN=acme # build 7ae4b7f6735ebd71a75d45fd2f13cd728b263256x\n",
            "ZENDESK_API_TOKEN=39MKmRa3SwSPGyuBV6leflJadlgl3l\n",
        ],
    },
    detector! {
        id: "FG2179",
        slug: "intercom-access-token",
        title: "Intercom access token",
        provider: "Intercom",
        severity: High,
        keywords: ["dG9rOj"],
        pattern: r"(?-u)\b(?P<secret>dG9rOj[A-Za-z0-9+/]{40,120}={0,2})(?:[^A-Za-z0-9+/=]|$)",
        validate: Some(intercom_access_token),
        min_entropy: 4.0,
        what: "Intercom access tokens (base64 of `tok:…`, starting `dG9rOj`), which read and change the workspace's contacts, conversations and articles",
        rotate: "In the Intercom Developer Hub open the app → **Authentication** and regenerate the access token (for OAuth installs, uninstall the app from the workspace), then deploy the new token.",
        example: "INTERCOM_TOKEN=dG9rOjU…",
        fixed: "INTERCOM_TOKEN injected from the secret store",
        fires: [
            "INTERCOM_TOKEN=dG9rOjc0MDk0ZWUyLWI0OWQtNDdmNy1iZjc2LWU0MGRkZjdkNWExZjoxOjA\n",
            "headers = {\"Authorization\": \"Bearer dG9rOjY5NjY0NTFjLTlmOTEtNDlmMC05OGQ4LTI4OWVkYmNjZDk5ODoxOjA=\"}\n",
        ],
        clean: [
            "INTERCOM_TOKEN=dG9rOj8Y7PmhpPCDav7oHQLQFozyI3n0rpxqbit7pjAY99OdAOqjQ3nxv6v8\n",
            "INTERCOM_TOKEN=dG9rOjYX4g7O8dv1\n",
            "INTERCOM_APP_ID=zpos3zw6\n",
        ],
    },
    detector! {
        id: "FG2180",
        slug: "snyk-api-token",
        title: "Snyk API token",
        provider: "Snyk",
        severity: High,
        keywords: ["snyk"],
        pattern: r#"(?-u)(?:(?i:snyk[\w.-]{0,10}?token)["']?(?:[ \t]*(?::=|=>|[:=])[ \t]*|[ \t]+)["'`]?|(?i:snyk)[ \t]+auth[ \t]+)(?P<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b"#,
        validate: None,
        min_entropy: 3.0,
        what: "Snyk API tokens (a UUID assigned to a Snyk token setting or passed to `snyk auth`), which read the organisation's projects and vulnerabilities and change its settings with the user's role",
        rotate: "In Snyk open **Account settings** → **General** → **Auth Token** and click **Revoke & Regenerate**; for a service account open the organisation's **Settings** → **Service accounts** and delete and recreate it.",
        example: "SNYK_TOKEN=3b1e…",
        fixed: "SNYK_TOKEN set as a masked CI secret",
        fires: [
            "SNYK_TOKEN=8f9fb0c3-1c87-456c-8a1b-592095389be3\n",
            "      - run: snyk auth 1643a2e9-ccf2-4347-95e9-c4dcc2d31398\n",
        ],
        clean: [
            "SNYK_TOKEN=${{ secrets.SNYK_TOKEN }}\n",
            "SNYK_ORG_ID=a43a6cdd-62e5-404d-8c23-a287e4b1674d\n",
            "SNYK_TOKEN=00000000-0000-0000-0000-000000000000\n",
        ],
    },
];

/// The payload of a JWT, parsed.
fn jwt_claims(token: &[u8]) -> Option<serde_json::Value> {
    let payload = token.split(|b| *b == b'.').nth(1)?;
    decoded_json(payload)
}

/// `bytes` decoded from base64 (either alphabet) and parsed as a JSON object.
fn decoded_json(bytes: &[u8]) -> Option<serde_json::Value> {
    let text = std::str::from_utf8(bytes).ok()?;
    let json = decode_base64(text)?;
    serde_json::from_slice::<serde_json::Value>(&json)
        .ok()
        .filter(serde_json::Value::is_object)
}

/// `sntrys_<base64 JSON with the issue time>_<secret>`.
fn sentry_org_token(token: &[u8]) -> bool {
    let Some(body) = token.strip_prefix(b"sntrys_") else {
        return false;
    };
    let Some(split) = body.iter().rposition(|b| *b == b'_') else {
        return false;
    };
    decoded_json(&body[..split]).is_some_and(|claims| claims.get("iat").is_some())
}

/// `glc_<base64 JSON naming the organisation, the token and its key>`.
fn grafana_cloud_token(token: &[u8]) -> bool {
    token
        .strip_prefix(b"glc_")
        .and_then(decoded_json)
        .is_some_and(|claims| claims.get("o").is_some() && claims.get("k").is_some())
}

/// Legacy Grafana API keys are base64 JSON `{"k":…,"n":…,"id":…}`.
fn grafana_api_key(token: &[u8]) -> bool {
    decoded_json(token).is_some_and(|claims| {
        claims.get("k").is_some_and(serde_json::Value::is_string)
            && claims.get("n").is_some()
            && claims.get("id").is_some()
    })
}

/// `sk.<base64url JSON naming the user>.<signature>`.
fn mapbox_secret_token(token: &[u8]) -> bool {
    jwt_claims(token)
        .is_some_and(|claims| claims.get("u").is_some_and(serde_json::Value::is_string))
}

/// A JWT issued by an Auth0 tenant for its Management API (`https://<tenant>.auth0.com/api/v2/`).
fn auth0_management_token(token: &[u8]) -> bool {
    let Some(claims) = jwt_claims(token) else {
        return false;
    };
    let issuer_is_auth0 = claims
        .get("iss")
        .and_then(serde_json::Value::as_str)
        .is_some_and(|iss| {
            iss.starts_with("https://") && iss.trim_end_matches('/').ends_with(".auth0.com")
        });
    let is_management = |aud: &serde_json::Value| {
        aud.as_str()
            .is_some_and(|aud| aud.ends_with(".auth0.com/api/v2/"))
    };
    let audience = match claims.get("aud") {
        Some(serde_json::Value::Array(auds)) => auds.iter().any(is_management),
        Some(aud) => is_management(aud),
        None => false,
    };
    issuer_is_auth0 && audience
}

/// A JWT issued by Supabase (`"iss":"supabase"`) whose role bypasses Row Level Security. The
/// self-hosting guide's published demo keys (`"iss":"supabase-demo"`) are samples, not secrets.
fn supabase_service_role(token: &[u8]) -> bool {
    jwt_claims(token).is_some_and(|claims| {
        claims.get("iss").and_then(serde_json::Value::as_str) == Some("supabase")
            && claims.get("role").and_then(serde_json::Value::as_str) == Some("service_role")
    })
}

/// Intercom tokens are base64 of `tok:<printable ASCII>`.
fn intercom_access_token(token: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(token) else {
        return false;
    };
    decode_base64(text).is_some_and(|decoded| {
        decoded.len() > 20
            && decoded.starts_with(b"tok:")
            && decoded.iter().all(|b| b.is_ascii_graphic())
    })
}

#[cfg(test)]
mod tests {
    use super::super::fixture_checks::{check_group, Expect};
    use super::*;

    #[test]
    fn fixtures() {
        let expect = [
            Expect {
                id: "FG2147",
                prefix: "ATATT3",
                len: 180..=200,
            },
            Expect {
                id: "FG2148",
                prefix: "lin_api_",
                len: 48..=48,
            },
            Expect {
                id: "FG2149",
                prefix: "",
                len: 50..=50,
            },
            Expect {
                id: "FG2150",
                prefix: "pat",
                len: 82..=82,
            },
            Expect {
                id: "FG2151",
                prefix: "pat-",
                len: 44..=44,
            },
            Expect {
                id: "FG2152",
                prefix: "",
                len: 32..=32,
            },
            Expect {
                id: "FG2153",
                prefix: "",
                len: 40..=40,
            },
            Expect {
                id: "FG2154",
                prefix: "NRAK-",
                len: 32..=32,
            },
            Expect {
                id: "FG2155",
                prefix: "",
                len: 40..=40,
            },
            Expect {
                id: "FG2156",
                prefix: "NRII-",
                len: 37..=37,
            },
            Expect {
                id: "FG2157",
                prefix: "https://",
                len: 95..=120,
            },
            Expect {
                id: "FG2158",
                prefix: "sntrys_eyJ",
                len: 150..=260,
            },
            Expect {
                id: "FG2159",
                prefix: "sntryu_",
                len: 71..=71,
            },
            Expect {
                id: "FG2160",
                prefix: "",
                len: 20..=32,
            },
            Expect {
                id: "FG2161",
                prefix: "glc_eyJ",
                len: 100..=200,
            },
            Expect {
                id: "FG2162",
                prefix: "glsa_",
                len: 46..=46,
            },
            Expect {
                id: "FG2163",
                prefix: "eyJrIjoi",
                len: 60..=100,
            },
            Expect {
                id: "FG2164",
                prefix: "00",
                len: 42..=42,
            },
            Expect {
                id: "FG2165",
                prefix: "",
                len: 64..=64,
            },
            Expect {
                id: "FG2166",
                prefix: "eyJ",
                len: 300..=500,
            },
            Expect {
                id: "FG2167",
                prefix: "sk.eyJ",
                len: 70..=110,
            },
            Expect {
                id: "FG2168",
                prefix: "",
                len: 32..=32,
            },
            Expect {
                id: "FG2169",
                prefix: "AAAA",
                len: 152..=152,
            },
            Expect {
                id: "FG2170",
                prefix: "sbp_",
                len: 44..=44,
            },
            Expect {
                id: "FG2171",
                prefix: "eyJ",
                len: 150..=250,
            },
            Expect {
                id: "FG2172",
                prefix: "PMAK-",
                len: 64..=64,
            },
            Expect {
                id: "FG2173",
                prefix: "figd_",
                len: 45..=48,
            },
            Expect {
                id: "FG2174",
                prefix: "",
                len: 51..=70,
            },
            Expect {
                id: "FG2175",
                prefix: "CFPAT-",
                len: 49..=49,
            },
            Expect {
                id: "FG2176",
                prefix: "",
                len: 30..=30,
            },
            Expect {
                id: "FG2177",
                prefix: "sl.",
                len: 140..=610,
            },
            Expect {
                id: "FG2178",
                prefix: "",
                len: 40..=40,
            },
            Expect {
                id: "FG2179",
                prefix: "dG9rOj",
                len: 56..=64,
            },
            Expect {
                id: "FG2180",
                prefix: "",
                len: 36..=36,
            },
        ];
        check_group(DETECTORS, &expect, 2147..=2180);
    }

    fn b64(bytes: &[u8]) -> String {
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
            for i in 0..=chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            }
        }
        out
    }

    fn jwt(payload: &str) -> String {
        format!(
            "eyJhbGciOiJIUzI1NiJ9.{}.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg",
            b64(payload.as_bytes())
        )
    }

    #[test]
    fn sentry_org_token_carries_its_issue_time() {
        let claims = b64(br#"{"iat":1712345678.9,"org":"acme"}"#);
        let secret = "Qm9yZWFsaXMrQ2FzdG9yL1BvbGx1eCtWZWdhK0FsdGFp";
        assert!(sentry_org_token(
            format!("sntrys_{claims}_{secret}").as_bytes()
        ));
        let other = b64(br#"{"org":"acme"}"#);
        assert!(!sentry_org_token(
            format!("sntrys_{other}_{secret}").as_bytes()
        ));
        assert!(!sentry_org_token(b"sntrys_eyJub3QganNvbg_abc"));
        assert!(!sentry_org_token(b"sntrys_"));
    }

    #[test]
    fn grafana_tokens_decode_to_their_json() {
        let cloud = b64(br#"{"o":"123","n":"deploy","k":"a1B2c3","m":{"r":"prod-us-east-0"}}"#);
        assert!(grafana_cloud_token(format!("glc_{cloud}").as_bytes()));
        assert!(!grafana_cloud_token(
            format!("glc_{}", b64(br#"{"n":"x"}"#)).as_bytes()
        ));
        assert!(!grafana_cloud_token(b"glc_Zm9vYmFy"));
        let legacy = b64(br#"{"k":"Zk3q9","n":"ci","id":1}"#);
        assert!(grafana_api_key(legacy.as_bytes()));
        assert!(!grafana_api_key(
            b64(br#"{"k":"Zk3q9","n":"ci"}"#).as_bytes()
        ));
        assert!(!grafana_api_key(b"eyJrIjoi!!"));
    }

    #[test]
    fn mapbox_secret_tokens_name_their_user() {
        assert!(mapbox_secret_token(
            format!("sk.{}.c2lnbmF0dXJl", b64(br#"{"u":"acme","a":"ck1"}"#)).as_bytes()
        ));
        assert!(!mapbox_secret_token(
            format!("sk.{}.c2lnbmF0dXJl", b64(br#"{"a":"ck1"}"#)).as_bytes()
        ));
        assert!(!mapbox_secret_token(b"sk.bm90IGpzb24.c2ln"));
    }

    #[test]
    fn auth0_management_tokens_have_the_management_audience() {
        assert!(auth0_management_token(
            jwt(
                r#"{"iss":"https://acme.eu.auth0.com/","aud":"https://acme.eu.auth0.com/api/v2/"}"#
            )
            .as_bytes()
        ));
        assert!(auth0_management_token(
            jwt(r#"{"iss":"https://acme.auth0.com/","aud":["https://api.acme.io","https://acme.auth0.com/api/v2/"]}"#).as_bytes()
        ));
        assert!(!auth0_management_token(
            jwt(r#"{"iss":"https://acme.auth0.com/","aud":"https://api.acme.io"}"#).as_bytes()
        ));
        assert!(!auth0_management_token(
            jwt(
                r#"{"iss":"https://evil.example/auth0.com","aud":"https://acme.auth0.com/api/v2/"}"#
            )
            .as_bytes()
        ));
        assert!(!auth0_management_token(b"eyJhbGciOiJIUzI1NiJ9.bm9wZQ.c2ln"));
    }

    #[test]
    fn supabase_service_role_is_read_from_the_payload() {
        assert!(supabase_service_role(
            jwt(r#"{"iss":"supabase","role":"service_role"}"#).as_bytes()
        ));
        assert!(!supabase_service_role(
            jwt(r#"{"iss":"supabase","role":"anon"}"#).as_bytes()
        ));
        assert!(!supabase_service_role(
            jwt(r#"{"iss":"supabase-demo","role":"service_role"}"#).as_bytes()
        ));
        assert!(!supabase_service_role(
            jwt(r#"{"iss":"acme-gateway","role":"service_role"}"#).as_bytes()
        ));
        assert!(!supabase_service_role(b"eyJ.eyJ.x"));
    }

    #[test]
    fn intercom_tokens_decode_to_tok() {
        let token = b64(b"tok:3f6a1c2e-8b7d-4e5f-9a0b-1c2d3e4f5a6b:1:0");
        assert!(intercom_access_token(token.as_bytes()));
        assert!(!intercom_access_token(
            b64(b"tok:\x01\x02 binary garbage here!!").as_bytes()
        ));
        assert!(!intercom_access_token(
            b64(b"not-a-token-at-all-really").as_bytes()
        ));
    }
}
