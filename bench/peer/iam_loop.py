#!/usr/bin/env python3
"""The boto3 loop a user writes to list every IAM access key with its last use (issue 24, item 6).

For each account, one after another: AssumeRole into it (as nhiscan does), ListUsers (paginated),
then per user ListAccessKeys + GetAccessKeyLastUsed per key, ListSSHPublicKeys,
ListSigningCertificates, ListServiceSpecificCredentials and GetLoginProfile (NoSuchEntity = no
password). --threads 1 walks the users one at a time; --threads N spreads an account's users over a
ThreadPoolExecutor sharing one IAM client (boto3 clients are thread-safe, sessions are not).

Retries: boto3's default is legacy mode with 5 attempts
(https://docs.aws.amazon.com/boto3/latest/guide/retries.html), which gives up after five throttled
attempts in a row: at a per-account limit with 8 threads, about one attempt in twelve is throttled.
So this uses standard mode (the retry rules shared by the AWS SDKs, same exponential backoff with
jitter, capped at 20 s) with 10 attempts: the smallest change that makes giving up under
throttling practically impossible. A call that still fails, or fails with anything but
throttling, ends the run with a non-zero exit: the output never says "no keys" for a call that did
not answer.

Usage: iam_loop.py --endpoint URL --account ID[:ROLE] ... --threads N --out FILE
                   [--retry-mode legacy|standard|adaptive] [--max-attempts N]
Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY; region us-east-1.
Writes one JSON line per access key ({accountId, accessKeyId, lastUsedDate}: ISO 8601 UTC or
null when never used), then one {"summary": {...}} line with calls, attempts and wall time.
"""

import argparse
import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timezone

import boto3
import botocore
from botocore.config import Config
from botocore.exceptions import ClientError

REGION = "us-east-1"


class Counters:
    """HTTP attempts (retries included) and completed API calls, across threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self.attempts = 0
        self.calls = 0

    def on_send(self, **_):
        with self._lock:
            self.attempts += 1

    def on_call(self, **_):
        with self._lock:
            self.calls += 1

    def watch(self, client):
        client.meta.events.register("before-send", self.on_send)
        client.meta.events.register("after-call", self.on_call)
        return client


def iso_utc(value):
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def paginate(client, operation, key, **params):
    for page in client.get_paginator(operation).paginate(**params):
        yield from page.get(key, [])


def account_client(args, counters, account_id, role_name):
    retries = {"mode": args.retry_mode, "max_attempts": args.max_attempts}
    config = Config(region_name=REGION, retries=retries, max_pool_connections=max(10, args.threads))
    session = boto3.session.Session(region_name=REGION)
    if role_name:
        sts = counters.watch(session.client("sts", endpoint_url=args.endpoint, config=config))
        issued = sts.assume_role(
            RoleArn=f"arn:aws:iam::{account_id}:role/{role_name}",
            RoleSessionName="iam-loop",
            DurationSeconds=3600,
        )["Credentials"]
        session = boto3.session.Session(
            aws_access_key_id=issued["AccessKeyId"],
            aws_secret_access_key=issued["SecretAccessKey"],
            aws_session_token=issued["SessionToken"],
            region_name=REGION,
        )
    return counters.watch(session.client("iam", endpoint_url=args.endpoint, config=config))


def read_user(iam, account_id, user_name):
    """One user's credentials; raises on any failed call except GetLoginProfile's NoSuchEntity."""
    keys = []
    for key in paginate(iam, "list_access_keys", "AccessKeyMetadata", UserName=user_name):
        last_used = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
        date = last_used.get("LastUsedDate")
        keys.append(
            {
                "accountId": account_id,
                "accessKeyId": key["AccessKeyId"],
                "lastUsedDate": iso_utc(date) if date else None,
            }
        )
    list(paginate(iam, "list_ssh_public_keys", "SSHPublicKeys", UserName=user_name))
    list(paginate(iam, "list_signing_certificates", "Certificates", UserName=user_name))
    iam.list_service_specific_credentials(UserName=user_name)
    try:
        iam.get_login_profile(UserName=user_name)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") != "NoSuchEntity":
            raise
    return keys


def scan(args, counters):
    found = []
    users = 0
    for account in args.account:
        account_id, _, role_name = account.partition(":")
        iam = account_client(args, counters, account_id, role_name)
        names = [user["UserName"] for user in paginate(iam, "list_users", "Users")]
        users += len(names)
        if args.threads == 1:
            for name in names:
                found.extend(read_user(iam, account_id, name))
        else:
            pool = ThreadPoolExecutor(max_workers=args.threads)
            try:
                # map() re-raises the first failure when its result is reached; the users not
                # started yet are then dropped, and the run fails.
                for keys in pool.map(lambda name: read_user(iam, account_id, name), names):
                    found.extend(keys)
            finally:
                pool.shutdown(cancel_futures=True)
    return found, users


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--account", action="append", required=True, help="ID or ID:ROLE")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", required=True)
    parser.add_argument("--retry-mode", default="standard", choices=["legacy", "standard", "adaptive"])
    parser.add_argument("--max-attempts", type=int, default=10)
    args = parser.parse_args()
    if args.threads < 1:
        parser.error("--threads must be at least 1")
    counters = Counters()
    started = time.monotonic()
    found, users = scan(args, counters)
    wall = time.monotonic() - started
    summary = {
        "threads": args.threads,
        "accounts": len(args.account),
        "users": users,
        "accessKeys": len(found),
        "calls": counters.calls,
        "attempts": counters.attempts,
        "retries": counters.attempts - counters.calls,
        "wallSeconds": round(wall, 3),
        "retryMode": args.retry_mode,
        "maxAttempts": args.max_attempts,
        "boto3": boto3.__version__,
        "botocore": botocore.__version__,
        "python": sys.version.split()[0],
    }
    with open(args.out, "w", encoding="utf-8") as out:
        for key in found:
            out.write(json.dumps(key) + "\n")
        out.write(json.dumps({"summary": summary}) + "\n")


if __name__ == "__main__":
    main()
