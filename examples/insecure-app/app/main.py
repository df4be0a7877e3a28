"""A URL shortener: POST /links stores a URL, GET /<code> redirects to it."""

import os
import secrets

import psycopg2
import redis
from flask import Flask, abort, jsonify, redirect, request

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]

cache = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://localhost:6379/0"))


def db():
    return psycopg2.connect(os.environ["DATABASE_URL"])


# Migrations at start-up, inside the web process (planted: belongs in the release phase).
with db() as conn, conn.cursor() as cur:
    cur.execute(
        "CREATE TABLE IF NOT EXISTS links (code TEXT PRIMARY KEY, url TEXT NOT NULL)"
    )


@app.post("/links")
def create_link():
    url = (request.get_json(silent=True) or {}).get("url")
    if not url:
        abort(400)
    code = secrets.token_urlsafe(6)
    with db() as conn, conn.cursor() as cur:
        cur.execute("INSERT INTO links (code, url) VALUES (%s, %s)", (code, url))
    cache.set(code, url, ex=3600)
    return jsonify(code=code), 201


@app.get("/<code>")
def follow(code):
    url = cache.get(code)
    if url is None:
        with db() as conn, conn.cursor() as cur:
            cur.execute("SELECT url FROM links WHERE code = %s", (code,))
            row = cur.fetchone()
        if row is None:
            abort(404)
        url = row[0]
        cache.set(code, url, ex=3600)
    return redirect(url if isinstance(url, str) else url.decode())


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "8000")))
