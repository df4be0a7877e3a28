//! Secret detectors: chat, messaging and e-mail providers (Slack, Discord, Telegram, Twilio,
//! SendGrid, Mailgun, Mailchimp, Postmark, Microsoft Teams, Google Chat, Brevo).

use crate::detector;
use crate::secrets::detector::Detector;

pub static DETECTORS: &[Detector] = &[
    detector! {
        id: "FG2110",
        slug: "slack-bot-token",
        title: "Slack bot token",
        provider: "Slack",
        severity: High,
        keywords: ["xoxb-"],
        pattern: r"(?-u)\b(?P<secret>xoxb-[0-9]{8,14}-(?:[0-9]{8,14}-)?[A-Za-z0-9]{24})\b",
        validate: None,
        min_entropy: 3.5,
        what: "Slack bot user OAuth tokens (`xoxb-<team>-<bot>-<24 characters>`), which act as the app's bot in every channel it was added to",
        rotate: "Open api.slack.com/apps → your app → **OAuth & Permissions** and click **Revoke All OAuth Tokens** (or call `auth.revoke` with the token), then reinstall the app to the workspace to issue a new bot token. Turning on token rotation there makes future bot tokens expire after 12 hours.",
        example: "SLACK_BOT_TOKEN=xoxb-7349…",
        fixed: "SLACK_BOT_TOKEN read from the secret store at deploy time; the code calls os.environ[\"SLACK_BOT_TOKEN\"]",
        fires: [
            "SLACK_BOT_TOKEN=xoxb-137972620915-8512607978599-2UXK1J57ldVK8KIJcPsDoL24\n",
            "client = WebClient(token=\"xoxb-98680564727-5520649816330-ASC7Ska4QmmJDXdsNHmh97TZ\")\n",
            "env:\n  - name: SLACK_TOKEN\n    value: \"xoxb-759531479051-311841050558-HqTZUVAN19s5BCSdHYD77F1K\"\n",
        ],
        clean: [
            "SLACK_BOT_TOKEN=xoxb-your-bot-token\n",
            "token: \"xoxb-000000000000-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxx\"\n",
            "SLACK_BOT_TOKEN=xoxb-578219185182-6594002360504-40WC4x9AvXPcx15ltdli\n",
            "SLACK_BOT_TOKEN=${SLACK_BOT_TOKEN}  # xoxb- token from the vault\n",
            "const pattern = \"fooxoxb-981576838367-4342011865025-71DBhCnBvLK5RQMrBPEu9EQS\";\n",
        ],
    },
    detector! {
        id: "FG2111",
        slug: "slack-user-token",
        title: "Slack user token",
        provider: "Slack",
        severity: High,
        keywords: ["xoxp-"],
        pattern: r"(?-u)\b(?P<secret>xoxp-[0-9]{8,14}-[0-9]{8,14}-[0-9]{8,14}-[0-9a-f]{32})\b",
        validate: None,
        min_entropy: 3.3,
        what: "Slack user OAuth tokens (`xoxp-`), which act as the person who installed the app, with every scope they granted, including reading their private channels and direct messages",
        rotate: "Call `auth.revoke` with the token (or open api.slack.com/apps → the app → **OAuth & Permissions** → **Revoke All OAuth Tokens**); the user then re-authorises the app to get a new token. A workspace admin can also remove the app under **Manage apps**.",
        example: "slack_user_token: xoxp-4120…",
        fixed: "slack_user_token: !vault secret/data/slack#user_token",
        fires: [
            "export SLACK_USER_TOKEN=xoxp-721091147062-337493168632-7838646566456-053ceb3f05906ef1d5bc806a9cf73a20\n",
            "{\"slack\": {\"user_token\": \"xoxp-82065773004-643071051699-9720794441362-ddd6a9750b0686924b1ec499fb839a1d\"}}\n",
        ],
        clean: [
            "SLACK_USER_TOKEN=xoxp-XXXXXXXXXXXX-XXXXXXXXXXXX-XXXXXXXXXXXXX-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\n",
            "SLACK_USER_TOKEN=xoxp-967164524053-929373568443-6913766861716-370f684851db423ecff8f97acdea9b6\n",
            "# tokens look like xoxp-<team>-<user>-<app>-<secret>\n",
            "SLACK_USER_TOKEN=xoxp-115428534449-473300164311-9769281008290-yksM2k0xtWZA3YJrmbJkV3bcTcnRajunQ\n",
        ],
    },
    detector! {
        id: "FG2112",
        slug: "slack-app-level-token",
        title: "Slack app-level token",
        provider: "Slack",
        severity: High,
        keywords: ["xapp-"],
        pattern: r"(?-u)\b(?P<secret>xapp-[0-9]-A[A-Z0-9]{6,14}-[0-9]{10,15}-[0-9a-f]{64})\b",
        validate: None,
        min_entropy: 3.5,
        what: "Slack app-level tokens (`xapp-1-A…-…-<64 hex>`), which open Socket Mode connections and read the app's events across every workspace it is installed in",
        rotate: "Open api.slack.com/apps → your app → **Basic Information** → **App-Level Tokens**, select the token and click **Revoke**, then **Generate Token and Scopes** for a new one.",
        example: "SLACK_APP_TOKEN = \"xapp-1-A05…\"",
        fixed: "SLACK_APP_TOKEN = os.environ[\"SLACK_APP_TOKEN\"]",
        fires: [
            "SLACK_APP_TOKEN=xapp-1-AB2N4GKLM42-6734216216114-ca41d3c24927a2a57b270c449868306272e54c0c25eb2086636e1bcfc866eaa9\n",
            "handler = SocketModeHandler(app, \"xapp-1-A8D24UCS9DZ-3826545620249-6e2659138929337c99fcb077c50efc367aa9bd41331c26df4eb48f9b56538b70\")\n",
        ],
        clean: [
            "SLACK_APP_TOKEN=xapp-1-A0000000000-0000000000000-0000000000000000000000000000000000000000000000000000000000000000\n",
            "SLACK_APP_TOKEN=xapp-1-A5HYBKFASWB-7852180452497-30df37c514fd76c06e724e88661caf15b85c8266\n",
            "SLACK_APP_TOKEN=\"${SLACK_APP_TOKEN:?set xapp- token}\"\n",
        ],
    },
    detector! {
        id: "FG2113",
        slug: "slack-configuration-token",
        title: "Slack app configuration token",
        provider: "Slack",
        severity: High,
        keywords: ["xoxe.xox"],
        pattern: r"(?-u)\b(?P<secret>xoxe\.xox[bp]-1-[A-Za-z0-9]{100,250})\b",
        validate: None,
        min_entropy: 4.5,
        what: "Slack app configuration access tokens (`xoxe.xoxp-1-…`), which create, change and delete apps through the App Manifest API",
        rotate: "Open api.slack.com/apps → **Your App Configuration Tokens** and revoke the token (or call `tooling.tokens.rotate` with its refresh token to replace it); configuration tokens expire after 12 hours, but their refresh tokens do not.",
        example: "slack_config_token = \"xoxe.xoxp-1-Mi0y…\"",
        fixed: "slack_config_token = os.environ[\"SLACK_CONFIG_TOKEN\"]",
        fires: [
            "SLACK_CONFIG_TOKEN=xoxe.xoxp-1-jt6cfTYgFVpr0nlvsjno19bpbieWDR7tryZAiFkhlxBjbC4yyBCZFkUwH7240DI1KQO7dZdjMWUeH7eU376sJgTzRfjfCtbq0e5P4JKJuNNQKqVuWY1uaUcOOYHguwjdIXtkhMB4R1uMrYZLopDUWiCG2J\n",
            "  slack_config_token: \"xoxe.xoxb-1-r6jo4RcflKGbCpDykj1u35Us98viNylybZBbHq7Nu1IxBhg2JLkq5QbIjurEJ6HYW8oq4m6AQ7jk9f1YCJu8nStmfMCkXc72LARkuQSLw7zvmgWiQQqteJZbFyecGIFmgMvJwBOwla5WvOAmwBN5hPrbnwyi6iEZ\"\n",
        ],
        clean: [
            "SLACK_CONFIG_TOKEN=xoxe.xoxp-1-iQdMYorkAwD3QOXudCMQXm5V67YxxwzgJNhyIpiY\n",
            "SLACK_CONFIG_TOKEN=xoxe.xoxp-1-<paste the token from api.slack.com/apps>\n",
            "SLACK_CONFIG_TOKEN=xoxe.xoxp-1-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
        ],
    },
    detector! {
        id: "FG2114",
        slug: "slack-refresh-token",
        title: "Slack refresh token",
        provider: "Slack",
        severity: High,
        keywords: ["xoxe-"],
        pattern: r"(?-u)\b(?P<secret>xoxe-1-[A-Za-z0-9]{100,250})\b",
        validate: None,
        min_entropy: 4.5,
        what: "Slack refresh tokens (`xoxe-1-…`), which mint new access tokens for a rotating bot or user token or a configuration token, indefinitely",
        rotate: "Revoke the token family: call `auth.revoke` with a current access token of that installation (or **Revoke All OAuth Tokens** under api.slack.com/apps → the app → **OAuth & Permissions**; for configuration tokens revoke them under **Your App Configuration Tokens**), then reinstall or regenerate to get a new refresh token.",
        example: "SLACK_REFRESH_TOKEN=xoxe-1-My0x…",
        fixed: "SLACK_REFRESH_TOKEN kept in the secret store and written back there after each rotation",
        fires: [
            "SLACK_REFRESH_TOKEN=xoxe-1-uTooRD7Pp8O2gjhaBntsNpRrvtnJDU13EFjkqPBXCDeIM2jGGAOCPASfpJMLjyFXIIc08yyBvn5n4ZIVE8uk3ViiHFnW3Px2fdube5yK9oTpud6EwrUtWj7m2BAobZ4il3HDBJ5GUts1H1WBfu\n",
            "refresh = os.getenv(\"SLACK_REFRESH\", \"xoxe-1-3IK4xdRascm5LB8onw0rjquF8Km4EawT038WrWiYkCxgm4PTgH3bsiIG7S5a3BzXwJRwpSELXvYj6vWVR5hQKGUqs3I9qwqD0ndsVWrGIGZ03ma6slwSeLMoFp72jiCvYLv6xMp0M1P6mZu7CxeDO3\")\n",
        ],
        clean: [
            "SLACK_REFRESH_TOKEN=xoxe-1-1BFQJDVtfQ2fmCQFXSgwbl6uo1YMUIlnHvMRNHEJ42BwTxjJ1jTkbGIiR260\n",
            "SLACK_CONFIG_TOKEN=xoxe.xoxp-1-xF0vJfKoDcZLc9UICk31uqr9T2aZ78Uj2KkrQIHySXjngtEeXOKkqD8gwgTGvFfRdzWkNzMjIZ2A5NLJlU8R03RozKBSaikeTlB0FCWmMwnB9yoPScMhJbChdsqcUdXaBVrnuhfCFk8Xsp8FesBkU3\n",
            "SLACK_REFRESH_TOKEN=\"${SLACK_REFRESH_TOKEN}\" # xoxe-1-…\n",
        ],
    },
    detector! {
        id: "FG2115",
        slug: "slack-incoming-webhook",
        title: "Slack incoming webhook URL",
        provider: "Slack",
        severity: Medium,
        keywords: ["hooks.slack.com/services/"],
        pattern: r"(?-u)(?P<secret>https://hooks\.slack\.com/services/T[A-Z0-9]{8,12}/B[A-Z0-9]{8,12}/[A-Za-z0-9]{24})\b",
        validate: None,
        min_entropy: 4.0,
        what: "Slack incoming webhook URLs (`https://hooks.slack.com/services/T…/B…/…`): anyone holding one can post messages, links and fake alerts into the channel",
        rotate: "Open api.slack.com/apps → the app → **Incoming Webhooks**, remove the webhook URL (the trash icon next to it) and click **Add New Webhook to Workspace** for a new one. For legacy custom-integration webhooks, remove the integration under the workspace's **Manage apps** → **Custom Integrations**.",
        example: "ALERT_WEBHOOK=https://hooks.slack.com/services/T0…/B0…/…",
        fixed: "ALERT_WEBHOOK supplied by the deployment's secret store",
        fires: [
            "SLACK_WEBHOOK_URL=https://hooks.slack.com/services/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\n",
            "  webhook_url: \"https://hooks.slack.com/services/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\"\n",
            "curl -X POST -d '{\"text\":\"deployed\"}' https://hooks.slack.com/services/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\n",
        ],
        clean: [
            "SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX\n",
            "SLACK_WEBHOOK_URL=https://hooks.slack.com/services/TMS0HD6EKBT/BCWAOBDPW4I/AGOa9dHw7bTs\n",
            "SLACK_WEBHOOK_URL=https://hooks.slack.com/services/${SLACK_WEBHOOK_PATH}\n",
            "see https://api.slack.com/messaging/webhooks for hooks.slack.com/services/ URLs\n",
        ],
    },
    detector! {
        id: "FG2116",
        slug: "slack-workflow-webhook",
        title: "Slack workflow webhook URL",
        provider: "Slack",
        severity: Medium,
        keywords: ["hooks.slack.com/workflows/", "hooks.slack.com/triggers/"],
        pattern: r"(?-u)(?P<secret>https://hooks\.slack\.com/(?:workflows/T[A-Z0-9]{8,12}/A[A-Z0-9]{8,12}/[0-9]{15,20}/[A-Za-z0-9]{24}|triggers/T[A-Z0-9]{8,12}/[0-9]{10,20}/[0-9a-f]{32}))\b",
        validate: None,
        min_entropy: 3.8,
        what: "Slack Workflow Builder webhook URLs (`https://hooks.slack.com/workflows/…` and `/triggers/…`): anyone holding one can start the workflow with arbitrary inputs",
        rotate: "In Slack open the workflow in Workflow Builder, edit its **Starts with a webhook** trigger and delete it (or turn the workflow off), then add a new webhook trigger and publish, which issues a new URL.",
        example: "ONCALL_WORKFLOW=https://hooks.slack.com/triggers/T0…/…/…",
        fixed: "ONCALL_WORKFLOW supplied by the deployment's secret store",
        fires: [
            "ONCALL_WORKFLOW_URL=https://hooks.slack.com/triggers/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\n",
            "requests.post(\"https://hooks.slack.com/workflows/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\", json=payload)\n",
        ],
        clean: [
            "ONCALL_WORKFLOW_URL=https://hooks.slack.com/triggers/T00000000/0000000000/00000000000000000000000000000000\n",
            "ONCALL_WORKFLOW_URL=https://hooks.slack.com/triggers/T4KBOCZC5EP/6890578224567/d528bb9d9c391327\n",
            "ONCALL_WORKFLOW_URL=https://hooks.slack.com/workflows/{{ .Values.slack.workflowPath }}\n",
        ],
    },
    detector! {
        id: "FG2117",
        slug: "discord-bot-token",
        title: "Discord bot token",
        provider: "Discord",
        severity: High,
        keywords: ["discord"],
        pattern: r"(?-u)(?i:discord)(?:[^\n]*\n){0,40}?[^\n]*?\b(?P<secret>[MNO][A-Za-z0-9_-]{22,26}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})(?:[^A-Za-z0-9_.-]|$)",
        validate: Some(discord_bot_token),
        min_entropy: 4.0,
        what: "Discord bot tokens (three dot-separated base64 parts, the first the bot's numeric user id) on a line that mentions Discord or up to 40 lines below one (`client.login(…)` in a discord.js bot), which log in as the bot in every server it belongs to",
        rotate: "Open discord.com/developers/applications → your application → **Bot** and click **Reset Token**; the old token stops working at once. Discord also resets tokens it finds in public GitHub repositories.",
        example: "DISCORD_TOKEN=MTIz…",
        fixed: "DISCORD_TOKEN read from the environment: client.run(os.environ[\"DISCORD_TOKEN\"])",
        fires: [
            "DISCORD_TOKEN=NTcwNTY4NjEzMzk2MzcwNzg3Ng.mibeye.gCkhNfn6AjIAqLi6it2y-B11M_EtbyPGfa6Dnu\n",
            "const DISCORD_BOT_TOKEN = 'NDMyOTQyMTEzMzkzNDcyMTgxNg.xT0slc.PiQR8KwPPAprqXT-UUYD7eqDk6GpknvvRHD4q1';\n",
            "discord_token: \"MTk4NTMwMTU4NTg1ODgyMDYy.mlfQbr.JHTTm-DxswcpOn9e1w5Xbuo5zag\"\n",
            "import { Client } from \"discord.js\";\n\nconst client = new Client({ intents: [] });\nclient.login(\"NzExNjA0NTk1OTY4ODM5OTYxMg.Lvij9i.2NNAINvh1JpIIVeB7OMI0kT0lf38JZhSZHGBJf\");\n",
        ],
        clean: [
            "DISCORD_TOKEN=M2K6JRKuekzEyPBlUPadtRvDKg.mygG_j.TWOX0lohA81a2Wo3qL5mtgabC8KWWmvQifvclF\n",
            "DISCORD_TOKEN=<your bot token from the developer portal>\n",
            "discord_jwt = \"eyJhbGciOiJIUzI1NiJ9.iIpD8PNBN2ivcr_Qr0We0kS3MqSwh2CPafkrmCSu.YKqGA3dI4NIowmjRw-ZrW1SgIguZ_9qLowpl_PmKEHL\"\n",
            "DISCORD_TOKEN=${DISCORD_TOKEN}\n",
            "client.login(\"NTQzNjEyNTQ2Mzk5MjEwMzMwNw.ZgYrEB.QjTw6PbaBoIGudeV8Ju_9dC1M6h0TGOl8pZwVP\"); // no mention of the provider anywhere\n",
        ],
    },
    detector! {
        id: "FG2118",
        slug: "discord-webhook",
        title: "Discord webhook URL",
        provider: "Discord",
        severity: Medium,
        keywords: ["discord.com/api/webhooks/", "discordapp.com/api/webhooks/"],
        pattern: r"(?-u)(?P<secret>https://(?:(?:ptb|canary)\.)?discord(?:app)?\.com/api/(?:v[0-9]{1,2}/)?webhooks/[0-9]{17,20}/[A-Za-z0-9_-]{68})(?:[^A-Za-z0-9_-]|$)",
        validate: None,
        min_entropy: 4.0,
        what: "Discord webhook URLs (`https://discord.com/api/webhooks/<id>/<token>`): anyone holding one can post into the channel under any name and avatar",
        rotate: "In Discord open the channel's **Edit Channel** → **Integrations** → **Webhooks**, select the webhook and click **Delete Webhook** (or call `DELETE /webhooks/<id>/<token>`), then create a new one and copy its URL into the secret store.",
        example: "DISCORD_WEBHOOK=https://discord.com/api/webhooks/1187…/…",
        fixed: "DISCORD_WEBHOOK supplied by the deployment's secret store",
        fires: [
            "DISCORD_WEBHOOK=https://discord.com/api/webhooks/8648533552075135393/N8WmcNM7_vBPKRIJOtu-hY3gm7dyOkXqxm5FG0CzuLcZz5cJ18o47kjPwgtiDoiC4kWb\n",
            "  url: https://discordapp.com/api/webhooks/225236735671900141/iTrdWarczC-mMxGvDR-n78o1WY6XQX5KTNg5JG6wW09uTCBRlQa0NxAHAW2fLRFdYAAu\n",
        ],
        clean: [
            "DISCORD_WEBHOOK=https://discord.com/api/webhooks/000000000000000000/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
            "DISCORD_WEBHOOK=https://discord.com/api/webhooks/1209480877728734713/TUn1P6j8Ou9iS--tqUJ60mGpkxH9JeXd51Y6qP7W\n",
            "DISCORD_WEBHOOK=https://discord.com/api/webhooks/{id}/{token}\n",
        ],
    },
    detector! {
        id: "FG2119",
        slug: "telegram-bot-token",
        title: "Telegram bot token",
        provider: "Telegram",
        severity: High,
        keywords: ["telegram", "bot"],
        pattern: r"(?-u)(?:\b|\bbot)(?P<secret>[0-9]{8,10}:AA[A-Za-z0-9_-]{33})(?:[^A-Za-z0-9_-]|$)",
        validate: None,
        min_entropy: 3.8,
        what: "Telegram Bot API tokens (`<bot id>:AA…`, 35 characters after the colon), which read every message sent to the bot and send as it",
        rotate: "In Telegram message @BotFather, send `/revoke`, pick the bot and confirm: the old token stops working and BotFather replies with the new one (`/token` shows it again).",
        example: "TELEGRAM_BOT_TOKEN=6140…:AA…",
        fixed: "TELEGRAM_BOT_TOKEN read from the environment at start-up",
        fires: [
            "TELEGRAM_BOT_TOKEN=9322499087:AANIGFEMvIfZMzVq47ry39g3881c8McnWSy\n",
            "await fetch(`https://api.telegram.org/bot7116886613:AAQwpLMQQ_4tPS4-6hEAZrJj1m8ANjoanDm/sendMessage`, opts)\n",
            "bot = Bot(token=\"452646740:AAnOSzcN2N4yBxAELDPvKObMvH1A257XLRR\")\n",
        ],
        clean: [
            "TELEGRAM_BOT_TOKEN=123456789:AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
            "TELEGRAM_BOT_TOKEN=3800465778:AAPVxNzgWXl9KeuZ6R_uLP\n",
            "TELEGRAM_BOT_TOKEN=7138635248:BBw_iyoZg7GEaIQ7r3rjZ7Cnavqxe-6nmDV\n",
            "TELEGRAM_BOT_TOKEN=\"${TELEGRAM_BOT_TOKEN}\"\n",
        ],
    },
    detector! {
        id: "FG2120",
        slug: "twilio-auth-token",
        title: "Twilio account auth token",
        provider: "Twilio",
        severity: Critical,
        keywords: ["twilio"],
        pattern: r#"(?-u)(?:\bAC[0-9a-f]{32}\b[^\n]{1,100}?\b|(?i:twilio[\w.-]{0,20}?auth[_.-]?token)["']?(?:[ \t]*(?::=|=>|[:=])[ \t]*|[ \t]+)["'`]?)(?P<secret>[0-9a-f]{32})\b"#,
        validate: None,
        min_entropy: 3.0,
        what: "Twilio auth tokens, next to their account SID (`AC…`) or assigned to a Twilio auth-token setting: the account's master credential, which sends messages and calls, reads logs and changes billing",
        rotate: "In the Twilio Console open **Account** → **API keys & tokens** → **Auth tokens**, click **Request a secondary token**, move every client to it, then **Promote** it to primary, which voids the old token. Prefer API keys (`SK…`) over the auth token in applications.",
        example: "client = Client(\"AC1f…\", \"9a3c…\")",
        fixed: "client = Client(os.environ[\"TWILIO_ACCOUNT_SID\"], os.environ[\"TWILIO_AUTH_TOKEN\"])",
        fires: [
            "TWILIO_AUTH_TOKEN=515cbc7f8a2778e0c988dd028c1762cc\n",
            "client = twilio.rest.Client(\"AC5a47a7c89771323227db8ee31867e208\", \"f354f35943099541d4178ccebbbe2b1d\")\n",
            "curl -u AC406a5fa49eab547759dac6985decc87d:904d70a6c4d1ceab81a24f2f2b7f32dd https://api.twilio.com/2010-04-01/Accounts.json\n",
        ],
        clean: [
            "TWILIO_AUTH_TOKEN=your_auth_token\n",
            "TWILIO_ACCOUNT_SID=AC332e9d458371f7a74040e62eba6212f7\n",
            "TWILIO_AUTH_TOKEN=00000000000000000000000000000000\n",
            "twilio_auth_token = os.environ[\"TWILIO_AUTH_TOKEN\"]  # sha cc7fc2db5be4b7e82285a6570e3d801278ac16f3\n",
        ],
    },
    detector! {
        id: "FG2121",
        slug: "twilio-api-key-secret",
        title: "Twilio API key secret",
        provider: "Twilio",
        severity: High,
        keywords: ["twilio"],
        pattern: r#"(?-u)(?:\bSK[0-9a-f]{32}\b[^\n]{1,100}?\b|(?i:twilio[\w.-]{0,20}?api[_.-]?(?:key[_.-]?)?secret)["']?(?:[ \t]*(?::=|=>|[:=])[ \t]*|[ \t]+)["'`]?)(?P<secret>[A-Za-z0-9]{32})\b"#,
        validate: None,
        min_entropy: 3.5,
        what: "Twilio API key secrets, next to their key SID (`SK` + 32 hex) or assigned to a Twilio API-secret setting; with the account SID they act for the account with the key's permissions",
        rotate: "In the Twilio Console open **Account** → **API keys & tokens**, select the key (its SID starts with `SK`) and click **Delete this API key**, or call `DELETE /2010-04-01/Accounts/<AC…>/Keys/<SK…>.json`; create a new key for the application.",
        example: "client = Client(\"SK5e…\", \"h7Qd…\", account_sid)",
        fixed: "client = Client(os.environ[\"TWILIO_API_KEY\"], os.environ[\"TWILIO_API_SECRET\"], account_sid)",
        fires: [
            "TWILIO_API_SECRET=H7NLCDoQt6esfLHdawV6aEM0kWobgvIj\n",
            "const client = twilio('SKa192cd4a818f1c5ecadec495f605f7a5', 'XsPUU9L47ia0rIGPSd1wZhjM9NtZq4qY', { accountSid });\n",
        ],
        clean: [
            "TWILIO_API_KEY=SKe98cad0a086305460606eeddc12b7199\n",
            "TWILIO_API_SECRET=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
            "TWILIO_API_SECRET=${TWILIO_API_SECRET}\n",
            "twilio_api_secret: \"CZGMiatiDWA3tH6hCFzoB8H5\"\n",
        ],
    },
    detector! {
        id: "FG2122",
        slug: "sendgrid-api-key",
        title: "SendGrid API key",
        provider: "SendGrid",
        severity: High,
        keywords: ["SG."],
        pattern: r"(?-u)\b(?P<secret>SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?:[^A-Za-z0-9_-]|$)",
        validate: None,
        min_entropy: 4.5,
        what: "Twilio SendGrid API keys (`SG.` + 22 + `.` + 43 characters), which send mail from your verified domains and, with full access, read contacts and change settings",
        rotate: "In the SendGrid app open **Settings** → **API Keys**, open the key's menu and choose **Delete** (or call `DELETE /v3/api_keys/{api_key_id}`), then **Create API Key** with only the permissions the application needs.",
        example: "SENDGRID_API_KEY=SG.kq3…",
        fixed: "SENDGRID_API_KEY injected from the secret store",
        fires: [
            "SENDGRID_API_KEY=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\n",
            "sg = sendgrid.SendGridAPIClient(api_key=\"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\")\n",
            "ENV SENDGRID_API_KEY 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\n",
        ],
        clean: [
            "SENDGRID_API_KEY=SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
            "SENDGRID_API_KEY=SG.h0q32QCGSyTEVfIhUC0i1z.wvP71fd7qcZzX_sTS3WX4ywB5CV4nI\n",
            "import SG.utils.config  # SG.WySuNJNJDs\n",
            "SENDGRID_API_KEY=${SENDGRID_API_KEY}\n",
        ],
    },
    detector! {
        id: "FG2123",
        slug: "mailgun-api-key",
        title: "Mailgun API key",
        provider: "Mailgun",
        severity: High,
        keywords: ["mailgun"],
        pattern: r"(?-u)\b(?P<secret>key-[0-9a-f]{32}|[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8})\b",
        validate: None,
        min_entropy: 3.2,
        what: "Mailgun private API keys — the older `key-` + 32 hex format and the newer `<32 hex>-<8 hex>-<8 hex>` format — on a line that mentions Mailgun; they send mail as your domains and read logs and suppression lists",
        rotate: "In the Mailgun control panel open the account menu → **API Security** (or **API keys**), delete or deactivate the key, and create a new one; domain sending keys are under **Sending** → **Domain settings** → **Sending API keys**.",
        example: "MAILGUN_API_KEY=key-3ax6…",
        fixed: "MAILGUN_API_KEY injected from the secret store",
        fires: [
            "MAILGUN_API_KEY=key-f9d333cc8e950460f4eafa44e055a7b2\n",
            "mailgun:\n  api_key: cdadfb101208fc72286c34eec6a0cb03-8bb46ead-76a28ff7 # mailgun private key\n",
            "auth = (\"api\", \"key-7e5b67e1ad3e79f03d31933928b31112\")  # mailgun\n",
        ],
        clean: [
            "MAILGUN_PUBLIC_KEY=pubkey-0f6b3449f7ae16c655b1239d00cfcaf4\n",
            "MAILGUN_API_KEY=key-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
            "cache_key = \"key-04e400669c7279731264d3fc5461bd0d\"\n",
            "MAILGUN_MESSAGE_ID=6ff22314-4420-44ec-aa28-bf2ee7355884\n",
        ],
    },
    detector! {
        id: "FG2124",
        slug: "mailchimp-api-key",
        title: "Mailchimp API key",
        provider: "Mailchimp",
        severity: High,
        keywords: ["-us"],
        pattern: r"(?-u)\b(?P<secret>[0-9a-f]{32}-us[0-9]{1,2})\b",
        validate: None,
        min_entropy: 3.3,
        what: "Mailchimp Marketing API keys (32 hex characters and the data-centre suffix `-us<n>`), which read and change audiences, contacts and campaigns",
        rotate: "In Mailchimp open **Profile** → **Extras** → **API keys**, click **Disable** (then **Delete**) next to the key, and **Create A Key** for a new one.",
        example: "MAILCHIMP_API_KEY=0f7c…-us21",
        fixed: "MAILCHIMP_API_KEY injected from the secret store",
        fires: [
            "MAILCHIMP_API_KEY=8a0e1650fe3fd017592002f51da9746a-us21\n",
            "mailchimp.setConfig({ apiKey: '13b261597ddda41e041441b0f9e3dec0-us6', server: 'us6' });\n",
        ],
        clean: [
            "MAILCHIMP_API_KEY=00000000000000000000000000000000-us1\n",
            "MAILCHIMP_API_KEY=a6b325e3505273114ecff6d9-us21\n",
            "Accept-Language: en-us, checksum 5d1e03555ec726b06134f013c79b26cc\n",
        ],
    },
    detector! {
        id: "FG2125",
        slug: "postmark-server-token",
        title: "Postmark server or account token",
        provider: "Postmark",
        severity: High,
        keywords: ["postmark"],
        pattern: r#"(?-u)(?i:postmark[\w.-]{0,30}?(?:token|key|client))["']?(?:[ \t]*(?::=|=>|[:=(])[ \t]*|[ \t]+)["'`]?(?P<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b"#,
        validate: None,
        min_entropy: 3.0,
        what: "Postmark server and account API tokens (a UUID assigned to a Postmark token setting, header or client): a server token sends mail from its server's streams, an account token manages servers, domains and sender signatures",
        rotate: "In Postmark open the server → **API Tokens** and click **Regenerate** next to the server token (account tokens: **Account** → **API Tokens**), then update every sender; the old token stops working immediately.",
        example: "POSTMARK_SERVER_TOKEN=5d2c…-…",
        fixed: "POSTMARK_SERVER_TOKEN injected from the secret store",
        fires: [
            "POSTMARK_SERVER_TOKEN=840647d0-cdaf-4af0-8e60-b8dbdf5a6797\n",
            "const client = new postmark.ServerClient(\"f352e0bf-f32e-499d-8fd5-db45f321cee2\");\n",
            "-H \"X-Postmark-Server-Token: b4a58539-a6ae-44bb-92ce-0ed81d29f435\"\n",
        ],
        clean: [
            "POSTMARK_SERVER_TOKEN=00000000-0000-0000-0000-000000000000\n",
            "postmark_message_id: b8a6657b-f192-49ed-9e73-976ebf91cef8\n",
            "SERVER_TOKEN=c2d4d169-b04d-4384-a839-01ea2514ed0e\n",
            "POSTMARK_SERVER_TOKEN=${POSTMARK_SERVER_TOKEN}\n",
        ],
    },
    detector! {
        id: "FG2126",
        slug: "microsoft-teams-webhook",
        title: "Microsoft Teams incoming webhook URL",
        provider: "Microsoft Teams",
        severity: Medium,
        keywords: ["webhook.office.com/webhookb2/"],
        pattern: r"(?-u)(?P<secret>https://[A-Za-z0-9-]{1,63}\.webhook\.office\.com/webhookb2/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}@[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/IncomingWebhook/[0-9a-f]{32}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:/[A-Za-z0-9_-]{20,80})?)(?:[^A-Za-z0-9_/-]|$)",
        validate: None,
        min_entropy: 3.5,
        what: "Microsoft Teams incoming webhook URLs (`https://<tenant>.webhook.office.com/webhookb2/…/IncomingWebhook/…`): anyone holding one can post cards into the channel",
        rotate: "In Teams open the channel → **Manage channel** → **Connectors** (or **Apps** → **Incoming Webhook**), choose **Configured**, **Manage** the webhook and **Remove** it, then configure a new one. Microsoft is retiring these connectors in favour of Workflows, whose URLs must be protected the same way.",
        example: "TEAMS_WEBHOOK=https://contoso.webhook.office.com/webhookb2/…",
        fixed: "TEAMS_WEBHOOK supplied by the deployment's secret store",
        fires: [
            "TEAMS_WEBHOOK_URL=https://contoso.webhook.office.com/webhookb2/7086c3a8-2142-4338-bb9f-ff9781459f5b@00b7520b-026b-4b03-8874-9e86a0dbd992/IncomingWebhook/123d44af29b8e13a1941283d490304e1/f5a2c7ae-7453-47c6-97e6-8bc475311f33\n",
            "  teams_url: \"https://fabrikam.webhook.office.com/webhookb2/292ab15b-2319-44c5-830f-3a86f541f6f5@b37f3fcb-f5c8-4d99-8b1f-dd9075ce5f53/IncomingWebhook/9babbe6d058fd5a0c330ac4db6c5a7bf/df0c07b8-ab23-43ea-b033-18db8b95cb35/V2S2lkI-FoUr5Bb-2eDOSvo4rctfpLjrYCn4J64uKQ\"\n",
        ],
        clean: [
            "TEAMS_WEBHOOK_URL=https://contoso.webhook.office.com/webhookb2/00000000-0000-0000-0000-000000000000@00000000-0000-0000-0000-000000000000/IncomingWebhook/00000000000000000000000000000000/00000000-0000-0000-0000-000000000000\n",
            "TEAMS_WEBHOOK_URL=https://contoso.webhook.office.com/webhookb2/eb3b1d89-5a2a-40b8-8b88-c516b69907c4@22d88695-83c1-43eb-a285-83679d06f799/IncomingWebhook/e730f28278a2fcc990af\n",
            "TEAMS_WEBHOOK_URL=https://contoso.webhook.office.com/webhookb2/<group>@<tenant>/IncomingWebhook/<id>/<owner>\n",
        ],
    },
    detector! {
        id: "FG2127",
        slug: "google-chat-webhook",
        title: "Google Chat incoming webhook URL",
        provider: "Google Chat",
        severity: Medium,
        keywords: ["chat.googleapis.com/v1/spaces/"],
        pattern: r"(?-u)https://chat\.googleapis\.com/v1/spaces/[A-Za-z0-9_-]{8,20}/messages\?key=[A-Za-z0-9_-]{39}&(?:amp;)?token=(?P<secret>[A-Za-z0-9_-]{40,50})(?:[^A-Za-z0-9_-]|$)",
        validate: None,
        min_entropy: 4.0,
        what: "Google Chat incoming webhook URLs (`https://chat.googleapis.com/v1/spaces/<space>/messages?key=…&token=…`): anyone holding one can post into the space. The reported secret is the `token` parameter; the `key` parameter is the API key Chat puts in every webhook URL",
        rotate: "In Google Chat open the space → **Apps & integrations** → **Webhooks**, open the webhook's menu and choose **Delete**, then **Add webhook** for a new URL.",
        example: "GCHAT_WEBHOOK=https://chat.googleapis.com/v1/spaces/AAAA…/messages?key=…&token=…",
        fixed: "GCHAT_WEBHOOK supplied by the deployment's secret store",
        fires: [
            "GCHAT_WEBHOOK=https://chat.googleapis.com/v1/spaces/AAAAR8uHVmA/messages?key=AIzaSyZCrmsIisdIC7qee8LvUpQrA81GFFCWtTA&token=D643C8SIXhhYmx4x1AlxO0oa6tsLEeyZWeWLbfKRx0T%3D\n",
            "  url: \"https://chat.googleapis.com/v1/spaces/AAAAJM8z7Z8/messages?key=AIzaSyAipblbu5PYt4Q48aFETEZtbHpOTB2WyZf&token=9-bpCDNJ8xCt7qlhEDCmtOh3v1_PjSWHuaaCvhj1EXK\"\n",
        ],
        clean: [
            "GCHAT_WEBHOOK=https://chat.googleapis.com/v1/spaces/SPACE_ID/messages?key=KEY&token=TOKEN\n",
            "GCHAT_WEBHOOK=https://chat.googleapis.com/v1/spaces/AAAAPsVLODh/messages\n",
            "GCHAT_WEBHOOK=https://chat.googleapis.com/v1/spaces/AAAAud-fhN0/messages?key=AIzaSyKx5n8hBw1kPSwm8yc8ejgC9mNggFaJOyj&token=UX0F3eWyPSkr\n",
        ],
    },
    detector! {
        id: "FG2128",
        slug: "brevo-api-key",
        title: "Brevo (Sendinblue) API or SMTP key",
        provider: "Brevo",
        severity: High,
        keywords: ["xkeysib-", "xsmtpsib-"],
        pattern: r"(?-u)\b(?P<secret>x(?:keysib|smtpsib)-[0-9a-f]{64}-[A-Za-z0-9]{16})\b",
        validate: None,
        min_entropy: 3.5,
        what: "Brevo (formerly Sendinblue) API keys (`xkeysib-`) and SMTP keys (`xsmtpsib-`), which send mail and SMS from the account and read its contacts",
        rotate: "In Brevo open the account menu → **SMTP & API**, on the **API Keys** (or **SMTP**) tab delete the key, and **Generate a new API key** (or SMTP key) for the application.",
        example: "BREVO_API_KEY=xkeysib-8a1f…",
        fixed: "BREVO_API_KEY injected from the secret store",
        fires: [
            "BREVO_API_KEY=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\n",
            "smtp_password = \"xsmtpsib-af66053a07a4d0ea15f265df6c06fb09851ccd3f2c4e02603ebfae99cc112057-brMRuJSYE9BcSYca\"\n",
        ],
        clean: [
            "BREVO_API_KEY=xkeysib-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-xxxxxxxxxxxxxxxx\n",
            "BREVO_API_KEY=xkeysib-d79e4bc0a888c65753ea983711846b7865c2f243-YHjgQUWPTqACogOf\n",
            "BREVO_API_KEY=${BREVO_API_KEY} # xkeysib-…\n",
        ],
    },
];

