"""The filesystem blob store on its own: a chunk's running hash is trusted only over the
bytes it was taken over, and a chunk whose write fails is dropped cleanly (real files; a
real RLIMIT_FSIZE in a child process stands in for a full disk)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap

import pytest

from server.blobs import FileSystemBlobStore, HashMismatch


def test_a_partial_rebuilt_while_a_chunk_streams_is_still_verified_by_its_bytes(tmp_path):
    # Laptop A's second chunk starts streaming on top of its first; meanwhile the partial is
    # dropped (a hash mismatch, check-blobs) and laptop B rebuilds it to the same length with
    # other bytes. The hash A's chunk continued is not the hash of what is now on disk.
    store = FileSystemBlobStore(tmp_path)
    data = os.urandom(200_000)
    sha, half = hashlib.sha256(data).hexdigest(), 100_000
    store.write_chunk(sha, 0, data[:half])
    stalled = store.begin_chunk(sha, half)
    stalled.write(data[half:])
    store.remove(sha, partial=True)
    damaged = bytes(b ^ 0xFF for b in data[:half])
    store.write_chunk(sha, 0, damaged)
    assert stalled.commit() == len(data)
    stalled.discard()
    with pytest.raises(HashMismatch):
        store.finish(sha)
    assert store.size(sha) is None and store.received(sha) == 0


def test_a_partial_removed_and_rebuilt_elsewhere_is_verified_by_its_bytes(tmp_path):
    # The same, with the partial rebuilt behind this process's back (another server process):
    # its running hash must not outlive the partial it was taken over.
    store = FileSystemBlobStore(tmp_path)
    data = os.urandom(200_000)
    sha, half = hashlib.sha256(data).hexdigest(), 100_000
    store.write_chunk(sha, 0, data[:half])
    store.remove(sha, partial=True)
    (tmp_path / "partial" / f"{sha}.part").write_bytes(bytes(b ^ 0xFF for b in data[:half]))
    assert store.write_chunk(sha, half, data[half:]) == len(data)
    with pytest.raises(HashMismatch):
        store.finish(sha)


def test_an_upload_in_order_still_finishes_and_a_resumed_one_too(tmp_path):
    store = FileSystemBlobStore(tmp_path)
    data = os.urandom(300_000)
    sha = hashlib.sha256(data).hexdigest()
    for at in range(0, len(data), 100_000):
        store.write_chunk(sha, at, data[at : at + 100_000])
    store.finish(sha)
    assert b"".join(store.open(sha)) == data
    other = os.urandom(300_000)
    osha = hashlib.sha256(other).hexdigest()
    store.write_chunk(osha, 0, other[:100_000])
    FileSystemBlobStore(tmp_path).write_chunk(osha, 100_000, other[100_000:])  # a restart between
    store.write_chunk(osha, 100_000, other[100_000:])  # a replay changes nothing
    store.finish(osha)
    assert b"".join(store.open(osha)) == other


def test_a_chunk_cut_by_a_full_disk_is_discarded_without_raising_and_leaves_nothing(tmp_path):
    # ``discard`` runs in receive_chunk's ``finally``: if it raised, the 503 the route built
    # would become a 500, and the chunk file would stay behind.
    script = textwrap.dedent(
        f"""
        import json, resource, signal
        from pathlib import Path
        from server.blobs import FileSystemBlobStore
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        store = FileSystemBlobStore(Path({str(tmp_path)!r}))
        chunk = store.begin_chunk("a" * 64, 0)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20000, resource.RLIM_INFINITY))
        out = {{"write_failed": False, "discard_raised": None}}
        try:
            for _ in range(100):
                chunk.write(b"x" * 1448)  # pieces as a slow link delivers them
        except OSError:
            out["write_failed"] = True
        try:
            chunk.discard()
        except OSError as e:
            out["discard_raised"] = repr(e)
        out["left"] = sorted(p.name for p in (Path({str(tmp_path)!r}) / "partial").iterdir())
        print(json.dumps(out))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["write_failed"]
    assert out["discard_raised"] is None
    assert out["left"] == []
