//! Version control and code hosting: GitHub, GitLab, Bitbucket, Azure DevOps.

use crate::detector;
use crate::secrets::checksums;
use crate::secrets::detector::Detector;

pub static DETECTORS: &[Detector] = &[
    detector! {
        id: "FG2054",
        slug: "github-classic-pat",
        title: "GitHub personal access token (classic)",
        provider: "GitHub",
        severity: Critical,
        keywords: ["ghp_"],
        pattern: r"(?-u)\b(?P<secret>ghp_[A-Za-z0-9]{36})\b",
        validate: Some(checksums::github_token),
        min_entropy: 3.5,
        what: "a GitHub classic personal access token (`ghp_`, 30 random characters and a CRC32 checksum, which is verified): it acts as the user on every repository and organization the user can reach, within its scopes, which classic tokens cannot narrow to single repositories",
        rotate: "Delete it at https://github.com/settings/tokens (Settings → Developer settings → Personal access tokens → Tokens (classic)); an organization owner can also revoke it under the organization's Personal access tokens settings. Replace it with a fine-grained token or a GitHub App, and review the user's security log and the organizations' audit logs",
        example: "GITHUB_TOKEN=ghp_…",
        fixed: "GITHUB_TOKEN=${{ secrets.GITHUB_TOKEN }}",
        fires: [
            "GITHUB_TOKEN=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\n",
            "git clone https://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@github.com/acme/infra.git\n",
        ],
        clean: [
            "GITHUB_TOKEN=ghp_VgstLHFowpUdzqL9QhgnnvrfNrJvsw4FRukA\n",
            "GITHUB_TOKEN=ghp_Sk0RUKhveXt1BuvTowuGsyvNErxURM3bv7t\n",
            "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
            "cache_key = xghp_0NwfmzWYzJliaua7EEc9e2gveRUYaofC7Zfg\n",
        ],
    },
    detector! {
        id: "FG2055",
        slug: "github-oauth-token",
        title: "GitHub OAuth access token",
        provider: "GitHub",
        severity: High,
        keywords: ["gho_"],
        pattern: r"(?-u)\b(?P<secret>gho_[A-Za-z0-9]{36})\b",
        validate: Some(checksums::github_token),
        min_entropy: 3.5,
        what: "a GitHub OAuth access token (`gho_` with a verified CRC32 checksum) issued to an OAuth app, the GitHub CLI among them: it acts as the user within the app's scopes",
        rotate: "The user revokes it under Settings → Applications → Authorized OAuth Apps (or `gh auth logout` then `gh auth login` for the CLI); the app's owner can revoke all its tokens under Developer settings → OAuth Apps → Revoke all user tokens, or one token with `DELETE /applications/{client_id}/token`",
        example: "oauth_token: gho_…",
        fixed: "# `gh auth login` keeps the token in the OS keyring, outside the repository",
        fires: [
            "github.com:\n    user: octo-dev\n    oauth_token: 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\n    git_protocol: https\n",
            "export GH_TOKEN=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\n",
        ],
        clean: [
            "oauth_token: gho_ZOzcz4D1EHx11rHYnBXojEyxZd5YCu0qbTOA\n",
            "oauth_token: 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abc\n",
            "oauth_token: gho_<token>\n",
        ],
    },
    detector! {
        id: "FG2056",
        slug: "github-user-to-server-token",
        title: "GitHub App user access token",
        provider: "GitHub",
        severity: High,
        keywords: ["ghu_"],
        pattern: r"(?-u)\b(?P<secret>ghu_[A-Za-z0-9]{36})\b",
        validate: Some(checksums::github_token),
        min_entropy: 3.5,
        what: "a GitHub App user access token (`ghu_`, user-to-server, with a verified CRC32 checksum): it acts as the user within the app's permissions, usually for eight hours",
        rotate: "The user revokes the app's authorization under Settings → Applications → Authorized GitHub Apps; the app can revoke the token with `DELETE /applications/{client_id}/token`. Also revoke the refresh token (`ghr_`) it came with",
        example: "const userToken = \"ghu_…\";",
        fixed: "// keep user tokens server-side in the session store, encrypted",
        fires: [
            "const userToken = \"ghu_o1JRjSe3P33jj0P4HoVWA1972Z8zUR0nmfJk\";\n",
            "{\"access_token\":\"ghu_9gkOfm3Vj0bUESKkxU4pmdhQHvR5He1ybFcB\",\"expires_in\":28800,\"token_type\":\"bearer\"}\n",
        ],
        clean: [
            "const userToken = \"ghu_oRAxWdsyQtBnlDFT0i4P0Rkmk0JPqb3PVkkA\";\n",
            "const userToken = \"ghu_\" + suffix;\n",
            "const userToken = \"ghu_sMo54w92H9KFsbkGhttaMVfAn3IOxsylQnx\";\n",
        ],
    },
    detector! {
        id: "FG2057",
        slug: "github-server-to-server-token",
        title: "GitHub App installation access token",
        provider: "GitHub",
        severity: Medium,
        keywords: ["ghs_"],
        pattern: r"(?-u)\b(?P<secret>ghs_[A-Za-z0-9]{36})\b",
        validate: Some(checksums::github_token),
        min_entropy: 3.5,
        what: "a GitHub App installation access token (`ghs_`, server-to-server, with a verified CRC32 checksum), which is also what `GITHUB_TOKEN` holds in Actions: repository access with the app's permissions for at most one hour",
        rotate: "It expires within an hour; to cut that short call `DELETE /installation/token` with it, or suspend the app installation (organization settings → GitHub Apps → Configure → Suspend). Then find where it was logged or written, since whatever wrote it will do so again",
        example: "GH_TOKEN: ghs_…",
        fixed: "GH_TOKEN: ${{ github.token }}",
        fires: [
            "  env:\n    GH_TOKEN: ghs_DmYyfiJvThVBGeBPr1Xn7M89VCwZ6c3MYtzw\n",
            "git remote set-url origin https://x-access-token:ghs_knZNfHRNzxRlnbVdmcfMV1DxnltqJB14olkM@github.com/acme/api.git\n",
        ],
        clean: [
            "GH_TOKEN: ghs_ELY4kCIKyxKMxSQuApvjC8jWPyrUsV4JtEkA\n",
            "GH_TOKEN: ${{ github.token }}\n",
            "GH_TOKEN: ghs_8pioHHUx4cJU4rvWQGAVbkgMnUQ18V7drrOI5FSM\n",
        ],
    },
    detector! {
        id: "FG2058",
        slug: "github-refresh-token",
        title: "GitHub App refresh token",
        provider: "GitHub",
        severity: High,
        keywords: ["ghr_"],
        pattern: r"(?-u)\b(?P<secret>ghr_[A-Za-z0-9]{36})\b",
        validate: Some(checksums::github_token),
        min_entropy: 3.5,
        what: "a GitHub App refresh token (`ghr_` with a verified CRC32 checksum): it mints new user access tokens for six months",
        rotate: "The user revokes the app's authorization under Settings → Applications → Authorized GitHub Apps, which invalidates its refresh tokens; the app owner can revoke all user tokens from the app's settings",
        example: "{\"refresh_token\": \"ghr_…\"}",
        fixed: "# refresh tokens belong in the server-side, encrypted session store",
        fires: [
            "{\"access_token\":\"redacted\",\"refresh_token\":\"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\",\"refresh_token_expires_in\":15811200}\n",
            "GITHUB_REFRESH_TOKEN='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'\n",
        ],
        clean: [
            "GITHUB_REFRESH_TOKEN='ghr_s7imdJrrWFGtLi9GTioRWovQx18NVq2jkRmA'\n",
            "GITHUB_REFRESH_TOKEN='ghr_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'\n",
            "GITHUB_REFRESH_TOKEN='ghr_aRgRWce3TFZXkV4TABRwrMcIijHhL53bSD'\n",
        ],
    },
    detector! {
        id: "FG2059",
        slug: "github-fine-grained-pat",
        title: "GitHub fine-grained personal access token",
        provider: "GitHub",
        severity: High,
        keywords: ["github_pat_"],
        pattern: r"(?-u)\b(?P<secret>github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b",
        validate: None,
        min_entropy: 4.0,
        what: "a GitHub fine-grained personal access token (`github_pat_`, 22 characters, `_`, 59 characters): it acts as the user on the repositories and with the permissions chosen for it",
        rotate: "Delete it at https://github.com/settings/personal-access-tokens (Settings → Developer settings → Personal access tokens → Fine-grained tokens), or an organization owner revokes it in the organization's Personal access tokens settings; create a new one with an expiry and only the repositories it needs",
        example: "GITHUB_TOKEN=github_pat_…",
        fixed: "GITHUB_TOKEN=${{ secrets.RELEASE_TOKEN }}",
        fires: [
            "GITHUB_TOKEN=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\n",
            "headers = {\"Authorization\": \"Bearer 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\"}\n",
        ],
        clean: [
            "GITHUB_TOKEN=github_pat_A1USNejyQrOuYNYxsa7fmo_gsCCebVVurNAAD1qBDFyDEb4UFt7dXRZaewMhfZpakvC9TmgL6EkwqCD5n\n",
            "GITHUB_TOKEN=github_pat_WgvYpcpSCGVcHn8HoW5QDI\n",
            "GITHUB_TOKEN=github_pat_XXXXXXXXXXXXXXXXXXXXXX_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\n",
        ],
    },
    detector! {
        id: "FG2060",
        slug: "gitlab-personal-access-token",
        title: "GitLab personal, project or group access token",
        provider: "GitLab",
        severity: High,
        keywords: ["glpat-"],
        pattern: r"(?-u)\b(?P<secret>glpat-[0-9A-Za-z_-]{20,}(?:\.[0-9A-Za-z_-]+){0,3})(?:[^0-9A-Za-z_-]|(?m:$))",
        validate: None,
        min_entropy: 3.5,
        what: "a GitLab personal, project, group or impersonation access token (`glpat-` and at least 20 characters): API, repository and registry access as the user or bot within its scopes",
        rotate: "Revoke it in GitLab (User settings → Access tokens, or the project's / group's Settings → Access tokens), or rotate it with `POST /personal_access_tokens/self/rotate`; administrators can revoke any token in the Admin area. Create a replacement with an expiry and the narrowest scopes, and check the audit events",
        example: "PRIVATE-TOKEN: glpat-…",
        fixed: "PRIVATE-TOKEN: $GITLAB_TOKEN  # a masked, protected CI/CD variable",
        fires: [
            "curl --header \"PRIVATE-TOKEN: glpat-WtbweUYcf61hfKyirMml\" https://gitlab.com/api/v4/projects\n",
            "gitlab:\n  token: glpat-kYwWFiyelQ9EjQHrO9NG\n",
        ],
        clean: [
            "GITLAB_TOKEN=glpat-ECwHZHTB-Fe6pH65Jfm\n",
            "GITLAB_TOKEN=glpat-xxxxxxxxxxxxxxxxxxxx\n",
            "GITLAB_TOKEN=myglpat-MupoxAptZEqbsgNMWFMs\n",
        ],
    },
    detector! {
        id: "FG2061",
        slug: "gitlab-runner-authentication-token",
        title: "GitLab runner authentication token",
        provider: "GitLab",
        severity: High,
        keywords: ["glrt-"],
        pattern: r"(?-u)\b(?P<secret>glrt-[0-9A-Za-z_-]{20,}(?:\.[0-9A-Za-z_-]+){0,3})(?:[^0-9A-Za-z_-]|(?m:$))",
        validate: None,
        min_entropy: 3.5,
        what: "a GitLab runner authentication token (`glrt-`): whoever holds it can register a runner that picks up the project's or group's jobs, with their CI/CD variables and job tokens",
        rotate: "Delete the runner in GitLab (the project's / group's Settings → CI/CD → Runners, or Admin area → CI/CD → Runners) or reset its token with `POST /runners/{id}/reset_authentication_token`, then register the runner again with a new token (`gitlab-runner register`)",
        example: "token = \"glrt-…\"",
        fixed: "# register at deploy time: gitlab-runner register --token \"$RUNNER_TOKEN\"",
        fires: [
            "[[runners]]\n  name = \"docker-ci\"\n  url = \"https://gitlab.com\"\n  token = \"glrt-G8JZIDGZC5X-HUpcE-Rk\"\n  executor = \"docker\"\n",
            "gitlab-runner register --non-interactive --url https://gitlab.com --token glrt-ds0lL-R2r22iPcjD2Mqln-U0FR --executor shell\n",
        ],
        clean: [
            "token = \"glrt-YqFIzL6X2aKg\"\n",
            "token = \"glrt-${RUNNER_TOKEN}\"\n",
            "token = \"glrt-REPLACE_ME_WITH_TOKEN\"\n",
        ],
    },
    detector! {
        id: "FG2062",
        slug: "gitlab-runner-registration-token",
        title: "GitLab runner registration token (legacy)",
        provider: "GitLab",
        severity: Medium,
        keywords: ["GR1348941"],
        pattern: r"(?-u)\b(?P<secret>GR1348941[0-9A-Za-z_-]{20})(?:[^0-9A-Za-z_-]|(?m:$))",
        validate: None,
        min_entropy: 3.5,
        what: "a legacy GitLab runner registration token (`GR1348941` and 20 characters): it registers new runners to the instance, group or project, which then receive its jobs",
        rotate: "Reset it in GitLab (the project's / group's Settings → CI/CD → Runners → Reset registration token, or Admin area → CI/CD → Runners), then migrate to runner authentication tokens created in the UI, which replace registration tokens",
        example: "REGISTRATION_TOKEN=GR1348941…",
        fixed: "# create the runner in the UI and pass its glrt- token at deploy time",
        fires: [
            "REGISTRATION_TOKEN=GR1348941UtB0vP_9fUZfBmz8YvU3\n",
            "helm install runner gitlab/gitlab-runner --set runnerRegistrationToken=GR1348941QC7EbFD1H-3hKBEw65Qf\n",
        ],
        clean: [
            "REGISTRATION_TOKEN=GR1348941EdBzieERBk8aL9v\n",
            "REGISTRATION_TOKEN=GR1348941UJaMKrSgRKftb_EaO_LzRoQV\n",
            "REGISTRATION_TOKEN=GR1348941xxxxxxxxxxxxxxxxxxxx\n",
        ],
    },
    detector! {
        id: "FG2063",
        slug: "gitlab-deploy-token",
        title: "GitLab deploy token",
        provider: "GitLab",
        severity: Medium,
        keywords: ["gldt-"],
        pattern: r"(?-u)\b(?P<secret>gldt-[0-9A-Za-z_-]{20,}(?:\.[0-9A-Za-z_-]+){0,3})(?:[^0-9A-Za-z_-]|(?m:$))",
        validate: None,
        min_entropy: 3.5,
        what: "a GitLab deploy token (`gldt-`): read (sometimes write) access to a project's or group's repository, container registry or package registry",
        rotate: "Revoke it in GitLab (the project's / group's Settings → Repository → Deploy tokens → Revoke), create a new one with only the scopes it needs, and update the consumers (`docker login`, package manager config)",
        example: "docker login -u deployer -p gldt-… registry.gitlab.com",
        fixed: "echo \"$CI_DEPLOY_PASSWORD\" | docker login -u \"$CI_DEPLOY_USER\" --password-stdin registry.gitlab.com",
        fires: [
            "docker login -u gitlab+deploy-token-42 -p gldt-xqCunGX9ls9r0whbVVGR registry.gitlab.com\n",
            "\"@acme:registry\"=\"https://gitlab.com/api/v4/packages/npm/\"\n\"//gitlab.com/api/v4/packages/npm/:_authToken\"=\"gldt-KGmijggDjDUtJHKlgAKS\"\n",
        ],
        clean: [
            "docker login -u deployer -p gldt-LZSbPliSCh registry.gitlab.com\n",
            "docker login -u deployer -p $CI_DEPLOY_PASSWORD registry.gitlab.com\n",
            "docker login -u deployer -p gldt-<token> registry.gitlab.com\n",
        ],
    },
    detector! {
        id: "FG2064",
        slug: "gitlab-pipeline-trigger-token",
        title: "GitLab pipeline trigger token",
        provider: "GitLab",
        severity: Medium,
        keywords: ["glptt-"],
        pattern: r"(?-u)\b(?P<secret>glptt-[0-9A-Za-z_-]{20,}(?:\.[0-9A-Za-z_-]+){0,3})(?:[^0-9A-Za-z_-]|(?m:$))",
        validate: None,
        min_entropy: 3.5,
        what: "a GitLab pipeline trigger token (`glptt-`): it starts pipelines of the project on any branch or tag, with variables the caller chooses, as the token's owner",
        rotate: "Revoke it in GitLab (the project's Settings → CI/CD → Pipeline trigger tokens → Revoke) and create a new one; prefer `trigger:` jobs with `CI_JOB_TOKEN` between projects",
        example: "curl -X POST -F token=glptt-… -F ref=main https://gitlab.com/api/v4/projects/42/trigger/pipeline",
        fixed: "curl -X POST -F token=\"$TRIGGER_TOKEN\" -F ref=main https://gitlab.com/api/v4/projects/42/trigger/pipeline",
        fires: [
            "curl -X POST -F token=glptt-e937a60bac295a7f618ab88727a44cfc4cbd5a95 -F ref=main https://gitlab.com/api/v4/projects/42/trigger/pipeline\n",
            "TRIGGER_TOKEN: \"glptt-bec7a1318dc6e66a624c1eb40d0e75d410ecea6a\"\n",
        ],
        clean: [
            "curl -X POST -F token=$TRIGGER_TOKEN -F ref=main https://gitlab.com/api/v4/projects/42/trigger/pipeline\n",
            "TRIGGER_TOKEN: \"glptt-e50527f2a0437d79\"\n",
            "TRIGGER_TOKEN: \"glptt-0000000000000000000000000000000000000000\"\n",
        ],
    },
    detector! {
        id: "FG2065",
        slug: "gitlab-feed-token",
        title: "GitLab feed token",
        provider: "GitLab",
        severity: Medium,
        keywords: ["glft-"],
        pattern: r"(?-u)\b(?P<secret>glft-[0-9A-Za-z_-]{20,}(?:\.[0-9A-Za-z_-]+){0,3})(?:[^0-9A-Za-z_-]|(?m:$))",
        validate: None,
        min_entropy: 3.5,
        what: "a GitLab feed token (`glft-`): read access to the user's RSS/Atom activity and issue feeds and calendar exports, which reveal titles of confidential issues",
        rotate: "Reset it in GitLab (User settings → Access tokens → Feed token → Reset this token), then update the feed readers and calendar subscriptions that used it",
        example: "https://gitlab.com/dashboard/issues.atom?feed_token=glft-…",
        fixed: "# subscribe from the reader without committing the feed URL",
        fires: [
            "FEED_URL=https://gitlab.com/dashboard/issues.atom?feed_token=glft-vD9yQyucm7kktmbJPThH&state=opened\n",
            "calendar: \"https://gitlab.acme.io/-/issues.ics?feed_token=glft-S1rBvFWknNPNmK8T3_-I\"\n",
        ],
        clean: [
            "FEED_URL=https://gitlab.com/dashboard/issues.atom?feed_token=glft-V0Ooqx4J\n",
            "FEED_URL=https://gitlab.com/dashboard/issues.atom?feed_token=${FEED_TOKEN}\n",
            "FEED_URL=https://gitlab.com/dashboard/issues.atom?feed_token=glft-xxxxxxxxxxxxxxxxxxxx\n",
        ],
    },
    detector! {
        id: "FG2066",
        slug: "gitlab-agent-token",
        title: "GitLab agent for Kubernetes token",
        provider: "GitLab",
        severity: High,
        keywords: ["glagent-"],
        pattern: r"(?-u)\b(?P<secret>glagent-[0-9A-Za-z_-]{20,}(?:\.[0-9A-Za-z_-]+){0,3})(?:[^0-9A-Za-z_-]|(?m:$))",
        validate: None,
        min_entropy: 3.5,
        what: "a GitLab agent for Kubernetes token (`glagent-`): it connects an agent to the project, so its holder can impersonate the cluster's agent and receive the deployments and CI access meant for it",
        rotate: "In GitLab (the agent's project → Operate → Kubernetes clusters → the agent → Access tokens) revoke the token and create a new one, then update the agent's secret (`helm upgrade … --set config.token=…` from a sealed source)",
        example: "helm upgrade --install acme gitlab/gitlab-agent --set config.token=glagent-…",
        fixed: "helm upgrade --install acme gitlab/gitlab-agent --set config.token=\"$AGENT_TOKEN\"",
        fires: [
            "helm upgrade --install acme-agent gitlab/gitlab-agent --namespace gitlab-agent --set config.token=glagent-bZDJ5ou2RR7lmwAOWKbyW9IYR32qpd8YqktNDLxcUydMf9AWCg --set config.kasAddress=wss://kas.gitlab.com\n",
            "stringData:\n  token: glagent-8y3JtoYl2DmRDejTUPyAsHcEbk3r6dJH59vvKcCzEtSnRiaoHL\n",
        ],
        clean: [
            "helm upgrade --install acme gitlab/gitlab-agent --set config.token=$AGENT_TOKEN\n",
            "stringData:\n  token: glagent-StE04wkZNZBZ\n",
            "stringData:\n  token: glagent-<token>\n",
        ],
    },
    detector! {
        id: "FG2067",
        slug: "gitlab-oauth-application-secret",
        title: "GitLab OAuth application secret",
        provider: "GitLab",
        severity: High,
        keywords: ["gloas-"],
        pattern: r"(?-u)\b(?P<secret>gloas-[0-9A-Za-z_-]{20,}(?:\.[0-9A-Za-z_-]+){0,3})(?:[^0-9A-Za-z_-]|(?m:$))",
        validate: None,
        min_entropy: 3.5,
        what: "a GitLab OAuth application secret (`gloas-`): with the application ID it lets anyone pose as the application in OAuth flows and exchange users' authorization codes",
        rotate: "In GitLab (User settings, the group's or Admin area → Applications → the application) choose Renew secret, and deploy the new secret to the application",
        example: "GITLAB_OAUTH_SECRET=gloas-…",
        fixed: "GITLAB_OAUTH_SECRET=${GITLAB_OAUTH_SECRET}",
        fires: [
            "GITLAB_OAUTH_SECRET=gloas-7f567e5cd94ae85e5f9d0c75046d1bce50ec13abb5d15a72cd1d48d51420f856\n",
            "config.omniauth :gitlab, ENV[\"GITLAB_APP_ID\"], \"gloas-fc1bc810ff2ddf4e1336d63b89b2dd84a2282efe993a2fa6435c05d109ca26ab\"\n",
        ],
        clean: [
            "GITLAB_OAUTH_SECRET=gloas-55ce64fa8179ee10\n",
            "config.omniauth :gitlab, ENV[\"GITLAB_APP_ID\"], ENV[\"GITLAB_APP_SECRET\"]\n",
            "GITLAB_OAUTH_SECRET=gloas-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
        ],
    },
    detector! {
        id: "FG2068",
        slug: "bitbucket-app-password",
        title: "Bitbucket app password",
        provider: "Bitbucket",
        severity: High,
        keywords: ["ATBB"],
        pattern: r"(?-u)\b(?P<secret>ATBB[A-Za-z0-9]{28,})\b",
        validate: None,
        min_entropy: 4.0,
        what: "a Bitbucket Cloud app password (`ATBB` and at least 28 characters): with the username it reads, writes and administers repositories, pipelines and pull requests within its permissions",
        rotate: "Revoke it in Bitbucket (Personal settings → App passwords → Revoke) and replace it with a repository, project or workspace access token, or an API token with scopes; update the remotes and CI settings that used it",
        example: "git clone https://deploy:ATBB…@bitbucket.org/acme/app.git",
        fixed: "git clone https://x-token-auth:${BITBUCKET_TOKEN}@bitbucket.org/acme/app.git",
        fires: [
            "BITBUCKET_APP_PASSWORD=ATBBqji8lduDIGlNKatP0cwdMS7ejVjyOx6b\n",
            "git clone https://deploy-bot:ATBBXm0UUheeBEIJNZHrsn7P75zkgECuFjDn@bitbucket.org/acme/app.git\n",
        ],
        clean: [
            "BITBUCKET_APP_PASSWORD=ATBBmvFETAoGgonxHviIxh1M\n",
            "BITBUCKET_APP_PASSWORD=ATBBxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
            "BITBUCKET_APP_PASSWORD=NATBBLiWzwVvZHg2xqVnY3A9BhDBSOYCcD2jX\n",
        ],
    },
    detector! {
        id: "FG2069",
        slug: "bitbucket-access-token",
        title: "Bitbucket repository, project or workspace access token",
        provider: "Bitbucket",
        severity: High,
        keywords: ["ATCTT3xFfGN0"],
        pattern: r"(?-u)\b(?P<secret>ATCTT3xFfGN0[A-Za-z0-9_=-]{50,})(?:[^A-Za-z0-9_=-]|(?m:$))",
        validate: None,
        min_entropy: 4.0,
        what: "a Bitbucket Cloud repository, project or workspace access token (`ATCTT3xFfGN0…`): repository, pipeline and pull-request access with the scopes it was created with",
        rotate: "Revoke it in Bitbucket (the repository's, project's or workspace's settings → Security → Access tokens → Revoke) and create a new one with an expiry and the narrowest scopes",
        example: "BITBUCKET_TOKEN=ATCTT3xFfGN0…",
        fixed: "BITBUCKET_TOKEN=$BITBUCKET_TOKEN  # a secured repository variable",
        fires: [
            "BITBUCKET_TOKEN=ATCTT3xFfGN0BPfcImudK5qNq5U80MgVgiGSaHFL3-WrdI-A7d3hWgNrc1D2a56rsbOe2caEvQvDljF8V7R4j20luNCKv5K7RQvrE9qHDx-SUEizHmLs2OZ6PvZcv-2vC7xCUWr6TgbNOIWgaudpClFd5HdDl5nUEWRhsgeKvHAeC7jn3z0nqW=A7E52898\n",
            "git remote add origin https://x-token-auth:ATCTT3xFfGN0UGHQP8tHKcjHi9YJF8Li9d2atFnuoO-obcPosgBnM1x0KJwMGKjhLFIZ57m1RT8nRncML1iWfIylImWGSQfj4BUEew8kWqzMm2ZRLLIK4mrS38hsJbJ6aUeAUMRJUOHjrwhDx3sJYiXMw3CTLTq6Wq0mjU-zTbK8Is2mdO4Dzc=DEFECE0F@bitbucket.org/acme/app.git\n",
        ],
        clean: [
            "BITBUCKET_TOKEN=ATCTT3xFfGN0eXd5ns_qPvI7lNpKarjO8x3iqsR68b\n",
            "BITBUCKET_TOKEN=ATCTT3xFfGN0<token>\n",
            "BITBUCKET_TOKEN=ATCTT3xFfGN0xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
        ],
    },
    detector! {
        id: "FG2070",
        slug: "bitbucket-oauth-client-secret",
        title: "Bitbucket OAuth consumer secret",
        provider: "Bitbucket",
        severity: High,
        keywords: ["bitbucket"],
        pattern: r#"(?-u)(?i:bitbucket[_.-]?(?:oauth[_.-]?|consumer[_.-]?|client[_.-]?)?secret)["']?\]?(?:[ \t]*(?:=>|:=|[:=])[ \t]*|[ \t]+|[ \t]*\r?\n[ \t]*value:[ \t]*)["']?(?P<secret>[A-Za-z0-9]{32})\b"#,
        validate: Some(checksums::has_upper_and_lower),
        min_entropy: 3.7,
        what: "a Bitbucket Cloud OAuth consumer secret (32 characters) assigned to `BITBUCKET_CLIENT_SECRET`, `bitbucket_oauth_secret` or similar: with the consumer key it obtains tokens as the consumer and completes users' authorizations",
        rotate: "In Bitbucket (Workspace settings → OAuth consumers → the consumer → Edit) regenerate the secret, or delete the consumer and create a new one; deploy the new secret",
        example: "BITBUCKET_CLIENT_SECRET=…",
        fixed: "BITBUCKET_CLIENT_SECRET=${BITBUCKET_CLIENT_SECRET}",
        fires: [
            "BITBUCKET_CLIENT_SECRET=YBWDmQaVcDqRJgOn1npZ57xmrjYZPaBS\n",
            "bitbucket_oauth_secret: \"2eTxkvKbH60K2gekJF637d8j98Y2pnha\"\n",
        ],
        clean: [
            "BITBUCKET_CLIENT_SECRET=7158bebcc5b8674dd1f1c86ec487485c\n",
            "BITBUCKET_CLIENT_ID=eu1ubzMwT6LR4XaHWOzIq82YNEesEv92\n",
            "BITBUCKET_CLIENT_SECRET=6ppobYsg8SyEuc92fAKmOby7eEwIYYi\n",
        ],
    },
    detector! {
        id: "FG2071",
        slug: "azure-devops-pat",
        title: "Azure DevOps personal access token",
        provider: "Azure DevOps",
        severity: High,
        keywords: ["azure_devops", "azure-devops", "azuredevops", "ado_", "ado-", "azdo", "vsts", "dev.azure.com", "visualstudio.com", "cleartextpassword"],
        pattern: r#"(?-u)(?:(?:(?m:^)|[^A-Za-z0-9])(?i:(?:azure[_.-]?devops|ado|azdo|vsts)[_.-]?(?:ext[_.-]?)?(?:pat|token|personal[_.-]?access[_.-]?token))["']?\]?(?:[ \t]*(?:=>|:=|[:=])[ \t]*|[ \t]+|[ \t]*\r?\n[ \t]*value:[ \t]*)["']?|https://[^:\s/@]*:|(?i:ClearTextPassword)"[ \t]+value=")(?P<secret>[a-z2-7]{52})(?:@(?:dev\.azure\.com|[a-z0-9-]+\.visualstudio\.com)|[^a-z2-7@]|(?m:$))"#,
        validate: None,
        min_entropy: 3.8,
        what: "an Azure DevOps personal access token (52 base32 characters) assigned to `AZURE_DEVOPS_EXT_PAT`, `ADO_PAT`, `AZDO_TOKEN` as a NuGet `ClearTextPassword` (Azure Artifacts feeds), or in a `https://user:PAT@dev.azure.com` remote: repositories, pipelines, artifacts and boards as the user within its scopes",
        rotate: "Revoke it in Azure DevOps (User settings → Personal access tokens → Revoke); organization administrators can revoke any user's tokens (Organization settings → Microsoft Entra → Revoke or the token revocation API). Prefer Microsoft Entra tokens or a service connection with workload identity",
        example: "AZURE_DEVOPS_EXT_PAT=…",
        fixed: "AZURE_DEVOPS_EXT_PAT=$(System.AccessToken)",
        fires: [
            "AZURE_DEVOPS_EXT_PAT=4vmc3g5d77djbbc5uoao4qngdye3rmruurak2vyfhmrgstdmyjwr\n",
            "git remote add origin https://build:5ieeabtwemlvedjzebuajefdqza7mezobh2ioetgpr5m3q55devo@dev.azure.com/acme/app/_git/app\n",
            "<packageSourceCredentials>\n  <acme>\n    <add key=\"Username\" value=\"ci\" />\n    <add key=\"ClearTextPassword\" value=\"floasvrxizbietxx3iikcmaxx5wxqmfyde5s6nholpeyow5hnyvz\" />\n  </acme>\n</packageSourceCredentials>\n",
        ],
        clean: [
            "git remote add origin https://build:jkvvuzqzjbm3hmhfnt2g7snzxv2zpzr7r53gosfkxrfbg2mnk4f7@github.com/acme/app.git\n",
            "AZURE_DEVOPS_EXT_PAT=nki6g46hpecdlp7u5uc6nurrqy65w5jymxee3jujyyufnyflyk4\n",
            "tornado_token = \"iaashcxf43ibreutyupk5fwanl3w3bgujp3tv52v6dugiwneqxxz\"\n",
            "AZURE_DEVOPS_EXT_PAT=$(System.AccessToken)\n",
            "<add key=\"ClearTextPassword\" value=\"%NUGET_PASSWORD%\" />\n",
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::DETECTORS;
    use crate::secrets::detector::{compile, reference_matches};

    /// For each detector, in order: the secret each of its `fires` fixtures was written to hold.
    const EXPECTED: &[(&str, &[&str])] = &[
        ("FG2054", &["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", "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"]),
        ("FG2055", &["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", "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"]),
        ("FG2056", &["ghu_o1JRjSe3P33jj0P4HoVWA1972Z8zUR0nmfJk", "ghu_9gkOfm3Vj0bUESKkxU4pmdhQHvR5He1ybFcB"]),
        ("FG2057", &["ghs_DmYyfiJvThVBGeBPr1Xn7M89VCwZ6c3MYtzw", "ghs_knZNfHRNzxRlnbVdmcfMV1DxnltqJB14olkM"]),
        ("FG2058", &["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", "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"]),
        ("FG2059", &["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", "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"]),
        ("FG2060", &["glpat-WtbweUYcf61hfKyirMml", "glpat-kYwWFiyelQ9EjQHrO9NG"]),
        ("FG2061", &["glrt-G8JZIDGZC5X-HUpcE-Rk", "glrt-ds0lL-R2r22iPcjD2Mqln-U0FR"]),
        ("FG2062", &["GR1348941UtB0vP_9fUZfBmz8YvU3", "GR1348941QC7EbFD1H-3hKBEw65Qf"]),
        ("FG2063", &["gldt-xqCunGX9ls9r0whbVVGR", "gldt-KGmijggDjDUtJHKlgAKS"]),
        ("FG2064", &["glptt-e937a60bac295a7f618ab88727a44cfc4cbd5a95", "glptt-bec7a1318dc6e66a624c1eb40d0e75d410ecea6a"]),
        ("FG2065", &["glft-vD9yQyucm7kktmbJPThH", "glft-S1rBvFWknNPNmK8T3_-I"]),
        ("FG2066", &["glagent-bZDJ5ou2RR7lmwAOWKbyW9IYR32qpd8YqktNDLxcUydMf9AWCg", "glagent-8y3JtoYl2DmRDejTUPyAsHcEbk3r6dJH59vvKcCzEtSnRiaoHL"]),
        ("FG2067", &["gloas-7f567e5cd94ae85e5f9d0c75046d1bce50ec13abb5d15a72cd1d48d51420f856", "gloas-fc1bc810ff2ddf4e1336d63b89b2dd84a2282efe993a2fa6435c05d109ca26ab"]),
        ("FG2068", &["ATBBqji8lduDIGlNKatP0cwdMS7ejVjyOx6b", "ATBBXm0UUheeBEIJNZHrsn7P75zkgECuFjDn"]),
        ("FG2069", &["ATCTT3xFfGN0BPfcImudK5qNq5U80MgVgiGSaHFL3-WrdI-A7d3hWgNrc1D2a56rsbOe2caEvQvDljF8V7R4j20luNCKv5K7RQvrE9qHDx-SUEizHmLs2OZ6PvZcv-2vC7xCUWr6TgbNOIWgaudpClFd5HdDl5nUEWRhsgeKvHAeC7jn3z0nqW=A7E52898", "ATCTT3xFfGN0UGHQP8tHKcjHi9YJF8Li9d2atFnuoO-obcPosgBnM1x0KJwMGKjhLFIZ57m1RT8nRncML1iWfIylImWGSQfj4BUEew8kWqzMm2ZRLLIK4mrS38hsJbJ6aUeAUMRJUOHjrwhDx3sJYiXMw3CTLTq6Wq0mjU-zTbK8Is2mdO4Dzc=DEFECE0F"]),
        ("FG2070", &["YBWDmQaVcDqRJgOn1npZ57xmrjYZPaBS", "2eTxkvKbH60K2gekJF637d8j98Y2pnha"]),
        ("FG2071", &["4vmc3g5d77djbbc5uoao4qngdye3rmruurak2vyfhmrgstdmyjwr", "5ieeabtwemlvedjzebuajefdqza7mezobh2ioetgpr5m3q55devo", "floasvrxizbietxx3iikcmaxx5wxqmfyde5s6nholpeyow5hnyvz"]),
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