/// A Discord bot token's first part is the bot's user id (a snowflake of 17 to 20 digits) in
/// unpadded base64.
fn discord_bot_token(token: &[u8]) -> bool {
    let Some(id_part) = token.split(|b| *b == b'.').next() else {
        return false;
    };
    let Ok(id_part) = std::str::from_utf8(id_part) else {
        return false;
    };
    crate::values::decode_base64(id_part)
        .is_some_and(|id| (17..=20).contains(&id.len()) && id.iter().all(u8::is_ascii_digit))
}

#[cfg(test)]
mod tests {
    use super::super::fixture_checks::{check_group, Expect};
    use super::*;

    #[test]
    fn fixtures() {
        let expect = [
            Expect {
                id: "FG2110",
                prefix: "xoxb-",
                len: 40..=60,
            },
            Expect {
                id: "FG2111",
                prefix: "xoxp-",
                len: 70..=80,
            },
            Expect {
                id: "FG2112",
                prefix: "xapp-1-A",
                len: 95..=105,
            },
            Expect {
                id: "FG2113",
                prefix: "xoxe.xox",
                len: 160..=180,
            },
            Expect {
                id: "FG2114",
                prefix: "xoxe-1-",
                len: 150..=160,
            },
            Expect {
                id: "FG2115",
                prefix: "https://hooks.slack.com/services/T",
                len: 75..=85,
            },
            Expect {
                id: "FG2116",
                prefix: "https://hooks.slack.com/",
                len: 80..=110,
            },
            Expect {
                id: "FG2117",
                prefix: "",
                len: 59..=72,
            },
            Expect {
                id: "FG2118",
                prefix: "https://discord",
                len: 120..=130,
            },
            Expect {
                id: "FG2119",
                prefix: "",
                len: 44..=46,
            },
            Expect {
                id: "FG2120",
                prefix: "",
                len: 32..=32,
            },
            Expect {
                id: "FG2121",
                prefix: "",
                len: 32..=32,
            },
            Expect {
                id: "FG2122",
                prefix: "SG.",
                len: 69..=69,
            },
            Expect {
                id: "FG2123",
                prefix: "",
                len: 36..=50,
            },
            Expect {
                id: "FG2124",
                prefix: "",
                len: 35..=37,
            },
            Expect {
                id: "FG2125",
                prefix: "",
                len: 36..=36,
            },
            Expect {
                id: "FG2126",
                prefix: "https://",
                len: 200..=280,
            },
            Expect {
                id: "FG2127",
                prefix: "",
                len: 43..=43,
            },
            Expect {
                id: "FG2128",
                prefix: "x",
                len: 88..=90,
            },
        ];
        check_group(DETECTORS, &expect, 2110..=2128);
    }

    #[test]
    fn discord_token_first_part_is_a_user_id() {
        // "123456789012345678" in base64.
        assert!(discord_bot_token(
            b"MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.k3Jd8QmZ2pLx7VnR4tYw1HsF6cUo9bEa0Ng"
        ));
        // "abcdefghijklmnopqr" in base64: not digits.
        assert!(!discord_bot_token(
            b"YWJjZGVmZ2hpamtsbW5vcHFy.GaBcDe.k3Jd8QmZ2pLx7VnR4tYw1HsF6cUo9bEa0Ng"
        ));
        // "1234" is too short to be a snowflake.
        assert!(!discord_bot_token(
            b"MTIzNA.GaBcDe.k3Jd8QmZ2pLx7VnR4tYw1HsF6cUo9bEa0Ng"
        ));
        assert!(!discord_bot_token(b"M!!.GaBcDe.x"));
        assert!(!discord_bot_token(b""));
    }
}
