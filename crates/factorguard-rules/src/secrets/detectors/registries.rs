//! Package registries: npm, PyPI, RubyGems, NuGet, Docker Hub, JFrog Artifactory, crates.io,
//! Clojars.

use crate::detector;
use crate::secrets::checksums;
use crate::secrets::detector::Detector;

pub static DETECTORS: &[Detector] = &[
    detector! {
        id: "FG2072",
        slug: "npm-access-token",
        title: "npm access token",
        provider: "npm",
        severity: High,
        keywords: ["npm_"],
        pattern: r"(?-u)\b(?P<secret>npm_[A-Za-z0-9]{36})\b",
        validate: Some(checksums::npm_token),
        min_entropy: 4.0,
        what: "an npm access token (`npm_`, 30 random characters and a CRC32 checksum in GitHub's token format, which is verified): a publish-capable token lets its holder release malicious versions of every package the account maintains",
        rotate: "Revoke it on npmjs.com (avatar → Access Tokens → the token → Delete) or with `npm token revoke ID` (find it with `npm token list`); create a granular token with an expiry, only the packages it needs and, for CI, prefer trusted publishing (OIDC). Check the packages' recent versions for releases you did not make",
        example: "//registry.npmjs.org/:_authToken=npm_…",
        fixed: "//registry.npmjs.org/:_authToken=${NPM_TOKEN}",
        fires: [
            "//registry.npmjs.org/:_authToken=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\n",
            "      - run: npm publish\n        env:\n          NODE_AUTH_TOKEN: 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\n",
        ],
        clean: [
            "//registry.npmjs.org/:_authToken=npm_nfo7UotqQMSfPi53zI1YOhWTvUsFTiuZesu\n",
            "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n",
            "echo $npm_config_registry $npm_package_version\n",
            "NPM_TOKEN=npm_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
            "//registry.npmjs.org/:_authToken=npm_gDTPdW4ngUc6Te4208DLlVe1M6BNH81KK28A\n",
        ],
    },
    detector! {
        id: "FG2073",
        slug: "npm-legacy-auth-token",
        title: "npm legacy auth token in .npmrc or .yarnrc.yml",
        provider: "npm",
        severity: High,
        keywords: ["_authtoken", "npmauthtoken"],
        pattern: r#"(?-u)(?:_authToken[ \t]*=[ \t]*|(?i:npmAuthToken)["']?[ \t]*:[ \t]*)["']?(?P<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b"#,
        validate: None,
        min_entropy: 3.0,
        what: "a legacy (UUID-shaped) npm auth token written as `_authToken=` in an `.npmrc` or `npmAuthToken:` in a `.yarnrc.yml`: publish and install rights of the account on that registry",
        rotate: "List the account's tokens with `npm token list`, revoke this one with `npm token revoke ID` (or on npmjs.com → Access Tokens), and replace it with a granular `npm_` token kept out of the repository (`_authToken=${NPM_TOKEN}`)",
        example: "//registry.npmjs.org/:_authToken=4f9c…",
        fixed: "//registry.npmjs.org/:_authToken=${NPM_TOKEN}",
        fires: [
            "registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=584ae803-8e0a-42e0-a2e7-f43ef1dd8858\n",
            "npmRegistries:\n  \"https://npm.acme.io\":\n    npmAlwaysAuth: true\n    npmAuthToken: \"82bd7028-04f8-4b62-a288-c2032cc20edc\"\n",
        ],
        clean: [
            "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n",
            "//registry.npmjs.org/:_authToken=00000000-0000-0000-0000-000000000000\n",
            "request_id=56937f51-f46c-4c11-a8d5-bbf3a5fae620\n",
        ],
    },
    detector! {
        id: "FG2074",
        slug: "npm-basic-auth",
        title: "npm registry basic-auth credentials (_auth)",
        provider: "npm",
        severity: High,
        keywords: ["_auth"],
        pattern: r#"(?-u)(?:(?m:^)|[\s:;])_auth[ \t]*=[ \t]*["']?(?P<secret>[A-Za-z0-9+/]{8,}={0,2})(?:[^A-Za-z0-9+/=]|(?m:$))"#,
        validate: Some(checksums::base64_basic_auth),
        min_entropy: 3.0,
        what: "an `_auth=` setting in an `.npmrc` whose value decodes to `user:password`: the registry account's password in reversible form",
        rotate: "Change the account's password at the registry (npmjs.com, Artifactory, Nexus, Verdaccio …), and configure a token instead (`_authToken=${NPM_TOKEN}`); for npmjs.com also revoke the tokens listed by `npm token list`",
        example: "//npm.acme.io/:_auth=ZGVwbG95…",
        fixed: "//npm.acme.io/:_authToken=${NPM_TOKEN}",
        fires: [
            "registry=https://npm.acme.io/\n_auth=ZGVwbG95OkoyR25uV1N1RG44SVVBR21WY2tV\nalways-auth=true\n",
            "//npm.acme.io/repository/npm-private/:_auth=\"Y2ktYm90OjdreWVVdmxZeE1hSHNHdXQ=\"\n",
        ],
        clean: [
            "_auth=anVzdGF0b2tlbndpdGhvdXR1c2Vy\n",
            "_auth=Y2k6Y2hhbmdlbWU=\n",
            "_auth=${NPM_AUTH}\n",
        ],
    },
    detector! {
        id: "FG2075",
        slug: "pypi-upload-token",
        title: "PyPI API token",
        provider: "PyPI",
        severity: High,
        keywords: ["pypi-AgEIcHlwaS5vcmc"],
        pattern: r"(?-u)\b(?P<secret>pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})",
        validate: Some(checksums::pypi_token),
        min_entropy: 4.0,
        what: "a PyPI API token (`pypi-` and a macaroon issued by `pypi.org`, whose structure is verified): it uploads new releases of the account's projects, or of the one project it is scoped to",
        rotate: "Delete it on pypi.org (Account settings → API tokens → Options → Remove token); PyPI also revokes tokens it is told about by GitHub secret scanning. Replace it with a project-scoped token or, better, trusted publishing (OIDC) from CI, and check the project's release history",
        example: "password = pypi-AgEIcHlwaS5vcmc…",
        fixed: "# trusted publishing: pypa/gh-action-pypi-publish with `id-token: write`",
        fires: [
            "[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmcCMHF9EY1xyrnerrM9lI205dkHf_99nerI4lOSGjEWWAOA8hzhGkFz8mMa6qDSmUJAhwACJXsidmVyc2lvbiI6IDEsICJwZXJtaXNzaW9ucyI6ICJ1c2VyIn0AAAYgTRUA0MmqOB8TVEb-8OMK2UHEGiOUOav0hRwdDIAOjAU\n",
            "      - run: twine upload dist/*\n        env:\n          TWINE_PASSWORD: pypi-AgEIcHlwaS5vcmcCMCQBmlxFNlQ92pA0HmfPSkvttmUrkwFnDOC9BvFeNFKQzTnl3MsH86NKBRBo4fmofwACJXsidmVyc2lvbiI6IDEsICJwZXJtaXNzaW9ucyI6ICJ1c2VyIn0AAAYgwJNmTilWMcQzudbxQAiBElGxql6Fr3lquRJmRJFUJpQ\n",
        ],
        clean: [
            "password = pypi-AgEIcHlwaS5vcmcCMLunJ3kg23YaK69wMNKIcDVoj-9jzjsOsrdm9UcKIJv2VZy-JifTDn0uRXn\n",
            "password = pypi-AgEIcHlwaS5vcmcEMH7zmjOcCXiXMBj6t9mODdglvTEEMwJ8RyuJDnqsMEgRIEOXV22khMZBJHj2UcJ5tQACJXsidmVyc2lvbiI6IDEsICJwZXJtaXNzaW9ucyI6ICJ1c2VyIn0AAAYgStcmillygm1VAfqkeHVS6kwb0Dx1pFy8RjFOwDyYqVo\n",
            "password = pypi-AgEIcHlwaS5vcmc<rest-of-token>\n",
            "password = pypi-AgENdGVzdC5weXBpLm9yZwIwBUu5xPg76xFwvOUAoQfiCYx5R00pkFWB9333NTxPUH56vcX1IGcEDogRVLuokO_DAAIleyJ2ZXJzaW9uIjogMSwgInBlcm1pc3Npb25zIjogInVzZXIifQAABiC8UR2vzLK3BnyOrRYia_ZSTEFkooj4cQLldtXqHiLi0w\n",
        ],
    },
    detector! {
        id: "FG2076",
        slug: "testpypi-upload-token",
        title: "TestPyPI API token",
        provider: "PyPI",
        severity: Medium,
        keywords: ["pypi-AgENdGVzdC5weXBpLm9yZw"],
        pattern: r"(?-u)\b(?P<secret>pypi-AgENdGVzdC5weXBpLm9yZw[A-Za-z0-9_-]{50,})",
        validate: Some(checksums::testpypi_token),
        min_entropy: 4.0,
        what: "a TestPyPI API token (`pypi-` and a macaroon issued by `test.pypi.org`, whose structure is verified): uploads to the test index only, but test.pypi.org accounts often share names and habits with the real ones",
        rotate: "Delete it on test.pypi.org (Account settings → API tokens → Options → Remove token) and use trusted publishing for test uploads too",
        example: "password = pypi-AgENdGVzdC5weXBpLm9yZw…",
        fixed: "# trusted publishing with repository-url: https://test.pypi.org/legacy/",
        fires: [
            "[testpypi]\nrepository = https://test.pypi.org/legacy/\nusername = __token__\npassword = pypi-AgENdGVzdC5weXBpLm9yZwIwSlMnrgXb3aP6DtwPJxVQVU7ptE4R6vnUa-hKiOrokpUeXJ-S6SfNWv2Ot7wJzXCHAAIleyJ2ZXJzaW9uIjogMSwgInBlcm1pc3Npb25zIjogInVzZXIifQAABiAPwp8djzujgNuITZnzyQ1BY-bROV8H9yFtjs6aOzJF5w\n",
            "TWINE_PASSWORD=pypi-AgENdGVzdC5weXBpLm9yZwIwGTZ76Jqs72daS1nSp8_rzVZrowFzWXsvwtm6f4m5sZhg9EODDze9fBsv2fCfybjiAAIleyJ2ZXJzaW9uIjogMSwgInBlcm1pc3Npb25zIjogInVzZXIifQAABiAlgHpPH4XOOzmXY_X0rMJMv_jNgXWcGfxQ9g7DOu98eg twine upload -r testpypi dist/*\n",
        ],
        clean: [
            "password = pypi-AgENdGVzdC5weXBpLm9yZwIw8VgFm6HzpXgleSMVo3ov24dEjIlpq47i17zg00_tutWKFYePQjJ\n",
            "password = pypi-AgENdGVzdC5weXBpLm9yZwYwzYaQ2rdk1txyDchXNu1VfclFvMOOZoAV3JXSNHfenqbUTv7zWR6T1FWPXsuDFslhAAIleyJ2ZXJzaW9uIjogMSwgInBlcm1pc3Npb25zIjogInVzZXIifQAABiAciPR29CgW0MGq12bmVYLfezrDSPxoDmknVOlwEWLSoA\n",
            "password = pypi-AgEIcHlwaS5vcmcCMFKC8d04hs1GIsyU4tvPUXpOOM9k53oa0arLpPy4nBIyiN6rYAtbErmu3N8DihyO0gACJXsidmVyc2lvbiI6IDEsICJwZXJtaXNzaW9ucyI6ICJ1c2VyIn0AAAYgIZYkNRhWJPeb8sQDeFeo_PPtpZtaAG458dBzroOlVN4\n",
        ],
    },
    detector! {
        id: "FG2077",
        slug: "rubygems-api-key",
        title: "RubyGems API key",
        provider: "RubyGems",
        severity: High,
        keywords: ["rubygems_"],
        pattern: r"(?-u)\b(?P<secret>rubygems_[a-f0-9]{48})\b",
        validate: None,
        min_entropy: 3.5,
        what: "a RubyGems.org API key (`rubygems_` and 48 hex digits): with the push scope it releases new versions of the owner's gems",
        rotate: "Delete it on rubygems.org (Settings → API keys → Delete), create a new key with only the scopes and gems it needs and MFA required, or use trusted publishing from CI; check the gems' version history",
        example: ":rubygems_api_key: rubygems_…",
        fixed: "# GEM_HOST_API_KEY from a CI secret, or rubygems trusted publishing",
        fires: [
            "---\n:rubygems_api_key: rubygems_6c77c3c9444ac455c1ca1a0b8951c656729cfa884cf8562b\n",
            "GEM_HOST_API_KEY=rubygems_1c37ca19899bde3ed476a1eda110d130da745d4aea94564c gem push acme-1.2.0.gem\n",
        ],
        clean: [
            "GEM_HOST_API_KEY=rubygems_e6c8092fabcb8086cf01391a3ac1e73bfb4b0f904c5ffc8\n",
            "rubygems_version: 3.4.10\n",
            "GEM_HOST_API_KEY=rubygems_000000000000000000000000000000000000000000000000\n",
        ],
    },
    detector! {
        id: "FG2078",
        slug: "nuget-api-key",
        title: "NuGet.org API key",
        provider: "NuGet",
        severity: High,
        keywords: ["oy2"],
        pattern: r"(?-u)\b(?P<secret>oy2[a-z0-9]{43})\b",
        validate: None,
        min_entropy: 4.0,
        what: "a NuGet.org API key (`oy2` and 43 lower-case characters): it pushes or unlists packages matching its glob pattern",
        rotate: "On nuget.org (account → API Keys) regenerate or delete the key; create a new one with an expiry, the push scope only and a package glob as narrow as possible, or use trusted publishing; check the packages' version history",
        example: "dotnet nuget push *.nupkg --api-key oy2… --source https://api.nuget.org/v3/index.json",
        fixed: "dotnet nuget push *.nupkg --api-key \"$NUGET_API_KEY\" --source https://api.nuget.org/v3/index.json",
        fires: [
            "dotnet nuget push bin/Release/Acme.Core.1.4.0.nupkg --api-key oy2ydkdmju1zpqfv78u4438d5cfya545za667kqs45bnol --source https://api.nuget.org/v3/index.json\n",
            "env:\n  NUGET_API_KEY: oy2mrn2yznq337sbd56anu0gs7sphwv73542ni3ek2cmbs\n",
        ],
        clean: [
            "NUGET_API_KEY: oy2t9uqo4fdld1kg8iakpzj6tb8rhgf7kez0n889egwdh\n",
            "NUGET_API_KEY: oy2Z1w1JMde8QJp7uSJc4tntuaICCv44ty6wmcWLqMI2AH\n",
            "NUGET_API_KEY: toy2l4qvljhadid2ijlfdceiixo1677m9bcvyrcjoscb3bs\n",
        ],
    },
    detector! {
        id: "FG2079",
        slug: "docker-hub-personal-access-token",
        title: "Docker Hub personal access token",
        provider: "Docker Hub",
        severity: High,
        keywords: ["dckr_pat_"],
        pattern: r"(?-u)\b(?P<secret>dckr_pat_[A-Za-z0-9_-]{24,64})(?:[^A-Za-z0-9_-]|(?m:$))",
        validate: None,
        min_entropy: 4.0,
        what: "a Docker Hub personal access token (`dckr_pat_`): it pulls private images and, with write scope, pushes images that everyone deploying them will run",
        rotate: "Delete it on Docker Hub (Account settings → Personal access tokens → the token → Delete) and create a new one with read-only scope where possible; check the repositories' tags for pushes you did not make",
        example: "echo dckr_pat_… | docker login -u acme --password-stdin",
        fixed: "echo \"$DOCKERHUB_TOKEN\" | docker login -u acme --password-stdin",
        fires: [
            "echo dckr_pat_6157qfJix1Wuedk1jxd_yyyeiL5 | docker login -u acmebuild --password-stdin\n",
            "DOCKERHUB_TOKEN=dckr_pat_Yde3c_1tvXD89eNHN-H0V5SaOUW\n",
        ],
        clean: [
            "DOCKERHUB_TOKEN=dckr_pat_wdX1zRUJXpEQ6nDnYTyQ\n",
            "DOCKERHUB_TOKEN=dckr_pat_<token>\n",
            "DOCKERHUB_TOKEN=dckr_pat_xxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
        ],
    },
    detector! {
        id: "FG2080",
        slug: "docker-hub-organization-access-token",
        title: "Docker Hub organization access token",
        provider: "Docker Hub",
        severity: High,
        keywords: ["dckr_oat_"],
        pattern: r"(?-u)\b(?P<secret>dckr_oat_[A-Za-z0-9_-]{24,64})(?:[^A-Za-z0-9_-]|(?m:$))",
        validate: None,
        min_entropy: 4.0,
        what: "a Docker Hub organization access token (`dckr_oat_`): pulls and pushes on the organization's repositories it was granted",
        rotate: "An organization owner deletes it on Docker Hub (the organization → Settings → Access tokens) and creates a new one limited to the repositories and actions it needs",
        example: "DOCKER_PASSWORD=dckr_oat_…",
        fixed: "DOCKER_PASSWORD=${{ secrets.DOCKERHUB_OAT }}",
        fires: [
            "DOCKER_PASSWORD=dckr_oat_7CDmE__WeCteWj6vWLEaaAZS8pOePMD7\n",
            "docker login -u acme -p dckr_oat_TMgFuauhjF55rYiptj72PAruEAqb9hlM\n",
        ],
        clean: [
            "DOCKER_PASSWORD=dckr_oat_rD-wnpMJyfdZaGjn\n",
            "DOCKER_PASSWORD=${{ secrets.DOCKERHUB_OAT }}\n",
            "DOCKER_PASSWORD=dckr_oat_<organization-token>\n",
        ],
    },
    detector! {
        id: "FG2081",
        slug: "docker-registry-auth",
        title: "Registry credentials in a Docker config.json",
        provider: "Docker",
        severity: High,
        keywords: ["auths"],
        pattern: r#"(?s-u)"auths"[ \t]*:[ \t]*\{.{0,600}?"auth"[ \t]*:[ \t]*"(?P<secret>[A-Za-z0-9+/]{8,}={0,2})""#,
        validate: Some(checksums::base64_basic_auth),
        min_entropy: 3.0,
        what: "an `auth` entry of a Docker `config.json` or a Kubernetes `.dockerconfigjson` whose value decodes to `user:password`: the registry password or token in reversible form",
        rotate: "Change the password or revoke the token at the registry (Docker Hub access tokens, `gcloud`/`aws ecr` credentials, GitLab deploy tokens, Artifactory …) and log in again with a credential helper (`credsStore`) instead of a plain `auth` entry; for Kubernetes recreate the pull secret from a secret store",
        example: "{\"auths\": {\"registry.acme.io\": {\"auth\": \"ZGVwbG95…\"}}}",
        fixed: "{\"credsStore\": \"desktop\"}",
        fires: [
            "{\n  \"auths\": {\n    \"registry.acme.io\": {\n      \"auth\": \"ZGVwbG95OlJYazh0Zk8wUG1VNEFqeUFQd1FwMHFVbQ==\"\n    }\n  }\n}\n",
            "stringData:\n  .dockerconfigjson: '{\"auths\":{\"ghcr.io\":{\"username\":\"acme-bot\",\"auth\":\"YWNtZS1ib3Q6ekc3dVZuYjJ1TUROVkJGZ3U1SGpHb3BjS011SjRm\"}}}'\n",
        ],
        clean: [
            "{\"auths\": {\"https://index.docker.io/v1/\": {}}, \"credsStore\": \"desktop\"}\n",
            "{\"auths\": {\"registry.acme.io\": {\"auth\": \"bm8tY29sb24taW4taGVyZQ==\"}}}\n",
            "{\"auths\": {\"registry.acme.io\": {\"auth\": \"dXNlcjpwYXNzd29yZA==\"}}}\n",
        ],
    },
    detector! {
        id: "FG2082",
        slug: "artifactory-api-key",
        title: "JFrog Artifactory API key",
        provider: "JFrog",
        severity: High,
        keywords: ["AKCp"],
        pattern: r"(?-u)\b(?P<secret>AKCp[A-Za-z0-9]{69})\b",
        validate: None,
        min_entropy: 4.0,
        what: "a JFrog Artifactory API key (`AKCp` and 69 characters): it reads and deploys artifacts with its user's permissions (API keys are deprecated by JFrog in favour of access tokens)",
        rotate: "In the JFrog Platform (Edit Profile → API Key → Revoke, or an administrator under User Management) revoke the key, and move the client to a scoped, expiring access or reference token (Administration → User Management → Access Tokens)",
        example: "<password>AKCp…</password>",
        fixed: "<password>${env.ARTIFACTORY_TOKEN}</password>",
        fires: [
            "<server>\n  <id>acme-releases</id>\n  <username>ci</username>\n  <password>AKCpJU1uGSO5RmHNHjMatD03eTTUoNTnY46vos5gvW1rXeyrFQeelJTGyn0wXHUBCt2wpjmVM</password>\n</server>\n",
            "curl -H \"X-JFrog-Art-Api: AKCpJeimipt98lZKiB0qTUqQ3bGA4rNYXu4oPzQL2hbFarZO1t45PRkCGUZq73XeiAngc9fez\" -T app.jar https://acme.jfrog.io/artifactory/libs-release/app.jar\n",
        ],
        clean: [
            "<password>AKCppYIA6YYsr1LDCbBtJ3tQG2HgYKix5FP5P4Zhcg6rdi8GGlIqPyYgHgyFeIidf0VRWJb0</password>\n",
            "<password>${env.ARTIFACTORY_API_KEY}</password>\n",
            "<password>MAKCpAQeYNcVvLBHAIuWGAhxVfoF0ncdgnn2fMQyQVKKsFpJEe7jzvH3jwkkXdXWysJyZxw8iZ</password>\n",
        ],
    },
    detector! {
        id: "FG2083",
        slug: "jfrog-reference-token",
        title: "JFrog reference token",
        provider: "JFrog",
        severity: High,
        keywords: ["cmVmdGtu"],
        pattern: r"(?-u)\b(?P<secret>cmVmdGtuOjAxOj[A-Za-z0-9+/]{40,}={0,2})",
        validate: Some(checksums::jfrog_reference_token),
        min_entropy: 4.0,
        what: "a JFrog Platform reference token (base64 of `reftkn:01:…`, whose decoded structure is verified): the short form of an access token, with its user's or group's permissions",
        rotate: "Revoke it in the JFrog Platform (Administration → User Management → Access Tokens → Revoke, or Edit Profile for your own) or with `jf atc --revoke`; create a replacement with an expiry and the narrowest scope",
        example: "JFROG_ACCESS_TOKEN=cmVmdGtuOjAxOj…",
        fixed: "JFROG_ACCESS_TOKEN=${JFROG_ACCESS_TOKEN}  # or OIDC integration from CI",
        fires: [
            "JFROG_ACCESS_TOKEN=cmVmdGtuOjAxOjE3NjcyMjU2MDA6d2EyOWY1RDBPODNuODVTTkpmMUpUYkFSOHFH\n",
            "//acme.jfrog.io/artifactory/api/npm/npm-virtual/:_authToken=cmVmdGtuOjAxOjE3NjcyMjU2MDA6Z1NYR3NJRGgyS2p0Z0ZidHpKUUJZZElqM1A1\n",
        ],
        clean: [
            "JFROG_ACCESS_TOKEN=cmVmdGtuOjAxOjE3NjcyMjU2MDA6d2l0aCBzcGFjZXMgaW5zaWRlIGl0LCBub3QgYSB0b2tlbg==\n",
            "JFROG_ACCESS_TOKEN=cmVmdGtuOjAx\n",
            "JFROG_ACCESS_TOKEN=${JFROG_ACCESS_TOKEN}\n",
        ],
    },
    detector! {
        id: "FG2084",
        slug: "crates-io-api-token",
        title: "crates.io API token",
        provider: "crates.io",
        severity: High,
        keywords: ["cio"],
        pattern: r"(?-u)\b(?P<secret>cio[A-Za-z0-9]{32})\b",
        validate: Some(checksums::has_upper_and_lower),
        min_entropy: 4.0,
        what: "a crates.io API token (`cio` and 32 random characters): with the publish scopes it releases new versions of the owner's crates",
        rotate: "Revoke it on crates.io (Account settings → API Tokens → Revoke), create a new token with an expiry, the `publish-update` scope and a crate pattern, or use trusted publishing from CI; `cargo login` stores the new one outside the repository. Check the crates' version history",
        example: "[registry]\ntoken = \"cio…\"",
        fixed: "# CARGO_REGISTRY_TOKEN from a CI secret, or crates.io trusted publishing",
        fires: [
            "[registry]\ntoken = \"cioiNpfOMOqTTdmlIkwOcMXvwop3FrDMvgZ\"\n",
            "      - run: cargo publish\n        env:\n          CARGO_REGISTRY_TOKEN: cio9i0LYLHEhzl1J29f0P9Dy1FT2ayXKahp\n",
        ],
        clean: [
            "CARGO_REGISTRY_TOKEN=ciof0QbBlUXMsIZSYFIarbcLtNejwZlKgH\n",
            "let name = \"ciogbofeyjxqgkdum736sfhjfq2nvllirhf\";\n",
            "CARGO_REGISTRY_TOKEN=cioXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\n",
        ],
    },
    detector! {
        id: "FG2085",
        slug: "clojars-deploy-token",
        title: "Clojars deploy token",
        provider: "Clojars",
        severity: High,
        keywords: ["CLOJARS_"],
        pattern: r"(?-u)\b(?P<secret>CLOJARS_[a-f0-9]{60})\b",
        validate: None,
        min_entropy: 3.5,
        what: "a Clojars deploy token (`CLOJARS_` and 60 hex digits): it deploys new versions of the account's or group's libraries",
        rotate: "Disable it on clojars.org (Dashboard → Deploy tokens → Disable) and create a new token scoped to one group or artifact; check the artifacts' version history",
        example: ":password \"CLOJARS_…\"",
        fixed: ":password :env/clojars_password",
        fires: [
            "{:deploy-repositories [[\"clojars\" {:url \"https://repo.clojars.org\" :username \"acme\" :password \"CLOJARS_b03954e9282226fd62fc35c0dbbc2c5d186392580a353c9e8d5f1aaf7dd3\"}]]}\n",
            "CLOJARS_PASSWORD=CLOJARS_385cd9018ba5ea8a5a7b3581d964e1b572cc1132f3a001f300ff051c2071\n",
        ],
        clean: [
            "CLOJARS_USERNAME=acme\nCLOJARS_PASSWORD=$CLOJARS_TOKEN\n",
            "CLOJARS_PASSWORD=CLOJARS_b3579a73ac5a241e3f6e8ccd79c76d0450a9834af0f0c2d02fb4bfa5643\n",
            "CLOJARS_PASSWORD=CLOJARS_000000000000000000000000000000000000000000000000000000000000\n",
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::DETECTORS;
    use crate::secrets::detector::{compile, reference_matches};

    /// For each detector, in order: the secret each of its `fires` fixtures was written to hold.
    const EXPECTED: &[(&str, &[&str])] = &[
        ("FG2072", &["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", "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"]),
        ("FG2073", &["584ae803-8e0a-42e0-a2e7-f43ef1dd8858", "82bd7028-04f8-4b62-a288-c2032cc20edc"]),
        ("FG2074", &["ZGVwbG95OkoyR25uV1N1RG44SVVBR21WY2tV", "Y2ktYm90OjdreWVVdmxZeE1hSHNHdXQ="]),
        ("FG2075", &["pypi-AgEIcHlwaS5vcmcCMHF9EY1xyrnerrM9lI205dkHf_99nerI4lOSGjEWWAOA8hzhGkFz8mMa6qDSmUJAhwACJXsidmVyc2lvbiI6IDEsICJwZXJtaXNzaW9ucyI6ICJ1c2VyIn0AAAYgTRUA0MmqOB8TVEb-8OMK2UHEGiOUOav0hRwdDIAOjAU", "pypi-AgEIcHlwaS5vcmcCMCQBmlxFNlQ92pA0HmfPSkvttmUrkwFnDOC9BvFeNFKQzTnl3MsH86NKBRBo4fmofwACJXsidmVyc2lvbiI6IDEsICJwZXJtaXNzaW9ucyI6ICJ1c2VyIn0AAAYgwJNmTilWMcQzudbxQAiBElGxql6Fr3lquRJmRJFUJpQ"]),
        ("FG2076", &["pypi-AgENdGVzdC5weXBpLm9yZwIwSlMnrgXb3aP6DtwPJxVQVU7ptE4R6vnUa-hKiOrokpUeXJ-S6SfNWv2Ot7wJzXCHAAIleyJ2ZXJzaW9uIjogMSwgInBlcm1pc3Npb25zIjogInVzZXIifQAABiAPwp8djzujgNuITZnzyQ1BY-bROV8H9yFtjs6aOzJF5w", "pypi-AgENdGVzdC5weXBpLm9yZwIwGTZ76Jqs72daS1nSp8_rzVZrowFzWXsvwtm6f4m5sZhg9EODDze9fBsv2fCfybjiAAIleyJ2ZXJzaW9uIjogMSwgInBlcm1pc3Npb25zIjogInVzZXIifQAABiAlgHpPH4XOOzmXY_X0rMJMv_jNgXWcGfxQ9g7DOu98eg"]),
        ("FG2077", &["rubygems_6c77c3c9444ac455c1ca1a0b8951c656729cfa884cf8562b", "rubygems_1c37ca19899bde3ed476a1eda110d130da745d4aea94564c"]),
        ("FG2078", &["oy2ydkdmju1zpqfv78u4438d5cfya545za667kqs45bnol", "oy2mrn2yznq337sbd56anu0gs7sphwv73542ni3ek2cmbs"]),
        ("FG2079", &["dckr_pat_6157qfJix1Wuedk1jxd_yyyeiL5", "dckr_pat_Yde3c_1tvXD89eNHN-H0V5SaOUW"]),
        ("FG2080", &["dckr_oat_7CDmE__WeCteWj6vWLEaaAZS8pOePMD7", "dckr_oat_TMgFuauhjF55rYiptj72PAruEAqb9hlM"]),
        ("FG2081", &["ZGVwbG95OlJYazh0Zk8wUG1VNEFqeUFQd1FwMHFVbQ==", "YWNtZS1ib3Q6ekc3dVZuYjJ1TUROVkJGZ3U1SGpHb3BjS011SjRm"]),
        ("FG2082", &["AKCpJU1uGSO5RmHNHjMatD03eTTUoNTnY46vos5gvW1rXeyrFQeelJTGyn0wXHUBCt2wpjmVM", "AKCpJeimipt98lZKiB0qTUqQ3bGA4rNYXu4oPzQL2hbFarZO1t45PRkCGUZq73XeiAngc9fez"]),
        ("FG2083", &["cmVmdGtuOjAxOjE3NjcyMjU2MDA6d2EyOWY1RDBPODNuODVTTkpmMUpUYkFSOHFH", "cmVmdGtuOjAxOjE3NjcyMjU2MDA6Z1NYR3NJRGgyS2p0Z0ZidHpKUUJZZElqM1A1"]),
        ("FG2084", &["cioiNpfOMOqTTdmlIkwOcMXvwop3FrDMvgZ", "cio9i0LYLHEhzl1J29f0P9Dy1FT2ayXKahp"]),
        ("FG2085", &["CLOJARS_b03954e9282226fd62fc35c0dbbc2c5d186392580a353c9e8d5f1aaf7dd3", "CLOJARS_385cd9018ba5ea8a5a7b3581d964e1b572cc1132f3a001f300ff051c2071"]),
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
