"""Files encrypted with the replica's key: the laptop's attachment bytes at rest.

The replica is SQLCipher-encrypted; the attachment files beside it hold the same customer
data (photos of a shop, a signed delivery note), so they are encrypted with a key derived
from the replica key (HKDF-SHA256), never stored anywhere.

A sealed file is a header followed by fixed-size records, each with its own random nonce
and AES-GCM tag, so a reader decrypts only the record(s) that cover the byte range it
wants: memory stays at one record whatever the file's size, and an upload resumed at any
offset reads from there. Each record's associated data binds the header (format, record
size, plaintext size, a random file id), the file's content address (the SHA-256 of the
plaintext) and the record's index, so a record moved, dropped, swapped with another
file's, or a file truncated or renamed to another hash fails its check (``SealedFileDamaged``).

Layout: ``MAGIC`` (8) | record size (4, big-endian) | plaintext size (8) | file id (16),
then records ``nonce (12) | ciphertext | tag (16)``; every record but the last holds
``record size`` plaintext bytes.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"FSSEAL1\x00"
RECORD_BYTES = 1024 * 1024
_HEADER = struct.Struct(">8sIQ16s")
HEADER_BYTES = _HEADER.size
NONCE_BYTES = 12
TAG_BYTES = 16


class SealedFileDamaged(Exception):
    """A sealed file that fails its check: altered, truncated, or not sealed with this key.

    The message (English, with the path) is for the log; people see ``ui.errors``' sentence
    for ``code``, the same as for a damaged file refused when attaching.
    """

    code = "file_damaged"

    def __init__(self, path: Path, reason: str):
        super().__init__(
            f"the attachment file {path} is damaged or was altered ({reason}); it is not used. "
            "Attach the file again, or ask support to restore it from the server."
        )
        self.path = path


def _kdf(ikm: bytes, info: bytes, salt: bytes | None = None) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(ikm)


def files_key(replica_key: str) -> bytes:
    """The attachment files' master key: derived from the replica key, so one keyring entry opens both."""
    return _kdf(replica_key.encode(), b"fieldsales attachment files v1")


def _file_cipher(master: bytes, file_id: bytes) -> AESGCM:
    # A key per file (salted by its random id): random nonces never meet across files.
    return AESGCM(_kdf(master, b"fieldsales attachment file", salt=file_id))


def _aad(header: bytes, sha256: str, index: int) -> bytes:
    return header + sha256.encode() + struct.pack(">Q", index)


def is_sealed(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(len(MAGIC)) == MAGIC


def seal_to(out: BinaryIO, data: bytes, sha256: str, master: bytes) -> None:
    """Write ``data`` sealed to ``out`` (the whole file)."""
    file_id = os.urandom(16)
    header = _HEADER.pack(MAGIC, RECORD_BYTES, len(data), file_id)
    cipher = _file_cipher(master, file_id)
    out.write(header)
    view = memoryview(data)
    for index, start in enumerate(range(0, max(len(data), 1), RECORD_BYTES)):
        nonce = os.urandom(NONCE_BYTES)
        out.write(nonce)
        out.write(
            cipher.encrypt(nonce, bytes(view[start : start + RECORD_BYTES]), _aad(header, sha256, index))
        )


class SealedReader:
    """A read-only, seekable view of a sealed file's plaintext, one record in memory at a time."""

    def __init__(self, path: Path, sha256: str, master: bytes):
        self.path, self.sha256 = Path(path), sha256
        self._f = open(self.path, "rb")
        try:
            self._header = self._f.read(HEADER_BYTES)
            if len(self._header) < HEADER_BYTES:
                raise SealedFileDamaged(self.path, "shorter than its header")
            magic, self._record, self.size, file_id = _HEADER.unpack(self._header)
            if magic != MAGIC or not self._record:
                raise SealedFileDamaged(self.path, "not a sealed attachment file")
            records = max(1, -(-self.size // self._record))
            expected = HEADER_BYTES + records * (NONCE_BYTES + TAG_BYTES) + self.size
            if os.fstat(self._f.fileno()).st_size != expected:
                raise SealedFileDamaged(self.path, "its length does not match its header")
            self._cipher = _file_cipher(master, file_id)
        except BaseException:
            self._f.close()
            raise
        self._pos = 0
        self._cached: tuple[int, bytes] | None = None
        self._buffer: bytearray | None = None

    def _decrypt(self, index: int) -> bytes:
        length = min(self._record, self.size - index * self._record)
        self._f.seek(HEADER_BYTES + index * (self._record + NONCE_BYTES + TAG_BYTES))
        # Read into one buffer kept for the file's records and decrypt from a view of it:
        # the record's only copy is the plaintext AES-GCM returns.
        wanted = NONCE_BYTES + length + TAG_BYTES
        if self._buffer is None or len(self._buffer) < wanted:
            self._buffer = bytearray(wanted)
        view = memoryview(self._buffer)[:wanted]
        got = self._f.readinto(view)
        try:
            if got != wanted:
                raise InvalidTag
            return self._cipher.decrypt(
                bytes(view[:NONCE_BYTES]), view[NONCE_BYTES:], _aad(self._header, self.sha256, index)
            )
        except InvalidTag:
            raise SealedFileDamaged(self.path, f"record {index} fails its check") from None
        finally:
            view.release()

    def _plain_record(self, index: int) -> bytes:
        if self._cached and self._cached[0] == index:
            return self._cached[1]
        plain = self._decrypt(index)
        self._cached = (index, plain)
        return plain

    def pieces(self, offset: int, n: int) -> Iterator[bytes | memoryview]:
        """The plaintext from ``offset``, at most ``n`` bytes, record by record: each piece is
        one record's decrypted bytes (or a view of it), never joined into one string, so a
        4 MiB upload chunk goes to the socket without a copy (``sync.uploads``). Does not
        move the position ``read`` uses."""
        end = min(self.size, offset + n)
        while offset < end:
            index, within = divmod(offset, self._record)
            plain = self._plain_record(index)
            take = min(len(plain) - within, end - offset)
            yield plain if within == 0 and take == len(plain) else memoryview(plain)[within : within + take]
            offset += take

    def seek(self, offset: int) -> int:
        self._pos = max(0, offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def read(self, n: int = -1) -> bytes:
        n = self.size - self._pos if n < 0 else n
        pieces = list(self.pieces(self._pos, n))
        self._pos += sum(len(p) for p in pieces)
        if len(pieces) == 1 and isinstance(pieces[0], bytes):
            return pieces[0]
        return b"".join(pieces)

    def close(self) -> None:
        self._f.close()

    def __enter__(self) -> SealedReader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
