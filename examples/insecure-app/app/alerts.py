"""Posts an alert to the on-call channel when the worker falls behind."""

import json
import urllib.request

# Planted: an incoming-webhook URL is a credential (anyone holding it can post). Fake.
SLACK_WEBHOOK_URL = "https://hooks.slack.com/services/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"


def alert(text: str) -> None:
    body = json.dumps({"text": text}).encode()
    request = urllib.request.Request(
        SLACK_WEBHOOK_URL, data=body, headers={"content-type": "application/json"}
    )
    urllib.request.urlopen(request, timeout=5)
